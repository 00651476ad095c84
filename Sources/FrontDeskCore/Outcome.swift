/// A structured event the receptionist emits during a call (names as in `shared/spec/eval-suite.md`).
/// Staff summaries, evaluations and the dashboard read these — never the caller's words.
public enum Outcome: String, Sendable, CaseIterable, Codable {
    case booked
    case rescheduled
    case cancelled
    case confirmed
    case infoAnswered = "info_answered"
    case messageTaken = "message_taken"
    case refillRequested = "refill_requested"
    case humanTransfer = "human_transfer"
    case emergencyTransfer = "emergency_transfer"
    case crisisReferral = "crisis_referral"
    case clinicalDeflected = "clinical_deflected"
    case identityVerified = "identity_verified"
    case identityFailed = "identity_failed"
}
