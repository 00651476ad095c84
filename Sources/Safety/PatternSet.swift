/// A tiny phrase-pattern language over normalised word sequences, compiled once.
///
/// Syntax (words are normalised with `TextNormalizer`, so write them as people say them):
///
/// | form | meaning |
/// | --- | --- |
/// | `chest` | the word "chest" |
/// | `pain\|pains\|ache` | any one of these words |
/// | `(can not\|unable to) breathe` | any one of these word sequences, then "breathe" |
/// | `word?`, `(a\|the)?`, `(in the)?` | optional |
/// | `~3` | up to 3 words of anything (never across a clause) |
/// | `@pet` | a named word class (see `Lexicon.classes`); combine: `@pet\|it` |
/// | `#` | a number ("400", "2.5"); `##` a number of 10 or more; `#year` 1900–2099 |
/// | `$` | end of clause, `^` start of clause |
/// | `a b \|\| c d` | two patterns with the same tag |
///
/// Contractions in patterns expand like caller text: write `can't` or `can not`, either matches both.
struct PatternSet<Tag: Sendable>: Sendable {
    struct Match: Sendable {
        var pattern: Int32
        var start: Int
        var end: Int
        var tag: Tag
    }

    private enum Element: Sendable {
        case words([Int32], optional: Bool)
        case gap(Int)
        case clauseEnd
        case clauseStart
    }

    private struct Compiled: Sendable {
        var elements: [Element]
        var tag: Tag
    }

    private var vocabulary: [String: Int32] = [:]
    private var patterns: [Compiled] = []
    /// First-word index: patterns whose first element can match word id `i`.
    private var index: [[Int32]] = []
    private var anchoredAtStart: [Int32] = []

    init(_ specs: [(String, Tag)], classes: [String: String] = [:]) {
        vocabulary["#"] = 0
        vocabulary["##"] = 1
        vocabulary["#year"] = 2
        var expandedClasses: [String: [[String]]] = [:]
        for (name, body) in classes {
            var seen = Set<[String]>()
            expandedClasses[name] = body.split(separator: "|").map { TextNormalizer.words(String($0)) }
                .filter { !$0.isEmpty && seen.insert($0).inserted }
        }
        for (whole, tag) in specs {
          for source in Self.splitAlternatives(whole) {
            let sequences = Self.parse(source, classes: expandedClasses)
            for seq in sequences { add(seq, tag: tag) }
          }
        }
        index = Array(repeating: [], count: vocabulary.count)
        for (i, p) in patterns.enumerated() {
            switch p.elements.first {
            case .words(let ids, _)?: for id in ids { index[Int(id)].append(Int32(i)) }
            case .clauseStart?: anchoredAtStart.append(Int32(i))
            default: preconditionFailure("pattern must start with a word")
            }
        }
    }

    var count: Int { patterns.count }

    /// Word ids for a clause (unknown words are -1, numbers share one id).
    func ids(_ words: [String]) -> [Int32] {
        words.map { w in
            if let id = vocabulary[w] { return id }
            if let f = w.unicodeScalars.first, f.value >= 0x30 && f.value <= 0x39 {
                // "#" matches any number, "##" numbers of 10 or more, "#year" 1900-2099.
                let v = Double(w) ?? 0
                if v >= 1900 && v < 2100 && !w.contains(".") { return 2 }
                return v >= 10 ? 1 : 0
            }
            return -1
        }
    }

    /// Every (pattern, start) that matches; for each start the shortest successful end.
    func matches(_ ids: [Int32]) -> [Match] {
        var out: [Match] = []
        for p in anchoredAtStart {
            if let e = match(patterns[Int(p)].elements, 0, ids, 0) { out.append(Match(pattern: p, start: 0, end: e, tag: patterns[Int(p)].tag)) }
        }
        for start in 0..<ids.count {
            let id = ids[start]
            guard id >= 0 else { continue }
            for p in index[Int(id)] {
                let pat = patterns[Int(p)]
                if let e = match(pat.elements, 1, ids, start + 1) {
                    out.append(Match(pattern: p, start: start, end: e, tag: pat.tag))
                }
            }
        }
        return out
    }

