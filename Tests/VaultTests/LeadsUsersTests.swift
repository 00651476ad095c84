import Foundation
import FrontDeskCore
import GRDB
import Testing
@testable import Vault

@Suite("Leads, consents, users, sessions, API tokens")
struct LeadsUsersTests {
    let pA = "practice-a", pB = "practice-b"

    func lead(_ id: String, _ pid: String, name: String = "Wilhelmina Quenby", phone: String = "+13125550188",
              reason: String = "chipped incisor from a trampoline", at: Date) -> Lead {
        Lead(id: id, practiceID: pid, name: name, phone: phone, reason: reason, preferredTime: "weekday mornings", createdAt: at)
    }

    @Test func leadsAreSealedScopedAndAudited() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        let a = v.store(practiceID: pA), b = v.store(practiceID: pB)
        let t0 = f.clock.now()
        try await a.createLead(lead("l1", pA, at: t0))
        try await a.createLead(lead("l2", pA, name: "Other Person", phone: "+13125550999", reason: "whitening", at: t0.addingTimeInterval(60)))
        try await b.createLead(lead("lb", pB, at: t0))   // same phone number, other practice

        let l1 = try #require(try await a.lead(id: "l1"))
        #expect(l1.name == "Wilhelmina Quenby" && l1.phone == "+13125550188" && l1.reason == "chipped incisor from a trampoline")
        #expect(l1.preferredTime == "weekday mornings" && l1.status == .new && l1.createdAt == t0)
        #expect(try await a.leadsReport().records.map(\.id) == ["l1", "l2"])
        #expect(try await a.leads(phone: "312-555-0188").records.map(\.id) == ["l1"])
        try await a.updateLead(id: "l1", status: .called)
        #expect(try await a.lead(id: "l1")?.status == .called)
        #expect(try await a.leadsReport(status: .called).records.map(\.id) == ["l1"])
        #expect(try await a.leadsReport(status: .new).records.map(\.id) == ["l2"])

        // Practice B sees only its own lead and cannot touch A's.
        #expect(try await b.lead(id: "l1") == nil)
        #expect(try await b.leadsReport().records.map(\.id) == ["lb"])
        #expect(try await b.leads(phone: "+13125550188").records.map(\.id) == ["lb"])
        await #expect(throws: VaultError.wrongPractice(resource: "lead", id: "l1")) { try await b.updateLead(id: "l1", status: .closed) }
        await #expect(throws: VaultError.wrongPractice(resource: "lead", id: "x")) { try await b.createLead(lead("x", pA, at: t0)) }
        await #expect(throws: VaultError.notFound(resource: "lead", id: "nope")) { try await a.updateLead(id: "nope", status: .closed) }
        #expect(try await a.lead(id: "l1")?.status == .called)

        // Every access is in the audit trail, by id only.
        let events = try v.auditEvents().filter { $0.resourceType == "lead" }
        #expect(events.contains { $0.action == "create" && $0.resourceID == "l1" && $0.practiceID == pA })
        #expect(events.contains { $0.action == "read" && $0.resourceID == "l1" && $0.outcome == "success" })
        #expect(events.contains { $0.action == "read" && $0.resourceID == "lookup:phone" })
        #expect(events.contains { $0.action == "update" && $0.resourceID == "l1" && $0.outcome == "success" })
        #expect(events.contains { $0.action == "update" && $0.resourceID == "l1" && $0.outcome == "denied" && $0.practiceID == pB })
        #expect(events.contains { $0.action == "create" && $0.resourceID == "x" && $0.outcome == "denied" })
        #expect(try v.verifyAudit().intact)
        try v.close()

        // No PHI of a lead on disk.
        #expect(f.filesContaining(["Wilhelmina", "Quenby", "trampoline", "incisor", "weekday mornings", "3125550188", "555-0188"]).isEmpty)

