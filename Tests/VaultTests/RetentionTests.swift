import Foundation
import FrontDeskCore
import GRDB
import Testing
@testable import Vault

@Suite("Retention")
struct RetentionTests {
    let pid = "practice-a"
    static let day: TimeInterval = 86_400

    /// The fixture's "now" (2026-03-10T16:00Z), and `d` days before it.
    func ago(_ f: Fixture, _ d: Double) -> Date { f.clock.now().addingTimeInterval(-d * Self.day) }

    /// Calls 10, 40 and 800 days old; messages 100 and 400 days old; refills of a patient on file (sealed
    /// under the patient's key) 10 and 400 days old, and one of an unknown caller 400 days old.
    func seed(_ f: Fixture, _ v: Vault) async throws {
        let s = v.store(practiceID: pid)
        try await s.upsert(patient: Patient(id: "p1", practiceID: pid, name: "Ysolde Quarrington", dateOfBirth: LocalDate(year: 1962, month: 5, day: 17),
                                            phone: "+13125550142"))
        for (id, age) in [("c10", 10.0), ("c40", 40.0), ("c800", 800.0)] {
            let t = ago(f, age)
            try await s.begin(call: CallRecord(id: id, practiceID: pid, callerNumber: "+13125550142", startedAt: t,
                                               transcript: [TranscriptEntry(speaker: "agent", text: "Lakeview Dental, how can I help?", at: t),
                                                            TranscriptEntry(speaker: "caller", text: "my jaw creaks like a xylophone (\(id))", at: t)]))
            try await s.append(toCall: id, transcript: [TranscriptEntry(speaker: "agent", text: "Sorry to hear that.", at: t)],
                               events: [CallRecordEvent(outcome: .messageTaken, turn: 1)])
            try await s.finish(call: id, endedAt: t, patientID: "p1", summary: "Caller: Ysolde Quarrington (\(id))", outcomes: [.messageTaken])
        }
        for (id, age) in [("m100", 100.0), ("m400", 400.0)] {
            try await s.save(message: StaffMessage(id: id, practiceID: pid, callerName: "Ysolde Quarrington", callbackNumber: "+13125550142",
                                                   reason: .billing, createdAt: ago(f, age)))
        }
        for (id, patient, age) in [("r10", "p1", 10.0), ("r400", "p1", 400.0)] {
            try await s.save(refill: RefillRequest(id: id, practiceID: pid, patientID: patient, callerName: "Ysolde Quarrington",
                                                   callbackNumber: "+13125550142", medication: "metoprolol \(id)", pharmacy: "Osgood Pharmacy",
                                                   createdAt: ago(f, age)))
        }
        try await s.save(refill: RefillRequest(id: "r400x", practiceID: pid, patientID: nil, callerName: "Someone Else",
                                               callbackNumber: "+13125550999", medication: "warfarin", pharmacy: nil, createdAt: ago(f, 400)))
    }

    /// Rows as stored (ciphertext and all), read through a raw connection.
    func rows(_ f: Fixture, _ sql: String) throws -> [Row] { try f.rawRead { db in try Row.fetchAll(db, sql: sql) } }

    /// Puts rows back, as someone restoring them from a backup or a disk image would.
    func restore(_ f: Fixture, _ table: String, _ rows: [Row]) throws {
        try f.rawWrite { db in
            for r in rows {
                let cols = Array(r.columnNames)
                try db.execute(sql: "INSERT INTO \(table) (\(cols.joined(separator: ", "))) VALUES (\(cols.map { _ in "?" }.joined(separator: ", ")))",
                               arguments: StatementArguments(cols.map { r[$0] as DatabaseValue }))
            }
        }
    }

    @Test func expiredDataIsDestroyedPerClassAndTheRestIsKept() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        try await seed(f, v)
        let keysBefore = try rows(f, "SELECT id FROM data_keys").count

