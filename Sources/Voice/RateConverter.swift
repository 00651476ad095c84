// Any-rate → 8 kHz (or any other rate) PCM16 conversion for speech providers.
//
// The converter is a windowed-sinc interpolator with a precomputed linear-phase FIR per output phase
// (polyphase): output sample n sits at input position n · inRate / outRate; its value is the dot product
// of the input around that position with a Kaiser-windowed sinc (β ≈ 5.65, about 60 dB stop band) whose
// cut-off is 0.4625 of the lower rate (3.7 kHz for 8 kHz output) and whose transition band is 0.075 of
// it (3.4–4.0 kHz), so the telephone band passes and nothing above the output Nyquist aliases back.
// Positions repeat every outRate / gcd(inRate, outRate) outputs, so that many phases are tabulated once
// (160 for 22,050 → 8,000; 1 for 24,000 → 8,000). The filter is centred on each output's position and
// the converter starts from half a filter of silence and `flush()` ends with another, so the output is
// aligned with the input (no delay) and has `input × outRate / inRate` samples. State is carried between
// calls: feeding chunks gives exactly the output of feeding the whole signal.

import Foundation

/// Converts PCM16 mono from one sample rate to another (normally a provider's 16–48 kHz to the telephone's
/// 8 kHz) with a low-pass, linear-phase polyphase FIR, chunk by chunk. One instance per stream.
public struct RateConverter: Sendable {
    /// Input samples per second.
    public let inputRate: Int
    /// Output samples per second.
    public let outputRate: Int

    private let step: Int              // input advance per output, in 1/phases of a sample (inputRate / g)
    private let phaseCount: Int        // outputRate / g
    private let halfWidth: Int         // taps either side of the centre
    private let table: [Float]         // phaseCount × (2 · halfWidth + 1) taps, phase-major
    private var buffer: [Float]        // input not yet fully used; buffer[0] is input index `bufferStart`
    private var position = 0           // next output's integer input index, relative to buffer[0] minus halfWidth
    private var phase = 0              // next output's fractional position, in 1/phaseCount samples

    /// A converter from `inputRate` to `outputRate` (default 8,000), starting from silence.
    public init(from inputRate: Int, to outputRate: Int = 8_000) {
        precondition(inputRate > 0 && outputRate > 0, "sample rates must be positive")
        self.inputRate = inputRate
        self.outputRate = outputRate
        let g = Self.gcd(inputRate, outputRate)
        step = inputRate / g
        phaseCount = outputRate / g
        let lower = Double(min(inputRate, outputRate))
        let cutoff = 0.4625 * lower / Double(inputRate)          // cycles per input sample
        let transition = 0.075 * lower / Double(inputRate)
        let attenuation = 60.0
        let beta = 0.1102 * (attenuation - 8.7)
        // Kaiser's estimate of the length for this attenuation and transition width.
        let length = Int(((attenuation - 8) / (2.285 * 2 * .pi * transition)).rounded(.up))
        halfWidth = max(2, length / 2)
        table = Self.makeTable(phases: phaseCount, halfWidth: halfWidth, cutoff: cutoff, beta: beta)
        buffer = Array(repeating: 0, count: halfWidth)           // half a filter of leading silence
    }

    /// Converts the next chunk; returns every output sample whose filter window is complete.
    public mutating func process(_ input: [Int16]) -> [Int16] {
        buffer.reserveCapacity(buffer.count + input.count)
        for s in input { buffer.append(Float(s)) }
        return drain()
    }

    /// Ends the stream: pads half a filter of silence and returns the remaining output.
    public mutating func flush() -> [Int16] {
        buffer.append(contentsOf: repeatElement(0, count: halfWidth))
        let out = drain()
        self = RateConverter(from: inputRate, to: outputRate)
        return out
    }

    /// Converts a whole signal at once.
    public static func convert(_ input: [Int16], from inputRate: Int, to outputRate: Int = 8_000) -> [Int16] {
        var c = RateConverter(from: inputRate, to: outputRate)
        return c.process(input) + c.flush()
    }

    private mutating func drain() -> [Int16] {
        let width = 2 * halfWidth + 1
        var out: [Int16] = []
        out.reserveCapacity(max(0, (buffer.count - width) * phaseCount / step + 1))
        buffer.withUnsafeBufferPointer { x in
            table.withUnsafeBufferPointer { h in
                // Output at input index position + halfWidth (+ phase/phaseCount) uses x[position ... position + 2·halfWidth].
                while position + width <= x.count {
                    let taps = phase * width
                    var acc: Float = 0
                    for k in 0..<width { acc += x[position + k] * h[taps + k] }
                    out.append(Self.clamp(acc))
                    phase += step
                    position += phase / phaseCount
                    phase %= phaseCount
                }
            }
        }
        if position > 0 {
            let drop = min(position, buffer.count)
            buffer.removeFirst(drop)
            position -= drop
        }
        return out
    }

    /// Windowed sinc per phase: taps[p][k] = w(k − halfWidth − p/phases), each phase normalised to unity gain.
    private static func makeTable(phases: Int, halfWidth: Int, cutoff: Double, beta: Double) -> [Float] {
        let width = 2 * halfWidth + 1
        var table: [Float] = []
        table.reserveCapacity(phases * width)
        let i0beta = Resampler.besselI0(beta)
        for p in 0..<phases {
            let offset = Double(p) / Double(phases)
            var taps = (0..<width).map { k -> Double in
                let t = Double(k - halfWidth) - offset       // distance from the output's position
                let sinc = t == 0 ? 2 * cutoff : sin(2 * .pi * cutoff * t) / (.pi * t)
                let r = t / Double(halfWidth + 1)
                return abs(r) >= 1 ? 0 : sinc * Resampler.besselI0(beta * (1 - r * r).squareRoot()) / i0beta
            }
            let sum = taps.reduce(0, +)
            taps = taps.map { $0 / sum }
            table.append(contentsOf: taps.map(Float.init))
        }
        return table
    }

    @inline(__always)
    private static func clamp(_ v: Float) -> Int16 {
        let r = v.rounded()
        return r >= 32767 ? .max : r <= -32768 ? .min : Int16(r)
    }

    private static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
}
