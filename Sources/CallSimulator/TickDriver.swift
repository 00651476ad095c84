// The 20 ms clock of every simulated call, run on the event loops the calls' sockets live on. Each loop
// has one or more timer chains; a chain fires at absolute deadlines (`base + phase + 20 ms × k`, so
// pacing never drifts), calls `tick(now:)` of each of its calls and writes what it returns straight to
// the call's channel (one flush per call). Chains fire at staggered phases within the 20 ms, so a
// thousand calls do not all send at the same instant. No task, sleep or async write per call per frame.

import NIOCore
import NIOPosix
import Synchronization

/// Drives simulated calls in real time, 20 ms at a time, on the event loops of `group`.
public final class TickDriver: Sendable {
    /// The frame period.
    public static let period: Duration = .milliseconds(20)
    static let tick = TimeAmount.milliseconds(20)
    /// A tick that starts later than this after its deadline is counted late.
    static let lateness = TimeAmount.milliseconds(10)

    /// The event loops the calls' sockets run on (and are ticked on).
    let group: any EventLoopGroup
    /// Each loop's timer chains, by loop.
    private let chains: [ObjectIdentifier: LoopChains]
    private let base: NIODeadline
    private let stopped = Atomic<Bool>(false)
    private let late = Atomic<Int>(0)
    private let ticks = Atomic<Int>(0)

    /// A driver with at least `shards` timer chains over the loops of `group` (at least one per loop,
    /// the same number on each, at evenly staggered phases).
    public init(shards: Int = 1, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
        var loops: [any EventLoop] = []
        for loop in group.makeIterator() { loops.append(loop) }
        if loops.isEmpty { loops = [group.next()] }
        let perLoop = max(1, (shards + loops.count - 1) / loops.count)
        let total = perLoop * loops.count
        var chains: [ObjectIdentifier: LoopChains] = [:]
        for (l, loop) in loops.enumerated() {
            // Chain c = l + loops.count × j: neighbouring phases alternate between loops.
            chains[ObjectIdentifier(loop)] = LoopChains((0..<perLoop).map { j in
                Chain(loop: loop, phase: .nanoseconds(Self.tick.nanoseconds * Int64(l + loops.count * j) / Int64(total)))
            })
        }
        self.chains = chains
        self.base = .now() + .milliseconds(1)
    }

    /// Ticks whose deadline had passed by more than 10 ms when the tick before them finished (the machine
    /// could not keep up; as before the timers moved to the event loops, a late wake-up alone is not counted).
    public var lateTicks: Int { late.load(ordering: .relaxed) }

    /// Ticks run, over all chains.
    public var tickCount: Int { ticks.load(ordering: .relaxed) }

    /// Stops ticking (each chain stops at its next deadline; calls still open send nothing more).
    public func stop() { stopped.store(true, ordering: .relaxed) }

    /// Adds a call whose stream is open on `loop` (called on `loop`): its frames go out from the next tick
    /// of one of that loop's chains. False once the driver has stopped (the call is not ticked).
    @discardableResult
    func add(_ call: SimulatedCall, on loop: any EventLoop) -> Bool {
        loop.preconditionInEventLoop()
        guard !stopped.load(ordering: .relaxed) else { return false }
        guard let onLoop = chains[ObjectIdentifier(loop)] else {
            preconditionFailure("TickDriver.add: the call's event loop is not one of the driver's")
        }
        let chain = onLoop.chains[onLoop.next % onLoop.chains.count]
        onLoop.next &+= 1
        chain.calls.append(call)
        if !chain.running { start(chain) }
        return true
    }

    /// Starts a chain at its first deadline from now on.
    private func start(_ chain: Chain) {
        chain.running = true
        let origin = base + chain.phase
        let now = NIODeadline.now()
        chain.k = now <= origin ? 0 : ((now - origin).nanoseconds + Self.tick.nanoseconds - 1) / Self.tick.nanoseconds
        schedule(chain)
    }

    private func schedule(_ chain: Chain) {
        let deadline = base + chain.phase + .nanoseconds(Self.tick.nanoseconds * chain.k)
        chain.loop.assumeIsolated().scheduleTask(deadline: deadline) { self.fire(chain) }
    }

    /// One tick of a chain: each call's frame (and anything else due) goes out now.
    private func fire(_ chain: Chain) {
        guard !stopped.load(ordering: .relaxed) else {
            chain.running = false
            chain.calls.removeAll()
            return
        }
        // Calls added while this runs (none should be) land in `calls` and tick next time.
        swap(&chain.calls, &chain.ticking)
        for call in chain.ticking {
            // nil: the call has ended or already hung up; it leaves the chain.
            guard let out = call.tick(now: .now) else { continue }
            if !out.messages.isEmpty { out.transport.write(out.messages) }
            if out.close {
                out.transport.close()
                continue
            }
            chain.calls.append(call)
        }
        chain.ticking.removeAll(keepingCapacity: true)
        ticks.add(1, ordering: .relaxed)
        chain.k += 1
        if chain.calls.isEmpty {
            chain.running = false                   // restarted by the next `add`
        } else {
            if NIODeadline.now() - (base + chain.phase + .nanoseconds(Self.tick.nanoseconds * chain.k)) > Self.lateness {
                late.add(1, ordering: .relaxed)
            }
            schedule(chain)
        }
    }

    /// One timer chain: its calls and where it is in time. Touched only on `loop`.
    private final class Chain: @unchecked Sendable {
        let loop: any EventLoop
        let phase: TimeAmount
        var calls: [SimulatedCall] = []
        var ticking: [SimulatedCall] = []
        var running = false
        var k: Int64 = 0

        init(loop: any EventLoop, phase: TimeAmount) {
            self.loop = loop
            self.phase = phase
        }
    }

    /// The chains of one loop, and which gets the next call. Touched only on that loop.
    private final class LoopChains: @unchecked Sendable {
        let chains: [Chain]
        var next = 0
        init(_ chains: [Chain]) { self.chains = chains }
    }
}
