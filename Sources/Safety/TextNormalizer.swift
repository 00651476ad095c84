/// One clause of normalised text: lowercase, diacritic-folded words with contractions expanded.
///
/// Clauses end at `. ! ? ;` and at the contrastive conjunctions "but", "however", "though", "although",
/// "pero", "aunque", "sin embargo" (NegEx/ConText termination terms). Commas, colons, dashes and brackets
/// do not split a clause; they are remembered in `commaBefore` because they end negation and
/// hypothetical scopes.
struct Clause: Sendable {
    var words: [String]
    /// `commaBefore[i]` is true when a soft break (comma, dash, colon, bracket) stood between word i-1 and word i.
    var commaBefore: [Bool]
    var endsWithQuestion: Bool
}

/// Deterministic text normalisation shared by every detector in `Safety`.
///
/// - lowercases; folds Latin diacritics (á→a, é→e, ü→u …) but keeps ñ; an accented "sí" becomes "yes"
///   so that it is never read as the conditional "si";
/// - straightens apostrophes (’ ‘ ʼ ´ `) and drops quotes;
/// - splits words at hyphens and at digit/letter boundaries ("400mg" → "400 mg", "12th" → "12 th");
/// - expands contractions so negation has one spelling: "can't"/"cannot"/"cant" → "can not",
///   "won't" → "will not", "isn't" → "is not", "I'm" → "i am", "they're" → "they are", "gonna" → "going to";
///   "'s" stays a token of its own ("it's" → "it 's", "dog's" → "dog 's");
/// - drops disfluencies (um, uh, er, hmm …).
enum TextNormalizer {
    /// Normalises and splits text into clauses.
    static func clauses(_ text: String) -> [Clause] {
        var scanner = Scanner()
        scanner.run(text)
        return scanner.finish()
    }

    /// All normalised words, ignoring clause structure (for pattern literals and protected terms).
    static func words(_ text: String) -> [String] {
        var scanner = Scanner()
        scanner.splitsClauses = false
        scanner.run(text)
        return scanner.finish().flatMap(\.words)
    }

    // MARK: - Scanner

    private struct Scanner {
        var splitsClauses = true
        var clauses: [Clause] = []
        var words: [String] = []
        var commas: [Bool] = []
        var pendingComma = false
        var word = String.UnicodeScalarView()
        var wordHadAccentedI = false   // for "sí"
        var wordKind: CharKind = .none

        enum CharKind { case none, letter, digit }

        mutating func run(_ text: String) {
            var previousWasDigit = false
            let scalars = Array(text.unicodeScalars)
            var i = 0
            while i < scalars.count {
                let s = scalars[i]
                let v = s.value
                // Fast path: ASCII.
                if v < 0x80 {
                    switch v {
                    case 0x41...0x5A: appendLetter(Unicode.Scalar(v + 32)!)
                    case 0x61...0x7A: appendLetter(s)
                    case 0x30...0x39: appendDigit(s)
                    case 0x27, 0x60: // ' `
                        appendApostrophe()
                    case 0x2E: // .
                        // a decimal point inside a number stays in the word ("2.5")
                        if previousWasDigit, i + 1 < scalars.count, (0x30...0x39).contains(scalars[i + 1].value) {
                            word.append(s)
                        } else {
                            endClause(question: false)
                        }
                    case 0x21: endClause(question: false)   // !
                    case 0x3F: endClause(question: true)    // ?
                    case 0x3B: endClause(question: false)   // ;
                    case 0x2C, 0x3A, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D:  // , : ( ) [ ] { }
                        softBreak()
                    case 0x2D, 0x2F, 0x5F: // - / _ : split words, no soft break
                        endWord()
                    default:
                        endWord()
                    }
                    previousWasDigit = (0x30...0x39).contains(v)
                    i += 1
                    continue
                }
                previousWasDigit = false
                switch v {
                case 0x2019, 0x2018, 0x02BC, 0x00B4, 0x2032: appendApostrophe()
                case 0x2026: endClause(question: false)                    // …
                case 0x00BF, 0x00A1: endWord()                             // ¿ ¡ open a sentence
                case 0x2013, 0x2014, 0x2015: softBreak()                   // – — ―
                case 0x201C, 0x201D, 0x00AB, 0x00BB: endWord()             // quotes
                default:
                    if let folded = Self.fold(v) {
                        if folded == "í" { wordHadAccentedI = true; appendLetter("i") }
                        else { appendLetter(folded) }
                    } else if s.properties.isAlphabetic {
                        for l in s.properties.lowercaseMapping.unicodeScalars { appendLetter(l) }
                    } else if s.properties.numericType != nil {
                        appendDigit(s)
                    } else if s.properties.isWhitespace {
                        endWord()
                    } else {
                        endWord()
                    }
                }
                i += 1
            }
            endWord()
        }

