import Access
import ArgumentParser
import AsyncHTTPClient
import Foundation
import FrontDeskCore
import Hummingbird
import Logging
import Server
import ServiceLifecycle
import Telephony
import Vault

/// `frontdesk serve`: the server Twilio calls: voice and status webhooks, the Media Streams WebSocket where
/// calls are answered, and the daily retention job of the data dir.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer the practice's phone calls: Twilio webhooks, Media Streams, /healthz (Hummingbird).",
        discussion: """
        Point the practice's Twilio number at PUBLIC_URL/twilio/voice (HTTP POST) and its status callback at \
        PUBLIC_URL/twilio/status; calls then stream to PUBLIC_URL/twilio/media (wss). Every webhook's and stream's \
        X-Twilio-Signature is checked with the auth token from the deployment config (twilio.auth_token) or \
        $TWILIO_AUTH_TOKEN; without one, serve refuses to start unless --insecure-dev is given. The deployment \
        config names the speech providers (speech_to_text is required). With --data, calls are stored in the \
        encrypted vault and retention runs daily. With --tls-cert and --tls-key the server speaks HTTPS (TLS 1.2+) \
        and WSS itself; without them it serves plain HTTP on a loopback --host only (a TLS-terminating proxy must \
        front it), or on any address with --behind-proxy. SIGTERM or SIGINT shuts down gracefully. See docs/server.md.
          frontdesk serve --practice examples/practices/dental.yaml --config /etc/frontdesk/frontdesk.yaml \\
              --public-url https://frontdesk.example.com --port 8080
          frontdesk serve --practice practice.yaml --config frontdesk.yaml --public-url https://fd.example.com \\
              --host 0.0.0.0 --port 443 --tls-cert /etc/letsencrypt/live/fd.example.com/fullchain.pem \\
              --tls-key /etc/letsencrypt/live/fd.example.com/privkey.pem
        """
    )

    @Option(name: .long, help: "Practice profile (YAML).")
    var practice: String

    @Option(name: .long, help: "Data directory: calls are stored there, encrypted (without it, calls are not stored).")
    var data: String?

    @Option(name: .long, help: "Key file (default: $FRONTDESK_KEY_FILE, else DATA/keys/frontdesk.key).")
    var keyFile: String?

    @Option(name: .long, help: "Deployment config (YAML): twilio, speech_to_text, text_to_speech.")
    var config: String?

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .long, help: "The public base URL Twilio calls, e.g. https://frontdesk.example.com (signatures cover it).")
    var publicURL: String?

    @Option(name: .long, help: "TLS certificate chain (PEM, e.g. fullchain.pem): serve HTTPS and WSS. Needs --tls-key.")
    var tlsCert: String?

    @Option(name: .long, help: "TLS private key (PEM, unencrypted, e.g. privkey.pem). Needs --tls-cert.")
    var tlsKey: String?

    @Flag(name: .long, help: "Serve plain HTTP on a non-loopback --host: a TLS-terminating reverse proxy fronts this server.")
    var behindProxy = false

    @Flag(name: .long, help: "Development only: do not check Twilio signatures (a warning is printed).")
    var insecureDev = false

    @Option(name: .long, help: "Log level: \(FrontDeskLogging.levels.joined(separator: ", ")).")
    var logLevel: String = "info"

    func run() async throws {
        guard (0...65535).contains(port) else {
            printError("error: --port \(port) is not a port number")
            throw ExitCode(2)
        }
        guard let level = FrontDeskLogging.level(logLevel) else {
            printError("error: --log-level \(logLevel) is not one of \(FrontDeskLogging.levels.joined(separator: ", "))")
            throw ExitCode(2)
        }
        let profile: PracticeProfile
        do { profile = try ProfileLoader.load(path: practice) } catch {
            printError("error: \(error)")
            throw ExitCode(2)
        }
        let deployment: DeploymentConfig
        if let config {
            do { deployment = try DeploymentConfig.load(path: config) } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
        } else {
            deployment = DeploymentConfig()
        }
        // TLS: both files or neither; each read and checked before anything listens.
        var tls: ServerTLS?
        switch (tlsCert, tlsKey) {
        case (nil, nil): break
        case (.some, nil), (nil, .some):
            printError("error: --tls-cert and --tls-key go together: give both (the certificate chain and its private key) or neither")
            throw ExitCode(2)
        case (.some(let cert), .some(let key)):
            do { tls = try ServerTLS.load(certificate: cert, key: key) } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
        }
        let prepared: (settings: ServerSettings, transport: ServerTransport, warnings: [String])
        do {
            prepared = try ServerStartup.prepare(profile: profile, config: deployment, publicURL: publicURL,
                                                 host: host, port: port, insecureDev: insecureDev,
                                                 tls: tls != nil, behindProxy: behindProxy)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        for w in prepared.warnings + (tls?.warnings() ?? []) { printError(w) }
        let logger = FrontDeskLogging.logger(label: "frontdesk.serve", level: level)
        let clock = SystemClock()

        // Storage: the vault of --data (calls recorded turn by turn, retention daily), else memory only.
        var store: any Store = InMemoryStore()
        var recorder: (@Sendable (String) -> CallRecorder?)?
        var services: [any Service] = []
        var staff: StaffAccess?
        if let data {
            let retention: RetentionPolicy
            do { retention = try config.map { try RetentionPolicy.load(configPath: $0) } ?? .default } catch {
                printError("error: \(error)")
                throw ExitCode(2)
            }
            let vault = try VaultCLI.open(data: data, keyFile: keyFile, create: true, clock: clock)
            let vaultStore = vault.store(practiceID: profile.practice.id, context: .engine)
            store = vaultStore
            // Staff: the JSON API and the dashboard share one authenticator (pending MFA challenges live there).
            let authenticator = Authenticator(store: vaultStore, clock: clock)
            staff = StaffAccess(
                api: StaffAPI(store: vaultStore, authenticator: authenticator, profile: profile, clock: clock, logger: logger),
                dashboard: try StaffDashboard(vault: vault, profile: profile, clock: clock,
                                          secureCookies: prepared.transport.secureCookies(publicURL: prepared.settings.publicURL),
                                          authenticator: authenticator, logger: logger))
            recorder = CallRecorder.forCalls(vault: vault, store: vaultStore, clock: clock) { callSid in
                logger.error("a call could not be stored (storage error); the call goes on", metadata: ["call_sid": .string(callSid)])
            }
            let jobLogger = logger
            services.append(RetentionService(job: RetentionJob(vault: vault, policy: retention, timeZone: profile.timeZone,
                                                               clock: clock) { event in
                jobLogger.info("\(event)")
            }))
        } else {
            printError("warning: no --data: calls are answered but not stored")
        }

        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        let calls: (services: CallServices, warnings: [String])
        do {
            calls = try ServerStartup.callServices(profile: profile, config: deployment, store: store, clock: clock,
                                                   httpClient: http, recorder: recorder, logger: logger)
        } catch {
            try? await http.shutdown()
            printError("error: \(error)")
            throw ExitCode(1)
        }
        for w in calls.warnings { printError(w) }
        let host = self.host
        let scheme = prepared.transport.scheme
        let directory = CallDirectory([calls.services])
        await directory.warmUp()
        let app = FrontDeskServer.application(settings: prepared.settings, calls: directory,
                                              staff: staff, services: services, tls: tls, host: host, port: port,
                                              logger: logger) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            printError("frontdesk serve: listening on \(scheme)://\(shown):\(bound.map(String.init) ?? "?") "
                       + "(practice \(prepared.settings.practiceID); webhooks at \(prepared.settings.publicURL)/twilio/voice)")
        }
        do { try await app.runService() } catch {
            try? await http.shutdown()
            throw error
        }
        try? await http.shutdown()
    }
}
