// Engine time per caller turn: every shared suite call replayed through the real receptionist
// (safety, understanding, dialog, scheduling against an in-memory store, output guard), timing each
// `respond(to:)`. Async, so it runs beside the synchronous registry rather than inside it.
import Foundation
import Evaluation

enum ConversationBenchmarks {
    static let name = "conversation.turn"

    /// Does the command line ask for this benchmark (no filter, or a filter matching its name)?
    static func selected(_ filters: [String]) -> Bool { filters.isEmpty || filters.contains { name.contains($0) } }

    static func run(rounds: Int) async {
        let here = URL(fileURLWithPath: #filePath)
        let repo = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = repo.deletingLastPathComponent().appendingPathComponent("shared/evals/suites")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        let suites = files.compactMap { try? Suite.load(path: dir.appendingPathComponent($0).path) }
        guard !suites.isEmpty else { print("\(name): no shared suites found at \(dir.path)"); return }
        var samples: [UInt64] = []
        var checksum = 0
        for round in 0...rounds {          // round 0 warms up
            for s in suites {
                for c in s.cases {
                    let record = await EvalRunner.play(c, in: s)
                    checksum &+= record.agent.count
                    if round > 0 { samples += record.turnNanos }
                }
            }
        }
        samples.sort()
        func pct(_ p: Double) -> Double { Double(samples[min(samples.count - 1, Int((p / 100 * Double(samples.count)).rounded(.up)) - 1)]) / 1e6 }
        let mean = Double(samples.reduce(0, +)) / Double(samples.count) / 1e6
        print(String(format: "%@: median %.3f ms, p99 %.3f ms, mean %.3f ms (n=%d turns)", name, pct(50), pct(99), mean, samples.count))
        print("(checksum \(checksum))")
    }
}
