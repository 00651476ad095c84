// A loopback stand-in for Deepgram's live streaming API (`/v1/listen` over a WebSocket), speaking the
// documented protocol (see SpeechProviders/DeepgramSpeechToText.swift for the references): it checks the
// key, reads the audio parameters from the query, "recognises" audio with an `UtteranceLibrary` frame by
// frame, and answers with Deepgram-shaped `Results`, `UtteranceEnd` and `Metadata` messages.

import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Synchronization
import Voice

/// A fake Deepgram live-transcription server on 127.0.0.1 (ephemeral port), for tests, the call simulator
/// and load runs. Behaviour per connection:
/// - upgrade refused with 401 unless `Authorization: Token <apiKey>`; 400 unless `encoding` is `mulaw` or
///   `linear16` and `sample_rate` is 8000; 503 when `faults.refuseConnections`;
/// - audio is cut into 20 ms frames; consecutive frames of one library line make an utterance; every
///   10 voiced frames an interim `Results` (`is_final: false`, the words heard so far) if `interim_results=true`;
/// - after `endpointing` ms of unmatched frames (or when another line starts) a final `Results` with
///   `is_final: true, speech_final: true` and the line's text; then `UtteranceEnd` once `utterance_end_ms`
///   have passed since the last word, if set;
/// - `Finalize` → a final `Results` with `from_finalize: true` (empty transcript when nothing is pending);
///   `KeepAlive` → nothing; `CloseStream` → pending final, `Metadata`, close (1000);
/// - no audio or KeepAlive for `idleTimeout` → close 1011 `NET-0001`, as Deepgram does after 10 s.
public final class FakeDeepgram: Sendable {
    /// The key tests use by default.
    public static let testKey = "fake-deepgram-key"

    /// Misbehaviours to inject.
    public struct Faults: Sendable, Equatable {
        /// Answer every upgrade with 503.
        public var refuseConnections: Bool
        /// Close with 1011 after this many audio frames on a connection.
        public var closeAfterFrames: Int?
        /// Send a text message that is not JSON after this many audio frames.
        public var garbageAfterFrames: Int?
        /// Delay before each message sent (results arrive late, in order).
        public var resultDelay: Duration

        /// No faults unless given.
        public init(refuseConnections: Bool = false, closeAfterFrames: Int? = nil, garbageAfterFrames: Int? = nil,
                    resultDelay: Duration = .zero) {
            self.refuseConnections = refuseConnections; self.closeAfterFrames = closeAfterFrames
            self.garbageAfterFrames = garbageAfterFrames; self.resultDelay = resultDelay
        }
    }

    /// What the fake has seen, over all connections.
    public struct Counts: Sendable, Equatable {
        /// Accepted WebSocket connections.
        public var connections = 0
        /// 20 ms audio frames received.
        public var frames = 0
        /// Control messages received.
        public var keepAlives = 0, finalizes = 0, closeStreams = 0
        /// Final `Results` sent.
        public var finals = 0
    }

    /// The bound port.
    public var port: Int { serverBox.withLock { $0?.port ?? 0 } }
    /// The WebSocket URL to configure (`ws://127.0.0.1:<port>/v1/listen`).
    public var url: String { "ws://127.0.0.1:\(port)/v1/listen" }
    /// Current fault settings (may be changed while running; new frames and connections see them).
    public var faults: Faults {
        get { shared.withLock { $0.faults } }
        set { shared.withLock { $0.faults = newValue } }
    }
    /// Counters so far.
    public var counts: Counts { shared.withLock { $0.counts } }

    private struct Shared { var faults: Faults; var counts = Counts() }
    private let shared: Mutex<Shared>
    private let serverBox = Mutex<RunningServer?>(nil)
    private let library: UtteranceLibrary
    private let apiKey: String
    private let idleTimeout: Duration

    private init(library: UtteranceLibrary, apiKey: String, faults: Faults, idleTimeout: Duration) {
        shared = Mutex(Shared(faults: faults))
        self.library = library; self.apiKey = apiKey; self.idleTimeout = idleTimeout
    }

    /// Starts a fake on an ephemeral loopback port.
    public static func start(library: UtteranceLibrary, apiKey: String = FakeDeepgram.testKey, faults: Faults = Faults(),
                             idleTimeout: Duration = .seconds(10)) async throws -> FakeDeepgram {
        let fake = FakeDeepgram(library: library, apiKey: apiKey, faults: faults, idleTimeout: idleTimeout)
        let server = try await RunningServer.start { configuration, onRunning in
            let router = Router(context: BasicWebSocketRequestContext.self)
            router.ws("/v1/listen", shouldUpgrade: { request, _ in
                if fake.faults.refuseConnections { throw HTTPError(.serviceUnavailable) }
                guard request.headers[.authorization] == "Token \(apiKey)" else { throw HTTPError(.unauthorized) }
                guard StreamOptions(request.uri.queryParameters) != nil else { throw HTTPError(.badRequest) }
                return .upgrade([:])
            }, onUpgrade: { inbound, outbound, context in
                guard let options = StreamOptions(context.request.uri.queryParameters) else { return }
                try await fake.serve(inbound: inbound, outbound: outbound, options: options)
            })
            return Application(router: router, server: .http1WebSocketUpgrade(webSocketRouter: router),
                               configuration: configuration, onServerRunning: onRunning, logger: fakeLogger)
        }
        fake.serverBox.withLock { $0 = server }
        return fake
    }

