import Vault

/// Something a signed-in staff member may do. Every route of the JSON API and the dashboard names the one
/// permission it needs; a role holds an explicit list of them (`UserRole.permissions`, docs/access.md).
public enum Permission: String, Sendable, CaseIterable, Codable {
    /// The list of calls: time, length, outcome badges (emergency, booked, message…), caller number.
    case viewCalls
    /// A call's staff summary (built from structured fields, never the caller's words).
    case viewCallSummaries
    /// A call's full transcript (the caller's own words; may hold anything they said).
    case viewTranscripts
    /// The message inbox.
    case viewMessages
    /// Marking messages handled.
    case handleMessages
    /// The refill-request queue (medication names, pharmacies).
    case viewRefills
    /// Marking refill requests handled.
    case handleRefills
    /// Appointments by day.
    case viewAppointments
    /// Booking, moving and cancelling appointments.
    case manageAppointments
    /// Finding a patient by phone, or by name and date of birth.
    case searchPatients
    /// Exporting everything held about a patient (right of access).
    case exportPatients
    /// Erasing everything held about a patient (crypto-shredding).
    case erasePatients
    /// The audit trail: who looked at what.
    case viewAudit
    /// Adding, disabling and resetting staff accounts and their API tokens.
    case manageUsers
    /// The practice profile, read-only.
    case viewPractice
}

extension UserRole {
    /// The permissions this role holds — the whole access policy, as one table (docs/access.md).
    ///
    /// - `owner`: everything.
    /// - `admin`: runs the practice day to day — everything but the audit trail, which is for the owner and
    ///   the auditor (whoever audits should not be whoever administers).
    /// - `front_desk`: calls and their summaries, messages, appointments, patient search; no transcripts,
    ///   no refill queue (medications are the clinicians'), no export or erasure.
    /// - `clinician`: calls, summaries and transcripts, messages, the refill queue, appointments (to read),
    ///   patient search.
    /// - `auditor`: the audit trail and the practice profile; no call content, no patient data.
    public var permissions: Set<Permission> {
        switch self {
        case .owner:
            return Set(Permission.allCases)
        case .admin:
            return Set(Permission.allCases).subtracting([.viewAudit])
        case .frontDesk:
            return [.viewCalls, .viewCallSummaries, .viewMessages, .handleMessages, .viewAppointments, .manageAppointments,
                    .searchPatients, .viewPractice]
        case .clinician:
            return [.viewCalls, .viewCallSummaries, .viewTranscripts, .viewMessages, .handleMessages, .viewRefills, .handleRefills,
                    .viewAppointments, .searchPatients, .viewPractice]
        case .auditor:
            return [.viewAudit, .viewPractice]
        }
    }

    /// Whether this role holds `permission`.
    public func can(_ permission: Permission) -> Bool { permissions.contains(permission) }

    /// Whether signing in takes a TOTP code as well as the password: always for `owner` and `admin`;
    /// for the other roles only once they have set up MFA (it is optional for them).
    public var requiresMFA: Bool { self == .owner || self == .admin }

    /// Whether a user of this role may give `role` to an account: an owner any role, an admin any role but
    /// owner, the others none.
    public func mayAssign(_ role: UserRole) -> Bool {
        switch self {
        case .owner: return true
        case .admin: return role != .owner
        default: return false
        }
    }

    /// The role names as typed on the command line and stored: `owner, admin, front_desk, clinician, auditor`.
    public static var names: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
