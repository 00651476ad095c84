// Energy-based voice activity detection on 20 ms PCM16 frames.
//
// Each frame's RMS level (dBFS) is compared with an adaptive noise floor. Speech starts after
// `onsetFrames` consecutive frames at least `onsetMarginDB` above the floor (and above
// `minimumSpeechDB`); it ends after `releaseFrames` consecutive frames below the lower offset threshold
// (`offsetMarginDB` above the floor) — two thresholds and two counts, so a level hovering at one
// threshold does not flap. The floor follows quieter frames quickly and louder ones slowly (much more
// slowly during speech), so steady background noise (a fan, a car) is learned and stops counting as
// speech, while a voice over it is still heard.

import Foundation

/// Decides, frame by frame, whether the caller is speaking. Value type: one per call, fed in order.
public struct VoiceActivityDetector: Sendable {
    /// Tuning. The defaults suit 8 kHz telephone audio in 20 ms frames.
    public struct Configuration: Sendable, Equatable {
        /// Frame length the detector is fed (used to turn frame counts into time).
        public var frameDuration: Duration = .milliseconds(20)
        /// Speech starts this far above the noise floor…
        public var onsetMarginDB: Double = 10
        /// …and ends when the level falls below this margin above the floor (hysteresis).
        public var offsetMarginDB: Double = 5
        /// Nothing quieter than this is speech, however quiet the line (dBFS).
        public var minimumSpeechDB: Double = -50
        /// Consecutive loud frames needed to start speech (2 × 20 ms).
        public var onsetFrames: Int = 2
        /// Consecutive quiet frames needed to end speech (3 × 20 ms).
        public var releaseFrames: Int = 3
        /// Per-frame smoothing when a frame is quieter than the floor (fast).
        public var floorFallRate: Double = 0.3
        /// Per-frame smoothing when a frame is louder than the floor, outside speech.
        public var floorRiseRate: Double = 0.05
        /// Per-frame smoothing when a frame is louder than the floor, during speech (very slow, so only
        /// steady noise that lasts seconds is absorbed).
        public var floorRiseRateInSpeech: Double = 0.01
        /// The first frame seeds the floor, but no higher than this (dBFS), so a caller already speaking
        /// when the stream starts is still heard.
        public var initialFloorCeilingDB: Double = -45
        /// Lowest floor (dBFS); digital silence sits here.
        public var floorMinimumDB: Double = -90

        /// The defaults.
        public init() {}
    }

    /// What the detector concluded about one frame.
    public struct Activity: Sendable, Equatable {
        /// The smoothed decision: the caller is speaking (with hysteresis).
        public var isSpeech: Bool
        /// Set on the frame where the decision changed.
        public var transition: Transition?
        /// This frame's RMS level, dBFS.
        public var levelDB: Double
        /// The noise floor after this frame, dBFS.
        public var noiseFloorDB: Double
        /// How long the line has been quiet (below the offset threshold) up to and including this frame;
        /// zero on any loud frame. Counts from the real start of the quiet, not from the speech-end
        /// decision, so end-of-turn timing does not include the release delay.
        public var quietDuration: Duration
    }

    /// A change of the speech decision.
    public enum Transition: Sendable, Equatable {
        /// The caller started speaking on this frame.
        case speechStarted
        /// The caller stopped speaking on this frame (after the release delay).
        case speechEnded
    }

    /// The tuning in force.
    public let configuration: Configuration
    /// Current smoothed decision.
    public private(set) var isSpeech = false
    /// Current noise floor estimate (dBFS); `nil` until the first frame.
    public private(set) var noiseFloorDB: Double?
    private var loudRun = 0
    private var quietRun = 0
    private var quietFrames = 0

