import Foundation
import FrontDeskCore

/// Open slots from a practice profile and a list of busy appointments. Pure: no store, no clock —
/// the caller passes the busy appointments and "now" (practice-local wall time).
///
/// Rules (see docs/scheduling.md):
/// - a provider's hours on a date are the practice's hours ∩ the provider's own hours for that weekday
///   (weekday absent in the provider's hours → the practice's; present but nil → closed), none on closures;
/// - starts are on a grid of `profile.slotStepMinutes` from that opening time, and the appointment
///   (`minutes` of its type) must end by closing time;
/// - a start is free when no active appointment of that provider overlaps `[start, start + minutes)`;
/// - nothing starts before `now + leadMinutes`;
/// - everything is wall time in the practice's zone; a start whose appointment would touch a local time
///   that does not exist (spring-forward gap) is skipped.
public struct Availability: Sendable {
    /// Longest window a search scans.
    public static let maxDays = 366

    public let profile: PracticeProfile
    /// No slot starts within this many minutes after now (default 30; at least 1 is always applied,
    /// so a start at or before now is never offered).
    public var leadMinutes: Int

    /// Per provider, in profile order: id, offered types, effective hours per weekday (index `Weekday.rawValue`).
    struct Plan: Sendable {
        var id: String
        var types: Set<String>
        var hours: [OpenRange?]
    }

    let plans: [Plan]
    let step: Int
    let closureDays: Set<Int>
    let practiceHours: [OpenRange?]
    /// True when the practice is open on at least one weekday.
    let everOpen: Bool

    public init(profile: PracticeProfile, leadMinutes: Int = 30) {
        self.profile = profile
        self.leadMinutes = leadMinutes
        self.step = max(profile.slotStepMinutes, 1)
        self.closureDays = Set(profile.closures.map(\.dayNumber))
        let practice: [OpenRange?] = Weekday.allCases.map { profile.hours[$0] }
        self.practiceHours = practice
        self.everOpen = practice.contains { $0 != nil }
        self.plans = profile.providers.map { p in
            let hours: [OpenRange?] = Weekday.allCases.map { wd in
                guard let base = practice[wd.rawValue] else { return nil }
                guard let own = p.hours[wd] else { return base }       // weekday absent → practice hours
                guard let own else { return nil }                      // present but nil → closed
                let r = OpenRange(start: max(base.start, own.start), end: min(base.end, own.end))
                return r.start < r.end ? r : nil
            }
            return Plan(id: p.id, types: Set(p.appointmentTypes), hours: hours)
        }
    }

    /// A provider's effective open range on a date (practice ∩ provider, nil on closures and days off).
    public func hours(of providerID: String, on date: LocalDate) -> OpenRange? {
        guard let plan = plans.first(where: { $0.id == providerID }) else { return nil }
        let d = date.dayNumber
        if closureDays.contains(d) { return nil }
        return plan.hours[Weekday(dayNumber: d).rawValue]
    }

    /// The absolute instant a slot starts (nil only for a wall time that does not exist in the zone).
    public func instant(of slot: Slot) -> Date? { profile.timeZone.instant(of: slot.start) }

    // MARK: - Search

