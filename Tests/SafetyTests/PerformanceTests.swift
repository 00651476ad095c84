import FrontDeskCore
@testable import Safety
import Testing

@Suite("Performance")
struct PerformanceTests {
    /// Release builds run well under 50 µs per utterance (see docs/safety.md); debug builds are slower,
    /// so this only guards against pathological slow-downs (e.g. backtracking blow-ups).
    @Test func assessIsFast() {
        let lines = (suiteCases + positiveCases + routineCases + crisisCases).map(\.text)
        let detectors = Vertical.allCases.map { SafetyDetector(vertical: $0) }
        _ = detectors[0].assess("warm up", language: .en)
        _ = ClinicalQuestionDetector().isClinicalQuestion("warm up", language: .en)
        _ = OutputGuard().check("warm up")
        let clock = ContinuousClock()
        var n = 0
        let elapsed = clock.measure {
            for _ in 0..<3 {
                for d in detectors {
                    for l in lines { _ = d.assess(l, language: .en); n += 1 }
                }
            }
        }
        let micros = Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6
        let perUtterance = micros / Double(n)
        print("SafetyDetector.assess: \(String(format: "%.1f", perUtterance)) µs per utterance over \(n)")
        #expect(perUtterance < 2_000)

        let g = OutputGuard(), cq = ClinicalQuestionDetector()
        let e2 = clock.measure {
            for l in lines { _ = g.check(l, protectedTerms: ["Maria Gonzalez", "March 12"]); _ = cq.isClinicalQuestion(l, language: .en) }
        }
        let m2 = (Double(e2.components.attoseconds) / 1e12 + Double(e2.components.seconds) * 1e6) / Double(lines.count)
        print("OutputGuard.check + isClinicalQuestion: \(String(format: "%.1f", m2)) µs per utterance")
        #expect(m2 < 4_000)
    }

    @Test func longInputStaysLinear() {
        let long = String(repeating: "I would like to book a cleaning and maybe a whitening, ", count: 200)
        let clock = ContinuousClock()
        let t = clock.measure { _ = SafetyDetector(vertical: .dental).assess(long, language: .en) }
        #expect(t < .seconds(2))
    }
}
