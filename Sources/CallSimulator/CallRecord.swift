// What one simulated call saw and did.

/// A point in time on the simulator's clock.
public typealias Instant = ContinuousClock.Instant

/// One line the caller said.
public struct UtteranceRecord: Sendable {
    /// The line.
    public var text: String
    /// Said over reply audio (`CallStep.sayDuringReply` that found a reply playing).
    public var bargeIn: Bool
    /// When its first frame was sent.
    public var firstFrameAt: Instant
    /// When its first voiced frame was sent: the caller starts speaking.
    public var speechStartAt: Instant?
    /// When the caller's speech ended: the last voiced frame was sent, plus its 20 ms.
    public var speechEndAt: Instant?
    /// First frame of the reply that followed the end of speech (before the next line).
    public var replyStartAt: Instant?
    /// For a barge-in: when the server's `clear` arrived after the speech started.
    public var clearAt: Instant?

    /// Server-added latency: end of the caller's speech (`speechEndAt`) → first reply frame. Negative (by at
    /// most 20 ms) when the server answered before the last voiced frame's 20 ms had elapsed.
    public var replyLatency: Duration? {
        guard let end = speechEndAt, let start = replyStartAt else { return nil }
        return start - end
    }

    /// Barge-in speech start → `clear`.
    public var clearLatency: Duration? {
        guard bargeIn, let start = speechStartAt, let clear = clearAt else { return nil }
        return clear - start
    }
}

/// One reply from the server: a run of outbound media with no gap longer than the reply gap after its
/// audio finished playing (or cut short by `clear`).
public struct ReplyRecord: Sendable {
    /// Arrival of the first media message.
    public var firstFrameAt: Instant
    /// Arrival of the last media message.
    public var lastFrameAt: Instant
    /// 20 ms frames received.
    public var frames: Int
    /// Media messages received (a message may carry several whole frames).
    public var messages: Int
    /// When the modelled playout finished (or `clear` cut it), once the reply is over.
    public var playedUntil: Instant?
    /// When a `clear` ended it.
    public var clearedAt: Instant?
    /// Marks the server sent during the reply, in order.
    public var marksReceived: [String]
    /// How many of them the simulator echoed back.
    public var marksEchoed: Int
    /// Index in `CallRecord.utterances` of the line this reply answers, when it followed one.
    public var answers: Int?
    /// Largest pacing jitter within the reply (frames after the first 3).
    public var maxJitter: Duration
    /// The reply's μ-law audio, when `CallerOptions.keepReplyAudio`.
    public var audio: [UInt8]

    /// Whether a `clear` cut it short.
    public var cleared: Bool { clearedAt != nil }
}

/// A message the server sent, with its arrival time (kept when `CallerOptions.keepMessages`).
public struct ReceivedMessage: Sendable {
    /// Arrival time.
    public var at: Instant
    /// The message.
    public var message: ServerMessage
}

/// A message from the server that broke the Media Streams protocol.
public struct ProtocolViolation: Sendable {
    /// Arrival time.
    public var at: Instant
    /// What was wrong.
    public var kind: ViolationKind
    /// A short description.
    public var detail: String
}

/// Everything one simulated call saw and did.
public struct CallRecord: Sendable {
    /// `CallSid`.
    public var callSID: String
    /// `streamSid`.
    public var streamSID: String
    /// When the WebSocket was open and `connected` + `start` sent.
    public var connectedAt: Instant?
    /// When the simulator sent `stop`.
    public var hungUpAt: Instant?
    /// When the WebSocket closed.
    public var endedAt: Instant?
    /// The server closed the stream before the caller hung up.
    public var closedByServer: Bool = false
    /// Connection or transport error (connect refused, send failed…), if any.
    public var error: String?
    /// Lines said, in order.
    public var utterances: [UtteranceRecord] = []
    /// Replies heard, in order.
    public var replies: [ReplyRecord] = []
    /// Every server message, when kept.
    public var messages: [ReceivedMessage] = []
    /// Protocol violations (the first 100 are kept; `violationCount` counts all).
    public var violations: [ProtocolViolation] = []
    /// All protocol violations seen.
    public var violationCount: Int = 0
    /// Pacing jitter samples in milliseconds: for reply frames after the first 3, |inter-arrival − expected|
    /// (expected = 20 ms per frame of the previous message).
    public var jitterMS: [Double] = []
    /// Media frames (20 ms) sent.
    public var framesSent: Int = 0
    /// Media frames received.
    public var framesReceived: Int = 0
    /// Server messages received (valid or not).
    public var messagesReceived: Int = 0
    /// Marks received / echoed.
    public var marksReceived: Int = 0
    public var marksEchoed: Int = 0
    /// `clear` messages received.
    public var clears: Int = 0
    /// DTMF digits sent.
    public var digitsSent: Int = 0
    /// `waitForReply` / `sayDuringReply` steps that timed out.
    public var waitTimeouts: Int = 0

    /// A record for a call not yet connected.
    public init(callSID: String, streamSID: String) {
        self.callSID = callSID
        self.streamSID = streamSID
    }

    /// Server-added reply latencies (ms), one per line that got a reply.
    public var replyLatencyMS: [Double] { utterances.compactMap { $0.replyLatency.map(milliseconds) } }
    /// Barge-in → clear latencies (ms).
    public var clearLatencyMS: [Double] { utterances.compactMap { $0.clearLatency.map(milliseconds) } }

    /// Connected, never failed, and still connected when the caller hung up (or the run ended).
    public var held: Bool { connectedAt != nil && error == nil && !closedByServer }
}

/// A duration in milliseconds.
public func milliseconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) * 1e3 + Double(c.attoseconds) / 1e15
}
