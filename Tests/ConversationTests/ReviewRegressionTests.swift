import Foundation
import Testing
import FrontDeskCore
import Conversation

/// Bugs found in review; each test failed before its fix.
@Suite("Receptionist: review regressions")
struct ReviewRegressionTests {
    @Test func healthWordsNeverBecomeACarrierOrAName() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550177", [
            "I have HIV and need a cleaning, I'm new, my name is Sam Rivera", "Tuesday morning", "No insurance", "Yes", "Yes",
        ])
        #expect(call.has(.booked))
        #expect(!call.summary.lowercased().contains("hiv"))
        #expect(!call.allText.contains("hiv"))
        let son = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550178", ["i need a cleaning for my son hes autistic"])
        #expect(!son.allText.contains("autistic"))
    }

    @Test func aSpanishCrisisIsAnsweredInSpanish() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", ["Ya no quiero vivir, quiero matarme"])
        #expect(call.has(.crisisReferral))
        #expect(call.agent[1].contains("988"))
        #expect(call.agent[1].contains("Llame"))
    }

    @Test func yesAndGoodbyeStillBooks() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550177", [
            "I'm new, Sam Rivera, a cleaning Tuesday morning, no insurance", "Yes", "Yes that's right, thanks bye",
        ])
        #expect(call.has(.booked))
        #expect(call.actions.last == .end)
    }

    @Test func aMessageWithoutANameIsStillSavedOnGoodbye() async throws {
        let p = try Fixture.profile("harbor-counseling")
        let store = InMemoryStore()
        let call = await ScriptedCall.run(p, at: "2026-11-24T21:30", caller: "+12065550499", store: store,
                                          ["Can someone call me back about my bill?", "bye"])
        #expect(call.has(.messageTaken))
        #expect(await store.messages(practiceID: "harbor-counseling").count == 1)
    }

    @Test func aSecondRefillIsNotTheFirstOneAgain() async throws {
        let p = try Fixture.profile("bright-smile")
        let store = InMemoryStore()
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550155", store: store, [
            "This is Kevin O'Brien, I need a refill of amoxicillin at the Walgreens on Madison", "Yes",
            "I also need another refill", "no",
        ])
        #expect(call.events.filter { $0.outcome == .refillRequested }.count == 1)
        #expect(await store.refills(practiceID: "bright-smile").count == 1)
    }

    /// Pressing 0 used to appear in the transcript as words the caller never said.
    @Test func keypadZeroIsTranscribedAsAKeypress() async throws {
        let p = try Fixture.profile("bright-smile")
        let clock = FixedClock(local: LocalDateTime(iso: "2026-03-09T10:15")!, in: p.timeZone)!
        let r = Receptionist(profile: p, store: InMemoryStore(), clock: clock, callerID: "+13125550177")
        _ = await r.greet()
        let turn = await r.keypadZero()
        guard case .transfer = turn.action else { Issue.record("pressing 0 did not reach a person"); return }
        let said = await r.transcript.filter { $0.speaker == "caller" }.map(\.text)
        #expect(said == ["[pressed 0]"])
    }

    @Test func overlappingTurnsAreTakenOneAtATime() async throws {
        let p = try Fixture.profile("bright-smile")
        let clock = FixedClock(local: LocalDateTime(iso: "2026-03-09T10:15")!, in: p.timeZone)!
        let r = Receptionist(profile: p, store: InMemoryStore(), clock: clock, callerID: "+13125550177")
        _ = await r.greet()
        _ = await r.respond(to: "I'm new, Sam Rivera, a cleaning Tuesday morning, no insurance")
        _ = await r.respond(to: "Yes")
        async let first = r.respond(to: "Yes")
        async let second = r.respond(to: "Can I talk to a real person?")
        let (a, b) = await (first, second)
        _ = (a, b)
        let events = await r.events
        // Each turn is stamped with its own number: the booking and the handoff never share one.
        let booked = events.first { $0.outcome == .booked }?.turn
        let handoff = events.first { $0.outcome == .humanTransfer }?.turn
        #expect(booked != nil)
        if let x = booked, let y = handoff { #expect(x < y) }
        #expect(events.filter { $0.outcome == .booked }.count == 1)
    }

    @Test func aVerifiedCallerAskingAboutSomeoneElseIsNotToldTheirOwnAppointment() async throws {
        let p = try Fixture.profile("bright-smile")
        let store = try await Fixture.storeWithMaria()
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550142", store: store, [
            "Hi it's Maria Gonzalez, when is my appointment?", "And when is my husband Carlos Gonzalez's appointment?",
        ])
        #expect(call.agent[1].contains("March 12"))
        #expect(!call.agent[2].contains("March 12"))
    }
}
