// The "recognition" shared by the fake speech services: which library line the frames of a stream belong to.

import Voice

/// One line heard in a stream: its text and where it was, in 20 ms frames from the stream's start.
struct HeardLine: Sendable, Equatable {
    /// The line's text.
    var text: String
    /// Index of its first and last matched frame.
    var firstFrame: Int, lastFrame: Int
    /// Voiced frames of the line that were heard, and how many it has.
    var heardVoiced: Int, totalVoiced: Int
    /// Start and end in seconds.
    var start: Double { Double(firstFrame) * 0.02 }
    var end: Double { Double(lastFrame + 1) * 0.02 }
}

/// Follows a stream of 20 ms μ-law frames against an `UtteranceLibrary`: consecutive frames of one
/// line make an utterance; unmatched frames (silence, unknown audio) are counted as quiet.
struct LineTracker {
    let library: UtteranceLibrary
    /// The line being heard, if any.
    private(set) var current: HeardLine?
    /// Frames pushed so far.
    private(set) var frames = 0
    /// Frames since the last matched one (0 right after a match).
    private(set) var quietFrames = 0
    private var voicedCounts: [String: Int] = [:]

    init(library: UtteranceLibrary) { self.library = library }

    /// Pushes one frame (160 μ-law bytes). Returns the previous line when this frame starts a different one.
    mutating func push(_ frame: [UInt8]) -> HeardLine? {
        defer { frames += 1 }
        guard let text = library.line(containing: frame) else {
            quietFrames += 1
            return nil
        }
        quietFrames = 0
        if var line = current, line.text == text {
            line.heardVoiced += 1
            line.lastFrame = frames
            current = line
            return nil
        }
        let ended = current
        current = HeardLine(text: text, firstFrame: frames, lastFrame: frames, heardVoiced: 1, totalVoiced: voicedFrames(of: text))
        return ended
    }

    /// Ends the current line and returns it.
    mutating func take() -> HeardLine? {
        defer { current = nil }
        return current
    }

    private mutating func voicedFrames(of text: String) -> Int {
        if let n = voicedCounts[text] { return n }
        let n = library.frames(for: text).filter(UtteranceLibrary.isVoiced).count
        voicedCounts[text] = n
        return n
    }
}
