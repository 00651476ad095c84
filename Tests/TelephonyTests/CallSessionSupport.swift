import Foundation
import Synchronization
import FrontDeskCore
import Logging
import Server
import Telephony
import Voice

/// Collects what a session sends to "Twilio".
final class RecordingOutput: MediaStreamOutput, @unchecked Sendable {
    private let lock = NSLock()
    private var _messages: [(at: ContinuousClock.Instant, text: String)] = []
    private var _isClosed = false

    var messages: [(at: ContinuousClock.Instant, text: String)] { lock.withLock { _messages } }
    var isClosed: Bool { lock.withLock { _isClosed } }

    func send(_ text: String) { lock.withLock { _messages.append((.now, text)) } }
    func close() { lock.withLock { _isClosed = true } }

    func events(_ name: String) -> [(at: ContinuousClock.Instant, text: String)] {
        messages.filter { $0.text.contains("\"event\":\"\(name)\"") }
    }

    /// Waits (polling) until `condition` holds or `timeout` passes; returns whether it held. Generous:
    /// CI runs every suite at once on two cores.
    func wait(timeout: Duration = .seconds(30), _ condition: @Sendable (RecordingOutput) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return condition(self)
    }
}

/// A recogniser the test drives by hand: `say(text)` emits a final transcript and end of speech.
final class ManualSpeechToText: SpeechToText, @unchecked Sendable {
    let failOnStart: Bool
    private let lock = NSLock()
    private var sessions: [ManualSession] = []
    init(failOnStart: Bool = false) { self.failOnStart = failOnStart }

    func start(format: AudioFormat, language: Language) async throws -> any SpeechToTextSession {
        struct Refused: Error {}
        if failOnStart { throw Refused() }
        let s = ManualSession()
        lock.withLock { sessions.append(s) }
        return s
    }

    var session: ManualSession? { lock.withLock { sessions.last } }

    final class ManualSession: SpeechToTextSession, @unchecked Sendable {
        let events: TranscriptStream
        let continuation: TranscriptStream.Continuation
        private let lock = NSLock()
        private var fed = 0
        private let onFinish: @Sendable () -> Void
        init(onFinish: @escaping @Sendable () -> Void = {}) {
            (events, continuation) = TranscriptStream.makeStream()
            self.onFinish = onFinish
        }
        func feed(_ samples: [Int16]) throws { lock.withLock { fed += 1 } }
        func finish() async { onFinish(); continuation.finish() }
        var framesFed: Int { lock.withLock { fed } }
        func say(_ text: String) {
            continuation.yield(.final(text))
            continuation.yield(.endOfSpeech)
        }
        func fail() { continuation.finish(throwing: CancellationError()) }
    }
}

/// A recogniser that takes a while to connect, and remembers whether its session was closed.
final class SlowSpeechToText: SpeechToText, @unchecked Sendable {
    let delay: Duration
    private let lock = NSLock()
    private var sessions: [ManualSpeechToText.ManualSession] = []
    private var finishedCount = 0
    init(delay: Duration) { self.delay = delay }
    func start(format: AudioFormat, language: Language) async throws -> any SpeechToTextSession {
        try? await Task.sleep(for: delay)
        let s = ManualSpeechToText.ManualSession { [weak self] in self?.lock.withLock { self?.finishedCount += 1 } }
        lock.withLock { sessions.append(s) }
        return s
    }
    var opened: Int { lock.withLock { sessions.count } }
    var finished: Int { lock.withLock { finishedCount } }
}

/// A voice that always fails (to test the fallback voice).
struct BrokenTextToSpeech: TextToSpeech {
    struct Broken: Error {}
    func synthesize(_ text: String, language: Language) -> SpeechStream {
        SpeechStream { $0.finish(throwing: Broken()) }
    }
}

/// A voice that stops (a provider that hangs, or ends with no audio), after `framesFirst` frames of audio;
/// remembers whether its streams were cancelled.
final class MuteTextToSpeech: TextToSpeech, Sendable {
    let endsAtOnce: Bool
    let framesFirst: Int
    private struct State { var cancelled = 0; var hung: [SpeechStream.Continuation] = [] }
    private let state = Mutex(State())
    init(endsAtOnce: Bool = false, framesFirst: Int = 0) { self.endsAtOnce = endsAtOnce; self.framesFirst = framesFirst }
    var cancelled: Int { state.withLock { $0.cancelled } }
    func synthesize(_ text: String, language: Language) -> SpeechStream {
        let (stream, sink) = SpeechStream.makeStream()
        sink.onTermination = { [self] in if $0 == .cancelled { state.withLock { $0.cancelled += 1 } } }
        for _ in 0..<framesFirst { sink.yield(.muLaw([UInt8](repeating: G711.muLawSilence, count: FramePacer.frameBytes))) }
        if endsAtOnce { sink.finish() } else { state.withLock { $0.hung.append(sink) } }
        return stream
    }
}

