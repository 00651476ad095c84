import Foundation
import Testing
@testable import Access

@Suite("Password policy, bcrypt, one-time passwords")
struct PasswordTests {
    let policy = PasswordPolicy()

    @Test func aLongUncommonPasswordPasses() {
        #expect(policy.problems("quiet-lantern-orchard-73", email: "rhea.walsh@lakeviewdental.com").isEmpty)
        #expect(policy.problems("Ünïcode façade ☂ tea").isEmpty)
    }

    @Test func tooShortIsRefused() {
        #expect(policy.problems("Tr0ub4dor&3x") .isEmpty)           // exactly 12
        #expect(policy.problems("Tr0ub4dor&3") == [.tooShort(minimum: 12)])
        #expect(policy.problems("") .contains(.tooShort(minimum: 12)))
    }

    @Test func longerThanBcryptReadsIsRefused() {
        #expect(policy.problems(String(repeating: "quietlantern", count: 6)).isEmpty)   // 72 bytes
        #expect(policy.problems(String(repeating: "quietlantern", count: 6) + "x").contains(.tooLong(maximumBytes: 72)))
    }

    @Test func controlCharactersAreRefused() {
        #expect(policy.problems("quiet lantern\norchard").contains(.controlCharacter))
        #expect(policy.problems("quiet\u{0}lantern orchard").contains(.controlCharacter))
    }

    @Test(arguments: ["password1234", "Password123!", "P@ssw0rd2026!", "qwertyuiopasdfghjkl", "123456789012", "iloveyou2026!!",
                      "Summer2026!!!", "correcthorsebatterystaple", "passwordpassword", "!!Welcome12345", "1qaz2wsx3edc", "dentist12345",
                      "Fr0ntD3sk2026", "HIPAA2026!!!!", "qwertyqwerty"])
    func commonPasswordsAreRefused(_ p: String) {
        #expect(policy.problems(p).contains(.common) || policy.problems(p).contains(.repetitive), "\(p)")
        #expect(!policy.problems(p).isEmpty)
    }

    @Test func repeatedAndSequentialPatternsAreRefused() {
        #expect(policy.problems("aaaaaaaaaaaaaa") == [.repetitive])
        #expect(policy.problems("abcdefghijklmn") .contains(.common) || policy.problems("abcdefghijklmn").contains(.repetitive))
        #expect(policy.problems("lmnopqrstuvw") == [.repetitive])
        #expect(policy.problems("xyzxyzxyzxyz") == [.repetitive])
        #expect(policy.problems("987654321098") == [.repetitive])
        #expect(policy.problems("123456789012") == [.repetitive])
    }

    @Test func theEmailOrPartOfItIsRefused() {
        let email = "rhea.walsh@lakeviewdental.com"
        #expect(policy.problems("rhea.walsh-is-great", email: email) == [.containsEmail])
        #expect(policy.problems("my name is WALSH ok", email: email) == [.containsEmail])
        #expect(policy.problems("lakeviewdental rocks", email: email) == [.containsEmail])
        #expect(policy.problems("quiet-lantern-orchard", email: email).isEmpty)
    }

    @Test func checkThrowsEveryReason() {
        #expect(throws: AccessError.weakPassword([.tooShort(minimum: 12), .common])) { try policy.check("password1") }
        let message = AccessError.weakPassword([.tooShort(minimum: 12), .common]).description
        #expect(message.contains("at least 12 characters") && message.contains("common passwords"))
    }

    @Test func bcryptRoundTripAtCost12() async {
        let hasher = PasswordHasher()
        let h = await hasher.hash("quiet-lantern-orchard-73")
        #expect(h.hasPrefix("$2") && PasswordHasher.cost(of: h) == 12 && !h.contains("quiet"))
        #expect(await hasher.verify("quiet-lantern-orchard-73", against: h))
        #expect(await !hasher.verify("quiet-lantern-orchard-74", against: h))
        let again = await hasher.hash("quiet-lantern-orchard-73")
        #expect(again != h)   // a new salt each time
    }

    @Test func temporaryHashesAreMarkedAndStillVerify() async {
        let hasher = PasswordHasher(cost: 4)
        let h = await hasher.hash("one-time-secret-value", temporary: true)
        #expect(PasswordHasher.isTemporary(h) && PasswordHasher.cost(of: h) == 4)
        #expect(await hasher.verify("one-time-secret-value", against: h))
        #expect(await !hasher.verify("one-time-secret-value", against: "not a hash"))
        #expect(await !hasher.verify("", against: ""))
    }

    @Test func oneTimePasswordsAreLongRandomAndUnambiguous() {
        let a = OneTimePassword.generate(), b = OneTimePassword.generate()
        #expect(a.count == 20 && b.count == 20 && a != b)
        #expect(OneTimePassword.generate(length: 8).count == 16)
        let many = (0..<200).map { _ in OneTimePassword.generate() }.joined()
        #expect(!many.contains { "0O1lI".contains($0) })
        #expect(Set(many).count > 40)   // the alphabet is used, not a few characters
    }

    @Test func emailsAreNormalized() throws {
        #expect(try StaffEmail.normalize("  Rhea.Walsh@LakeviewDental.COM ") == "rhea.walsh@lakeviewdental.com")
        for bad in ["rhea", "rhea@", "@x.com", "rhea@localhost", "a b@x.com", "a@@x.com", "a@x..com", "a@x.com/evil"] {
            #expect(throws: AccessError.invalidEmail(bad)) { try StaffEmail.normalize(bad) }
        }
    }

    @Test func roleNamesParse() throws {
        #expect(try StaffAccounts.role("front_desk") == .frontDesk)
        #expect(try StaffAccounts.role("Front-Desk") == .frontDesk)
        #expect(try StaffAccounts.role("owner") == .owner)
        #expect(throws: AccessError.unknownRole("dentist")) { try StaffAccounts.role("dentist") }
        #expect(AccessError.unknownRole("dentist").description.contains("owner, admin, front_desk, clinician, auditor"))
    }
}
