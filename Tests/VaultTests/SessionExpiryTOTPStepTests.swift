import Foundation
import FrontDeskCore
import GRDB
import Testing
@testable import Vault

/// Migration v4: the persisted TOTP replay guard (`users.last_totp_step`) and the purge of ended sessions
/// (at sign-in through `deleteExpiredSessions`, daily through the retention run).
@Suite("Expired sessions and the TOTP step")
struct SessionExpiryTOTPStepTests {
    let pA = "practice-a", pB = "practice-b"

    func user(_ id: String, _ practice: String, _ t: Date) -> StaffUser {
        StaffUser(id: id, practiceID: practice, username: id, role: .admin, passwordHash: "h", createdAt: t)
    }

    @Test func aTOTPStepIsAcceptedOnceAndOnlyForward() async throws {
        let f = try Fixture(); defer { f.remove() }
        let v = try f.open()
        let a = v.store(practiceID: pA), b = v.store(practiceID: pB)
        try await a.createUser(user("u1", pA, f.clock.now()))
        #expect(try await a.user(id: "u1")?.lastTOTPStep == nil)
        #expect(try await a.acceptTOTPStep(userID: "u1", step: 1000))
        #expect(try await a.acceptTOTPStep(userID: "u1", step: 1000) == false)   // the same step: a replay
        #expect(try await a.acceptTOTPStep(userID: "u1", step: 999) == false)    // an older one
        #expect(try await a.acceptTOTPStep(userID: "u1", step: 1001))
        #expect(try await a.acceptTOTPStep(userID: "nobody", step: 5000) == false)
        #expect(try await b.acceptTOTPStep(userID: "u1", step: 5000) == false)   // another practice's user
        // updateUser writes the other fields back and leaves the step alone (a stale copy cannot roll it back).
        var u = try #require(try await a.user(id: "u1"))
        u.lastTOTPStep = 1
        u.failedAttempts = 2
        try await a.updateUser(u)
        #expect(try await a.user(id: "u1")?.lastTOTPStep == 1001)
        #expect(try await a.user(id: "u1")?.failedAttempts == 2)
        try v.close()
        // Stored: a restart remembers it.
        let again = try f.open()
        #expect(try await again.store(practiceID: pA).user(id: "u1")?.lastTOTPStep == 1001)
        #expect(try await again.store(practiceID: pA).acceptTOTPStep(userID: "u1", step: 1001) == false)
        try again.close()
    }

    @Test func migrationV4UpgradesAnExistingDataDir() async throws {
        let f = try Fixture(); defer { f.remove() }
        var v = try f.open()
        try await v.store(practiceID: pA).createUser(user("u1", pA, f.clock.now()))
        try v.close()
        // Back to the v3 schema, as a data dir written before this migration existed.
        try f.rawWrite { db in
            try db.execute(sql: """
                DROP INDEX sessions_expiry;
                ALTER TABLE users DROP COLUMN last_totp_step;
                DELETE FROM grdb_migrations WHERE identifier = 'v4-totp-step-session-expiry';
                """)
        }
        v = try f.open()
        let u = try await v.store(practiceID: pA).user(id: "u1")
        #expect(u?.username == "u1" && u?.lastTOTPStep == nil)
        #expect(try await v.store(practiceID: pA).acceptTOTPStep(userID: "u1", step: 7))
        try v.close()
        let indexes = try f.rawRead { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") }
        #expect(indexes.contains("sessions_expiry"))
    }

    /// The number of session rows of the data dir, whatever their state.
    func sessionRows(_ f: Fixture) throws -> Int {
        try f.rawRead { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sessions") ?? 0 }
    }

    /// A vault on a hand-moved clock with one user in each of two practices (`u1` in A, `u2` in B).
    func twoPractices(_ f: Fixture) async throws -> (Vault, ManualClock, VaultStore, VaultStore) {
        let t0 = f.clock.now()
        let clock = ManualClock(t0)
        let v = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: clock)
        let a = v.store(practiceID: pA), b = v.store(practiceID: pB)
        try await a.createUser(user("u1", pA, t0))
        try await b.createUser(user("u2", pB, t0))
        return (v, clock, a, b)
    }

    @Test func endedSessionsAreDeletedByIdleAbsoluteOrStoredExpiry() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (v, clock, a, b) = try await twoPractices(f)
        let (old, oldSession) = try await a.createSession(userID: "u1", lifetime: 24 * 3600)   // will pass 12 h of age
        clock.advance(11 * 3600 + 45 * 60)
        let (idle, idleSession) = try await a.createSession(userID: "u1", lifetime: 24 * 3600) // will idle out
        clock.advance(10 * 60)
        let (live, _) = try await a.createSession(userID: "u1", lifetime: 3600)
        let (short, shortSession) = try await a.createSession(userID: "u1", lifetime: 60)      // its stored expiry passes
        let (otherPractice, _) = try await b.createSession(userID: "u2", lifetime: 60)
        #expect(try await a.touchSession(token: old))                                          // used, but old
        clock.advance(10 * 60)                                                                 // 12 h 5 min after the first

        #expect(try await a.deleteExpiredSessions(idleTimeout: 15 * 60, absoluteTimeout: 12 * 3600) == 3)
        #expect(try await a.session(token: live) != nil)
        for gone in [old, idle, short] { #expect(try await a.session(token: gone) == nil) }
        #expect(try sessionRows(f) == 2)                                // the live one, and practice B's (not this store's)
        #expect(try await a.deleteExpiredSessions(idleTimeout: 15 * 60, absoluteTimeout: 12 * 3600) == 0)
        let deleted = Set(try v.auditEvents().filter { $0.action == "delete" && $0.resourceType == "session" }.map(\.resourceID))
        #expect(deleted == [oldSession.handle, idleSession.handle, shortSession.handle])
        _ = otherPractice
        try v.close()
    }

    @Test func theRetentionRunDeletesExpiredSessionsOfEveryPractice() async throws {
        let f = try Fixture(); defer { f.remove() }
        let (v, clock, a, b) = try await twoPractices(f)
        let (_, s1) = try await a.createSession(userID: "u1", lifetime: 15 * 60)
        let (_, s2) = try await b.createSession(userID: "u2", lifetime: 15 * 60)
        let (keep, _) = try await a.createSession(userID: "u1", lifetime: 12 * 3600)
        clock.advance(16 * 60)

        // The daily job runs `runRetention` on the vault: the same as what it reports here.
        let job = RetentionJob(vault: v, timeZone: TimeZone(identifier: "America/Chicago")!, clock: clock) { _ in }
        let report = try job.runOnce().get()
        #expect(report.sessionsExpired == 2)
        #expect(RetentionJob.summary(report).contains("expired sessions deleted 2"))
        #expect(try sessionRows(f) == 1)
        #expect(try await a.session(token: keep) != nil)
        let events = try v.auditEvents().filter { $0.action == "delete" && $0.resourceType == "session" && $0.actor == "system:retention" }
        #expect(Set(events.map(\.resourceID)) == [s1.handle, s2.handle])
        #expect(Set(events.map(\.practiceID)) == [pA, pB])
        // Nothing more the next time.
        #expect(try job.runOnce().get().sessionsExpired == 0)
        try v.close()
    }
}
