import FrontDeskCore

/// One token of caller text.
///
/// `original` keeps the caller's spelling and capitalisation (so names keep theirs), `lower` is its
/// lower-case form with apostrophes straightened, and `folded` additionally drops diacritics
/// ("Mañana" → "mañana" → "manana").
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Letters (possibly with in-word apostrophes/hyphens: "O'Brien", "seventy-nine").
        case word
        /// Contains a digit: "3", "16th", "10:30", "3/16/2026", "555-0142", "+1".
        case number
        /// A single punctuation mark kept as its own token: , . ? ! ; : ( ) - /
        case punct
    }
    public let original: String
    public let lower: String
    public let folded: String
    public let kind: Kind
    /// The original starts with an upper-case letter.
    public let isCapitalized: Bool

    public init(original: String, lower: String, folded: String, kind: Kind, isCapitalized: Bool) {
        self.original = original; self.lower = lower; self.folded = folded; self.kind = kind
        self.isCapitalized = isCapitalized
    }

    /// A sentence-ending mark: . ? ! ;
    public var isSentenceBreak: Bool {
        kind == .punct && (folded == "." || folded == "?" || folded == "!" || folded == ";")
    }
    /// Any punctuation that ends a clause (sentence breaks, commas, colons, parentheses, dashes).
    public var isClauseBreak: Bool { kind == .punct }
}

/// Normalised caller text, tokenised once and shared by every extractor.
///
/// Tokenisation rules: whitespace separates; , . ? ! ; : ( ) become their own tokens, except inside
/// numbers ("10:30", "3/16/2026", "312.555.0142", "555-0142"); apostrophes inside words stay
/// ("I'm", "O'Brien", "o'clock"); hyphens between letters or digits stay ("seventy-nine",
/// "07-12-84"); "a.m."/"p.m." become "am"/"pm"; a number glued to letters is split ("3pm" → "3", "pm")
/// unless the letters are an ordinal suffix ("16th").
public struct NormalizedText: Sendable {
    public let raw: String
    public let tokens: [Token]
    /// `tokens.map(\.folded)` joined by single spaces (punctuation tokens included).
    public let folded: String
    /// Whether the text carries capitalisation information (not all lower- or all upper-case), so that
    /// capitalised words can be taken as proper names.
    public let isCased: Bool

    /// Per-token features for the grammars (numbers, weekdays, months, lexicon ids), computed once.
    let features: [TokenFeatures]

    public init(_ raw: String) {
        self.raw = raw
        let toks = TextNormalizer.tokenize(raw)
        self.tokens = toks
        var buf: [UInt8] = []
        buf.reserveCapacity(raw.utf8.count + toks.count + 8)
        var capitalizedNonInitial = false, hasLowercase = false
        var sentenceStart = true
        for (i, t) in toks.enumerated() {
            if i > 0 { buf.append(32) }
            buf.append(contentsOf: t.folded.utf8)
            if t.kind == .punct { if t.isSentenceBreak { sentenceStart = true }; continue }
            if t.kind == .word {
                if t.isCapitalized && !sentenceStart && t.folded != "i" && !t.folded.hasPrefix("i'") { capitalizedNonInitial = true }
                if !hasLowercase && t.original.utf8.contains(where: { $0 >= 97 && $0 <= 122 }) { hasLowercase = true }
            }
            sentenceStart = false
        }
        self.folded = String(decoding: buf, as: UTF8.self)
        // Capitals at sentence starts say nothing; neither does all-caps or all-lower text.
        self.isCased = capitalizedNonInitial && hasLowercase
        self.features = TimeGrammar.shared.features(toks)
    }

    public var count: Int { tokens.count }
    public var isEmpty: Bool { tokens.isEmpty }
    /// Folded forms, one per token.
    public var foldedWords: [String] { tokens.map(\.folded) }

    /// Whole-word phrase match on folded tokens ("I'm new" matches "Hi, i’m NEW here").
    public func contains(phrase: String) -> Bool { firstIndex(of: Phrase(phrase)) != nil }
    /// Whole-word match of a pre-tokenised phrase (cheaper when matching the same phrase many times).
    public func contains(_ phrase: Phrase) -> Bool { firstIndex(of: phrase) != nil }
    /// True when any of the phrases occurs.
    public func containsAny(_ phrases: [Phrase]) -> Bool { phrases.contains { firstIndex(of: $0) != nil } }
    /// True when a single folded word occurs as a token.
    public func contains(word: String) -> Bool {
        let w = TextNormalizer.fold(word)
        return tokens.contains { $0.folded == w }
    }

