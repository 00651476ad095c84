// A loopback stand-in for the OpenAI audio API (and self-hosted servers with the same routes):
// `POST /v1/audio/transcriptions` (multipart/form-data, `file` a WAV) → `{"text": …}`, and
// `POST /v1/audio/speech` (JSON, `response_format: "pcm"`) → raw 24 kHz PCM16 LE audio.

import Foundation
import Hummingbird
import NIOCore
import Synchronization
import Voice

/// A fake OpenAI-compatible audio server on 127.0.0.1 (ephemeral port):
/// - transcriptions: decodes the uploaded WAV (8 kHz PCM16 mono), cuts it into 20 ms frames and answers
///   `{"text": line}` for the library line with the most matching frames (`""` when none match); 400 when
///   the form has no WAV `file` or no `model`;
/// - speech: answers `audio/pcm` (24 kHz PCM16 LE): the library's synthetic signal for the input, upsampled,
///   streamed in 100 ms chunks; 400 unless `response_format` is `pcm` and `input` is not empty;
/// - with `apiKey` set, 401 unless `Authorization: Bearer <apiKey>`;
/// - faults: `failStatus` answers every request with that status; `delay` waits before answering;
///   `chunkDelay` waits between speech chunks (a slow stream, for cancellation).
public final class FakeOpenAIAudio: Sendable {
    /// Misbehaviours to inject.
    public struct Faults: Sendable, Equatable {
        /// Answer every request with this HTTP status (e.g. 500).
        public var failStatus: Int?
        /// Wait this long before answering.
        public var delay: Duration
        /// Wait this long between 100 ms chunks of speech.
        public var chunkDelay: Duration
        /// No faults unless given.
        public init(failStatus: Int? = nil, delay: Duration = .zero, chunkDelay: Duration = .zero) {
            self.failStatus = failStatus; self.delay = delay; self.chunkDelay = chunkDelay
        }
    }

    /// What the fake has answered.
    public struct Counts: Sendable, Equatable {
        /// Requests answered with 200, per route.
        public var transcriptions = 0, speeches = 0
        /// Speech responses whose body was streamed to the end.
        public var speechesCompleted = 0
    }

    /// The bound port.
    public var port: Int { serverBox.withLock { $0?.port ?? 0 } }
    /// The base URL to configure (`http://127.0.0.1:<port>`).
    public var url: String { "http://127.0.0.1:\(port)" }
    /// Current fault settings (may be changed while running).
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
    private let apiKey: String?

    private init(library: UtteranceLibrary, apiKey: String?, faults: Faults) {
        shared = Mutex(Shared(faults: faults)); self.library = library; self.apiKey = apiKey
    }

    /// Starts a fake on an ephemeral loopback port; `apiKey` nil accepts requests without a key.
    public static func start(library: UtteranceLibrary, apiKey: String? = nil, faults: Faults = Faults()) async throws -> FakeOpenAIAudio {
        let fake = FakeOpenAIAudio(library: library, apiKey: apiKey, faults: faults)
        let server = try await RunningServer.start { configuration, onRunning in
            let router = Router()
            router.post("/v1/audio/transcriptions") { request, context in try await fake.transcribe(request, context) }
            router.post("/v1/audio/speech") { request, context in try await fake.speak(request, context) }
            return Application(router: router, configuration: configuration, onServerRunning: onRunning, logger: fakeLogger)
        }
        fake.serverBox.withLock { $0 = server }
        return fake
    }

    /// Stops the server.
    public func stop() async { await serverBox.withLock { $0 }?.stop() }

    // MARK: routes

    /// Key check and injected faults, common to both routes.
    private func admit(_ request: Request) async throws -> Faults {
        if let apiKey, request.headers[.authorization] != "Bearer \(apiKey)" { throw HTTPError(.unauthorized) }
        let faults = self.faults
        if faults.delay > .zero { try await Task.sleep(for: faults.delay) }
        if let status = faults.failStatus { throw HTTPError(.init(code: status)) }
        return faults
    }

