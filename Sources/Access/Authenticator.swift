import Foundation
import FrontDeskCore
import Vault

/// Signs staff in and checks every request's credential, for one practice's `VaultStore`:
///
/// - **Password** (bcrypt check; an unknown email costs the same work as a wrong password).
/// - **Lockout**: 5 consecutive failures — wrong passwords and wrong TOTP codes alike — lock the account
///   for 15 minutes (the Vault's atomic `recordFailedLogin`); while locked nothing is checked. A successful
///   sign-in resets the count.
/// - **Disabled** accounts are refused at sign-in and their sessions and tokens stop working.
/// - **MFA**: owner and admin always need a TOTP code after the password; other roles once they have a
///   TOTP secret. The first accepted code marks the account enrolled. A code is accepted once: the last
///   accepted step per user is stored in the Vault (`VaultStore.acceptTOTPStep`, atomic), so the guard
///   holds across restarts and across several authenticators on one vault.
/// - **Sessions**: stored in the Vault (token hash only), idle logoff after 15 minutes, absolute limit
///   12 hours; bound to the browser's User-Agent when one was given at sign-in. Ended sessions of the
///   practice are deleted at each sign-in (and daily by the retention job).
/// - **API tokens** map to their user and the user's current role.
///
/// Time comes from the injected clock; give the `Vault` the same one (it stamps sessions and lockouts).
public actor Authenticator {
    public let store: VaultStore
    public let settings: AccessSettings
    let clock: any FrontDeskCore.Clock
    let hasher: PasswordHasher
    let policy: PasswordPolicy

    struct Challenge { var userID: String; var expires: Date }
    /// Password-checked sign-ins waiting for a TOTP code, by SHA-256 of the challenge.
    private var challenges: [Data: Challenge] = [:]
    /// A bcrypt hash to check unknown emails against, so they cost the same as a wrong password.
    private var decoyHash: String?

    public init(store: VaultStore, clock: any FrontDeskCore.Clock, settings: AccessSettings = .standard,
                hasher: PasswordHasher = PasswordHasher(), policy: PasswordPolicy = PasswordPolicy()) {
        self.store = store; self.clock = clock; self.settings = settings; self.hasher = hasher; self.policy = policy
    }

    // MARK: - Sign-in

    /// The first step: email and password. See `SignInStep`.
    public func signIn(email: String, password: String, ip: String? = nil, userAgent: String? = nil) async throws -> SignInStep {
        dropExpiredChallenges()
        guard let username = try? StaffEmail.normalize(email), let user = try await store.user(username: username) else {
            _ = await hasher.verify(password, against: await decoy())
            return .refused(.invalidCredentials)
        }
        let now = clock.now()
        if let until = user.lockedUntil, user.isLocked(at: now) { return .refused(.locked(until: until)) }
        let ok = await hasher.verify(password, against: user.passwordHash)
        if user.disabled { return .refused(ok ? .disabled : .invalidCredentials) }
        guard ok else { return try await failed(user) }
        if user.role.requiresMFA || user.totpSecret != nil {
            guard user.totpSecret != nil else { return .refused(.mfaNotSetUp) }
            let challenge = SecretToken.generate(prefix: "fdc_")
            challenges[SecretToken.hash(challenge)] = Challenge(userID: user.id, expires: now.addingTimeInterval(settings.challengeLifetime))
            return .needsTOTP(challenge: challenge)
        }
        var u = user
        if u.failedAttempts > 0 { u.failedAttempts = 0; try await store.updateUser(u) }
        return .signedIn(try await openSession(u, ip: ip, userAgent: userAgent))
    }

    /// The second step for accounts with MFA: the challenge from `signIn` and a TOTP code.
    public func verifyTOTP(challenge: String, code: String, ip: String? = nil, userAgent: String? = nil) async throws -> SignInStep {
        dropExpiredChallenges()
        let key = SecretToken.hash(challenge)
        guard let pending = challenges[key] else { return .refused(.challengeExpired) }
        guard let user = try await store.user(id: pending.userID) else { challenges[key] = nil; return .refused(.invalidCredentials) }
        if user.disabled { challenges[key] = nil; return .refused(.disabled) }
        if let until = user.lockedUntil, user.isLocked(at: clock.now()) { challenges[key] = nil; return .refused(.locked(until: until)) }
        guard let secret = user.totpSecret, let totp = TOTP(base32Secret: secret) else { challenges[key] = nil; return .refused(.mfaNotSetUp) }
        // A code matches only a step after the last one accepted, and the step is recorded only if no other
        // sign-in recorded it (or a later one) meanwhile: a replayed code counts as a wrong one.
        guard let step = totp.match(code, at: clock.now(), window: settings.totpWindow, after: user.lastTOTPStep),
              try await store.acceptTOTPStep(userID: user.id, step: step) else {
            let step = try await failed(user, codeStep: true)
            if case .refused(.locked) = step { challenges[key] = nil }
            return step
        }
        challenges[key] = nil
        var u = user
        if !u.mfaEnrolled || u.failedAttempts > 0 {
            u.mfaEnrolled = true; u.failedAttempts = 0
            try await store.updateUser(u)
        }
        return .signedIn(try await openSession(u, ip: ip, userAgent: userAgent))
    }

    /// Changes a signed-in user's password: checks the current one (a wrong one counts as a failed
    /// attempt), applies the policy, stores the new hash, ends every session of the user and opens a fresh
    /// one (so a stolen cookie dies with the old password).
    public func changePassword(userID: String, current: String, new: String, ip: String? = nil, userAgent: String? = nil) async throws -> SignedIn {
        guard var user = try await store.user(id: userID), !user.disabled else { throw SignInRefusal.invalidCredentials }
        if let until = user.lockedUntil, user.isLocked(at: clock.now()) { throw SignInRefusal.locked(until: until) }
        guard await hasher.verify(current, against: user.passwordHash) else {
            try await store.recordFailedLogin(userID: user.id, lockAfter: settings.lockAfter, lockFor: settings.lockFor)
            throw AccessError.wrongPassword
        }
        try policy.check(new, email: user.username)
        user.passwordHash = await hasher.hash(new)
        user.failedAttempts = 0
        try await store.updateUser(user)
        try await store.deleteSessions(userID: user.id)
        return try await openSession(user, ip: ip, userAgent: userAgent)
    }

    // MARK: - Requests

    /// The principal of a session cookie, sliding its idle expiry; nil (and the session deleted where it
    /// still existed) when it is unknown, idle 15 minutes, 12 hours old, presented by another User-Agent
    /// than the one it was opened with, or its user is gone or disabled.
    public func authenticate(sessionToken: String, userAgent: String? = nil) async throws -> Principal? {
        guard let s = try await store.session(token: sessionToken) else { return nil }
        let now = clock.now()
        let end = s.createdAt.addingTimeInterval(settings.absoluteTimeout)
        let uaMatches = s.userAgentHash == nil || s.userAgentHash == userAgent.map(SecretToken.hash)
        guard now < end, now.timeIntervalSince(s.lastSeenAt) < settings.idleTimeout, uaMatches,
              let user = try await store.user(id: s.userID), !user.disabled else {
            try await store.deleteSession(token: sessionToken)
            return nil
        }
        guard try await store.touchSession(token: sessionToken, lifetime: min(settings.idleTimeout, end.timeIntervalSince(now))) else { return nil }
        return Principal(user, .session(handle: s.handle))
    }

    /// The principal of an API token (`Authorization: Bearer fdt_…`): the token's user with the user's
    /// current role; nil when the token is unknown or revoked, or its user gone or disabled.
    public func authenticate(apiToken: String) async throws -> Principal? {
        guard let t = try await store.apiToken(token: apiToken), let user = try await store.user(id: t.userID), !user.disabled else { return nil }
        return Principal(user, .apiToken(id: t.id))
    }

    /// Ends a session (sign out). False when there was none.
    @discardableResult
    public func signOut(sessionToken: String) async throws -> Bool { try await store.deleteSession(token: sessionToken) }

    // MARK: - Internals

    private func openSession(_ user: StaffUser, ip: String?, userAgent: String?) async throws -> SignedIn {
        // Housekeeping: the practice's ended sessions go (the daily retention run catches the rest).
        try await store.deleteExpiredSessions(idleTimeout: settings.idleTimeout, absoluteTimeout: settings.absoluteTimeout)
        let (token, session) = try await store.createSession(userID: user.id, lifetime: min(settings.idleTimeout, settings.absoluteTimeout),
                                                             ip: ip, userAgent: userAgent)
        return SignedIn(token: token, session: session, principal: Principal(user, .session(handle: session.handle)),
                        mustChangePassword: PasswordHasher.isTemporary(user.passwordHash))
    }

    /// Counts a failure; `.locked` when it locked the account.
    private func failed(_ user: StaffUser, codeStep: Bool = false) async throws -> SignInStep {
        let after = try await store.recordFailedLogin(userID: user.id, lockAfter: settings.lockAfter, lockFor: settings.lockFor)
        if let after, let until = after.lockedUntil, after.isLocked(at: clock.now()) { return .refused(.locked(until: until)) }
        return .refused(codeStep ? .invalidCode : .invalidCredentials)
    }

    private func decoy() async -> String {
        if let d = decoyHash { return d }
        let d = await hasher.hash(OneTimePassword.generate())
        decoyHash = d
        return d
    }

    private func dropExpiredChallenges() {
        let now = clock.now()
        challenges = challenges.filter { $0.value.expires > now }
    }
}
