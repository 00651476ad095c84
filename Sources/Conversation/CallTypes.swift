import FrontDeskCore

/// What happens to the call after an agent turn.
public enum CallAction: Sendable, Equatable {
    /// Keep listening.
    case `continue`
    /// Hand the call to a number (front desk, on-call, emergency line, crisis line).
    case transfer(to: String, reason: TransferReason)
    /// Hang up after speaking.
    case end
}

/// Why a call left the receptionist.
public enum TransferReason: String, Sendable {
    case emergency, crisis, frontDesk = "front_desk", onCall = "on_call"
}

/// The appointment an outcome refers to, as structured fields (never the caller's words).
public struct AppointmentDetail: Sendable, Equatable {
    public var appointmentID: String
    public var typeID: String?
    public var providerID: String
    public var start: LocalDateTime
    /// The patient booked (for veterinary practices: the animal).
    public var patientName: String?
    public init(appointmentID: String, typeID: String?, providerID: String, start: LocalDateTime, patientName: String?) {
        self.appointmentID = appointmentID; self.typeID = typeID; self.providerID = providerID; self.start = start
        self.patientName = patientName
    }
}

extension AppointmentDetail {
    /// The detail of a stored appointment.
    public init(_ a: Appointment, patientName: String?) {
        self.init(appointmentID: a.id, typeID: a.typeID, providerID: a.providerID, start: a.start, patientName: patientName)
    }
}

/// One structured outcome event, with the agent turn that produced it (0 = greeting).
public struct CallEvent: Sendable, Equatable {
    public var outcome: Outcome
    public var turn: Int
    public var appointment: AppointmentDetail?
    public init(outcome: Outcome, turn: Int, appointment: AppointmentDetail? = nil) {
        self.outcome = outcome; self.turn = turn; self.appointment = appointment
    }
}

/// The receptionist's answer to one caller turn.
public struct AgentTurn: Sendable {
    public var text: String
    public var events: [CallEvent]
    public var action: CallAction
    public init(text: String, events: [CallEvent] = [], action: CallAction = .continue) {
        self.text = text; self.events = events; self.action = action
    }
}