        // A corrupted lead is reported, the others stay readable.
        try f.rawWrite { db in
            var blob = try Data.fetchOne(db, sql: "SELECT sealed FROM leads WHERE id = 'l2'")!
            blob[blob.count - 3] ^= 0x10
            try db.execute(sql: "UPDATE leads SET sealed = ? WHERE id = 'l2'", arguments: [blob])
        }
        v = try f.open()
        let r = try await v.store(practiceID: pA).leadsReport()
        #expect(r.records.map(\.id) == ["l1"] && r.unreadable == [UnreadableRecord(resourceType: "lead", id: "l2")])
        await #expect(throws: VaultError.unreadable(resource: "lead", id: "l2")) { _ = try await v.store(practiceID: pA).lead(id: "l2") }
        try v.close()
    }

    @Test func consentsAreRecordedPerSubjectAndGoWithPatientExportAndErase() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let a = v.store(practiceID: pA), b = v.store(practiceID: pB)
        let t0 = f.clock.now()
        try await a.upsert(patient: Patient(id: "p1", practiceID: pA, name: "Ottoline Vexley", dateOfBirth: LocalDate(year: 1971, month: 2, day: 3),
                                            phone: "+13125550155"))
        try await a.createLead(lead("l1", pA, name: "Ottoline Vexley", phone: "+13125550155", at: t0))
        try await a.recordConsent(Consent(id: "k1", practiceID: pA, subject: .patient("p1"), kind: .callRecording, granted: true, at: t0,
                                          channel: "phone", evidence: "said 'sure, record away, I love marmalade'"))
        try await a.recordConsent(Consent(id: "k2", practiceID: pA, subject: .patient("p1"), kind: .callRecording, granted: false,
                                          at: t0.addingTimeInterval(60), channel: "dashboard"))
        try await a.recordConsent(Consent(id: "k3", practiceID: pA, subject: .lead("l1"), kind: .callback, granted: true, at: t0, channel: "web",
                                          evidence: "ticked the box"))
        let list = try await a.consents(for: .patient("p1"))
        #expect(list.records.map(\.id) == ["k1", "k2"] && list.unreadable.isEmpty)
        #expect(list.records[0].evidence == "said 'sure, record away, I love marmalade'" && list.records[0].kind == .callRecording)
        #expect(list.records[1].granted == false && list.records[1].evidence == nil)
        #expect(try await a.consentGranted(for: .patient("p1"), kind: .callRecording) == false)
        #expect(try await a.consentGranted(for: .lead("l1"), kind: .callback) == true)
        #expect(try await a.consentGranted(for: .lead("l1"), kind: .sms) == nil)
        // Another practice neither sees them nor records consent for A's subjects.
        #expect(try await b.consents(for: .patient("p1")).records.isEmpty)
        await #expect(throws: VaultError.notFound(resource: "patient", id: "p1")) {
            try await b.recordConsent(Consent(id: "kb", practiceID: pB, subject: .patient("p1"), kind: .sms, granted: true, at: t0, channel: "sms"))
        }
        let events = try v.auditEvents().filter { $0.resourceType == "consent" }
        #expect(events.contains { $0.action == "create" && $0.resourceID == "k1" })
        #expect(events.contains { $0.action == "read" && $0.resourceID == "patient:p1" })

        // Export: the patient's consents and the lead with their number, with its consent.
        let x = try v.exportPatient(PatientSelector(phone: "+13125550155"), practiceID: pA)
        let px = try #require(x.practices.first)
        #expect(Set(px.consents.map(\.id)) == ["k1", "k2", "k3"])
        #expect(px.consents.first { $0.id == "k1" }?.evidence == "said 'sure, record away, I love marmalade'")
        #expect(px.leads.map(\.id) == ["l1"] && px.leads.first?.name == "Ottoline Vexley")
        #expect(try v.auditEvents().contains { $0.action == "export" && $0.resourceType == "consent" && $0.resourceID == "k3" })

        // Erase: gone, keys and all.
        let r = try v.erasePatient(PatientSelector(name: "Ottoline Vexley", dateOfBirth: LocalDate(year: 1971, month: 2, day: 3)), practiceID: pA,
                                   keepBusyFrom: date("2026-03-09T00:00"))
        #expect(r.patients == 1 && r.leads == 1 && r.consents == 3)
        #expect(try await a.consents(for: .patient("p1")).records.isEmpty)
        #expect(try await a.consents(for: .lead("l1")).records.isEmpty)
        #expect(try await a.lead(id: "l1") == nil)
        #expect(try await v.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM data_keys WHERE owner IN ('patient:p1', 'lead:l1')") } == 0)
        try v.close()
        #expect(f.filesContaining(["Ottoline", "Vexley", "marmalade", "3125550155"]).isEmpty)
    }

    @Test func usersAreScopedAndTheirSecretsSealed() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let a = v.store(practiceID: pA), b = v.store(practiceID: pB)
        let t0 = f.clock.now()
        try await a.createUser(StaffUser(id: "u1", practiceID: pA, username: "rhea", role: .frontDesk, passwordHash: "$argon2id$opaque",
                                         totpSecret: "JBSWY3DPEHPK3PXPQUOKKA", createdAt: t0))
        try await b.createUser(StaffUser(id: "u2", practiceID: pB, username: "rhea", role: .admin, passwordHash: "h2", createdAt: t0))
        await #expect(throws: VaultError.self) {
            try await a.createUser(StaffUser(id: "u3", practiceID: pA, username: "rhea", role: .auditor, passwordHash: "h", createdAt: t0))
        }
        var u = try #require(try await a.user(username: "rhea"))
        #expect(u.id == "u1" && u.role == .frontDesk && u.totpSecret == "JBSWY3DPEHPK3PXPQUOKKA" && !u.mfaEnrolled && u.passwordHash == "$argon2id$opaque")
        #expect(try await b.user(username: "rhea")?.id == "u2")
        #expect(try await b.user(id: "u1") == nil)
        // Every role round-trips, the practice owner's included.
        #expect(UserRole.allCases.map(\.rawValue) == ["owner", "admin", "front_desk", "clinician", "auditor"])
        try await b.createUser(StaffUser(id: "u4", practiceID: pB, username: "owner@pb.example", role: .owner, passwordHash: "h4", createdAt: t0))
        #expect(try await b.user(username: "owner@pb.example")?.role == .owner)
        #expect(try await a.users().map(\.id) == ["u1"])

        u.mfaEnrolled = true
        u.role = .clinician
        try await a.updateUser(u)
        #expect(try await a.user(id: "u1")?.mfaEnrolled == true)
        #expect(try await a.user(id: "u1")?.role == .clinician)
        // Lock-out after repeated failures, atomically counted.
        for _ in 0..<4 { try await a.recordFailedLogin(userID: "u1", lockAfter: 5, lockFor: 600) }
        #expect(try await a.user(id: "u1")?.failedAttempts == 4)
        let locked = try #require(try await a.recordFailedLogin(userID: "u1", lockAfter: 5, lockFor: 600))
        #expect(locked.isLocked(at: t0) && !locked.isLocked(at: t0.addingTimeInterval(601)) && locked.failedAttempts == 0)
        // B cannot update A's user.
        var hijack = u; hijack.practiceID = pB; hijack.role = .admin
        await #expect(throws: VaultError.wrongPractice(resource: "user", id: "u1")) { try await b.updateUser(hijack) }
        #expect(try await a.user(id: "u1")?.role == .clinician)
        #expect(try await b.recordFailedLogin(userID: "u1") == nil)

        let events = try v.auditEvents().filter { $0.resourceType == "user" }
        #expect(events.contains { $0.action == "create" && $0.resourceID == "u1" })
        #expect(events.contains { $0.action == "update" && $0.resourceID == "u1" && $0.outcome == "failure" })   // the lock-out
        #expect(events.contains { $0.action == "update" && $0.resourceID == "u1" && $0.outcome == "denied" })
        try v.close()
        #expect(f.filesContaining(["JBSWY3DPEHPK3PXPQUOKKA"]).isEmpty)
    }

    @Test func sessionsAndTokensAreStoredAsHashesOnly() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let a = v.store(practiceID: pA), b = v.store(practiceID: pB)
        let t0 = f.clock.now()
        try await a.createUser(StaffUser(id: "u1", practiceID: pA, username: "rhea", role: .admin, passwordHash: "h", createdAt: t0))
        try await a.createUser(StaffUser(id: "u9", practiceID: pA, username: "gone", role: .admin, passwordHash: "h", disabled: true, createdAt: t0))

        let (token, s) = try await a.createSession(userID: "u1", lifetime: 3600, ip: "203.0.113.9", userAgent: "Mozilla/5.0 Quokka")
        #expect(s.tokenHash == SecretToken.hash(token) && s.expiresAt == t0.addingTimeInterval(3600) && s.ip == "203.0.113.9")
        #expect(try await a.session(token: token)?.userID == "u1")
        #expect(try await b.session(token: token) == nil)
        #expect(try await a.session(token: token + "x") == nil)
        #expect(try await a.touchSession(token: token, lifetime: 7200))
        #expect(try await a.session(token: token)?.expiresAt == t0.addingTimeInterval(7200))
        await #expect(throws: VaultError.notFound(resource: "user", id: "u9")) { _ = try await a.createSession(userID: "u9", lifetime: 60) }
        await #expect(throws: VaultError.notFound(resource: "user", id: "u1")) { _ = try await b.createSession(userID: "u1", lifetime: 60) }

        let (api, rec) = try await a.createAPIToken(userID: "u1", name: "export bot", scopes: ["audit:read", "leads:write"])
        #expect(rec.scopes == ["audit:read", "leads:write"] && rec.lastUsedAt == nil)
        #expect(try await a.apiToken(token: api)?.lastUsedAt == t0)
        #expect(try await b.apiToken(token: api) == nil)
        await #expect(throws: VaultError.notFound(resource: "api_token", id: rec.id)) { try await b.revokeAPIToken(id: rec.id) }
        try await a.revokeAPIToken(id: rec.id)
        #expect(try await a.apiToken(token: api) == nil)
        #expect(try await a.apiTokens(userID: "u1").first?.revokedAt == t0)

        // Neither secret, nor the user agent, is stored.
        let raw = try await v.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions WHERE token_hash = ?", arguments: [SecretToken.hash(token)]) ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", arguments: [SecretToken.hash(api)]) ?? 0)
        }
        #expect(raw.0 == 1 && raw.1 == 1)

        // Later, the session has expired.
        let later = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: FixedClock(t0.addingTimeInterval(7201)))
        #expect(try await later.store(practiceID: pA).session(token: token) == nil)
        #expect(try await later.store(practiceID: pA).touchSession(token: token) == false)
        try later.close()

        #expect(try await a.deleteSession(token: token))
        #expect(try await a.session(token: token) == nil)
        #expect(try await a.deleteSession(token: token) == false)
        let events = try v.auditEvents()
        #expect(events.contains { $0.action == "create" && $0.resourceType == "session" && $0.resourceID == s.handle })
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "session" && $0.resourceID == s.handle })
        #expect(events.contains { $0.action == "create" && $0.resourceType == "api_token" && $0.resourceID == rec.id })
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "api_token" && $0.resourceID == rec.id })
        try v.close()
        #expect(f.filesContaining([token, api, "Quokka"]).isEmpty)
    }

    @Test func expiredLeadsAreShreddedWithTheirConsentsAndPatientConsentsSurviveRekeying() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        let s = v.store(practiceID: pA)
        let now = f.clock.now()
        func ago(_ d: Double) -> Date { now.addingTimeInterval(-d * 86_400) }
        try await s.createLead(lead("old", pA, name: "Barnaby Thistlewood", phone: "+13125550111", reason: "loose crown", at: ago(400)))
        try await s.createLead(lead("new", pA, name: "Recent Person", phone: "+13125550112", reason: "cleaning", at: ago(10)))
        try await s.recordConsent(Consent(id: "c-old", practiceID: pA, subject: .lead("old"), kind: .callback, granted: true, at: ago(400),
                                          channel: "web", evidence: "thistle checkbox"))
        // A patient whose key is shared with an expiring refill request: their consent must be re-sealed, not lost.
        try await s.upsert(patient: Patient(id: "p1", practiceID: pA, name: "Kept Patient", phone: "+13125550113"))
        try await s.recordConsent(Consent(id: "c-p1", practiceID: pA, subject: .patient("p1"), kind: .sms, granted: true, at: ago(400),
                                          channel: "phone", evidence: "yes to texts"))
        try await s.save(refill: RefillRequest(id: "r-old", practiceID: pA, patientID: "p1", callerName: "Kept Patient", callbackNumber: "+13125550113",
                                               medication: "lisinopril", pharmacy: nil, createdAt: ago(400)))
        let oldLeadKey = try await v.pool.read { db in try String.fetchOne(db, sql: "SELECT key_id FROM leads WHERE id = 'old'") }

        let r = try v.runRetention(.default)
        #expect(r.destroyed[.leads] == 1 && r.leadConsents == 1 && r.destroyed[.refills] == 1)
        #expect(try await s.lead(id: "old") == nil)
        #expect(try await s.lead(id: "new")?.name == "Recent Person")
        #expect(try await s.consents(for: .lead("old")).records.isEmpty)
        let kept = try await s.consents(for: .patient("p1"))
        #expect(kept.unreadable.isEmpty && kept.records.first?.evidence == "yes to texts")
        #expect(try await v.pool.read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM data_keys WHERE id = ?)", arguments: [oldLeadKey]) } == false)
        let events = try v.auditEvents().filter { $0.actor == "system:retention" }
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "lead" && $0.resourceID == "old" })
        #expect(events.contains { $0.action == "delete" && $0.resourceType == "consent" && $0.resourceID == "c-old" })
        #expect(events.contains { $0.action == "update" && $0.resourceType == "consent" && $0.resourceID == "c-p1" })
        #expect(try v.runRetention(.default).total == 0)
        try v.close()
        #expect(f.filesContaining(["Barnaby", "Thistlewood", "loose crown", "thistle", "3125550111"]).isEmpty)
        v = try f.open()
        #expect(try v.verifyAudit().intact)
        try v.close()
    }
}
