import Access
import Foundation
import FrontDeskCore
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Testing
import Vault

/// A clock the tests move by hand, shared by the Vault and the Authenticator.
final class DashboardClock: FrontDeskCore.Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date
    init(_ start: Date) { instant = start }
    func now() -> Date { lock.lock(); defer { lock.unlock() }; return instant }
    func advance(_ seconds: TimeInterval) { lock.lock(); instant += seconds; lock.unlock() }
}

/// A data dir with users of every role, a hostile call, a message and a refill; the dashboard over it.
final class DashboardFixture: @unchecked Sendable {
    static let password = "quiet-lantern-orchard-73"
    static let hostile = "<script>alert('x')</script>"
    let root: URL
    let clock = DashboardClock(Date(timeIntervalSince1970: 1_773_158_400))   // 2026-03-10T16:00Z, 11:00 in Chicago
    let vault: Vault
    let profile = Fixtures.dental
    let auth: Authenticator
    let dashboard: StaffDashboard
    var totp: [UserRole: TOTP] = [:]
    var userIDs: [UserRole: String] = [:]
    let callID = "call-ca-hostile"

    init(secureCookies: Bool = false) async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("dashboard-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let keyFile = root.appendingPathComponent("secrets/frontdesk.key").path
        try KeyRing.create(path: keyFile, now: clock.now())
        vault = try Vault.open(directory: root.appendingPathComponent("data").path, keyFile: keyFile, clock: clock)
        let store = vault.store(practiceID: profile.practice.id, context: .cli)
        let hasher = PasswordHasher(cost: 4)
        auth = Authenticator(store: store, clock: clock, hasher: hasher)
        var logger = Logger(label: "test"); logger.logLevel = .critical
        dashboard = try StaffDashboard(vault: vault, profile: profile, clock: clock, secureCookies: secureCookies, authenticator: auth, logger: logger)
        let accounts = StaffAccounts(store: store, clock: clock, hasher: hasher)
        for role in UserRole.allCases {
            let a = try await accounts.add(email: "\(role.rawValue.replacingOccurrences(of: "_", with: ""))@lakeview.example", role: role, password: Self.password)
            userIDs[role] = a.user.id
            if let e = a.enrollment { totp[role] = e.totp }
        }
        let engine = vault.store(practiceID: profile.practice.id, context: .engine)
        let start = clock.now().addingTimeInterval(-3600)
        try await engine.begin(call: CallRecord(id: callID, practiceID: profile.practice.id, callerNumber: Self.hostile, startedAt: start))
        try await engine.append(toCall: callID, transcript: [
            TranscriptEntry(speaker: "caller", text: "My name is \(Self.hostile) and <img src=x onerror=alert(1)>", at: start),
            TranscriptEntry(speaker: "agent", text: "I’m sending you to 911 now.", at: start.addingTimeInterval(5)),
        ], events: [CallRecordEvent(outcome: .emergencyTransfer, turn: 1)])
        try await engine.finish(call: callID, endedAt: start.addingTimeInterval(40), patientID: nil,
                                summary: "Caller \(Self.hostile) — emergency transfer", outcomes: [.emergencyTransfer])
        try await engine.save(message: StaffMessage(id: "msg-1", practiceID: profile.practice.id, callerName: Self.hostile,
                                                    callbackNumber: "+13125550177", reason: .billing, createdAt: start))
    }

    func email(_ role: UserRole) -> String { "\(role.rawValue.replacingOccurrences(of: "_", with: ""))@lakeview.example" }

    /// A session token for `role`, signed in through the Authenticator (with a TOTP code when needed).
    func session(_ role: UserRole) async throws -> String {
        switch try await auth.signIn(email: email(role), password: Self.password) {
        case .signedIn(let s): return s.token
        case .needsTOTP(let challenge):
            guard case .signedIn(let s) = try await auth.verifyTOTP(challenge: challenge, code: totp[role]!.code(at: clock.now())) else {
                throw CancellationError()
            }
            return s.token
        case .refused(let why): Issue.record("refused: \(why)"); throw CancellationError()
        }
    }

