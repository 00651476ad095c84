import Foundation
import Testing
import FrontDeskCore
import Conversation

/// A store whose disk is full: reads work, appointment writes fail.
actor FullDiskStore: Store {
    let inner = InMemoryStore()
    func patients(practiceID: String) async throws -> [Patient] { await inner.patients(practiceID: practiceID) }
    func patient(id: String) async throws -> Patient? { await inner.patient(id: id) }
    func upsert(patient: Patient) async throws { await inner.upsert(patient: patient) }
    func appointments(practiceID: String, providerID: String?, from: LocalDateTime, to: LocalDateTime) async throws -> [Appointment] {
        await inner.appointments(practiceID: practiceID, providerID: providerID, from: from, to: to)
    }
    func appointments(patientID: String) async throws -> [Appointment] { await inner.appointments(patientID: patientID) }
    func insert(_ appointment: Appointment) async throws(BookingError) { throw .unavailable }
    func move(_ appointmentID: String, to start: LocalDateTime, providerID: String) async throws(BookingError) -> Appointment { throw .unavailable }
    func setStatus(_ appointmentID: String, _ status: Appointment.Status) async throws(BookingError) -> Appointment { throw .unavailable }
    func save(message: StaffMessage) async throws { await inner.save(message: message) }
    func save(refill: RefillRequest) async throws { await inner.save(refill: refill) }
    func messages(practiceID: String) async throws -> [StaffMessage] { await inner.messages(practiceID: practiceID) }
    func refills(practiceID: String) async throws -> [RefillRequest] { await inner.refills(practiceID: practiceID) }
}

@Suite("Receptionist: a failing store")
struct StoreFailureTests {
    @Test func aBookingThatCannotBeWrittenBecomesACallBackNeverSilence() async throws {
        let p = try Fixture.profile("bright-smile")
        let store = FullDiskStore()
        let clock = FixedClock(local: LocalDateTime(iso: "2026-03-09T10:15")!, in: p.timeZone)!
        let r = Receptionist(profile: p, store: store, clock: clock, callerID: "+13125550177")
        _ = await r.greet()
        _ = await r.respond(to: "I'm new, Sam Rivera, I'd like a cleaning Tuesday morning. No insurance.")
        _ = await r.respond(to: "Yes")
        let last = await r.respond(to: "Yes")
        #expect(!last.events.contains { $0.outcome == .booked })
        #expect(last.events.contains { $0.outcome == .messageTaken })
        #expect(last.text.contains("can't reach our schedule"))
        #expect(last.text.contains("312-555-0177"))
        let saved = try await store.messages(practiceID: "bright-smile")
        #expect(saved.first?.reason == .appointment)
    }
}