    private func transcribe(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        _ = try await admit(request)
        guard let contentType = request.headers[.contentType], let boundary = Multipart.boundary(contentType) else {
            throw HTTPError(.badRequest, message: "expected multipart/form-data")
        }
        let body = try await request.body.collect(upTo: 32 << 20)
        let parts = Multipart.parts(Array(body.readableBytesView), boundary: boundary)
        guard let file = parts["file"], let wav = try? WAV.decode(file), parts["model"] != nil else {
            throw HTTPError(.badRequest, message: "expected a WAV file and a model")
        }
        var votes: [String: Int] = [:]
        if wav.sampleRate == 8_000 {
            let n = UtteranceLibrary.frameSamples
            for start in stride(from: 0, to: wav.samples.count - n + 1, by: n) {
                if let line = library.line(containing: Array(wav.samples[start..<start + n])) { votes[line, default: 0] += 1 }
            }
        }
        let text = votes.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? ""
        shared.withLock { $0.counts.transcriptions += 1 }
        let json = try JSONEncoder().encode(["text": text])
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(data: json)))
    }

    private func speak(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let faults = try await admit(request)
        struct Speech: Decodable { var model: String; var input: String; var voice: String; var response_format: String? }
        let body = try await request.body.collect(upTo: 1 << 20)
        guard let speech = try? JSONDecoder().decode(Speech.self, from: Data(buffer: body)),
              speech.response_format == "pcm", !speech.input.isEmpty else {
            throw HTTPError(.badRequest, message: "expected model, input, voice and response_format pcm")
        }
        let audio = Self.tripled(UtteranceLibrary.syntheticSpeech(for: speech.input))
        shared.withLock { $0.counts.speeches += 1 }
        let chunk = 2_400                                    // 100 ms at 24 kHz
        let responseBody = ResponseBody { writer in
            for start in stride(from: 0, to: audio.count, by: chunk) {
                if faults.chunkDelay > .zero { try await Task.sleep(for: faults.chunkDelay) }
                var buffer = ByteBuffer()
                for s in audio[start..<min(start + chunk, audio.count)] { buffer.writeInteger(s, endianness: .little) }
                try await writer.write(buffer)
            }
            try await writer.finish(nil)
            self.shared.withLock { $0.counts.speechesCompleted += 1 }
        }
        return Response(status: .ok, headers: [.contentType: "audio/pcm"], body: responseBody)
    }
}

extension FakeOpenAIAudio {
    /// 8 kHz → 24 kHz by linear interpolation: cheap, and good enough for a stand-in voice.
    static func tripled(_ x: [Int16]) -> [Int16] {
        var out: [Int16] = []
        out.reserveCapacity(x.count * 3)
        for i in x.indices {
            let a = Int(x[i]), b = Int(i + 1 < x.count ? x[i + 1] : 0)
            out.append(Int16(a)); out.append(Int16((2 * a + b) / 3)); out.append(Int16((a + 2 * b) / 3))
        }
        return out
    }
}

/// Just enough multipart/form-data for the fake: fields by name, values as bytes.
enum Multipart {
    static func boundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for param in contentType.split(separator: ";").dropFirst() {
            let kv = param.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0].lowercased() == "boundary" { return kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }

    static func parts(_ body: [UInt8], boundary: String) -> [String: [UInt8]] {
        let delimiter = Array("--\(boundary)".utf8)
        var out: [String: [UInt8]] = [:]
        var cursor = 0
        var starts: [Int] = []
        while let i = find(delimiter, in: body, from: cursor) { starts.append(i); cursor = i + delimiter.count }
        for (a, b) in zip(starts, starts.dropFirst()) {
            var part = Array(body[(a + delimiter.count)..<b])
            if part.starts(with: [13, 10]) { part.removeFirst(2) }
            if part.suffix(2) == [13, 10] { part.removeLast(2) }
            guard let split = find([13, 10, 13, 10], in: part, from: 0) else { continue }
            let head = String(decoding: part[..<split], as: UTF8.self)
            guard let range = head.range(of: "name=\"") else { continue }
            let name = head[range.upperBound...].prefix { $0 != "\"" }
            out[String(name)] = Array(part[(split + 4)...])
        }
        return out
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var i = from
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && hay[i..<i + needle.count].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }
}