    private func match(_ els: [Element], _ ei: Int, _ ids: [Int32], _ pos: Int) -> Int? {
        if ei == els.count { return pos }
        switch els[ei] {
        case .words(let set, let optional):
            if pos < ids.count, Self.contains(set, ids[pos]), let e = match(els, ei + 1, ids, pos + 1) { return e }
            return optional ? match(els, ei + 1, ids, pos) : nil
        case .gap(let n):
            var j = 0
            while j <= n && pos + j <= ids.count {
                if let e = match(els, ei + 1, ids, pos + j) { return e }
                j += 1
            }
            return nil
        case .clauseEnd:
            return pos == ids.count ? match(els, ei + 1, ids, pos) : nil
        case .clauseStart:
            return pos == 0 ? match(els, ei + 1, ids, pos) : nil
        }
    }

    @inline(__always)
    private static func contains(_ set: [Int32], _ id: Int32) -> Bool {
        if id < 0 { return false }
        if set.count <= 12 {
            for x in set where x == id { return true }
            return false
        }
        var lo = 0, hi = set.count - 1
        while lo <= hi {
            let mid = (lo + hi) >> 1
            let v = set[mid]
            if v == id { return true }
            if v < id { lo = mid + 1 } else { hi = mid - 1 }
        }
        return false
    }

    // MARK: - Compilation

    /// A parsed element before interning: a set of alternative word sequences, or a marker.
    private enum Raw {
        case alternatives([[String]], optional: Bool)
        case gap(Int)
        case end
        case start
    }

    private mutating func intern(_ w: String) -> Int32 {
        if let id = vocabulary[w] { return id }
        let id = Int32(vocabulary.count)
        vocabulary[w] = id
        return id
    }

    private mutating func add(_ raw: [Raw], tag: Tag) {
        // Expand multi-word alternatives into separate flat patterns; single-word sets stay sets.
        var flats: [[Element]] = [[]]
        for r in raw {
            switch r {
            case .gap(let n): flats = flats.map { $0 + [.gap(n)] }
            case .end: flats = flats.map { $0 + [.clauseEnd] }
            case .start: flats = flats.map { $0 + [.clauseStart] }
            case .alternatives(let alts, let optional):
                if alts.allSatisfy({ $0.count == 1 }) {
                    let ids = Array(Set(alts.map { intern($0[0]) })).sorted()
                    flats = flats.map { $0 + [.words(ids, optional: optional)] }
                } else {
                    var next: [[Element]] = []
                    // group single-word alternatives together, multi-word ones separately
                    let singles = Array(Set(alts.filter { $0.count == 1 }.map { intern($0[0]) })).sorted()
                    var options: [[Element]] = []
                    if !singles.isEmpty { options.append([.words(singles, optional: false)]) }
                    for a in alts where a.count != 1 {
                        options.append(a.map { .words([intern($0)], optional: false) })
                    }
                    if optional { options.append([]) }
                    for f in flats { for o in options { next.append(f + o) } }
                    flats = next
                }
            }
        }
        for f in flats {
            for v in Self.leadingVariants(f) {
                patterns.append(Compiled(elements: v, tag: tag))
            }
        }
    }

