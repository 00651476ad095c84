// Real-time pacing of outbound audio: which 20 ms frames to send now, and what the caller has heard.
//
// Twilio plays outbound media as it arrives, so dumping a whole reply at once would make a `clear`
// (barge-in) arrive after seconds of audio already queued far away, and would tell us nothing about what
// the caller heard. The pacer models the far end's play-out: every sent frame plays for 20 ms, starting
// when the previous one ends or, after a gap, when it is sent. It releases a frame only while the audio
// sent but not yet played stays within `lead` (default 60 ms, three frames): enough to ride over
// scheduling jitter, small enough that a `clear` cuts the reply within a few tens of milliseconds. A late
// tick never causes a catch-up burst: missed time is silence the caller already heard, not a debt.
//
// Pure logic: the caller passes the clock reading (`now`, a `Duration` since any fixed origin on a
// monotonic clock, e.g. `ContinuousClock.now - callStart`). No timers, no I/O.

/// Paces outbound 20 ms μ-law frames in real time and tracks how much audio the caller has heard.
public struct FramePacer: Sendable {
    /// Bytes in one 20 ms frame of 8 kHz μ-law.
    public static let frameBytes = 160
    /// Play-out time of one frame.
    public static let frameDuration: Duration = .milliseconds(20)

    /// Most audio allowed in flight (sent, not yet played) after a send.
    public let lead: Duration
    /// Frames waiting to be sent, oldest first.
    private var queue: [[UInt8]] = []
    private var queueStart = 0
    /// Bytes of a partial frame not yet enqueued (audio arrives in arbitrary chunk sizes).
    private var partial: [UInt8] = []
    /// When the last sent frame finishes playing at the far end.
    private var playoutEnd: Duration = .zero
    /// Total audio sent so far.
    public private(set) var sentDuration: Duration = .zero
    /// Total audio ever enqueued (sent, queued or dropped by `clear`), including a pending partial frame
    /// once flushed.
    public private(set) var enqueuedDuration: Duration = .zero
    /// Total audio dropped by `clear` before the caller heard it.
    public private(set) var droppedDuration: Duration = .zero

    /// A pacer keeping at most `lead` of audio in flight (at least one frame).
    public init(lead: Duration = .milliseconds(60)) {
        self.lead = max(lead, Self.frameDuration)
    }

    /// Frames waiting to be sent.
    public var pendingFrames: Int { queue.count - queueStart }

    /// Appends μ-law audio. Whole 160-byte frames are queued; a remainder waits for more audio or for
    /// `flush()`.
    public mutating func enqueue(_ mulaw: [UInt8]) {
        partial.append(contentsOf: mulaw)
        var start = 0
        while partial.count - start >= Self.frameBytes {
            queue.append(Array(partial[start..<start + Self.frameBytes]))
            enqueuedDuration += Self.frameDuration
            start += Self.frameBytes
        }
        if start > 0 { partial.removeFirst(start) }
    }

    /// Pads a pending partial frame with μ-law silence and queues it (end of a reply).
    public mutating func flush() {
        guard !partial.isEmpty else { return }
        partial.append(contentsOf: repeatElement(G711.muLawSilence, count: Self.frameBytes - partial.count))
        queue.append(partial)
        enqueuedDuration += Self.frameDuration
        partial = []
    }

    /// The frames to send at `now`, in order: as many as keep the audio in flight within `lead`.
    public mutating func due(at now: Duration) -> [[UInt8]] {
        due(at: now, limit: .max)
    }

    /// The frames to send at one tick of a regular 20 ms clock: one frame when there is room within
    /// `lead`, more only when less than a frame is left in flight (the tick ran late). A shared clock's
    /// phase is unrelated to a reply's, so topping up to `lead` at every tick would send two frames at once
    /// whenever a tick is a little late for a reply whose phase sits near the tick's; one frame per tick
    /// keeps the far end's arrivals 20 ms apart.
    public mutating func dueAtTick(_ now: Duration) -> [[UInt8]] {
        var out = due(at: now, limit: 1)
        while queueStart < queue.count, inFlight(at: now) < Self.frameDuration {
            let more = due(at: now, limit: 1)
            if more.isEmpty { break }                   // a lead under two frames leaves no room: stop
            out += more
        }
        return out
    }

    private mutating func due(at now: Duration, limit: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        while queueStart < queue.count, out.count < limit {
            let start = max(playoutEnd, now)            // a gap means the far end went quiet meanwhile
            if start + Self.frameDuration - now > lead { break }
            out.append(queue[queueStart])
            queueStart += 1
            playoutEnd = start + Self.frameDuration
            sentDuration += Self.frameDuration
        }
        compact()
        return out
    }

    /// When the next frame becomes due (for the caller's timer), or `nil` with nothing queued.
    public func nextDue(after now: Duration) -> Duration? {
        guard queueStart < queue.count else { return nil }
        return max(now, max(playoutEnd, now) + Self.frameDuration - lead)
    }

    /// Sent audio still playing at the far end at `now`.
    public func inFlight(at now: Duration) -> Duration {
        max(.zero, playoutEnd - now)
    }

    /// Audio the caller has actually heard by `now` (sent and played out).
    public func heard(at now: Duration) -> Duration {
        sentDuration - inFlight(at: now)
    }

    /// Whether any audio is still queued or playing at `now` (the agent is speaking).
    public func isPlaying(at now: Duration) -> Bool {
        pendingFrames > 0 || !partial.isEmpty || playoutEnd > now
    }

    /// What a `clear` removed: audio the caller will never hear.
    public struct Cleared: Sendable, Equatable {
        /// Queued frames dropped before sending.
        public var droppedFrames: Int
        /// Queued plus in-flight audio the caller did not hear.
        public var unheard: Duration
    }

    /// Drops everything not yet heard (send Media Streams `clear` alongside): queued frames, the partial
    /// frame, and the sent audio still in flight, which the far end discards on `clear`.
    public mutating func clear(at now: Duration) -> Cleared {
        let dropped = pendingFrames
        let flying = inFlight(at: now)
        let unheard = Self.frameDuration * dropped + flying
        queue = []; queueStart = 0; partial = []
        sentDuration -= flying
        playoutEnd = min(playoutEnd, now)
        droppedDuration += unheard
        return Cleared(droppedFrames: dropped, unheard: unheard)
    }

    private mutating func compact() {
        if queueStart > 64, queueStart * 2 > queue.count {
            queue.removeFirst(queueStart); queueStart = 0
        }
    }
}
