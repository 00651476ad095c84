import Foundation
import FrontDeskCore
import GRDB
import Testing
@testable import Vault

/// A clock tests move by hand (the retention job's fake sleep advances it).
final class ManualClock: FrontDeskCore.Clock, Sendable {
    private let t: Locked<Date>
    init(_ d: Date) { t = Locked(d) }
    func now() -> Date { t.withLock { $0 } }
    func advance(_ s: TimeInterval) { t.withLock { $0 = $0.addingTimeInterval(s) } }
}

@Suite("Audit purge behind a signed anchor")
struct AuditPurgeTests {
    static let year: TimeInterval = 365.25 * 86_400

    /// A vault with a few dozen audit events made at the fixture's time, then more three and seven years later.
    func aged(_ f: Fixture) async throws {
        var v = try f.open()
        let s = v.store(practiceID: "p")
        for i in 1...5 {
            try await s.upsert(patient: Patient(id: "p\(i)", practiceID: "p", name: "Name \(i)", phone: "+1312555030\(i)"))
            _ = try await s.patient(id: "p\(i)")
        }
        try v.close()
        v = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: FixedClock(f.clock.now().addingTimeInterval(3 * Self.year)))
        _ = try await v.store(practiceID: "p").patient(id: "p1")
        try v.close()
    }

    func verify(_ f: Fixture) throws -> AuditVerification {
        try Vault.verifyAudit(directory: f.dataDir, keyRing: KeyRing.load(path: f.keyFile))
    }

    var anchorPath: (Fixture) -> String { { ($0.dataDir as NSString).appendingPathComponent(Vault.anchorFileName) } }

    @Test func oldEventsArePurgedAndTheRestVerifiesFromTheAnchor() async throws {
        let f = try Fixture(); defer { f.remove() }
        try await aged(f)
        let before = try verify(f)
        #expect(before.intact && before.count == 12)   // vault created, 5 × (create, read) at t0; one read three years on

        // Five years on: nothing is old enough.
        var v = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: FixedClock(f.clock.now().addingTimeInterval(5 * Self.year)))
        var r = try v.runRetention(.default)
        #expect(r.auditPurged == 0 && r.auditAnchor == nil)
        try v.close()
        #expect(!FileManager.default.fileExists(atPath: anchorPath(f)))

        // Seven years on: the eleven events of the first day go; the read three years on and the retention runs stay.
        v = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: FixedClock(f.clock.now().addingTimeInterval(7 * Self.year)))
        r = try v.runRetention(.default)
        #expect(r.auditPurged == 11)
        let anchor = try #require(r.auditAnchor)
        #expect(anchor.seq == 11 && anchor.purged == 11 && anchor.baseSeq == 0)
        #expect(try v.auditEvents().first?.seq == 12)
        #expect(try v.auditEvents().contains { $0.action == "delete" && $0.resourceType == "audit_events" && $0.resourceID == "1-11" })
        #expect(try v.verifyAudit().intact)
        // Again: nothing more is old enough.
        #expect(try v.runRetention(.default).auditPurged == 0)
        try v.close()

        let after = try verify(f)
        #expect(after.intact, "\(String(describing: after.problem))")
        #expect(after.anchor == .verified(seq: 11, at: anchor.at))
        #expect(after.count == before.count - 11 + 4)   // + three retention runs and the purge event
        // Without a key file, the anchor is reported unchecked.
        #expect(try Vault.verifyAudit(directory: f.dataDir, keyRing: nil).anchor == .unsigned(seq: 11, at: anchor.at))

        // Nine years on, a second purge moves the anchor forward.
        v = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: FixedClock(f.clock.now().addingTimeInterval(10 * Self.year)))
        r = try v.runRetention(.default)
        #expect(r.auditPurged >= 1 && r.auditAnchor?.baseSeq == 11)
        try v.close()
        #expect(try verify(f).intact)
    }

    @Test func tamperedOrMissingAnchorFailsVerification() async throws {
        let f = try Fixture(); defer { f.remove() }
        try await aged(f)
        let v = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: FixedClock(f.clock.now().addingTimeInterval(7 * Self.year)))
        _ = try v.runRetention(.default)
        try v.close()
        let path = anchorPath(f)
        let original = try String(contentsOfFile: path, encoding: .utf8)

        // Edited (the hash of the last purged event changed): the signature no longer matches.
        let a = try JSONDecoder().decode(AuditAnchor.self, from: Data(original.utf8))
        try original.replacingOccurrences(of: a.hash, with: String(repeating: "0", count: 64)).write(toFile: path, atomically: true, encoding: .utf8)
        var r = try verify(f)
        #expect(!r.intact && r.problem?.reason.contains("anchor") == true, "\(String(describing: r.problem))")
        // Without the key the forgery is caught by the link of the first remaining event.
        r = try Vault.verifyAudit(directory: f.dataDir, keyRing: nil)
        #expect(!r.intact && r.problem?.seq == 12 && r.problem?.reason.contains("anchor") == true)

        // Garbage.
        try "{not json".write(toFile: path, atomically: true, encoding: .utf8)
        r = try verify(f)
        #expect(!r.intact && r.problem?.reason.contains("anchor") == true)

        // Deleted: the trail starts at 12 with nothing to vouch for events 1–11.
        try FileManager.default.removeItem(atPath: path)
        r = try verify(f)
        #expect(!r.intact && r.problem?.reason.contains("missing") == true)

        // Restored: fine again. Then the first remaining event is edited: it no longer chains to the anchor.
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try verify(f).intact)
        try f.rawWrite { db in
            try db.execute(sql: "DROP TRIGGER audit_events_no_update")
            try db.execute(sql: "UPDATE audit_events SET prev_hash = zeroblob(32) WHERE seq = 12")
        }
        r = try verify(f)
        #expect(r.problem?.seq == 12)

        // Through the command line: the anchor is named.
        try f.rawWrite { db in try db.execute(sql: "UPDATE audit_events SET prev_hash = x'\(a.hash)' WHERE seq = 12") }
        var forged = a
        forged.seq = 10; forged.purged = 10
        try JSONEncoder().encode(forged).write(to: URL(fileURLWithPath: path))
        let cli = try CLI.run(["audit", "verify", "--data", f.dataDir, "--key-file", f.keyFile])
        #expect(cli.status == 1 && cli.stdout.contains("anchor"), "\(cli.stdout)")
    }

    @Test func auditTriggersStillRefuseDeletesOutsideAPurge() async throws {
        let f = try Fixture(); defer { f.remove() }
        try await aged(f)
        #expect(throws: (any Error).self) { try f.rawWrite { db in try db.execute(sql: "DELETE FROM audit_events WHERE seq = 1") } }
    }

    @Test func purgeAndVerifyThroughTheCommandLine() async throws {
        let f = try Fixture(); defer { f.remove() }
        try await aged(f)
        let run = try CLI.run(["retention", "run", "--data", f.dataDir, "--key-file", f.keyFile, "--now", "2033-06-01T03:30Z"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("11 purged (older than 2192 days"), "\(run.stdout)")
        let verify = try CLI.run(["audit", "verify", "--data", f.dataDir, "--key-file", f.keyFile])
        #expect(verify.status == 0 && verify.stdout.contains("events 1–11 purged") && verify.stdout.contains("signed anchor verified"), "\(verify.stdout)")
    }
}

