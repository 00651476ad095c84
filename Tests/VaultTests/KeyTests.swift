import Foundation
import FrontDeskCore
import GRDB
import Testing
@testable import Vault

@Suite("Keys, encryption at rest, erasure")
struct KeyTests {
    let pid = "practice-a"

    func seed(_ v: Vault) async throws {
        let s = v.store(practiceID: pid)
        try await s.upsert(patient: Patient(id: "p1", practiceID: pid, name: "Quentin Zephyrine", dateOfBirth: LocalDate(year: 1971, month: 2, day: 3), phone: "+13125550177"))
        try await s.upsert(patient: Patient(id: "p2", practiceID: pid, name: "Other Person", phone: "+13125550999"))
        try await s.insert(Appointment(id: "past", practiceID: pid, patientID: "p1", typeID: "exam", providerID: "dr", start: date("2026-02-01T09:00"), minutes: 30))
        try await s.insert(Appointment(id: "future", practiceID: pid, patientID: "p1", typeID: "exam", providerID: "dr", start: date("2026-04-01T09:00"), minutes: 30))
        try await s.insert(Appointment(id: "other", practiceID: pid, patientID: "p2", typeID: "exam", providerID: "dr", start: date("2026-04-02T09:00"), minutes: 30))
        let t = Date(timeIntervalSince1970: 1_773_158_400)
        try await s.begin(call: CallRecord(id: "c1", practiceID: pid, callerNumber: "+13125550177", startedAt: t,
                                           transcript: [TranscriptEntry(speaker: "caller", text: "my gizzard aches, quixotically", at: t)]))
        try await s.finish(call: "c1", endedAt: t, patientID: nil, summary: "Caller: Quentin Zephyrine", outcomes: [.messageTaken])
        try await s.save(message: StaffMessage(id: "m1", practiceID: pid, callerName: "Quentin Zephyrine", callbackNumber: "+13125550177", reason: .billing, createdAt: t))
        try await s.save(refill: RefillRequest(id: "r1", practiceID: pid, patientID: "p1", callerName: "Quentin Zephyrine", callbackNumber: "+13125550177",
                                               medication: "hydroxychloroquine", pharmacy: "Zanzibar Pharmacy", createdAt: t))
        try await s.save(message: StaffMessage(id: "m2", practiceID: pid, callerName: "Other Person", callbackNumber: "+13125550999", reason: .general, createdAt: t))
    }

    static let needles = ["Quentin", "Zephyrine", "3125550177", "555-0177", "1971-02-03", "gizzard", "quixotically", "hydroxychloroquine", "Zanzibar"]

    @Test func noPHIOnDiskWhileOpenOrClosed() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        try await seed(v)
        // While open: the WAL holds the recent pages.
        #expect(f.filesContaining(Self.needles).isEmpty)
        try v.close()
        #expect(f.filesContaining(Self.needles).isEmpty)
        // Sanity check of the grep itself: the data is there, readable with the key.
        let v2 = try f.open()
        #expect(try await v2.store(practiceID: pid).patient(id: "p1")?.name == "Quentin Zephyrine")
        try v2.close()
        // The key file and database files are owner-only.
        for path in [f.keyFile, Vault.databasePath(f.dataDir)] {
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
    }

