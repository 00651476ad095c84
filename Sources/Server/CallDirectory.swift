import Telephony
import Conversation

/// The practices this server answers for, found by the `practice` parameter of a stream's `start`
/// (set by our TwiML); a stream without one goes to the default practice.
public struct CallDirectory: Sendable {
    public var practices: [String: CallServices]
    public var defaultPracticeID: String

    public init(_ services: [CallServices], defaultPracticeID: String? = nil) {
        practices = Dictionary(services.map { ($0.profile.practice.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.defaultPracticeID = defaultPracticeID ?? services.first?.profile.practice.id ?? ""
    }

    /// The services for a stream, or nil for a practice this server does not answer.
    public func services(for start: StreamStart) -> CallServices? {
        practices[start.customParameters["practice"] ?? defaultPracticeID]
    }
}

extension CallDirectory {
    /// Runs each practice's engine warm-up (`Receptionist.warmUp`) before calls are taken, so the first
    /// caller does not pay for tables the engine builds on first use.
    public func warmUp() async {
        for services in practices.values { await Receptionist.warmUp(profile: services.profile, clock: services.clock) }
    }
}