        let r = try v.runRetention(.default)
        #expect(r.destroyed == [.transcripts: 2, .summaries: 1, .messages: 1, .refills: 2, .recordings: 0, .leads: 0])
        #expect(r.transcriptEntries == 8)   // 4 entries (3 lines + 1 event batch) of c40 and of c800
        // Destroyed: the keys of c40 (its record moved to a new key), c800, m400, r400x and the patient's old key
        // (the patient and r10 moved to a new key).
        #expect(r.dataKeysDestroyed == 5)
        #expect(r.recordsRekeyed == 3)   // c40's record, the patient, r10
        #expect(try rows(f, "SELECT id FROM data_keys").count == keysBefore - 5 + 2)
        try v.close()

        v = try f.open()
        let s = v.store(practiceID: pid)
        // Calls: the recent one whole; the 40-day-old one without its transcript but with its record; the oldest gone.
        let c10 = try #require(try await s.call(id: "c10"))
        #expect(c10.transcript.count == 3 && c10.events.count == 1 && c10.summary == "Caller: Ysolde Quarrington (c10)")
        let c40 = try #require(try await s.call(id: "c40"))
        #expect(c40.transcript.isEmpty && c40.events.isEmpty)
        #expect(c40.summary == "Caller: Ysolde Quarrington (c40)" && c40.callerNumber == "+13125550142" && c40.outcomes == [.messageTaken])
        #expect(try await s.call(id: "c800") == nil)
        #expect(try await s.messages(practiceID: pid).map(\.id) == ["m100"])
        let refills = try await s.refillsReport()
        #expect(refills.unreadable.isEmpty)
        #expect(refills.records.map(\.id) == ["r10"] && refills.records.first?.medication == "metoprolol r10")
        // The patient whose key was replaced is still whole and still found.
        #expect(try await s.patients(phone: "+13125550142").records.map(\.name) == ["Ysolde Quarrington"])
        #expect(try v.verifyAudit().intact)
        // The destruction is audited, by resource, never with PHI.
        let events = try v.auditEvents().filter { $0.actor == "system:retention" }
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "call_transcript" && $0.resourceID == "c40" })
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "call" && $0.resourceID == "c800" })
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "message" && $0.resourceID == "m400" })
        #expect(events.filter { $0.action == "delete" && $0.resourceType == "data_key" }.count == 5)
        #expect(events.contains { $0.action == "execute" && $0.resourceType == "retention" })
        try v.close()
        #expect(f.filesContaining(["Ysolde", "Quarrington", "xylophone", "metoprolol", "warfarin", "Osgood", "3125550142"]).isEmpty)
    }

    @Test func shreddedCiphertextStaysUnreadableWhenTheRowsAreRestored() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        try await seed(f, v)
        try v.close()
        // Copies of what is about to expire, taken before the run (a backup, a disk image).
        let oldEntries = try rows(f, "SELECT * FROM call_entries WHERE call_id IN ('c40', 'c800')")
        let oldCall = try rows(f, "SELECT * FROM calls WHERE id = 'c800'")
        let oldMessage = try rows(f, "SELECT * FROM messages WHERE id = 'm400'")
        let oldRefills = try rows(f, "SELECT * FROM refills WHERE id IN ('r400', 'r400x')")
        let oldPatient = try rows(f, "SELECT * FROM patients WHERE id = 'p1'")
        #expect(oldEntries.count == 8 && oldCall.count == 1 && oldMessage.count == 1 && oldRefills.count == 2)

        v = try f.open()
        _ = try v.runRetention(.default)
        try v.close()
        try restore(f, "call_entries", oldEntries)
        try restore(f, "calls", oldCall)
        try restore(f, "messages", oldMessage)
        try restore(f, "refills", oldRefills)

        v = try f.open()
        let s = v.store(practiceID: pid)
        // The restored rows name data keys that no longer exist: nothing opens them.
        await #expect(throws: VaultError.unreadable(resource: "call", id: "c800")) { _ = try await s.call(id: "c800") }
        await #expect(throws: VaultError.unreadable(resource: "call", id: "c40")) { _ = try await s.call(id: "c40") }
        #expect(try await s.messagesReport().unreadable == [UnreadableRecord(resourceType: "message", id: "m400")])
        let refills = try await s.refillsReport()
        #expect(Set(refills.unreadable.map(\.id)) == ["r400", "r400x"])
        #expect(refills.records.map(\.id) == ["r10"])
        // …while what was kept still opens: the patient, re-sealed under a new key.
        #expect(try await s.patient(id: "p1")?.name == "Ysolde Quarrington")
        let old = oldEntries + oldCall + oldMessage + oldRefills + oldPatient
        for blob in old.compactMap({ $0["sealed"] as Data? }) {
            let keyID = try #require(Sealing.keyID(of: blob))
            #expect(try await v.pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM data_keys WHERE id = ?)", arguments: [keyID]) } == false)
        }
        try v.close()
        // The patient's row put back exactly as it was before the run (sealed under the key the refill shared): it no longer opens.
        try f.rawWrite { db in
            try db.execute(sql: "UPDATE patients SET key_id = ?, sealed = ? WHERE id = 'p1'",
                           arguments: [oldPatient[0]["key_id"] as String, oldPatient[0]["sealed"] as Data])
        }
        v = try f.open()
        await #expect(throws: VaultError.unreadable(resource: "patient", id: "p1")) { _ = try await v.store(practiceID: pid).patient(id: "p1") }
        try v.close()
    }

    @Test func auditEventsOutliveEveryDataClassAndTheSecondRunDestroysNothing() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        try await seed(f, v)
        try v.close()
        let before = try Vault.verifyAudit(directory: f.dataDir, keyRing: KeyRing.load(path: f.keyFile))
        #expect(before.intact && before.count >= 16)

        // Three and then nearly six years on: every data class has expired; the audit trail has not.
        for years in [3.0, 5.9] {
            let later = FixedClock(f.clock.now().addingTimeInterval(years * 365.25 * Self.day))
            v = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: later)
            let r = try v.runRetention(.default)
            if years == 3 {
                #expect(r.destroyed[.summaries] == 3 && r.destroyed[.messages] == 2 && r.destroyed[.refills] == 3)
            } else {
                #expect(r.total == 0 && r.dataKeysDestroyed == 0 && r.recordsRekeyed == 0)
            }
            let events = try v.auditEvents()
            #expect(events.count == r.auditEvents)
            #expect(events.first?.seq == 1 && events.first?.at == f.clock.now())
            #expect(events.filter { $0.at == f.clock.now() }.count == before.count)
            try v.close()
        }
        let after = try Vault.verifyAudit(directory: f.dataDir, keyRing: KeyRing.load(path: f.keyFile))
        #expect(after.intact && after.count > before.count)
    }

    @Test func secondRunIsANoOp() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        try await seed(f, v)
        #expect(try v.runRetention(.default).total == 6)
        let again = try v.runRetention(.default)
        #expect(again.total == 0 && again.transcriptEntries == 0 && again.dataKeysDestroyed == 0 && again.recordsRekeyed == 0)
        #expect(try v.verifyAudit().intact)
        try v.close()
    }

    @Test func configSectionIsReadAndChecked() throws {
        let yaml = """
        # deployment config
        server:
          port: 8080
          retention: ignored   # not the top-level key
        retention:
          transcripts: 7     # a week
          summaries: "400"
          messages: 90
        other: 1
        """
        let p = try RetentionPolicy.parse(yaml: yaml)
        #expect(p.days(.transcripts) == 7 && p.days(.summaries) == 400 && p.days(.messages) == 90)
        #expect(p.days(.refills) == 365 && p.days(.recordings) == 30 && p.days(.leads) == 365)
        #expect(p.auditDays == RetentionPolicy.auditMinimumDays)
        #expect(try RetentionPolicy.parse(yaml: "retention: {refills: 30, audit: 3000}\n").days(.refills) == 30)
        #expect(try RetentionPolicy.parse(yaml: "server:\n  port: 1\n") == .default)
        #expect(RetentionPolicy.default.days == [.transcripts: 30, .summaries: 730, .messages: 365, .refills: 365, .recordings: 30, .leads: 365])

        func refused(_ yaml: String, _ fragment: String) {
            do {
                _ = try RetentionPolicy.parse(yaml: yaml, file: "c.yaml")
                Issue.record("accepted: \(yaml)")
            } catch {
                #expect(error.description.contains(fragment), "\(error.description)")
            }
        }
        refused("retention:\n  audit: 365\n", "under six years")
        refused("retention:\n  transcripts: 900\n", "cannot outlive")
        refused("retention:\n  voicemail: 30\n", "retention.voicemail is not a data class")
        refused("retention:\n  messages: soon\n", "c.yaml:2: retention.messages: \"soon\" is not a whole number")
        refused("retention:\n  messages: 0\n", "1 or more")
        refused("retention:\n  messages: 30\n  messages: 40\n", "set twice")
        refused("retention:\n\tmessages: 30\n", "tabs")
        refused("retention:\n  messages:\n    days: 30\n", "c.yaml:3")
        refused("retention: 30\n", "expects a mapping")
    }

    @Test func retentionRunThroughTheCommandLine() async throws {
        let f = try Fixture(); defer { f.remove() }
        let call = try CLI.run(["call", "--practice", CLI.practice, "--data", f.dataDir, "--key-file", f.keyFile,
                                "--now", "2026-03-10T11:00", "--caller", CLI.phiCaller], stdin: CLI.phiScript.joined(separator: "\n") + "\n")
        #expect(call.status == 0)
        let config = f.root.appendingPathComponent("frontdesk.yaml").path
        try "retention:\n  transcripts: 7\n".write(toFile: config, atomically: true, encoding: .utf8)
        let base = ["retention", "run", "--data", f.dataDir, "--key-file", f.keyFile, "--config", config]

        // Six days on, nothing has expired; eight days on, the transcript has.
        var r = try CLI.run(base + ["--now", "2026-03-16T12:00Z"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("transcripts: 0 destroyed (kept 7 days"))
        r = try CLI.run(base + ["--now", "2026-03-18T12:00Z"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("transcripts: 1 destroyed (kept 7 days;"), "\(r.stdout)")
        #expect(r.stdout.contains("summaries: 0 destroyed (kept 730 days"))
        #expect(r.stdout.contains("recordings: 0 destroyed"))
        #expect(r.stdout.contains("audit events:"))
        // Again: nothing more to destroy.
        r = try CLI.run(base + ["--now", "2026-03-18T12:00Z"])
        for c in RetentionClass.allCases { #expect(r.stdout.contains("\(c.rawValue): 0 destroyed"), "\(r.stdout)") }
        #expect(r.stdout.contains("data keys destroyed: 0"))
        #expect(f.filesContaining(CLI.phiNeedles).isEmpty)
        let verify = try CLI.run(["audit", "verify", "--data", f.dataDir, "--key-file", f.keyFile])
        #expect(verify.status == 0 && verify.stdout.contains("verified"))

        // The record of the call is still there, without its transcript.
        let v = try f.open()
        let stored = try #require(try await v.store(practiceID: "lakeview-dental").calls(practiceID: "lakeview-dental").first)
        #expect(stored.transcript.isEmpty && stored.summary?.contains("Olivia Bennett") == true)
        try v.close()

        // A bad config changes nothing and says why.
        try "retention:\n  audit: 10\n".write(toFile: config, atomically: true, encoding: .utf8)
        r = try CLI.run(base)
        #expect(r.status == 2 && r.stderr.contains("under six years"))
    }
}