@Suite("Daily retention job")
struct RetentionJobTests {
    let chicago = TimeZone(identifier: "America/Chicago")!
    let newYork = TimeZone(identifier: "America/New_York")!

    func utc(_ s: String) -> Date { ISOTime.parse(s)! }

    @Test func nextRunIsPracticeLocalAndDSTCorrect() {
        let at = TimeOfDay(hour: 3, minute: 30)
        // Before and after the spring-forward night (US: 2026-03-08): 03:30 CST is 09:30Z, 03:30 CDT is 08:30Z.
        #expect(RetentionJob.nextRun(after: utc("2026-03-07T00:00Z"), at: at, in: chicago) == utc("2026-03-07T09:30Z"))
        #expect(RetentionJob.nextRun(after: utc("2026-03-07T09:30Z"), at: at, in: chicago) == utc("2026-03-08T08:30Z"))
        #expect(RetentionJob.nextRun(after: utc("2026-03-08T08:30Z"), at: at, in: chicago) == utc("2026-03-09T08:30Z"))
        // Fall back (2026-11-01): 03:30 CST is 09:30Z.
        #expect(RetentionJob.nextRun(after: utc("2026-10-31T08:30Z"), at: at, in: chicago) == utc("2026-11-01T09:30Z"))
        // 02:30 does not exist on the spring-forward day: the first minute after the gap (03:00 EDT = 07:00Z).
        #expect(RetentionJob.nextRun(after: utc("2026-03-08T05:00Z"), at: TimeOfDay(hour: 2, minute: 30), in: newYork) == utc("2026-03-08T07:00Z"))
        // 01:30 happens twice on the fall-back day: the first one (EDT, 05:30Z), and the next run is the next day.
        let first = RetentionJob.nextRun(after: utc("2026-11-01T04:00Z"), at: TimeOfDay(hour: 1, minute: 30), in: newYork)
        #expect(first == utc("2026-11-01T05:30Z"))
        #expect(RetentionJob.nextRun(after: first, at: TimeOfDay(hour: 1, minute: 30), in: newYork) == utc("2026-11-02T06:30Z"))
    }

