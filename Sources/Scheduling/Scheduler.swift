import Foundation
import FrontDeskCore

/// Joins `Availability` to a `Store` and a clock: searches with the store's bookings and the current
/// practice-local time, and books, moves, cancels and confirms appointments.
///
/// Double-booking is prevented by the store, not by this actor: `Store.insert` and `Store.move` check for
/// an overlapping active appointment of the same provider atomically with the write. The pre-check here
/// (`Availability.isBookable`) only turns stale or invalid slots away early; two Schedulers (or two
/// processes) sharing a store still see exactly one winner per slot.
public actor Scheduler {
    public nonisolated let profile: PracticeProfile
    public nonisolated let availability: Availability
    private let store: any Store
    private let clock: any FrontDeskCore.Clock
    private let makeID: @Sendable () -> String

    /// - Parameter makeID: new appointment ids (default: random UUIDs, unique across Schedulers sharing a store).
    public init(profile: PracticeProfile, store: any Store, clock: any FrontDeskCore.Clock,
                leadMinutes: Int = 30, makeID: @escaping @Sendable () -> String = { "appt-" + UUID().uuidString.lowercased() }) {
        self.profile = profile
        self.availability = Availability(profile: profile, leadMinutes: leadMinutes)
        self.store = store
        self.clock = clock
        self.makeID = makeID
    }

    /// Practice-local wall time now, from the injected clock.
    public nonisolated func now() -> LocalDateTime { profile.timeZone.local(clock.now()) }

    /// The absolute instant a slot starts (nil only for a local time that does not exist in the practice zone).
    public nonisolated func instant(of slot: Slot) -> Date? { availability.instant(of: slot) }

    private var practiceID: String { profile.practice.id }

    /// Active appointments of a provider (or of everyone) touching days `from...through`.
    private func busy(providerID: String?, from: LocalDate, through: LocalDate) async throws -> [Appointment] {
        // Start one day early so an appointment running past midnight is seen.
        try await store.appointments(practiceID: practiceID, providerID: providerID,
                                     from: LocalDateTime(date: from.adding(days: -1), time: TimeOfDay(minutes: 0)),
                                     to: LocalDateTime(date: through.adding(days: 1), time: TimeOfDay(minutes: 0)))
            .filter(\.isActive)
    }

    public func search(_ q: SlotQuery) async throws -> SearchResult {
        let now = now()
        let days = min(max(q.days, 1), Availability.maxDays)
        let from = max(q.from, now.date)
        let through = q.from.adding(days: days - 1)
        let busy = through < from ? [] : try await busy(providerID: q.providerID, from: from, through: through)
        return availability.search(q, busy: busy, now: now)
    }

    /// Books a slot. Throws `BookingError.conflict` when it is taken or no longer bookable (past, closed, …).
    public func book(_ slot: Slot, patientID: String?) async throws -> Appointment {
        let busy = try await busy(providerID: slot.providerID, from: slot.start.date, through: slot.end.date)
        guard availability.isBookable(slot, busy: busy, now: now()) else { throw BookingError.conflict }
        let appointment = Appointment(id: makeID(), practiceID: practiceID, patientID: patientID, typeID: slot.typeID,
                                      providerID: slot.providerID, start: slot.start, minutes: slot.minutes)
        try await store.insert(appointment)   // atomic conflict check: the real guard against double-booking
        return appointment
    }

    /// Moves an appointment to a new slot atomically: the old time is freed only if the new one is taken.
    /// Throws `BookingError.notFound` for an unknown or cancelled appointment, `.conflict` when the new
    /// slot is taken or not bookable (the appointment then keeps its old time).
    public func reschedule(_ appointmentID: String, to slot: Slot) async throws -> Appointment {
        guard let current = try await appointment(appointmentID), current.isActive else { throw BookingError.notFound }
        if let t = current.typeID, t != slot.typeID { throw BookingError.conflict }
        if current.minutes != slot.minutes { throw BookingError.conflict }
        let busy = try await busy(providerID: slot.providerID, from: slot.start.date, through: slot.end.date)
        guard availability.isBookable(slot, busy: busy, now: now(), ignoring: appointmentID) else {
            throw BookingError.conflict
        }
        return try await store.move(appointmentID, to: slot.start, providerID: slot.providerID)
    }

    /// Cancels an appointment (its time is free again at once).
    public func cancel(_ appointmentID: String) async throws -> Appointment {
        guard try await appointment(appointmentID) != nil else { throw BookingError.notFound }
        return try await store.setStatus(appointmentID, .cancelled)
    }

    /// Marks a booked appointment confirmed. A cancelled appointment cannot be confirmed (`.notFound`):
    /// its time may have been given away — book it again instead.
    public func confirm(_ appointmentID: String) async throws -> Appointment {
        guard let current = try await appointment(appointmentID), current.isActive else { throw BookingError.notFound }
        return try await store.setStatus(appointmentID, .confirmed)
    }

    /// One appointment of this practice by id. (The store has no lookup by id; this scans the practice's
    /// appointments — fine for the in-memory store, a candidate for a `Store.appointment(id:)` later.)
    public func appointment(_ id: String) async throws -> Appointment? {
        try await store.appointments(practiceID: practiceID, providerID: nil,
                                     from: LocalDateTime(date: LocalDate(year: 1900, month: 1, day: 1), time: TimeOfDay(minutes: 0)),
                                     to: LocalDateTime(date: LocalDate(year: 9999, month: 12, day: 31), time: TimeOfDay(minutes: 0)))
            .first { $0.id == id }
    }
}
