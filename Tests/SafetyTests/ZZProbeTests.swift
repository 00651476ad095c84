import Foundation
import FrontDeskCore
@testable import Safety
import Testing

// TEMPORARY probe (deleted before hand-off).
@Test func zzProbe() throws {
    guard let text = try? String(contentsOfFile: "/tmp/safety/probe.txt", encoding: .utf8) else { return }
    var out = ""
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2, let v = Vertical(rawValue: parts[0]) else { continue }
        let d = SafetyDetector(vertical: v)
        let f = d.findings(parts[1], language: .en)
        let cq = ClinicalQuestionDetector().isClinicalQuestion(parts[1], language: .en)
        out += "[\(v.rawValue)] \(parts[1])\n   → \(f.map { "\($0.kind) \($0.concern.rawValue)" }) clinical=\(cq)\n"
        let lex = Lexicon.shared
        for clause in TextNormalizer.clauses(parts[1]) {
            let ms = lex.patterns.matches(lex.patterns.ids(clause.words))
            out += "   clause: \(clause.words.joined(separator: " "))\n"
            for m in ms {
                switch m.tag {
                case .rule(let r): out += "     rule \(lex.rules[Int(r)].concern) '\(lex.rules[Int(r)].pattern.prefix(60))' \(m.start)-\(m.end)\n"
                case .idiom(let i): out += "     idiom '\(lex.idioms[Int(i)].pattern.prefix(60))' \(m.start)-\(m.end)\n"
                case .cue(let k): out += "     cue \(k) \(m.start)-\(m.end)\n"
                }
            }
            let cs = ClinicalQuestionDetector.patterns
            for m in cs.matches(cs.ids(clause.words)) { out += "     cq \(m.tag) \(m.start)-\(m.end)\n" }
        }
    }
    try out.write(toFile: "/tmp/safety/probe.out", atomically: true, encoding: .utf8)
}
