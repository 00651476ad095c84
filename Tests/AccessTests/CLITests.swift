import Foundation
import FrontDeskCore
import FrontDeskTestSupport
import Testing
import Vault
@testable import Access

@Suite("frontdesk user / token")
struct CLITests {
    static let password = "quiet-lantern-orchard-73"

    /// A data dir (not yet made) and a key file outside it.
    final class Dir: @unchecked Sendable {
        let root: URL, data: String, keyFile: String
        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("access-cli-\(UUID().uuidString)")
            data = root.appendingPathComponent("data").path
            keyFile = root.appendingPathComponent("secrets/frontdesk.key").path
            try KeyRing.create(path: keyFile, now: Date())
        }
        var common: [String] { ["--data", data, "--key-file", keyFile] }
        func run(_ args: [String], stdin: String? = nil) throws -> FrontDeskCLI.Result { try CLI.run(args + common, stdin: stdin) }
        /// Runs `body` on the practice's store and an authenticator, with the real clock (as the CLI uses).
        func withAccess<T>(_ body: (VaultStore, Authenticator) async throws -> T) async throws -> T {
            let v = try Vault.open(directory: data, keyFile: keyFile, clock: SystemClock(), create: false)
            defer { try? v.close() }
            let store = v.store(practiceID: "lakeview-dental")
            return try await body(store, Authenticator(store: store, clock: SystemClock()))
        }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    func lastWord(_ s: String) -> String { s.split(whereSeparator: { $0 == " " || $0 == "\n" }).last.map(String.init) ?? "" }

