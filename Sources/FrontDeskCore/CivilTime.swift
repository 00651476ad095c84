import Foundation

/// A calendar date with no time zone (a practice-local day), e.g. 2026-03-10.
/// Arithmetic is done on a day number so that it is fast and never touches `Calendar`.
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil when malformed or not a real date.
    public init?(iso: String) {
        let parts = iso.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              LocalDate.isValid(year: y, month: m, day: d) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's `days_from_civil`.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The date for a day number (inverse of `dayNumber`).
    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        return day <= daysIn(month: month, year: year)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }
    public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }
    public var weekday: Weekday { Weekday(dayNumber: dayNumber) }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    public var description: String { iso }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = LocalDate(iso: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(s) is not YYYY-MM-DD"))
        }
        self = d
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer(); try c.encode(iso)
    }
}

/// Day of the week, Monday first, with the profile's three-letter keys.
public enum Weekday: Int, CaseIterable, Sendable, Codable, Comparable {
    case mon = 0, tue, wed, thu, fri, sat, sun

    /// 1970-01-01 was a Thursday.
    public init(dayNumber: Int) {
        let r = ((dayNumber % 7) + 7 + 3) % 7
        self = Weekday(rawValue: r)!
    }

    public var key: String { ["mon", "tue", "wed", "thu", "fri", "sat", "sun"][rawValue] }
    public init?(key: String) {
        guard let i = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].firstIndex(of: key.lowercased()) else { return nil }
        self.init(rawValue: i)
    }
    public var englishName: String { ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][rawValue] }
    public var spanishName: String { ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"][rawValue] }
    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}

/// A wall-clock time of day in minutes after local midnight (0...1440).
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var minutes: Int
    public init(minutes: Int) { self.minutes = minutes }
    public init(hour: Int, minute: Int = 0) { self.minutes = hour * 60 + minute }

    /// Parses `HH:MM` (24-hour; `24:00` allowed as end of day).
    public init?(hhmm: String) {
        let p = hhmm.split(separator: ":", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 2, p[1].count == 2,
              p.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let h = Int(p[0]), let m = Int(p[1]), (0...24).contains(h), (0...59).contains(m),
              h * 60 + m <= 1440 else { return nil }
        self.minutes = h * 60 + m
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }
    public var hhmm: String { String(format: "%02d:%02d", hour, minute) }
    public var description: String { hhmm }
    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }

    /// "9 AM", "2:30 PM", "noon" — how the receptionist says a time in English.
    public var spokenEnglish: String {
        if minutes == 12 * 60 { return "12 noon" }
        let h12 = hour % 12 == 0 ? 12 : hour % 12
        let suffix = hour < 12 ? "AM" : "PM"
        return minute == 0 ? "\(h12) \(suffix)" : String(format: "%d:%02d %@", h12, minute, suffix)
    }

    /// "9:00", "14:30" style is unnatural in Spanish speech; we say "las 9 de la mañana", "las 2:30 de la tarde".
    public var spokenSpanish: String {
        let h12 = hour % 12 == 0 ? 12 : hour % 12
        let part = hour < 12 ? "de la mañana" : hour == 12 ? "del mediodía" : (hour < 19 ? "de la tarde" : "de la noche")
        let article = h12 == 1 ? "la" : "las"
        return minute == 0 ? "\(article) \(h12) \(part)" : String(format: "%@ %d:%02d %@", article, h12, minute, part)
    }
}

/// A practice-local date and time, e.g. 2026-03-10T09:00.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var date: LocalDate
    public var time: TimeOfDay
    public init(date: LocalDate, time: TimeOfDay) { self.date = date; self.time = time }

    /// Parses `YYYY-MM-DDTHH:MM` with optional `:SS` (seconds ignored).
    public init?(iso: String) {
        let parts = iso.split(separator: "T")
        guard parts.count == 2, let d = LocalDate(iso: String(parts[0])) else { return nil }
        var t = String(parts[1])
        if t.count == 8, t.filter({ $0 == ":" }).count == 2 { t = String(t.prefix(5)) }
        guard let tod = TimeOfDay(hhmm: t), tod.minutes < 1440 else { return nil }
        self.init(date: d, time: tod)
    }

    public var iso: String { "\(date.iso)T\(time.hhmm)" }
    public var description: String { iso }
    /// Minutes since 1970-01-01T00:00 on the local wall clock (ignores offsets: for ordering and spans only).
    public var wallMinutes: Int { date.dayNumber * 1440 + time.minutes }
    public init(wallMinutes: Int) {
        let d = Int((Double(wallMinutes) / 1440).rounded(.down))
        self.init(date: LocalDate(dayNumber: d), time: TimeOfDay(minutes: wallMinutes - d * 1440))
    }
    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.wallMinutes < b.wallMinutes }
}

extension TimeZone {
    /// The absolute instant of a practice-local wall time. In a spring-forward gap the time does not
    /// exist and nil is returned; in a fall-back overlap the first (daylight) occurrence is chosen.
    public func instant(of local: LocalDateTime) -> Date? {
        let naive = Double(local.wallMinutes * 60)
        // Try the offsets in force a day either side; keep those that map back to the same wall time.
        var candidates: [Double] = []
        for probe in [naive - 86_400, naive + 86_400, naive] {
            let off = Double(secondsFromGMT(for: Date(timeIntervalSince1970: probe)))
            let t = naive - off
            if Double(secondsFromGMT(for: Date(timeIntervalSince1970: t))) == off, !candidates.contains(t) {
                candidates.append(t)
            }
        }
        guard let first = candidates.min() else { return nil }
        return Date(timeIntervalSince1970: first)
    }

    /// The practice-local wall time of an instant.
    public func local(_ date: Date) -> LocalDateTime {
        let secs = Int(date.timeIntervalSince1970.rounded(.down)) + secondsFromGMT(for: date)
        let mins = Int((Double(secs) / 60).rounded(.down))
        return LocalDateTime(wallMinutes: mins)
    }
}

/// Part of the day as callers say it: morning before 12:00, afternoon 12:00–17:00, evening from 17:00.
public enum DayPart: String, Sendable, CaseIterable, Codable {
    case morning, afternoon, evening

    /// The wall-clock window `[start, end)` of this part of the day.
    public var window: (start: TimeOfDay, end: TimeOfDay) {
        switch self {
        case .morning: return (TimeOfDay(minutes: 0), TimeOfDay(hour: 12))
        case .afternoon: return (TimeOfDay(hour: 12), TimeOfDay(hour: 17))
        case .evening: return (TimeOfDay(hour: 17), TimeOfDay(minutes: 1440))
        }
    }
    public func contains(_ t: TimeOfDay) -> Bool { t >= window.start && t < window.end }
}
