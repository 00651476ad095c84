// What a simulated caller does, and the audio it does it with.

import Foundation
import FakeProviders
import Synchronization
import Voice

/// One step of a simulated caller's script. Steps that take time send audio every 20 ms as Twilio does:
/// the caller's voice while speaking, μ-law silence (0xFF) otherwise.
public enum CallStep: Sendable, Equatable {
    /// Say a line: play its frames from the `UtteranceLibrary`, one every 20 ms.
    case say(String)
    /// Stay quiet (silence frames) for this long.
    case silence(Duration)
    /// Wait (sending silence) until a reply from the server has started and finished playing in the
    /// modelled playout buffer; gives up after `timeout` (counted in `CallRecord.waitTimeouts`).
    case waitForReply(timeout: Duration = .seconds(10))
    /// Press a key: a `dtmf` message (audio keeps flowing).
    case dtmf(String)
    /// Barge in: wait (sending silence) until reply audio is arriving, then say the line over it. After
    /// `timeout` without reply audio the line is said anyway (and counted in `waitTimeouts`).
    case sayDuringReply(String, timeout: Duration = .seconds(10))
    /// Send `stop` and close the WebSocket. A script that runs out of steps hangs up too, unless it repeats.
    case hangUp
}

/// Caller audio ready to send: each line's frames as base64 payloads, prepared once and shared by every
/// call that says the line (a load run of 1,000 calls encodes each line once).
public final class CallerAudio: Sendable {
    /// The library whose frames the callers play (and which the fake recognisers look up).
    public let library: UtteranceLibrary

    /// One line, ready to send.
    public struct Line: Sendable {
        /// Its 20 ms frames of μ-law, each as base64.
        public let payloads: [String]
        /// First and last frame that carry sound (`UtteranceLibrary.isVoiced`).
        public let firstVoiced: Int
        public let lastVoiced: Int
    }

    private let lines = Mutex<[String: Line]>([:])

    /// Base64 of 160 bytes of μ-law silence (0xFF), what Twilio sends while the caller is quiet.
    public static let silencePayload = Base64.encode([UInt8](repeating: 0xFF, count: 160))

    /// Audio from `library` (shared with the fake speech recognisers so they can recognise it).
    public init(library: UtteranceLibrary) {
        self.library = library
    }

    /// Prepares `text` now (it is otherwise prepared the first time a caller says it).
    public func prepare(_ text: String) {
        _ = line(text)
    }

    /// `text` ready to send (prepared on first use).
    public func line(_ text: String) -> Line {
        if let known = lines.withLock({ $0[text] }) { return known }
        let frames = library.frames(for: text)
        let voiced = frames.indices.filter { UtteranceLibrary.isVoiced(frames[$0]) }
        let line = Line(payloads: frames.map { Base64.encode($0) },
                        firstVoiced: voiced.first ?? 0, lastVoiced: voiced.last ?? max(0, frames.count - 1))
        lines.withLock { $0[text] = line }
        return line
    }
}

/// Who the simulated call is, as Twilio would present it, and how the simulator behaves.
public struct CallerOptions: Sendable {
    /// `AccountSid` (webhook and `start`).
    public var accountSID: String
    /// `CallSid`: `CA` + 32 hex digits.
    public var callSID: String
    /// `streamSid`: `MZ` + 32 hex digits.
    public var streamSID: String
    /// The caller's number (`From`).
    public var from: String
    /// The practice's number (`To`).
    public var to: String
    /// The account's auth token: when set, the WebSocket upgrade carries `X-Twilio-Signature` over the
    /// stream URL (no parameters), as Twilio signs it.
    public var authToken: String?
    /// `customParameters` of the `start` message when connecting directly (the webhook's TwiML
    /// `<Parameter>`s replace them when the call goes through the voice webhook).
    public var customParameters: [(name: String, value: String)]
    /// Start the script over when it ends (load runs) instead of hanging up.
    public var repeatScript: Bool
    /// Where a repeating script starts over (e.g. 1 to wait for the greeting only once).
    public var repeatFrom: Int
    /// Pacing jitter is sampled only from this instant on (load runs skip the ramp-up); nil: always.
    public var measureFrom: Instant?
    /// A reply is over once its audio has finished playing and nothing more has arrived for this long.
    public var replyGap: Duration
    /// Keep every server message (with its arrival time) in the record; load runs turn it off.
    public var keepMessages: Bool
    /// Keep each reply's audio bytes in its `ReplyRecord` (e.g. to recognise it with the library).
    public var keepReplyAudio: Bool

    /// Options with fresh random identifiers.
    public init(accountSID: String = "AC" + randomHex(32), callSID: String = "CA" + randomHex(32),
                streamSID: String = "MZ" + randomHex(32), from: String = "+13125550100", to: String = "+13125550199",
                authToken: String? = nil, customParameters: [(name: String, value: String)] = [], repeatScript: Bool = false,
                repeatFrom: Int = 0, measureFrom: Instant? = nil, replyGap: Duration = .milliseconds(150), keepMessages: Bool = true, keepReplyAudio: Bool = false) {
        self.accountSID = accountSID; self.callSID = callSID; self.streamSID = streamSID
        self.from = from; self.to = to; self.authToken = authToken; self.customParameters = customParameters
        self.repeatScript = repeatScript; self.repeatFrom = repeatFrom; self.measureFrom = measureFrom
        self.replyGap = replyGap
        self.keepMessages = keepMessages; self.keepReplyAudio = keepReplyAudio
    }
}

/// `count` random lowercase hex digits.
public func randomHex(_ count: Int) -> String {
    var g = SystemRandomNumberGenerator()
    let digits = Array("0123456789abcdef")
    return String((0..<count).map { _ in digits[Int(g.next() % 16)] })
}
