import Foundation
import FrontDeskCore
import Testing
@testable import Scheduling

@Suite("Availability")
struct AvailabilityTests {
    let a = Availability(profile: Fixture.profile())
    let now = Fixture.now

    func q(_ type: String, _ from: String, days: Int = 1, provider: String? = nil, part: DayPart? = nil,
           after: String? = nil, before: String? = nil, at: String? = nil, limit: Int = 1000) -> SlotQuery {
        SlotQuery(typeID: type, providerID: provider, from: Fixture.d(from), days: days, part: part,
                  notBefore: after.map(Fixture.t), notAfter: before.map(Fixture.t), exactTime: at.map(Fixture.t), limit: limit)
    }

    // MARK: hours

    @Test func practiceHoursBoundTheDay() {
        let r = a.search(q("cleaning", "2026-03-09"), busy: [], now: now)
        let times = r.slots.map(\.start.time.hhmm)
        #expect(times.first == "08:00")
        #expect(times.last == "16:00")          // 60 minutes must end by 17:00
        #expect(times.count == 17)              // 08:00 … 16:00 every 30 minutes
        #expect(r.slots.allSatisfy { $0.providerID == "hyg-b" && $0.minutes == 60 && $0.typeID == "cleaning" })
    }

    @Test func durationMustEndByClosing() {
        // Friday 08:00–14:00: a 30-minute exam can start at 13:30, not later.
        let fri = a.search(q("exam", "2026-03-06"), busy: [], now: now)
        #expect(fri.slots.last?.start.time.hhmm == "13:30")
        // Thursday: hygienist 10:00–16:00, a 60-minute cleaning starts at 15:00 at the latest.
        let thu = a.search(q("cleaning", "2026-03-12"), busy: [], now: now)
        #expect(thu.slots.first?.start.time.hhmm == "10:00")
        #expect(thu.slots.last?.start.time.hhmm == "15:00")
    }

    @Test func slotStepIsAGridFromOpening() {
        let a15 = Availability(profile: Fixture.profile(step: 15))
        let r = a15.search(q("exam", "2026-03-12", provider: "dr-a", limit: 3), busy: [], now: now)
        #expect(r.lines == ["2026-03-12T10:00 dr-a", "2026-03-12T10:15 dr-a", "2026-03-12T10:30 dr-a"])
    }

    @Test func providerNarrowerHours() {
        // dr-c works 13:00–17:00 on Mondays only.
        let r = a.search(q("exam", "2026-03-09", provider: "dr-c"), busy: [], now: now)
        #expect(r.slots.first?.start.time.hhmm == "13:00")
        #expect(r.slots.last?.start.time.hhmm == "16:30")
        #expect(r.slots.count == 8)
        // Tuesday: absent weekday → practice hours.
        let tue = a.search(q("exam", "2026-03-10", provider: "dr-c"), busy: [], now: now)
        #expect(tue.slots.first?.start.time.hhmm == "08:00")
        #expect(a.hours(of: "dr-c", on: Fixture.d("2026-03-09")) == Fixture.range("13:00-17:00"))
        #expect(a.hours(of: "hyg-b", on: Fixture.d("2026-03-12")) == Fixture.range("10:00-16:00"))
    }

