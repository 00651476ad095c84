import Foundation
import FrontDeskCore
import Testing
@testable import Scheduling

/// America/Chicago 2026: clocks go 02:00 → 03:00 on Sunday 2026-03-08 (CST −6 → CDT −5)
/// and 02:00 → 01:00 on Sunday 2026-11-01 (CDT −5 → CST −6).
@Suite("DST")
struct DSTTests {
    let profile = Fixture.everyDay()          // open 09:00–17:00 every day, Sundays included
    let now = Fixture.dt("2026-02-01T08:00")

    func utc(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    func day(_ a: Availability, _ date: String, type: String = "exam") -> [String] {
        a.search(SlotQuery(typeID: type, from: Fixture.d(date), days: 1, limit: 1000), busy: [], now: now)
            .slots.map(\.start.time.hhmm)
    }

    @Test func wallTimesStayPutOnTransitionDays() {
        let a = Availability(profile: profile)
        let expected = stride(from: 9 * 60, to: 17 * 60, by: 30).map { TimeOfDay(minutes: $0).hhmm }
        for date in ["2026-03-07", "2026-03-08", "2026-03-09", "2026-10-31", "2026-11-01", "2026-11-02"] {
            #expect(day(a, date) == expected, "\(date)")
        }
    }

    @Test func schedulerInstantsAcrossSpringForward() async throws {
        let store = InMemoryStore()
        let s = Scheduler(profile: profile, store: store, clock: Fixture.clock("2026-03-01T08:00"))
        let sat = try #require(try await s.search(SlotQuery(typeID: "exam", from: Fixture.d("2026-03-07"), days: 1, limit: 1)).slots.first)
        let sun = try #require(try await s.search(SlotQuery(typeID: "exam", from: Fixture.d("2026-03-08"), days: 1, limit: 1)).slots.first)
        #expect(sat.start == Fixture.dt("2026-03-07T09:00"))
        #expect(sun.start == Fixture.dt("2026-03-08T09:00"))
        #expect(s.instant(of: sat) == utc("2026-03-07T15:00:00Z"))
        #expect(s.instant(of: sun) == utc("2026-03-08T14:00:00Z"))
        let booked = try await s.book(sun, patientID: "p1")
        #expect(booked.start == Fixture.dt("2026-03-08T09:00"))
        #expect(Fixture.zone.instant(of: booked.start) == utc("2026-03-08T14:00:00Z"))
    }

    @Test func schedulerInstantsAcrossFallBack() async throws {
        let s = Scheduler(profile: profile, store: InMemoryStore(), clock: Fixture.clock("2026-10-25T08:00"))
        let sat = try #require(try await s.search(SlotQuery(typeID: "exam", from: Fixture.d("2026-10-31"), days: 1, limit: 1)).slots.first)
        let sun = try #require(try await s.search(SlotQuery(typeID: "exam", from: Fixture.d("2026-11-01"), days: 1, limit: 1)).slots.first)
        #expect(sat.start.time.hhmm == "09:00" && sun.start.time.hhmm == "09:00")
        #expect(s.instant(of: sat) == utc("2026-10-31T14:00:00Z"))
        #expect(s.instant(of: sun) == utc("2026-11-01T15:00:00Z"))
    }

    @Test func nowFromClockOnTransitionMorning() async throws {
        // 08:45 CDT on the spring-forward Sunday (13:45Z): the 09:00 slot is inside the lead time, 09:30 is first.
        let clock = FixedClock(utc("2026-03-08T13:45:00Z"))
        let s = Scheduler(profile: profile, store: InMemoryStore(), clock: clock)
        #expect(s.now() == Fixture.dt("2026-03-08T08:45"))
        let r = try await s.search(SlotQuery(typeID: "exam", from: Fixture.d("2026-03-08"), days: 1, limit: 1))
        #expect(r.slots.first?.start == Fixture.dt("2026-03-08T09:30"))
    }

    @Test func roundTheClockPracticeSkipsTheMissingHour() {
        let a = Availability(profile: Fixture.everyDay("00:00-24:00"))
        let spring = day(a, "2026-03-08")
        #expect(spring.contains("01:30"))
        #expect(!spring.contains("02:00") && !spring.contains("02:30"))    // 02:00–02:59 does not exist
        #expect(spring.contains("03:00"))
        #expect(spring.count == 46)
        // A 60-minute cleaning at 01:30 would run into the gap.
        let springLong = day(a, "2026-03-08", type: "cleaning")
        #expect(!springLong.contains("01:30") && springLong.contains("01:00") && springLong.contains("03:00"))
        // Fall back: 01:00–01:59 happens twice, but each wall time is offered once.
        let fall = day(a, "2026-11-01")
        #expect(fall.count == 48)
        #expect(Set(fall).count == 48)
        // Ordinary day.
        #expect(day(a, "2026-03-09").count == 48)
        // isBookable agrees.
        let gap = Slot(providerID: "dr-a", typeID: "exam", start: Fixture.dt("2026-03-08T02:30"), minutes: 30)
        #expect(!a.isBookable(gap, busy: [], now: now))
        let ok = Slot(providerID: "dr-a", typeID: "exam", start: Fixture.dt("2026-03-08T03:00"), minutes: 30)
        #expect(a.isBookable(ok, busy: [], now: now))
    }

    @Test func gapsAreFoundOnlyOnSpringForward() {
        let z = Fixture.zone
        let spring = Availability.gaps(in: z, fromDay: Fixture.d("2026-03-01").dayNumber, toDay: Fixture.d("2026-03-31").dayNumber)
        #expect(spring.count == 1)
        #expect(spring.first.map { LocalDateTime(wallMinutes: $0.0).iso } == "2026-03-08T02:00")
        #expect(spring.first.map { LocalDateTime(wallMinutes: $0.1).iso } == "2026-03-08T03:00")
        #expect(Availability.gaps(in: z, fromDay: Fixture.d("2026-10-01").dayNumber, toDay: Fixture.d("2026-11-30").dayNumber).isEmpty)
        #expect(Availability.gaps(in: TimeZone(identifier: "America/Phoenix")!, fromDay: Fixture.d("2026-01-01").dayNumber,
                                  toDay: Fixture.d("2026-12-31").dayNumber).isEmpty)
    }
}
