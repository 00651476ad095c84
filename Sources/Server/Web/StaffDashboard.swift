import Access
import Foundation
import FrontDeskCore
import Hummingbird
import Logging
import Vault

/// The staff web dashboard (issue 6): server-rendered pages for signing in (password, then TOTP), today's
/// calls, a call, the message inbox, the refill queue, appointments by day, the audit trail and the practice
/// profile. Every page names the `Permission` it needs; anonymous visitors are sent to `/login`, roles
/// without the permission get a 403 page. Every PHI read goes through the Vault acting as the signed-in
/// user, so it is audited as `user:<id>`. Open messages and refill requests can be marked handled (a small
/// CSRF-protected form per item). No JavaScript; one stylesheet at `/static/app.css`. Pages are rendered
/// from the Mustache templates in `Web/Templates` (`DashboardTemplates`), compiled once here.
///
/// Mount it on the server's router:
///
///     let dashboard = try StaffDashboard(vault: vault, profile: profile, clock: clock, secureCookies: https)
///     dashboard.addRoutes(to: router)
///
/// See docs/dashboard.md for the routes, cookies, CSRF tokens and headers.
public struct StaffDashboard: Sendable {
    /// The vault the pages read.
    public let vault: Vault
    /// The practice this dashboard serves (its name heads every page; its id scopes every read).
    public let profile: PracticeProfile
    /// Signs people in and checks each request's session. Share it with the JSON API: it holds the pending
    /// TOTP challenges and the replay guard.
    public let authenticator: Authenticator
    /// Cookies, CSRF, headers.
    public let security: WebSecurity
    /// The compiled page templates.
    let templates: DashboardTemplates
    let clock: any FrontDeskCore.Clock
    let logger: Logger

    /// - Parameters:
    ///   - vault: the open vault (same clock as `clock`).
    ///   - profile: the practice profile.
    ///   - clock: what "now" and "today" are.
    ///   - secureCookies: set `Secure` on cookies (the public URL is https).
    ///   - authenticator: the shared `Authenticator`; one is made over the practice's store when nil.
    ///   - logger: for sign-in outcomes (ids and reasons only, never PHI or credentials).
    /// - Throws: when the bundled page templates are missing or do not parse (`DashboardTemplates.LoadError`).
    public init(vault: Vault, profile: PracticeProfile, clock: any FrontDeskCore.Clock, secureCookies: Bool,
                authenticator: Authenticator? = nil, logger: Logger = Logger(label: "frontdesk.dashboard")) throws {
        self.templates = try DashboardTemplates.bundled()
        self.vault = vault
        self.profile = profile
        self.clock = clock
        self.security = WebSecurity(secureCookies: secureCookies)
        self.authenticator = authenticator
            ?? Authenticator(store: vault.store(practiceID: profile.practice.id, context: .engine), clock: clock)
        self.logger = logger
    }

