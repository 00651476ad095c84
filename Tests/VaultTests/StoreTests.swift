import Foundation
import FrontDeskCore
import GRDB
import Testing
@testable import Vault

@Suite("VaultStore")
struct StoreTests {
    let pA = "practice-a"
    let pB = "practice-b"

    func patient(_ id: String, _ practice: String, name: String = "Ada Lovelace", phone: String? = "+13125550100") -> Patient {
        Patient(id: id, practiceID: practice, name: name, dateOfBirth: LocalDate(year: 1980, month: 12, day: 10), phone: phone)
    }

    @Test func patientsRoundTripAndLookups() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        var s = v.store(practiceID: pA)
        try await s.upsert(patient: patient("p1", pA))
        try await s.upsert(patient: Patient(id: "p2", practiceID: pA, name: "Rex", phone: "+13125550199", species: "dog", owner: "Grace Hopper"))
        #expect(try await s.patient(id: "p1")?.name == "Ada Lovelace")
        #expect(try await s.patients(practiceID: pA).map(\.id) == ["p1", "p2"])
        // Blind-index look-ups, with the number written another way.
        #expect(try await s.patients(phone: "(312) 555-0100").records.map(\.id) == ["p1"])
        #expect(try await s.patients(name: "ada  LOVELACE", dateOfBirth: LocalDate(year: 1980, month: 12, day: 10)).records.map(\.id) == ["p1"])
        #expect(try await s.patients(name: "Ada Lovelace", dateOfBirth: LocalDate(year: 1981, month: 12, day: 10)).records.isEmpty)
        // Update keeps the id and the data key; the new phone is found, the old one no longer.
        var p = patient("p1", pA); p.phone = "+13125550111"
        try await s.upsert(patient: p)
        #expect(try await s.patients(phone: "+13125550100").records.isEmpty)
        #expect(try await s.patients(phone: "+13125550111").records.map(\.id) == ["p1"])

