import Foundation

/// The numbers of the access rules. `standard` is what FrontDesk runs with (docs/access.md).
public struct AccessSettings: Sendable, Equatable {
    /// Consecutive failed attempts (password or TOTP code) that lock an account: 5.
    public var lockAfter: Int
    /// How long a lock lasts: 15 minutes.
    public var lockFor: TimeInterval
    /// A session not used for this long ends (idle logoff): 15 minutes.
    public var idleTimeout: TimeInterval
    /// A session ends this long after sign-in, used or not (absolute limit): 12 hours.
    public var absoluteTimeout: TimeInterval
    /// How long a password-checked sign-in waits for its TOTP code: 5 minutes.
    public var challengeLifetime: TimeInterval
    /// TOTP steps accepted either side of now (±1 step of 30 s).
    public var totpWindow: Int

    public init(lockAfter: Int = 5, lockFor: TimeInterval = 15 * 60, idleTimeout: TimeInterval = 15 * 60,
                absoluteTimeout: TimeInterval = 12 * 3600, challengeLifetime: TimeInterval = 5 * 60, totpWindow: Int = 1) {
        self.lockAfter = lockAfter; self.lockFor = lockFor; self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout; self.challengeLifetime = challengeLifetime; self.totpWindow = totpWindow
    }

    /// 5 failures lock for 15 minutes; sessions idle out after 15 minutes and end after 12 hours.
    public static let standard = AccessSettings()
}