    var app: some ApplicationProtocol {
        let router = Router(context: BasicRequestContext.self)
        dashboard.addRoutes(to: router)
        return Application(router: router)
    }

    func remove() { try? vault.close(); try? FileManager.default.removeItem(at: root) }
}

/// Helpers over responses: cookies, the CSRF field, headers.
enum Web {
    static func cookies(_ r: TestResponse) -> [String: String] {
        var out: [String: String] = [:]
        for c in r.headers[values: .setCookie] {
            let first = c.split(separator: ";")[0]
            let kv = first.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(kv[0])] = kv.count > 1 ? String(kv[1]) : ""
        }
        return out
    }

    static func setCookie(_ r: TestResponse, _ name: String) -> String? {
        r.headers[values: .setCookie].first { $0.hasPrefix(name + "=") }
    }

    static func csrf(_ body: String) -> String? {
        guard let r = body.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(body[r.upperBound...].prefix { $0 != "\"" })
    }

    static func headers(cookies: [String: String], form: Bool = false) -> HTTPFields {
        var h = HTTPFields()
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if form { h[.contentType] = "application/x-www-form-urlencoded" }
        return h
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: fields.keys.sorted().map {
            "\($0)=\(fields[$0]!.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&"))
    }

    static func expectSecurityHeaders(_ r: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(r.headers[HTTPFields.Element.Name("Content-Security-Policy")!]
                == "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                sourceLocation: sourceLocation)
        #expect(r.headers[HTTPFields.Element.Name("X-Content-Type-Options")!] == "nosniff", sourceLocation: sourceLocation)
        #expect(r.headers[HTTPFields.Element.Name("Referrer-Policy")!] == "no-referrer", sourceLocation: sourceLocation)
        #expect(r.headers[.cacheControl] == "no-store", sourceLocation: sourceLocation)
    }
}

@Suite("Staff dashboard", .serialized) struct DashboardTests {
    static let pages = ["/", "/calls/call-ca-hostile", "/messages", "/refills", "/appointments", "/audit", "/practice", "/password"]

