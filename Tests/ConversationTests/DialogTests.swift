import Foundation
import Testing
import FrontDeskCore
import Conversation

@Suite("Receptionist: dialog behaviour")
struct DialogTests {
    @Test func afterHoursClinicalWorryIsOfferedTheOnCallLine() async throws {
        var p = try Fixture.profile("bright-smile")
        p.handoff.afterHours = .onCall
        let call = await ScriptedCall.run(p, at: "2026-03-09T20:00", ["My tooth is killing me, what can I take for it?", "Yes please"])
        #expect(call.has(.clinicalDeflected))
        #expect(call.has(.humanTransfer))
        #expect(call.actions.last == .transfer(to: "+13125550199", reason: .onCall))
        #expect(!call.allText.contains("ibuprofen"))
    }

    @Test func followUpQuestionsContinueTheLastTopic() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:00", ["What are your hours on Thursday?", "And Friday?", "How much is a cleaning?", "And an exam?"])
        #expect(call.agent[1].contains("10 AM to 7 PM"))
        #expect(call.agent[2].lowercased().contains("closed"))     // Friday the 13th is a closure
        #expect(call.agent[3].contains("$145"))
        #expect(call.agent[4].contains("$95"))
    }

    @Test func spanishHoursAreSpokenNaturally() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:00", ["¿A qué hora abren el lunes?"])
        #expect(call.agent[1].contains("Los lunes abrimos de 8 de la mañana a 5 de la tarde"))
    }

    @Test func outOfOrderAnswersAreKeptAndAcknowledged() async throws {
        let p = try Fixture.profile("glow-medspa")
        let call = await ScriptedCall.run(p, at: "2026-06-09T12:00", caller: "+13055550299",
                                          ["Hi, do you have any openings for a facial?", "Friday.", "Afternoon, please.",
                                           "I've never been there. Sofia Ramirez.", "Yes", "Yes"])
        #expect(call.agent[2].hasPrefix("Got it."))
        let booked = call.events.first { $0.outcome == .booked }?.appointment
        #expect(booked?.typeID == "hydrafacial")
        #expect(booked?.start.date.iso == "2026-06-12")
        #expect((booked?.start.time.minutes ?? 0) >= 12 * 60)
    }

    @Test func theSameQuestionIsNeverAskedThreeTimes() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:00", ["I need an appointment", "hmm", "hmm", "hmm"])
        #expect(call.agent[2].hasPrefix("Sorry, let me ask again."))
        #expect(call.agent[3].contains("call you back"))
    }

    @Test func aMessageIsNeverLostWhenTheCallerLeavesEarly() async throws {
        let p = try Fixture.profile("harbor-counseling")
        let store = InMemoryStore()
        let call = await ScriptedCall.run(p, at: "2026-11-24T21:30", caller: "+12065550412", store: store,
                                          ["Can someone call me back about my bill? I'm Lee Summers.", "Bye."])
        #expect(call.has(.messageTaken))
        let saved = await store.messages(practiceID: "harbor-counseling")
        #expect(saved.count == 1)
        #expect(saved.first?.reason == .billing)
        #expect(saved.first?.callbackNumber == "+12065550412")
    }

    @Test func newClientAskingForTherapyIsBookedIntoIntake() async throws {
        let p = try Fixture.profile("harbor-counseling")
        let call = await ScriptedCall.run(p, at: "2026-11-24T10:00", caller: "+12065550413",
                                          ["I'd like a counseling session, I've never been there. I'm Riley Adams, I have Premera. Wednesday afternoon.",
                                           "Yes", "Yes"])
        #expect(call.events.first { $0.outcome == .booked }?.appointment?.typeID == "intake")
    }

    @Test func aClosedDayIsSaidAtOnceWithAlternatives() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550182",
                                          ["I'm new, Chris Park, I want a dental exam this Friday the 13th."])
        #expect(call.agent[1].contains("We're closed on Friday, March 13."))
        #expect(call.agent[1].contains("Thursday, March 12"))
        #expect(!call.agent[1].lowercased().contains("parking"))
    }
}

@Suite("Receptionist: verified callers hear their own details")
struct VerifiedDisclosureTests {
    @Test func aVerifiedOwnerHearsThePetsNameEvenIfSaidInLowerCase() async throws {
        let p = try Fixture.profile("riverside-vet")
        let store = InMemoryStore()
        await store.upsert(patient: Patient(id: "p1", practiceID: "riverside-vet", name: "Biscuit", dateOfBirth: LocalDate(iso: "2019-05-01"),
                                            phone: "+15125550350", species: "dog", owner: "Laura Mills"))
        try await store.insert(Appointment(id: "a1", practiceID: "riverside-vet", patientID: "p1", typeID: "wellness",
                                           providerID: "dr-brooks", start: LocalDateTime(iso: "2026-04-17T08:00")!, minutes: 30))
        let call = await ScriptedCall.run(p, at: "2026-04-15T09:05", caller: "+15125550350", store: store,
                                          ["hi its laura mills just confirming biscuits appointment", "yes"])
        #expect(call.has(.identityVerified))
        #expect(call.has(.confirmed))
        #expect(call.agent[1].contains("Biscuit"))
        #expect(!call.allText.contains("can't help with that"))
    }
}
