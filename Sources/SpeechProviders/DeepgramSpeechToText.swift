// Deepgram live streaming speech to text over a WebSocket.
//
// Protocol as documented by Deepgram (developers.deepgram.com), which this client relies on:
// - Live audio: `GET wss://api.deepgram.com/v1/listen?…` upgraded to a WebSocket, header
//   `Authorization: Token <key>`; query `encoding` (`mulaw` / `linear16`), `sample_rate`, `channels`,
//   `interim_results`, `endpointing` (ms of silence that ends speech → `speech_final: true`),
//   `utterance_end_ms` (needs interim results; sends `{"type":"UtteranceEnd"}`), `language`, `model`.
//   Audio goes up as binary messages ("Live Audio" API reference).
// - Responses: `{"type":"Results","channel_index":[0,1],"duration":…,"start":…,"is_final":…,
//   "speech_final":…,"from_finalize":…,"channel":{"alternatives":[{"transcript":…,"confidence":…,
//   "words":[…]}]},"metadata":{"request_id":…}}` (the SDKs' `LiveTranscriptionEvent`),
//   `{"type":"UtteranceEnd","channel":[0,1],"last_word_end":…}` ("Utterance End"), `Metadata`,
//   `SpeechStarted`.
// - Control messages, as text frames: `{"type":"KeepAlive"}` every 3–5 s of no audio, or the server
//   closes after 10 s with `NET-0001` ("Audio Keep Alive"); `{"type":"Finalize"}` flushes and may answer
//   with a result marked `from_finalize: true` ("Finalize"); `{"type":"CloseStream"}` flushes, sends a
//   final `Metadata` and closes ("Close Stream").
// - Errors arrive as a WebSocket close frame with a code and a reason such as `NET-0001` or
//   `DATA-0000`; a rejected key fails the upgrade (HTTP 401).
// - Models: `nova-3` handles English and, since 2025-09, Spanish (`es`) (Deepgram changelog, "Nova-3
//   supports 3 new languages"); so it is the default for both languages here.

import Foundation
import FrontDeskCore
import HTTPTypes
import Logging
import NIOCore
import NIOWebSocket
import Synchronization
import Voice
import WSClient

/// Deepgram's live streaming recogniser (`/v1/listen` over a WebSocket): one connection per call, audio
/// streamed as it arrives, interim and final transcripts back, end of speech from Deepgram's endpointing.
public struct DeepgramSpeechToText: SpeechToText {
    /// Deepgram's hosted endpoint.
    public static let defaultURL = "wss://api.deepgram.com/v1/listen"
    /// The model used when none is configured (handles en and es).
    public static let defaultModel = "nova-3"

    /// WebSocket URL of the listen endpoint (`wss://…/v1/listen`, or `ws://` for a local fake).
    public var url: String
    /// The API key, sent as `Authorization: Token <key>`.
    public var apiKey: String
    /// Deepgram model name.
    public var model: String
    /// Silence after speech that makes Deepgram mark a result `speech_final` (`endpointing`).
    public var endpointing: Duration
    /// Gap after the last word that makes Deepgram send `UtteranceEnd` (`utterance_end_ms`); nil: off.
    public var utteranceEnd: Duration?
    /// Whether to ask for interim results (`.partial` events). `utteranceEnd` needs them.
    public var interimResults: Bool
    /// A `KeepAlive` is sent when no audio has gone up for this long (Deepgram closes after 10 s).
    public var keepAlive: Duration
    /// After `finish()`, how long to wait for Deepgram to close before closing from this side.
    public var closeTimeout: Duration
    /// Logger for connection events (ids and counts only; never transcripts).
    public var logger: Logger

