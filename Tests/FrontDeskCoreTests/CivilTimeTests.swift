import Foundation
import Testing
@testable import FrontDeskCore

@Suite struct LocalDateTests {
    @Test func dayNumberRoundTrip() {
        let start = LocalDate(year: 1999, month: 12, day: 1).dayNumber
        var previous = LocalDate(dayNumber: start - 1)
        for n in start..<(start + 5000) {
            let d = LocalDate(dayNumber: n)
            #expect(d.dayNumber == n)
            #expect(LocalDate.isValid(year: d.year, month: d.month, day: d.day))
            #expect(LocalDate(iso: d.iso) == d)
            #expect(previous < d)
            #expect(previous.adding(days: 1) == d)
            #expect(d.weekday.rawValue == (previous.weekday.rawValue + 1) % 7)
            previous = d
        }
    }

    @Test func knownDayNumbers() {
        #expect(LocalDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(LocalDate(year: 1969, month: 12, day: 31).dayNumber == -1)
        #expect(LocalDate(year: 2000, month: 3, day: 1).dayNumber == 11_017)
        #expect(LocalDate(dayNumber: -1) == LocalDate(year: 1969, month: 12, day: 31))
        let a = LocalDate(year: 2026, month: 3, day: 9), b = LocalDate(year: 2027, month: 3, day: 9)
        #expect(a.days(until: b) == 365)
    }

    @Test func weekdaysOfKnownDates() {
        #expect(LocalDate(year: 2026, month: 3, day: 9).weekday == .mon)
        #expect(LocalDate(year: 1970, month: 1, day: 1).weekday == .thu)
        #expect(LocalDate(year: 1969, month: 12, day: 31).weekday == .wed)
        #expect(LocalDate(year: 2026, month: 12, day: 25).weekday == .fri)
        #expect(LocalDate(year: 2000, month: 2, day: 29).weekday == .tue)
        #expect(LocalDate(year: 2026, month: 11, day: 1).weekday == .sun)
    }

    @Test func leapYears() {
        #expect(LocalDate.daysIn(month: 2, year: 2024) == 29)
        #expect(LocalDate.daysIn(month: 2, year: 2026) == 28)
        #expect(LocalDate.daysIn(month: 2, year: 2000) == 29)
        #expect(LocalDate.daysIn(month: 2, year: 1900) == 28)
        #expect(LocalDate(iso: "2028-02-29") != nil)
        #expect(LocalDate(iso: "2027-02-29") == nil)
        #expect(LocalDate(year: 2028, month: 2, day: 28).adding(days: 1) == LocalDate(year: 2028, month: 2, day: 29))
        #expect(LocalDate(year: 2027, month: 2, day: 28).adding(days: 1) == LocalDate(year: 2027, month: 3, day: 1))
    }

    @Test func isoParsing() {
        #expect(LocalDate(iso: "2026-03-09") == LocalDate(year: 2026, month: 3, day: 9))
        #expect(LocalDate(iso: "2026-03-09")?.iso == "2026-03-09")
        for bad in ["2026-3-09", "2026-13-01", "2026-04-31", "2026-00-10", "26-03-09", "2026/03/09", "",
                    "+202-03-09", "2026-+3-09", "2026-03-+9", "２０２６-03-09"] {
            #expect(LocalDate(iso: bad) == nil, "\(bad)")
        }
    }
}

@Suite struct TimeOfDayTests {
    @Test func parsing() {
        #expect(TimeOfDay(hhmm: "09:00")?.minutes == 540)
        #expect(TimeOfDay(hhmm: "00:00")?.minutes == 0)
        #expect(TimeOfDay(hhmm: "23:59")?.minutes == 1439)
        #expect(TimeOfDay(hhmm: "24:00")?.minutes == 1440)
        for bad in ["9:00", "24:01", "25:00", "12:60", "12-00", "1200", "ab:cd", "+1:00", "-1:00", "12:+5", ""] {
            #expect(TimeOfDay(hhmm: bad) == nil, "\(bad)")
        }
        #expect(TimeOfDay(hour: 14, minute: 30).hhmm == "14:30")
    }

    @Test func openRanges() {
        let r = OpenRange(parsing: "08:00-17:00")
        #expect(r == OpenRange(start: TimeOfDay(hour: 8), end: TimeOfDay(hour: 17)))
        #expect(r?.contains(TimeOfDay(hour: 8)) == true)
        #expect(r?.contains(TimeOfDay(hour: 17)) == false)
        #expect(OpenRange(parsing: "10:00-nineteen") == nil)
        #expect(OpenRange(parsing: "17:00-08:00") != nil)   // parses; the validator rejects it
    }

