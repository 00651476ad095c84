import Foundation
import FrontDeskCore
import Yams

/// A call evaluation suite (`shared/spec/eval-suite.md`, format 1): a practice, a simulated clock,
/// existing records, and scripted calls with the outcomes each must reach.
public struct Suite: Sendable {
    public var path: String
    public var profile: PracticeProfile
    public var now: LocalDateTime
    public var patients: [SuitePatient]
    public var booked: [SuiteBusy]
    public var cases: [SuiteCase]
}

/// A patient on file in a suite (a person, or an animal with `species` and `owner`), with appointments.
public struct SuitePatient: Sendable, Decodable {
    public var name: String
    public var dob: String?
    public var phone: String?
    public var species: String?
    public var owner: String?
    public var appointments: [SuiteAppointment]?
}

/// An existing appointment of a suite patient.
public struct SuiteAppointment: Sendable, Decodable {
    public var type: String
    public var provider: String
    public var start: String
}

/// A slot already taken (`booked:`), with no patient details.
public struct SuiteBusy: Sendable, Decodable {
    public var provider: String
    public var start: String
    public var minutes: Int?
}

/// One scripted call: caller ID, language, the caller's turns and what must happen.
public struct SuiteCase: Sendable, Decodable {
    public var id: String
    public var caller: String?
    public var language: Language?
    public var turns: [String]
    public var expect: Expectations
}

/// An expected outcome: a name (alternatives split by `|`) and, optionally, the caller turn it must answer.
public struct ExpectedOutcome: Sendable, Decodable {
    public var names: [String]
    public var withinTurn: Int?

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            names = s.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            withinTurn = nil
        } else {
            let m = try c.decode([String: Int].self)
            guard m.count == 1, let (k, v) = m.first else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "an outcome map has exactly one name: turn")
            }
            names = k.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            withinTurn = v
        }
    }
    public var label: String { names.joined(separator: "|") + (withinTurn.map { " within turn \($0)" } ?? "") }
}

/// Fields an appointment outcome must have.
public struct ExpectedAppointment: Sendable, Decodable {
    public var type: String?
    public var date: String?
    public var time: String?
    public var provider: String?
    public var patient: String?
}

/// A case's `expect:` block; keys keep the spec's snake_case names.
public struct Expectations: Sendable, Decodable {
    public var outcomes: [ExpectedOutcome]?
    public var forbid: [String]?
    public var booked: ExpectedAppointment?
    public var rescheduled: ExpectedAppointment?
    public var says_any: [String]?
    public var never_says: [String]?
    public var greeting_says_all: [String]?
    public var greeting_says_any: [String]?
    public var summary_never_contains: [String]?
    public var summary_contains: [String]?
    public var max_turns: Int?
    public var discloses_nothing_before_verification: Bool?
}

/// A suite file that could not be read, with the file and the reason.
public struct SuiteError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

private struct SuiteFile: Decodable {
    var format: Int?
    var practice: String
    var now: String
    var patients: [SuitePatient]?
    var booked: [SuiteBusy]?
    var cases: [SuiteCase]
}

extension Suite {
    /// Loads a suite and the practice profile it names (relative to the suite file).
    public static func load(path: String) throws -> Suite {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw SuiteError(description: "\(path): cannot read the file")
        }
        let file: SuiteFile
        do {
            file = try YAMLDecoder().decode(SuiteFile.self, from: text)
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw SuiteError(description: "\(path): \((ctx.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")): missing")
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx), let DecodingError.dataCorrupted(ctx) {
            throw SuiteError(description: "\(path): \(ctx.codingPath.map(\.stringValue).joined(separator: ".")): \(ctx.debugDescription)")
        } catch {
            throw SuiteError(description: "\(path): \(error)")
        }
        if let f = file.format, f != 1 { throw SuiteError(description: "\(path): format: \(f) is not supported (expected 1)") }
        let dir = (path as NSString).deletingLastPathComponent
        let practicePath = file.practice.hasPrefix("/") ? file.practice : (dir.isEmpty ? file.practice : dir + "/" + file.practice)
        let profile: PracticeProfile
        do { profile = try ProfileLoader.load(path: practicePath) } catch {
            throw SuiteError(description: "\(path): practice: \(error.description)")
        }
        guard let now = LocalDateTime(iso: file.now) else {
            throw SuiteError(description: "\(path): now: \"\(file.now)\" is not YYYY-MM-DDTHH:MM[:SS]")
        }
        var problems: [String] = []
        for (i, p) in (file.patients ?? []).enumerated() {
            if let d = p.dob, LocalDate(iso: d) == nil { problems.append("patients[\(i)].dob: \"\(d)\" is not YYYY-MM-DD") }
            for (j, a) in (p.appointments ?? []).enumerated() {
                let key = "patients[\(i)].appointments[\(j)]"
                if profile.appointmentType(a.type) == nil { problems.append("\(key).type: unknown appointment type \"\(a.type)\"") }
                if profile.provider(a.provider) == nil { problems.append("\(key).provider: unknown provider \"\(a.provider)\"") }
                if LocalDateTime(iso: a.start) == nil { problems.append("\(key).start: \"\(a.start)\" is not YYYY-MM-DDTHH:MM") }
            }
        }
        for (k, b) in (file.booked ?? []).enumerated() {
            if profile.provider(b.provider) == nil { problems.append("booked[\(k)].provider: unknown provider \"\(b.provider)\"") }
            if LocalDateTime(iso: b.start) == nil { problems.append("booked[\(k)].start: \"\(b.start)\" is not YYYY-MM-DDTHH:MM") }
        }
        if !problems.isEmpty { throw SuiteError(description: problems.map { "\(path): \($0)" }.joined(separator: "\n")) }
        return Suite(path: path, profile: profile, now: now, patients: file.patients ?? [], booked: file.booked ?? [], cases: file.cases)
    }
}
