// OpenAI-compatible speech synthesis: `POST {url}/v1/audio/speech` with JSON `{"model", "input", "voice",
// "response_format": "pcm"}`; `pcm` is raw 24 kHz 16-bit signed little-endian mono with no header
// (OpenAI API reference, "Create speech"; the OpenAPI spec's PcmAudioFormat: "Only a 24kHz sample rate
// is supported"). The body is converted to 8 kHz as it streams in.

import AsyncHTTPClient
import Foundation
import FrontDeskCore
import Logging
import NIOCore
import Voice

/// A synthesizer for OpenAI's `/v1/audio/speech` and compatible servers: streams 24 kHz PCM down and
/// emits 8 kHz chunks as they arrive. Reply text leaves the machine, so the BAA gate applies.
public struct OpenAITextToSpeech: TextToSpeech {
    /// The model used when none is configured.
    public static let defaultModel = "tts-1"
    /// The voice used when none is configured.
    public static let defaultVoice = "alloy"
    /// Sample rate of the `pcm` response format.
    public static let pcmRate = 24_000

    /// Base URL of the server (a trailing `/v1` is fine).
    public var url: String
    /// Bearer key; nil for servers without one.
    public var apiKey: String?
    /// Model name.
    public var model: String
    /// Voice name. The voices speak the language of the text, so one voice serves en and es.
    public var voice: String
    /// Longest wait for the response to start.
    public var timeout: Duration
    /// Shared HTTP client.
    public var httpClient: HTTPClient
    /// Logger (statuses and sizes only; never reply text).
    public var logger: Logger

    /// A synthesizer for the server at `url`.
    public init(url: String, apiKey: String? = nil, model: String = OpenAITextToSpeech.defaultModel,
                voice: String = OpenAITextToSpeech.defaultVoice, timeout: Duration = .seconds(4), httpClient: HTTPClient,
                logger: Logger = Logger(label: "frontdesk.tts.openai")) {
        self.url = url; self.apiKey = apiKey; self.model = model; self.voice = voice; self.timeout = timeout
        self.httpClient = httpClient; self.logger = logger
    }

    /// Streams `text` as 8 kHz PCM16 chunks; stopping consumption cancels the request.
    public func synthesize(_ text: String, language: Language) -> SpeechStream {
        let (stream, continuation) = SpeechStream.makeStream()
        let task = Task {
            do {
                try await run(text, into: continuation)
                continuation.finish()
            } catch {
                let mapped = HTTPSupport.providerError(error, provider: Self.provider)
                if !(mapped is CancellationError) {
                    logger.warning("speech synthesis failed", metadata: ["error": "\(mapped)"])
                }
                continuation.finish(throwing: mapped)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private func run(_ text: String, into continuation: SpeechStream.Continuation) async throws {
        let body = try JSONEncoder().encode(Request(model: model, input: text, voice: voice, response_format: "pcm"))
        var request = HTTPClientRequest(url: HTTPSupport.endpoint(url, "/v1/audio/speech"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let client = httpClient, prepared = request, limit = timeout
        let response = try await HTTPSupport.withTimeout(timeout, provider: Self.provider) {
            try await client.execute(prepared, timeout: TimeAmount(limit))
        }
        guard response.status.code == 200 else {
            throw SpeechProviderError.httpStatus(provider: Self.provider, status: Int(response.status.code))
        }
        var decoder = WAV.Decoder(rawPCMAt: Self.pcmRate)
        var converter = RateConverter(from: Self.pcmRate)
        for try await chunk in response.body {
            let out = converter.process(try decoder.push(chunk.readableBytesView))
            if !out.isEmpty { continuation.yield(.pcm16(out)) }
        }
        let tail = converter.flush()
        if !tail.isEmpty { continuation.yield(.pcm16(tail)) }
    }

    static let provider = "openai-tts"
    private struct Request: Encodable { var model, input, voice, response_format: String }
}
