// 8 kHz ↔ 16 kHz PCM16 by a factor of two, with one small linear-phase low-pass FIR.
//
// The filter: 47 taps, windowed sinc (Kaiser, β = 5, about 54 dB stop-band), cut-off 3.3 kHz at 16 kHz —
// the telephone band (300–3,400 Hz) passes, and everything from about 3.85 kHz up is removed, so
// downsampling does not alias and upsampling does not image. Group delay: 23 samples at 16 kHz
// (1.44 ms). Up then down is a delay of exactly 23 samples at 8 kHz. The dot products run on SIMD8
// lanes (upsampling: two 24-tap polyphase branches; downsampling: 47 taps padded to 48, only the kept
// outputs computed).
//
// Each resampler keeps the last input samples between calls, so feeding 20 ms frames one by one gives
// exactly the same output as feeding the whole signal at once: frame boundaries do not click.

import Foundation

/// Converts PCM16 between 8 kHz (telephone, G.711) and 16 kHz (what speech recognisers prefer), frame by
/// frame, with filter state carried across calls. One instance per direction per call.
public struct Resampler: Sendable {
    /// Which way a resampler converts.
    public enum Direction: Sendable, Equatable {
        /// 8 kHz → 16 kHz: each input sample gives two output samples.
        case upsample8to16
        /// 16 kHz → 8 kHz: every two input samples give one output sample.
        case downsample16to8
    }

    /// The direction this instance converts.
    public let direction: Direction
    /// Input samples kept from earlier calls (the filter's memory), oldest first.
    private var history: [Float]
    /// Downsampling only: whether the next input sample is an odd (discarded-phase) sample.
    private var oddPhase = false

    /// The low-pass filter, symmetric, `Resampler.tapCount` taps, unity gain at DC.
    public static let taps: [Float] = makeTaps(count: 47, cutoffHz: 3_300, sampleRate: 16_000, beta: 5)
    /// Number of filter taps.
    public static var tapCount: Int { taps.count }
    /// Delay the filter adds, in samples at 16 kHz.
    public static var delayAt16k: Int { (taps.count - 1) / 2 }

    /// Upsampler polyphase branches as 3 × 8 SIMD lanes over the 24-sample window ending at the newest
    /// input: even taps 2h[46], 2h[44], …, 2h[0] (oldest first), and odd taps 0, 2h[45], …, 2h[1].
    private static let evenBranch: [SIMD8<Float>] = lanes((0..<24).map { 2 * taps[46 - 2 * $0] })
    private static let oddBranch: [SIMD8<Float>] = lanes([0] + (1..<24).map { 2 * taps[47 - 2 * $0] })
    /// Downsampler taps as 6 × 8 lanes over the 48-sample window ending at the newest input: 0, h[46], …,
    /// h[0] (oldest first; h is symmetric).
    private static let fullTaps: [SIMD8<Float>] = lanes([0] + (0..<47).map { taps[46 - $0] })
    private static let upMemory = 23
    private static let downMemory = 47

    private static func lanes(_ v: [Float]) -> [SIMD8<Float>] {
        stride(from: 0, to: v.count, by: 8).map { SIMD8<Float>(v[$0..<$0 + 8]) }
    }

    /// A resampler in `direction`, starting from silence.
    public init(_ direction: Direction) {
        self.direction = direction
        let memory = direction == .upsample8to16 ? Self.upMemory : Self.downMemory
        history = Array(repeating: 0, count: memory)
    }

    /// Resets the filter memory to silence (e.g. after a `clear`).
    public mutating func reset() {
        for i in history.indices { history[i] = 0 }
        oddPhase = false
    }

    /// Converts the next chunk of input. 160 samples at 8 kHz give 320 at 16 kHz; 320 at 16 kHz give 160
    /// at 8 kHz (an odd-length chunk carries its phase to the next call).
    public mutating func process(_ input: [Int16]) -> [Int16] {
        switch direction {
        case .upsample8to16: return upsample(input)
        case .downsample16to8: return downsample(input)
        }
    }