/// A voice that streams its audio a frame at a time, faster than real time (a streaming TTS).
struct TricklingTextToSpeech: TextToSpeech {
    var frames = 60
    var every: Duration = .milliseconds(5)
    func synthesize(_ text: String, language: Language) -> SpeechStream {
        let (stream, sink) = SpeechStream.makeStream()
        let (frames, every) = (frames, every)
        Task {
            for _ in 0..<frames {
                sink.yield(.muLaw([UInt8](repeating: G711.muLawSilence, count: FramePacer.frameBytes)))
                try? await Task.sleep(for: every)
            }
            sink.finish()
        }
        return stream
    }
}

/// Records transfers instead of calling Twilio.
actor RecordingCallControl: CallControl {
    private(set) var redirects: [(callSid: String, twiml: String)] = []
    private(set) var hangUps: [String] = []
    func redirect(callSid: String, twiml: String) async throws { redirects.append((callSid, twiml)) }
    func hangUp(callSid: String) async throws { hangUps.append(callSid) }
}

enum CallFixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var dental: PracticeProfile { try! ProfileLoader.load(path: repo.appendingPathComponent("examples/practices/dental.yaml").path) }
    static let streamSid = "MZ18ad3ab5a668481ce02b83e7395059f0"
    static let callSid = "CA0123456789abcdef0123456789abcdef"
    /// Tuesday 2026-11-24 10:00 in Chicago: the dental practice is open.
    static var openClock: FixedClock { FixedClock(local: LocalDateTime(iso: "2026-11-24T10:00")!, in: dental.timeZone)! }

    static let connected = #"{"event":"connected","protocol":"Call","version":"1.0.0"}"#
    static func start(practice: String = "lakeview-dental", encoding: String = "audio/x-mulaw") -> String {
        #"{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC0123456789abcdef0123456789abcdef","streamSid":"\#(streamSid)","callSid":"\#(callSid)","tracks":["inbound"],"mediaFormat":{"encoding":"\#(encoding)","sampleRate":8000,"channels":1},"customParameters":{"practice":"\#(practice)"}},"streamSid":"\#(streamSid)"}"#
    }
    static func media(_ frame: [UInt8]) -> String {
        #"{"event":"media","sequenceNumber":"2","media":{"track":"inbound","chunk":"1","timestamp":"20","payload":"\#(Data(frame).base64EncodedString())"},"streamSid":"\#(streamSid)"}"#
    }
    static func dtmf(_ d: String) -> String {
        #"{"event":"dtmf","streamSid":"\#(streamSid)","sequenceNumber":"3","dtmf":{"track":"inbound_track","digit":"\#(d)"}}"#
    }
    static func mark(_ name: String) -> String {
        #"{"event":"mark","sequenceNumber":"4","streamSid":"\#(streamSid)","mark":{"name":"\#(name)"}}"#
    }
    static let stop = #"{"event":"stop","sequenceNumber":"9","streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","stop":{"accountSid":"AC0123456789abcdef0123456789abcdef","callSid":"CA0123456789abcdef0123456789abcdef"}}"#

    static let silence = [UInt8](repeating: 0xFF, count: 160)
    /// A loud noise frame (caller speech as the VAD sees it).
    static func speech(_ i: Int) -> [UInt8] {
        var seed = UInt32(truncatingIfNeeded: i &* 2_654_435_761 &+ 1)
        let pcm: [Int16] = (0..<160).map { _ in
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return Int16(truncatingIfNeeded: Int32(seed >> 16) - 32_768) / 3
        }
        return G711.encode(pcm, law: .muLaw)
    }

    static func services(stt: any SpeechToText, tts: any TextToSpeech = SilentTextToSpeech(perWord: .milliseconds(10)),
                         fallback: (any TextToSpeech)? = nil, control: (any CallControl)? = RecordingCallControl())
        -> CallServices {
        CallServices(profile: dental, store: InMemoryStore(), clock: openClock, speechToText: stt, textToSpeech: tts,
                     fallbackTextToSpeech: fallback, callControl: control)
    }

    static var logger: Logger { Logger(label: "test") }
}

/// FrontDesk's real server on loopback for one test: its public URL is its own address, so Twilio
/// signatures made for that URL match. Runs `body` with the bound port, then stops the server.
func withLiveServer(_ services: CallServices, authToken: String, logger: Logger = Logger(label: "test"),
                    _ body: (Int) async throws -> Void) async throws {
    let ports = AsyncStream<Int>.makeStream()
    // The signature covers the public URL; the server learns its port only once bound, so pick one first.
    let port = Int.random(in: 20_000..<40_000)
    let settings = ServerSettings(practiceID: services.profile.practice.id, publicURL: "http://127.0.0.1:\(port)",
                                  authToken: authToken)
    let app = FrontDeskServer.application(settings: settings, calls: CallDirectory([services]), host: "127.0.0.1",
                                          port: port, logger: logger) { p in
        ports.continuation.yield(p ?? 0); ports.continuation.finish()
    }
    let task = Task { try await app.run() }
    var bound = 0
    for await p in ports.stream { bound = p }
    defer { task.cancel() }
    try await body(bound)
    task.cancel()
    _ = await task.result
}