    /// Makes every variant start with a required word (or `^`): a leading optional word yields
    /// one variant with it required and one without it.
    /// Splits "a b || c d" into separate pattern sources.
    private static func splitAlternatives(_ s: String) -> [String] {
        var out: [String] = []
        var cur: [Character] = []
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            if i + 3 < chars.count, chars[i] == " ", chars[i + 1] == "|", chars[i + 2] == "|", chars[i + 3] == " " {
                out.append(String(cur)); cur = []; i += 4; continue
            }
            cur.append(chars[i]); i += 1
        }
        out.append(String(cur))
        return out
    }

    private static func leadingVariants(_ f: [Element]) -> [[Element]] {
        guard let first = f.first else { return [] }
        switch first {
        case .words(let ids, true):
            var with = f; with[0] = .words(ids, optional: false)
            var rest = Array(f.dropFirst())
            while case .gap? = rest.first { rest.removeFirst() }   // a gap at the very start means nothing
            return [with] + leadingVariants(rest)
        case .words, .clauseStart: return [f]
        case .gap, .clauseEnd: preconditionFailure("pattern cannot start with a gap or $")
        }
    }

    private static func parse(_ source: String, classes: [String: [[String]]]) -> [[Raw]] {
        var out: [Raw] = []
        let chars = Array(source)
        var i = 0
        func skipSpaces() { while i < chars.count, chars[i] == " " { i += 1 } }
        while true {
            skipSpaces()
            guard i < chars.count else { break }
            // Markers stand alone.
            var j = i
            while j < chars.count, chars[j] != " " { j += 1 }
            let whole = String(chars[i..<j])
            if whole.hasPrefix("~"), let n = Int(whole.dropFirst()) { out.append(.gap(n)); i = j; continue }
            if whole == "$" { out.append(.end); i = j; continue }
            if whole == "^" { out.append(.start); i = j; continue }
            // An item: parts separated by "|", each a bare word or a "( … | … )" group; "?" at the end: optional.
            var alts: [[String]] = []
            var optional = false
            while i < chars.count, chars[i] != " " {
                if chars[i] == "(" {
                    guard let close = chars[i...].firstIndex(of: ")") else { preconditionFailure("unbalanced ( in \(source)") }
                    let body = String(chars[(i + 1)..<close])
                    precondition(!body.contains("("), "nested ( in \(source)")
                    for part in body.split(separator: "|") {
                        alts.append(contentsOf: expand(String(part), classes: classes, source: source))
                    }
                    i = close + 1
                } else {
                    var k = i
                    while k < chars.count, chars[k] != " ", chars[k] != "|", chars[k] != "(" { k += 1 }
                    var word = String(chars[i..<k])
                    i = k
                    if word.hasSuffix("?"), word.count > 1, i >= chars.count || chars[i] == " " {
                        optional = true; word.removeLast()
                    }
                    if !word.isEmpty { alts.append(contentsOf: expand(word, classes: classes, source: source)) }
                }
                if i < chars.count, chars[i] == "?" { optional = true; i += 1 }
                if i < chars.count, chars[i] == "|" { i += 1 }
            }
            precondition(!alts.isEmpty, "empty item in \(source)")
            out.append(.alternatives(alts, optional: optional))
        }
        return [out]
    }

    /// One alternative (possibly several words) into word sequences; `#`, `##`, `'s` and `@class` are kept.
    private static func expand(_ part: String, classes: [String: [[String]]], source: String) -> [[String]] {
        precondition(!part.contains("~") && !part.contains("$"), "a gap or $ cannot sit inside ( ) in \(source)")
        var seqs: [[String]] = [[]]
        for piece in part.split(separator: " ").map(String.init) {
            let options: [[String]]
            if piece == "#" || piece.first.map({ $0.isNumber }) == true { options = [["#"], ["##"], ["#year"]] }
            else if piece == "##" { options = [["##"], ["#year"]] }
            else if piece == "#year" { options = [["#year"]] }
            else if piece.hasPrefix("'") { options = [[piece]] }
            else if piece.hasPrefix("@") {
                guard let c = classes[String(piece.dropFirst())] else { preconditionFailure("unknown class \(piece) in \(source)") }
                options = c
            } else {
                let w = TextNormalizer.words(piece)
                precondition(!w.isEmpty, "empty word in \(source)")
                options = [w]
            }
            seqs = seqs.flatMap { s in options.map { s + $0 } }
        }
        precondition(seqs.allSatisfy { !$0.isEmpty }, "empty alternative in \(source)")
        return seqs
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