    @Test func runsAfterStartUpThenDailyReportsFailuresAndStopsOnCancellation() async throws {
        let clock = ManualClock(utc("2026-03-06T12:00Z"))
        let runs = Locked<[Date]>([])
        let events = Locked<[String]>([])
        let job = RetentionJob(timeZone: chicago, startupDelay: 600, clock: clock,
                               sleep: { s in
                                   if runs.withLock({ $0.count }) >= 5 { throw CancellationError() }
                                   clock.advance(s)
                               },
                               report: { e in events.withLock { $0.append(e.description) } },
                               perform: { now in
                                   let n = runs.withLock { $0.append(now); return $0.count }
                                   if n == 2 { throw VaultError.storage("disk full") }
                                   var r = RetentionReport(now: now)
                                   r.destroyed[.messages] = n
                                   return r
                               })
        await job.run()   // returns when the sleep throws (cancelled)
        #expect(runs.withLock { $0 } == [utc("2026-03-06T12:10Z"), utc("2026-03-07T09:30Z"), utc("2026-03-08T08:30Z"),
                                        utc("2026-03-09T08:30Z"), utc("2026-03-10T08:30Z")])
        let log = events.withLock { $0 }
        #expect(log.contains { $0.contains("run failed, nothing destroyed (storage error: disk full); retrying at 2026-03-08T08:30:00.000Z") })
        #expect(log.contains { $0.contains("messages 3") })
        #expect(log.filter { $0.contains("destroyed transcripts") }.count == 4)
    }

    @Test func realSleepStopsOnTaskCancellation() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let ran = Locked(false)
        let job = RetentionJob(vault: v, timeZone: chicago, startupDelay: 3600, report: { e in
            if case .completed = e { ran.withLock { $0 = true } }
        })
        let t = Task { await job.run() }
        try await Task.sleep(nanoseconds: 50_000_000)
        t.cancel()
        await t.value
        #expect(ran.withLock { $0 } == false)
        try v.close()
    }

    @Test func jobOnAVaultDestroysAndLogsNoPHI() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let s = v.store(practiceID: "p")
        try await s.createLead(Lead(id: "l1", practiceID: "p", name: "Perpetua Gannet", phone: "+13125550166", reason: "braces",
                                    createdAt: f.clock.now().addingTimeInterval(-400 * 86_400)))
        let clock = ManualClock(f.clock.now())
        let events = Locked<[String]>([])
        let done = Locked(0)
        let job = RetentionJob(vault: v, timeZone: chicago, startupDelay: 60, clock: clock,
                               sleep: { s in if done.withLock({ $0 }) >= 1 { throw CancellationError() }; clock.advance(s) },
                               report: { e in
                                   events.withLock { $0.append(e.description) }
                                   if case .completed = e { done.withLock { $0 += 1 } }
                               })
        await job.run()
        let log = events.withLock { $0 }.joined(separator: "\n")
        #expect(log.contains("leads 1"), "\(log)")
        #expect(!log.contains("Perpetua") && !log.contains("Gannet") && !log.contains("5550166") && !log.contains("braces"))
        #expect(try await s.lead(id: "l1") == nil)
        try v.close()
    }
}

