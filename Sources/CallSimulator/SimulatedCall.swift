// One caller, as Twilio presents it to the server: optionally the voice webhook first, then a Media
// Stream over the real WebSocket protocol (CallSocket.swift), paced in real time by a tick driver (20 ms,
// deadline-based timers on the socket's event loop, so pacing does not drift).
//
// The far end of the stream is modelled as Twilio's playout buffer: each 160-byte frame the server sends
// plays for 20 ms starting when the previous one ends (or on arrival, if the buffer ran dry); a `mark` is
// echoed once the audio sent before it has played; `clear` empties the buffer and echoes every pending mark.

import Foundation
import NIOCore
import FakeProviders
import Logging
import Synchronization

/// One simulated caller. Build it with a script, then `run(mediaStreamURL:)` or `run(webhook:)`.
/// Thread-safe: the WebSocket reader and the tick driver share its state under a lock (both run on the
/// event loop of the call's socket, so the lock is not contended).
public final class SimulatedCall: Sendable {
    /// The caller's identifiers and behaviour.
    public let options: CallerOptions
    /// The script.
    public let steps: [CallStep]
    let audio: CallerAudio
    let state: Mutex<State>

    /// A caller that follows `steps`, speaking with `audio`.
    public init(steps: [CallStep], audio: CallerAudio, options: CallerOptions = CallerOptions()) {
        self.steps = steps
        self.audio = audio
        self.options = options
        var initial = State(record: CallRecord(callSID: options.callSID, streamSID: options.streamSID))
        initial.replyGap = options.replyGap
        initial.measureFrom = options.measureFrom
        self.state = Mutex(initial)
        for case .say(let text) in steps { audio.prepare(text) }
        for case .sayDuringReply(let text, _) in steps { audio.prepare(text) }
    }

    /// What the call has seen so far (the complete record once `run` returns).
    public var record: CallRecord { state.withLock { $0.record } }

    /// Ends the call at the next tick: `stop`, then close.
    public func hangUp() { state.withLock { $0.hangUpRequested = true } }

    /// Whether the stream is over (closed by either side, or never opened).
    public var isEnded: Bool { state.withLock { $0.ended } }

    // MARK: Running one call on its own

    /// Connects straight to a Media Streams URL (as `twilio_load.py` does) and runs the script to its end.
    /// With `options.authToken`, the upgrade is signed for `signedURL` (default: `mediaStreamURL`; give the
    /// public `wss://` URL when connecting past the proxy). Errors are in the record (`error`), not thrown.
    @discardableResult
    public func run(mediaStreamURL: String, signedURL: String? = nil, logger: Logger = Logger(label: "CallSimulator")) async -> CallRecord {
        let driver = TickDriver(shards: 1)
        await connect(to: mediaStreamURL, signedURL: signedURL ?? mediaStreamURL, customParameters: options.customParameters,
                      driver: driver, logger: logger)
        driver.stop()
        return record
    }

    /// Posts the voice webhook as Twilio does, then connects to the `<Stream>` its TwiML names and runs
    /// the script. `connectTo` replaces the stream URL's destination (as a reverse proxy would route the
    /// public `wss://` URL to the local server); the signature still covers the TwiML's URL. A webhook
    /// failure is recorded in `error` (the stream is then not opened).
    @discardableResult
    public func run(webhook: VoiceWebhook, connectTo: String? = nil, logger: Logger = Logger(label: "CallSimulator")) async -> CallRecord {
        let answer: TwiMLStream
        do {
            answer = try await webhook.post(options: options)
        } catch {
            state.withLock { $0.record.error = "webhook: \(error)"; $0.ended = true }
            return record
        }
        let driver = TickDriver(shards: 1)
        await connect(to: connectTo ?? answer.url, signedURL: answer.url, customParameters: answer.pairs, driver: driver, logger: logger)
        driver.stop()
        return record
    }

    // MARK: The stream (opened and read by CallSocket)

    /// The stream is open and `connected` + `start` were sent: the tick driver may send.
    func attach(_ transport: any CallTransport) {
        state.withLock { s in
            s.transport = transport
            s.record.connectedAt = .now
        }
    }

    func finish(error: String?) {
        state.withLock { s in
            let now = ContinuousClock.now
            if let error, s.record.error == nil, !s.stopSent { s.record.error = error }
            if s.record.connectedAt != nil, !s.stopSent, error == nil { s.record.closedByServer = true }
            s.finishReply(at: now, force: true)
            s.record.endedAt = now
            s.ended = true
            s.transport = nil
        }
    }

    func violation(_ v: ViolationError, at t: Instant) {
        state.withLock { $0.addViolation(v, at: t) }
    }

    // MARK: Receiving

