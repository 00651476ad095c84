// An in-process recogniser for load runs: the utterance library's recognition at zero latency.

import FrontDeskCore
import Synchronization
import Voice

/// A `SpeechToText` that recognises `UtteranceLibrary` lines in the frames fed to it, with no network and
/// no delay: `.final(line)` then `.endOfSpeech` as soon as every voiced frame of a line has been heard
/// and an unvoiced frame follows (or after `fallbackQuiet` quiet frames if some were lost, or at
/// `endOfTurn()` / `finish()`). For load benchmarks where the speech services are not what is measured.
public struct LibrarySpeechToText: SpeechToText {
    /// The library whose lines are recognised.
    public let library: UtteranceLibrary
    /// Quiet frames after which a partly heard line is reported anyway.
    public var fallbackQuiet: Int

    /// A recogniser over `library`.
    public init(library: UtteranceLibrary, fallbackQuiet: Int = 25) {
        self.library = library; self.fallbackQuiet = fallbackQuiet
    }

    /// Opens a session; only 8 kHz telephone audio can be recognised (the library's fingerprints are of it).
    public func start(format: AudioFormat, language: Language) async throws -> any SpeechToTextSession {
        guard format == .telephone else { throw LibraryFormatError() }
        return LibrarySpeechToTextSession(library: library, fallbackQuiet: fallbackQuiet)
    }

    /// The library only knows 8 kHz audio.
    public struct LibraryFormatError: Error, CustomStringConvertible {
        public var description: String { "LibrarySpeechToText recognises 8 kHz telephone audio only" }
    }
}

/// A session of `LibrarySpeechToText`.
public final class LibrarySpeechToTextSession: SpeechToTextSession {
    /// Transcript events.
    public let events: TranscriptStream
    private let sink: TranscriptStream.Continuation
    private let tracker: Mutex<LineTracker>
    private let fallbackQuiet: Int

    init(library: UtteranceLibrary, fallbackQuiet: Int) {
        (events, sink) = TranscriptStream.makeStream()
        tracker = Mutex(LineTracker(library: library))
        self.fallbackQuiet = fallbackQuiet
    }

    /// Looks the frame up; reports a line the moment it is complete.
    public func feed(_ samples: [Int16]) throws {
        hear(G711.encode(samples, law: .muLaw))
    }

    /// The frame as the call received it (no encoding again).
    public func feed(_ samples: [Int16], muLaw: ArraySlice<UInt8>) throws {
        hear(Array(muLaw))
    }

    private func hear(_ frame: [UInt8]) {
        let done = tracker.withLock { t -> [String] in
            var done: [String] = []
            if let ended = t.push(frame) { done.append(ended.text) }
            if let line = t.current, t.quietFrames > 0,
               line.heardVoiced >= line.totalVoiced || t.quietFrames >= fallbackQuiet, let taken = t.take() {
                done.append(taken.text)
            }
            return done
        }
        report(done)
    }

    /// Reports a partly heard line at once.
    public func endOfTurn() async {
        report(tracker.withLock { $0.take() }.map { [$0.text] } ?? [])
    }

    /// Reports a pending line and finishes the events.
    public func finish() async {
        await endOfTurn()
        sink.finish()
    }

    private func report(_ lines: [String]) {
        for line in lines {
            sink.yield(.final(line))
            sink.yield(.endOfSpeech)
        }
    }
}
