import Foundation

/// Why a booking or a move was refused by the store.
public enum BookingError: Error, Sendable, Equatable {
    /// The provider already has an active appointment overlapping that time.
    case conflict
    /// No such appointment (or it belongs to another practice).
    case notFound
    /// The store could not be written (disk full, I/O error): nothing was booked or moved.
    case unavailable
}

/// Persistence seam for everything the receptionist reads and writes. Implementations must make
/// `insert(_:)` and `move(_:to:providerID:)` atomic with their conflict check: concurrent attempts on one
/// slot see exactly one winner. `InMemoryStore` is the reference; `Vault.VaultStore` is the encrypted SQLite one.
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

    // Call records: created when a call starts, appended to turn by turn (each append is one atomic step,
    // so a crash loses at most the turn in flight), finished with the summary when it ends.
    func begin(call: CallRecord) async throws
    func append(toCall callID: String, transcript: [TranscriptEntry], events: [CallRecordEvent]) async throws
    func finish(call callID: String, endedAt: Date, patientID: String?, summary: String?, outcomes: [Outcome]) async throws
    func call(id: String) async throws -> CallRecord?
    func calls(practiceID: String) async throws -> [CallRecord]
}

/// One line of a call's transcript.
public struct TranscriptEntry: Sendable, Hashable, Codable {
    /// "caller" or "agent".
    public var speaker: String
    public var text: String
    public var at: Date
    public init(speaker: String, text: String, at: Date) { self.speaker = speaker; self.text = text; self.at = at }
}

/// A structured outcome of a call, with the turn that produced it and the appointment it concerns.
public struct CallRecordEvent: Sendable, Hashable, Codable {
    public var outcome: Outcome
    public var turn: Int
    public var appointmentID: String?
    public init(outcome: Outcome, turn: Int, appointmentID: String? = nil) {
        self.outcome = outcome; self.turn = turn; self.appointmentID = appointmentID
    }
}

/// A stored call: who called (as a number), the transcript, the outcome events and the staff summary.
public struct CallRecord: Sendable, Hashable, Identifiable {
    public var id: String
    public var practiceID: String
    public var patientID: String?
    /// Caller ID (E.164) as the network gave it.
    public var callerNumber: String?
    public var startedAt: Date
    public var endedAt: Date?
    public var transcript: [TranscriptEntry]
    public var events: [CallRecordEvent]
    /// The rendered staff summary (structured fields only), once the call has ended.
    public var summary: String?
    public var outcomes: [Outcome]

    public init(id: String, practiceID: String, patientID: String? = nil, callerNumber: String? = nil, startedAt: Date,
                endedAt: Date? = nil, transcript: [TranscriptEntry] = [], events: [CallRecordEvent] = [],
                summary: String? = nil, outcomes: [Outcome] = []) {
        self.id = id; self.practiceID = practiceID; self.patientID = patientID; self.callerNumber = callerNumber
        self.startedAt = startedAt; self.endedAt = endedAt; self.transcript = transcript; self.events = events
        self.summary = summary; self.outcomes = outcomes
    }
}

/// Why a call-record operation was refused.
public enum CallRecordError: Error, Sendable, Equatable {
    /// No such call (or it belongs to another practice).
    case notFound
    /// This store does not keep call records.
    case unsupported
}

/// Stores written before call records existed keep compiling; they refuse to keep calls.
extension Store {
    public func begin(call: CallRecord) async throws { throw CallRecordError.unsupported }
    public func append(toCall callID: String, transcript: [TranscriptEntry], events: [CallRecordEvent]) async throws {
        throw CallRecordError.unsupported
    }
    public func finish(call callID: String, endedAt: Date, patientID: String?, summary: String?, outcomes: [Outcome]) async throws {
        throw CallRecordError.unsupported
    }
    public func call(id: String) async throws -> CallRecord? { nil }
    public func calls(practiceID: String) async throws -> [CallRecord] { [] }
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

    private var callsByID: [String: CallRecord] = [:]

    public func begin(call: CallRecord) { callsByID[call.id] = call }
    public func append(toCall callID: String, transcript: [TranscriptEntry], events: [CallRecordEvent]) throws {
        guard callsByID[callID] != nil else { throw CallRecordError.notFound }
        callsByID[callID]!.transcript += transcript
        callsByID[callID]!.events += events
    }
    public func finish(call callID: String, endedAt: Date, patientID: String?, summary: String?, outcomes: [Outcome]) throws {
        guard var c = callsByID[callID] else { throw CallRecordError.notFound }
        c.endedAt = endedAt
        c.patientID = patientID ?? c.patientID
        c.summary = summary
        c.outcomes = outcomes
        callsByID[callID] = c
    }
    public func call(id: String) -> CallRecord? { callsByID[id] }
    public func calls(practiceID: String) -> [CallRecord] {
        callsByID.values.filter { $0.practiceID == practiceID }.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
    }
}
