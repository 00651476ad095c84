import Foundation
import FrontDeskCore
import Conversation

/// Paths and a scripted-call driver for conversation tests.
enum Fixture {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = repo.deletingLastPathComponent().appendingPathComponent("shared")

    static func profile(_ name: String) throws -> PracticeProfile {
        try ProfileLoader.load(path: shared.appendingPathComponent("evals/practices/\(name).yaml").path)
    }
    static func example(_ name: String) throws -> PracticeProfile {
        try ProfileLoader.load(path: repo.appendingPathComponent("examples/practices/\(name).yaml").path)
    }
}

extension Fixture {
    /// A bright-smile store holding Maria Gonzalez (DOB 1984-07-12, phone +13125550142) with a cleaning
    /// with Jordan Lee on Thursday 2026-03-12 at 10:00.
    static func storeWithMaria() async throws -> InMemoryStore {
        let store = InMemoryStore()
        await store.upsert(patient: Patient(id: "p1", practiceID: "bright-smile", name: "Maria Gonzalez",
                                            dateOfBirth: LocalDate(iso: "1984-07-12"), phone: "+13125550142"))
        try await store.insert(Appointment(id: "a1", practiceID: "bright-smile", patientID: "p1", typeID: "cleaning",
                                           providerID: "hyg-lee", start: LocalDateTime(iso: "2026-03-12T10:00")!, minutes: 60))
        return store
    }
}

/// One scripted call: greeting, then each caller line; stops when the call ends or transfers.
struct ScriptedCall {
    var agent: [String] = []
    var events: [CallEvent] = []
    var actions: [CallAction] = []
    var summary = ""

    static func run(_ profile: PracticeProfile, at local: String, caller: String? = nil, language: Language? = nil,
                    store: InMemoryStore = InMemoryStore(), _ lines: [String]) async -> ScriptedCall {
        let clock = FixedClock(local: LocalDateTime(iso: local)!, in: profile.timeZone)!
        let r = Receptionist(profile: profile, store: store, clock: clock, callerID: caller, language: language)
        await r.prepare()
        var call = ScriptedCall()
        call.agent.append(await r.greet().text)
        for line in lines {
            let t = await r.respond(to: line)
            call.agent.append(t.text)
            call.events += t.events
            call.actions.append(t.action)
            if t.action != .continue { break }
        }
        call.summary = await r.summary.render(profile: profile)
        return call
    }

    func has(_ o: Outcome) -> Bool { events.contains { $0.outcome == o } }
    func turn(of o: Outcome) -> Int? { events.first { $0.outcome == o }?.turn }
    var allText: String { agent.joined(separator: "\n").lowercased() }
}
