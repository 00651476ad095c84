import FakeProviders
import Foundation
import Voice

/// Helpers shared by the provider tests.
enum Support {
    /// One library for all tests (lines are registered on first use).
    static let library = UtteranceLibrary()

    /// A caller's line as 20 ms PCM16 frames (what the call session feeds a recogniser).
    static func pcmFrames(_ text: String) -> [[Int16]] {
        library.frames(for: text).map { G711.decode($0, law: .muLaw) }
    }

    /// `count` frames of digital silence.
    static func silence(_ count: Int) -> [[Int16]] {
        Array(repeating: [Int16](repeating: 0, count: 160), count: count)
    }

    /// Events until `stop` says so (inclusive), failing after `limit` rather than hanging a broken test.
    static func collect(_ events: TranscriptStream, limit: Duration = .seconds(10),
                        until stop: @escaping @Sendable (TranscriptEvent) -> Bool) async throws -> [TranscriptEvent] {
        try await within(limit) {
            var out: [TranscriptEvent] = []
            for try await e in events {
                out.append(e)
                if stop(e) { break }
            }
            return out
        }
    }

    /// All events until the stream ends.
    static func drain(_ events: TranscriptStream, limit: Duration = .seconds(10)) async throws -> [TranscriptEvent] {
        try await collect(events, limit: limit) { _ in false }
    }

    struct TimedOut: Error {}

    /// Runs `body`, throwing `TimedOut` after `limit` (a guard against hangs, not a speed assertion).
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask { try await Task.sleep(for: limit); throw TimedOut() }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// RMS of a signal.
    static func rms(_ s: some Collection<Int16>) -> Double {
        (s.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(max(s.count, 1))).squareRoot()
    }

    /// A sine tone of `hz` at `rate`, `seconds` long, amplitude `amplitude`.
    static func tone(_ hz: Double, rate: Int, seconds: Double, amplitude: Double = 10_000) -> [Int16] {
        (0..<Int(Double(rate) * seconds)).map { Int16(amplitude * sin(2 * .pi * hz * Double($0) / Double(rate))) }
    }
}
