import Testing
@testable import Voice

@Suite struct BargeInTests {
    let silence = [UInt8](repeating: 0xFF, count: 160)

    /// Plays a reply of `replyFrames` frames; the caller speaks in `speaking` (frame indices). Returns the
    /// interruption, if any, and the frame it happened on.
    func play(replyFrames: Int, speaking: (Int) -> Bool, bargeIn: inout BargeIn,
              pacer: inout FramePacer, clock: inout FakeClock) -> (Int, BargeIn.Interruption)? {
        bargeIn.replyStarted(pacer: pacer)
        pacer.enqueue(Array(repeating: silence, count: replyFrames).flatMap { $0 })
        for i in 0..<(replyFrames + 20) {
            _ = pacer.due(at: clock.now)
            clock.advance(.milliseconds(20))
            if let hit = bargeIn.observe(callerSpeech: speaking(i), pacer: &pacer, now: clock.now) {
                return (i, hit)
            }
        }
        return nil
    }

    @Test func callerSpeechOverTheAgentInterruptsAfter200ms() {
        var clock = FakeClock(), pacer = FramePacer(), bargeIn = BargeIn()
        // A 3 s reply; the caller starts talking at frame 50 (1 s in).
        let result = play(replyFrames: 150, speaking: { $0 >= 50 }, bargeIn: &bargeIn, pacer: &pacer, clock: &clock)
        let (frame, hit) = try! #require(result)
        #expect(frame == 59)                                 // the 10th speech frame = 200 ms
        #expect(hit.heard == .milliseconds(1200))            // 60 frames played
        #expect(hit.heard + hit.unheard == .seconds(3))      // the rest is not counted as said
        #expect(hit.droppedFrames == 150 - 62)               // 62 sent: 60 played, 2 in flight
        #expect(bargeIn.state == .interrupted)
        #expect(!pacer.isPlaying(at: clock.now))
        // Once interrupted, more speech does nothing until the next reply.
        #expect(bargeIn.observe(callerSpeech: true, pacer: &pacer, now: clock.now) == nil)
    }

    @Test func shortSoundsDoNotInterrupt() {
        var clock = FakeClock(), pacer = FramePacer(), bargeIn = BargeIn()
        // "mm-hm": 180 ms bursts with gaps.
        let result = play(replyFrames: 100, speaking: { ($0 % 20) < 9 }, bargeIn: &bargeIn, pacer: &pacer, clock: &clock)
        #expect(result == nil)
        #expect(bargeIn.state == .idle)                      // reply finished
    }

    @Test func speechWhileTheAgentIsQuietIsNotABargeIn() {
        var pacer = FramePacer(), bargeIn = BargeIn()
        for i in 0..<50 {
            #expect(bargeIn.observe(callerSpeech: true, pacer: &pacer, now: .milliseconds(20 * i)) == nil)
        }
        #expect(bargeIn.state == .idle)
    }

    @Test func configurableThresholdAndSecondReply() {
        var clock = FakeClock(), pacer = FramePacer(), bargeIn = BargeIn(minimumSpeech: .milliseconds(100))
        // First reply plays out completely.
        #expect(play(replyFrames: 20, speaking: { _ in false }, bargeIn: &bargeIn, pacer: &pacer, clock: &clock) == nil)
        // Second reply: interrupted after 5 frames of speech; heard counts only this reply.
        let result = play(replyFrames: 50, speaking: { $0 >= 10 }, bargeIn: &bargeIn, pacer: &pacer, clock: &clock)
        let (frame, hit) = try! #require(result)
        #expect(frame == 14)
        #expect(hit.heard == .milliseconds(300))
        #expect(hit.heard + hit.unheard == .seconds(1))
    }
}