@Suite("Blind-index key rotation")
struct IndexRotationTests {
    let pid = "practice-a"

    func seed(_ v: Vault) async throws {
        let s = v.store(practiceID: pid)
        try await s.upsert(patient: Patient(id: "p1", practiceID: pid, name: "Émile Zola-Hart", dateOfBirth: LocalDate(year: 1980, month: 1, day: 2),
                                            phone: "+13125550177"))
        try await s.createLead(Lead(id: "l1", practiceID: pid, name: "Lead Person", phone: "+13125550178", createdAt: Date(timeIntervalSince1970: 1_773_000_000)))
        try await s.save(message: StaffMessage(id: "m1", practiceID: pid, callerName: "X", callbackNumber: "+13125550177", reason: .general,
                                               createdAt: Date(timeIntervalSince1970: 1_773_000_000)))
    }

    func lookups(_ v: Vault) async throws -> (phone: [String], nameDOB: [String], lead: [String]) {
        let s = v.store(practiceID: pid)
        return (try await s.patients(phone: "312 555 0177").records.map(\.id),
                try await s.patients(name: "emile zola hart", dateOfBirth: LocalDate(year: 1980, month: 1, day: 2)).records.map(\.id),
                try await s.leads(phone: "+1 312 555 0178").records.map(\.id))
    }

    @Test func lookupsStillWorkAfterRotation() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        try await seed(v)
        let before = try await v.pool.read { db in try Data.fetchOne(db, sql: "SELECT phone_idx FROM patients WHERE id = 'p1'") }
        let oldRing = try KeyRing.load(path: f.keyFile)
        let r = try v.rotateIndexKey()
        #expect(r.reindexed == 3 && r.unreadable == 0)   // the patient, the lead, the message
        var found = try await lookups(v)
        #expect(found.phone == ["p1"] && found.nameDOB == ["p1"] && found.lead == ["l1"])
        let after = try await v.pool.read { db in try Data.fetchOne(db, sql: "SELECT phone_idx FROM patients WHERE id = 'p1'") }
        #expect(before != after)
        // The message is still found for the patient's export (by callback number).
        #expect(try v.exportPatient(PatientSelector(phone: "+13125550177")).practices.first?.messages.map(\.id) == ["m1"])
        try v.close()

        let newRing = try KeyRing.load(path: f.keyFile)
        #expect(newRing.nextIndexKey == nil)
        #expect(Vault.indexCheck(newRing) != Vault.indexCheck(oldRing))
        v = try f.open()
        found = try await lookups(v)
        #expect(found.phone == ["p1"] && found.nameDOB == ["p1"] && found.lead == ["l1"])
        #expect(try v.verifyAudit().intact)
        try v.close()

        // The old key file no longer opens the data (its index key is retired)…
        var stale = oldRing
        try stale.write(replacing: f.keyFile)
        #expect(throws: VaultError.self) { _ = try f.open() }
        // …but one interrupted after the commit (old index key, new one pending) is finished on open.
        stale.nextIndexKey = newRing.indexKey
        try stale.write(replacing: f.keyFile)
        v = try f.open()
        found = try await lookups(v)
        #expect(found.phone == ["p1"] && found.nameDOB == ["p1"])
        try v.close()
        let finished = try KeyRing.load(path: f.keyFile)
        #expect(finished.nextIndexKey == nil && Vault.indexCheck(finished) == Vault.indexCheck(newRing))
    }

    @Test func rotationThroughTheCommandLine() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        try await seed(v)
        try v.close()
        let r = try CLI.run(["keys", "rotate", "--index", "--data", f.dataDir, "--key-file", f.keyFile])
        #expect(r.status == 0 && r.stdout.contains("recomputed the blind indexes of 3 records"), "\(r.stdout)\(r.stderr)")
        let x = try CLI.run(["patient", "export", "--data", f.dataDir, "--key-file", f.keyFile, "--name", "Émile Zola-Hart", "--dob", "1980-01-02"])
        #expect(x.status == 0 && x.stdout.contains("\"p1\""), "\(x.stdout)\(x.stderr)")
    }
}
