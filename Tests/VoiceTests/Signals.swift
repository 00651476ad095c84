import Foundation

/// Synthetic test signals.
enum Signals {
    static func sine(hz: Double, amplitude: Double, sampleRate: Double, count: Int, phase: Double = 0) -> [Int16] {
        (0..<count).map { Int16((amplitude * sin(2 * .pi * hz * Double($0) / sampleRate + phase)).rounded()) }
    }

    /// Deterministic uniform noise in ±amplitude.
    static func noise(amplitude: Int, count: Int, seed: UInt64 = 42) -> [Int16] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let u = Int((state >> 33) % UInt64(2 * amplitude + 1)) - amplitude
            return Int16(u)
        }
    }

    static func frames(_ samples: [Int16], size: Int = 160) -> [[Int16]] {
        stride(from: 0, to: samples.count, by: size).map { Array(samples[$0..<min($0 + size, samples.count)]) }
    }

    static func rms(_ s: ArraySlice<Int16>) -> Double {
        (s.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(s.count, 1))).squareRoot()
    }
}
