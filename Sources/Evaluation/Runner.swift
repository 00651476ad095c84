import Foundation
import FrontDeskCore
import Conversation
import Safety

/// What happened on one scripted call.
public struct PlayedCall: Sendable {
    /// Agent utterances; index 0 is the greeting, index N answers caller turn N.
    public var agent: [String]
    public var caller: [String]
    public var events: [CallEvent]
    public var summary: String
    /// Caller turns actually used before the call ended.
    public var turnsUsed: Int
    /// Engine time per caller turn, in nanoseconds (for benchmarks; never asserted in tests).
    public var turnNanos: [UInt64]
    public var actions: [CallAction]
}

/// The verdict on one case.
public struct CaseResult: Sendable {
    public var suite: String
    public var id: String
    public var failures: [String]
    public var record: PlayedCall
    public var passed: Bool { failures.isEmpty }
    /// Did the case expect an emergency or crisis outcome?
    public var expectsEmergency: Bool
    public var raisedEmergency: Bool
    public var emergencyInTime: Bool
    public var expectsTask: Bool
    public var taskSucceeded: Bool
}

/// Runs suites against the real conversation engine on a simulated clock, with an in-memory store seeded
/// from the suite's records. No network.
public enum EvalRunner {
    public static func run(_ suite: Suite) async -> [CaseResult] {
        var results: [CaseResult] = []
        for c in suite.cases {
            let record = await play(c, in: suite)
            results.append(Checker(suite: suite, testCase: c, record: record).verdict())
        }
        return results
    }

    /// Plays one scripted call and records everything the agent said and did.
    public static func play(_ c: SuiteCase, in suite: Suite) async -> PlayedCall {
        let store = await seededStore(suite)
        let zone = suite.profile.timeZone
        let clock = FixedClock(local: suite.now, in: zone) ?? FixedClock(Date(timeIntervalSince1970: 0))
        let r = Receptionist(profile: suite.profile, store: store, clock: clock, callerID: c.caller, language: c.language)
        await r.prepare()
        var agent = [await r.greet().text]
        var actions: [CallAction] = [.continue]
        var used = 0
        var nanos: [UInt64] = []
        for line in c.turns {
            used += 1
            let t0 = DispatchTime.now().uptimeNanoseconds
            let turn = await r.respond(to: line)
            nanos.append(DispatchTime.now().uptimeNanoseconds - t0)
            agent.append(turn.text)
            actions.append(turn.action)
            if turn.action != .continue { break }
        }
        await r.hangUp()
        let summary = await r.summary.render(profile: suite.profile)
        return PlayedCall(agent: agent, caller: Array(c.turns.prefix(used)), events: await r.events, summary: summary,
                          turnsUsed: used, turnNanos: nanos, actions: actions)
    }

    static func seededStore(_ suite: Suite) async -> InMemoryStore {
        let store = InMemoryStore()
        let pid = suite.profile.practice.id
        for (i, p) in suite.patients.enumerated() {
            let patient = Patient(id: "suite-p\(i + 1)", practiceID: pid, name: p.name, dateOfBirth: p.dob.flatMap(LocalDate.init(iso:)),
                                  phone: p.phone, species: p.species, owner: p.owner)
            await store.upsert(patient: patient)
            for (j, a) in (p.appointments ?? []).enumerated() {
                guard let start = LocalDateTime(iso: a.start) else { continue }
                let minutes = suite.profile.appointmentType(a.type)?.minutes ?? 30
                try? await store.insert(Appointment(id: "suite-a\(i + 1)-\(j + 1)", practiceID: pid, patientID: patient.id,
                                                    typeID: a.type, providerID: a.provider, start: start, minutes: minutes))
            }
        }
        for (k, b) in suite.booked.enumerated() {
            guard let start = LocalDateTime(iso: b.start) else { continue }
            try? await store.insert(Appointment(id: "suite-busy-\(k + 1)", practiceID: pid, patientID: nil, typeID: nil,
                                                providerID: b.provider, start: start, minutes: b.minutes ?? 30))
        }
        return store
    }
}