    /// A detector with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// RMS level of PCM16 samples in dBFS (full-scale sine ≈ -3 dBFS; digital silence → -120).
    public static func levelDB(_ samples: [Int16]) -> Double {
        guard !samples.isEmpty else { return -120 }
        var sum: Int64 = 0
        samples.withUnsafeBufferPointer { p in
            for s in p { let v = Int64(s); sum &+= v &* v }
        }
        let meanSquare = Double(sum) / Double(samples.count) / (32768.0 * 32768.0)
        return meanSquare <= 1e-12 ? -120 : 10 * log10(meanSquare)
    }

    /// Feeds one frame (normally 20 ms) and returns the decision for it.
    public mutating func process(_ frame: [Int16]) -> Activity {
        process(levelDB: Self.levelDB(frame))
    }

    /// Feeds one frame already reduced to its RMS level in dBFS.
    public mutating func process(levelDB level: Double) -> Activity {
        let c = configuration
        let floor = noiseFloorDB ?? max(c.floorMinimumDB, min(level, c.initialFloorCeilingDB))
        let onset = max(floor + c.onsetMarginDB, c.minimumSpeechDB)
        let offset = max(floor + c.offsetMarginDB, c.minimumSpeechDB - (c.onsetMarginDB - c.offsetMarginDB))
        var transition: Transition?

        if level >= onset { loudRun += 1 } else { loudRun = 0 }
        if level < offset { quietRun += 1; quietFrames += 1 } else { quietRun = 0; quietFrames = 0 }

        if !isSpeech, loudRun >= c.onsetFrames {
            isSpeech = true; transition = .speechStarted
        } else if isSpeech, quietRun >= c.releaseFrames {
            isSpeech = false; transition = .speechEnded
        }

        // Adapt the floor: fall fast toward quieter frames, rise slowly (slower still in speech).
        let rate = level < floor ? c.floorFallRate : (isSpeech ? c.floorRiseRateInSpeech : c.floorRiseRate)
        noiseFloorDB = max(c.floorMinimumDB, floor + rate * (level - floor))

        return Activity(isSpeech: isSpeech, transition: transition, levelDB: level,
                        noiseFloorDB: noiseFloorDB!, quietDuration: c.frameDuration * quietFrames)
    }

    /// Forgets speech state (keeps the learned noise floor).
    public mutating func resetSpeech() {
        isSpeech = false; loudRun = 0; quietRun = 0; quietFrames = 0
    }
}

/// Decides when the caller has finished a turn: speech, then `silence` of quiet (default 500 ms), or the
/// speech recogniser's own end-of-speech signal — whichever comes first.
public struct EndOfTurnDetector: Sendable {
    /// Quiet needed after speech to end the turn.
    public var silence: Duration
    /// Speech needed before a turn can end (ignores clicks and coughs shorter than this).
    public var minimumSpeech: Duration
    /// Whether speech long enough to make a turn has been heard since the last end of turn.
    public private(set) var heardSpeech = false
    private var speechSoFar: Duration = .zero

    /// A detector ending turns after `silence` of quiet following at least `minimumSpeech` of speech.
    public init(silence: Duration = .milliseconds(500), minimumSpeech: Duration = .milliseconds(100)) {
        self.silence = silence
        self.minimumSpeech = minimumSpeech
    }

    /// Feeds the VAD's decision for one frame. Returns `true` on the frame that ends the turn (once per
    /// turn; the detector then waits for new speech).
    public mutating func process(_ activity: VoiceActivityDetector.Activity,
                                 frameDuration: Duration = .milliseconds(20)) -> Bool {
        if activity.isSpeech, activity.quietDuration == .zero {
            speechSoFar += frameDuration
            if speechSoFar >= minimumSpeech { heardSpeech = true }
            return false
        }
        guard heardSpeech, activity.quietDuration >= silence else { return false }
        reset()
        return true
    }

    /// The speech recogniser reported end of speech. Returns `true` if that ends a turn now.
    public mutating func providerEndOfSpeech() -> Bool {
        guard heardSpeech else { return false }
        reset()
        return true
    }

    /// Starts over (e.g. after the agent took its turn).
    public mutating func reset() {
        heardSpeech = false
        speechSoFar = .zero
    }
}