    /// Handles one text message from the server (its UTF-8 bytes), arrived at `t`.
    func receive(_ message: ByteBuffer, at t: Instant) {
        let read = message.withUnsafeReadableUTF8 {
            ServerMessageReader.read($0, streamSID: options.streamSID, keepPayload: options.keepReplyAudio)
        }
        state.withLock { s in
            s.record.messagesReceived += 1
            switch read {
            case .failure(let v):
                s.addViolation(v, at: t)
            case .success(let message):
                if options.keepMessages { s.record.messages.append(ReceivedMessage(at: t, message: message)) }
                switch message {
                case .media(let frames, let payload): s.receivedMedia(frames: frames, payload: payload, at: t)
                case .mark(let name): s.receivedMark(name, at: t)
                case .clear: s.receivedClear(at: t)
                }
            }
        }
    }

    // MARK: Sending (called by the tick driver every 20 ms, on the socket's event loop)

    /// What to send at this tick.
    struct TickOutput {
        var messages: [String]
        var transport: any CallTransport
        /// Close the stream after the messages (the caller hung up).
        var close: Bool
    }

    /// Advances the script by one 20 ms tick: due mark echoes, then exactly one media frame (plus any
    /// `dtmf`), or `stop`.
    func tick(now: Instant) -> TickOutput? {
        let steps = self.steps, options = self.options, audio = self.audio
        return state.withLock { s -> TickOutput? in
            guard let transport = s.transport, !s.ended, !s.stopSent else { return nil }
            s.finishReply(at: now, force: false)
            var out: [String] = []
            let sid = options.streamSID
            // Mark echoes whose audio has played (or was cleared).
            while let m = s.pendingMarks.first, m.due <= now {
                s.pendingMarks.removeFirst()
                s.seq += 1
                out.append(TwilioMediaMessage.mark(sequenceNumber: s.seq, name: m.name, streamSID: sid))
                s.record.marksEchoed += 1
                if let r = m.reply { s.record.replies[r].marksEchoed += 1 }
            }
            var payload: String? = nil
            var hangUp = s.hangUpRequested
            var idle = 0
            script: while payload == nil, !hangUp {
                switch s.phase {
                case .next:
                    if s.stepIndex >= steps.count {
                        guard options.repeatScript, !steps.isEmpty else { hangUp = true; break script }
                        s.stepIndex = min(max(0, options.repeatFrom), steps.count - 1)
                    }
                    idle += 1
                    if idle > steps.count + 1 { payload = CallerAudio.silencePayload; break script }   // no audio steps
                    let step = steps[s.stepIndex]
                    s.stepIndex += 1
                    switch step {
                    case .say(let text):
                        s.beginSaying(audio.line(text), text: text, bargeIn: false, at: now)
                    case .silence(let d):
                        s.phase = .silence(remaining: max(1, Int((d / .milliseconds(20)).rounded())))
                    case .waitForReply(let timeout):
                        s.phase = .waiting(deadline: now + timeout, baseline: s.completedReplies)
                    case .dtmf(let digit):
                        s.seq += 1
                        out.append(TwilioMediaMessage.dtmf(sequenceNumber: s.seq, digit: digit, streamSID: sid))
                        s.record.digitsSent += 1
                    case .sayDuringReply(let text, let timeout):
                        s.phase = .bargeWaiting(text: text, deadline: now + timeout)
                    case .hangUp:
                        hangUp = true
                    }
                case .saying(let line, let i, let u):
                    payload = line.payloads[i]
                    if i == line.firstVoiced {
                        s.record.utterances[u].speechStartAt = now
                        if s.record.utterances[u].bargeIn { s.pendingBargeIn = u }
                    }
                    if i == line.lastVoiced {
                        s.record.utterances[u].speechEndAt = now + .milliseconds(20)
                        s.awaitingReply = u
                    }
                    s.phase = i + 1 < line.payloads.count ? .saying(line, i + 1, u) : .next
                case .silence(let n):
                    payload = CallerAudio.silencePayload
                    s.phase = n > 1 ? .silence(remaining: n - 1) : .next
                case .waiting(let deadline, let baseline):
                    if s.completedReplies > baseline { s.phase = .next; continue }
                    if now >= deadline { s.record.waitTimeouts += 1; s.phase = .next; continue }
                    payload = CallerAudio.silencePayload
                case .bargeWaiting(let text, let deadline):
                    if s.currentReply != nil {
                        s.beginSaying(audio.line(text), text: text, bargeIn: true, at: now)
                    } else if now >= deadline {
                        s.record.waitTimeouts += 1
                        s.beginSaying(audio.line(text), text: text, bargeIn: false, at: now)
                    } else {
                        payload = CallerAudio.silencePayload
                    }
                }
            }
            if let payload {
                s.seq += 1
                s.chunk += 1
                out.append(TwilioMediaMessage.media(sequenceNumber: s.seq, chunk: s.chunk, timestampMS: (s.chunk - 1) * 20,
                                                    base64Payload: payload, streamSID: sid))
                s.record.framesSent += 1
            }
            if hangUp {
                s.seq += 1
                out.append(TwilioMediaMessage.stop(sequenceNumber: s.seq, accountSID: options.accountSID,
                                                   callSID: options.callSID, streamSID: sid))
                s.stopSent = true
                s.record.hungUpAt = now
            }
            return TickOutput(messages: out, transport: transport, close: hangUp)
        }
    }

