import Conversation
import Foundation
import Logging

/// Logging for the command line: swift-log with a `StreamLogHandler` on standard error.
///
/// The rule (see docs/logging.md): log lines carry ids, counts, categories and timings — never a name, a
/// phone number, a date of birth, an address, or anything the caller said. Nothing below takes caller
/// text; the values logged are enum names, ids the system made up and numbers.
enum FrontDeskLogging {
    static let levels = Logger.Level.allCases.map(\.rawValue)

    /// Parses a `--log-level` value (trace, debug, info, notice, warning, error, critical).
    static func level(_ s: String) -> Logger.Level? { Logger.Level(rawValue: s.lowercased()) }

    private static let bootstrapped = NSLock()
    nonisolated(unsafe) private static var done = false

    /// Sends every logger of the process to standard error at `level` (once per process), and returns one.
    static func logger(label: String, level: Logger.Level) -> Logger {
        bootstrapped.lock()
        if !done {
            LoggingSystem.bootstrap { label in
                var h = StreamLogHandler.standardError(label: label)
                h.logLevel = level
                return h
            }
            done = true
        }
        bootstrapped.unlock()
        var l = Logger(label: label)
        l.logLevel = level
        return l
    }

    /// A random id for a call's log lines when it is not stored (with `--data` the stored call id is used).
    static func newCallID() -> String { "call-" + UUID().uuidString.lowercased() }

    /// Milliseconds since `start`, as log metadata (three decimals).
    static func millis(since start: ContinuousClock.Instant) -> Logger.MetadataValue {
        let d = ContinuousClock.now - start
        let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        return .string(String(format: "%.3f", ms))
    }

    /// What an agent turn did, as metadata: outcome event names, the action kind, a transfer's reason
    /// category. Never the reply text, never the transfer number.
    static func metadata(_ turn: AgentTurn) -> Logger.Metadata {
        var m: Logger.Metadata = [
            "events": .array(turn.events.map { .string($0.outcome.rawValue) }),
            "action": .string(actionKind(turn.action)),
        ]
        if case .transfer(_, let reason) = turn.action { m["transfer_reason"] = .string(reason.rawValue) }
        let appointments = turn.events.compactMap { $0.appointment?.appointmentID }
        if !appointments.isEmpty { m["appointment_ids"] = .array(appointments.map { .string($0) }) }
        return m
    }

    static func actionKind(_ a: CallAction) -> String {
        switch a {
        case .continue: return "continue"
        case .end: return "end"
        case .transfer: return "transfer"
        }
    }
}
