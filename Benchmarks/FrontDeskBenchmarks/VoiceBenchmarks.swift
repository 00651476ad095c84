// Audio layer cost per 20 ms frame (release build):
//   swift run -c release FrontDeskBenchmarks voice
// One timed iteration is one 20 ms frame, so median and p99 are per frame. A call carries 50 inbound and
// (while the agent speaks) 50 outbound frames a second; 1,000 calls are 50,000 frames a second each way,
// so a per-frame cost of c µs uses c × 5 % of one core per direction.
import Foundation
import Voice

enum VoiceBenchmarks {
    /// Two seconds of speech-like μ-law audio: a tone with a wandering pitch over noise, with pauses.
    static let inbound: [[UInt8]] = {
        var state: UInt64 = 12345
        var samples: [Int16] = []
        for i in 0..<16_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Double(Int((state >> 33) % 801) - 400)
            let t = Double(i) / 8000
            let voiced = (i / 2400) % 2 == 0 ? 6000 * sin(2 * .pi * (180 + 40 * sin(3 * t)) * t) : 0
            samples.append(Int16(max(-32768, min(32767, voiced + noise))))
        }
        let bytes = G711.encode(samples, law: .muLaw)
        return stride(from: 0, to: bytes.count, by: 160).map { Array(bytes[$0..<$0 + 160]) }
    }()

    static var all: [Benchmark] {
        [
            // Inbound: μ-law decode → 8→16 kHz resample (for the recogniser) → VAD → end of turn.
            Benchmark("voice.inbound_frame", iterations: 50_000, warmup: 2_000) {
                let frames = inbound
                var up = Resampler(.upsample8to16)
                var vad = VoiceActivityDetector()
                var turn = EndOfTurnDetector()
                var i = 0
                return {
                    let pcm = G711.decode(frames[i], law: .muLaw)
                    let wide = up.process(pcm)
                    let activity = vad.process(pcm)
                    let ended = turn.process(activity)
                    i = i + 1 == frames.count ? 0 : i + 1
                    return Int(wide[7]) &+ (activity.isSpeech ? 1 : 0) &+ (ended ? 2 : 0)
                }
            },
            // Inbound, the parts alone.
            Benchmark("voice.mulaw_decode_frame", iterations: 50_000, warmup: 2_000) {
                let frames = inbound
                var i = 0
                return {
                    let pcm = G711.decode(frames[i], law: .muLaw)
                    i = i + 1 == frames.count ? 0 : i + 1
                    return Int(pcm[3])
                }
            },
            Benchmark("voice.vad_frame", iterations: 50_000, warmup: 2_000) {
                let frames = inbound.map { G711.decode($0, law: .muLaw) }
                var vad = VoiceActivityDetector()
                var i = 0
                return {
                    let a = vad.process(frames[i])
                    i = i + 1 == frames.count ? 0 : i + 1
                    return a.isSpeech ? 1 : 0
                }
            },
            // Outbound: 16 kHz synthesized PCM → 8 kHz → μ-law → pacer.
            Benchmark("voice.outbound_frame", iterations: 50_000, warmup: 2_000) {
                let wide: [[Int16]] = inbound.map { f in
                    var up = Resampler(.upsample8to16)
                    return up.process(G711.decode(f, law: .muLaw))
                }
                var down = Resampler(.downsample16to8)
                var pacer = FramePacer()
                var now: Duration = .zero
                var i = 0
                return {
                    let narrow = down.process(wide[i])
                    pacer.enqueue(G711.encode(narrow, law: .muLaw))
                    let due = pacer.due(at: now)
                    now += .milliseconds(20)
                    i = i + 1 == wide.count ? 0 : i + 1
                    return due.count
                }
            },
            // μ-law encode alone (8 kHz PCM → 160 bytes).
            Benchmark("voice.mulaw_encode_frame", iterations: 50_000, warmup: 2_000) {
                let frames = inbound.map { G711.decode($0, law: .muLaw) }
                var i = 0
                return {
                    let bytes = G711.encode(frames[i], law: .muLaw)
                    i = i + 1 == frames.count ? 0 : i + 1
                    return Int(bytes[5])
                }
            },
        ]
    }
}
