import Foundation
import Testing
@testable import Voice

@Suite struct ResamplerTests {
    let delay = Resampler.delayAt16k   // 23

    @Test func filterIsSymmetricWithUnityGain() {
        let h = Resampler.taps
        #expect(h.count == 47)
        for i in 0..<h.count { #expect(abs(h[i] - h[h.count - 1 - i]) < 1e-7) }
        #expect(abs(h.reduce(0, +) - 1) < 1e-5)
    }

    @Test func oneKilohertzSurvivesUpsampling() {
        let x = Signals.sine(hz: 1000, amplitude: 10000, sampleRate: 8000, count: 800)
        var up = Resampler(.upsample8to16)
        let y = up.process(x)
        #expect(y.count == 1600)
        var maxErr = 0.0
        for m in 100..<1500 {   // past the filter's start-up
            let ideal = 10000 * sin(2 * .pi * 1000 * Double(m - delay) / 16000)
            maxErr = max(maxErr, abs(Double(y[m]) - ideal))
        }
        #expect(maxErr < 100, "max error \(maxErr)")   // < 1 % of the amplitude
    }

    @Test func oneKilohertzSurvivesDownsampling() {
        let x = Signals.sine(hz: 1000, amplitude: 10000, sampleRate: 16000, count: 1600)
        var down = Resampler(.downsample16to8)
        let y = down.process(x)
        #expect(y.count == 800)
        var maxErr = 0.0
        for n in 50..<800 {
            let ideal = 10000 * sin(2 * .pi * 1000 * Double(2 * n - delay) / 16000)
            maxErr = max(maxErr, abs(Double(y[n]) - ideal))
        }
        #expect(maxErr < 100, "max error \(maxErr)")
    }

    @Test func upThenDownIsADelay() {
        let x = Signals.sine(hz: 1000, amplitude: 12000, sampleRate: 8000, count: 1600)
        var up = Resampler(.upsample8to16), down = Resampler(.downsample16to8)
        var y: [Int16] = []
        for f in Signals.frames(x) { y += down.process(up.process(f)) }
        #expect(y.count == x.count)
        var maxErr = 0
        for n in 100..<1600 { maxErr = max(maxErr, abs(Int(y[n]) - Int(x[n - delay]))) }
        #expect(maxErr < 150, "max error \(maxErr)")
    }

    @Test func toneAboveTheBandIsRemovedOnDownsampling() {
        let amplitude = 10000.0
        let x = Signals.sine(hz: 3900, amplitude: amplitude, sampleRate: 16000, count: 3200)
        var down = Resampler(.downsample16to8)
        let y = down.process(x)
        let inRMS = Signals.rms(x[200...])
        let outRMS = Signals.rms(y[100...])
        let attenuationDB = 20 * log10(inRMS / max(outRMS, 1e-9))
        #expect(attenuationDB > 30, "attenuation \(attenuationDB) dB")
        // And a 1 kHz tone passes at the same level.
        var down2 = Resampler(.downsample16to8)
        let pass = down2.process(Signals.sine(hz: 1000, amplitude: amplitude, sampleRate: 16000, count: 3200))
        #expect(abs(20 * log10(Signals.rms(pass[100...]) / inRMS)) < 0.2)
    }

    @Test func framesEqualWhole() {
        let x8 = Signals.noise(amplitude: 20000, count: 8000, seed: 7)
        var whole = Resampler(.upsample8to16), streamed = Resampler(.upsample8to16)
        let a = whole.process(x8)
        var b: [Int16] = []
        for f in Signals.frames(x8) { b += streamed.process(f) }
        #expect(a == b)

        let x16 = Signals.noise(amplitude: 20000, count: 16000, seed: 9)
        var wholeD = Resampler(.downsample16to8), streamedD = Resampler(.downsample16to8)
        let c = wholeD.process(x16)
        var d: [Int16] = []
        for f in Signals.frames(x16, size: 320) { d += streamedD.process(f) }
        #expect(c == d)
        // Odd chunk sizes carry their phase.
        var odd = Resampler(.downsample16to8)
        var e: [Int16] = []
        for f in Signals.frames(x16, size: 333) { e += odd.process(f) }
        #expect(c == e)
    }

    @Test func fullScaleDoesNotWrap() {
        let square: [Int16] = (0..<320).map { ($0 / 20) % 2 == 0 ? .max : .min }
        var up = Resampler(.upsample8to16)
        let y = up.process(square)
        // Overshoot clamps instead of wrapping round: plateau centres keep their sign at full scale.
        for k in 1..<15 {
            let c = 20 * k + 10
            let out = y[2 * c + delay]
            #expect((out > 0) == (square[c] > 0) && abs(Int(out)) > 30000, "plateau \(k): \(out)")
        }
        up.reset()
        #expect(up.process([0, 0]) == [0, 0, 0, 0])
    }
}
