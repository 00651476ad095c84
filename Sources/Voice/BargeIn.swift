// Barge-in: the caller talks over the agent → stop the agent.
//
// A value-type state machine fed once per inbound 20 ms frame with the VAD's decision. While the agent is
// speaking (the pacer still has audio queued or playing), caller speech that lasts `minimumSpeech`
// (default 200 ms, so a cough or "mm-hm" does not cut the agent off) interrupts the reply: the pacer is
// cleared and the result says how much of the reply the caller heard and how much was dropped. The caller
// of this type then sends Media Streams `clear`, stops synthesis, and records only the heard part of the
// reply as said.

/// Detects the caller talking over the agent and interrupts the agent's reply.
public struct BargeIn: Sendable {
    /// Where the state machine is.
    public enum State: Sendable, Equatable {
        /// The agent is not speaking.
        case idle
        /// The agent is speaking; the caller has been speaking over it for `callerSpeech` (zero if not).
        case agentSpeaking(callerSpeech: Duration)
        /// The reply was interrupted; stays so until the next `replyStarted` (drop late synthesized audio
        /// of the interrupted reply while in this state).
        case interrupted
    }

    /// A reply cut short by the caller.
    public struct Interruption: Sendable, Equatable {
        /// Audio of the current reply the caller heard before it stopped.
        public var heard: Duration
        /// Audio of the current reply the caller never heard (queued, partial or in flight when cleared):
        /// not to be counted as said.
        public var unheard: Duration
        /// Queued frames dropped without being sent.
        public var droppedFrames: Int
    }

    /// Caller speech over the agent needed to interrupt it.
    public let minimumSpeech: Duration
    /// Current state.
    public private(set) var state: State = .idle
    /// `pacer.enqueuedDuration` when the current reply started.
    private var replyStart: Duration = .zero
    /// `pacer.droppedDuration` when the current reply started.
    private var droppedAtReplyStart: Duration = .zero

    /// A barge-in detector that interrupts after `minimumSpeech` of caller speech over the agent.
    public init(minimumSpeech: Duration = .milliseconds(200)) {
        self.minimumSpeech = minimumSpeech
    }

    /// Call just before enqueueing a new reply's audio into `pacer` (flush the previous reply first).
    public mutating func replyStarted(pacer: FramePacer) {
        replyStart = pacer.enqueuedDuration
        droppedAtReplyStart = pacer.droppedDuration
        state = .agentSpeaking(callerSpeech: .zero)
    }

    /// Feeds one inbound frame's VAD decision. Returns an interruption (and clears `pacer`) when the
    /// caller has spoken over the agent for `minimumSpeech`; the caller must then send `clear` and stop
    /// synthesis.
    public mutating func observe(callerSpeech: Bool, frameDuration: Duration = .milliseconds(20),
                                 pacer: inout FramePacer, now: Duration) -> Interruption? {
        if state == .interrupted { return nil }
        guard pacer.isPlaying(at: now) else {
            state = .idle
            return nil
        }
        let sofar: Duration
        switch state {
        case .interrupted:
            return nil
        case .idle:
            // Audio enqueued without `replyStarted`: counted from the last reply start.
            sofar = .zero
        case .agentSpeaking(let s):
            sofar = s
        }
        let speech = callerSpeech ? sofar + frameDuration : .zero
        guard speech >= minimumSpeech else {
            state = .agentSpeaking(callerSpeech: speech)
            return nil
        }
        let cleared = pacer.clear(at: now)
        state = .interrupted
        // FIFO: everything enqueued before the reply and not dropped plays first, then the reply.
        let beforeReply = replyStart - droppedAtReplyStart
        let replyHeard = max(.zero, pacer.heard(at: now) - beforeReply)
        return Interruption(heard: replyHeard, unheard: cleared.unheard, droppedFrames: cleared.droppedFrames)
    }
}
