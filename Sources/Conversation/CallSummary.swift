import FrontDeskCore

/// The staff summary of one call, built only from structured fields — who called, how to reach them,
/// what happened — never by copying what the caller said. Symptoms, histories and reasons the caller
/// volunteered therefore cannot reach it.
public struct CallSummary: Sendable, Equatable {
    public var practiceID: String
    public var callerName: String?
    public var callbackNumber: String?
    public var patientName: String?
    public var species: String?
    public var newPatient: Bool?
    public var carrier: String?
    public var outcomes: [Outcome] = []
    public var booked: AppointmentDetail?
    public var rescheduled: AppointmentDetail?
    public var cancelled: AppointmentDetail?
    public var confirmed: AppointmentDetail?
    public var messageReason: MessageReason?
    public var refillMedication: String?
    public var refillPharmacy: String?
    public var transferredTo: TransferReason?

    public init(practiceID: String) { self.practiceID = practiceID }

    /// One line per fact, for the staff dashboard and the stored call record.
    public func render(profile: PracticeProfile) -> String {
        var lines: [String] = []
        if let n = callerName { lines.append("Caller: \(n)") }
        if let p = callbackNumber { lines.append("Callback: \(p)") }
        if let p = patientName, p != callerName { lines.append("Patient: \(p)" + (species.map { " (\($0))" } ?? "")) }
        if let n = newPatient { lines.append(n ? "New patient" : "Existing patient") }
        if let c = carrier { lines.append("Insurance carrier: \(c)") }
        func appt(_ label: String, _ a: AppointmentDetail) {
            let type = a.typeID.flatMap { profile.appointmentType($0)?.name } ?? "Appointment"
            let prov = profile.provider(a.providerID)?.name ?? a.providerID
            lines.append("\(label): \(type), \(a.start.iso.replacingOccurrences(of: "T", with: " ")) with \(prov)")
        }
        if let b = booked { appt("Booked", b) }
        if let r = rescheduled { appt("Rescheduled to", r) }
        if let c = cancelled { appt("Cancelled", c) }
        if let c = confirmed { appt("Confirmed", c) }
        if let r = messageReason { lines.append("Message: call back (\(r.rawValue.replacingOccurrences(of: "_", with: " ")))") }
        if refillMedication != nil || outcomes.contains(.refillRequested) {
            lines.append("Refill request: \(refillMedication ?? "medication not stated")" + (refillPharmacy.map { ", pharmacy \($0)" } ?? ""))
        }
        if let t = transferredTo { lines.append("Transferred: \(t.rawValue.replacingOccurrences(of: "_", with: " "))") }
        lines.append("Outcomes: " + (outcomes.isEmpty ? "none" : outcomes.map(\.rawValue).joined(separator: ", ")))
        return lines.joined(separator: "\n")
    }
}
