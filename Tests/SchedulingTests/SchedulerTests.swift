import Foundation
import FrontDeskCore
import Testing
@testable import Scheduling

@Suite("Scheduler")
struct SchedulerTests {
    let profile = Fixture.profile()
    let clock = Fixture.clock("2026-03-01T08:00")

    func slot(_ provider: String, _ type: String, _ start: String, _ minutes: Int) -> Slot {
        Slot(providerID: provider, typeID: type, start: Fixture.dt(start), minutes: minutes)
    }

    /// Runs `n` concurrent bookings of one slot, spread over the given schedulers; returns (wins, conflicts).
    func race(_ schedulers: [Scheduler], slot: Slot, n: Int = 50) async -> (wins: [Appointment], conflicts: Int, other: Int) {
        await withTaskGroup(of: Result<Appointment, any Error>.self) { group in
            for i in 0..<n {
                let s = schedulers[i % schedulers.count]
                group.addTask {
                    do { return .success(try await s.book(slot, patientID: "p\(i)")) } catch { return .failure(error) }
                }
            }
            var wins: [Appointment] = [], conflicts = 0, other = 0
            for await r in group {
                switch r {
                case .success(let a): wins.append(a)
                case .failure(let e as BookingError) where e == .conflict: conflicts += 1
                case .failure: other += 1
                }
            }
            return (wins, conflicts, other)
        }
    }

    @Test func fiftyConcurrentBookingsOneScheduler() async throws {
        let store = InMemoryStore()
        let s = Scheduler(profile: profile, store: store, clock: clock)
        let target = slot("hyg-b", "cleaning", "2026-03-09T09:00", 60)
        let r = await race([s], slot: target)
        #expect(r.wins.count == 1)
        #expect(r.conflicts == 49)
        #expect(r.other == 0)
        let stored = await store.appointments(practiceID: "test-dental", providerID: "hyg-b",
                                                  from: Fixture.dt("2026-03-09T00:00"), to: Fixture.dt("2026-03-10T00:00"))
        #expect(stored.count == 1)
    }

