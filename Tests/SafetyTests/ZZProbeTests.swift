import Foundation
import FrontDeskCore
@testable import Safety
import Testing

// TEMPORARY probe (removed before hand-off): PROBE=/tmp/probe.txt, lines "vertical|text" or "guard|text".
@Test func zzProbe() {
    guard let path = ProcessInfo.processInfo.environment["PROBE"], let s = try? String(contentsOfFile: path, encoding: .utf8) else { return }
    for line in s.split(separator: "\n") {
        let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { continue }
        if parts[0].hasPrefix("guard:") {
            let terms = parts[0].dropFirst(6).split(separator: ",").map(String.init)
            print("PROBE guardp: \(OutputGuard().check(parts[1], protectedTerms: terms))  <- \(parts[1])")
            continue
        }
        if parts[0] == "guard" {
            print("PROBE guard: \(OutputGuard().check(parts[1]))  <- \(parts[1])")
            continue
        }
        let v = Vertical(rawValue: parts[0]) ?? .medical
        let f = SafetyDetector(vertical: v).findings(parts[1], language: .en)
        let cq = ClinicalQuestionDetector().isClinicalQuestion(parts[1], language: .en)
        print("PROBE [\(v.rawValue)] \(f.map { "\($0.kind) \($0.concern.rawValue)" }) clinical=\(cq)  <- \(parts[1])")
    }
}
