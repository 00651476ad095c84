import Foundation
import FrontDeskCore
import GRDB
import Testing
@testable import Vault

@Suite("Audit chain")
struct AuditTests {
    /// A vault with 20 audit events of ordinary use, closed (with its checkpoint written).
    func populated() async throws -> Fixture {
        let f = try Fixture()
        let v = try f.open()
        let s = v.store(practiceID: "p")
        for i in 1...6 {
            try await s.upsert(patient: Patient(id: "p\(i)", practiceID: "p", name: "Name \(i)", phone: "+1312555020\(i)"))
            _ = try await s.patient(id: "p\(i)")
        }
        _ = try await s.patients(practiceID: "p")
        try v.close()
        return f
    }

    /// A busy path asks for the checkpoint many times; it is written once, soon, off the caller's thread.
    @Test func requestedCheckpointsCoalesceIntoOneSoonWrite() async throws {
        let f = try Fixture()
        let v = try f.open()
        let s = v.store(practiceID: "p")
        let path = v.checkpointPath
        try await s.upsert(patient: Patient(id: "p1", practiceID: "p", name: "Name 1", phone: "+13125550201"))
        for _ in 0..<20 { v.requestCheckpoint() }
        #expect(!FileManager.default.fileExists(atPath: path))      // not written on the caller's thread
        let deadline = ContinuousClock.now + .seconds(20)
        while !FileManager.default.fileExists(atPath: path), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        let first = try #require(AuditCheckpoint.load(path: path))
        // Later events and requests move it forward again.
        _ = try await s.patient(id: "p1")
        v.requestCheckpoint()
        while (AuditCheckpoint.load(path: path)?.seq ?? 0) <= first.seq, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        #expect((AuditCheckpoint.load(path: path)?.seq ?? 0) > first.seq)
        try v.close()
    }

    /// Tampers through a raw connection (dropping the append-only triggers first, as an attacker would).
    func tamper(_ f: Fixture, _ sql: String...) throws {
        try f.rawWrite { db in
            try db.execute(sql: "DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete")
            for q in sql { try db.execute(sql: q) }
        }
    }

    func verify(_ f: Fixture) throws -> AuditVerification {
        try Vault.verifyAudit(directory: f.dataDir, keyRing: KeyRing.load(path: f.keyFile))
    }

    @Test func intactChainVerifies() async throws {
        let f = try await populated(); defer { f.remove() }
        let r = try verify(f)
        #expect(r.intact)
        #expect(r.count == 14)   // vault created, 6 × (create, read), one list read
        #expect(r.checkpoint == .verified(seq: 14))
        let events = try f.open().auditEvents()
        #expect(events.first?.resourceType == "vault")
        #expect(events.allSatisfy { $0.practiceID == "p" || $0.resourceType == "vault" })
    }

    @Test func appendOnlyTriggersRefuseEditsThroughSQL() async throws {
        let f = try await populated(); defer { f.remove() }
        #expect(throws: (any Error).self) { try f.rawWrite { db in try db.execute(sql: "UPDATE audit_events SET actor = 'x' WHERE seq = 3") } }
        #expect(throws: (any Error).self) { try f.rawWrite { db in try db.execute(sql: "DELETE FROM audit_events WHERE seq = 3") } }
    }

    @Test func editedEventIsNamed() async throws {
        let f = try await populated(); defer { f.remove() }
        try tamper(f, "UPDATE audit_events SET actor = 'user:mallory' WHERE seq = 5")
        let r = try verify(f)
        #expect(r.problem?.seq == 5)
        #expect(r.problem?.reason.contains("edited") == true)
    }

    @Test func editedEventWithRecomputedHashIsCaughtAtTheNextLink() async throws {
        let f = try await populated(); defer { f.remove() }
        // Recompute event 5's own hash after the edit: event 6's link to it breaks.
        let v = try f.open()
        var e = try #require(try v.auditEvents().first { $0.seq == 5 })
        try v.close()
        e.resourceID = "p-other"
        let h = Audit.hash(of: e)
        try tamper(f, "UPDATE audit_events SET resource_id = 'p-other', hash = x'\(h.hex)' WHERE seq = 5")
        let r = try verify(f)
        #expect(r.problem?.seq == 6)
        #expect(r.problem?.reason.contains("link") == true)
    }

