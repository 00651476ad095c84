import Dispatch
import HummingbirdBcrypt

/// bcrypt password hashes (HummingbirdBcrypt), cost 12 by default. Hashing and checking run on a
/// Dispatch queue, off Swift's cooperative pool, since each takes a good fraction of a second on purpose.
///
/// What the Vault stores as `StaffUser.passwordHash` (opaque to it): the bcrypt hash (`$2b$12$…`), or, for a
/// generated one-time password the account must replace at first sign-in, `temporary:` and the hash.
public struct PasswordHasher: Sendable {
    /// bcrypt's cost: log2 of its rounds (4…31).
    public let cost: UInt8

    /// The prefix marking a one-time password's hash.
    public static let temporaryPrefix = "temporary:"

    /// A hasher at `cost` (FrontDesk uses 12; tests may go lower where speed matters and security does not).
    public init(cost: UInt8 = 12) {
        precondition((4...31).contains(cost), "bcrypt cost is 4…31")
        self.cost = cost
    }

    /// The stored form of `password` (a new random salt each time); `temporary` marks a one-time password.
    public func hash(_ password: String, temporary: Bool = false) async -> String {
        let cost = self.cost
        let h = await Self.offload { Bcrypt.hash(password, cost: cost) }
        return temporary ? Self.temporaryPrefix + h : h
    }

    /// Whether `password` matches the stored form (bcrypt's own check; the work is the same whether or not
    /// it matches). A malformed stored value never matches.
    public func verify(_ password: String, against stored: String) async -> Bool {
        let h = stored.hasPrefix(Self.temporaryPrefix) ? String(stored.dropFirst(Self.temporaryPrefix.count)) : stored
        guard h.hasPrefix("$2") else { return false }
        return await Self.offload { Bcrypt.verify(password, hash: h) }
    }

    /// Whether a stored value is a one-time password's (to be replaced at first sign-in).
    public static func isTemporary(_ stored: String) -> Bool { stored.hasPrefix(temporaryPrefix) }

    /// The cost a stored bcrypt hash was made with (`$2b$12$…` → 12); nil when it is not one.
    public static func cost(of stored: String) -> UInt8? {
        let h = stored.hasPrefix(temporaryPrefix) ? String(stored.dropFirst(temporaryPrefix.count)) : stored
        let parts = h.split(separator: "$")
        guard parts.count >= 3, parts[0].hasPrefix("2") else { return nil }
        return UInt8(parts[1])
    }

    static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { c in
            DispatchQueue.global(qos: .userInitiated).async { c.resume(returning: work()) }
        }
    }
}
