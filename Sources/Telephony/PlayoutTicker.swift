// The 20 ms clock of outbound audio on one event loop. Every call whose WebSocket lives on the loop and
// has reply audio queued is asked, once per tick, to send what its pacer says is due. One timer per loop
// instead of one sleeping task per call: at hundreds of calls, per-call timers and the thread wake-ups
// they cause cost more than the audio itself. Ticks keep absolute deadlines (no drift); a loop that fell
// more than a tick behind starts again from now rather than bursting to catch up (FramePacer never
// bursts either: missed time is silence the caller already heard).

import NIOCore
import Synchronization

/// Ticks every 20 ms on one event loop while any of its calls is playing audio.
final class PlayoutTicker: @unchecked Sendable {   // loop-confined: every mutable field is used on `loop` only
    static let period = TimeAmount.milliseconds(20)

    private static let tickers = Mutex<[ObjectIdentifier: PlayoutTicker]>([:])

    /// The ticker of `loop` (made on first use).
    static func on(_ loop: any EventLoop) -> PlayoutTicker {
        tickers.withLock { all in
            if let t = all[ObjectIdentifier(loop)] { return t }
            let t = PlayoutTicker(loop: loop)
            all[ObjectIdentifier(loop)] = t
            return t
        }
    }

    let loop: any EventLoop
    private var sessions: [CallSession] = []
    private var next: NIODeadline?

    private init(loop: any EventLoop) { self.loop = loop }

    /// Has `session` (which runs on this loop) asked to play at every tick until it has nothing left.
    func add(_ session: CallSession) {
        loop.preconditionInEventLoop()
        sessions.append(session)
        if next == nil { schedule(from: .now()) }
    }

    private func schedule(from deadline: NIODeadline) {
        let at = deadline + Self.period
        next = at
        loop.scheduleTask(deadline: at) { self.tick() }
    }

    private func tick() {
        sessions.removeAll { session in !session.assumeIsolated { $0.playDue() } }
        guard let deadline = next, !sessions.isEmpty else { next = nil; return }
        let now = NIODeadline.now()
        schedule(from: now - deadline > Self.period ? now : deadline)
    }
}
