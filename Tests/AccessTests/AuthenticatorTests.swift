import Foundation
import FrontDeskCore
import Testing
import Vault
@testable import Access

@Suite("Sign-in, lockout, MFA, sessions, API tokens")
struct AuthenticatorTests: SignInSteps {
    static let password = "quiet-lantern-orchard-73"

    @Test func passwordSignInForARoleWithoutMFA() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        try await f.accounts.add(email: "Rhea@Lakeview.example", role: .frontDesk, password: Self.password)
        let auth = f.authenticator()
        let s = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password, ip: "203.0.113.9")))
        #expect(s.principal.role == .frontDesk && s.principal.email == "rhea@lakeview.example" && s.principal.practiceID == AccessFixture.practiceID)
        #expect(!s.mustChangePassword && s.session.ip == "203.0.113.9")
        #expect(s.session.expiresAt == f.clock.now().addingTimeInterval(15 * 60))
        #expect(try await auth.authenticate(sessionToken: s.token) == s.principal)
        #expect(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password + "x") == .refused(.invalidCredentials))
        #expect(try await auth.signIn(email: "nobody@lakeview.example", password: Self.password) == .refused(.invalidCredentials))
        #expect(try await auth.signIn(email: "not an email", password: Self.password) == .refused(.invalidCredentials))
        #expect(try await auth.signOut(sessionToken: s.token))
        #expect(try await auth.authenticate(sessionToken: s.token) == nil)
    }

    @Test func fiveFailuresLockForFifteenMinutes() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        try await f.accounts.add(email: "rhea@lakeview.example", role: .clinician, password: Self.password)
        let auth = f.authenticator()
        let t0 = f.clock.now()
        for _ in 0..<4 { #expect(try await auth.signIn(email: "rhea@lakeview.example", password: "wrong-guess-123x") == .refused(.invalidCredentials)) }
        #expect(try await auth.signIn(email: "rhea@lakeview.example", password: "wrong-guess-123x") == .refused(.locked(until: t0.addingTimeInterval(900))))
        // Locked: even the right password is not checked.
        #expect(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password) == .refused(.locked(until: t0.addingTimeInterval(900))))
        f.clock.advance(899)
        #expect(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password) == .refused(.locked(until: t0.addingTimeInterval(900))))
        #expect(try await f.accounts.list().first?.lockedUntil == t0.addingTimeInterval(900))
        f.clock.advance(1)
        #expect(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password)) != nil)
        #expect(try await f.accounts.list().first?.lockedUntil == nil)
    }

    @Test func aSuccessResetsTheFailureCount() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        try await f.accounts.add(email: "rhea@lakeview.example", role: .clinician, password: Self.password)
        let auth = f.authenticator()
        for _ in 0..<4 { _ = try await auth.signIn(email: "rhea@lakeview.example", password: "wrong-guess-123x") }
        #expect(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password)) != nil)
        #expect(try await f.store.user(username: "rhea@lakeview.example")?.failedAttempts == 0)
        for _ in 0..<4 { #expect(try await auth.signIn(email: "rhea@lakeview.example", password: "wrong-guess-123x") == .refused(.invalidCredentials)) }
    }

    @Test(arguments: [UserRole.owner, .admin])
    func mfaIsRequiredForOwnerAndAdmin(_ role: UserRole) async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let made = try await f.accounts.add(email: "boss@lakeview.example", role: role, password: Self.password)
        let totp = try #require(made.enrollment?.totp)
        #expect(made.enrollment?.uri.hasPrefix("otpauth://totp/FrontDesk:boss@lakeview.example?secret=\(totp.base32Secret)&issuer=FrontDesk") == true)
        #expect(try await f.store.user(id: made.user.id)?.mfaEnrolled == false)
        let auth = f.authenticator()

        let c = try #require(challenge(try await auth.signIn(email: "boss@lakeview.example", password: Self.password)))
        // The challenge alone is no session.
        #expect(try await auth.authenticate(sessionToken: c) == nil)
        let now = f.clock.now()
        #expect(try await auth.verifyTOTP(challenge: c, code: totp.code(step: totp.step(at: now) + 3)) == .refused(.invalidCode))
        let s = try #require(signedIn(try await auth.verifyTOTP(challenge: c, code: totp.code(at: now))))
        #expect(s.principal.role == role)
        #expect(try await f.store.user(id: made.user.id)?.mfaEnrolled == true)
        #expect(try await f.store.user(id: made.user.id)?.failedAttempts == 0)
        // The challenge is single use.
        #expect(try await auth.verifyTOTP(challenge: c, code: totp.code(at: now)) == .refused(.challengeExpired))

        // Replay: the same code again (same step) is refused; the next step's code works.
        let c2 = try #require(challenge(try await auth.signIn(email: "boss@lakeview.example", password: Self.password)))
        #expect(try await auth.verifyTOTP(challenge: c2, code: totp.code(at: now)) == .refused(.invalidCode))
        f.clock.advance(30)
        #expect(signedIn(try await auth.verifyTOTP(challenge: c2, code: totp.code(at: f.clock.now()))) != nil)
    }

    @Test func anAdminWithoutASecretCannotSignIn() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let hash = await AccessFixture.fastHasher.hash(Self.password)
        try await f.store.createUser(StaffUser(id: "u1", practiceID: AccessFixture.practiceID, username: "boss@lakeview.example", role: .admin,
                                               passwordHash: hash, createdAt: f.clock.now()))
        #expect(try await f.authenticator().signIn(email: "boss@lakeview.example", password: Self.password) == .refused(.mfaNotSetUp))
    }

    @Test func mfaIsOptionalForOtherRolesButEnforcedOnceSetUp() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let made = try await f.accounts.add(email: "doc@lakeview.example", role: .clinician, password: Self.password)
        #expect(made.enrollment == nil && made.oneTimePassword == nil)
        let auth = f.authenticator()
        #expect(signedIn(try await auth.signIn(email: "doc@lakeview.example", password: Self.password)) != nil)
        let e = try await f.accounts.resetMFA(email: "doc@lakeview.example")
        let c = try #require(challenge(try await auth.signIn(email: "doc@lakeview.example", password: Self.password)))
        #expect(signedIn(try await auth.verifyTOTP(challenge: c, code: e.totp.code(at: f.clock.now()))) != nil)
    }

    @Test func wrongCodesCountTowardsTheLockout() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let made = try await f.accounts.add(email: "boss@lakeview.example", role: .owner, password: Self.password)
        let totp = try #require(made.enrollment?.totp)
        let auth = f.authenticator()
        let c = try #require(challenge(try await auth.signIn(email: "boss@lakeview.example", password: Self.password)))
        let wrong = totp.code(step: totp.step(at: f.clock.now()) + 5)
        for _ in 0..<4 { #expect(try await auth.verifyTOTP(challenge: c, code: wrong) == .refused(.invalidCode)) }
        #expect(try await auth.verifyTOTP(challenge: c, code: wrong) == .refused(.locked(until: f.clock.now().addingTimeInterval(900))))
        // Locked: the challenge is gone and even the right code does nothing.
        #expect(try await auth.verifyTOTP(challenge: c, code: totp.code(at: f.clock.now())) == .refused(.challengeExpired))
    }

    @Test func challengesExpireAfterFiveMinutes() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let made = try await f.accounts.add(email: "boss@lakeview.example", role: .owner, password: Self.password)
        let totp = try #require(made.enrollment?.totp)
        let auth = f.authenticator()
        let c = try #require(challenge(try await auth.signIn(email: "boss@lakeview.example", password: Self.password)))
        f.clock.advance(300)
        #expect(try await auth.verifyTOTP(challenge: c, code: totp.code(at: f.clock.now())) == .refused(.challengeExpired))
        #expect(try await auth.verifyTOTP(challenge: "fdc_made-up", code: "123456") == .refused(.challengeExpired))
    }

    @Test func sessionsIdleOutAfterFifteenMinutes() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        try await f.accounts.add(email: "rhea@lakeview.example", role: .frontDesk, password: Self.password)
        let auth = f.authenticator()
        let s = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password)))
        f.clock.advance(14 * 60 + 59)
        #expect(try await auth.authenticate(sessionToken: s.token) != nil)     // used: the idle timer restarts
        #expect(try await f.store.session(token: s.token)?.expiresAt == f.clock.now().addingTimeInterval(900))
        f.clock.advance(14 * 60 + 59)
        #expect(try await auth.authenticate(sessionToken: s.token) != nil)
        f.clock.advance(15 * 60)
        #expect(try await auth.authenticate(sessionToken: s.token) == nil)
    }

    @Test func sessionsEndTwelveHoursAfterSignInEvenWhenUsed() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        try await f.accounts.add(email: "rhea@lakeview.example", role: .frontDesk, password: Self.password)
        let auth = f.authenticator()
        let s = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password)))
        for _ in 0..<71 {   // every 10 minutes for 11 h 50 min
            f.clock.advance(600)
            #expect(try await auth.authenticate(sessionToken: s.token) != nil)
        }
        // 10 minutes before the end, the idle expiry is capped at the absolute one.
        #expect(try await f.store.session(token: s.token)?.expiresAt == s.session.createdAt.addingTimeInterval(12 * 3600))
        f.clock.advance(599)
        #expect(try await auth.authenticate(sessionToken: s.token) != nil)
        f.clock.advance(1)
        #expect(try await auth.authenticate(sessionToken: s.token) == nil)
    }

    @Test func aSessionIsBoundToItsUserAgent() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        try await f.accounts.add(email: "rhea@lakeview.example", role: .frontDesk, password: Self.password)
        let auth = f.authenticator()
        let s = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password, userAgent: "Firefox/140")))
        #expect(try await auth.authenticate(sessionToken: s.token, userAgent: "Firefox/140") != nil)
        #expect(try await auth.authenticate(sessionToken: s.token, userAgent: "curl/8.0") == nil)
        #expect(try await auth.authenticate(sessionToken: s.token, userAgent: "Firefox/140") == nil)   // ended, not just refused
    }

    @Test func aDisabledUserIsRefusedAndLosesSessionsAndTokens() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        try await f.accounts.add(email: "rhea@lakeview.example", role: .frontDesk, password: Self.password)
        let auth = f.authenticator()
        let s = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password)))
        let (token, _) = try await f.accounts.createToken(email: "rhea@lakeview.example", name: "reports")
        #expect(try await auth.authenticate(apiToken: token) != nil)
        try await f.accounts.disable(email: "rhea@lakeview.example")
        #expect(try await auth.authenticate(sessionToken: s.token) == nil)
        #expect(try await auth.authenticate(apiToken: token) == nil)
        #expect(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password) == .refused(.disabled))
        #expect(try await auth.signIn(email: "rhea@lakeview.example", password: "wrong-guess-123x") == .refused(.invalidCredentials))
        await #expect(throws: AccessError.userDisabled(email: "rhea@lakeview.example")) {
            _ = try await f.accounts.createToken(email: "rhea@lakeview.example", name: "again")
        }
        try await f.accounts.enable(email: "rhea@lakeview.example")
        #expect(try await auth.authenticate(apiToken: token)?.role == .frontDesk)
    }

    @Test func apiTokensMapToTheUsersCurrentRole() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let made = try await f.accounts.add(email: "doc@lakeview.example", role: .clinician, password: Self.password)
        let (token, record) = try await f.accounts.createToken(email: "DOC@lakeview.example", name: "refill bot")
        #expect(token.hasPrefix("fdt_") && record.userID == made.user.id && record.name == "refill bot")
        let auth = f.authenticator()
        let p = try #require(try await auth.authenticate(apiToken: token))
        #expect(p == Principal(userID: made.user.id, email: "doc@lakeview.example", role: .clinician, practiceID: AccessFixture.practiceID,
                               credential: .apiToken(id: record.id)))
        #expect(p.can(.viewRefills) && !p.can(.viewAudit))
        #expect(try await auth.authenticate(apiToken: token + "0") == nil)
        #expect(try await auth.authenticate(sessionToken: token) == nil)
        var u = made.user; u.role = .auditor
        try await f.store.updateUser(u)
        #expect(try await auth.authenticate(apiToken: token)?.role == .auditor)
        // Another practice does not know it.
        let other = Authenticator(store: f.vault.store(practiceID: "other-practice"), clock: f.clock, hasher: AccessFixture.fastHasher)
        #expect(try await other.authenticate(apiToken: token) == nil)
        try await f.store.revokeAPIToken(id: record.id)
        #expect(try await auth.authenticate(apiToken: token) == nil)
    }

    @Test func aOneTimePasswordMustBeChanged() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let made = try await f.accounts.add(email: "rhea@lakeview.example", role: .frontDesk)
        let otp = try #require(made.oneTimePassword)
        #expect(PasswordHasher.isTemporary(made.user.passwordHash))
        let auth = f.authenticator()
        let s = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: otp)))
        #expect(s.mustChangePassword)
        await #expect(throws: AccessError.wrongPassword) {
            _ = try await auth.changePassword(userID: made.user.id, current: "wrong-guess-123x", new: Self.password)
        }
        await #expect(throws: AccessError.weakPassword([.common])) {
            _ = try await auth.changePassword(userID: made.user.id, current: otp, new: "Password2026!")
        }
        await #expect(throws: AccessError.weakPassword([.containsEmail])) {
            _ = try await auth.changePassword(userID: made.user.id, current: otp, new: "rhea-likes-tea-a-lot")
        }
        let fresh = try await auth.changePassword(userID: made.user.id, current: otp, new: Self.password)
        #expect(!fresh.mustChangePassword)
        #expect(try await auth.authenticate(sessionToken: s.token) == nil)        // old sessions ended
        #expect(try await auth.authenticate(sessionToken: fresh.token) != nil)
        #expect(try await auth.signIn(email: "rhea@lakeview.example", password: otp) == .refused(.invalidCredentials))
        let again = try #require(signedIn(try await auth.signIn(email: "rhea@lakeview.example", password: Self.password)))
        #expect(!again.mustChangePassword)
    }

    @Test func accountsAreUniqueByEmailAndListedWithoutSecrets() async throws {
        let f = try AccessFixture(); defer { f.remove() }
        let owner = try await f.accounts.add(email: "boss@lakeview.example", role: .owner)
        try await f.accounts.add(email: "rhea@lakeview.example", role: .frontDesk, password: Self.password)
        await #expect(throws: AccessError.duplicateUser(email: "rhea@lakeview.example")) {
            _ = try await f.accounts.add(email: " RHEA@Lakeview.example", role: .clinician, password: Self.password)
        }
        await #expect(throws: AccessError.weakPassword([.common])) {
            _ = try await f.accounts.add(email: "new@lakeview.example", role: .clinician, password: "password12345")
        }
        await #expect(throws: AccessError.unknownUser(email: "ghost@lakeview.example")) { _ = try await f.accounts.disable(email: "ghost@lakeview.example") }
        let list = try await f.accounts.list()
        #expect(list.map(\.email) == ["boss@lakeview.example", "rhea@lakeview.example"])
        #expect(list.map(\.role) == [.owner, .frontDesk])
        #expect(list[0].mfaConfigured && !list[0].mfaEnrolled && !list[1].mfaConfigured)
        // Audited; and neither the one-time password, the TOTP secret nor a token is on disk.
        #expect(try f.vault.auditEvents().contains { $0.action == "create" && $0.resourceType == "user" && $0.resourceID == owner.user.id })
        let (token, _) = try await f.accounts.createToken(email: "rhea@lakeview.example", name: "x")
        try f.close()
        let secrets = [try #require(owner.oneTimePassword), try #require(owner.enrollment?.totp.base32Secret), token, Self.password]
        for file in try FileManager.default.contentsOfDirectory(atPath: f.dataDir) where !file.hasPrefix("keys") {
            let data = try Data(contentsOf: URL(fileURLWithPath: f.dataDir).appendingPathComponent(file))
            for s in secrets { #expect(data.range(of: Data(s.utf8)) == nil, "\(file) holds a secret") }
        }
    }
}