    /// Token index where `phrase` starts, searching from `start`.
    public func firstIndex(of phrase: Phrase, from start: Int = 0) -> Int? {
        let p = phrase.words
        guard !p.isEmpty, p.count <= tokens.count, start <= tokens.count - p.count else { return nil }
        var i = max(0, start)
        let last = tokens.count - p.count
        outer: while i <= last {
            if tokens[i].folded == p[0] {
                var k = 1
                while k < p.count {
                    if tokens[i + k].folded != p[k] { i += 1; continue outer }
                    k += 1
                }
                return i
            }
            i += 1
        }
        return nil
    }

    /// Every token index where `phrase` starts.
    public func indices(of phrase: Phrase) -> [Int] {
        var out: [Int] = []
        var from = 0
        while let i = firstIndex(of: phrase, from: from) { out.append(i); from = i + 1 }
        return out
    }

    /// The original text of tokens `range`, joined with single spaces (punctuation attached to the left).
    public func originalText(_ range: Range<Int>) -> String {
        var s = ""
        for i in range {
            let t = tokens[i]
            if !s.isEmpty && !(t.kind == .punct && t.folded != "(" && t.folded != "-") { s.append(" ") }
            s.append(t.original)
        }
        return s
    }
}

/// A phrase tokenised once with the same rules as caller text; match it with `NormalizedText.contains(_:)`.
public struct Phrase: Sendable, Hashable {
    public let words: [String]
    public init(_ text: String) { words = TextNormalizer.tokenize(text).map(\.folded) }
}