    @Test func providerHoursNilMeansClosed() {
        // hyg-b: fri: closed. Named → providerNotWorking; not named → still nobody for cleaning.
        let named = a.search(q("cleaning", "2026-03-06", provider: "hyg-b"), busy: [], now: now)
        #expect(named.reason == .providerNotWorking(Fixture.d("2026-03-06")))
        let anyone = a.search(q("cleaning", "2026-03-06"), busy: [], now: now)
        #expect(anyone.reason == .providerNotWorking(Fixture.d("2026-03-06")))
        // dr-c: wed: closed, but dr-a still offers exams that day.
        let wed = a.search(q("exam", "2026-03-11", limit: 1000), busy: [], now: now)
        #expect(!wed.slots.isEmpty && wed.slots.allSatisfy { $0.providerID == "dr-a" })
        #expect(a.search(q("exam", "2026-03-11", provider: "dr-c"), busy: [], now: now).reason
                == .providerNotWorking(Fixture.d("2026-03-11")))
    }

    @Test func providerHoursNeverWiderThanPractice() {
        let p = Fixture.profile(providers: [
            Provider(id: "dr-a", name: "A", appointmentTypes: ["exam", "cleaning", "emergency", "xray"],
                     hours: [.mon: Fixture.range("06:00-20:00")]),
        ])
        let r = Availability(profile: p).search(q("exam", "2026-03-09"), busy: [], now: now)
        #expect(r.slots.first?.start.time.hhmm == "08:00")
        #expect(r.slots.last?.start.time.hhmm == "16:30")
    }

    // MARK: closures and closed weekdays

    @Test func closureDay() {
        let r = a.search(q("exam", "2026-03-13"), busy: [], now: now)
        #expect(r.reason == .practiceClosed(Fixture.d("2026-03-13")))
        #expect(r.reason?.explanation(profile: a.profile, query: q("exam", "2026-03-13"))
                == "Test Dental is closed on Friday 2026-03-13 (closure).")
        // A week containing the closure simply skips it.
        let week = a.search(q("exam", "2026-03-12", days: 4, provider: "dr-a"), busy: [], now: now)
        #expect(!week.slots.contains { $0.start.date == Fixture.d("2026-03-13") })
    }

    @Test func closedWeekday() {
        let sat = a.search(q("exam", "2026-03-14"), busy: [], now: now)
        #expect(sat.reason == .practiceClosed(Fixture.d("2026-03-14")))
        let weekend = a.search(q("exam", "2026-03-14", days: 2), busy: [], now: now)
        #expect(weekend.reason == .practiceClosed(Fixture.d("2026-03-14")))
    }

    // MARK: bookings

    @Test func existingBookingsBlockOverlaps() {
        let busy = [
            Fixture.busy("hyg-b", "2026-03-09T09:00", 60),
            Fixture.busy("hyg-b", "2026-03-09T12:00", 60, status: .cancelled),  // cancelled: frees nothing up
            Fixture.busy("dr-a", "2026-03-09T08:00", 60),                       // another provider
        ]
        let times = a.search(q("cleaning", "2026-03-09"), busy: busy, now: now).slots.map(\.start.time.hhmm)
        #expect(times.contains("08:00"))
        #expect(!times.contains("08:30"))   // 08:30–09:30 overlaps 09:00–10:00
        #expect(!times.contains("09:00"))
        #expect(!times.contains("09:30"))
        #expect(times.contains("10:00"))    // touching end is fine
        #expect(times.contains("12:00"))    // cancelled appointment does not block
        #expect(times.count == 14)
    }

    @Test func bookingRunningPastMidnightBlocksNextMorning() {
        let a24 = Availability(profile: Fixture.everyDay("00:00-24:00"))
        let busy = [Fixture.busy("dr-a", "2026-03-09T23:30", 90)]   // until 01:00 on the 10th
        let r = a24.search(q("exam", "2026-03-10", limit: 1), busy: busy, now: now)
        #expect(r.lines == ["2026-03-10T01:00 dr-a"])
    }

    @Test func fullyBooked() {
        let busy = [Fixture.busy("hyg-b", "2026-03-09T08:00", 9 * 60)]
        let r = a.search(q("cleaning", "2026-03-09"), busy: busy, now: now)
        #expect(r.reason == .fullyBooked)
        // Open time left, but not an hour of it.
        let fragmented = stride(from: 8 * 60, to: 17 * 60, by: 60).map { m in
            Fixture.busy("hyg-b", "2026-03-09T" + TimeOfDay(minutes: m + 30).hhmm, 30)
        }
        #expect(a.search(q("cleaning", "2026-03-09"), busy: fragmented, now: now).reason == .fullyBooked)
        #expect(a.search(q("exam", "2026-03-09", provider: "dr-a"), busy: fragmented, now: now).slots.count == 18)
    }

    // MARK: time of day

    @Test func partsOfDay() {
        let morning = a.search(q("exam", "2026-03-09", part: .morning), busy: [], now: now).slots
        #expect(morning.first?.start.time.hhmm == "08:00")
        #expect(morning.last?.start.time.hhmm == "11:30")
        let afternoon = a.search(q("exam", "2026-03-09", part: .afternoon, limit: 3), busy: [], now: now)
        #expect(afternoon.lines == ["2026-03-09T12:00 dr-a", "2026-03-09T12:30 dr-a", "2026-03-09T13:00 dr-a"])
        let lastAfternoon = a.search(q("exam", "2026-03-09", part: .afternoon), busy: [], now: now).slots.last
        #expect(lastAfternoon?.start.time.hhmm == "16:30")
        // Thursday is open until 19:00: evening slots start 17:00 … 18:30.
        let evening = a.search(q("exam", "2026-03-12", provider: "dr-a", part: .evening), busy: [], now: now).slots.map(\.start.time.hhmm)
        #expect(evening == ["17:00", "17:30", "18:00", "18:30"])
        // Monday closes at 17:00: nothing in the evening.
        #expect(a.search(q("exam", "2026-03-09", part: .evening), busy: [], now: now).reason == .noneMatchTime)
    }

    @Test func afterFour() {
        let r = a.search(q("exam", "2026-03-09", after: "16:00"), busy: [], now: now)
        // Both dr-a and dr-c are free at 16:00 and 16:30; with no limit everything is listed, providers in profile order.
        #expect(r.lines == ["2026-03-09T16:00 dr-a", "2026-03-09T16:00 dr-c", "2026-03-09T16:30 dr-a", "2026-03-09T16:30 dr-c"])
    }

    @Test func beforeAndExactTime() {
        let r = a.search(q("exam", "2026-03-10", before: "10:00"), busy: [], now: now).slots.map(\.start.time.hhmm)
        #expect(r.last == "09:30")
        let at = a.search(q("exam", "2026-03-10", at: "09:30"), busy: [], now: now)
        #expect(at.lines == ["2026-03-10T09:30 dr-a", "2026-03-10T09:30 dr-c"])
        #expect(a.search(q("exam", "2026-03-10", at: "09:10"), busy: [], now: now).reason == .noneMatchTime)
    }

    @Test func limitPrefersDistinctTimes() {
        // Tuesday: dr-a and dr-c both free from 08:00. Three slots → three different times, dr-a first.
        let r = a.search(q("exam", "2026-03-10", limit: 3), busy: [], now: now)
        #expect(r.lines == ["2026-03-10T08:00 dr-a", "2026-03-10T08:30 dr-a", "2026-03-10T09:00 dr-a"])
        // When dr-a is busy at 08:00, dr-c takes that time.
        let busy = [Fixture.busy("dr-a", "2026-03-10T08:00", 30)]
        let r2 = a.search(q("exam", "2026-03-10", limit: 2), busy: busy, now: now)
        #expect(r2.lines == ["2026-03-10T08:00 dr-c", "2026-03-10T08:30 dr-a"])
        // Only two distinct times left: fill with the second provider at the same time.
        let r3 = a.search(q("exam", "2026-03-09", after: "16:00", limit: 3), busy: [], now: now)
        #expect(r3.lines == ["2026-03-09T16:00 dr-a", "2026-03-09T16:00 dr-c", "2026-03-09T16:30 dr-a"])
    }

    @Test func namedProvider() {
        let r = a.search(q("exam", "2026-03-10", provider: "dr-c", limit: 2), busy: [], now: now)
        #expect(r.lines == ["2026-03-10T08:00 dr-c", "2026-03-10T08:30 dr-c"])
    }

    // MARK: first available, past, lead time

    @Test func firstAvailableRollsOverTheWeekend() {
        // Friday 13:40: the 13:30 exam has gone, nothing fits before 14:00; Sat/Sun closed → Monday 08:00.
        let now = Fixture.dt("2026-03-06T13:40")
        let r = a.search(.firstAvailable(typeID: "exam", from: Fixture.d("2026-03-06"), limit: 1), busy: [], now: now)
        #expect(r.lines == ["2026-03-09T08:00 dr-a"])
        // A Friday-afternoon request for a cleaning (hygienist off Fridays) also rolls to Monday.
        let c = a.search(SlotQuery(typeID: "cleaning", from: Fixture.d("2026-03-06"), days: 90, limit: 2), busy: [],
                         now: Fixture.dt("2026-03-06T12:00"))
        #expect(c.lines == ["2026-03-09T08:00 hyg-b", "2026-03-09T08:30 hyg-b"])
    }

    @Test func firstAvailableSkipsBookedDays() {
        // hyg-b fully booked Mon–Thu → Monday of the next week.
        let busy = ["2026-03-09", "2026-03-10", "2026-03-11"].map { Fixture.busy("hyg-b", "\($0)T08:00", 540) }
            + [Fixture.busy("hyg-b", "2026-03-12T10:00", 360)]
        let r = a.search(.firstAvailable(typeID: "cleaning", from: Fixture.d("2026-03-09"), limit: 1), busy: busy, now: now)
        #expect(r.lines == ["2026-03-16T08:00 hyg-b"])
    }

    @Test func pastDaysAndLeadTime() {
        #expect(a.search(q("exam", "2026-02-20"), busy: [], now: now).reason == .inThePast)
        #expect(a.search(q("exam", "2026-02-20", days: 5), busy: [], now: now).reason == .inThePast)
        // A window that starts in the past still finds today's and later slots.
        let mixed = a.search(q("exam", "2026-03-05", days: 5, limit: 1), busy: [], now: Fixture.dt("2026-03-06T09:00"))
        #expect(mixed.lines == ["2026-03-06T09:30 dr-a"])
        // Monday 09:10: nothing before 09:40 → first grid slot 10:00.
        let r = a.search(q("exam", "2026-03-09", provider: "dr-a", limit: 1), busy: [], now: Fixture.dt("2026-03-09T09:10"))
        #expect(r.lines == ["2026-03-09T10:00 dr-a"])
        // Exactly 30 minutes ahead is fine.
        let r2 = a.search(q("exam", "2026-03-09", provider: "dr-a", limit: 1), busy: [], now: Fixture.dt("2026-03-09T09:00"))
        #expect(r2.lines == ["2026-03-09T09:30 dr-a"])
        // Today after closing: all of today's time has passed.
        #expect(a.search(q("exam", "2026-03-09"), busy: [], now: Fixture.dt("2026-03-09T17:30")).reason == .inThePast)
        // This morning, asked in the afternoon.
        #expect(a.search(q("exam", "2026-03-09", part: .morning), busy: [], now: Fixture.dt("2026-03-09T14:00")).reason == .inThePast)
        // No lead time configured: still never at or before now.
        let a0 = Availability(profile: Fixture.profile(), leadMinutes: 0)
        #expect(a0.search(q("exam", "2026-03-09", provider: "dr-a", limit: 1), busy: [], now: Fixture.dt("2026-03-09T09:00")).lines
                == ["2026-03-09T09:30 dr-a"])
    }

    // MARK: reasons

    @Test func everyReason() {
        let p = a.profile
        func reason(_ query: SlotQuery, busy: [Appointment] = [], now: LocalDateTime = Fixture.now) -> NoSlotReason? {
            a.search(query, busy: busy, now: now).reason
        }
        #expect(reason(q("foo", "2026-03-09")) == .unknownType)
        #expect(reason(q("cleaning", "2026-03-09", provider: "dr-a")) == .providerDoesNotOffer)
        #expect(reason(q("cleaning", "2026-03-09", provider: "dr-nobody")) == .providerDoesNotOffer)
        #expect(reason(q("xray", "2026-03-09")) == .noProviderOffersType)
        #expect(reason(q("exam", "2026-01-01")) == .inThePast)
        #expect(reason(q("exam", "2026-03-13")) == .practiceClosed(Fixture.d("2026-03-13")))
        #expect(reason(q("exam", "2026-03-11", provider: "dr-c")) == .providerNotWorking(Fixture.d("2026-03-11")))
        #expect(reason(q("cleaning", "2026-03-09"), busy: [Fixture.busy("hyg-b", "2026-03-09T08:00", 540)]) == .fullyBooked)
        #expect(reason(q("exam", "2026-03-09", part: .evening)) == .noneMatchTime)

        // Explanations name what went wrong.
        func text(_ query: SlotQuery) -> String { a.search(query, busy: [], now: Fixture.now).reason!.explanation(profile: p, query: query) }
        #expect(text(q("foo", "2026-03-09")) == "Unknown appointment type \"foo\"; known: cleaning, exam, emergency, xray.")
        #expect(text(q("xray", "2026-03-09")) == "No provider offers \"xray\".")
        #expect(text(q("exam", "2026-01-01")).hasPrefix("2026-01-01 is in the past"))
        #expect(text(q("cleaning", "2026-03-09", provider: "dr-nobody")).hasPrefix("Unknown provider \"dr-nobody\""))
        #expect(text(q("cleaning", "2026-03-09", provider: "dr-a")).contains("does not offer \"cleaning\""))
        #expect(text(q("exam", "2026-03-14")) == "Test Dental is closed on Saturday 2026-03-14 (closed on Saturdays).")
    }

    @Test func degenerateQueries() {
        #expect(a.search(q("exam", "2026-03-09", limit: 0), busy: [], now: now) == .slots([]))
        // days ≤ 0 is treated as one day.
        #expect(a.search(q("exam", "2026-03-09", days: 0, provider: "dr-a", limit: 1), busy: [], now: now).lines
                == ["2026-03-09T08:00 dr-a"])
    }

    // MARK: isBookable

    @Test func isBookable() {
        let s = Slot(providerID: "hyg-b", typeID: "cleaning", start: Fixture.dt("2026-03-09T09:00"), minutes: 60)
        #expect(a.isBookable(s, busy: [], now: now))
        #expect(!a.isBookable(s, busy: [Fixture.busy("hyg-b", "2026-03-09T09:30", 30)], now: now))
        #expect(a.isBookable(s, busy: [Fixture.busy("hyg-b", "2026-03-09T09:30", 30, id: "mine")], now: now, ignoring: "mine"))
        #expect(!a.isBookable(s, busy: [], now: Fixture.dt("2026-03-09T08:45")))          // inside lead time
        var wrong = s; wrong.minutes = 30
        #expect(!a.isBookable(wrong, busy: [], now: now))                                   // wrong duration
        wrong = s; wrong.providerID = "dr-a"
        #expect(!a.isBookable(wrong, busy: [], now: now))                                   // does not offer
        wrong = s; wrong.start = Fixture.dt("2026-03-09T09:10")
        #expect(!a.isBookable(wrong, busy: [], now: now))                                   // off the grid
        wrong = s; wrong.start = Fixture.dt("2026-03-09T16:30")
        #expect(!a.isBookable(wrong, busy: [], now: now))                                   // ends after closing
        wrong = s; wrong.start = Fixture.dt("2026-03-13T09:00")
        #expect(!a.isBookable(wrong, busy: [], now: now))                                   // closure
        // Everything search returns is bookable.
        for slot in a.search(q("exam", "2026-03-09", days: 7), busy: [], now: now).slots {
            #expect(a.isBookable(slot, busy: [], now: now))
        }
    }
}
