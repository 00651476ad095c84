// A voice's audio on its way to a call. The voice's stream is read off the call's event loop, and its
// chunks reach the session in batches: one hop onto the loop per batch, not per chunk. Reading the
// stream on the session itself cost several executor switches per chunk (the stream's iterator runs on
// the global pool), and a voice that delivers a reply as hundreds of 20 ms chunks then woke a pool
// thread for every one of them.

import Synchronization
import Voice

/// Chunks of reply audio read but not yet taken by the session, and whether the session still wants them.
final class SpeechInbox: Sendable {
    private struct State {
        var chunks: [SpeechAudio] = []
        var drainScheduled = false
        var refused = false
    }
    private let state = Mutex(State())

    /// Adds a chunk. True when the session must be asked to drain (no drain is pending yet).
    func put(_ chunk: SpeechAudio) -> Bool {
        state.withLock { s in
            guard !s.refused else { return false }
            s.chunks.append(chunk)
            defer { s.drainScheduled = true }
            return !s.drainScheduled
        }
    }

    /// Takes every chunk waiting, in order; the next `put` asks for a drain again.
    func take() -> [SpeechAudio] {
        state.withLock { s in
            s.drainScheduled = false
            defer { s.chunks = [] }
            return s.chunks
        }
    }

    /// The reply is no longer wanted (interrupted or superseded): drop what waits, refuse what follows.
    func refuse() {
        state.withLock { s in s.refused = true; s.chunks = [] }
    }

    /// Whether `refuse()` was called (the reader then stops reading the voice).
    var isRefused: Bool { state.withLock { $0.refused } }
}