    private mutating func upsample(_ input: [Int16]) -> [Int16] {
        let memory = history.count                      // 23
        var x = history
        x.reserveCapacity(memory + input.count)
        for s in input { x.append(Float(s)) }
        let even = Self.evenBranch, odd = Self.oddBranch
        let output = [Int16](unsafeUninitializedCapacity: input.count * 2) { out, count in
            x.withUnsafeBufferPointer { xs in
                let base = UnsafeRawPointer(xs.baseAddress!)
                for n in 0..<input.count {
                    // Window x[n-23 … n] (24 samples, oldest first) against each polyphase branch.
                    let w = base + (n + memory - 23) * MemoryLayout<Float>.stride
                    let v0 = w.loadUnaligned(as: SIMD8<Float>.self)
                    let v1 = w.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
                    let v2 = w.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
                    let a = (even[0] * v0 + even[1] * v1 + even[2] * v2).sum()
                    let b = (odd[0] * v0 + odd[1] * v1 + odd[2] * v2).sum()
                    out[2 * n] = Self.clamp(a)
                    out[2 * n + 1] = Self.clamp(b)
                }
            }
            count = input.count * 2
        }
        history = Array(x.suffix(memory))
        return output
    }

    private mutating func downsample(_ input: [Int16]) -> [Int16] {
        let memory = history.count                      // 47
        var x = history
        x.reserveCapacity(memory + input.count)
        for s in input { x.append(Float(s)) }
        let h = Self.fullTaps
        let firstKept = oddPhase ? 1 : 0
        let produced = input.count > firstKept ? (input.count - firstKept + 1) / 2 : 0
        let output = [Int16](unsafeUninitializedCapacity: produced) { out, count in
            x.withUnsafeBufferPointer { xs in
                let base = UnsafeRawPointer(xs.baseAddress!)
                for k in 0..<produced {
                    // Window x[newest-47 … newest] (48 samples, oldest first).
                    let newest = memory + firstKept + 2 * k
                    let w = base + (newest - 47) * MemoryLayout<Float>.stride
                    var acc = h[0] * w.loadUnaligned(as: SIMD8<Float>.self)
                    for lane in 1..<6 {
                        acc += h[lane] * w.loadUnaligned(fromByteOffset: 32 * lane, as: SIMD8<Float>.self)
                    }
                    out[k] = Self.clamp(acc.sum())
                }
            }
            count = produced
        }
        if input.count % 2 == 1 { oddPhase.toggle() }
        history = Array(x.suffix(memory))
        return output
    }

    @inline(__always)
    private static func clamp(_ v: Float) -> Int16 {
        let r = v.rounded()
        return r >= 32767 ? .max : r <= -32768 ? .min : Int16(r)
    }

    /// Kaiser-windowed sinc low-pass, normalised to unity DC gain.
    static func makeTaps(count: Int, cutoffHz: Double, sampleRate: Double, beta: Double) -> [Float] {
        let fc = cutoffHz / sampleRate
        let m = Double(count - 1)
        var h = (0..<count).map { i -> Double in
            let t = Double(i) - m / 2
            let sinc = t == 0 ? 2 * fc : sin(2 * .pi * fc * t) / (.pi * t)
            let r = 2 * Double(i) / m - 1
            return sinc * besselI0(beta * (1 - r * r).squareRoot()) / besselI0(beta)
        }
        let sum = h.reduce(0, +)
        h = h.map { $0 / sum }
        return h.map(Float.init)
    }

    /// Modified Bessel function of the first kind, order 0 (power series).
    static func besselI0(_ x: Double) -> Double {
        var sum = 1.0, term = 1.0
        for k in 1..<30 {
            term *= (x / (2 * Double(k))) * (x / (2 * Double(k)))
            sum += term
        }
        return sum
    }
}