    /// A recogniser for the Deepgram endpoint at `url` with `apiKey`.
    public init(url: String = DeepgramSpeechToText.defaultURL, apiKey: String, model: String = DeepgramSpeechToText.defaultModel,
                endpointing: Duration = .milliseconds(500), utteranceEnd: Duration? = .milliseconds(1_000),
                interimResults: Bool = true, keepAlive: Duration = .seconds(4), closeTimeout: Duration = .seconds(5),
                logger: Logger = Logger(label: "frontdesk.stt.deepgram")) {
        self.url = url; self.apiKey = apiKey; self.model = model
        self.endpointing = endpointing; self.utteranceEnd = utteranceEnd; self.interimResults = interimResults
        self.keepAlive = keepAlive; self.closeTimeout = closeTimeout; self.logger = logger
    }

    /// The listen URL with the query for `format` and `language`: μ-law at 8 kHz (what the phone network
    /// carries, half the bytes of linear16), linear16 at any other rate.
    public func listenURL(format: AudioFormat, language: Language) -> String {
        var query = [
            ("encoding", format == .telephone ? "mulaw" : "linear16"),
            ("sample_rate", String(format.sampleRate)),
            ("channels", "1"),
            ("interim_results", String(interimResults || utteranceEnd != nil)),
            ("endpointing", String(Self.milliseconds(endpointing))),
            ("language", language.rawValue),
            ("model", model),
        ]
        if let utteranceEnd { query.append(("utterance_end_ms", String(Self.milliseconds(utteranceEnd)))) }
        var components = URLComponents(string: url) ?? URLComponents()
        components.queryItems = (components.queryItems ?? []) + query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.string ?? url
    }

    /// Connects; throws if the connection or the WebSocket upgrade fails (e.g. 401 for a wrong key).
    public func start(format: AudioFormat, language: Language) async throws -> any SpeechToTextSession {
        let session = DeepgramSession(encoding: format == .telephone ? .muLaw : .linear16, keepAlive: keepAlive,
                                      closeTimeout: closeTimeout, logger: logger)
        var headers = HTTPFields()
        headers[.authorization] = "Token \(apiKey)"
        try await session.connect(url: listenURL(format: format, language: language),
                                  configuration: WebSocketClientConfiguration(maxFrameSize: 1 << 20, additionalHeaders: headers))
        return session
    }

    static func milliseconds(_ d: Duration) -> Int {
        Int(d.components.seconds * 1_000 + d.components.attoseconds / 1_000_000_000_000_000)
    }
}

/// One Deepgram stream. Audio and control messages queue on `outbound` and a writer task sends them in
/// order; a reader task turns Deepgram's messages into `TranscriptEvent`s.
final class DeepgramSession: SpeechToTextSession {
    enum Encoding { case muLaw, linear16 }
    enum Outbound: Sendable { case audio([UInt8]), control(String) }

    static let provider = "deepgram"
    let events: TranscriptStream
    private let eventSink: TranscriptStream.Continuation
    private let outbound: AsyncStream<Outbound>
    private let outboundSink: AsyncStream<Outbound>.Continuation
    private let encoding: Encoding
    private let keepAlive: Duration
    private let closeTimeout: Duration
    private let logger: Logger

    private struct State {
        var lastSent = ContinuousClock.now
        var closing = false                 // CloseStream sent: a close from Deepgram is expected
        var ended = false                   // events finished
        var failure: SpeechProviderError?
        var finalSinceEndOfSpeech = false   // a .final was emitted since the last .endOfSpeech
        var connectTask: Task<Void, Never>?
        var results = 0
    }
    private let state = Mutex(State())

    init(encoding: Encoding, keepAlive: Duration, closeTimeout: Duration, logger: Logger) {
        (events, eventSink) = TranscriptStream.makeStream()
        (outbound, outboundSink) = AsyncStream.makeStream()
        self.encoding = encoding; self.keepAlive = keepAlive; self.closeTimeout = closeTimeout; self.logger = logger
        // A consumer that stops listening (cancels or drops the events) closes the connection.
        eventSink.onTermination = { [weak self] reason in
            if case .cancelled = reason { self?.state.withLock { $0.connectTask?.cancel() } }
        }
    }

    // MARK: SpeechToTextSession

