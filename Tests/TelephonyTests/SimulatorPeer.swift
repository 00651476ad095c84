// A small Media Streams server for the simulator's own tests (the real one is Sources/Server's
// `/twilio/media`). It reads the caller's frames, decides "end of turn" after 200 ms of quiet following
// speech, and answers each turn with `replyFrames` frames paced like FrontDesk's FramePacer (3 at once,
// then one every 20 ms), followed by a mark; caller speech during a reply gets `clear`. It checks what
// the simulator sends against Twilio's documented shapes and logs everything for assertions.

import CallSimulator
import FakeProviders
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Synchronization

/// What the peer saw on one stream.
struct PeerLog: Sendable {
    var events: [String] = []                     // inbound event names, in order
    var problems: [String] = []                   // shape errors in what the simulator sent
    var sequenceNumbers: [Int] = []
    var chunks: [Int] = []
    var timestamps: [Int] = []
    var startCustomParameters: [String: String] = [:]
    var streamSID: String?
    var callSID: String?
    var digits: [String] = []
    var marksSent: [(name: String, at: ContinuousClock.Instant, firstFrameAt: ContinuousClock.Instant, frames: Int)] = []
    var markEchoes: [(name: String, at: ContinuousClock.Instant)] = []
    var clearsSent: [ContinuousClock.Instant] = []
    var repliesStarted = 0
    var stopped = false
    var voicedFrames = 0
}

/// How the peer behaves.
struct PeerBehaviour: Sendable {
    var greetingFrames = 0
    var replyFrames = 40
    var endOfTurnFrames = 10
    var bargeInFrames = 5
    /// Send these raw texts right after `start` (protocol-violation tests).
    var garbage: [String] = []
    /// Send the greeting in one burst followed by its mark (a server that dumps audio), instead of paced.
    var burstGreeting = false
    /// Close the socket after this many replies (0: never).
    var closeAfterReplies = 0
}

final class SimulatorPeer: Sendable {
    let behaviour: PeerBehaviour
    private let logs = Mutex<[PeerLog]>([])
    private let task = Mutex<Task<Void, any Error>?>(nil)
    let port: Int

    static let replyFrame: [UInt8] = (0..<160).map { i in UInt8(truncatingIfNeeded: 0x10 + (i * 7) % 0x60) }

    private init(behaviour: PeerBehaviour, port: Int) {
        self.behaviour = behaviour
        self.port = port
    }

    var url: String { "ws://127.0.0.1:\(port)/media" }
    var log: [PeerLog] { logs.withLock { $0 } }

