// OpenAI-compatible batch transcription: `POST {url}/v1/audio/transcriptions` (OpenAI's API, and the
// same route on self-hosted Whisper servers such as faster-whisper-server / speaches or whisper.cpp's
// server). Request: multipart/form-data with `file` (here a 16-bit mono WAV at the call's rate), `model`,
// `language` (ISO-639-1) and `response_format=json`; answer `{"text": "…"}` (OpenAI API reference,
// "Create transcription").

import AsyncHTTPClient
import Foundation
import Synchronization
import FrontDeskCore
import Logging
import NIOCore
import Voice

/// A batch recogniser for OpenAI's `/v1/audio/transcriptions` and compatible self-hosted Whisper servers:
/// the session keeps the audio fed since the last turn and transcribes it when the call's end-of-turn
/// detector calls `endOfTurn()`.
public struct OpenAISpeechToText: SpeechToText {
    /// The model used when none is configured.
    public static let defaultModel = "whisper-1"

    /// Base URL of the server (`https://api.openai.com`, `http://whisper.local:8000`; a trailing `/v1` is fine).
    public var url: String
    /// Bearer key; nil for self-hosted servers without one.
    public var apiKey: String?
    /// Model name sent with each request.
    public var model: String
    /// Longest a transcription may take before the session fails.
    public var timeout: Duration
    /// At most this much audio is kept per turn (the most recent); older audio is dropped.
    public var maxTurn: Duration
    /// Shared HTTP client (the server owns and shuts it down).
    public var httpClient: HTTPClient
    /// Logger (counts and statuses only; never transcripts).
    public var logger: Logger

    /// A recogniser for the server at `url`.
    public init(url: String, apiKey: String? = nil, model: String = OpenAISpeechToText.defaultModel,
                timeout: Duration = .seconds(4), maxTurn: Duration = .seconds(30), httpClient: HTTPClient,
                logger: Logger = Logger(label: "frontdesk.stt.openai")) {
        self.url = url; self.apiKey = apiKey; self.model = model; self.timeout = timeout; self.maxTurn = maxTurn
        self.httpClient = httpClient; self.logger = logger
    }

    /// Opens a session; no connection is made until the first `endOfTurn()`.
    public func start(format: AudioFormat, language: Language) async throws -> any SpeechToTextSession {
        OpenAITranscriptionSession(recogniser: self, format: format, language: language)
    }

    /// Transcribes `samples` (PCM16 mono at `sampleRate`); returns the trimmed text.
    public func transcribe(_ samples: [Int16], sampleRate: Int, language: Language) async throws -> String {
        let boundary = "frontdesk-\(UUID().uuidString)"
        var body = ByteBuffer()
        func field(_ name: String, _ value: String) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"turn.wav\"\r\n"
                         + "Content-Type: audio/wav\r\n\r\n")
        body.writeBytes(WAV.encode(samples, sampleRate: sampleRate))
        body.writeString("\r\n")
        field("model", model)
        field("language", language.rawValue)
        field("response_format", "json")
        body.writeString("--\(boundary)--\r\n")

        var request = HTTPClientRequest(url: HTTPSupport.endpoint(url, "/v1/audio/transcriptions"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "multipart/form-data; boundary=\(boundary)")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(body)
        let client = httpClient, limit = timeout, prepared = request
        do {
            return try await HTTPSupport.withTimeout(limit, provider: Self.provider) {
                let response = try await client.execute(prepared, timeout: TimeAmount(limit))
                let bytes = try await response.body.collect(upTo: 1 << 20)
                guard response.status.code == 200 else {
                    throw SpeechProviderError.httpStatus(provider: Self.provider, status: Int(response.status.code))
                }
                guard let answer = try? JSONDecoder().decode(Answer.self, from: Data(bytes.readableBytesView)) else {
                    throw SpeechProviderError.protocolViolation(provider: Self.provider, reason: "the answer has no \"text\"")
                }
                return answer.text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        } catch {
            throw HTTPSupport.providerError(error, provider: Self.provider)
        }
    }

    static let provider = "openai-stt"
    private struct Answer: Decodable { var text: String }
}

/// A session of `OpenAISpeechToText`: buffers fed audio; each `endOfTurn()` queues a transcription of
/// the turn (in order) and returns at once; results arrive on `events` as `.final(text)` (when not
/// empty) then `.endOfSpeech`. A failed request ends `events` with the error. `finish()` waits for queued
/// transcriptions; audio fed after the last `endOfTurn()` is dropped (it is the silence after the call).
actor OpenAITranscriptionSession: SpeechToTextSession {
    nonisolated let events: TranscriptStream
    private let sink: TranscriptStream.Continuation
    private let recogniser: OpenAISpeechToText
    private let format: AudioFormat
    private let language: Language
    private let maxSamples: Int
    /// Audio of the current turn and whether the session can take more; fed from the call's event loop.
    private struct Buffer { var audio: [Int16] = []; var failure: (any Error)?; var closed = false }
    private let buffer = Mutex(Buffer())
    private var queue: Task<Void, Never>?
    private var turns = 0

    init(recogniser: OpenAISpeechToText, format: AudioFormat, language: Language) {
        (events, sink) = TranscriptStream.makeStream()
        self.recogniser = recogniser; self.format = format; self.language = language
        maxSamples = max(format.sampleRate, Int(recogniser.maxTurn.components.seconds) * format.sampleRate)
    }

    nonisolated func feed(_ samples: [Int16]) throws {
        let limit = maxSamples, slack = format.sampleRate
        try buffer.withLock { b in
            if let failure = b.failure { throw failure }
            if b.closed { throw SpeechProviderError.sessionClosed(provider: OpenAISpeechToText.provider) }
            b.audio.append(contentsOf: samples)
            if b.audio.count > limit + slack { b.audio.removeFirst(b.audio.count - limit) }
        }
    }

    func endOfTurn() async {
        let limit = maxSamples
        guard let turn = buffer.withLock({ b -> [Int16]? in
            guard !b.closed, b.failure == nil else { return nil }
            defer { b.audio = [] }
            return b.audio.count > limit ? Array(b.audio.suffix(limit)) : b.audio
        }) else { return }
        let previous = queue
        queue = Task { [weak self] in
            await previous?.value
            await self?.transcribe(turn)
        }
    }

    func finish() async {
        let wasClosed = buffer.withLock { b in defer { b.closed = true; b.audio = [] }; return b.closed }
        guard !wasClosed else { return }
        await queue?.value
        if buffer.withLock({ $0.failure == nil }) { sink.finish() }
    }

    private func transcribe(_ turn: [Int16]) async {
        guard buffer.withLock({ $0.failure == nil }) else { return }
        turns += 1
        if turn.isEmpty { sink.yield(.endOfSpeech); return }
        do {
            let text = try await recogniser.transcribe(turn, sampleRate: format.sampleRate, language: language)
            if !text.isEmpty { sink.yield(.final(text)) }
            sink.yield(.endOfSpeech)
        } catch {
            buffer.withLock { $0.failure = error }
            recogniser.logger.warning("transcription failed", metadata: ["error": "\(error)", "turn": "\(turns)"])
            sink.finish(throwing: error)
        }
    }
}
