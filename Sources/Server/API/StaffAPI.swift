import Access
import Foundation
import FrontDeskCore
import Hummingbird
import Logging
import Vault

/// The staff JSON API under `/api/v1` (issue 6; docs/api.md): calls, appointments, messages, refill
/// requests, patients and the audit trail of one practice, for the dashboard and for scripts.
///
/// - **Authentication** (`StaffAuthMiddleware`): `Authorization: Bearer <API token>`, or the dashboard's
///   session cookie `frontdesk_session`; cookie requests with an unsafe method need `X-CSRF-Token`
///   (`StaffCSRF`). 401 without a valid credential, 403 for a role without the route's permission.
/// - **Audit**: every route works on `store.acting(as: principal.auditContext(channel: client IP))`, so
///   every PHI read or write is in the audit trail under `user:<id>` (session) or `token:<id>` (API token).
/// - **Practice isolation**: the store only sees its practice; another practice's id is a 404, as an
///   unknown id is.
/// - **Logs** hold route names, ids of nothing but the principal, counts and statuses — never PHI.
///
/// Mount it with `addRoutes(to:)` on a router whose context conforms to `StaffContext` (for example
/// `Router(context: StaffRequestContext.self)`), or take `router()` as a whole.
public struct StaffAPI: Sendable {
    /// The session cookie's name, shared with the dashboard.
    public static let sessionCookie = "frontdesk_session"
    /// Where the API lives.
    public static let basePath = "/api/v1"
    /// Largest request body accepted.
    public static let maxBodyBytes = 16 * 1024

    /// The practice's store (its own audit context is replaced per request by the principal's).
    public let store: VaultStore
    public let authenticator: Authenticator
    public let profile: PracticeProfile
    public let clock: any FrontDeskCore.Clock
    public let csrf: StaffCSRF
    public let logger: Logger
    /// Take the client address from the first `X-Forwarded-For` entry (only behind a proxy that sets it).
    public let trustForwardedFor: Bool

    public init(store: VaultStore, authenticator: Authenticator, profile: PracticeProfile, clock: any FrontDeskCore.Clock,
                csrf: StaffCSRF = StaffCSRF(), logger: Logger = Logger(label: "frontdesk.api"), trustForwardedFor: Bool = false) {
        self.store = store; self.authenticator = authenticator; self.profile = profile; self.clock = clock
        self.csrf = csrf; self.logger = logger; self.trustForwardedFor = trustForwardedFor
    }

    /// A router with only the API (tests, or an application serving nothing else).
    public func router() -> Router<StaffRequestContext> {
        let router = Router(context: StaffRequestContext.self)
        addRoutes(to: router)
        return router
    }

    /// Adds `/api/v1/openapi.json` (public) and every authenticated route under `/api/v1` to `router`.
    public func addRoutes<Context: StaffContext>(to router: Router<Context>) {
        router.get("\(Self.basePath)/openapi.json") { _, _ -> Response in
            StaffJSON.response(.ok, data: StaffAPIDocument.json)
        }
        let api = router.group(RouterPath(Self.basePath)).add(middleware: StaffAuthMiddleware<Context>(api: self))
        let h = StaffAPIHandlers<Context>(api: self)
        api.get("calls") { r, c in try await h.run(r, c, .viewCalls, "calls.list", h.listCalls) }
        api.get("calls/{id}") { r, c in try await h.run(r, c, .viewCalls, "calls.get", h.getCall) }
        api.get("appointments") { r, c in try await h.run(r, c, .viewAppointments, "appointments.list", h.listAppointments) }
        api.post("appointments") { r, c in try await h.run(r, c, .manageAppointments, "appointments.create", h.createAppointment) }
        api.post("appointments/{id}/reschedule") { r, c in try await h.run(r, c, .manageAppointments, "appointments.reschedule", h.reschedule) }
        api.post("appointments/{id}/cancel") { r, c in try await h.run(r, c, .manageAppointments, "appointments.cancel", h.cancel) }
        api.get("messages") { r, c in try await h.run(r, c, .viewMessages, "messages.list", h.listMessages) }
        api.post("messages/{id}/handled") { r, c in try await h.run(r, c, .handleMessages, "messages.handled", h.messageHandled) }
        api.get("refills") { r, c in try await h.run(r, c, .viewRefills, "refills.list", h.listRefills) }
        api.post("refills/{id}/handled") { r, c in try await h.run(r, c, .handleRefills, "refills.handled", h.refillHandled) }
        api.get("patients") { r, c in try await h.run(r, c, .searchPatients, "patients.search", h.searchPatients) }
        api.get("patients/{id}/export") { r, c in try await h.run(r, c, .exportPatients, "patients.export", h.exportPatient) }
        api.post("patients/{id}/erase") { r, c in try await h.run(r, c, .erasePatients, "patients.erase", h.erasePatient) }
        api.get("audit") { r, c in try await h.run(r, c, .viewAudit, "audit.list", h.listAudit) }
    }