    func feed(_ samples: [Int16]) throws {
        try checkOpen()
        switch encoding {
        case .muLaw: send(audio: G711.encode(samples, law: .muLaw))
        case .linear16: send(audio: samples.flatMap { s in withUnsafeBytes(of: s.littleEndian) { Array($0) } })
        }
    }

    /// A μ-law session sends the call's own bytes as they came.
    func feed(_ samples: [Int16], muLaw: ArraySlice<UInt8>) throws {
        guard encoding == .muLaw else { return try feed(samples) }
        try checkOpen()
        send(audio: Array(muLaw))
    }

    private func send(audio bytes: [UInt8]) {
        state.withLock { $0.lastSent = .now }
        outboundSink.yield(.audio(bytes))
    }

    func endOfTurn() async {
        guard (try? checkOpen()) != nil else { return }
        send(control: "Finalize")
    }

    func finish() async {
        let alreadyClosing = state.withLock { s in
            defer { s.closing = true }
            return s.closing || s.ended
        }
        guard !alreadyClosing else { return }
        send(control: "CloseStream")
        outboundSink.finish()
    }

    private func checkOpen() throws {
        try state.withLock { s in
            if let failure = s.failure { throw failure }
            if s.closing || s.ended { throw SpeechProviderError.sessionClosed(provider: Self.provider) }
        }
    }

    private func send(control type: String) {
        state.withLock { $0.lastSent = .now }
        outboundSink.yield(.control(#"{"type":"\#(type)"}"#))
    }

    // MARK: connection

    /// Starts the connection task and returns once the WebSocket is open (or throws why it is not).
    func connect(url: String, configuration: WebSocketClientConfiguration) async throws {
        let ready = ReadySignal()
        let logger = self.logger
        let task = Task {
            do {
                let close = try await WebSocketClient.connect(url: url, configuration: configuration, logger: logger) {
                    inbound, outbound, _ in
                    ready.signal(nil)
                    try await self.run(inbound: inbound, outbound: outbound)
                }
                let failure = SpeechProviderError.connectionFailed(provider: Self.provider, reason: "closed during the handshake")
                if ready.signal(failure) { self.ended(close: close) }
            } catch {
                let reason = (error as? WebSocketClientError).map(\.description) ?? String(String(describing: error).prefix(200))
                if ready.signal(.connectionFailed(provider: Self.provider, reason: reason)) {
                    // Lost after opening: fine if a close was asked for, else the stream failed.
                    let closing = self.state.withLock { $0.closing }
                    self.end(throwing: closing ? nil : .closedUnexpectedly(provider: Self.provider, code: nil, reason: reason))
                }
            }
        }
        state.withLock { $0.connectTask = task }
        try await ready.wait()
        logger.debug("deepgram stream open")
    }

    /// The connection's life: writer, keep-alive and reader run together until the reader sees the
    /// stream close, the reader fails, or Deepgram does not close within `closeTimeout` of `CloseStream`.
    private func run(inbound: WebSocketInboundStream, outbound writer: WebSocketOutboundWriter) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await item in self.outbound {
                    switch item {
                    case .audio(let bytes): try await writer.write(.binary(ByteBuffer(bytes: bytes)))
                    case .control(let text): try await writer.write(.text(text))
                    }
                }
                try await Task.sleep(for: self.closeTimeout)     // CloseStream sent; Deepgram should close first
            }
            group.addTask {
                while true {
                    try await Task.sleep(for: self.keepAlive / 4)
                    let idle = self.state.withLock { ContinuousClock.now - $0.lastSent }
                    if idle >= self.keepAlive { self.send(control: "KeepAlive") }
                }
            }
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if !self.handle(message) { return }
                }
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    /// Turns one Deepgram message into events; false (and a recorded failure) on anything undocumented.
    private func handle(_ message: WebSocketMessage) -> Bool {
        guard case .text(let text) = message, let data = text.data(using: .utf8),
              let kind = try? JSONDecoder().decode(Kind.self, from: data) else {
            return fail(.protocolViolation(provider: Self.provider, reason: "a message that is not Deepgram JSON"))
        }
        switch kind.type {
        case "Results":
            guard let r = try? JSONDecoder().decode(Results.self, from: data) else {
                return fail(.protocolViolation(provider: Self.provider, reason: "a Results message without a transcript"))
            }
            let transcript = r.channel.alternatives.first?.transcript.trimmingCharacters(in: .whitespaces) ?? ""
            var out: [TranscriptEvent] = []
            state.withLock { s in
                s.results += 1
                if r.is_final == true {
                    if !transcript.isEmpty { out.append(.final(transcript)); s.finalSinceEndOfSpeech = true }
                    // A Finalize answer always ends the turn; endpointing only when something was said.
                    if r.from_finalize == true || (r.speech_final == true && s.finalSinceEndOfSpeech) {
                        out.append(.endOfSpeech); s.finalSinceEndOfSpeech = false
                    }
                } else if !transcript.isEmpty {
                    out.append(.partial(transcript))
                }
            }
            for e in out { eventSink.yield(e) }
        case "UtteranceEnd":
            let due = state.withLock { s in defer { s.finalSinceEndOfSpeech = false }; return s.finalSinceEndOfSpeech }
            if due { eventSink.yield(.endOfSpeech) }
        case "Error":
            return fail(.protocolViolation(provider: Self.provider, reason: "Deepgram reported an error"))
        default:
            break           // Metadata, SpeechStarted and anything newer: nothing for the call
        }
        return true
    }

