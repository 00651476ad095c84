import Foundation
import FrontDeskCore
import Testing
@testable import Vault

@Suite("No PHI in logs")
struct LoggingTests {
    static let medical = CLI.repo.appendingPathComponent("examples/practices/medical.yaml").path
    static let caller = "+13125550188"

    /// Two calls full of PHI: a name, a date of birth (said two ways), a phone number (caller ID, and read
    /// back by the agent), a medication, a pharmacy, symptoms and an address.
    static let scripts = [
        [
            "Hi, this is Marcus Whitfield, born February 29 1964. I need a refill of my atorvastatin.",
            "The Walgreens on Quimby Street.",
            "Yes.",
            "Thanks, bye",
        ],
        [
            "Hi, I would like to book a sick visit tomorrow morning. My name is Marcus Whitfield, date of birth 02/29/1964. I have a rash on my elbow and a mild earache.",
            "Yes, that works.",
            "Yes.",
            "Also, please send the bill to 742 Evergreen Terrace, Springfield.",
            "No, that is all, bye",
        ],
    ]
    // Needles long enough never to turn up by chance in a random id, a timing or ciphertext.
    static let needles = ["Marcus", "Whitfield", "February 29", "1964-02-29", "02/29/1964", "3125550188", "312-555-0188", "555-0188",
                          "5550188", "atorvastatin", "Walgreens", "Quimby", "earache", "elbow", "Evergreen", "Springfield"]

    @Test func traceLoggingOfAPHIHeavyCallHoldsNoPHI() throws {
        let f = try Fixture(); defer { f.remove() }
        var stderr = ""
        for (i, script) in Self.scripts.enumerated() {
            let r = try CLI.run(["call", "--practice", Self.medical, "--data", f.dataDir, "--key-file", f.keyFile, "--now", "2026-03-10T11:0\(i)",
                                 "--caller", Self.caller, "--log-level", "trace"], stdin: script.joined(separator: "\n") + "\n")
            #expect(r.status == 0, "\(r.stderr)")
            // The PHI went through the call (the agent reads the number back), so its absence below means something.
            #expect(r.stdout.contains("Marcus") && r.stdout.contains("312-555-0188"))
            stderr += r.stderr
        }
        // Something was logged at every level down to trace: the call, its turns, outcomes, timings.
        for fragment in [" info frontdesk.call:", " debug frontdesk.call:", " trace frontdesk.call:", "call started", "call ended",
                         "caller turn received", "turn=4", "store_ms=", "events=[\"refill_requested\"]", "events=[\"booked\"]",
                         "action=end", "call_id=call-"] {
            #expect(stderr.contains(fragment), "missing \(fragment) in:\n\(stderr)")
        }
        for n in Self.needles {
            #expect(!stderr.localizedCaseInsensitiveContains(n), "\(n) in the log:\n\(stderr)")
        }
        // Nor in the data dir's files.
        #expect(f.filesContaining(Self.needles).isEmpty)
    }

    @Test func theDefaultLevelLogsNothingOnAnOrdinaryCall() throws {
        let f = try Fixture(); defer { f.remove() }
        let r = try CLI.run(["call", "--practice", Self.medical, "--data", f.dataDir, "--key-file", f.keyFile, "--now", "2026-03-10T11:00",
                             "--caller", Self.caller], stdin: Self.scripts[0].joined(separator: "\n") + "\n")
        #expect(r.status == 0)
        #expect(r.stderr.isEmpty, "\(r.stderr)")
        let bad = try CLI.run(["call", "--practice", Self.medical, "--log-level", "loud"], stdin: "")
        #expect(bad.status == 2 && bad.stderr.contains("trace, debug, info, notice, warning, error"))
    }
}
