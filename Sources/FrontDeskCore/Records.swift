import Foundation

/// A patient on file: a person, or (veterinary) an animal with its owner.
public struct Patient: Sendable, Hashable, Identifiable {
    public var id: String
    public var practiceID: String
    /// The person's name, or the animal's name for a veterinary patient.
    public var name: String
    public var dateOfBirth: LocalDate?
    /// Callback number on file, E.164.
    public var phone: String?
    /// Veterinary only: "dog", "cat", …
    public var species: String?
    /// Veterinary only: the owner's name.
    public var owner: String?

    public init(id: String, practiceID: String, name: String, dateOfBirth: LocalDate? = nil, phone: String? = nil,
                species: String? = nil, owner: String? = nil) {
        self.id = id; self.practiceID = practiceID; self.name = name; self.dateOfBirth = dateOfBirth
        self.phone = phone; self.species = species; self.owner = owner
    }
}

/// A booked (or cancelled) appointment. Times are practice-local wall times; the practice's zone
/// turns them into instants when needed.
public struct Appointment: Sendable, Hashable, Identifiable {
    public enum Status: String, Sendable { case booked, confirmed, cancelled }

    public var id: String
    public var practiceID: String
    /// nil for a de-identified busy block (a slot taken by a record we hold nothing else about).
    public var patientID: String?
    public var typeID: String?
    public var providerID: String
    public var start: LocalDateTime
    public var minutes: Int
    public var status: Status

    public init(id: String, practiceID: String, patientID: String?, typeID: String?, providerID: String,
                start: LocalDateTime, minutes: Int, status: Status = .booked) {
        self.id = id; self.practiceID = practiceID; self.patientID = patientID; self.typeID = typeID
        self.providerID = providerID; self.start = start; self.minutes = minutes; self.status = status
    }

    public var end: LocalDateTime { LocalDateTime(wallMinutes: start.wallMinutes + minutes) }
    /// Does it hold its provider's time? (Cancelled appointments do not.)
    public var isActive: Bool { status != .cancelled }
    public func overlaps(start s: LocalDateTime, minutes m: Int) -> Bool {
        start.wallMinutes < s.wallMinutes + m && s.wallMinutes < start.wallMinutes + minutes
    }
}

/// A message for staff to return (callback number and reason category — never the caller's words).
public struct StaffMessage: Sendable, Hashable {
    public var id: String
    public var practiceID: String
    public var callerName: String?
    public var callbackNumber: String?
    public var reason: MessageReason
    public var createdAt: Date
    public init(id: String, practiceID: String, callerName: String?, callbackNumber: String?, reason: MessageReason, createdAt: Date) {
        self.id = id; self.practiceID = practiceID; self.callerName = callerName; self.callbackNumber = callbackNumber
        self.reason = reason; self.createdAt = createdAt
    }
}

/// Why a caller wants a callback, as a category. Free text is never stored in a message.
public enum MessageReason: String, Sendable, CaseIterable {
    case appointment, cancellation, billing, speakToStaff = "speak_to_staff", records, general
}

/// A prescription refill request queued for a clinician (medication name only, as the caller said it).
public struct RefillRequest: Sendable, Hashable {
    public var id: String
    public var practiceID: String
    public var patientID: String?
    public var callerName: String?
    public var callbackNumber: String?
    public var medication: String?
    public var pharmacy: String?
    public var createdAt: Date
    public init(id: String, practiceID: String, patientID: String?, callerName: String?, callbackNumber: String?,
                medication: String?, pharmacy: String?, createdAt: Date) {
        self.id = id; self.practiceID = practiceID; self.patientID = patientID; self.callerName = callerName
        self.callbackNumber = callbackNumber; self.medication = medication; self.pharmacy = pharmacy; self.createdAt = createdAt
    }
}