    @Test func spoken() {
        #expect(TimeOfDay(hour: 9).spokenEnglish == "9 AM")
        #expect(TimeOfDay(hour: 14, minute: 30).spokenEnglish == "2:30 PM")
        #expect(TimeOfDay(hour: 12).spokenEnglish == "12 noon")
        #expect(TimeOfDay(hour: 0).spokenEnglish == "12 AM")
        #expect(TimeOfDay(hour: 9).spokenSpanish == "las 9 de la mañana")
        #expect(TimeOfDay(hour: 13).spokenSpanish == "la 1 de la tarde")
        #expect(TimeOfDay(hour: 14, minute: 30).spokenSpanish == "las 2:30 de la tarde")
    }

    @Test func localDateTime() {
        let t = LocalDateTime(iso: "2026-03-09T09:30")
        #expect(t == LocalDateTime(date: LocalDate(year: 2026, month: 3, day: 9), time: TimeOfDay(hour: 9, minute: 30)))
        #expect(LocalDateTime(iso: "2026-03-09T09:30:15") == t)
        #expect(LocalDateTime(iso: "2026-03-09T24:00") == nil)
        #expect(LocalDateTime(wallMinutes: t!.wallMinutes) == t)
        #expect(LocalDateTime(wallMinutes: -1) == LocalDateTime(date: LocalDate(year: 1969, month: 12, day: 31),
                                                                time: TimeOfDay(hour: 23, minute: 59)))
    }
}

@Suite struct TimeZoneInstantTests {
    let chicago = TimeZone(identifier: "America/Chicago")!

    func local(_ s: String) -> LocalDateTime { LocalDateTime(iso: s)! }
    func utc(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    @Test func beforeSpringForward() {
        #expect(chicago.instant(of: local("2026-03-06T09:00")) == utc("2026-03-06T15:00:00Z"))
        #expect(chicago.instant(of: local("2026-03-08T01:59")) == utc("2026-03-08T07:59:00Z"))
    }

    @Test func springForwardGap() {
        #expect(chicago.instant(of: local("2026-03-08T02:30")) == nil)
        #expect(chicago.instant(of: local("2026-03-08T02:00")) == nil)
        #expect(chicago.instant(of: local("2026-03-08T03:00")) == utc("2026-03-08T08:00:00Z"))
        #expect(chicago.instant(of: local("2026-03-08T09:00")) == utc("2026-03-08T14:00:00Z"))
        #expect(chicago.instant(of: local("2026-03-09T09:00")) == utc("2026-03-09T14:00:00Z"))
    }

    @Test func fallBackOverlap() {
        #expect(chicago.instant(of: local("2026-11-01T01:30")) == utc("2026-11-01T06:30:00Z"))
        #expect(chicago.instant(of: local("2026-11-01T00:30")) == utc("2026-11-01T05:30:00Z"))
        #expect(chicago.instant(of: local("2026-11-01T02:00")) == utc("2026-11-01T08:00:00Z"))
        #expect(chicago.instant(of: local("2026-11-01T09:00")) == utc("2026-11-01T15:00:00Z"))
    }

    @Test func localOfInstantRoundTrip() {
        #expect(chicago.local(utc("2026-03-08T14:00:00Z")) == local("2026-03-08T09:00"))
        #expect(chicago.local(utc("2026-11-01T06:30:00Z")) == local("2026-11-01T01:30"))
        #expect(chicago.local(utc("2026-11-01T07:30:00Z")) == local("2026-11-01T01:30"))
        // Every quarter hour for a week around each change maps back to itself (except the gap).
        for start in ["2026-03-05T00:00", "2026-10-29T00:00"] {
            let s = local(start).wallMinutes
            for m in stride(from: s, to: s + 7 * 1440, by: 15) {
                let t = LocalDateTime(wallMinutes: m)
                guard let i = chicago.instant(of: t) else {
                    #expect(t.date == LocalDate(year: 2026, month: 3, day: 8) && t.time.hour == 2, "\(t)")
                    continue
                }
                #expect(chicago.local(i) == t)
            }
        }
    }

    @Test func otherZones() {
        let phoenix = TimeZone(identifier: "America/Phoenix")!
        #expect(phoenix.instant(of: local("2026-03-08T02:30")) == utc("2026-03-08T09:30:00Z"))
        let utcZone = TimeZone(identifier: "UTC")!
        #expect(utcZone.instant(of: local("2026-06-01T12:00")) == utc("2026-06-01T12:00:00Z"))
    }
}