    @Test func signInWithPasswordAndTOTPThenSignOut() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        try await f.app.test(.router) { client in
            var jar: [String: String] = [:]
            let csrf = try await client.execute(uri: "/login", method: .get) { r in
                #expect(r.status == .ok)
                Web.expectSecurityHeaders(r)
                let body = String(buffer: r.body)
                #expect(body.contains("autocomplete=\"username\"") && body.contains("autocomplete=\"current-password\""))
                #expect(body.contains("Lakeview Family Dental"))
                jar.merge(Web.cookies(r)) { $1 }
                return try #require(Web.csrf(body))
            }
            try await client.execute(uri: "/login", method: .post, headers: Web.headers(cookies: jar, form: true),
                                     body: Web.form(["email": f.email(.owner), "password": DashboardFixture.password, "csrf": csrf])) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/login/mfa")
                let c = try #require(Web.setCookie(r, "frontdesk_mfa"))
                #expect(c.contains("HttpOnly") && c.contains("SameSite=Strict") && !c.contains("Secure"))
                #expect(Web.cookies(r)["frontdesk_session"] == nil)
                jar.merge(Web.cookies(r)) { $1 }
            }
            let mfaCSRF = try await client.execute(uri: "/login/mfa", method: .get, headers: Web.headers(cookies: jar)) { r in
                let body = String(buffer: r.body)
                #expect(body.contains("autocomplete=\"one-time-code\"") && body.contains("inputmode=\"numeric\""))
                return try #require(Web.csrf(body))
            }
            // A wrong code first: refused, the challenge stays.
            try await client.execute(uri: "/login/mfa", method: .post, headers: Web.headers(cookies: jar, form: true),
                                     body: Web.form(["code": "000000", "csrf": mfaCSRF])) { r in
                #expect(r.status == .unauthorized)
                #expect(String(buffer: r.body).contains("That code didn’t work"))
            }
            let code = f.totp[.owner]!.code(at: f.clock.now())
            try await client.execute(uri: "/login/mfa", method: .post, headers: Web.headers(cookies: jar, form: true),
                                     body: Web.form(["code": code, "csrf": mfaCSRF])) { r in
                #expect(r.status == .seeOther)
                #expect(r.headers[.location] == "/")
                let c = try #require(Web.setCookie(r, "frontdesk_session"))
                #expect(c.contains("; Path=/;") && c.contains("HttpOnly") && c.contains("SameSite=Strict") && !c.contains("Secure"))
                jar.merge(Web.cookies(r)) { $1 }
            }
            #expect(try await f.auth.authenticate(sessionToken: jar["frontdesk_session"]!) != nil)
            let logoutCSRF = try await client.execute(uri: "/", method: .get, headers: Web.headers(cookies: jar)) { r in
                #expect(r.status == .ok)
                let body = String(buffer: r.body)
                #expect(body.contains("Today’s calls") && body.contains("owner@lakeview.example"))
                return try #require(Web.csrf(body))
            }
            try await client.execute(uri: "/logout", method: .post, headers: Web.headers(cookies: jar, form: true),
                                     body: Web.form(["csrf": logoutCSRF])) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/login")
                #expect(Web.setCookie(r, "frontdesk_session")?.contains("Max-Age=0") == true)
            }
            #expect(try await f.auth.authenticate(sessionToken: jar["frontdesk_session"]!) == nil)
            try await client.execute(uri: "/", method: .get, headers: Web.headers(cookies: jar)) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/login")
            }
        }
    }

    @Test func passwordOnlyRoleSignsInAndSecureCookieOverHTTPS() async throws {
        let f = try await DashboardFixture(secureCookies: true); defer { f.remove() }
        try await f.app.test(.router) { client in
            var jar: [String: String] = [:]
            let csrf = try await client.execute(uri: "/login", method: .get) { r in
                jar.merge(Web.cookies(r)) { $1 }
                return try #require(Web.csrf(String(buffer: r.body)))
            }
            try await client.execute(uri: "/login", method: .post, headers: Web.headers(cookies: jar, form: true),
                                     body: Web.form(["email": f.email(.frontDesk), "password": DashboardFixture.password, "csrf": csrf])) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/")
                let c = try #require(Web.setCookie(r, "frontdesk_session"))
                #expect(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure") && c.contains("Path=/"))
            }
        }
    }

    @Test func wrongPasswordThenLockout() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        try await f.app.test(.router) { client in
            var jar: [String: String] = [:]
            let csrf = try await client.execute(uri: "/login", method: .get) { r in
                jar.merge(Web.cookies(r)) { $1 }
                return try #require(Web.csrf(String(buffer: r.body)))
            }
            for attempt in 1...5 {
                try await client.execute(uri: "/login", method: .post, headers: Web.headers(cookies: jar, form: true),
                                         body: Web.form(["email": f.email(.clinician), "password": "wrong-guess-\(attempt)-xyzzy", "csrf": csrf])) { r in
                    #expect(r.status == .unauthorized)
                    let body = String(buffer: r.body)
                    #expect(Web.cookies(r)["frontdesk_session"] == nil)
                    if attempt < 5 {
                        #expect(body.contains("The email or password is not right"))
                    } else {
                        #expect(body.contains("This account is locked after too many failed attempts"))
                        #expect(body.contains("11:15 AM"))   // 16:00Z + 15 min, Chicago
                    }
                    // The email is kept (escaped) in the form; the password is never echoed.
                    #expect(body.contains("value=\"clinician@lakeview.example\"") && !body.contains("wrong-guess"))
                }
            }
            // Locked: the right password is refused too.
            try await client.execute(uri: "/login", method: .post, headers: Web.headers(cookies: jar, form: true),
                                     body: Web.form(["email": f.email(.clinician), "password": DashboardFixture.password, "csrf": csrf])) { r in
                #expect(r.status == .unauthorized)
                #expect(String(buffer: r.body).contains("locked"))
            }
        }
    }

    @Test func anonymousVisitorsAreSentToLogin() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        try await f.app.test(.router) { client in
            for page in Self.pages {
                try await client.execute(uri: page, method: .get) { r in
                    #expect(r.status == .seeOther, "\(page)")
                    #expect(r.headers[.location] == "/login", "\(page)")
                    Web.expectSecurityHeaders(r)
                }
            }
            // A stale or forged cookie is treated the same, and cleared.
            try await client.execute(uri: "/messages", method: .get, headers: Web.headers(cookies: ["frontdesk_session": "fds_forged"])) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/login")
                #expect(Web.setCookie(r, "frontdesk_session")?.contains("Max-Age=0") == true)
            }
        }
    }

    @Test func eachRoleGetsExactlyItsPages() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        let needs: [String: Permission] = ["/": .viewCalls, "/calls/call-ca-hostile": .viewCallSummaries, "/messages": .viewMessages,
                                           "/refills": .viewRefills, "/appointments": .viewAppointments, "/audit": .viewAudit,
                                           "/practice": .viewPractice]
        try await f.app.test(.router) { client in
            for role in UserRole.allCases {
                let token = try await f.session(role)
                for (page, permission) in needs.sorted(by: { $0.key < $1.key }) {
                    try await client.execute(uri: page, method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                        let allowed = role.can(permission)
                        #expect(r.status == (allowed ? .ok : .forbidden), "\(role) \(page)")
                        Web.expectSecurityHeaders(r)
                        if !allowed { #expect(String(buffer: r.body).contains("Not available for your role"), "\(role) \(page)") }
                        // Navigation shows only what the role may open.
                        #expect(String(buffer: r.body).contains("href=\"/audit\"") == role.can(.viewAudit), "\(role) \(page)")
                    }
                }
            }
        }
    }

    @Test func transcriptsOnlyForRolesThatMay() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        try await f.app.test(.router) { client in
            for role in [UserRole.frontDesk, .clinician] {
                let token = try await f.session(role)
                try await client.execute(uri: "/calls/\(f.callID)", method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                    let body = String(buffer: r.body)
                    #expect(r.status == .ok)
                    #expect(body.contains("sending you to 911") == role.can(.viewTranscripts), "\(role)")
                    #expect(body.contains("Emergency · sent to 911"))
                }
            }
            let token = try await f.session(.frontDesk)
            try await client.execute(uri: "/calls/call-nope", method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                #expect(r.status == .notFound)
            }
        }
    }

    @Test func formsWithoutTheRightCSRFTokenAreRefused() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        let token = try await f.session(.frontDesk)
        try await f.app.test(.router) { client in
            // Sign-out with a wrong or missing token: refused, the session lives on.
            for fields in [["csrf": "0000"], [:]] {
                try await client.execute(uri: "/logout", method: .post, headers: Web.headers(cookies: ["frontdesk_session": token], form: true),
                                         body: Web.form(fields)) { r in
                    #expect(r.status == .forbidden)
                    Web.expectSecurityHeaders(r)
                }
            }
            #expect(try await f.auth.authenticate(sessionToken: token) != nil)
            // Another session's token does not fit this session.
            let other = try await f.session(.clinician)
            let otherCSRF = try await client.execute(uri: "/", method: .get, headers: Web.headers(cookies: ["frontdesk_session": other])) { r in
                try #require(Web.csrf(String(buffer: r.body)))
            }
            try await client.execute(uri: "/logout", method: .post, headers: Web.headers(cookies: ["frontdesk_session": token], form: true),
                                     body: Web.form(["csrf": otherCSRF])) { r in #expect(r.status == .forbidden) }
            // Sign-in without the login cookie's token: refused before the password is looked at.
            try await client.execute(uri: "/login", method: .post, headers: Web.headers(cookies: [:], form: true),
                                     body: Web.form(["email": f.email(.frontDesk), "password": DashboardFixture.password])) { r in
                #expect(r.status == .forbidden)
                #expect(Web.cookies(r)["frontdesk_session"] == nil)
            }
            // The password form too.
            try await client.execute(uri: "/password", method: .post, headers: Web.headers(cookies: ["frontdesk_session": token], form: true),
                                     body: Web.form(["current": DashboardFixture.password, "new": "another-long-passphrase-91", "confirm": "another-long-passphrase-91", "csrf": "x"])) { r in
                #expect(r.status == .forbidden)
            }
        }
    }

    @Test func callerTextIsAlwaysEscaped() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        let token = try await f.session(.owner)
        try await f.app.test(.router) { client in
            for page in ["/", "/calls/\(f.callID)", "/messages"] {
                try await client.execute(uri: page, method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                    let body = String(buffer: r.body)
                    #expect(r.status == .ok, "\(page)")
                    #expect(!body.contains("<script"), "\(page)")
                    #expect(!body.contains("<img"), "\(page)")
                    #expect(body.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "\(page)")
                }
            }
        }
    }

    @Test func urgentCallsStandOutWithText() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        let token = try await f.session(.frontDesk)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/", method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                let body = String(buffer: r.body)
                #expect(body.contains("<tr class=\"urgent\">"))
                #expect(body.contains("Emergency · sent to 911"))
                #expect(body.contains("1 urgent call"))
            }
        }
    }

    @Test func viewingACallIsAuditedAsTheUser() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        let token = try await f.session(.clinician)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/calls/\(f.callID)", method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                #expect(r.status == .ok)
            }
        }
        let events = try f.vault.auditEvents().filter { $0.resourceType == "call" && $0.resourceID == f.callID && $0.action == "read" }
        #expect(events.count == 1)
        #expect(events.first?.actor == "user:\(f.userIDs[.clinician]!)")
        #expect(events.first?.outcome == "success")
        // The auditor sees it in the audit trail, the user shown by email.
        let auditor = try await f.session(.auditor)
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/audit", method: .get, headers: Web.headers(cookies: ["frontdesk_session": auditor])) { r in
                let body = String(buffer: r.body)
                #expect(r.status == .ok)
                #expect(body.contains("clinician@lakeview.example") && body.contains("call/\(f.callID)"))
            }
            try await client.execute(uri: "/audit?since=2026-03-11&until=2026-03-12", method: .get,
                                     headers: Web.headers(cookies: ["frontdesk_session": auditor])) { r in
                #expect(String(buffer: r.body).contains("No events match these filters"))
            }
        }
    }

    @Test func idleSessionsEndAfterFifteenMinutes() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        let token = try await f.session(.frontDesk)
        try await f.app.test(.router) { client in
            f.clock.advance(14 * 60)
            try await client.execute(uri: "/messages", method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                #expect(r.status == .ok)
            }
            f.clock.advance(15 * 60 + 1)
            try await client.execute(uri: "/messages", method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                #expect(r.status == .seeOther && r.headers[.location] == "/login")
            }
        }
    }

    @Test func stylesheetIsServedWithTheSameHeaders() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/static/app.css", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType] == "text/css; charset=utf-8")
                Web.expectSecurityHeaders(r)
            }
        }
    }
}