    @Test func keysInitRefusesToOverwrite() throws {
        let f = try Fixture(); defer { f.remove() }
        #expect(throws: VaultError.keyFileExists(path: f.keyFile)) { try KeyRing.create(path: f.keyFile, now: Date()) }
        let path = f.root.appendingPathComponent("k2/new.key").path
        var r = try CLI.run(["keys", "init", "--key-file", path])
        #expect(r.status == 0)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
        let before = FileManager.default.contents(atPath: path)
        r = try CLI.run(["keys", "init", "--key-file", path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("already exists"))
        #expect(FileManager.default.contents(atPath: path) == before)
    }

    @Test func rotationRewrapsKeysAndLeavesDataUntouched() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        try await seed(v)
        let oldKEK = try KeyRing.load(path: f.keyFile).activeKEK
        try v.close()
        let sealedBefore = try f.rawRead { db in try Data.fetchAll(db, sql: "SELECT sealed FROM patients ORDER BY id") }
        let wrappedBefore = try f.rawRead { db in try Data.fetchAll(db, sql: "SELECT wrapped FROM data_keys ORDER BY id") }

        let r = try CLI.run(["keys", "rotate", "--data", f.dataDir, "--key-file", f.keyFile])
        #expect(r.status == 0)
        #expect(r.stdout.contains("re-wrapped \(wrappedBefore.count) data keys"))
        #expect(r.stdout.contains("retired \(oldKEK)"))

        let ring = try KeyRing.load(path: f.keyFile)
        #expect(ring.activeKEK != oldKEK && ring.keks[oldKEK] == nil && ring.keks.count == 1)
        #expect(try f.rawRead { db in try Data.fetchAll(db, sql: "SELECT sealed FROM patients ORDER BY id") } == sealedBefore)
        let wrappedAfter = try f.rawRead { db in try Data.fetchAll(db, sql: "SELECT wrapped FROM data_keys ORDER BY id") }
        #expect(wrappedAfter.count == wrappedBefore.count && Set(wrappedAfter).isDisjoint(with: wrappedBefore))
        #expect(try f.rawRead { db in try String.fetchAll(db, sql: "SELECT DISTINCT kek_id FROM data_keys") } == [ring.activeKEK])

        v = try f.open()
        let s = v.store(practiceID: pid)
        #expect(try await s.patient(id: "p1")?.name == "Quentin Zephyrine")
        #expect(try await s.call(id: "c1")?.transcript.first?.text == "my gizzard aches, quixotically")
        #expect(try await s.refills(practiceID: pid).first?.medication == "hydroxychloroquine")
        #expect(try await s.patients(phone: "+13125550177").records.map(\.id) == ["p1"])
        #expect(try v.verifyAudit().intact)
        try v.close()
    }

