import Foundation
import FrontDeskCore
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle
import Telephony

/// Why `serve` will not start (exit non-zero with this text).
public struct StartupError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Everything the HTTP routes need, decided once at start-up.
public struct ServerSettings: Sendable {
    /// The practice answered by this server (sent to the media stream as a custom parameter).
    public var practiceID: String
    /// The public base URL Twilio calls (`https://frontdesk.example.com`, maybe with a path prefix), no trailing slash.
    public var publicURL: String
    /// The Twilio auth token that keys webhook signatures; nil only in `--insecure-dev` mode (no check).
    public var authToken: String?
    /// Largest webhook body accepted.
    public var maxBodyBytes: Int

    public init(practiceID: String, publicURL: String, authToken: String?, maxBodyBytes: Int = 64 * 1024) {
        self.practiceID = practiceID
        self.publicURL = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        self.authToken = authToken
        self.maxBodyBytes = maxBodyBytes
    }

    /// The Media Streams WebSocket URL: the public URL with https → wss (http → ws), plus `/twilio/media`.
    public var mediaStreamURL: String {
        var s = publicURL
        if s.lowercased().hasPrefix("https://") { s = "wss://" + s.dropFirst(8) }
        else if s.lowercased().hasPrefix("http://") { s = "ws://" + s.dropFirst(7) }
        return s + "/twilio/media"
    }
}

/// Start-up decisions for `frontdesk serve`, kept apart from the command line so they can be tested.
public enum ServerStartup {
    public static let authTokenVariable = "TWILIO_AUTH_TOKEN"

    /// The Twilio auth token: the deployment config first, then the environment.
    static func authToken(config: DeploymentConfig, environment: [String: String]) -> String? {
        config.twilio?.authToken ?? environment[authTokenVariable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Applies the BAA gate and the plain-HTTP policy (`ServerTransport.decide`), checks the public URL and
    /// resolves the auth token. `tls` says whether `--tls-cert/--tls-key` were given (the files are loaded
    /// by `ServerTLS.load`); `behindProxy` is `--behind-proxy`.
    /// - Returns: the settings, how the server is reached, and the warnings to print.
    public static func prepare(profile: PracticeProfile, config: DeploymentConfig, publicURL: String?,
                               host: String, port: Int, insecureDev: Bool, tls: Bool = false, behindProxy: Bool = false,
                               environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(StartupError) -> (settings: ServerSettings, transport: ServerTransport, warnings: [String]) {
        var warnings: [String] = []

        // BAA gate first: a covered practice never starts with a provider that may not receive PHI.
        let refusals = config.baaViolations(hipaaCovered: profile.practice.hipaaCovered)
        if !refusals.isEmpty {
            throw StartupError("practice \(profile.practice.id) is hipaa_covered: "
                + refusals.joined(separator: "; ")
                + ". Sign a BAA with the provider and set baa: true, or choose a provider that keeps speech on this machine.")
        }

        // Plain HTTP only on loopback, or behind a proxy that says so.
        let (transport, transportWarnings) = try ServerTransport.decide(host: host, tls: tls, behindProxy: behindProxy)
        warnings += transportWarnings

        var token = authToken(config: config, environment: environment)

        let base: String
        if let publicURL {
            guard let u = URL(string: publicURL), let scheme = u.scheme?.lowercased(), scheme == "https" || scheme == "http",
                  let h = u.host, !h.isEmpty, u.query == nil, u.fragment == nil else {
                throw StartupError("--public-url \"\(publicURL)\" is not an http(s) URL without query (e.g. https://frontdesk.example.com)")
            }
            base = publicURL
            if scheme == "http" && transport == .https {
                warnings.append("warning: --public-url is http but the server serves https (--tls-cert): Twilio signs the "
                                + "exact URL it calls, so give the https URL")
            } else if scheme == "http" && !insecureDev {
                warnings.append("warning: --public-url is plain http; Twilio needs https (and the media stream wss) in production")
            }
        } else if insecureDev {
            let shownHost = host.contains(":") ? "[\(host)]" : host
            base = "\(transport.scheme)://\(shownHost):\(port)"
        } else {
            throw StartupError("--public-url is required: Twilio signs the exact URL it calls (e.g. --public-url https://frontdesk.example.com)")
        }

        if insecureDev {
            token = nil
            warnings.append("warning: --insecure-dev: Twilio signatures are NOT checked; anyone who can reach this port can "
                            + "start calls. Never use this with a real phone number.")
        } else if token == nil {
            throw StartupError("no Twilio auth token: set twilio.auth_token in the deployment config (--config; "
                               + "auth_token: env:NAME reads a variable) or \(authTokenVariable) in the environment. "
                               + "For local development only, --insecure-dev serves without checking signatures.")
        }
        return (ServerSettings(practiceID: profile.practice.id, publicURL: base, authToken: token), transport, warnings)
    }
}

/// The staff side of the server: the JSON API and the dashboard, sharing one authenticator.
public struct StaffAccess: Sendable {
    public var api: StaffAPI
    public var dashboard: StaffDashboard
    public init(api: StaffAPI, dashboard: StaffDashboard) { self.api = api; self.dashboard = dashboard }
}

/// The HTTP application: routes and how they answer.
public enum FrontDeskServer {
    /// The router with every route: `/healthz`, `/twilio/voice`, `/twilio/status`.
    public static func router(settings: ServerSettings, logger: Logger, staff: StaffAccess? = nil) -> Router<StaffRequestContext> {
        let router = Router(context: StaffRequestContext.self)
        staff?.api.addRoutes(to: router)
        staff?.dashboard.addRoutes(to: router)
        router.get("/healthz") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}")))
        }
        router.post("/twilio/voice") { request, _ -> Response in
            let form: [(name: String, value: String)]
            switch await verifiedForm(request, settings: settings, logger: logger) {
            case .rejected(let response): return response
            case .accepted(let f): form = f
            }
            let callSID = form.first { $0.name == "CallSid" }?.value ?? ""
            guard MediaStreamCodec.isSID(callSID, prefix: "CA") else { return plain(.badRequest, "missing or malformed CallSid\n") }
            logger.info("incoming call: answering with a media stream", metadata: ["call_sid": .string(callSID)])
            var headers = HTTPFields()
            headers[.contentType] = "text/xml; charset=utf-8"
            headers[.cacheControl] = "no-store"
            let caller = form.first { $0.name == "From" }?.value
            let body = TwiML.connectStream(streamURL: settings.mediaStreamURL, practiceID: settings.practiceID,
                                           caller: caller.flatMap { $0.hasPrefix("+") ? $0 : nil })
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.post("/twilio/status") { request, _ -> Response in
            let form: [(name: String, value: String)]
            switch await verifiedForm(request, settings: settings, logger: logger) {
            case .rejected(let response): return response
            case .accepted(let f): form = f
            }
            let callSID = form.first { $0.name == "CallSid" }?.value ?? ""
            let status = form.first { $0.name == "CallStatus" }?.value ?? ""
            guard MediaStreamCodec.isSID(callSID, prefix: "CA") else { return plain(.badRequest, "missing or malformed CallSid\n") }
            guard callStatuses.contains(status) else { return plain(.badRequest, "missing or unknown CallStatus\n") }
            // Only the call's id and its status: never From, To, Caller or anything else Twilio sends.
            logger.info("call status", metadata: ["call_sid": .string(callSID), "status": .string(status)])
            return Response(status: .noContent)
        }
        return router
    }

    /// The Hummingbird application on `host:port`. Run it with `runService()`: SIGTERM and SIGINT shut it down
    /// gracefully. With `calls`, `/twilio/media` answers Media Streams. With `tls`, every connection is TLS
    /// (1.2 or later) first: HTTPS for the routes, WSS for the media stream (the WebSocket upgrade runs
    /// inside the TLS session).
    public static func application(settings: ServerSettings, calls: CallDirectory? = nil, staff: StaffAccess? = nil,
                                   services: [any Service] = [], tls: ServerTLS? = nil, host: String, port: Int, logger: Logger,
                                   onServerRunning: @escaping @Sendable (Int?) async -> Void = { _ in })
        -> some ApplicationProtocol {
        let media = calls.map { MediaStreamRoute(settings: settings, calls: $0, logger: logger) }
        let http: HTTPServerBuilder = .frontDesk(media: media)
        return Application(router: router(settings: settings, logger: logger, staff: staff),
                           server: tls.map { $0.serverBuilder(wrapping: http) } ?? http,
                           configuration: .init(address: .hostname(host, port: port), serverName: "FrontDesk"),
                           services: services,
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port) },
                           logger: logger)
    }