/// Not a test: serves the dashboard over a real data dir for `tools/browser-check.py` until the process is
/// stopped, when `FRONTDESK_DASHBOARD_DATA` (and `FRONTDESK_DASHBOARD_PORT`, `FRONTDESK_DASHBOARD_PRACTICE`)
/// are set. Lets the browser check run against the dashboard alone (the check starts its server command
/// from its temp dir, hence `--package-path`):
///
///     tools/browser-check.py --server-cmd "swift test --package-path $PWD --skip-build --filter DashboardLiveServer" shots/
@Suite struct DashboardLiveServer {
    static let env = ProcessInfo.processInfo.environment

    @Test(.enabled(if: env["FRONTDESK_DASHBOARD_DATA"] != nil)) func serve() async throws {
        let data = Self.env["FRONTDESK_DASHBOARD_DATA"]!
        let keyFile = Self.env["FRONTDESK_KEY_FILE"] ?? (data as NSString).appendingPathComponent("keys/frontdesk.key")
        let port = Int(Self.env["FRONTDESK_DASHBOARD_PORT"] ?? "") ?? 8089
        let profile = try ProfileLoader.load(path: Self.env["FRONTDESK_DASHBOARD_PRACTICE"] ?? Fixtures.dentalPath)
        let clock = SystemClock()
        let vault = try Vault.open(directory: data, keyFile: keyFile, clock: clock, create: false)
        let router = Router(context: BasicRequestContext.self)
        try StaffDashboard(vault: vault, profile: profile, clock: clock, secureCookies: false).addRoutes(to: router)
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