    public func search(_ q: SlotQuery, busy: [Appointment], now: LocalDateTime) -> SearchResult {
        guard let type = profile.appointmentType(q.typeID) else { return .none(.unknownType) }
        let duration = max(type.minutes, 1)

        // Eligible providers, in profile order.
        var eligible: [Int] = []
        if let pid = q.providerID {
            guard let i = plans.firstIndex(where: { $0.id == pid }), plans[i].types.contains(q.typeID) else {
                return .none(.providerDoesNotOffer)
            }
            eligible = [i]
        } else {
            for i in plans.indices where plans[i].types.contains(q.typeID) { eligible.append(i) }
            if eligible.isEmpty { return .none(.noProviderOffersType) }
        }

        let days = min(max(q.days, 1), Self.maxDays)
        let firstDay = q.from.dayNumber
        let lastDay = firstDay + days - 1
        let nowDay = now.date.dayNumber
        if lastDay < nowDay { return .none(.inThePast) }
        guard q.limit > 0 else { return .slots([]) }
        let limit = q.limit
        let startDay = max(firstDay, nowDay)
        let earliest = now.wallMinutes + max(leadMinutes, 1)

        // Time-of-day filter as a start window [lo, hi).
        var lo = 0, hi = 1440
        if let p = q.part { lo = max(lo, p.window.start.minutes); hi = min(hi, p.window.end.minutes) }
        if let t = q.notBefore { lo = max(lo, t.minutes) }
        if let t = q.notAfter { hi = min(hi, t.minutes) }
        if let t = q.exactTime { lo = max(lo, t.minutes); hi = min(hi, t.minutes + 1) }

        let gaps = Self.gaps(in: profile.timeZone, fromDay: startDay, toDay: lastDay)
        let index = BusyIndex(busy, fromDay: startDay, toDay: lastDay)

        // Results: `primary` holds one slot per distinct start time (first free provider in profile order);
        // `secondary` the other free providers at those times, used only when distinct times run out.
        var primary: [Slot] = []
        primary.reserveCapacity(min(limit, 64))
        var primaryKeys: [Int] = []
        var secondary: [(key: Int, slot: Slot)] = []
        var lastPrimaryWall = Int.min

        // Diagnostics for an empty result.
        var firstPracticeOpenDay: Int? = nil
        var candidates = 0, timeMatched = 0, afterNow = 0

        // Reused per-day buffers.
        var dayBusy: [(rank: Int, start: Int, end: Int)] = []
        var dayFree: [Int] = []   // start minute << 16 | rank
        let rankShift = 16

        for d in startDay...lastDay {
            if closureDays.contains(d) { continue }
            let wd = Weekday(dayNumber: d).rawValue
            if practiceHours[wd] == nil { continue }
            if firstPracticeOpenDay == nil { firstPracticeOpenDay = d }
            let dayBase = d * 1440

            // This day's busy intervals of eligible providers, grouped by rank.
            dayBusy.removeAll(keepingCapacity: true)
            busy.withUnsafeBufferPointer { buf in
                for bi in index.appointments(onDayOffset: d - startDay) {
                    guard let rank = eligible.firstIndex(where: { plans[$0].id == buf[bi].providerID }) else { continue }
                    let s = buf[bi].start.wallMinutes
                    dayBusy.append((rank, s, s + buf[bi].minutes))
                }
            }
            if dayBusy.count > 1 { dayBusy.sort { $0.rank != $1.rank ? $0.rank < $1.rank : $0.start < $1.start } }

            dayFree.removeAll(keepingCapacity: true)
            var busyCursor = 0
            for (rank, pi) in eligible.enumerated() {
                // This provider's slice of dayBusy.
                while busyCursor < dayBusy.count, dayBusy[busyCursor].rank < rank { busyCursor += 1 }
                let sliceStart = busyCursor
                var sliceEnd = sliceStart
                while sliceEnd < dayBusy.count, dayBusy[sliceEnd].rank == rank { sliceEnd += 1 }
                busyCursor = sliceEnd

                guard let range = plans[pi].hours[wd] else { continue }
                let open = range.start.minutes
                let lastStart = range.end.minutes - duration
                if lastStart < open { continue }
                var t = open
                while t <= lastStart {
                    defer { t += step }
                    let w = dayBase + t
                    if !gaps.isEmpty, Self.touchesGap(gaps, w, w + duration) { continue }
                    candidates += 1
                    if t < lo || t >= hi { continue }
                    timeMatched += 1
                    if w < earliest { continue }
                    afterNow += 1
                    var free = true
                    var k = sliceStart
                    while k < sliceEnd {
                        let b = dayBusy[k]
                        if b.start < w + duration && w < b.end { free = false; break }
                        k += 1
                    }
                    if free { dayFree.append(t << rankShift | rank) }
                }
            }
            if dayFree.isEmpty { continue }
            if eligible.count > 1 { dayFree.sort() }

            let date = LocalDate(dayNumber: d)
            for code in dayFree {
                let t = code >> rankShift, rank = code & ((1 << rankShift) - 1)
                let w = dayBase + t
                let slot = Slot(providerID: plans[eligible[rank]].id, typeID: q.typeID,
                                start: LocalDateTime(date: date, time: TimeOfDay(minutes: t)), minutes: duration)
                let key = w << rankShift | rank
                if w != lastPrimaryWall {
                    primary.append(slot); primaryKeys.append(key)
                    lastPrimaryWall = w
                    if primary.count >= limit { return .slots(primary) }
                } else if secondary.count < limit {
                    secondary.append((key, slot))
                }
            }
        }

        if !primary.isEmpty {
            // Fewer distinct times than asked for: fill with other providers at the same times.
            let need = limit - primary.count
            var merged = zip(primaryKeys, primary).map { (key: $0.0, slot: $0.1) }
            merged.append(contentsOf: secondary.prefix(need))
            merged.sort { $0.key < $1.key }
            return .slots(merged.map(\.slot))
        }

        // Nothing: explain why.
        guard let openDay = firstPracticeOpenDay else { return .none(.practiceClosed(LocalDate(dayNumber: startDay))) }
        if candidates == 0 { return .none(.providerNotWorking(LocalDate(dayNumber: openDay))) }
        if timeMatched == 0 { return .none(.noneMatchTime) }
        if afterNow == 0 { return .none(.inThePast) }
        return .none(.fullyBooked)
    }

    // MARK: - Single slot

