import FrontDeskCore
import Scheduling
import Understanding

/// What a booking still needs; filled from any turn, never asked twice.
struct BookingForm {
    var typeID: String?
    var providerID: String?
    var when: DateConstraint?
    var name: String?
    /// The patient, when the caller books for someone else ("my son Tyler").
    var patientName: String?
    var forSomeoneElse = false
    var isNew: Bool?
    var carrier: String?
    var noInsurance = false
    var askedCarrier = false
    var askedWhichCarrier = false
    var petName: String?
    var species: String?
    var dob: LocalDate?
    var patientID: String?
    /// Slots on offer; the first is the one proposed.
    var offered: [Slot] = []
    var accepted: Slot?
    var callback: String?
    var callbackConfirmed = false
    /// The date constraint the current offer was searched for (a new one means search again).
    var searched: DateConstraint?
}

/// Identity and target appointment for reschedule, cancel, confirm and look-up.
struct AccountForm {
    var name: String?
    var dob: LocalDate?
    var petName: String?
    var patient: Patient?
    var failures = 0
    /// The caller is asking about someone else's appointment.
    var thirdParty = false
    var askedName = 0
    var verified = false
    var appointment: Appointment?
}

/// A message for staff.
struct MessageForm {
    var reason: MessageReason?
    var name: String?
    var callback: String?
}

/// A refill request for a clinician.
struct RefillForm {
    var name: String?
    var dob: LocalDate?
    var medication: String?
    var pharmacy: String?
    var callback: String?
    var patientID: String?
}
