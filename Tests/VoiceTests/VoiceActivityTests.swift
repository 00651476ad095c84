import Testing
@testable import Voice

@Suite struct VoiceActivityTests {
    /// Runs frames through a VAD, returning the decisions.
    func run(_ samples: [Int16], vad: inout VoiceActivityDetector) -> [VoiceActivityDetector.Activity] {
        Signals.frames(samples).map { vad.process($0) }
    }

    func seconds(_ s: Double) -> Int { Int(s * 8000) }

    @Test func levels() {
        #expect(VoiceActivityDetector.levelDB([Int16](repeating: 0, count: 160)) == -120)
        let fullSine = Signals.sine(hz: 1000, amplitude: 32767, sampleRate: 8000, count: 160)
        #expect(abs(VoiceActivityDetector.levelDB(fullSine) + 3.01) < 0.05)
        #expect(VoiceActivityDetector.levelDB([]) == -120)
    }

    @Test func digitalSilenceIsNeverSpeech() {
        var vad = VoiceActivityDetector()
        let a = run([Int16](repeating: 0, count: seconds(2)), vad: &vad)
        #expect(a.allSatisfy { !$0.isSpeech })
        #expect(a.last!.quietDuration == .seconds(2))
    }

    @Test func toneBurstInSilenceStartsAndEndsSpeech() {
        var vad = VoiceActivityDetector()
        let signal = [Int16](repeating: 0, count: seconds(0.5))
            + Signals.sine(hz: 440, amplitude: 6000, sampleRate: 8000, count: seconds(0.4))
            + [Int16](repeating: 0, count: seconds(0.5))
        let a = run(signal, vad: &vad)
        let started = a.firstIndex { $0.transition == .speechStarted }
        let ended = a.firstIndex { $0.transition == .speechEnded }
        #expect(started == 25 + 1)           // second loud frame (onset needs two)
        #expect(ended == 25 + 20 + 2)        // third quiet frame (release needs three)
        #expect(a.filter { $0.transition != nil }.count == 2)
        #expect(a[ended!].quietDuration == .milliseconds(60))
    }

    @Test func steadyNoiseIsNotSpeechButVoiceOverItIs() {
        var vad = VoiceActivityDetector()
        let noise = Signals.noise(amplitude: 400, count: seconds(3), seed: 1)   // ≈ -43 dBFS
        var burst = Signals.sine(hz: 300, amplitude: 5000, sampleRate: 8000, count: seconds(0.3))
        let over = Signals.noise(amplitude: 400, count: burst.count, seed: 2)
        for i in burst.indices { burst[i] = burst[i] &+ over[i] }
        let signal = Array(noise[0..<seconds(1)]) + burst + Array(noise[seconds(1)...])
        let a = run(signal, vad: &vad)
        #expect(a[0..<50].allSatisfy { !$0.isSpeech })
        #expect(a[52..<65].allSatisfy { $0.isSpeech })
        #expect(a[70...].allSatisfy { !$0.isSpeech })
        // The floor sits near the noise level.
        #expect(abs(a.last!.noiseFloorDB - a.last!.levelDB) < 3)
    }

    @Test func noiseFloorRisesToALouderSteadyNoise() {
        var vad = VoiceActivityDetector()
        let quiet = Signals.noise(amplitude: 200, count: seconds(1), seed: 3)      // ≈ -48 dBFS
        let loud = Signals.noise(amplitude: 4000, count: seconds(6), seed: 4)      // ≈ -23 dBFS, 6 s
        let a = run(quiet + loud, vad: &vad)
        #expect(a[0..<50].allSatisfy { !$0.isSpeech })
        #expect(a[51].isSpeech || a[52].isSpeech)                  // a sudden loud change looks like speech…
        #expect(a[(a.count - 50)...].allSatisfy { !$0.isSpeech })  // …until the floor learns it
    }

    @Test func hysteresisHoldsThroughShortDips() {
        var vad = VoiceActivityDetector()
        let tone = Signals.sine(hz: 500, amplitude: 6000, sampleRate: 8000, count: seconds(0.2))
        let gap = [Int16](repeating: 0, count: seconds(0.04))           // two quiet frames < release
        let signal = [Int16](repeating: 0, count: seconds(0.2)) + tone + gap + tone
        let a = run(signal, vad: &vad)
        #expect(a.filter { $0.transition == .speechStarted }.count == 1)
        #expect(a.filter { $0.transition == .speechEnded }.isEmpty)
    }

    @Test func endOfTurnAfterDefaultSilence() {
        var vad = VoiceActivityDetector()
        var eot = EndOfTurnDetector()
        let signal = [Int16](repeating: 0, count: seconds(0.3))
            + Signals.sine(hz: 440, amplitude: 6000, sampleRate: 8000, count: seconds(0.6))
            + [Int16](repeating: 0, count: seconds(1.5))
        let ends = Signals.frames(signal).enumerated().compactMap { i, f in
            eot.process(vad.process(f)) ? i : nil
        }
        // Speech ends at frame 45; the 25th quiet frame (500 ms) ends the turn, once.
        #expect(ends == [45 + 24])
    }

    @Test func endOfTurnSilenceIsConfigurableAndNeedsSpeech() {
        var vad = VoiceActivityDetector()
        var eot = EndOfTurnDetector(silence: .milliseconds(800))
        // A single loud frame is a click, not speech (VAD onset needs two frames).
        let click = [Int16](repeating: 0, count: seconds(0.2)) + Signals.sine(hz: 440, amplitude: 6000, sampleRate: 8000, count: 160)
            + [Int16](repeating: 0, count: seconds(1))
        #expect(Signals.frames(click).allSatisfy { !eot.process(vad.process($0)) })

        let speech = Signals.sine(hz: 440, amplitude: 6000, sampleRate: 8000, count: seconds(0.5))
            + [Int16](repeating: 0, count: seconds(1.2))
        let ends = Signals.frames(speech).enumerated().compactMap { i, f in eot.process(vad.process(f)) ? i : nil }
        #expect(ends == [25 + 39])
    }

    @Test func providerEndOfSpeechEndsTheTurnOnce() {
        var vad = VoiceActivityDetector()
        var eot = EndOfTurnDetector()
        let early = eot.providerEndOfSpeech()
        #expect(!early)
        for f in Signals.frames(Signals.sine(hz: 440, amplitude: 6000, sampleRate: 8000, count: 1600)) {
            _ = eot.process(vad.process(f))
        }
        #expect(eot.heardSpeech)
        let first = eot.providerEndOfSpeech(), second = eot.providerEndOfSpeech()
        #expect(first)
        #expect(!second)
        // The trailing silence then does not end a second turn.
        for f in Signals.frames([Int16](repeating: 0, count: 8000)) {
            let ended = eot.process(vad.process(f))
            #expect(!ended)
        }
    }
}
