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
