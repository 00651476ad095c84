import Testing
@testable import Voice

/// A fake clock: the test moves time by hand.
struct FakeClock {
    var now: Duration = .zero
    mutating func advance(_ d: Duration) { now += d }
}

@Suite struct FramePacerTests {
    func frames(_ n: Int, startingAt first: UInt8 = 0) -> [UInt8] {
        (0..<n).flatMap { i in [UInt8](repeating: first &+ UInt8(truncatingIfNeeded: i), count: 160) }
    }

    @Test func startsWithTheLeadThenOneFramePerTwentyMilliseconds() {
        var clock = FakeClock()
        var pacer = FramePacer()
        pacer.enqueue(frames(50))
        #expect(pacer.pendingFrames == 50)
        let first = pacer.due(at: clock.now)
        #expect(first.count == 3)                       // 60 ms lead
        #expect(first.map { $0[0] } == [0, 1, 2])
        #expect(pacer.due(at: clock.now).isEmpty)        // asking again does not burst
        clock.advance(.milliseconds(10))
        #expect(pacer.due(at: clock.now).isEmpty)
        clock.advance(.milliseconds(10))
        #expect(pacer.due(at: clock.now).map { $0[0] } == [3])
        // Ticking every 5 ms: exactly one frame per 20 ms, in order.
        var sent: [UInt8] = []
        for _ in 0..<40 {
            clock.advance(.milliseconds(5))
            let due = pacer.due(at: clock.now)
            #expect(due.count <= 1)
            sent += due.map { $0[0] }
        }
        #expect(sent == Array(4..<14))
        #expect(pacer.inFlight(at: clock.now) <= .milliseconds(60))
    }

    @Test func lateTickNeverBursts() {
        var clock = FakeClock()
        var pacer = FramePacer()
        pacer.enqueue(frames(100))
        _ = pacer.due(at: clock.now)
        clock.advance(.milliseconds(500))               // the event loop stalled
        let due = pacer.due(at: clock.now)
        #expect(due.count == 3)                         // only the lead again, not 25 frames of debt
        #expect(pacer.inFlight(at: clock.now) == .milliseconds(60))
        // The caller heard the first 60 ms, then silence.
        #expect(pacer.heard(at: clock.now) == .milliseconds(60))
    }

    /// A shared 20 ms clock whose phase sits just after a reply's: topping up to the lead at a tick 2 ms
    /// late sent two frames at once (then none), 0 ms and 40 ms apart at the far end. One per tick.
    @Test func aSharedTickSendsOneFramePerTickEvenWhenSlightlyLate() {
        var clock = FakeClock()
        var pacer = FramePacer()
        pacer.enqueue(frames(60))
        #expect(pacer.due(at: clock.now).count == 3)          // the reply starts between ticks
        clock.advance(.milliseconds(19))                        // first tick: 19 ms later
        var perTick: [Int] = [pacer.dueAtTick(clock.now).count]
        for i in 0..<30 {
            clock.advance(.milliseconds(i % 3 == 0 ? 22 : (i % 3 == 1 ? 18 : 20)))   // late, early, on time
            perTick.append(pacer.dueAtTick(clock.now).count)
        }
        #expect(perTick.dropFirst(2).allSatisfy { $0 == 1 })
        #expect(pacer.inFlight(at: clock.now) <= .milliseconds(60))
    }

    @Test func aLongStallAtATickRefillsAtLeastOneFrameInFlight() {
        var clock = FakeClock()
        var pacer = FramePacer()
        pacer.enqueue(frames(60))
        _ = pacer.due(at: clock.now)
        clock.advance(.milliseconds(200))                       // the loop stalled: the far end ran dry
        let sent = pacer.dueAtTick(clock.now)
        #expect(sent.count == 1)                                // one frame brings 20 ms back in flight
        #expect(pacer.inFlight(at: clock.now) == .milliseconds(20))
        clock.advance(.milliseconds(25))                        // late again: less than a frame left
        #expect(pacer.dueAtTick(clock.now).count == 1)
        #expect(pacer.inFlight(at: clock.now) > .zero)
    }