    // MARK: State

    enum Phase {
        case next
        case saying(CallerAudio.Line, Int, Int)            // line, next frame, utterance index
        case silence(remaining: Int)
        case waiting(deadline: Instant, baseline: Int)
        case bargeWaiting(text: String, deadline: Instant)
    }

    struct PendingMark {
        var name: String
        var due: Instant
        var reply: Int?
    }

    struct State {
        var record: CallRecord
        var phase: Phase = .next
        var stepIndex = 0
        var seq = 1                         // `start` was 1
        var chunk = 0
        var transport: (any CallTransport)?
        var hangUpRequested = false
        var stopSent = false
        var ended = false
        var replyGap: Duration = .milliseconds(150)
        var measureFrom: Instant?
        // The modelled far end.
        var playoutEnd: Instant = .now
        var currentReply: Int?
        var completedReplies = 0
        var pendingMarks: [PendingMark] = []
        var lastArrival: Instant?
        var lastMessageFrames = 1
        var awaitingReply: Int?             // utterance whose speech ended and has no reply yet
        var pendingBargeIn: Int?            // barge-in utterance waiting for `clear`

        init(record: CallRecord) { self.record = record }

        mutating func beginSaying(_ line: CallerAudio.Line, text: String, bargeIn: Bool, at now: Instant) {
            record.utterances.append(UtteranceRecord(text: text, bargeIn: bargeIn, firstFrameAt: now))
            phase = line.payloads.isEmpty ? .next : .saying(line, 0, record.utterances.count - 1)
        }

        mutating func addViolation(_ v: ViolationError, at t: Instant) {
            record.violationCount += 1
            if record.violations.count < 100 { record.violations.append(ProtocolViolation(at: t, kind: v.kind, detail: v.detail)) }
        }

        /// Ends the current reply once its audio has played and the line has been quiet for the reply gap.
        mutating func finishReply(at t: Instant, force: Bool) {
            guard let r = currentReply, force || t >= playoutEnd + replyGap else { return }
            record.replies[r].playedUntil = playoutEnd
            currentReply = nil
            completedReplies += 1
        }

        mutating func receivedMedia(frames: Int, payload: [UInt8]?, at t: Instant) {
            finishReply(at: t, force: false)
            let r: Int
            if let c = currentReply {
                r = c
                if record.replies[r].frames >= 3, let last = lastArrival, measureFrom.map({ t >= $0 }) ?? true {
                    let deviation = (t - last) - .milliseconds(20) * lastMessageFrames
                    let jitter = deviation < .zero ? .zero - deviation : deviation
                    record.jitterMS.append(milliseconds(jitter))
                    if jitter > record.replies[r].maxJitter { record.replies[r].maxJitter = jitter }
                }
            } else {
                record.replies.append(ReplyRecord(firstFrameAt: t, lastFrameAt: t, frames: 0, messages: 0, marksReceived: [],
                                                  marksEchoed: 0, maxJitter: .zero, audio: []))
                r = record.replies.count - 1
                currentReply = r
                // A reply that starts once the last voiced frame has been sent answers the line (a recogniser
                // that knows the line is complete at that frame can answer within its 20 ms: latency < 0).
                if let u = awaitingReply, let end = record.utterances[u].speechEndAt, t >= end - .milliseconds(20) {
                    record.utterances[u].replyStartAt = t
                    record.replies[r].answers = u
                    awaitingReply = nil
                }
            }
            record.replies[r].frames += frames
            record.replies[r].messages += 1
            record.replies[r].lastFrameAt = t
            if let payload { record.replies[r].audio += payload }
            record.framesReceived += frames
            playoutEnd = max(t, playoutEnd) + .milliseconds(20) * frames
            lastArrival = t
            lastMessageFrames = frames
        }

        mutating func receivedMark(_ name: String, at t: Instant) {
            finishReply(at: t, force: false)
            record.marksReceived += 1
            if let r = currentReply { record.replies[r].marksReceived.append(name) }
            pendingMarks.append(PendingMark(name: name, due: max(t, playoutEnd), reply: currentReply))
        }

        mutating func receivedClear(at t: Instant) {
            record.clears += 1
            if playoutEnd > t { playoutEnd = t }
            for i in pendingMarks.indices { pendingMarks[i].due = t }
            if let r = currentReply {
                record.replies[r].clearedAt = t
                finishReply(at: t, force: true)
            }
            if let u = pendingBargeIn {
                record.utterances[u].clearAt = t
                pendingBargeIn = nil
            }
        }
    }
}