    /// Twilio's documented call statuses.
    public static let callStatuses: Set<String> = ["queued", "initiated", "ringing", "in-progress", "completed",
                                                   "busy", "failed", "no-answer", "canceled"]

    enum Verified {
        case accepted([(name: String, value: String)])
        case rejected(Response)
    }

    /// Reads the form body and checks the signature. A rejection logs the path and the reason only.
    static func verifiedForm(_ request: Request, settings: ServerSettings, logger: Logger) async -> Verified {
        let path = request.uri.path
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/x-www-form-urlencoded") else {
            return .rejected(plain(.unsupportedMediaType, "expected application/x-www-form-urlencoded\n"))
        }
        var req = request
        let buffer: ByteBuffer
        do { buffer = try await req.collectBody(upTo: settings.maxBodyBytes) } catch {
            logger.warning("rejected webhook: body too large or unreadable", metadata: ["path": .string(path)])
            return .rejected(plain(.contentTooLarge, "request body too large\n"))
        }
        guard let form = FormURLEncoded.decode(String(buffer: buffer)) else {
            return .rejected(plain(.badRequest, "malformed form body\n"))
        }
        guard let token = settings.authToken else { return .accepted(form) }   // --insecure-dev
        let signature = request.headers[twilioSignature]
        let url = settings.publicURL + request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        guard TwilioSignature.isValid(signature: signature, authToken: token, url: url, parameters: form) else {
            logger.warning("rejected webhook: \(signature == nil ? "missing" : "invalid") X-Twilio-Signature",
                           metadata: ["path": .string(path)])
            return .rejected(plain(.forbidden, "Forbidden: invalid or missing X-Twilio-Signature\n"))
        }
        return .accepted(form)
    }

    static let twilioSignature = HTTPFields.Element.Name("X-Twilio-Signature")!

    static func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
