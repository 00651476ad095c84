// The 20 ms clock of every simulated call: one task per shard wakes at each tick's deadline (absolute,
// on ContinuousClock, so pacing never drifts) and lets each of its calls send that tick's frame. Shards
// tick at staggered phases within the 20 ms so a thousand calls do not all send at the same instant. One
// sleep per shard per tick, not one per call.

import Synchronization

/// Drives simulated calls in real time, 20 ms at a time.
public final class TickDriver: Sendable {
    /// The frame period.
    public static let period: Duration = .milliseconds(20)

    private final class Shard: Sendable {
        let calls = Mutex<[SimulatedCall]>([])
    }

    private let shards: [Shard]
    private let next = Atomic<Int>(0)
    private let stopped = Atomic<Bool>(false)
    private let late = Atomic<Int>(0)
    private let ticks = Atomic<Int>(0)

    /// A driver with `shards` ticking tasks (≥ 1).
    public init(shards: Int) {
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
    }

    /// Adds a call; it starts sending once its WebSocket is open.
    public func add(_ call: SimulatedCall) {
        let i = next.add(1, ordering: .relaxed).oldValue % shards.count
        shards[i].calls.withLock { $0.append(call) }
    }

    /// Ticks that started more than 10 ms after their deadline (the machine could not keep up).
    public var lateTicks: Int { late.load(ordering: .relaxed) }

    /// Ticks run, over all shards.
    public var tickCount: Int { ticks.load(ordering: .relaxed) }

    /// Makes `run` return after the current tick.
    public func stop() { stopped.store(true, ordering: .relaxed) }

    /// Ticks until `stop()`.
    public func run() async {
        let start = ContinuousClock.now + .milliseconds(1)
        await withTaskGroup(of: Void.self) { group in
            for i in shards.indices {
                let phase = Self.period * Double(i) / Double(shards.count)
                group.addTask { await self.runShard(i, base: start + phase) }
            }
        }
    }

    private func runShard(_ i: Int, base: Instant) async {
        let clock = ContinuousClock()
        var k = 0
        while !stopped.load(ordering: .relaxed) {
            let deadline = base + Self.period * k
            let now = clock.now
            if deadline > now {
                try? await clock.sleep(until: deadline, tolerance: nil)
            } else if now - deadline > .milliseconds(10) {
                late.add(1, ordering: .relaxed)
            }
            let calls = shards[i].calls.withLock { $0 }
            var sawEnded = false
            for call in calls {
                if call.isEnded { sawEnded = true; continue }
                await call.pump(now: clock.now)
            }
            if sawEnded { shards[i].calls.withLock { $0.removeAll { $0.isEnded } } }
            ticks.add(1, ordering: .relaxed)
            k += 1
        }
    }
}