        // Survives closing and reopening.
        try v.close()
        v = try f.open()
        s = v.store(practiceID: pA)
        let rex = try #require(try await s.patient(id: "p2"))
        #expect(rex.species == "dog" && rex.owner == "Grace Hopper" && rex.phone == "+13125550199")
        #expect(try await s.patient(id: "p1")?.dateOfBirth == LocalDate(year: 1980, month: 12, day: 10))
        try v.close()
    }

    @Test func appointmentsMessagesRefillsRoundTrip() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let s = v.store(practiceID: pA)
        try await s.upsert(patient: patient("p1", pA))
        let a = Appointment(id: "a1", practiceID: pA, patientID: "p1", typeID: "cleaning", providerID: "dr-x", start: date("2026-03-11T09:00"), minutes: 60)
        try await s.insert(a)
        await #expect(throws: BookingError.conflict) {
            try await s.insert(Appointment(id: "a2", practiceID: pA, patientID: nil, typeID: nil, providerID: "dr-x", start: date("2026-03-11T09:30"), minutes: 30))
        }
        // Another provider at the same time is fine; a back-to-back slot is fine.
        try await s.insert(Appointment(id: "a3", practiceID: pA, patientID: nil, typeID: nil, providerID: "dr-y", start: date("2026-03-11T09:00"), minutes: 60))
        try await s.insert(Appointment(id: "a4", practiceID: pA, patientID: nil, typeID: nil, providerID: "dr-x", start: date("2026-03-11T10:00"), minutes: 30))
        #expect(try await s.appointments(practiceID: pA, providerID: "dr-x", from: date("2026-03-11T00:00"), to: date("2026-03-12T00:00")).map(\.id) == ["a1", "a4"])
        #expect(try await s.appointments(patientID: "p1") == [a])

        // Move: refused onto a taken time (the old time is kept), accepted onto a free one.
        await #expect(throws: BookingError.conflict) { _ = try await s.move("a1", to: date("2026-03-11T10:00"), providerID: "dr-x") }
        let moved = try await s.move("a1", to: date("2026-03-11T11:00"), providerID: "dr-x")
        #expect(moved.start == date("2026-03-11T11:00"))
        await #expect(throws: BookingError.notFound) { _ = try await s.move("nope", to: date("2026-03-11T12:00"), providerID: "dr-x") }
        // Cancel frees the time.
        #expect(try await s.setStatus("a1", .cancelled).status == .cancelled)
        try await s.insert(Appointment(id: "a5", practiceID: pA, patientID: nil, typeID: nil, providerID: "dr-x", start: date("2026-03-11T11:00"), minutes: 60))

        let created = Date(timeIntervalSince1970: 1_773_158_400)
        try await s.save(message: StaffMessage(id: "m1", practiceID: pA, callerName: "Ada", callbackNumber: "+13125550100", reason: .billing, createdAt: created))
        try await s.save(refill: RefillRequest(id: "r1", practiceID: pA, patientID: "p1", callerName: "Ada", callbackNumber: "+13125550100",
                                               medication: "lisinopril", pharmacy: "Walgreens on Main", createdAt: created))
        #expect(try await s.messages(practiceID: pA) == [StaffMessage(id: "m1", practiceID: pA, callerName: "Ada", callbackNumber: "+13125550100", reason: .billing, createdAt: created)])
        let r = try #require(try await s.refills(practiceID: pA).first)
        #expect(r.medication == "lisinopril" && r.pharmacy == "Walgreens on Main" && r.patientID == "p1")
        try v.close()
    }

    @Test func callRecordsRoundTrip() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let s = v.store(practiceID: pA)
        let t0 = Date(timeIntervalSince1970: 1_773_158_400)
        try await s.begin(call: CallRecord(id: "c1", practiceID: pA, callerNumber: "+13125550100", startedAt: t0,
                                           transcript: [TranscriptEntry(speaker: "agent", text: "Hello", at: t0)]))
        try await s.append(toCall: "c1", transcript: [TranscriptEntry(speaker: "caller", text: "Book me", at: t0),
                                                    TranscriptEntry(speaker: "agent", text: "Done", at: t0)],
                           events: [CallRecordEvent(outcome: .booked, turn: 1, appointmentID: "a1")])
        try await s.finish(call: "c1", endedAt: t0.addingTimeInterval(60), patientID: "p1", summary: "Caller: Ada", outcomes: [.booked])
        let c = try #require(try await s.call(id: "c1"))
        #expect(c.transcript.map(\.text) == ["Hello", "Book me", "Done"])
        #expect(c.events == [CallRecordEvent(outcome: .booked, turn: 1, appointmentID: "a1")])
        #expect(c.summary == "Caller: Ada" && c.outcomes == [.booked] && c.patientID == "p1" && c.callerNumber == "+13125550100")
        #expect(c.endedAt == t0.addingTimeInterval(60))
        #expect(try await s.calls(practiceID: pA).map(\.id) == ["c1"])
        await #expect(throws: CallRecordError.notFound) { try await s.append(toCall: "nope", transcript: [], events: [.init(outcome: .booked, turn: 1)]) }
        try v.close()
    }

    @Test func practicesAreIsolated() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let a = v.store(practiceID: pA), b = v.store(practiceID: pB)
        try await a.upsert(patient: patient("pa", pA, name: "Ann Arbor"))
        try await b.upsert(patient: patient("pb", pB, name: "Ben Bay"))   // same phone number, other practice
        try await b.insert(Appointment(id: "ab", practiceID: pB, patientID: "pb", typeID: nil, providerID: "dr", start: date("2026-03-11T09:00"), minutes: 30))
        try await b.save(message: StaffMessage(id: "mb", practiceID: pB, callerName: "Ben", callbackNumber: "+13125550100", reason: .general, createdAt: Date()))
        try await b.begin(call: CallRecord(id: "cb", practiceID: pB, startedAt: Date()))

        #expect(try await a.patient(id: "pb") == nil)
        #expect(try await a.patients(practiceID: pB).isEmpty)
        #expect(try await a.patients(practiceID: pA).map(\.id) == ["pa"])
        #expect(try await a.patients(phone: "+13125550100").records.map(\.id) == ["pa"])
        #expect(try await a.appointments(practiceID: pB, providerID: nil, from: date("2026-01-01T00:00"), to: date("2027-01-01T00:00")).isEmpty)
        #expect(try await a.appointments(practiceID: pA, providerID: nil, from: date("2026-01-01T00:00"), to: date("2027-01-01T00:00")).isEmpty)
        #expect(try await a.appointments(patientID: "pb").isEmpty)
        #expect(try await a.messages(practiceID: pB).isEmpty)
        #expect(try await a.messages(practiceID: pA).isEmpty)
        #expect(try await a.call(id: "cb") == nil)
        // Practice A cannot overwrite, move or cancel B's records, nor book the same provider id into B.
        await #expect(throws: VaultError.self) { try await a.upsert(patient: patient("pb", pA, name: "Hijack")) }
        await #expect(throws: VaultError.self) { try await a.upsert(patient: patient("px", pB)) }
        await #expect(throws: BookingError.notFound) { _ = try await a.move("ab", to: date("2026-03-12T09:00"), providerID: "dr") }
        await #expect(throws: BookingError.notFound) { _ = try await a.setStatus("ab", .cancelled) }
        await #expect(throws: BookingError.notFound) {
            try await a.insert(Appointment(id: "x", practiceID: pB, patientID: nil, typeID: nil, providerID: "dr", start: date("2026-03-11T10:00"), minutes: 30))
        }
        // A's provider "dr" is not B's: booking the same time in A is fine.
        try await a.insert(Appointment(id: "aa", practiceID: pA, patientID: "pa", typeID: nil, providerID: "dr", start: date("2026-03-11T09:00"), minutes: 30))
        #expect(try await b.patient(id: "pb")?.name == "Ben Bay")

        // Ciphertext moved between practices does not open (it is bound to practice, table and row).
        try v.close()
        try f.rawWrite { db in
            let blob = try Data.fetchOne(db, sql: "SELECT sealed FROM patients WHERE id = 'pb'")!
            try db.execute(sql: "UPDATE patients SET sealed = ?, key_id = (SELECT key_id FROM patients WHERE id = 'pb') WHERE id = 'pa'", arguments: [blob])
        }
        let v2 = try f.open()
        await #expect(throws: VaultError.unreadable(resource: "patient", id: "pa")) { _ = try await v2.store(practiceID: pA).patient(id: "pa") }
        try v2.close()
    }

    @Test func fiftyConcurrentBookingsOfOneSlotHaveOneWinner() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v1 = try f.open()
        let v2 = try f.open()   // a second pool on the same file: like a second process
        let stores = [v1.store(practiceID: pA), v2.store(practiceID: pA)]
        let wins = await withTaskGroup(of: Bool.self) { g in
            for i in 0..<50 {
                g.addTask {
                    let a = Appointment(id: "race-\(i)", practiceID: "practice-a", patientID: nil, typeID: "exam", providerID: "dr-x",
                                        start: LocalDateTime(iso: "2026-03-11T09:00")!.adding(minutes: i % 3 * 10), minutes: 30)
                    do { try await stores[i % 2].insert(a); return true } catch { return false }
                }
            }
            var n = 0
            for await w in g where w { n += 1 }
            return n
        }
        #expect(wins == 1)
        let booked = try await stores[0].appointments(practiceID: pA, providerID: "dr-x", from: date("2026-03-11T00:00"), to: date("2026-03-12T00:00"))
        #expect(booked.count == 1)
        // Every attempt is in the audit trail (one create, 49 conflicts), and the chain is intact.
        let events = try v1.auditEvents().filter { $0.resourceType == "appointment" }
        #expect(events.filter { $0.outcome == "success" }.count == 1)
        #expect(events.filter { $0.outcome == "conflict" }.count == 49)
        #expect(try v1.verifyAudit().intact)
        try v1.close(); try v2.close()
    }

    @Test func corruptedCiphertextReportsThatRecordOnly() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        let s = v.store(practiceID: pA)
        for i in 1...3 { try await s.upsert(patient: patient("p\(i)", pA, name: "Person \(i)", phone: "+1312555010\(i)")) }
        try v.close()
        try f.rawWrite { db in
            var blob = try Data.fetchOne(db, sql: "SELECT sealed FROM patients WHERE id = 'p2'")!
            blob[blob.count - 5] ^= 0x40
            try db.execute(sql: "UPDATE patients SET sealed = ? WHERE id = 'p2'", arguments: [blob])
        }
        v = try f.open()
        let s2 = v.store(practiceID: pA)
        let report = try await s2.patientsReport()
        #expect(report.records.map(\.id) == ["p1", "p3"])
        #expect(report.unreadable == [UnreadableRecord(resourceType: "patient", id: "p2")])
        #expect(try await s2.patients(practiceID: pA).map(\.id) == ["p1", "p3"])
        await #expect(throws: VaultError.unreadable(resource: "patient", id: "p2")) { _ = try await s2.patient(id: "p2") }
        #expect(try await s2.patient(id: "p3")?.name == "Person 3")
        let failures = try v.auditEvents().filter { $0.outcome == "failure" }
        #expect(failures.contains { $0.resourceType == "patient" && $0.resourceID == "p2" })
        try v.close()
    }
}