    @Test func addWithoutAPasswordPrintsAOneTimePasswordThatMustBeChanged() async throws {
        let d = try Dir(); defer { d.remove() }
        let r = try d.run(["user", "add", "--practice", "examples/practices/dental.yaml", "--email", "Rhea@Lakeview.example", "--role", "front_desk"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("added rhea@lakeview.example as front_desk to practice lakeview-dental"))
        #expect(!r.stdout.contains("otpauth://"))
        let line = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("one-time password") })
        let otp = lastWord(String(line))
        #expect(otp.count == 20)
        let step = try await d.withAccess { _, auth in try await auth.signIn(email: "rhea@lakeview.example", password: otp) }
        guard case .signedIn(let s) = step else { Issue.record("not signed in: \(step)"); return }
        #expect(s.mustChangePassword && s.principal.role == .frontDesk)
    }

    @Test func addingAnAdminPrintsTheEnrollmentURIAndTheCodeSignsIn() async throws {
        let d = try Dir(); defer { d.remove() }
        let r = try d.run(["user", "add", "--practice-id", "lakeview-dental", "--email", "boss@lakeview.example", "--role", "admin", "--password-stdin"],
                          stdin: Self.password + "\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stdout.contains("one-time password") && !r.stdout.contains(Self.password))
        let uri = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("otpauth://totp/FrontDesk:boss@lakeview.example?secret=") })
        #expect(uri.hasSuffix("&issuer=FrontDesk&algorithm=SHA1&digits=6&period=30"))
        let secret = try #require(URLComponents(string: String(uri))?.queryItems?.first { $0.name == "secret" }?.value)
        let totp = try #require(TOTP(base32Secret: secret))
        let step = try await d.withAccess { _, auth -> SignInStep in
            guard case .needsTOTP(let c) = try await auth.signIn(email: "boss@lakeview.example", password: Self.password) else {
                return .refused(.invalidCredentials)
            }
            return try await auth.verifyTOTP(challenge: c, code: totp.code(at: Date()))
        }
        guard case .signedIn(let s) = step else { Issue.record("not signed in: \(step)"); return }
        #expect(s.principal.role == .admin && !s.mustChangePassword)
    }

    @Test func clearErrorsAndExitCodes() throws {
        let d = try Dir(); defer { d.remove() }
        let practice = ["--practice", "examples/practices/dental.yaml"]
        var r = try d.run(["user", "add", "--email", "a@lakeview.example", "--role", "front_desk"])
        #expect(r.status == 2 && r.stderr.contains("--practice"))                   // new data dir: which practice?
        r = try d.run(["user", "add"] + practice + ["--email", "a@lakeview.example", "--role", "dentist"])
        #expect(r.status == 2 && r.stderr.contains("unknown role \"dentist\"") && r.stderr.contains("owner, admin, front_desk, clinician, auditor"))
        r = try d.run(["user", "add"] + practice + ["--email", "not-an-email", "--role", "clinician"])
        #expect(r.status == 2 && r.stderr.contains("not an email address"))
        r = try d.run(["user", "add"] + practice + ["--email", "a@lakeview.example", "--role", "clinician", "--password-stdin"], stdin: "Password2026!\n")
        #expect(r.status == 2 && r.stderr.contains("common passwords") && !r.stderr.contains("Password2026!"))
        r = try d.run(["user", "add"] + practice + ["--email", "a@lakeview.example", "--role", "clinician", "--password-stdin"], stdin: "short\n")
        #expect(r.status == 2 && r.stderr.contains("at least 12 characters"))
        r = try d.run(["user", "add"] + practice + ["--email", "a@lakeview.example", "--role", "clinician"])
        #expect(r.status == 0, "\(r.stderr)")
        r = try d.run(["user", "add"] + practice + ["--email", "A@Lakeview.example", "--role", "auditor"])
        #expect(r.status == 1 && r.stderr.contains("already exists"))
        r = try d.run(["user", "disable", "--email", "ghost@lakeview.example"])
        #expect(r.status == 1 && r.stderr.contains("no user with the email ghost@lakeview.example"))
        r = try d.run(["token", "create", "--user", "ghost@lakeview.example"])
        #expect(r.status == 1 && r.stderr.contains("no user"))
        r = try d.run(["user", "list", "--practice", "examples/practices/dental.yaml", "--practice-id", "x"])
        #expect(r.status == 2)
    }

    @Test func listDisableResetMFAAndTokens() async throws {
        let d = try Dir(); defer { d.remove() }
        var r = try d.run(["user", "add", "--practice", "examples/practices/dental.yaml", "--email", "owner@lakeview.example", "--role", "owner"])
        #expect(r.status == 0, "\(r.stderr)")
        let firstURI = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("otpauth://") })
        // The data dir now holds one practice: it is the default.
        r = try d.run(["user", "add", "--email", "doc@lakeview.example", "--role", "clinician", "--password-stdin"], stdin: Self.password)
        #expect(r.status == 0, "\(r.stderr)")

        r = try d.run(["user", "list"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("EMAIL") == true && lines.count == 3)
        let doc = try #require(lines.first { $0.hasPrefix("doc@lakeview.example") })
        let owner = try #require(lines.first { $0.hasPrefix("owner@lakeview.example") })
        #expect(doc.split(separator: " ", omittingEmptySubsequences: true) == ["doc@lakeview.example", "clinician", "active", "off", "no"])
        #expect(owner.split(separator: " ", omittingEmptySubsequences: true) == ["owner@lakeview.example", "owner", "active", "pending", "no"])
        #expect(!r.stdout.contains("otpauth") && !r.stdout.contains("$2") && !r.stdout.contains("secret"))

        r = try d.run(["token", "create", "--user", "doc@lakeview.example", "--name", "refill bot"])
        #expect(r.status == 0, "\(r.stderr)")
        let token = lastWord(r.stdout)
        #expect(token.hasPrefix("fdt_") && token.count == 68)
        let principal = try await d.withAccess { _, auth in try await auth.authenticate(apiToken: token) }
        #expect(principal?.role == .clinician && principal?.email == "doc@lakeview.example")

        r = try d.run(["user", "reset-mfa", "--email", "owner@lakeview.example"])
        #expect(r.status == 0, "\(r.stderr)")
        let newURI = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("otpauth://totp/FrontDesk:owner@lakeview.example?secret=") })
        #expect(newURI != firstURI)

        r = try d.run(["user", "disable", "--email", "doc@lakeview.example"])
        #expect(r.status == 0 && r.stdout.contains("disabled doc@lakeview.example"))
        r = try d.run(["user", "list"])
        #expect(r.stdout.split(separator: "\n").contains { $0.hasPrefix("doc@lakeview.example") && $0.contains("disabled") })
        let after = try await d.withAccess { _, auth in try await auth.authenticate(apiToken: token) }
        #expect(after == nil)
        r = try d.run(["token", "create", "--user", "doc@lakeview.example"])
        #expect(r.status == 1 && r.stderr.contains("disabled"))
        r = try d.run(["user", "enable", "--email", "doc@lakeview.example"])
        #expect(r.status == 0)

        // Everything it did is in the audit trail, and the trail is intact.
        r = try d.run(["audit", "verify"])
        #expect(r.status == 0, "\(r.stdout) \(r.stderr)")
    }
}
