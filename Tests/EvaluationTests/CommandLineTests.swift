import Foundation
import Testing

@Suite("frontdesk command line", .serialized)
struct CommandLineTests {
    @Test func evalPassesEverySharedSuite() throws {
        let suites = try FileManager.default.contentsOfDirectory(atPath: CLI.shared.appendingPathComponent("evals/suites").path)
            .filter { $0.hasSuffix(".yaml") }.map { CLI.shared.appendingPathComponent("evals/suites/\($0)").path }
        let r = try CLI.run(["eval"] + suites)
        #expect(r.status == 0, "\(r.stdout)")
        let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasSuffix("passed, 0 failed"))
        #expect(r.stdout.contains("emergency_recall: 1.000"))
        #expect(r.stdout.contains("false_emergency_rate: 0.000"))
    }

    @Test func evalFailsAndSaysWhy() throws {
        let suite = """
        format: 1
        practice: \(CLI.shared.path)/evals/practices/bright-smile.yaml
        now: "2026-03-09T10:15:00"
        cases:
          - id: impossible-expectation
            turns: ["Do you take MetLife?"]
            expect:
              outcomes: [booked]
        """
        let r = try CLI.run(["eval", try CLI.temp("bad.yaml", suite)])
        #expect(r.status == 1)
        #expect(r.stdout.contains("FAIL impossible-expectation: booked: did not happen"))
        #expect(r.stdout.contains("0 passed, 1 failed"))
    }

    @Test func evalJSONIsMachineReadable() throws {
        let r = try CLI.run(["eval", "--json", CLI.shared.appendingPathComponent("evals/suites/glow-medspa.yaml").path])
        #expect(r.status == 0)
        let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let metrics = doc?["metrics"] as? [String: Any]
        #expect(metrics?["emergency_recall"] as? Double == 1.0)
        #expect((doc?["cases"] as? [Any])?.count == 6)
    }

    @Test func practiceCheckNamesFileKeyAndReason() throws {
        let good = try CLI.run(["practice", "check", "examples/practices/dental.yaml"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("ok"))
        let text = try String(contentsOf: CLI.repo.appendingPathComponent("examples/practices/dental.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "America/Chicago", with: "Mars/Olympus")
        let path = try CLI.temp("broken.yaml", text)
        let bad = try CLI.run(["practice", "check", path])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("\(path): practice.timezone: \"Mars/Olympus\""))
    }

    @Test func availabilityListsSlotsOnePerLine() throws {
        let r = try CLI.run(["availability", "--practice", CLI.shared.appendingPathComponent("evals/practices/bright-smile.yaml").path,
                             "--type", "cleaning", "--from", "2026-03-10", "--days", "1", "--part", "afternoon", "--now", "2026-03-09T10:00"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.first == "2026-03-10T12:00 hyg-lee")
        #expect(lines.allSatisfy { $0.hasPrefix("2026-03-10T1") && $0.hasSuffix(" hyg-lee") })
        let closed = try CLI.run(["availability", "--practice", CLI.shared.appendingPathComponent("evals/practices/bright-smile.yaml").path,
                                  "--type", "exam", "--from", "2026-03-13", "--days", "1", "--now", "2026-03-09T10:00"])
        #expect(closed.status == 1)
        #expect(closed.stderr.lowercased().contains("closed"))
    }

    @Test func callWorksWithPipedInput() throws {
        let r = try CLI.run(["call", "--practice", "examples/practices/dental.yaml", "--now", "2026-12-01T10:00", "--summary"],
                            stdin: "Do you take Cigna?\nI have chest pain and I can't breathe\n")
        #expect(r.status == 0)
        #expect(r.stdout.contains("agent: Thank you for calling"))
        #expect(r.stdout.contains("[info_answered]"))
        #expect(r.stdout.contains("911"))
        #expect(r.stdout.contains("[emergency_transfer]"))
        #expect(r.stdout.contains("staff summary"))
    }
}
