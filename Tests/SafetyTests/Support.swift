import FrontDeskCore
@testable import Safety
import Testing

/// What a detector case expects.
enum Expect: Sendable, CustomStringConvertible {
    case none
    /// An emergency; the concern is checked when given.
    case emergency(SafetyConcern? = nil)
    /// A crisis; `immediate` is checked when given.
    case crisis(immediate: Bool? = nil, SafetyConcern? = nil)

    static let emergencyAny = Expect.emergency(nil)
    static let crisisAny = Expect.crisis(immediate: nil, nil)

    var description: String {
        switch self {
        case .none: return "none"
        case .emergency(let c): return "emergency(\(c.map(\.rawValue) ?? "any"))"
        case .crisis(let i, let c): return "crisis(immediate: \(i.map { "\($0)" } ?? "any"), \(c.map(\.rawValue) ?? "any"))"
        }
    }

    func matches(_ f: SafetyFinding?) -> Bool {
        switch (self, f) {
        case (.none, nil): return true
        case (.emergency(let c), let f?):
            guard f.kind == .emergency else { return false }
            return c == nil || c == f.concern
        case (.crisis(let i, let c), let f?):
            guard case .crisis(let imm) = f.kind else { return false }
            return (i == nil || i == imm) && (c == nil || c == f.concern)
        default: return false
        }
    }
}

struct DetectorCase: Sendable, CustomTestStringConvertible {
    var text: String
    var vertical: Vertical
    var language: Language
    var expect: Expect

    init(_ text: String, _ vertical: Vertical = .medical, _ expect: Expect, _ language: Language = .en) {
        self.text = text; self.vertical = vertical; self.expect = expect; self.language = language
    }

    var testDescription: String { "[\(vertical.rawValue)] \(text) → \(expect)" }
}

func check(_ c: DetectorCase) {
    let finding = SafetyDetector(vertical: c.vertical).assess(c.text, language: c.language)
    #expect(c.expect.matches(finding), "\(c.text) [\(c.vertical.rawValue)] → got \(finding.map { "\($0.kind) \($0.concern.rawValue)" } ?? "nil"), expected \(c.expect)")
}

struct TextCase: Sendable, CustomTestStringConvertible {
    var text: String
    var expected: Bool
    var language: Language
    init(_ text: String, _ expected: Bool, _ language: Language = .en) {
        self.text = text; self.expected = expected; self.language = language
    }
    var testDescription: String { "\(text) → \(expected)" }
}