    /// The audit channel of a request: the client's IP address (`X-Forwarded-For`'s first entry when trusted), or `api`.
    func channel(_ request: Request, _ context: some StaffContext) -> String {
        if trustForwardedFor, let xff = request.headers[.init("X-Forwarded-For")!] {
            let first = xff.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            if !first.isEmpty, first.count <= 45, first.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" }) { return first }
        }
        return context.clientAddress ?? "api"
    }
}

/// Checks the credential of every `/api/v1` request and puts the principal in the context:
///
/// 1. `Authorization: Bearer <token>` → `Authenticator.authenticate(apiToken:)`; a malformed or unknown
///    token is a 401. (No CSRF check: browsers never attach this header by themselves.)
/// 2. Else the `frontdesk_session` cookie → `authenticate(sessionToken:userAgent:)`; unknown or expired is a
///    401. For POST, PUT, PATCH and DELETE the request must also carry `X-CSRF-Token` equal to
///    `StaffCSRF.token(forSession:)`, and must not be `Sec-Fetch-Site: cross-site` — else 403.
/// 3. No credential: the context stays anonymous and every route answers 401.
///
/// A principal of another practice than the API's store (impossible with one Vault per server, checked
/// anyway) is treated as no credential.
public struct StaffAuthMiddleware<Context: StaffContext>: RouterMiddleware {
    let api: StaffAPI

    public init(api: StaffAPI) { self.api = api }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.principal = nil
        context.authenticatedByCookie = false
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw StaffAPIError(.unauthorized, "the Authorization header must be \"Bearer <API token>\"")
            }
            let token = parts[1].trimmingCharacters(in: .whitespaces)
            guard token.count <= 256, let p = try await api.authenticator.authenticate(apiToken: token), p.practiceID == api.store.practiceID else {
                api.logger.notice("api: rejected bearer token", metadata: ["path": .string(request.uri.path)])
                throw StaffAPIError.unauthorized
            }
            context.principal = p
        } else if let cookie = request.cookies[StaffAPI.sessionCookie]?.value, !cookie.isEmpty {
            guard cookie.count <= 256,
                  let p = try await api.authenticator.authenticate(sessionToken: cookie, userAgent: request.headers[.userAgent]),
                  p.practiceID == api.store.practiceID else {
                throw StaffAPIError.unauthorized
            }
            if Self.isUnsafe(request.method) {
                if request.headers[.init("Sec-Fetch-Site")!]?.lowercased() == "cross-site" {
                    throw StaffAPIError(.forbidden, "cross-site request refused")
                }
                guard api.csrf.isValid(request.headers[.init(StaffCSRF.headerName)!], forSession: cookie) else {
                    api.logger.notice("api: missing or wrong CSRF token", metadata: ["user": .string(p.userID)])
                    throw StaffAPIError(.forbidden, "missing or invalid X-CSRF-Token header")
                }
            }
            context.principal = p
            context.authenticatedByCookie = true
        }
        return try await next(request, context)
    }

    static func isUnsafe(_ method: HTTPRequest.Method) -> Bool {
        method == .post || method == .put || method == .patch || method == .delete
    }
}
