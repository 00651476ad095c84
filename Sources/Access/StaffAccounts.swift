import Foundation
import FrontDeskCore
import Vault

/// A new account as created: the user, and the secrets to hand over once (never stored in clear).
public struct NewAccount: Sendable {
    public let user: StaffUser
    /// The generated one-time password, when none was given (to be replaced at first sign-in).
    public let oneTimePassword: String?
    /// The TOTP enrollment, for roles that need MFA.
    public let enrollment: MFAEnrollment?
}

/// A TOTP secret to hand to the user, as an `otpauth://` URI (render it as a QR code, or paste it).
public struct MFAEnrollment: Sendable {
    public let totp: TOTP
    /// `otpauth://totp/FrontDesk:{email}?secret=…&issuer=FrontDesk&algorithm=SHA1&digits=6&period=30`.
    public let uri: String
}

/// One line of the account list: no secrets, no hashes.
public struct AccountSummary: Sendable, Equatable {
    public let id: String
    public let email: String
    public let role: UserRole
    public let disabled: Bool
    /// A TOTP secret is set (`mfaEnrolled`: a code has been accepted since).
    public let mfaConfigured: Bool
    public let mfaEnrolled: Bool
    /// Locked out until then (nil when not locked now).
    public let lockedUntil: Date?
}

/// Account administration for one practice — what `frontdesk user …` and `frontdesk token create` do, and
/// what the dashboard's user pages will do: add, list, disable, enable, reset MFA, issue API tokens.
/// Emails are the user names (trimmed, lower-cased). Every change is audited by the Vault.
public struct StaffAccounts: Sendable {
    public let store: VaultStore
    let clock: any FrontDeskCore.Clock
    let hasher: PasswordHasher
    let policy: PasswordPolicy

    public init(store: VaultStore, clock: any FrontDeskCore.Clock, hasher: PasswordHasher = PasswordHasher(),
                policy: PasswordPolicy = PasswordPolicy()) {
        self.store = store; self.clock = clock; self.hasher = hasher; self.policy = policy
    }

    /// Parses a role name (`owner`, `admin`, `front_desk`, `clinician`, `auditor`; `front-desk` too).
    public static func role(_ name: String) throws(AccessError) -> UserRole {
        let n = name.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "-", with: "_")
        guard let r = UserRole(rawValue: n) else { throw .unknownRole(name) }
        return r
    }

    /// Adds an account. With `password` nil a one-time password is generated (and must be changed at first
    /// sign-in); a given password must pass the policy. Owner and admin get a TOTP secret at once (the
    /// enrollment URI is returned); for other roles MFA is optional (`resetMFA` sets it up).
    @discardableResult
    public func add(email: String, role: UserRole, password: String? = nil) async throws -> NewAccount {
        let username = try StaffEmail.normalize(email)
        if let password { try policy.check(password, email: username) }
        if try await store.user(username: username) != nil { throw AccessError.duplicateUser(email: username) }
        let oneTime = password == nil ? OneTimePassword.generate() : nil
        let hash = await hasher.hash(password ?? oneTime!, temporary: oneTime != nil)
        let totp = role.requiresMFA ? TOTP(secret: TOTP.generateSecret()) : nil
        let user = StaffUser(id: "usr-" + Base32.encode(SecureRandom.bytes(10)).lowercased(), practiceID: store.practiceID,
                             username: username, role: role, passwordHash: hash, totpSecret: totp?.base32Secret, createdAt: clock.now())
        do { try await store.createUser(user) } catch VaultError.storage(let m) where m.contains("exists") {
            throw AccessError.duplicateUser(email: username)
        }
        return NewAccount(user: user, oneTimePassword: oneTime,
                          enrollment: totp.map { MFAEnrollment(totp: $0, uri: $0.enrollmentURI(email: username)) })
    }

    /// The account with this email; `unknownUser` when none.
    public func user(email: String) async throws -> StaffUser {
        let username = try StaffEmail.normalize(email)
        guard let u = try await store.user(username: username) else { throw AccessError.unknownUser(email: username) }
        return u
    }

    /// Every account of the practice, by email.
    public func list() async throws -> [AccountSummary] {
        let now = clock.now()
        return try await store.users().map {
            AccountSummary(id: $0.id, email: $0.username, role: $0.role, disabled: $0.disabled, mfaConfigured: $0.totpSecret != nil,
                           mfaEnrolled: $0.mfaEnrolled, lockedUntil: $0.isLocked(at: now) ? $0.lockedUntil : nil)
        }
    }

    /// Disables an account and ends its sessions (its API tokens stop working while it stays disabled).
    @discardableResult
    public func disable(email: String) async throws -> StaffUser {
        var u = try await user(email: email)
        if !u.disabled { u.disabled = true; try await store.updateUser(u) }
        try await store.deleteSessions(userID: u.id)
        return u
    }

    /// Enables a disabled account again.
    @discardableResult
    public func enable(email: String) async throws -> StaffUser {
        var u = try await user(email: email)
        if u.disabled { u.disabled = false; try await store.updateUser(u) }
        return u
    }

    /// Gives the account a new TOTP secret (the old one stops working), marks it not yet enrolled, ends its
    /// sessions, and returns the enrollment to hand over. Works for every role (MFA is optional for some).
    public func resetMFA(email: String) async throws -> MFAEnrollment {
        var u = try await user(email: email)
        let totp = TOTP(secret: TOTP.generateSecret())
        u.totpSecret = totp.base32Secret
        u.mfaEnrolled = false
        try await store.updateUser(u)
        try await store.deleteSessions(userID: u.id)
        return MFAEnrollment(totp: totp, uri: totp.enrollmentURI(email: u.username))
    }

    /// Issues an API token for an enabled account: the token (shown once; only its SHA-256 is stored) and
    /// its record. It acts with the user's role, whatever that is when it is used.
    public func createToken(email: String, name: String) async throws -> (token: String, record: APIToken) {
        let u = try await user(email: email)
        if u.disabled { throw AccessError.userDisabled(email: u.username) }
        return try await store.createAPIToken(userID: u.id, name: name, scopes: [])
    }
}