    @Test func deletedEventIsNamed() async throws {
        let f = try await populated(); defer { f.remove() }
        try tamper(f, "DELETE FROM audit_events WHERE seq = 7")
        let r = try verify(f)
        #expect(r.problem?.seq == 7)
        #expect(r.problem?.reason.contains("missing") == true)
    }

    @Test func eventsDeletedFromTheEndAreCaughtByTheCheckpoint() async throws {
        let f = try await populated(); defer { f.remove() }
        try tamper(f, "DELETE FROM audit_events WHERE seq >= 13")
        let r = try verify(f)
        #expect(r.problem?.seq == 13)
        #expect(r.problem?.reason.contains("checkpoint") == true)
    }

    @Test func forgedCheckpointIsCaught() async throws {
        let f = try await populated(); defer { f.remove() }
        try tamper(f, "DELETE FROM audit_events WHERE seq >= 13")
        // Rewrite the checkpoint to the new head without the audit key: the signature fails.
        let path = (f.dataDir as NSString).appendingPathComponent(Vault.checkpointFileName)
        var cp = try #require(AuditCheckpoint.load(path: path))
        let head = try f.rawRead { db in try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")! }
        cp.seq = head[0]
        cp.hash = (head[1] as Data).hex
        try cp.write(path: path)
        let r = try verify(f)
        #expect(r.problem?.reason.contains("signature") == true)
    }

    @Test func insertedEventIsNamed() async throws {
        let f = try await populated(); defer { f.remove() }
        // Make room at 9 by shifting later events up, then insert a forged event there.
        try tamper(f,
                   "UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 9",
                   "UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1000",
                   """
                   INSERT INTO audit_events (seq, at_ms, actor, action, resource_type, resource_id, practice_id, channel, outcome, prev_hash, hash)
                   SELECT 9, at_ms, 'cli', 'read', 'patient', 'p1', practice_id, channel, 'success', hash, hash FROM audit_events WHERE seq = 8
                   """)
        let r = try verify(f)
        #expect(r.problem?.seq == 9)
    }

    @Test func reorderedEventsAreNamed() async throws {
        let f = try await populated(); defer { f.remove() }
        try tamper(f,
                   "UPDATE audit_events SET seq = -1 WHERE seq = 4",
                   "UPDATE audit_events SET seq = 4 WHERE seq = 5",
                   "UPDATE audit_events SET seq = 5 WHERE seq = -1")
        let r = try verify(f)
        #expect(r.problem?.seq == 4)
    }

    @Test func verifyAndExportThroughTheCommandLine() async throws {
        let f = try await populated(); defer { f.remove() }
        var r = try CLI.run(["audit", "verify", "--data", f.dataDir, "--key-file", f.keyFile])
        #expect(r.status == 0)
        #expect(r.stdout.contains("intact: 14 events"))
        #expect(r.stdout.contains("verified"))
        // Without a key file: the chain is still checked.
        r = try CLI.run(["audit", "verify", "--data", f.dataDir], environment: CLI.cleanEnvironment)
        #expect(r.status == 0)
        r = try CLI.run(["audit", "export", "--data", f.dataDir, "--format", "json"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n")
        #expect(lines.count == 14)
        for l in lines { #expect((try? JSONSerialization.jsonObject(with: Data(l.utf8))) != nil) }
        r = try CLI.run(["audit", "export", "--data", f.dataDir, "--format", "fhir", "--since", "2026-03-10T16:00:00Z", "--until", "2026-03-11"])
        #expect(r.stdout.split(separator: "\n").count == 14)
        #expect(r.stdout.contains("\"resourceType\":\"AuditEvent\""))
        r = try CLI.run(["audit", "export", "--data", f.dataDir, "--since", "2026-03-11"])
        #expect(r.status == 0 && r.stdout.isEmpty)
        r = try CLI.run(["audit", "export", "--data", f.dataDir])
        #expect(r.stdout.split(separator: "\n").first?.hasPrefix("seq=1 at=2026-03-10T16:00:00.000Z actor=cli action=create resource=vault/") == true)

        try tamper(f, "UPDATE audit_events SET outcome = 'failure' WHERE seq = 11")
        r = try CLI.run(["audit", "verify", "--data", f.dataDir, "--key-file", f.keyFile])
        #expect(r.status == 1)
        #expect(r.stdout.contains("BROKEN at event 11"))
    }
}