/// Lower-casing, apostrophe straightening, diacritic folding and the tokenizer.
public enum TextNormalizer {
    /// Lower-case, straighten apostrophes and drop diacritics: "Miércoles" → "miercoles", "I’m" → "i'm".
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for c in s.unicodeScalars { appendFolded(c, to: &out) }
        return String(out)
    }

    @inline(__always) static func isApostrophe(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x27, 0x2019, 0x2018, 0x02BC, 0x60, 0xB4: return true
        default: return false
        }
    }
    @inline(__always) static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    @inline(__always) static func isLetter(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 128 { return (v >= 65 && v <= 90) || (v >= 97 && v <= 122) }
        return c.properties.isAlphabetic || c.properties.generalCategory == .nonspacingMark
    }

    /// Lower-case and fold one scalar into `out`.
    static func appendFolded(_ c: Unicode.Scalar, to out: inout String.UnicodeScalarView) {
        let v = c.value
        if v < 128 {
            out.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : c)
            return
        }
        if isApostrophe(c) { out.append("'"); return }
        if c.properties.generalCategory == .nonspacingMark { return } // combining accents (NFD input)
        var l = c
        if c.properties.isUppercase, let f = c.properties.lowercaseMapping.unicodeScalars.first { l = f }
        switch l.value {
        case 0xE0...0xE5, 0x101, 0x103, 0x105: out.append("a")
        case 0xE6: out.append("a"); out.append("e")
        case 0xE7, 0x107, 0x109, 0x10B, 0x10D: out.append("c")
        case 0xE8...0xEB, 0x113, 0x115, 0x117, 0x119, 0x11B: out.append("e")
        case 0xEC...0xEF, 0x129, 0x12B, 0x12D, 0x12F, 0x131: out.append("i")
        case 0xF1, 0x144, 0x146, 0x148: out.append("n")
        case 0xF2...0xF6, 0xF8, 0x14D, 0x14F, 0x151: out.append("o")
        case 0xF9...0xFC, 0x169, 0x16B, 0x16D, 0x16F, 0x171, 0x173: out.append("u")
        case 0xFD, 0xFF: out.append("y")
        case 0xDF: out.append("s"); out.append("s")
        case 0x15B, 0x15D, 0x15F, 0x161: out.append("s")
        case 0x17A, 0x17C, 0x17E: out.append("z")
        case 0x11F: out.append("g")
        case 0x142: out.append("l")
        case 0x159: out.append("r")
        case 0x165: out.append("t")
        case 0x10F: out.append("d")
        case 0x153: out.append("o"); out.append("e")
        default: out.append(l)
        }
    }

    static let ordinalSuffixes: Set<String> = ["st", "nd", "rd", "th"]

    /// Split caller text into tokens (see `NormalizedText`).
    public static func tokenize(_ raw: String) -> [Token] {
        var copy = raw
        return copy.withUTF8 { tokenize(bytes: $0) }
    }

    /// Byte classes for the tokenizer.
    private enum CharClass { case digit, letter, apostrophe, hyphen, dash, ellipsis, space, other, ascii }

    /// Decode the scalar at `i` (UTF-8); returns the scalar value and its byte length.
    @inline(__always) private static func decode(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c0 = UInt32(b[i])
        if c0 < 0x80 { return (c0, 1) }
        let n = b.count
        if c0 < 0xE0, i + 1 < n { return (((c0 & 0x1F) << 6) | (UInt32(b[i + 1]) & 0x3F), 2) }
        if c0 < 0xF0, i + 2 < n { return (((c0 & 0x0F) << 12) | ((UInt32(b[i + 1]) & 0x3F) << 6) | (UInt32(b[i + 2]) & 0x3F), 3) }
        if i + 3 < n {
            return (((c0 & 0x07) << 18) | ((UInt32(b[i + 1]) & 0x3F) << 12) | ((UInt32(b[i + 2]) & 0x3F) << 6) | (UInt32(b[i + 3]) & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    @inline(__always) private static func classify(_ v: UInt32) -> CharClass {
        if v < 0x80 {
            if v >= 48 && v <= 57 { return .digit }
            if (v >= 65 && v <= 90) || (v >= 97 && v <= 122) { return .letter }
            if v == 0x27 || v == 0x60 { return .apostrophe }
            if v == 0x2D { return .hyphen }
            if v == 32 || (v >= 9 && v <= 13) { return .space }
            return .ascii
        }
        switch v {
        case 0x2019, 0x2018, 0x02BC, 0xB4: return .apostrophe
        case 0x2010, 0x2011, 0x2012, 0x2013: return .hyphen
        case 0x2014, 0x2015: return .dash
        case 0x2026: return .ellipsis
        case 0xA0, 0x2000...0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF: return .space
        case 0xC0...0x24F where v != 0xD7 && v != 0xF7: return .letter
        case 0x300...0x36F: return .letter // combining marks stay inside their word
        case 0x80...0xBF, 0xD7, 0xF7, 0x2016...0x206F: return .other
        default:
            guard let u = Unicode.Scalar(v) else { return .other }
            return u.properties.isAlphabetic ? .letter : .other
        }
    }

    static func tokenize(bytes b: UnsafeBufferPointer<UInt8>) -> [Token] {
        let n = b.count
        var tokens: [Token] = []
        tokens.reserveCapacity(n / 4 + 2)
        var cur: [UInt8] = []
        cur.reserveCapacity(32)
        var hasDigit = false, hasLetter = false, nonASCII = false
        var lastWasDigit = false, lastWasLetter = false

        func emitPunct(_ c: UInt8) {
            let str = String(UnicodeScalar(c))
            tokens.append(Token(original: str, lower: str, folded: str, kind: .punct, isCapitalized: false))
        }
        func makeToken(_ bytes: ArraySlice<UInt8>, digit: Bool, nonASCII: Bool) {
            let original = String(decoding: bytes, as: UTF8.self)
            let first = bytes.first!
            if !nonASCII {
                var needsLower = false
                for c in bytes where c >= 65 && c <= 90 { needsLower = true; break }
                let lower = needsLower ? String(decoding: bytes.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self) : original
                tokens.append(Token(original: original, lower: lower, folded: lower, kind: digit ? .number : .word,
                                    isCapitalized: first >= 65 && first <= 90))
            } else {
                let lower = original.lowercased()
                let cap = first < 0x80 ? (first >= 65 && first <= 90) : (original.unicodeScalars.first?.properties.isUppercase ?? false)
                tokens.append(Token(original: original, lower: lower, folded: fold(lower), kind: digit ? .number : .word,
                                    isCapitalized: cap))
            }
        }
        func flush() {
            while let l = cur.last, l == 0x27 || l == 0x2D { cur.removeLast() } // "dogs'"
            guard !cur.isEmpty else { hasDigit = false; hasLetter = false; nonASCII = false; return }
            if hasDigit && hasLetter && !nonASCII, let f = cur.first, (f >= 48 && f <= 57) || f == 0x2B {
                // "3pm" → "3" "pm"; "16th" stays.
                if let k = cur.firstIndex(where: { ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }),
                   cur[k...].allSatisfy({ ($0 | 0x20) >= 97 && ($0 | 0x20) <= 122 }) {
                    let suffix = String(decoding: cur[k...].map { $0 | 0x20 }, as: UTF8.self)
                    if !ordinalSuffixes.contains(suffix) {
                        makeToken(cur[..<k], digit: true, nonASCII: false)
                        makeToken(cur[k...], digit: false, nonASCII: false)
                        cur.removeAll(keepingCapacity: true); hasDigit = false; hasLetter = false; nonASCII = false
                        return
                    }
                }
            }
            makeToken(cur[...], digit: hasDigit, nonASCII: nonASCII)
            cur.removeAll(keepingCapacity: true); hasDigit = false; hasLetter = false; nonASCII = false
        }
        @inline(__always) func peek(_ j: Int) -> (UInt32, CharClass) {
            guard j < n else { return (0, .space) }
            let (v, _) = decode(b, j)
            return (v, classify(v))
        }

        var i = 0
        while i < n {
            let (v, len) = decode(b, i)
            let cls = classify(v)
            switch cls {
            case .digit:
                cur.append(b[i]); hasDigit = true; lastWasDigit = true; lastWasLetter = false
            case .letter:
                for k in 0..<len { cur.append(b[i + k]) }
                if len > 1 { nonASCII = true }
                hasLetter = true; lastWasLetter = true; lastWasDigit = false
            case .apostrophe:
                let (_, nc) = peek(i + len)
                if !cur.isEmpty && lastWasLetter && nc == .letter {
                    cur.append(0x27); lastWasLetter = false
                } else if cur.isEmpty && nc == .digit {
                    cur.append(0x27) // '84
                } else {
                    flush()
                }
            case .hyphen:
                let (_, nc) = peek(i + len)
                if !cur.isEmpty && ((lastWasDigit && nc == .digit) || (lastWasLetter && nc == .letter)) {
                    cur.append(0x2D); lastWasDigit = false; lastWasLetter = false
                } else {
                    flush(); emitPunct(0x2D)
                }
            case .dash:
                flush(); emitPunct(0x2D)
            case .ellipsis:
                flush(); emitPunct(0x2E)
            case .space:
                flush()
            case .other:
                flush()
            case .ascii:
                let c = b[i]
                let (nv, nc) = peek(i + 1)
                switch c {
                case 0x2F, 0x3A: // / :
                    if !cur.isEmpty && lastWasDigit && nc == .digit { cur.append(c); lastWasDigit = false }
                    else { flush(); emitPunct(c) }
                case 0x2E: // .
                    if !cur.isEmpty && lastWasDigit && nc == .digit {
                        cur.append(c); lastWasDigit = false
                    } else if cur.count == 1, let f = cur.first, (f | 0x20) == 0x61 || (f | 0x20) == 0x70, nv == 0x6D || nv == 0x4D {
                        // a.m. / p.m.
                        cur.append(b[i + 1]); hasLetter = true
                        i += 2
                        if i < n && b[i] == 0x2E { i += 1 }
                        flush()
                        continue
                    } else {
                        flush(); emitPunct(c)
                    }
                case 0x2B: // +
                    if cur.isEmpty && nc == .digit { cur.append(c) } else { flush() }
                case 0x2C, 0x3F, 0x21, 0x3B, 0x28, 0x29: // , ? ! ; ( )
                    flush(); emitPunct(c)
                default:
                    flush() // quotes, symbols
                }
            }
            i += len
        }
        flush()
        return tokens
    }
}