extension LocalDateTime {
    func adding(minutes: Int) -> LocalDateTime { LocalDateTime(wallMinutes: wallMinutes + minutes) }
}

@Suite("Vault details")
struct DetailTests {
    @Test func writesAreFullySynchronousAndSecureDeleteIsOn() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        #expect(try v.synchronousSetting() == 2)
        #expect(try await v.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA secure_delete") } == 1)
        #expect(try await v.pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
        try v.close()
    }

    @Test func isoTimes() {
        #expect(ISOTime.string(millis: 1_773_158_400_123) == "2026-03-10T16:00:00.123Z")
        #expect(ISOTime.parse("2026-03-10T16:00:00.123Z").map(ISOTime.millis) == 1_773_158_400_123)
        #expect(ISOTime.parse("2026-03-10T11:00-05:00").map(ISOTime.millis) == 1_773_158_400_000)
        #expect(ISOTime.parse("2026-03-10").map(ISOTime.millis) == 1_773_100_800_000)
        #expect(ISOTime.parse("yesterday") == nil)
    }

    @Test func blindIndexNormalisation() {
        #expect(BlindIndex.normalizedPhone("+1 (312) 555-0177") == "3125550177")
        #expect(BlindIndex.normalizedPhone("312.555.0177") == "3125550177")
        #expect(BlindIndex.normalizedPhone("12") == nil)
        #expect(BlindIndex.normalizedName("  José  O'Brien ") == "jose o brien")
    }
}