    @Test func wrongOrMissingKeyFileIsAClearErrorAndTouchesNothing() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        try await seed(v)
        try v.close()
        let db = Vault.databasePath(f.dataDir)
        let before = FileManager.default.contents(atPath: db)
        let auditBefore = try f.rawRead { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events") }

        // Missing.
        let missing = f.root.appendingPathComponent("nope.key").path
        #expect(throws: VaultError.keyFileMissing(path: missing)) { try Vault.open(directory: f.dataDir, keyFile: missing, clock: f.clock) }
        // Another data dir's key file.
        let other = f.root.appendingPathComponent("other.key").path
        let otherRing = try KeyRing.create(path: other, now: Date())
        let expected = try KeyRing.load(path: f.keyFile).keyringID
        #expect(throws: VaultError.wrongKeyFile(path: other, expected: expected, found: otherRing.keyringID)) {
            try Vault.open(directory: f.dataDir, keyFile: other, clock: f.clock)
        }
        // Readable by others.
        let loose = f.root.appendingPathComponent("loose.key").path
        try FileManager.default.copyItem(atPath: f.keyFile, toPath: loose)
        chmod(loose, 0o644)
        #expect(throws: VaultError.self) { try Vault.open(directory: f.dataDir, keyFile: loose, clock: f.clock) }
        // Not a key file.
        let junk = f.root.appendingPathComponent("junk.key").path
        _ = FileManager.default.createFile(atPath: junk, contents: Data("hello".utf8), attributes: [.posixPermissions: 0o600])
        #expect(throws: VaultError.self) { try Vault.open(directory: f.dataDir, keyFile: junk, clock: f.clock) }
        // No key file configured for a data dir that holds data: refused, no new key made.
        #expect(throws: VaultError.noKeyFile(dataDir: f.dataDir)) {
            try KeyFileLocator.resolve(dataDir: f.dataDir, explicit: nil, environment: [:], createIfNew: true, now: Date())
        }
        #expect(!FileManager.default.fileExists(atPath: KeyFileLocator.defaultPath(dataDir: f.dataDir)))

        // Through the command line: exit 1, a clear message, nothing changed.
        var r = try CLI.run(["patient", "export", "--data", f.dataDir, "--key-file", other, "--phone", "+13125550177"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("does not belong to this data dir"))
        #expect(!r.stdout.contains("Quentin"))
        r = try CLI.run(["call", "--practice", CLI.practice, "--data", f.dataDir], stdin: "Hello\n", environment: CLI.cleanEnvironment)
        #expect(r.status == 1)
        #expect(r.stderr.contains("no key file was given"))

        #expect(FileManager.default.contents(atPath: db) == before)
        #expect(try f.rawRead { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events") } == auditBefore)
    }

    @Test func eraseShredsThePatientAndKeepsABusySlot() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        try await seed(v)
        try v.close()
        let p1Sealed = try f.rawRead { db in try Data.fetchOne(db, sql: "SELECT sealed FROM patients WHERE id = 'p1'")! }
        let p1Key = try f.rawRead { db in try String.fetchOne(db, sql: "SELECT key_id FROM patients WHERE id = 'p1'")! }

        // Export first: everything held, audited.
        var r = try CLI.run(["patient", "export", "--data", f.dataDir, "--key-file", f.keyFile, "--phone", "+1 312 555 0177"])
        #expect(r.status == 0)
        let export = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let practice = try #require((export?["practices"] as? [[String: Any]])?.first)
        #expect((practice["patients"] as? [[String: Any]])?.first?["name"] as? String == "Quentin Zephyrine")
        #expect((practice["patients"] as? [[String: Any]])?.first?["dateOfBirth"] as? String == "1971-02-03")
        #expect((practice["calls"] as? [[String: Any]])?.count == 1)
        #expect((practice["messages"] as? [[String: Any]])?.count == 1)
        #expect((practice["refills"] as? [[String: Any]])?.first?["pharmacy"] as? String == "Zanzibar Pharmacy")
        #expect(r.stdout.contains("gizzard") && !r.stdout.contains("Other Person"))

        // By name and date of birth, the same patient.
        r = try CLI.run(["patient", "export", "--data", f.dataDir, "--key-file", f.keyFile, "--name", "quentin zephyrine", "--dob", "1971-02-03"])
        #expect(r.status == 0 && r.stdout.contains("hydroxychloroquine"))

        r = try CLI.run(["patient", "erase", "--data", f.dataDir, "--key-file", f.keyFile, "--phone", "+13125550177", "--keep-from", "2026-03-10"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("erased: 1 patient(s), 1 call(s), 1 message(s), 1 refill request(s), 0 lead(s), 0 consent(s), 1 past appointment(s); 1 upcoming appointment(s) kept"))

        v = try f.open()
        let s = v.store(practiceID: pid)
        #expect(try await s.patient(id: "p1") == nil)
        #expect(try await s.patients(phone: "+13125550177").records.isEmpty)
        #expect(try await s.call(id: "c1") == nil)
        #expect(try await s.messages(practiceID: pid).map(\.id) == ["m2"])
        #expect(try await s.refills(practiceID: pid).isEmpty)
        // The other patient is untouched.
        #expect(try await s.patient(id: "p2")?.name == "Other Person")
        // The future slot stays taken, de-identified; the past one is gone.
        let appts = try await s.appointments(practiceID: pid, providerID: nil, from: date("2026-01-01T00:00"), to: date("2027-01-01T00:00"))
        #expect(appts.map(\.id) == ["future", "other"])
        #expect(appts[0].patientID == nil && appts[0].typeID == nil)
        await #expect(throws: BookingError.conflict) {
            try await s.insert(Appointment(id: "x", practiceID: pid, patientID: nil, typeID: nil, providerID: "dr", start: date("2026-04-01T09:00"), minutes: 30))
        }
        // A copy of the old ciphertext (a backup, say) can no longer be opened: its data key is gone.
        #expect(throws: (any Error).self) {
            try v.pool.read { db in _ = try v.open(PatientPHI.self, p1Sealed, db, practiceID: pid, table: "patients", rowID: "p1") }
        }
        #expect(try await v.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_keys WHERE id = ?", arguments: [p1Key]) } == 0)
        // Audited, chain intact; nothing about the patient left on disk.
        let events = try v.auditEvents()
        #expect(events.contains { $0.action == "export" && $0.resourceType == "patient" && $0.resourceID == "p1" })
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "patient" && $0.resourceID == "p1" })
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "data_key" && $0.resourceID == p1Key })
        #expect(try v.verifyAudit().intact)
        try v.close()
        #expect(f.filesContaining(Self.needles).isEmpty)

        r = try CLI.run(["patient", "export", "--data", f.dataDir, "--key-file", f.keyFile, "--phone", "+13125550177"])
        #expect(r.status == 3)
    }
}