    static func start(_ behaviour: PeerBehaviour = PeerBehaviour()) async throws -> SimulatorPeer {
        let box = Mutex<SimulatorPeer?>(nil)
        let (ports, portCont) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        let app = Application(
            router: router,
            server: .http1WebSocketUpgrade { request, _, _ in
                guard request.path == "/media" else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    guard let peer = box.withLock({ $0 }) else { return }
                    try await peer.serve(inbound: inbound, outbound: outbound)
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portCont.yield(channel.localAddress?.port ?? 0); portCont.finish() },
            logger: { var l = Logger(label: "SimulatorPeer"); l.logLevel = .critical; return l }()
        )
        let task = Task {
            defer { portCont.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var port = 0
        for await p in ports { port = p }
        let peer = SimulatorPeer(behaviour: behaviour, port: port)
        box.withLock { $0 = peer }
        peer.task.withLock { $0 = task }
        return peer
    }

    func stop() async {
        let t = task.withLock { $0 }
        t?.cancel()
        _ = try? await t?.value
    }

    private func update(_ index: Int, _ body: (inout PeerLog) -> Void) {
        logs.withLock { body(&$0[index]) }
    }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        let index = logs.withLock { $0.append(PeerLog()); return $0.count - 1 }
        let b = behaviour
        var streamSID = ""
        var voicedRun = 0, quietRun = 0, inTurn = false
        let replyState = ReplyState()

        func startReply(frames: Int, name: String, burst: Bool = false) {
            let sid = streamSID
            update(index) { $0.repliesStarted += 1 }
            let closeAfter = b.closeAfterReplies
            let t = Task {
                let clock = ContinuousClock()
                let start = clock.now
                let payload = Data(SimulatorPeer.replyFrame).base64EncodedString()
                for i in 0..<frames {
                    if !burst { try? await clock.sleep(until: start + .milliseconds(20) * max(0, i - 2), tolerance: nil) }
                    if Task.isCancelled { return }
                    try? await outbound.write(.text(#"{"event":"media","streamSid":"\#(sid)","media":{"payload":"\#(payload)"}}"#))
                }
                if Task.isCancelled { return }
                let now = clock.now
                self.update(index) { $0.marksSent.append((name, now, start, frames)) }
                try? await outbound.write(.text(#"{"event":"mark","streamSid":"\#(sid)","mark":{"name":"\#(name)"}}"#))
                if burst {
                    try? await clock.sleep(until: start + .milliseconds(20) * frames, tolerance: nil)
                    if Task.isCancelled { return }
                }
                let n = replyState.finished()
                if closeAfter > 0, n >= closeAfter {
                    try? await clock.sleep(for: .milliseconds(100))
                    try? await outbound.close(.normalClosure, reason: nil)
                }
            }
            replyState.started(t)
        }

        var expectSeq = 1
        for try await message in inbound.messages(maxSize: 1 << 20) {
            guard case .text(let text) = message,
                  let obj = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                  let event = obj["event"] as? String else {
                update(index) { $0.problems.append("not a JSON object with an event") }
                continue
            }
            update(index) { $0.events.append(event) }
            if event != "connected" {
                if let s = obj["sequenceNumber"] as? String, let n = Int(s) {
                    if n != expectSeq { update(index) { $0.problems.append("sequenceNumber \(n), expected \(expectSeq)") } }
                    expectSeq = n + 1
                    update(index) { $0.sequenceNumbers.append(n) }
                } else {
                    update(index) { $0.problems.append("\(event) without a string sequenceNumber") }
                }
                if event != "start", (obj["streamSid"] as? String) != streamSID {
                    update(index) { $0.problems.append("\(event) with another streamSid") }
                }
            }
            switch event {
            case "connected":
                if obj["protocol"] as? String != "Call" || obj["version"] as? String != "1.0.0" {
                    update(index) { $0.problems.append("connected without protocol Call / version 1.0.0") }
                }
            case "start":
                let start = obj["start"] as? [String: Any] ?? [:]
                let format = start["mediaFormat"] as? [String: Any] ?? [:]
                streamSID = obj["streamSid"] as? String ?? ""
                if start["streamSid"] as? String != streamSID || !streamSID.hasPrefix("MZ") {
                    update(index) { $0.problems.append("start.streamSid") }
                }
                if format["encoding"] as? String != "audio/x-mulaw" || format["sampleRate"] as? Int != 8000
                    || format["channels"] as? Int != 1 || start["tracks"] as? [String] != ["inbound"]
                    || !(start["accountSid"] as? String ?? "").hasPrefix("AC") {
                    update(index) { $0.problems.append("start.mediaFormat / tracks / accountSid") }
                }
                let callSID = start["callSid"] as? String
                let params = start["customParameters"] as? [String: String] ?? [:]
                update(index) { $0.streamSID = streamSID; $0.callSID = callSID; $0.startCustomParameters = params }
                for g in b.garbage { try await outbound.write(.text(g)) }
                if b.greetingFrames > 0 { startReply(frames: b.greetingFrames, name: "greeting", burst: b.burstGreeting) }
            case "media":
                let media = obj["media"] as? [String: Any] ?? [:]
                guard media["track"] as? String == "inbound", let chunk = (media["chunk"] as? String).flatMap({ Int($0) }),
                      let ts = (media["timestamp"] as? String).flatMap({ Int($0) }),
                      let payload = (media["payload"] as? String).flatMap({ Data(base64Encoded: $0) }), payload.count == 160 else {
                    update(index) { $0.problems.append("media shape") }
                    continue
                }
                let voiced = UtteranceLibrary.isVoiced(Array(payload))
                update(index) { $0.chunks.append(chunk); $0.timestamps.append(ts); if voiced { $0.voicedFrames += 1 } }
                if voiced {
                    voicedRun += 1; quietRun = 0; inTurn = true
                    if voicedRun >= b.bargeInFrames, replyState.cancelIfPlaying() {
                        let now = ContinuousClock.now
                        update(index) { $0.clearsSent.append(now) }
                        try await outbound.write(.text(#"{"event":"clear","streamSid":"\#(streamSID)"}"#))
                    }
                } else {
                    voicedRun = 0
                    quietRun += 1
                    if inTurn, quietRun >= b.endOfTurnFrames {
                        inTurn = false
                        let n = log[index].repliesStarted
                        startReply(frames: b.replyFrames, name: "reply-\(n)")
                    }
                }
            case "mark":
                let name = (obj["mark"] as? [String: Any])?["name"] as? String ?? "?"
                let now = ContinuousClock.now
                update(index) { $0.markEchoes.append((name, now)) }
            case "dtmf":
                let dtmf = obj["dtmf"] as? [String: Any] ?? [:]
                if dtmf["track"] as? String != "inbound_track" { update(index) { $0.problems.append("dtmf.track") } }
                update(index) { $0.digits.append(dtmf["digit"] as? String ?? "?") }
            case "stop":
                let stop = obj["stop"] as? [String: Any] ?? [:]
                if stop["callSid"] as? String != log[index].callSID || !(stop["accountSid"] as? String ?? "").hasPrefix("AC") {
                    update(index) { $0.problems.append("stop.callSid / accountSid") }
                }
                update(index) { $0.stopped = true }
            default:
                update(index) { $0.problems.append("unknown event \(event)") }
            }
        }
        replyState.cancelIfPlaying()
    }
}

/// The peer's current reply task.
final class ReplyState: Sendable {
    private let state = Mutex<(task: Task<Void, Never>?, started: Int, finished: Int)>((nil, 0, 0))

    func started(_ task: Task<Void, Never>) { state.withLock { $0.task = task; $0.started += 1 } }

    /// Marks a reply finished; returns how many have finished.
    func finished() -> Int { state.withLock { $0.finished += 1; return $0.finished } }

    /// Cancels the reply if one is playing; whether one was.
    @discardableResult
    func cancelIfPlaying() -> Bool {
        state.withLock { s in
            guard let t = s.task, s.finished < s.started else { return false }
            t.cancel()
            s.task = nil
            s.finished += 1
            return true
        }
    }
}