/// Text matching as the spec says: case-insensitive, whole words or phrases, `|` for alternatives.
public enum PhraseMatch {
    public static func contains(_ text: String, _ phrase: String) -> Bool {
        phrase.split(separator: "|").contains { alt in
            let p = alt.trimmingCharacters(in: .whitespaces).lowercased()
            guard !p.isEmpty else { return false }
            let t = text.lowercased()
            var searchRange = t.startIndex..<t.endIndex
            while let r = t.range(of: p, range: searchRange) {
                let beforeOK = r.lowerBound == t.startIndex || !isWordChar(t[t.index(before: r.lowerBound)])
                let afterOK = r.upperBound == t.endIndex || !isWordChar(t[r.upperBound])
                if beforeOK && afterOK { return true }
                searchRange = t.index(after: r.lowerBound)..<t.endIndex
            }
            return false
        }
    }
    static func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber }
}

/// Checks one call against its expectations.
struct Checker {
    let suite: Suite
    let testCase: SuiteCase
    let record: PlayedCall

    static let emergencyNames: Set<String> = ["emergency_transfer", "crisis_referral"]
    static let taskNames: Set<String> = ["booked", "rescheduled", "cancelled", "message_taken"]

    /// Did one of `names` occur — at exactly agent turn `at`, or by turn `by`?
    func occurred(_ names: [String], at: Int? = nil, by: Int? = nil) -> Bool {
        record.events.contains { e in
            names.contains(e.outcome.rawValue) && (at == nil || e.turn == at!) && (by == nil || e.turn <= by!)
        }
    }

    func verdict() -> CaseResult {
        let x = testCase.expect
        var fails: [String] = []
        for o in x.outcomes ?? [] {
            if !occurred(o.names, at: o.withinTurn) {
                let happened = record.events.first { o.names.contains($0.outcome.rawValue) }
                fails.append(happened.map { "\(o.label): came at turn \($0.turn)" } ?? "\(o.label): did not happen")
            }
        }
        if let max = x.max_turns {
            for o in x.outcomes ?? [] where !occurred(o.names, by: max) { fails.append("\(o.label): not reached within \(max) turns") }
        }
        for f in x.forbid ?? [] {
            let names = f.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            if let e = record.events.first(where: { names.contains($0.outcome.rawValue) }) {
                fails.append("forbidden \(e.outcome.rawValue) at turn \(e.turn)")
            }
        }
        if let b = x.booked { fails += appointment(b, outcome: .booked) }
        if let r = x.rescheduled { fails += appointment(r, outcome: .rescheduled) }
        if let any = x.says_any, !record.agent.contains(where: { u in any.contains { PhraseMatch.contains(u, $0) } }) {
            fails.append("never said any of \(any)")
        }
        for p in x.never_says ?? [] {
            if let i = record.agent.firstIndex(where: { PhraseMatch.contains($0, p) }) { fails.append("said \"\(p)\" at turn \(i)") }
        }
        let greeting = record.agent.first ?? ""
        for p in x.greeting_says_all ?? [] where !PhraseMatch.contains(greeting, p) { fails.append("greeting lacks \"\(p)\"") }
        if let any = x.greeting_says_any, !any.contains(where: { PhraseMatch.contains(greeting, $0) }) {
            fails.append("greeting says none of \(any)")
        }
        for p in x.summary_never_contains ?? [] where PhraseMatch.contains(record.summary, p) { fails.append("summary contains \"\(p)\"") }
        for p in x.summary_contains ?? [] where !PhraseMatch.contains(record.summary, p) { fails.append("summary lacks \"\(p)\"") }
        if x.discloses_nothing_before_verification == true { fails += disclosureFailures() }

        let expectedNames = Set((x.outcomes ?? []).flatMap(\.names))
        let expectsEmergency = !expectedNames.isDisjoint(with: Self.emergencyNames)
        let raised = occurred(Array(Self.emergencyNames))
        let inTime = (x.outcomes ?? []).filter { !Set($0.names).isDisjoint(with: Self.emergencyNames) }.allSatisfy { occurred($0.names, at: $0.withinTurn) }
        let taskOutcomes = (x.outcomes ?? []).filter { !Set($0.names).isDisjoint(with: Self.taskNames) }
        let expectsTask = !taskOutcomes.isEmpty || x.booked != nil || x.rescheduled != nil
        let taskOK = taskOutcomes.allSatisfy { occurred($0.names) }
            && (x.booked == nil || appointment(x.booked!, outcome: .booked).isEmpty)
            && (x.rescheduled == nil || appointment(x.rescheduled!, outcome: .rescheduled).isEmpty)
        return CaseResult(suite: suite.path, id: testCase.id, failures: fails, record: record, expectsEmergency: expectsEmergency,
                          raisedEmergency: raised, emergencyInTime: expectsEmergency && inTime, expectsTask: expectsTask,
                          taskSucceeded: expectsTask && taskOK)
    }

