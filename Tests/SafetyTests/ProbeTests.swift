import FrontDeskCore
@testable import Safety
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Test func probe() throws {
    guard let path = getenv("SAFETY_PROBE").map({ String(cString: $0) }), let f = fopen(path, "r") else { return }
    defer { fclose(f) }
    var line: UnsafeMutablePointer<CChar>? = nil
    var cap = 0
    var out = ""
    while getline(&line, &cap, f) > 0 {
        var s = String(cString: line!)
        if s.hasSuffix("\n") { s.removeLast() }
        if s.isEmpty { continue }
        let parts = s.split(separator: "\t", maxSplits: 1).map(String.init)
        let v = parts.count == 2 ? (Vertical(rawValue: parts[0]) ?? .medical) : .medical
        let text = parts.last!
        let d = SafetyDetector(vertical: v)
        let fs = d.findings(text, language: .en)
        let cq = ClinicalQuestionDetector().isClinicalQuestion(text, language: .en)
        let g = OutputGuard().check(text)
        let oc = Overcollection.asksForProhibitedData(text)
        out += "\(v.rawValue)\t\(text)\n   → \(fs.map { "\($0.kind) \($0.concern.rawValue)" }) clinical=\(cq) guard=\(g) overcollect=\(oc)\n"
    }
    print("PROBE\n" + out)
}

@Test func probeClinical() {
    guard getenv("SAFETY_PROBE2") != nil else { return }
    for t in ["I had my wisdom teeth out and I think I have dry socket, what should I do?", "Is it normal to still be bleeding a little after an extraction?", "what should I take for the pain"] {
        for c in TextNormalizer.clauses(t) {
            let set = ClinicalQuestionDetector.patterns
            let ids = set.ids(c.words)
            print(c.words, ids, set.matches(ids).map { "\($0.tag) \($0.start)-\($0.end)" })
        }
    }
}
