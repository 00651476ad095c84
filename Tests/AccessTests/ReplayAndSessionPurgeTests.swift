import Foundation
import FrontDeskCore
import Testing
import Vault
@testable import Access

/// The TOTP replay guard is stored in the Vault (it survives a restart and holds across authenticators),
/// and ended sessions are deleted when someone signs in.
@Suite("TOTP replay across restarts, expired sessions purged")
struct ReplayAndSessionPurgeTests: SignInSteps {
    static let password = "quiet-lantern-orchard-73"
    static let email = "boss@lakeview.example"

    @Test func aCodeCannotBeReplayedThroughAnotherAuthenticator() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let totp = try #require(try await f.accounts.add(email: Self.email, role: .owner, password: Self.password).enrollment?.totp)
        let code = totp.code(at: f.clock.now())
        let first = f.authenticator()
        let c1 = try #require(challenge(try await first.signIn(email: Self.email, password: Self.password)))
        #expect(signedIn(try await first.verifyTOTP(challenge: c1, code: code)) != nil)

        // A second authenticator over the same vault (another server process, or this one after a restart).
        let second = f.authenticator()
        let c2 = try #require(challenge(try await second.signIn(email: Self.email, password: Self.password)))
        #expect(try await second.verifyTOTP(challenge: c2, code: code) == .refused(.invalidCode))
        // The step is remembered, so the previous step's code (still inside the ±1 window) is refused too.
        #expect(try await second.verifyTOTP(challenge: c2, code: totp.code(step: totp.step(at: f.clock.now()) - 1)) == .refused(.invalidCode))
        f.clock.advance(30)
        #expect(signedIn(try await second.verifyTOTP(challenge: c2, code: totp.code(at: f.clock.now()))) != nil)
    }

    @Test func aCodeCannotBeReplayedAfterTheVaultIsReopened() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let totp = try #require(try await f.accounts.add(email: Self.email, role: .admin, password: Self.password).enrollment?.totp)
        let code = totp.code(at: f.clock.now())
        let before = f.authenticator()
        let c1 = try #require(challenge(try await before.signIn(email: Self.email, password: Self.password)))
        #expect(signedIn(try await before.verifyTOTP(challenge: c1, code: code)) != nil)
        try f.close()

        // "Restart": a new vault handle and a new authenticator, within the code's 90-second window.
        f.clock.advance(20)
        let vault = try Vault.open(directory: f.dataDir, keyFile: f.keyFile, clock: f.clock)
        defer { try? vault.close() }
        let after = Authenticator(store: vault.store(practiceID: AccessFixture.practiceID, context: .cli), clock: f.clock,
                                  hasher: AccessFixture.fastHasher)
        let c2 = try #require(challenge(try await after.signIn(email: Self.email, password: Self.password)))
        #expect(try await after.verifyTOTP(challenge: c2, code: code) == .refused(.invalidCode))
        // A replayed code is a failed attempt like any wrong one.
        #expect(try await vault.store(practiceID: AccessFixture.practiceID, context: .cli).user(username: Self.email)?.failedAttempts == 1)
    }

    @Test func twoSignInsRacingWithOneCodeOpenOneSession() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let totp = try #require(try await f.accounts.add(email: Self.email, role: .owner, password: Self.password).enrollment?.totp)
        let code = totp.code(at: f.clock.now())
        let a = f.authenticator(), b = f.authenticator()
        let ca = try #require(challenge(try await a.signIn(email: Self.email, password: Self.password)))
        let cb = try #require(challenge(try await b.signIn(email: Self.email, password: Self.password)))
        async let ra = a.verifyTOTP(challenge: ca, code: code)
        async let rb = b.verifyTOTP(challenge: cb, code: code)
        let results = try await [ra, rb]
        let sessions = results.filter { if case .signedIn = $0 { return true } else { return false } }
        #expect(sessions.count == 1)
        #expect(results.contains(.refused(.invalidCode)))
    }

    @Test func endedSessionsAreDeletedAtSignIn() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        try await f.accounts.add(email: "rhea@lakeview.example", role: .frontDesk, password: Self.password)
        try await f.accounts.add(email: "doc@lakeview.example", role: .clinician, password: Self.password)
        let auth = f.authenticator()
        // Rhea's session idles out (never presented again).
        let idle = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password)))
        // Doc's session is used every 10 minutes for 11 h 50 min, then not again: its 12 hours run out.
        let busy = try #require(signedIn(try await auth.signIn(email: "doc@lakeview.example", password: Self.password)))
        for _ in 0..<71 {
            f.clock.advance(600)
            #expect(try await auth.authenticate(sessionToken: busy.token) != nil)
        }
        f.clock.advance(600)
        // Rhea signs in again: both ended sessions are deleted (neither was presented after it ended).
        let fresh = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password)))
        let deleted = Set(try f.vault.auditEvents().filter { $0.action == "delete" && $0.resourceType == "session" }.map(\.resourceID))
        #expect(deleted.contains(idle.session.handle))
        #expect(deleted.contains(busy.session.handle))
        #expect(!deleted.contains(fresh.session.handle))
        #expect(try await auth.authenticate(sessionToken: fresh.token) != nil)
        // Nothing ended is left.
        #expect(try await f.store.deleteExpiredSessions(idleTimeout: 15 * 60, absoluteTimeout: 12 * 3600) == 0)
    }
}
