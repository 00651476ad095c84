import Foundation

/// Where "now" comes from. Every component takes one; nothing calls `Date()` directly,
/// so evaluations and tests run on simulated time.
public protocol Clock: Sendable {
    func now() -> Date
}

/// The machine's real time.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock stopped at one instant (tests, evaluations, `--now`).
public struct FixedClock: Clock {
    public let instant: Date
    public init(_ instant: Date) { self.instant = instant }
    /// A clock at a practice-local wall time in `zone`.
    public init?(local: LocalDateTime, in zone: TimeZone) {
        guard let d = zone.instant(of: local) else { return nil }
        self.instant = d
    }
    public func now() -> Date { instant }
}
