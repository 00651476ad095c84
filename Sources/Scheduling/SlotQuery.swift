import FrontDeskCore

/// What a caller asks for: an appointment type, optionally a provider, a date range and a time of day.
///
/// All times are practice-local wall times. The time filters combine (all must hold for a slot's start):
/// `part` (morning/afternoon/evening), `notBefore` ("after 4" → start ≥ 16:00), `notAfter` (latest start,
/// exclusive: "before 10" → start < 10:00) and `exactTime` ("at 9:30" → start == 09:30).
public struct SlotQuery: Sendable, Hashable {
    /// Appointment type id (`appointment_types[].id`).
    public var typeID: String
    /// Only this provider (`providers[].id`); nil for any provider who offers the type.
    public var providerID: String?
    /// First day of the search window.
    public var from: LocalDate
    /// Horizon in days, `from` included (default 14; clamped to 1…`Availability.maxDays`).
    public var days: Int
    /// Part of the day the slot must START in.
    public var part: DayPart?
    /// Earliest start, inclusive ("after 4" → 16:00).
    public var notBefore: TimeOfDay?
    /// Latest start, exclusive ("before 10" → start < 10:00).
    public var notAfter: TimeOfDay?
    /// Only this start time.
    public var exactTime: TimeOfDay?
    /// How many slots to return (default 3). Results prefer distinct start times.
    public var limit: Int

    public init(typeID: String, providerID: String? = nil, from: LocalDate, days: Int = 14, part: DayPart? = nil,
                notBefore: TimeOfDay? = nil, notAfter: TimeOfDay? = nil, exactTime: TimeOfDay? = nil, limit: Int = 3) {
        self.typeID = typeID; self.providerID = providerID; self.from = from; self.days = days; self.part = part
        self.notBefore = notBefore; self.notAfter = notAfter; self.exactTime = exactTime; self.limit = limit
    }

    /// A first-available search: any time, `days` (default 90) from `from`.
    public static func firstAvailable(typeID: String, providerID: String? = nil, from: LocalDate, days: Int = 90,
                                      limit: Int = 3) -> SlotQuery {
        SlotQuery(typeID: typeID, providerID: providerID, from: from, days: days, limit: limit)
    }

    /// The last day of the window (inclusive).
    public var through: LocalDate { from.adding(days: max(days, 1) - 1) }

    /// Does a start time pass the query's time-of-day filters?
    public func matchesTime(_ t: TimeOfDay) -> Bool {
        if let part, !part.contains(t) { return false }
        if let notBefore, t < notBefore { return false }
        if let notAfter, t >= notAfter { return false }
        if let exactTime, t != exactTime { return false }
        return true
    }

    /// True when any time-of-day filter is set.
    public var hasTimeFilter: Bool { part != nil || notBefore != nil || notAfter != nil || exactTime != nil }
}

/// A bookable opening: a provider, an appointment type and a practice-local start.
public struct Slot: Sendable, Hashable, CustomStringConvertible {
    public var providerID: String
    public var typeID: String
    public var start: LocalDateTime
    public var minutes: Int

    public init(providerID: String, typeID: String, start: LocalDateTime, minutes: Int) {
        self.providerID = providerID; self.typeID = typeID; self.start = start; self.minutes = minutes
    }

    /// Practice-local end (wall time).
    public var end: LocalDateTime { LocalDateTime(wallMinutes: start.wallMinutes + minutes) }
    /// `2026-03-10T09:00 dr-patel` — the CLI's line format.
    public var description: String { "\(start.iso) \(providerID)" }
}

/// Why a search found nothing.
public enum NoSlotReason: Sendable, Equatable {
    /// The appointment type id is not in the profile.
    case unknownType
    /// The named provider does not offer the type (or is not in the profile).
    case providerDoesNotOffer
    /// Nobody in the profile offers the type.
    case noProviderOffersType
    /// The whole window lies before now (or all of its open time has already passed / is inside the lead time).
    case inThePast
    /// The practice is closed (closure or closed weekday) on every day searched; carries the first such day.
    case practiceClosed(LocalDate)
    /// The practice is open but the named provider (or, with no provider named, every provider offering the
    /// type) does not work; carries the first open day of the window.
    case providerNotWorking(LocalDate)
    /// There is open time matching the request but every slot is taken.
    case fullyBooked
    /// Open in the window, but nothing starts in the requested part of the day / time.
    case noneMatchTime
}

/// The answer to a `SlotQuery`.
public enum SearchResult: Sendable, Equatable {
    case slots([Slot])
    case none(NoSlotReason)

    /// The slots found (empty for `.none`).
    public var slots: [Slot] {
        if case .slots(let s) = self { return s }
        return []
    }
    /// The reason nothing was found (nil when slots were found).
    public var reason: NoSlotReason? {
        if case .none(let r) = self { return r }
        return nil
    }
}