    /// Stops the server, closing open connections.
    public func stop() async { await serverBox.withLock { $0 }?.stop() }

    // MARK: one connection

    private enum Outgoing: Sendable { case text(String), close(WebSocketErrorCode, String) }

    private func serve(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, options: StreamOptions) async throws {
        shared.withLock { $0.counts.connections += 1 }
        let (messages, sink) = AsyncStream<Outgoing>.makeStream()
        let lastHeard = Locked(ContinuousClock.now)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {                                     // reader: audio and control messages
                defer { sink.finish() }
                var stream = FakeDeepgramStream(library: self.library, options: options)
                var pending: [UInt8] = []
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    lastHeard.withLock { $0 = .now }
                    switch message {
                    case .binary(let buffer):
                        pending.append(contentsOf: buffer.readableBytesView)
                        while pending.count >= options.frameBytes {
                            let frame = options.muLawFrame(pending[0..<options.frameBytes])
                            pending.removeFirst(options.frameBytes)
                            let (n, faults) = self.shared.withLock { s in s.counts.frames += 1; return (s.counts.frames, s.faults) }
                            for text in stream.push(frame) { self.send(text, to: sink) }
                            if faults.garbageAfterFrames == n { sink.yield(.text("{\"type\": \"Results\", oops")) }
                            if let limit = faults.closeAfterFrames, n >= limit {
                                sink.yield(.close(.unexpectedServerError, "NET-0000: fake fault"))
                                return
                            }
                        }
                    case .text(let text):
                        switch (try? JSONDecoder().decode(Control.self, from: Data(text.utf8)))?.type {
                        case "KeepAlive": self.shared.withLock { $0.counts.keepAlives += 1 }
                        case "Finalize":
                            self.shared.withLock { $0.counts.finalizes += 1 }
                            for text in stream.finalize() { self.send(text, to: sink) }
                        case "CloseStream":
                            self.shared.withLock { $0.counts.closeStreams += 1 }
                            for text in stream.closeStream() { self.send(text, to: sink) }
                            sink.yield(.close(.normalClosure, ""))
                            return
                        default:
                            sink.yield(.close(.init(codeNumber: 1008), "DATA-0000: unknown control message"))
                            return
                        }
                    }
                }
            }
            group.addTask {                                     // Deepgram's idle timeout
                while true {
                    try await Task.sleep(for: self.idleTimeout / 4)
                    if lastHeard.withLock({ ContinuousClock.now - $0 }) >= self.idleTimeout {
                        sink.yield(.close(.unexpectedServerError, "NET-0001: no audio received"))
                        return
                    }
                }
            }
            writing: for await message in messages {            // writer, in order, with the injected delay
                let delay = shared.withLock { $0.faults.resultDelay }
                if delay > .zero { try await Task.sleep(for: delay) }
                switch message {
                case .text(let text): try await outbound.write(.text(text))
                case .close(let code, let reason):
                    try await outbound.close(code, reason: reason)
                    break writing
                }
            }
            group.cancelAll()
        }
    }

    private func send(_ message: FakeDeepgramStream.Message, to sink: AsyncStream<Outgoing>.Continuation) {
        if message.isFinal { shared.withLock { $0.counts.finals += 1 } }
        sink.yield(.text(message.json))
    }

    private struct Control: Decodable { var type: String }
}

/// The query parameters of a listen request that the fake honours.
struct StreamOptions: Sendable {
    enum Encoding: Sendable { case muLaw, linear16 }
    var encoding: Encoding
    var interimResults: Bool
    /// Frames of silence that end speech (`endpointing` ms / 20); nil when `endpointing=false`.
    var endpointingFrames: Int?
    /// Frames after the last word before `UtteranceEnd`; nil when not asked for.
    var utteranceEndFrames: Int?
    var frameBytes: Int { encoding == .muLaw ? 160 : 320 }

    init?(_ query: FlatDictionary<Substring, Substring>) {
        switch query["encoding"] {
        case "mulaw": encoding = .muLaw
        case "linear16": encoding = .linear16
        default: return nil
        }
        guard query["sample_rate"] == "8000", (query["channels"] ?? "1") == "1" else { return nil }
        interimResults = query["interim_results"] == "true"
        switch query["endpointing"] {
        case "false": endpointingFrames = nil
        case let ms?: guard let v = Int(ms) else { return nil }; endpointingFrames = max(1, v / 20)
        case nil: endpointingFrames = 1                    // Deepgram's default is 10 ms
        }
        utteranceEndFrames = query["utterance_end_ms"].flatMap { Int($0) }.map { max(1, $0 / 20) }
    }

