import Vault

/// What the `Access` module refuses, with messages fit for the command line and the dashboard. None of
/// them holds a password, a secret or a token.
public enum AccessError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not an email address FrontDesk accepts as a user name.
    case invalidEmail(String)
    /// A role name that is none of the roles.
    case unknownRole(String)
    /// An account with this email exists in the practice already.
    case duplicateUser(email: String)
    /// No account with this email in the practice.
    case unknownUser(email: String)
    /// The account is disabled (no new sessions or tokens).
    case userDisabled(email: String)
    /// The password breaks the policy; every reason is listed.
    case weakPassword([PasswordProblem])
    /// The current password given to change it was wrong.
    case wrongPassword

    public var description: String {
        switch self {
        case .invalidEmail(let e): return "\"\(e)\" is not an email address (like name@example.com)"
        case .unknownRole(let r): return "unknown role \"\(r)\"; the roles are: \(UserRole.names)"
        case .duplicateUser(let e): return "a user with the email \(e) already exists in this practice"
        case .unknownUser(let e): return "no user with the email \(e) in this practice"
        case .userDisabled(let e): return "the user \(e) is disabled"
        case .weakPassword(let p): return "password refused: " + p.map(\.description).joined(separator: "; ")
        case .wrongPassword: return "the current password is wrong"
        }
    }
}
