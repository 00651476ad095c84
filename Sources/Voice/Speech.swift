// The seams to speech providers. Providers (Deepgram streaming, OpenAI-compatible Whisper, espeak-ng,
// OpenAI-compatible TTS) live behind these protocols in SpeechProviders; the doubles here drive tests.

import FrontDeskCore
import Synchronization

/// What a speech recogniser reports while listening.
public enum TranscriptEvent: Sendable, Equatable {
    /// Interim text for the current utterance; later events may revise it.
    case partial(String)
    /// Settled text for a stretch of speech; it will not change.
    case final(String)
    /// The recogniser's own judgement that the caller stopped speaking (ends the turn, like the VAD's
    /// silence timer).
    case endOfSpeech
}

/// Audio format of PCM fed to a recogniser.
public struct AudioFormat: Sendable, Equatable {
    /// Samples per second (8,000 or 16,000).
    public var sampleRate: Int
    /// Telephone audio decoded from G.711: 8 kHz PCM16 mono.
    public static let telephone = AudioFormat(sampleRate: 8_000)
    /// Wideband PCM16 mono after `Resampler(.upsample8to16)`.
    public static let wideband = AudioFormat(sampleRate: 16_000)
    /// A PCM16 mono format at `sampleRate`.
    public init(sampleRate: Int) { self.sampleRate = sampleRate }
}

/// A speech-to-text provider: opens one recognition stream per caller turn or per call.
public protocol SpeechToText: Sendable {
    /// Opens a stream for PCM16 mono audio in `format`, recognising `language`.
    func start(format: AudioFormat, language: Language) async throws -> any SpeechToTextSession
}

/// One open recognition stream: feed audio frames in, read transcript events out.
public protocol SpeechToTextSession: Sendable {
    /// Transcript events, in order; ends after `finish()` (failed on a provider failure).
    var events: TranscriptStream { get }
    /// Sends one frame of PCM16 audio (normally 20 ms). Never waits: a provider buffers or queues the
    /// audio and sends it on its own (the call's media path runs on a network event loop and feeds 50
    /// frames a second). Throws once the session has failed or closed.
    func feed(_ samples: [Int16]) throws
    /// `feed(_:)` with the μ-law bytes the samples were decoded from (a phone call's own encoding): a
    /// provider that takes μ-law sends these as they came instead of encoding the samples again.
    func feed(_ samples: [Int16], muLaw: ArraySlice<UInt8>) throws
    /// The call's own end-of-turn detector decided the caller stopped speaking: a streaming provider
    /// flushes what it holds (Deepgram `Finalize`); a batch provider (`/v1/audio/transcriptions`)
    /// transcribes the audio fed since the last turn and emits `.final(text)` then `.endOfSpeech`.
    func endOfTurn() async
    /// No more audio: flush and close; `events` finishes once the provider has answered.
    func finish() async
}

extension SpeechToTextSession {
    /// Streaming providers that need no flush do nothing.
    public func endOfTurn() async {}

    /// Providers that take PCM use the samples.
    public func feed(_ samples: [Int16], muLaw: ArraySlice<UInt8>) throws { try feed(samples) }
}

/// Audio produced by a text-to-speech provider, 8 kHz mono.
public enum SpeechAudio: Sendable, Equatable {
    /// 8 kHz PCM16 samples.
    case pcm16([Int16])
    /// 8 kHz μ-law bytes, ready for `FramePacer`.
    case muLaw([UInt8])

    /// The audio as μ-law bytes (encoding PCM if needed).
    public var muLawBytes: [UInt8] {
        switch self {
        case .muLaw(let b): b
        case .pcm16(let s): G711.encode(s, law: .muLaw)
        }
    }

    /// Play-out time at 8 kHz.
    public var duration: Duration {
        let n: Int
        switch self {
        case .muLaw(let b): n = b.count
        case .pcm16(let s): n = s.count
        }
        return .microseconds(n * 125)
    }
}

