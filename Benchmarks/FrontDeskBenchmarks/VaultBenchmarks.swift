// The Vault: audit append throughput, audit verification, and what sealing a call record costs.
//   swift run -c release FrontDeskBenchmarks vault
// Targets (issue 4): audit append ≥ 20,000 hash-chained events/s; verify 1,000,000 events < 5 s;
// an encrypted call-record write ≤ 1.3× the same write in plaintext.
// Fixtures live under $TMPDIR/frontdesk-bench/ (recreated on each run).
import Foundation
import FrontDeskCore
import Vault

enum VaultBenchmarks {
    static var all: [Benchmark] {
        [
            // 1,000 events appended in one transaction per iteration: events/s = 1000 / (median ms / 1000).
            Benchmark("vault.audit_append_1000_batched", iterations: 200, warmup: 10) {
                let v = open("append-batched", synchronous: .full)
                return { (try? v.appendAudit(count: 1000, context: .engine, practiceID: "bench")).map { 1000 } ?? -1 }
            },
            // One event per transaction (synchronous = FULL: an fsync per commit).
            Benchmark("vault.audit_append_1_per_txn_full", iterations: 1000, warmup: 50) {
                let v = open("append-single-full", synchronous: .full)
                return { (try? v.appendAudit(count: 1, context: .engine, practiceID: "bench")).map { 1 } ?? -1 }
            },
            // One event per transaction (synchronous = NORMAL: no fsync per commit).
            Benchmark("vault.audit_append_1_per_txn_normal", iterations: 5000, warmup: 200) {
                let v = open("append-single-normal", synchronous: .normal)
                return { (try? v.appendAudit(count: 1, context: .engine, practiceID: "bench")).map { 1 } ?? -1 }
            },
            Benchmark("vault.audit_verify_100k", iterations: 5, warmup: 1) {
                let v = open("verify-100k", synchronous: .normal)
                fill(v, events: 100_000)
                return { (try? v.verifyAudit()).map { $0.intact ? $0.count : -1 } ?? -1 }
            },
            Benchmark("vault.audit_verify_1m", iterations: 2, warmup: 0) {
                let v = open("verify-1m", synchronous: .normal)
                fill(v, events: 1_000_000)
                return { (try? v.verifyAudit()).map { $0.intact ? $0.count : -1 } ?? -1 }
            },
            // One call turn (caller line, agent reply, an outcome event, the audit event) in one transaction.
            Benchmark("vault.seal_150b_x100", iterations: 200, warmup: 20) {
                let payload = Data(repeating: 65, count: 150)
                return { SealingBenchmark.seal(payload, count: 100) }
            },
            Benchmark("vault.json_encode_x100", iterations: 200, warmup: 20) {
                return { SealingBenchmark.encode(count: 100) }
            },
            callTurn("vault.call_turn_sealed_full", plaintext: false, synchronous: .full, iterations: 1000),
            callTurn("vault.call_turn_plaintext_full", plaintext: true, synchronous: .full, iterations: 1000),
            callTurn("vault.call_turn_sealed_normal", plaintext: false, synchronous: .normal, iterations: 5000),
            callTurn("vault.call_turn_plaintext_normal", plaintext: true, synchronous: .normal, iterations: 5000),
        ]
    }

    static let clock = FixedClock(Date(timeIntervalSince1970: 1_773_158_400))

    static func open(_ name: String, plaintext: Bool = false, synchronous: Vault.Synchronous) -> Vault {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("frontdesk-bench/\(name)")
        try? FileManager.default.removeItem(at: root)
        try! FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let keyFile = root.appendingPathComponent("bench.key").path
        try! KeyRing.create(path: keyFile, now: clock.now())
        return try! Vault.openForBenchmark(directory: root.appendingPathComponent("data").path, keyFile: keyFile, clock: clock,
                                           plaintext: plaintext, synchronous: synchronous)
    }

    static func fill(_ v: Vault, events: Int) {
        var left = events - ((try? v.auditCount()) ?? 0)
        while left > 0 {
            let n = min(left, 20_000)
            try! v.appendAudit(count: n, context: .engine, practiceID: "bench")
            left -= n
        }
    }

    static func callTurn(_ name: String, plaintext: Bool, synchronous: Vault.Synchronous, iterations: Int) -> Benchmark {
        Benchmark(name, iterations: iterations, warmup: iterations / 20) {
            let v = open(name, plaintext: plaintext, synchronous: synchronous)
            let s = v.store(practiceID: "bench")
            let t = clock.now()
            try! s.beginSync(call: CallRecord(id: "call-1", practiceID: "bench", callerNumber: "+13125550177", startedAt: t))
            let caller = TranscriptEntry(speaker: "caller", text: "Hi, this is Maria Gonzalez, I'd like to move my cleaning to next Tuesday afternoon if you have anything.", at: t)
            let agent = TranscriptEntry(speaker: "agent", text: "I have Tuesday, March 17 at 2 PM with Jordan Lee. Does that work for you? I can also do 3:30 PM if that's better.", at: t)
            let event = CallRecordEvent(outcome: .rescheduled, turn: 2, appointmentID: "appt-3ba73634-9ac1-4692-beb2-95aeea74de1c")
            return { (try? s.appendSync(toCall: "call-1", transcript: [caller, agent], events: [event])).map { 3 } ?? -1 }
        }
    }
}