    /// With a lead of one frame, a tick with less than a frame in flight but no room within the lead used
    /// to loop for ever (freezing the event loop). It sends what fits and returns.
    @Test func aOneFrameLeadNeverSpinsAtATick() {
        var clock = FakeClock()
        var pacer = FramePacer(lead: .milliseconds(20))
        pacer.enqueue(frames(10))
        clock.advance(.milliseconds(7))
        #expect(pacer.due(at: clock.now).count == 1)
        clock.advance(.milliseconds(13))                        // 7 ms still in flight
        #expect(pacer.dueAtTick(clock.now).count <= 1)
        clock.advance(.milliseconds(10))
        #expect(pacer.dueAtTick(clock.now).count <= 1)
    }

    @Test func heardTracksPlayout() {
        var clock = FakeClock()
        var pacer = FramePacer()
        pacer.enqueue(frames(10))
        #expect(pacer.isPlaying(at: clock.now))
        #expect(pacer.heard(at: clock.now) == .zero)
        var tick = 0
        while tick < 40 {
            _ = pacer.due(at: clock.now)
            #expect(pacer.heard(at: clock.now) == min(clock.now, .milliseconds(200)))
            clock.advance(.milliseconds(10)); tick += 1
        }
        #expect(pacer.sentDuration == .milliseconds(200))
        #expect(!pacer.isPlaying(at: clock.now))
        #expect(pacer.nextDue(after: clock.now) == nil)
    }

    @Test func nextDueTellsTheTimerWhenToWake() {
        var pacer = FramePacer()
        pacer.enqueue(frames(5))
        #expect(pacer.nextDue(after: .zero) == .zero)
        _ = pacer.due(at: .zero)                        // frames 0-2, play-out until 60 ms
        #expect(pacer.nextDue(after: .milliseconds(1)) == .milliseconds(20))
        #expect(pacer.due(at: .milliseconds(19)).isEmpty)
        #expect(pacer.due(at: .milliseconds(20)).count == 1)
    }

    @Test func partialAudioIsFramedAndFlushedWithSilence() {
        var pacer = FramePacer()
        pacer.enqueue([UInt8](repeating: 1, count: 100))
        #expect(pacer.pendingFrames == 0)
        pacer.enqueue([UInt8](repeating: 2, count: 100))
        #expect(pacer.pendingFrames == 1)
        pacer.flush()
        #expect(pacer.pendingFrames == 2)
        let out = pacer.due(at: .zero)
        #expect(out.count == 2 && out.allSatisfy { $0.count == 160 })
        #expect(out[0] == [UInt8](repeating: 1, count: 100) + [UInt8](repeating: 2, count: 60))
        #expect(out[1] == [UInt8](repeating: 2, count: 40) + [UInt8](repeating: 0xFF, count: 120))
        #expect(pacer.enqueuedDuration == .milliseconds(40))
    }

    @Test func clearReportsWhatWasNotHeard() {
        var clock = FakeClock()
        var pacer = FramePacer()
        pacer.enqueue(frames(50))                       // one second
        for _ in 0..<10 { _ = pacer.due(at: clock.now); clock.advance(.milliseconds(20)) }
        // At 200 ms: 12 frames sent (10 ticks + lead), 10 played, 2 in flight (40 ms), 38 queued.
        #expect(pacer.heard(at: clock.now) == .milliseconds(200))
        let cleared = pacer.clear(at: clock.now)
        #expect(cleared.droppedFrames == 38)
        #expect(cleared.unheard == .milliseconds(800))
        #expect(pacer.heard(at: clock.now) == .milliseconds(200))
        #expect(!pacer.isPlaying(at: clock.now))
        #expect(pacer.due(at: clock.now).isEmpty)
        #expect(pacer.droppedDuration == .milliseconds(800))
    }

    @Test func smallerLeadIsRespected() {
        var pacer = FramePacer(lead: .milliseconds(20))
        pacer.enqueue(frames(5))
        #expect(pacer.due(at: .zero).count == 1)
        #expect(FramePacer(lead: .zero).lead == .milliseconds(20))
    }
}
