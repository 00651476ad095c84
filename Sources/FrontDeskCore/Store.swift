import Foundation

/// Why a booking or a move was refused by the store.
public enum BookingError: Error, Sendable, Equatable {
    /// The provider already has an active appointment overlapping that time.
    case conflict
    /// No such appointment (or it belongs to another practice).
    case notFound
}

/// Persistence seam for everything the receptionist reads and writes. Implementations must make
/// `insert(_:)` and `move(_:to:providerID:)` atomic with their conflict check: concurrent attempts on one
/// slot see exactly one winner. `InMemoryStore` is the reference; the encrypted SQLite Vault comes next.
public protocol Store: Sendable {
    func patients(practiceID: String) async throws -> [Patient]
    func patient(id: String) async throws -> Patient?
    func upsert(patient: Patient) async throws

    /// Active and cancelled appointments of a practice whose start lies in `[from, to)`; `providerID` narrows.
    func appointments(practiceID: String, providerID: String?, from: LocalDateTime, to: LocalDateTime) async throws -> [Appointment]
    func appointments(patientID: String) async throws -> [Appointment]
    /// Stores a new appointment unless it overlaps an active one of the same provider.
    func insert(_ appointment: Appointment) async throws(BookingError)
    /// Moves an appointment atomically: the old time is released only if the new one is taken.
    func move(_ appointmentID: String, to start: LocalDateTime, providerID: String) async throws(BookingError) -> Appointment
    func setStatus(_ appointmentID: String, _ status: Appointment.Status) async throws(BookingError) -> Appointment

    func save(message: StaffMessage) async throws
    func save(refill: RefillRequest) async throws
    func messages(practiceID: String) async throws -> [StaffMessage]
    func refills(practiceID: String) async throws -> [RefillRequest]
}

/// The reference `Store`: everything in memory, serialised by the actor (so the conflict check and the
/// write happen with no suspension between them). For tests, evaluations and `frontdesk call` without `--data`.
public actor InMemoryStore: Store {
    private var patientsByID: [String: Patient] = [:]
    private var appointmentsByID: [String: Appointment] = [:]
    /// Active appointments per provider, for the conflict check.
    private var activeByProvider: [String: [String]] = [:]
    private var messageList: [StaffMessage] = []
    private var refillList: [RefillRequest] = []

    public init() {}

    public func patients(practiceID: String) -> [Patient] {
        patientsByID.values.filter { $0.practiceID == practiceID }.sorted { $0.id < $1.id }
    }
    public func patient(id: String) -> Patient? { patientsByID[id] }
    public func upsert(patient: Patient) { patientsByID[patient.id] = patient }

    public func appointments(practiceID: String, providerID: String?, from: LocalDateTime, to: LocalDateTime) -> [Appointment] {
        appointmentsByID.values.filter {
            $0.practiceID == practiceID && (providerID == nil || $0.providerID == providerID)
                && $0.start >= from && $0.start < to
        }.sorted { $0.start < $1.start }
    }
    public func appointments(patientID: String) -> [Appointment] {
        appointmentsByID.values.filter { $0.patientID == patientID }.sorted { $0.start < $1.start }
    }

    private func key(_ a: Appointment) -> String { "\(a.practiceID)/\(a.providerID)" }

    private func hasConflict(practiceID: String, providerID: String, start: LocalDateTime, minutes: Int, ignoring: String?) -> Bool {
        for id in activeByProvider["\(practiceID)/\(providerID)", default: []] where id != ignoring {
            if let a = appointmentsByID[id], a.isActive, a.overlaps(start: start, minutes: minutes) { return true }
        }
        return false
    }

    public func insert(_ appointment: Appointment) throws(BookingError) {
        if appointment.isActive, hasConflict(practiceID: appointment.practiceID, providerID: appointment.providerID,
                                             start: appointment.start, minutes: appointment.minutes, ignoring: nil) {
            throw .conflict
        }
        appointmentsByID[appointment.id] = appointment
        if appointment.isActive { activeByProvider[key(appointment), default: []].append(appointment.id) }
    }

    public func move(_ appointmentID: String, to start: LocalDateTime, providerID: String) throws(BookingError) -> Appointment {
        guard var a = appointmentsByID[appointmentID], a.isActive else { throw .notFound }
        if hasConflict(practiceID: a.practiceID, providerID: providerID, start: start, minutes: a.minutes, ignoring: a.id) {
            throw .conflict
        }
        activeByProvider[key(a)]?.removeAll { $0 == a.id }
        a.start = start
        a.providerID = providerID
        appointmentsByID[a.id] = a
        activeByProvider[key(a), default: []].append(a.id)
        return a
    }

    public func setStatus(_ appointmentID: String, _ status: Appointment.Status) throws(BookingError) -> Appointment {
        guard var a = appointmentsByID[appointmentID] else { throw .notFound }
        a.status = status
        appointmentsByID[a.id] = a
        if status == .cancelled { activeByProvider[key(a)]?.removeAll { $0 == a.id } }
        return a
    }

    public func save(message: StaffMessage) { messageList.append(message) }
    public func save(refill: RefillRequest) { refillList.append(refill) }
    public func messages(practiceID: String) -> [StaffMessage] { messageList.filter { $0.practiceID == practiceID } }
    public func refills(practiceID: String) -> [RefillRequest] { refillList.filter { $0.practiceID == practiceID } }
}
