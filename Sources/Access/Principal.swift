import Vault

/// Who a request acts as once its credential checked out: the user, their role (as it is now, read on
/// every request) and how they proved it. The JSON API and dashboard ask `can(_:)` before anything.
public struct Principal: Sendable, Equatable {
    /// How the request authenticated.
    public enum Credential: Sendable, Equatable {
        /// A dashboard session (its handle: the first 16 hex digits of the token's SHA-256).
        case session(handle: String)
        /// An API token (its id, not the token).
        case apiToken(id: String)
    }

    public let userID: String
    /// The user's email (their Vault username).
    public let email: String
    public let role: UserRole
    public let practiceID: String
    public let credential: Credential

    public init(userID: String, email: String, role: UserRole, practiceID: String, credential: Credential) {
        self.userID = userID; self.email = email; self.role = role; self.practiceID = practiceID; self.credential = credential
    }

    init(_ user: StaffUser, _ credential: Credential) {
        self.init(userID: user.id, email: user.username, role: user.role, practiceID: user.practiceID, credential: credential)
    }

    /// Whether the principal's role holds `permission`.
    public func can(_ permission: Permission) -> Bool { role.can(permission) }

    /// The audit context for what this principal does: actor `user:<id>` (session) or `token:<id>` (API
    /// token), channel as given (the client's IP address, say).
    public func auditContext(channel: String) -> AuditContext {
        switch credential {
        case .session: return AuditContext(actor: "user:\(userID)", channel: channel)
        case .apiToken(let id): return AuditContext(actor: "token:\(id)", channel: channel)
        }
    }
}
