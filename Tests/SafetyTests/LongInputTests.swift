import FrontDeskCore
@testable import Safety
import Testing

/// Long utterances (a caller rambling, a transcript glitch repeating a phrase) give the same answers as short
/// ones. Speed is not asserted here: `swift run -c release FrontDeskBenchmarks safety` measures it.
@Suite("Long input")
struct LongInputTests {
    static let routine = String(repeating: "I would like to book a cleaning and maybe a whitening, ", count: 200)

    @Test func routineStaysQuiet() {
        for v in Vertical.allCases {
            #expect(SafetyDetector(vertical: v).assess(Self.routine, language: .en) == nil)
        }
        #expect(!ClinicalQuestionDetector().isClinicalQuestion(Self.routine, language: .en))
        #expect(OutputGuard().check(Self.routine, protectedTerms: ["Maria Gonzalez"]) == .allow)
    }

    @Test func findingAtTheEndIsStillFound() {
        let d = SafetyDetector(vertical: .dental)
        #expect(d.assess(Self.routine + "but my husband is clutching his chest", language: .en) == .emergency(.cardiac))
        #expect(d.assess(Self.routine + "and I don't want to be alive anymore", language: .en)?.concern == .suicidalIdeation)
        #expect(ClinicalQuestionDetector().isClinicalQuestion(Self.routine + ". How much ibuprofen can I take?", language: .en))
        #expect(OutputGuard().check(Self.routine + ". Take 400 mg of ibuprofen.") != .allow)
    }

    @Test func oneHugeClauseWithManyGaps() {
        // No punctuation at all: one clause of 2,000 words full of pattern first-words ("my", "chest", "can").
        let soup = String(repeating: "my chest my can my I he ", count: 330)
        _ = SafetyDetector(vertical: .medical).findings(soup, language: .en)
        #expect(SafetyDetector(vertical: .medical).assess(soup + "can't breathe", language: .en) == .emergency(.breathing))
    }
}
