import Foundation
import Testing
import FrontDeskCore
import Conversation

@Suite("Receptionist: scripted calls")
struct ReceptionistTests {
    @Test func greetingNamesPracticeSaysAIAndRecording() async throws {
        let dental = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(dental, at: "2026-03-09T10:15", [])
        #expect(call.agent[0].contains("Bright Smile Dental"))
        #expect(call.agent[0].contains("AI"))
        #expect(call.agent[0].lowercased().contains("recorded"))
        let vet = try Fixture.profile("riverside-vet")   // recording: false
        let quiet = await ScriptedCall.run(vet, at: "2026-04-15T09:05", [])
        #expect(!quiet.agent[0].lowercased().contains("record"))
    }

    @Test func emergencyMidBookingIsHandledOnThatTurn() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", [
            "Hi, I want to schedule a cleaning",
            "Actually my husband just collapsed and he isn't breathing",
            "Hello?",
        ])
        #expect(call.turn(of: .emergencyTransfer) == 2)
        #expect(call.agent[2].contains("911"))
        #expect(call.actions.last == .transfer(to: "911", reason: .emergency))
        #expect(!call.has(.booked))
    }

    @Test func crisisGoesTo988() async throws {
        let p = try Fixture.profile("harbor-counseling")
        let call = await ScriptedCall.run(p, at: "2026-11-24T10:00", ["Honestly everyone would be better off without me"])
        #expect(call.turn(of: .crisisReferral) == 1)
        #expect(call.agent[1].contains("988"))
    }

    @Test func negatedSymptomsDoNotRaiseAnEmergency() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550111", [
            "No pain, no bleeding, nothing urgent — I just need a cleaning. I'm new, Dana Lee.",
        ])
        #expect(!call.has(.emergencyTransfer))
        #expect(call.actions == [.continue])
    }

    @Test func bookingNeverReasksWhatWasGiven() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550177", [
            "I'm a new patient, Sam Rivera, I'd like a cleaning on Wednesday afternoon. I have Cigna.",
            "Yes", "Yes", "No, that's all",
        ])
        #expect(call.has(.booked))
        let asked = call.agent.dropFirst().joined(separator: " ").lowercased()
        #expect(!asked.contains("your name"))
        #expect(!asked.contains("which carrier"))
        #expect(!asked.contains("been to"))
        let booked = call.events.first { $0.outcome == .booked }?.appointment
        #expect(booked?.start.date.iso == "2026-03-11")
        #expect((booked?.start.time.minutes ?? 0) >= 12 * 60)
    }

    @Test func identityIsVerifiedBeforeAnythingIsDisclosed() async throws {
        let p = try Fixture.profile("bright-smile")
        let store = try await Fixture.storeWithMaria()
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550999", store: store, [
            "When is Maria Gonzalez's appointment?",
            "I think it's January 1st 1990",
            "I don't know",
            "ok",
        ])
        #expect(call.has(.identityFailed))
        #expect(!call.has(.identityVerified))
        #expect(!call.allText.contains("march 12"))
        #expect(!call.allText.contains("thursday"))
        #expect(!call.allText.contains("jordan"))
        #expect(call.actions.last == .end)
    }

    @Test func summaryHoldsStructuredFieldsOnly() async throws {
        let p = try Fixture.profile("harbor-counseling")
        let call = await ScriptedCall.run(p, at: "2026-11-24T10:00", caller: "+12065550411", [
            "I'd like to book an intake. I've been having panic attacks and my divorce is brutal. I'm Sam Ortiz, I have Aetna.",
            "Thursday afternoon", "Yes", "Yes",
        ])
        #expect(call.has(.booked))
        #expect(call.summary.contains("Sam Ortiz"))
        #expect(!call.summary.lowercased().contains("panic"))
        #expect(!call.summary.lowercased().contains("divorce"))
    }

    @Test func spanishCallerIsAnsweredInSpanish() async throws {
        let p = try Fixture.profile("bright-smile")
        let call = await ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550183", [
            "Hola, quiero una cita para una limpieza. Soy paciente nuevo, me llamo Luis Torres.",
        ])
        #expect(call.agent[1].contains("¿"))
    }

    @Test func humanRequestTransfersWhenOpenAndTakesMessageWhenClosed() async throws {
        let p = try Fixture.profile("glow-medspa")
        let open = await ScriptedCall.run(p, at: "2026-06-04T11:00", ["Can I speak to a real person?"])
        #expect(open.has(.humanTransfer))
        #expect(open.actions.last == .transfer(to: "+13055550201", reason: .frontDesk))
        let closed = await ScriptedCall.run(p, at: "2026-06-04T21:00", caller: "+13055550299", [
            "Can I speak to a real person?", "It's Jordan Blake", "Yes",
        ])
        #expect(!closed.has(.humanTransfer))
        #expect(closed.has(.messageTaken))
    }

    @Test func twoCallersRacingForOneSlotNeverDoubleBook() async throws {
        let p = try Fixture.profile("bright-smile")
        let store = InMemoryStore()
        async let a = ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550001", store: store, [
            "New patient, Ann Diaz, a cleaning Tuesday at 2pm please. No insurance.", "Yes", "Yes",
        ])
        async let b = ScriptedCall.run(p, at: "2026-03-09T10:15", caller: "+13125550002", store: store, [
            "New patient, Bo Kim, a cleaning Tuesday at 2pm please. No insurance.", "Yes", "Yes",
        ])
        let (x, y) = await (a, b)
        let starts = [x, y].compactMap { $0.events.first { $0.outcome == .booked }?.appointment }
        let active = await store.appointments(practiceID: "bright-smile", providerID: "hyg-lee",
                                              from: LocalDateTime(iso: "2026-03-10T00:00")!, to: LocalDateTime(iso: "2026-03-11T00:00")!)
        // Whatever each caller was offered, the provider never holds two overlapping appointments.
        for (i, s) in active.enumerated() {
            for t in active[(i + 1)...] { #expect(!s.overlaps(start: t.start, minutes: t.minutes)) }
        }
        #expect(starts.count == active.count)
    }
}