/// A text-to-speech provider: text in, 8 kHz audio chunks out as they are synthesized (so playback can
/// start before the whole reply exists, and stop mid-reply on barge-in by cancelling the consumer).
public protocol TextToSpeech: Sendable {
    /// Synthesizes `text` in `language`; chunks are any length, in order. Cancelling the stream stops the
    /// synthesis.
    func synthesize(_ text: String, language: Language) -> SpeechStream
}

// MARK: test doubles

/// A recogniser that plays a script: each event is emitted once the given number of frames has been fed
/// in the session. For tests of the call pipeline without a provider.
public struct ScriptedSpeechToText: SpeechToText {
    /// One scripted event and the number of frames fed before it is emitted.
    public struct Step: Sendable, Equatable {
        /// Frames fed (counted from the session's start) before `event` is emitted.
        public var afterFrames: Int
        /// The event.
        public var event: TranscriptEvent
        /// `event` after `afterFrames` frames.
        public init(afterFrames: Int, _ event: TranscriptEvent) {
            self.afterFrames = afterFrames; self.event = event
        }
    }

    /// The script each session plays.
    public var script: [Step]

    /// A recogniser whose every session plays `script`.
    public init(script: [Step]) { self.script = script }

    /// Opens a scripted session (steps already due at zero frames are emitted at once).
    public func start(format: AudioFormat, language: Language) async throws -> any SpeechToTextSession {
        let session = ScriptedSpeechToTextSession(script: script)
        session.advance(by: 0)
        return session
    }
}

/// A session of `ScriptedSpeechToText`.
public final class ScriptedSpeechToTextSession: SpeechToTextSession {
    /// Transcript events as the script reaches them.
    public let events: TranscriptStream
    private let continuation: TranscriptStream.Continuation
    private struct Progress { var remaining: [ScriptedSpeechToText.Step]; var framesFed = 0 }
    private let progress: Mutex<Progress>

    init(script: [ScriptedSpeechToText.Step]) {
        (events, continuation) = TranscriptStream.makeStream()
        progress = Mutex(Progress(remaining: script.sorted { $0.afterFrames < $1.afterFrames }))
    }

    /// Frames fed so far.
    public var framesFed: Int { progress.withLock { $0.framesFed } }

    /// Counts the frame and emits any steps now due.
    public func feed(_ samples: [Int16]) throws {
        advance(by: 1)
    }

    /// Emits the remaining steps and finishes the event stream.
    public func finish() async {
        let rest = progress.withLock { p in defer { p.remaining = [] }; return p.remaining }
        for step in rest { continuation.yield(step.event) }
        continuation.finish()
    }

    func advance(by frames: Int) {
        let due = progress.withLock { p -> [TranscriptEvent] in
            p.framesFed += frames
            var due: [TranscriptEvent] = []
            while let next = p.remaining.first, next.afterFrames <= p.framesFed {
                due.append(next.event)
                p.remaining.removeFirst()
            }
            return due
        }
        for event in due { continuation.yield(event) }
    }
}

/// A synthesizer that produces μ-law silence as long as the text would take to say (about `perWord`
/// per word, at least one frame), in 20 ms chunks. For tests and load runs without a voice.
public struct SilentTextToSpeech: TextToSpeech {
    /// Time per word of text.
    public var perWord: Duration

    /// A silent synthesizer taking `perWord` per word (default 300 ms).
    public init(perWord: Duration = .milliseconds(300)) { self.perWord = perWord }

    /// Whole 20 ms frames of silence covering `text`.
    public func frames(for text: String) -> Int {
        let words = text.split(whereSeparator: { $0.isWhitespace }).count
        let total = perWord * max(words, 1)
        return max(1, Int((total / FramePacer.frameDuration).rounded(.up)))
    }

    /// Emits `frames(for: text)` chunks of 160 bytes of μ-law silence, then finishes.
    public func synthesize(_ text: String, language: Language) -> SpeechStream {
        let count = frames(for: text)
        return SpeechStream { continuation in
            let frame = [UInt8](repeating: G711.muLawSilence, count: FramePacer.frameBytes)
            for _ in 0..<count { continuation.yield(.muLaw(frame)) }
            continuation.finish()
        }
    }
}
