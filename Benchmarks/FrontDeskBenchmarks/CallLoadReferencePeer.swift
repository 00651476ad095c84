// A minimal Media Streams server for `calls-server --reference-peer`: it greets, answers each caller turn
// (speech, then 200 ms of quiet) with 40 frames paced 3-then-one-every-20-ms plus a mark, and clears on
// barge-in. It is not FrontDesk: it shows what the simulator itself can hold on this machine, and gives
// the figures a floor to compare the real server with.

import CallSimulator
import FakeProviders
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Synchronization

enum ReferenceMediaPeer {
    static func start(port: Int) async throws -> RunningCallServer {
        let (ports, cont) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "reference-peer")
        logger.logLevel = .error
        let app = Application(
            router: Router(),
            server: .http1WebSocketUpgrade { request, _, _ in
                guard request.path == "/twilio/media" else { return .dontUpgrade }
                return .upgrade([:]) { inbound, outbound, _ in
                    let connection = Connection()
                    for try await message in inbound.messages(maxSize: 1 << 16) {
                        guard case .text(let text) = message else { continue }
                        connection.handle(text, outbound: outbound)
                    }
                    connection.cancel()
                }
            },
            configuration: .init(address: .hostname("127.0.0.1", port: port), backlog: 2048),
            onServerRunning: { channel in cont.yield(channel.localAddress?.port ?? 0); cont.finish() },
            logger: logger
        )
        let task = Task {
            defer { cont.finish() }
            try await app.runService(gracefulShutdownSignals: [])
        }
        var bound = 0
        for await p in ports { bound = p }
        return RunningCallServer(port: bound, stop: { task.cancel(); _ = try? await task.value })
    }

    static let payload = Data((0..<160).map { UInt8(truncatingIfNeeded: 0x10 + ($0 * 7) % 0x60) }).base64EncodedString()

    final class Connection: Sendable {
        struct State {
            var streamSID = ""
            var voicedRun = 0
            var quietRun = 0
            var inTurn = false
            var reply: Task<Void, Never>?
            var replies = 0
        }
        let state = Mutex(State())
        let playing = Atomic<Bool>(false)

        func handle(_ text: String, outbound: WebSocketOutboundWriter) {
            if text.hasPrefix(#"{"event":"media""#) {
                guard let p = text.range(of: #""payload":""#), let end = text[p.upperBound...].firstIndex(of: "\""),
                      let bytes = Data(base64Encoded: String(text[p.upperBound..<end])) else { return }
                let voiced = UtteranceLibrary.isVoiced(Array(bytes))
                state.withLock { s in
                    if voiced {
                        s.voicedRun += 1; s.quietRun = 0; s.inTurn = true
                        if s.voicedRun >= 10, playing.load(ordering: .relaxed) {
                            s.reply?.cancel()
                            playing.store(false, ordering: .relaxed)
                            let sid = s.streamSID
                            Task { try? await outbound.write(.text(#"{"event":"clear","streamSid":"\#(sid)"}"#)) }
                        }
                    } else {
                        s.voicedRun = 0
                        s.quietRun += 1
                        if s.inTurn, s.quietRun >= 10 {
                            s.inTurn = false
                            startReply(&s, frames: 40, outbound: outbound)
                        }
                    }
                }
            } else if text.hasPrefix(#"{"event":"start""#) {
                guard let obj = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                      let sid = obj["streamSid"] as? String else { return }
                state.withLock { s in
                    s.streamSID = sid
                    startReply(&s, frames: 20, outbound: outbound)
                }
            }
        }

        func startReply(_ s: inout State, frames: Int, outbound: WebSocketOutboundWriter) {
            s.reply?.cancel()
            s.replies += 1
            let sid = s.streamSID, name = "reply-\(s.replies)"
            playing.store(true, ordering: .relaxed)
            s.reply = Task {
                let clock = ContinuousClock()
                let start = clock.now
                let media = #"{"event":"media","streamSid":"\#(sid)","media":{"payload":"\#(ReferenceMediaPeer.payload)"}}"#
                for i in 0..<frames {
                    if i > 2 { try? await clock.sleep(until: start + .milliseconds(20) * (i - 2), tolerance: nil) }
                    if Task.isCancelled { return }
                    try? await outbound.write(.text(media))
                }
                try? await outbound.write(.text(#"{"event":"mark","streamSid":"\#(sid)","mark":{"name":"\#(name)"}}"#))
                try? await clock.sleep(until: start + .milliseconds(20) * frames, tolerance: nil)
                if !Task.isCancelled { self.playing.store(false, ordering: .relaxed) }
            }
        }

        func cancel() { state.withLock { $0.reply?.cancel() } }
    }
}