        /// Folds Latin-1 and common Latin Extended-A letters; nil when not handled here.
        /// Returns "í" as a marker so that "sí" can be told from "si".
        static func fold(_ v: UInt32) -> Unicode.Scalar? {
            switch v {
            case 0xC0...0xC5, 0xE0...0xE5, 0x100...0x105: return "a"
            case 0xC7, 0xE7, 0x106...0x10D: return "c"
            case 0xC8...0xCB, 0xE8...0xEB, 0x112...0x11B: return "e"
            case 0xCD, 0xED: return "í"
            case 0xCC, 0xCE, 0xCF, 0xEC, 0xEE, 0xEF, 0x128...0x131: return "i"
            case 0xD1, 0xF1: return "ñ"
            case 0xD2...0xD6, 0xD8, 0xF2...0xF6, 0xF8, 0x14C...0x151: return "o"
            case 0xD9...0xDC, 0xF9...0xFC, 0x168...0x173: return "u"
            case 0xDD, 0xFD, 0xFF: return "y"
            case 0xDF: return "s"
            default: return nil
            }
        }

        mutating func appendLetter(_ s: Unicode.Scalar) {
            if wordKind == .digit { endWord() }
            wordKind = .letter
            word.append(s)
        }

        mutating func appendDigit(_ s: Unicode.Scalar) {
            if wordKind == .letter { endWord() }
            wordKind = .digit
            word.append(s)
        }

        mutating func appendApostrophe() {
            // Only inside a word; leading apostrophes (quotes) are dropped.
            if wordKind == .letter { word.append("'") }
        }

        mutating func softBreak() {
            endWord()
            pendingComma = true
        }

        mutating func endClause(question: Bool) {
            endWord()
            guard splitsClauses else { pendingComma = true; return }
            flushClause(question: question)
        }

        mutating func flushClause(question: Bool) {
            if !words.isEmpty {
                clauses.append(Clause(words: words, commaBefore: commas, endsWithQuestion: question))
            } else if question, !clauses.isEmpty {
                clauses[clauses.count - 1].endsWithQuestion = true
            }
            words.removeAll(keepingCapacity: true)
            commas.removeAll(keepingCapacity: true)
            pendingComma = false
        }

        mutating func endWord() {
            defer { word = String.UnicodeScalarView(); wordKind = .none; wordHadAccentedI = false }
            guard !word.isEmpty else { return }
            var w = String(word)
            // trailing apostrophes (closing quotes, "dogs'")
            while w.hasSuffix("'") { w.removeLast() }
            if w.isEmpty { return }
            if wordHadAccentedI && w == "si" { emit("yes"); return }
            if Self.disfluencies.contains(w) { return }
            if let expansion = Self.expansions[w] {
                for e in expansion { emit(e) }
                return
            }
            if w.count > 3, w.hasSuffix("n't") {
                emit(String(w.dropLast(3))); emit("not"); return
            }
            if w.count > 2, let apo = w.lastIndex(of: "'") {
                let base = String(w[..<apo])
                let suffix = String(w[apo...])
                switch suffix {
                case "'re": emit(base); emit("are"); return
                case "'ve": emit(base); emit("have"); return
                case "'ll": emit(base); emit("will"); return
                case "'m": emit(base); emit("am"); return
                case "'d": emit(base); emit("'d"); return
                case "'s": emit(base); emit("'s"); return
                default: break
                }
            }
            emit(w)
        }

        mutating func emit(_ w: String) {
            if splitsClauses, Self.clauseBreakers.contains(w) {
                flushClause(question: false)
                return
            }
            if splitsClauses, w == "embargo", words.last == "sin" {   // "sin embargo"
                words.removeLast(); commas.removeLast()
                flushClause(question: false)
                return
            }
            words.append(w)
            commas.append(pendingComma)
            pendingComma = false
        }

        mutating func finish() -> [Clause] {
            endWord()
            flushClause(question: false)
            return clauses
        }

        static let clauseBreakers: Set<String> = ["but", "however", "though", "although", "pero", "aunque"]

        static let disfluencies: Set<String> = ["um", "umm", "uhm", "uh", "uhh", "erm", "hmm", "hm", "mm", "mmm", "ah", "eh"]

        static let expansions: [String: [String]] = [
            "can't": ["can", "not"], "cant": ["can", "not"], "cannot": ["can", "not"],
            "won't": ["will", "not"], "wont": ["will", "not"],
            "ain't": ["is", "not"], "aint": ["is", "not"], "shan't": ["shall", "not"],
            "don't": ["do", "not"], "dont": ["do", "not"], "doesnt": ["does", "not"], "didnt": ["did", "not"],
            "isnt": ["is", "not"], "wasnt": ["was", "not"], "werent": ["were", "not"], "arent": ["are", "not"],
            "havent": ["have", "not"], "hasnt": ["has", "not"], "hadnt": ["had", "not"],
            "couldnt": ["could", "not"], "wouldnt": ["would", "not"], "shouldnt": ["should", "not"],
            "i'm": ["i", "am"], "im": ["i", "am"], "ive": ["i", "have"], "youre": ["you", "are"],
            "theyre": ["they", "are"], "thats": ["that", "'s"], "theres": ["there", "'s"], "whats": ["what", "'s"],
            "gonna": ["going", "to"], "wanna": ["want", "to"], "gotta": ["got", "to"], "kinda": ["kind", "of"],
            "hafta": ["have", "to"], "outta": ["out", "of"], "lemme": ["let", "me"], "dunno": ["do", "not", "know"],
            "gimme": ["give", "me"], "tryna": ["trying", "to"],
        ]
    }
}
