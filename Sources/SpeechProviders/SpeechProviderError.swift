// Failures of speech providers. Messages name the provider and what went wrong (status codes, close
// codes, timeouts); they never carry audio, transcripts or reply text, so they are safe to log.

/// Why a speech provider call failed. Safe to log: no transcript or reply text is ever part of it.
public enum SpeechProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The deployment config cannot make this provider (missing url or key, unknown name).
    case misconfigured(String)
    /// The provider is not usable on this machine (e.g. espeak-ng not installed).
    case unavailable(String)
    /// Could not connect, or the connection was refused (e.g. a wrong API key).
    case connectionFailed(provider: String, reason: String)
    /// The provider answered an HTTP request with a non-success status.
    case httpStatus(provider: String, status: Int)
    /// The provider sent something that is not its documented protocol.
    case protocolViolation(provider: String, reason: String)
    /// The provider closed the stream before it was asked to (WebSocket close code and reason, if any).
    case closedUnexpectedly(provider: String, code: Int?, reason: String?)
    /// The provider took longer than the configured timeout.
    case timedOut(provider: String)
    /// A local synthesizer process failed (its exit status).
    case processFailed(provider: String, status: Int32)
    /// Audio was fed to, or a turn ended on, a session that is closed or has failed.
    case sessionClosed(provider: String)

    public var description: String {
        switch self {
        case .misconfigured(let why): "speech provider misconfigured: \(why)"
        case .unavailable(let why): why
        case let .connectionFailed(p, reason): "\(p): could not connect: \(reason)"
        case let .httpStatus(p, status): "\(p): HTTP status \(status)"
        case let .protocolViolation(p, reason): "\(p): protocol violation: \(reason)"
        case let .closedUnexpectedly(p, code, reason):
            "\(p): stream closed unexpectedly" + (code.map { " (code \($0)" + (reason.map { ": \($0))" } ?? ")") } ?? "")
        case .timedOut(let p): "\(p): timed out"
        case let .processFailed(p, status): "\(p): process exited with status \(status)"
        case .sessionClosed(let p): "\(p): session is closed"
        }
    }
}