    private func fail(_ error: SpeechProviderError) -> Bool {
        state.withLock { s in if s.failure == nil { s.failure = error } }
        return false
    }

    /// The connection ended with `close` (Deepgram's close frame, if any).
    private func ended(close: WebSocketCloseFrame?) {
        let (failure, closing) = state.withLock { ($0.failure, $0.closing) }
        if let failure { return end(throwing: failure) }
        if closing { return end(throwing: nil) }
        end(throwing: .closedUnexpectedly(provider: Self.provider, code: close.map { Int(UInt16(webSocketErrorCode: $0.closeCode)) },
                                          reason: close?.reason.map { String($0.prefix(120)) }))
    }

    private func end(throwing error: SpeechProviderError?) {
        let (first, results) = state.withLock { s in
            defer { s.ended = true; if s.failure == nil { s.failure = error } }
            return (!s.ended, s.results)
        }
        guard first else { return }
        outboundSink.finish()
        if let error {
            logger.warning("deepgram stream failed", metadata: ["error": "\(error)", "results": "\(results)"])
            eventSink.finish(throwing: error)
        } else {
            logger.debug("deepgram stream closed", metadata: ["results": "\(results)"])
            eventSink.finish()
        }
    }

    private struct Kind: Decodable { var type: String }
    private struct Results: Decodable {
        struct Channel: Decodable { var alternatives: [Alternative] }
        struct Alternative: Decodable { var transcript: String }
        var channel: Channel
        var is_final: Bool?
        var speech_final: Bool?
        var from_finalize: Bool?
    }
}

/// Reports once whether a connection opened: the first `signal` decides what `wait()` returns or throws.
private final class ReadySignal: Sendable {
    private struct State { var outcome: Result<Void, SpeechProviderError>?; var waiter: CheckedContinuation<Void, any Error>? }
    private let state = Mutex(State())

    /// Records the outcome (nil: open) unless one was recorded; returns whether one already was.
    @discardableResult
    func signal(_ failure: SpeechProviderError?) -> Bool {
        let outcome: Result<Void, SpeechProviderError> = failure.map { .failure($0) } ?? .success(())
        let (already, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Void, any Error>?) in
            guard s.outcome == nil else { return (true, nil) }
            s.outcome = outcome
            defer { s.waiter = nil }
            return (false, s.waiter)
        }
        waiter?.resume(with: outcome.mapError { $0 })
        return already
    }

    func wait() async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let known = state.withLock { s -> Result<Void, SpeechProviderError>? in
                if s.outcome == nil { s.waiter = continuation }
                return s.outcome
            }
            if let known { continuation.resume(with: known.mapError { $0 }) }
        }
    }
}