    /// One frame as μ-law bytes (what the library's fingerprints are taken of).
    func muLawFrame(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        switch encoding {
        case .muLaw: return Array(bytes)
        case .linear16:
            let b = Array(bytes)
            let pcm = (0..<b.count / 2).map { Int16(bitPattern: UInt16(b[2 * $0]) | UInt16(b[2 * $0 + 1]) << 8) }
            return G711.encode(pcm, law: .muLaw)
        }
    }
}

/// The fake's recognition for one stream, free of I/O: frames and control messages in, Deepgram JSON out.
struct FakeDeepgramStream {
    struct Message { var json: String; var isFinal: Bool }

    private var tracker: LineTracker
    private let options: StreamOptions
    private let requestID = UUID().uuidString.lowercased()
    private var lastWordEnd: Double?            // set after a final, until UtteranceEnd is sent

    init(library: UtteranceLibrary, options: StreamOptions) {
        tracker = LineTracker(library: library); self.options = options
    }

    mutating func push(_ frame: [UInt8]) -> [Message] {
        var out: [Message] = []
        if let ended = tracker.push(frame) { out.append(final(ended, speechFinal: true)) }
        if let line = tracker.current {
            if tracker.quietFrames == 0 {
                lastWordEnd = nil
                if options.interimResults && line.heardVoiced % 10 == 0 { out.append(interim(line)) }
            } else if let frames = options.endpointingFrames, tracker.quietFrames >= frames, let done = tracker.take() {
                out.append(final(done, speechFinal: true))
            }
        }
        if let end = lastWordEnd, let frames = options.utteranceEndFrames, tracker.current == nil, tracker.quietFrames >= frames {
            out.append(Message(json: Self.encode(UtteranceEnd(lastWordEnd: end)), isFinal: false))
            lastWordEnd = nil
        }
        return out
    }

    mutating func finalize() -> [Message] {
        if let line = tracker.take() { return [final(line, speechFinal: false, fromFinalize: true)] }
        let now = Double(tracker.frames) * 0.02
        return [results(text: "", start: now, end: now, isFinal: true, speechFinal: false, fromFinalize: true)]
    }

    mutating func closeStream() -> [Message] {
        var out: [Message] = []
        if let line = tracker.take() { out.append(final(line, speechFinal: true)) }
        out.append(Message(json: Self.encode(Metadata(requestId: requestID, duration: Double(tracker.frames) * 0.02)), isFinal: false))
        return out
    }

    private mutating func final(_ line: HeardLine, speechFinal: Bool, fromFinalize: Bool = false) -> Message {
        lastWordEnd = line.end
        return results(text: line.text, start: line.start, end: line.end, isFinal: true, speechFinal: speechFinal,
                       fromFinalize: fromFinalize)
    }

    private func interim(_ line: HeardLine) -> Message {
        let words = line.text.split(separator: " ")
        let heard = max(1, words.count * min(line.heardVoiced, line.totalVoiced) / max(line.totalVoiced, 1))
        return results(text: words.prefix(heard).joined(separator: " "), start: line.start, end: line.end,
                       isFinal: false, speechFinal: false, fromFinalize: false)
    }

    private func results(text: String, start: Double, end: Double, isFinal: Bool, speechFinal: Bool, fromFinalize: Bool) -> Message {
        let words = text.split(separator: " ")
        let span = (end - start) / Double(max(words.count, 1))
        let timed = words.enumerated().map { i, w in
            Word(word: w.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "'" }, start: start + Double(i) * span,
                 end: start + Double(i + 1) * span, confidence: 0.99, punctuatedWord: String(w))
        }
        let r = Results(channelIndex: [0, 1], duration: end - start, start: start, isFinal: isFinal, speechFinal: speechFinal,
                        fromFinalize: fromFinalize,
                        channel: .init(alternatives: [.init(transcript: text, confidence: text.isEmpty ? 0 : 0.99, words: timed)]),
                        metadata: .init(requestId: requestID, modelInfo: .init(name: "fake", version: "1", arch: "fake"),
                                        modelUuid: "00000000-0000-0000-0000-000000000000"))
        return Message(json: Self.encode(r), isFinal: isFinal)
    }

    private static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }

    private struct Word: Encodable { var word: String; var start, end, confidence: Double; var punctuatedWord: String }
    private struct Results: Encodable {
        struct Channel: Encodable { var alternatives: [Alternative] }
        struct Alternative: Encodable { var transcript: String; var confidence: Double; var words: [Word] }
        struct Meta: Encodable {
            struct ModelInfo: Encodable { var name, version, arch: String }
            var requestId: String; var modelInfo: ModelInfo; var modelUuid: String
        }
        var type = "Results"
        var channelIndex: [Int]
        var duration, start: Double
        var isFinal, speechFinal, fromFinalize: Bool
        var channel: Channel
        var metadata: Meta
    }
    private struct UtteranceEnd: Encodable {
        var type = "UtteranceEnd"
        var channel = [0, 1]
        var lastWordEnd: Double
    }
    private struct Metadata: Encodable {
        var type = "Metadata"
        var transactionKey = "deprecated"
        var requestId: String
        var sha256 = String(repeating: "0", count: 64)
        var created = ISO8601DateFormatter().string(from: Date())
        var duration: Double
        var channels = 1
    }
}