    /// Could this exact slot be booked now? (Type and provider match, open, on the grid, fits before closing,
    /// not in the past or lead time, not in a DST gap, and no active appointment of the provider overlaps.)
    /// The final word belongs to the store's atomic insert.
    public func isBookable(_ slot: Slot, busy: [Appointment], now: LocalDateTime, ignoring appointmentID: String? = nil) -> Bool {
        guard let type = profile.appointmentType(slot.typeID), slot.minutes == type.minutes, slot.minutes > 0,
              let plan = plans.first(where: { $0.id == slot.providerID }), plan.types.contains(slot.typeID) else { return false }
        let d = slot.start.date.dayNumber
        guard !closureDays.contains(d), let range = plan.hours[Weekday(dayNumber: d).rawValue] else { return false }
        let t = slot.start.time.minutes
        guard t >= range.start.minutes, t + slot.minutes <= range.end.minutes,
              (t - range.start.minutes) % step == 0 else { return false }
        let w = slot.start.wallMinutes
        guard w >= now.wallMinutes + max(leadMinutes, 1) else { return false }
        let gaps = Self.gaps(in: profile.timeZone, fromDay: d, toDay: d)
        if !gaps.isEmpty, Self.touchesGap(gaps, w, w + slot.minutes) { return false }
        for a in busy where a.isActive && a.providerID == slot.providerID && a.id != appointmentID {
            if a.overlaps(start: slot.start, minutes: slot.minutes) { return false }
        }
        return true
    }

    // MARK: - DST

    /// Wall-time intervals `[start, end)` (minutes since 1970-01-01 local) that do not exist in `zone`
    /// (clocks jump forward) on days `fromDay...toDay`. Usually empty; one per spring-forward day.
    static func gaps(in zone: TimeZone, fromDay: Int, toDay: Int) -> [(Int, Int)] {
        // Instants safely before the first local midnight and after the last one, whatever the offset.
        let lower = Date(timeIntervalSince1970: Double(fromDay * 86_400 - 15 * 3600))
        let upper = Date(timeIntervalSince1970: Double((toDay + 1) * 86_400 + 15 * 3600))
        var out: [(Int, Int)] = []
        var t = lower
        while let next = zone.nextDaylightSavingTimeTransition(after: t), next < upper {
            let before = zone.secondsFromGMT(for: next.addingTimeInterval(-1))
            let after = zone.secondsFromGMT(for: next)
            if after > before {
                let utcMinute = Int((next.timeIntervalSince1970 / 60).rounded(.down))
                out.append((utcMinute + before / 60, utcMinute + after / 60))
            }
            guard next > t else { break }
            t = next
        }
        return out
    }

    @inline(__always)
    static func touchesGap(_ gaps: [(Int, Int)], _ start: Int, _ end: Int) -> Bool {
        for g in gaps where start < g.1 && g.0 < end { return true }
        return false
    }
}

/// Busy appointments bucketed by day of the search window (counting sort; built once per search).
/// An appointment is listed on every day it touches, so one running past midnight blocks the next morning.
struct BusyIndex {
    private var offsets: [Int]   // offsets[k]..<offsets[k+1] in `items` for day offset k
    private var items: [Int]     // indices into the busy array

    init(_ busy: [Appointment], fromDay: Int, toDay: Int) {
        let span = toDay - fromDay + 1
        var counts = [Int](repeating: 0, count: span + 1)
        // First and last day offset of each appointment, or (1, 0) when it is outside the window / inactive.
        // Fields are read through the buffer so no Appointment (and its strings) is copied or retained.
        var firstLast = [(Int32, Int32)](repeating: (1, 0), count: busy.count)
        busy.withUnsafeBufferPointer { buf in
            for i in buf.indices {
                guard buf[i].status != .cancelled, buf[i].minutes > 0 else { continue }
                let s = buf[i].start.wallMinutes
                let first = Self.floorDiv(s, 1440) - fromDay
                let last = Self.floorDiv(s + buf[i].minutes - 1, 1440) - fromDay
                if last < 0 || first >= span { continue }
                let f = max(first, 0), l = min(last, span - 1)
                firstLast[i] = (Int32(f), Int32(l))
                for k in f...l { counts[k + 1] += 1 }
            }
        }
        for k in 0..<span { counts[k + 1] += counts[k] }
        var fill = counts
        var items = [Int](repeating: 0, count: counts[span])
        for i in firstLast.indices {
            let (f, l) = firstLast[i]
            if f > l { continue }
            for k in Int(f)...Int(l) { items[fill[k]] = i; fill[k] += 1 }
        }
        self.offsets = counts
        self.items = items
    }

    func appointments(onDayOffset k: Int) -> ArraySlice<Int> { items[offsets[k]..<offsets[k + 1]] }

    @inline(__always)
    static func floorDiv(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