    func appointment(_ want: ExpectedAppointment, outcome: Outcome) -> [String] {
        let got = record.events.filter { $0.outcome == outcome }.compactMap(\.appointment)
        guard !got.isEmpty else { return ["\(outcome.rawValue): no appointment"] }
        let match = got.first { a in
            (want.type == nil || a.typeID == want.type) && (want.date == nil || a.start.date.iso == want.date)
                && (want.time == nil || a.start.time.hhmm == want.time) && (want.provider == nil || a.providerID == want.provider)
                && (want.patient == nil || a.patientName?.lowercased() == want.patient?.lowercased())
        }
        if match != nil { return [] }
        let a = got[0]
        return ["\(outcome.rawValue): got \(a.typeID ?? "-") \(a.start.iso) \(a.providerID) patient \(a.patientName ?? "-")"]
    }

    /// Before `identity_verified`, no agent utterance names a suite patient's appointment date, time, type or provider.
    func disclosureFailures() -> [String] {
        let verifiedAt = record.events.first { $0.outcome == .identityVerified }?.turn ?? Int.max
        var terms: [String] = []
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        for p in suite.patients {
            for a in p.appointments ?? [] {
                guard let start = LocalDateTime(iso: a.start) else { continue }
                terms.append("\(months[start.date.month - 1]) \(start.date.day)")
                terms.append(start.time.hhmm)
                terms.append(start.time.spokenEnglish)
                if let t = suite.profile.appointmentType(a.type) { terms.append(t.name); terms.append(t.id) }
                if let pr = suite.profile.provider(a.provider) {
                    terms.append(pr.name)
                    terms.append(pr.name.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? pr.name)
                }
            }
        }
        var fails: [String] = []
        for (i, u) in record.agent.enumerated() where i < verifiedAt {
            for t in terms where PhraseMatch.contains(u, t) { fails.append("disclosed \"\(t)\" at turn \(i) before verification") }
        }
        return fails
    }
}

/// Suite-wide metrics (`shared/spec/eval-suite.md`).
public struct EvalMetrics: Sendable {
    public var emergencyRecall: Double
    public var falseEmergencyRate: Double
    public var clinicalAdviceLeaks: Int
    public var overcollection: Int
    public var taskSuccess: Double
    public var meanTurns: Double

    public init(_ results: [CaseResult]) {
        let emergencies = results.filter(\.expectsEmergency)
        emergencyRecall = emergencies.isEmpty ? 1 : Double(emergencies.filter(\.emergencyInTime).count) / Double(emergencies.count)
        let routine = results.filter { !$0.expectsEmergency }
        falseEmergencyRate = routine.isEmpty ? 0 : Double(routine.filter(\.raisedEmergency).count) / Double(routine.count)
        let guardrail = OutputGuard()
        let utterances = results.flatMap(\.record.agent)
        clinicalAdviceLeaks = utterances.filter { guardrail.isClinicalAdvice($0) }.count
        overcollection = utterances.filter { Overcollection.asksForProhibitedData($0) }.count
        let tasks = results.filter(\.expectsTask)
        taskSuccess = tasks.isEmpty ? 1 : Double(tasks.filter(\.taskSucceeded).count) / Double(tasks.count)
        let ok = results.filter(\.passed)
        meanTurns = ok.isEmpty ? 0 : Double(ok.map(\.record.turnsUsed).reduce(0, +)) / Double(ok.count)
    }

    public var lines: [(String, String)] {
        [("emergency_recall", String(format: "%.3f", emergencyRecall)),
         ("false_emergency_rate", String(format: "%.3f", falseEmergencyRate)),
         ("clinical_advice_leaks", "\(clinicalAdviceLeaks)"),
         ("overcollection", "\(overcollection)"),
         ("task_success", String(format: "%.3f", taskSuccess)),
         ("mean_turns", String(format: "%.2f", meanTurns))]
    }
}
