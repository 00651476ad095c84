import Foundation
import Vault

/// Where a sign-in stands after a step of `Authenticator`.
///
///     signIn(email, password) ──► refused(…)
///            │                └─► signedIn(…)                 (roles without MFA set up)
///            └─► needsTOTP(challenge) ── verifyTOTP(challenge, code) ──► signedIn(…) | refused(…)
public enum SignInStep: Sendable, Equatable {
    /// Done: a new session.
    case signedIn(SignedIn)
    /// The password was right; now a TOTP code, with this challenge (single use, valid 5 minutes; keep it
    /// server-side or in a short-lived HttpOnly cookie, never in a URL).
    case needsTOTP(challenge: String)
    /// Refused, and why (for logs and the audit trail; show people one message for all but `locked`).
    case refused(SignInRefusal)
}

/// A completed sign-in.
public struct SignedIn: Sendable, Equatable {
    /// The session token: shown once, to be set as an HttpOnly, SameSite=Strict (and, over TLS, Secure)
    /// cookie. Only its SHA-256 is stored.
    public let token: String
    /// The session as stored.
    public let session: UserSession
    /// Who signed in.
    public let principal: Principal
    /// The account signed in with a generated one-time password and must choose its own
    /// (`Authenticator.changePassword`) before anything else.
    public let mustChangePassword: Bool
}

/// Why a sign-in step was refused.
public enum SignInRefusal: Error, Sendable, Equatable {
    /// Unknown email, or wrong password.
    case invalidCredentials
    /// Too many failed attempts: locked until then. Nothing is checked until it passes.
    case locked(until: Date)
    /// The account is disabled.
    case disabled
    /// The role needs MFA and the account has no TOTP secret (an admin must run `user reset-mfa`).
    case mfaNotSetUp
    /// The TOTP code was wrong, reused, or outside the ±1 step window (the challenge stays valid).
    case invalidCode
    /// The challenge is unknown, used or older than 5 minutes: start again with the password.
    case challengeExpired
}