    @Test func fiftyConcurrentBookingsTwoSchedulersOneStore() async throws {
        let store = InMemoryStore()
        let s1 = Scheduler(profile: profile, store: store, clock: clock)
        let s2 = Scheduler(profile: profile, store: store, clock: clock)
        let target = slot("dr-a", "exam", "2026-03-10T10:00", 30)
        let r = await race([s1, s2], slot: target)
        #expect(r.wins.count == 1)
        #expect(r.conflicts == 49)
        #expect(r.other == 0)
        // Overlapping (not identical) slot of the same provider is refused too; another provider is fine.
        await #expect(throws: BookingError.conflict) {
            try await s1.book(slot("dr-a", "emergency", "2026-03-10T10:00", 30), patientID: "x")
        }
        _ = try await s2.book(slot("dr-c", "exam", "2026-03-10T10:00", 30), patientID: "y")
    }

    @Test func searchSeesStoreBookingsAndClock() async throws {
        let store = InMemoryStore()
        let s = Scheduler(profile: profile, store: store, clock: Fixture.clock("2026-03-09T09:00"))
        let q = SlotQuery(typeID: "cleaning", from: Fixture.d("2026-03-09"), days: 1, limit: 2)
        #expect(try await s.search(q).lines == ["2026-03-09T09:30 hyg-b", "2026-03-09T10:00 hyg-b"])
        _ = try await s.book(slot("hyg-b", "cleaning", "2026-03-09T09:30", 60), patientID: "p1")
        #expect(try await s.search(q).lines == ["2026-03-09T10:30 hyg-b", "2026-03-09T11:00 hyg-b"])
    }

    @Test func bookRefusesWhatIsNotBookable() async throws {
        let s = Scheduler(profile: profile, store: InMemoryStore(), clock: Fixture.clock("2026-03-09T12:00"))
        for bad in [slot("hyg-b", "cleaning", "2026-03-09T11:00", 60),   // past
                    slot("hyg-b", "cleaning", "2026-03-13T09:00", 60),   // closure
                    slot("dr-a", "cleaning", "2026-03-10T09:00", 60),    // provider does not offer
                    slot("hyg-b", "cleaning", "2026-03-10T16:30", 60)] { // ends after closing
            await #expect(throws: BookingError.conflict) { try await s.book(bad, patientID: nil) }
        }
    }

    @Test func rescheduleIsAtomic() async throws {
        let store = InMemoryStore()
        let s = Scheduler(profile: profile, store: store, clock: clock)
        let a = try await s.book(slot("hyg-b", "cleaning", "2026-03-09T09:00", 60), patientID: "p1")
        let b = try await s.book(slot("hyg-b", "cleaning", "2026-03-09T11:00", 60), patientID: "p2")

        // To a taken (overlapping) slot: refused, and A keeps its time.
        await #expect(throws: BookingError.conflict) {
            try await s.reschedule(a.id, to: slot("hyg-b", "cleaning", "2026-03-09T10:30", 60))
        }
        #expect(try await s.appointment(a.id)?.start == Fixture.dt("2026-03-09T09:00"))
        #expect(try await s.appointment(b.id)?.start == Fixture.dt("2026-03-09T11:00"))
        await #expect(throws: BookingError.conflict) {   // 09:00 is still A's
            try await s.book(slot("hyg-b", "cleaning", "2026-03-09T09:00", 60), patientID: "p3")
        }

        // Overlapping its own old time is fine.
        let moved = try await s.reschedule(a.id, to: slot("hyg-b", "cleaning", "2026-03-09T09:30", 60))
        #expect(moved.id == a.id && moved.start == Fixture.dt("2026-03-09T09:30"))

        // Success frees the old slot.
        let moved2 = try await s.reschedule(a.id, to: slot("hyg-b", "cleaning", "2026-03-10T14:00", 60))
        #expect(moved2.start == Fixture.dt("2026-03-10T14:00"))
        let q = SlotQuery(typeID: "cleaning", from: Fixture.d("2026-03-09"), days: 1, limit: 1)
        #expect(try await s.search(q).lines == ["2026-03-09T08:00 hyg-b"])
        let again = try await s.book(slot("hyg-b", "cleaning", "2026-03-09T09:30", 60), patientID: "p3")
        #expect(again.start == Fixture.dt("2026-03-09T09:30"))

        // Unknown appointment.
        await #expect(throws: BookingError.notFound) {
            try await s.reschedule("nope", to: slot("hyg-b", "cleaning", "2026-03-11T09:00", 60))
        }
    }

    @Test func concurrentReschedulesToOneSlot() async throws {
        let store = InMemoryStore()
        let s = Scheduler(profile: profile, store: store, clock: clock)
        var ids: [String] = []
        for h in 8..<16 {
            let start = "2026-03-10T" + TimeOfDay(hour: h).hhmm
            ids.append(try await s.book(slot("dr-a", "exam", start, 30), patientID: "p\(h)").id)
        }
        let target = slot("dr-a", "exam", "2026-03-11T09:00", 30)
        let wins = await withTaskGroup(of: Bool.self) { group in
            for id in ids { group.addTask { (try? await s.reschedule(id, to: target)) != nil } }
            var n = 0
            for await ok in group where ok { n += 1 }
            return n
        }
        #expect(wins == 1)
        let onTenth = await store.appointments(practiceID: "test-dental", providerID: "dr-a",
                                                   from: Fixture.dt("2026-03-10T00:00"), to: Fixture.dt("2026-03-11T00:00"))
        #expect(onTenth.filter(\.isActive).count == ids.count - 1)
    }

    @Test func cancelFreesTheSlot() async throws {
        let s = Scheduler(profile: profile, store: InMemoryStore(), clock: clock)
        let target = slot("dr-c", "exam", "2026-03-09T13:00", 30)
        let a = try await s.book(target, patientID: "p1")
        await #expect(throws: BookingError.conflict) { try await s.book(target, patientID: "p2") }
        let cancelled = try await s.cancel(a.id)
        #expect(cancelled.status == .cancelled)
        let b = try await s.book(target, patientID: "p2")
        #expect(b.id != a.id)
        await #expect(throws: BookingError.notFound) { try await s.cancel("nope") }
    }

    @Test func confirm() async throws {
        let s = Scheduler(profile: profile, store: InMemoryStore(), clock: clock)
        let a = try await s.book(slot("dr-a", "exam", "2026-03-09T08:00", 30), patientID: "p1")
        #expect(a.status == .booked)
        #expect(try await s.confirm(a.id).status == .confirmed)
        // A confirmed appointment still holds its time.
        await #expect(throws: BookingError.conflict) {
            try await s.book(slot("dr-a", "exam", "2026-03-09T08:00", 30), patientID: "p2")
        }
        _ = try await s.cancel(a.id)
        await #expect(throws: BookingError.notFound) { try await s.confirm(a.id) }
    }

    @Test func injectedIDs() async throws {
        let s = Scheduler(profile: profile, store: InMemoryStore(), clock: clock, makeID: { "fixed-id" })
        let a = try await s.book(slot("dr-a", "exam", "2026-03-09T08:00", 30), patientID: nil)
        #expect(a.id == "fixed-id" && a.patientID == nil && a.practiceID == "test-dental" && a.typeID == "exam")
    }
}