    /// Adds the dashboard's routes to `router`: `/`, `/login`, `/login/mfa`, `/logout`, `/password`,
    /// `/calls/{id}`, `/messages`, `/messages/{id}/handled`, `/refills`, `/refills/{id}/handled`,
    /// `/appointments`, `/audit`, `/practice`, `/static/app.css`.
    public func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let d = self
        router.get("/static/app.css") { _, _ in d.stylesheet() }
        router.get("/login") { req, _ in try await d.loginPage(req) }
        router.post("/login") { req, ctx in try await d.login(req, channel: Self.channel(ctx)) }
        router.get("/login/mfa") { req, _ in try await d.mfaPage(req) }
        router.post("/login/mfa") { req, ctx in try await d.verifyCode(req, channel: Self.channel(ctx)) }
        router.post("/logout") { req, _ in try await d.logout(req) }
        router.get("/password") { req, ctx in
            try await d.authorized(req, Self.channel(ctx), needs: nil, allowTemporary: true) { s in d.passwordPage(s) }
        }
        router.post("/password") { req, ctx in try await d.changePassword(req, channel: Self.channel(ctx)) }
        router.get("/") { req, ctx in
            try await d.authorized(req, Self.channel(ctx), needs: .viewCalls) { s in try await d.callsPage(s, day: Self.query(req, "day")) }
        }
        router.get("/calls/:id") { req, ctx in
            let id = Self.pathID(ctx)
            return try await d.authorized(req, Self.channel(ctx), needs: .viewCallSummaries) { s in try await d.callPage(s, id: id) }
        }
        router.get("/messages") { req, ctx in
            try await d.authorized(req, Self.channel(ctx), needs: .viewMessages) { s in try await d.messagesPage(s, status: Self.query(req, "status")) }
        }
        router.post("/messages/:id/handled") { req, ctx in
            try await d.markHandled(req, channel: Self.channel(ctx), kind: .message, id: Self.pathID(ctx))
        }
        router.get("/refills") { req, ctx in
            try await d.authorized(req, Self.channel(ctx), needs: .viewRefills) { s in try await d.refillsPage(s, status: Self.query(req, "status")) }
        }
        router.post("/refills/:id/handled") { req, ctx in
            try await d.markHandled(req, channel: Self.channel(ctx), kind: .refill, id: Self.pathID(ctx))
        }
        router.get("/appointments") { req, ctx in
            try await d.authorized(req, Self.channel(ctx), needs: .viewAppointments) { s in try await d.appointmentsPage(s, day: Self.query(req, "day")) }
        }
        router.get("/audit") { req, ctx in
            try await d.authorized(req, Self.channel(ctx), needs: .viewAudit) { s in
                var query: [String: String] = [:]
                for name in ["since", "until", "user", "action", "type"] { query[name] = Self.query(req, name) }
                return try await d.auditPage(s, filter: AuditFilter(query: query))
            }
        }
        router.get("/practice") { req, ctx in try await d.authorized(req, Self.channel(ctx), needs: .viewPractice) { s in d.practicePage(s) } }
    }

    // MARK: - Requests

    /// A signed-in request: who, the CSRF token for their forms, and the store acting as them.
    struct Signed: Sendable {
        let principal: Principal
        let csrf: String
        /// The practice's store, every access audited as this user from this channel.
        let store: VaultStore
    }

    /// A query parameter's value (Hummingbird has percent-decoded it), nil when absent.
    static func query(_ req: Request, _ name: String) -> String? {
        req.uri.queryParameters[Substring(name)].map(String.init)
    }

    /// The `{id}` path segment, percent-decoded (pages link to records with `Format.pathSegment`).
    static func pathID(_ context: some RequestContext) -> String {
        let raw = context.parameters.get("id") ?? ""
        return raw.removingPercentEncoding ?? raw
    }

    /// The client's address when the context knows it, else `web`: the audit trail's channel.
    static func channel(_ context: some RequestContext) -> String {
        if let c = context as? any RemoteAddressRequestContext, let ip = c.remoteAddress?.ipAddress { return ip }
        return "web"
    }

    /// Authenticates the session cookie and checks `needs`: anonymous → 303 to /login (the stale cookie
    /// cleared); a temporary password → 303 to /password; without the permission → 403 page.
    func authorized(_ req: Request, _ channel: String, needs: Permission?, allowTemporary: Bool = false,
                    _ render: (Signed) async throws -> Response) async throws -> Response {
        guard let token = req.cookies[WebSecurity.sessionCookie]?.value, !token.isEmpty,
              let principal = try await authenticator.authenticate(sessionToken: token, userAgent: req.headers[.userAgent]),
              principal.practiceID == profile.practice.id else {
            let had = req.cookies[WebSecurity.sessionCookie] != nil
            return redirect("/login", cookies: had ? [security.expire(WebSecurity.sessionCookie)] : [])
        }
        if !allowTemporary, let user = try await authenticator.store.user(id: principal.userID),
           PasswordHasher.isTemporary(user.passwordHash) {
            return redirect("/password")
        }
        let signed = Signed(principal: principal, csrf: security.csrfToken("session", token),
                            store: vault.store(practiceID: profile.practice.id, context: principal.auditContext(channel: channel)))
        if let needs, !principal.can(needs) { return forbidden(signed, needs) }
        return try await render(signed)
    }

    /// The body of a form POST, or nil when it is not a form or too large or malformed.
    func form(_ req: Request) async throws -> [String: String]? {
        guard req.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return nil }
        var r = req
        guard let buffer = try? await r.collectBody(upTo: WebSecurity.maxFormBytes) else { return nil }
        return WebSecurity.parseForm(String(buffer: buffer))
    }

    // MARK: - Responses

    /// `template` rendered over `view`, with the dashboard's headers.
    func html(_ status: HTTPResponse.Status, _ template: DashboardTemplates.Page, _ view: PageView, cookies: [String] = []) -> Response {
        var headers = Self.baseHeaders(cookies: cookies)
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: templates.render(template, view))))
    }

    func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = Self.baseHeaders(cookies: cookies)
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    static func baseHeaders(cookies: [String]) -> HTTPFields {
        var headers = HTTPFields()
        for (name, value) in WebSecurity.headers { headers[name] = value }
        for c in cookies { headers.append(HTTPFields.Element(name: .setCookie, value: c)) }
        return headers
    }

    func stylesheet() -> Response {
        var headers = Self.baseHeaders(cookies: [])
        headers[.contentType] = "text/css; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: Stylesheet.css)))
    }

    /// The 403 page for a form whose CSRF token is missing or wrong; nothing was done.
    func formExpired(back: LinkView = LinkView(href: "/login", label: "Go back and try again")) -> Response {
        bare(.notice, title: "Form expired", status: .forbidden, NoticeView(
            heading: "This form has expired",
            text: "For your security, forms stop working after a while or when opened in another window.", link: back))
    }

    // MARK: - Sign-in

    func loginPage(_ req: Request, error: String? = nil, status: HTTPResponse.Status = .ok, email: String = "") async throws -> Response {
        if let token = req.cookies[WebSecurity.sessionCookie]?.value, !token.isEmpty,
           try await authenticator.authenticate(sessionToken: token, userAgent: req.headers[.userAgent]) != nil {
            return redirect("/")
        }
        var cookies: [String] = []
        var secret = req.cookies[WebSecurity.loginCookie]?.value ?? ""
        if secret.count != 64 {
            secret = WebSecurity.randomValue()
            cookies.append(security.cookie(WebSecurity.loginCookie, secret, path: "/login", maxAge: 3600))
        }
        return bare(.login, title: "Sign in", status: status, cookies: cookies,
                    LoginView(csrf: security.csrfToken("login", secret), error: error, email: email))
    }

    func login(_ req: Request, channel: String) async throws -> Response {
        guard let f = try await form(req) else {
            return bare(.notice, title: "Bad request", status: .badRequest,
                        NoticeView(heading: "Bad request", text: nil, link: LinkView(href: "/login", label: "Back to sign in")))
        }
        guard let secret = req.cookies[WebSecurity.loginCookie]?.value, security.csrfValid(f["csrf"], "login", secret) else {
            logger.notice("dashboard sign-in refused: CSRF token missing or wrong")
            return formExpired()
        }
        let email = f["email"] ?? "", password = f["password"] ?? ""
        let step = try await authenticator.signIn(email: email, password: password, ip: channel, userAgent: req.headers[.userAgent])
        switch step {
        case .signedIn(let s):
            return signedIn(s)
        case .needsTOTP(let challenge):
            return redirect("/login/mfa", cookies: [security.cookie(WebSecurity.challengeCookie, challenge, path: "/login", maxAge: 300)])
        case .refused(let why):
            logger.notice("dashboard sign-in refused", metadata: ["reason": .string(Self.reasonName(why))])
            return try await loginPage(req, error: Format.refusal(why, timeZone: profile.timeZone), status: .unauthorized, email: email)
        }
    }

    func signedIn(_ s: SignedIn) -> Response {
        logger.info("dashboard sign-in", metadata: ["user_id": .string(s.principal.userID)])
        return redirect(s.mustChangePassword ? "/password" : "/", cookies: [
            security.cookie(WebSecurity.sessionCookie, s.token),
            security.expire(WebSecurity.challengeCookie, path: "/login"),
            security.expire(WebSecurity.loginCookie, path: "/login"),
        ])
    }

    func mfaPage(_ req: Request, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let challenge = req.cookies[WebSecurity.challengeCookie]?.value, !challenge.isEmpty else { return redirect("/login") }
        return bare(.mfa, title: "Verification code", status: status, MFAView(csrf: security.csrfToken("mfa", challenge), error: error))
    }

    func verifyCode(_ req: Request, channel: String) async throws -> Response {
        guard let challenge = req.cookies[WebSecurity.challengeCookie]?.value, !challenge.isEmpty else { return redirect("/login") }
        guard let f = try await form(req), security.csrfValid(f["csrf"], "mfa", challenge) else { return formExpired() }
        let step = try await authenticator.verifyTOTP(challenge: challenge, code: f["code"] ?? "", ip: channel, userAgent: req.headers[.userAgent])
        switch step {
        case .signedIn(let s):
            return signedIn(s)
        case .needsTOTP:
            return redirect("/login")
        case .refused(.invalidCode):
            logger.notice("dashboard sign-in refused", metadata: ["reason": "invalid_code"])
            return try await mfaPage(req, error: "That code didn’t work. Enter the current 6-digit code from your authenticator app.", status: .unauthorized)
        case .refused(let why):
            logger.notice("dashboard sign-in refused", metadata: ["reason": .string(Self.reasonName(why))])
            let message = why == .challengeExpired ? "Your sign-in took too long. Please enter your email and password again."
                : Format.refusal(why, timeZone: profile.timeZone)
            var r = try await loginPage(req, error: message, status: .unauthorized)
            r.headers.append(HTTPFields.Element(name: .setCookie, value: security.expire(WebSecurity.challengeCookie, path: "/login")))
            return r
        }
    }

    func logout(_ req: Request) async throws -> Response {
        let clear = [security.expire(WebSecurity.sessionCookie)]
        guard let token = req.cookies[WebSecurity.sessionCookie]?.value, !token.isEmpty else { return redirect("/login", cookies: clear) }
        guard let f = try await form(req), security.csrfValid(f["csrf"], "session", token) else { return formExpired() }
        try await authenticator.signOut(sessionToken: token)
        return redirect("/login", cookies: clear)
    }

    static func reasonName(_ r: SignInRefusal) -> String {
        switch r {
        case .invalidCredentials: return "invalid_credentials"
        case .locked: return "locked"
        case .disabled: return "disabled"
        case .mfaNotSetUp: return "mfa_not_set_up"
        case .invalidCode: return "invalid_code"
        case .challengeExpired: return "challenge_expired"
        }
    }

    // MARK: - Password change

    func passwordPage(_ s: Signed, error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        page(s, .password, title: "Choose a new password", current: nil, narrow: true, status: status,
             PasswordView(csrf: s.csrf, email: s.principal.email, error: error))
    }

    func changePassword(_ req: Request, channel: String) async throws -> Response {
        try await authorized(req, channel, needs: nil, allowTemporary: true) { s in
            guard let token = req.cookies[WebSecurity.sessionCookie]?.value,
                  let f = try await form(req), security.csrfValid(f["csrf"], "session", token) else { return formExpired() }
            let new = f["new"] ?? ""
            guard new == (f["confirm"] ?? "") else {
                return passwordPage(s, error: "The two new passwords are not the same.", status: .badRequest)
            }
            do {
                let fresh = try await authenticator.changePassword(userID: s.principal.userID, current: f["current"] ?? "", new: new,
                                                                   ip: channel, userAgent: req.headers[.userAgent])
                return redirect("/", cookies: [security.cookie(WebSecurity.sessionCookie, fresh.token)])
            } catch let e as AccessError {
                return passwordPage(s, error: "\(e.description.prefix(1).uppercased() + e.description.dropFirst()).", status: .badRequest)
            } catch let r as SignInRefusal {
                return passwordPage(s, error: Format.refusal(r, timeZone: profile.timeZone), status: .forbidden)
            }
        }
    }
}
