import ArgumentParser
import Foundation
import FrontDeskCore
import Hummingbird
import Logging
import Server

/// `frontdesk serve`: the HTTP server Twilio calls (webhooks now; media streams next).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve Twilio's voice and status webhooks and /healthz (Hummingbird).",
        discussion: """
        Point the practice's Twilio number at PUBLIC_URL/twilio/voice (HTTP POST) and its status callback at \
        PUBLIC_URL/twilio/status. Every webhook's X-Twilio-Signature is checked with the auth token from the \
        deployment config (twilio.auth_token) or $TWILIO_AUTH_TOKEN; without one, serve refuses to start \
        unless --insecure-dev is given. SIGTERM or SIGINT shuts down gracefully. See docs/server.md.
          frontdesk serve --practice examples/practices/dental.yaml --config /etc/frontdesk/frontdesk.yaml \\
              --public-url https://frontdesk.example.com --port 8080
        """
    )

    @Option(name: .long, help: "Practice profile (YAML).")
    var practice: String

    @Option(name: .long, help: "Data directory (reserved: calls are not stored by this slice yet).")
    var data: String?

    @Option(name: .long, help: "Key file (reserved, with --data).")
    var keyFile: String?

    @Option(name: .long, help: "Deployment config (YAML): twilio, speech_to_text, text_to_speech.")
    var config: String?

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8080

    @Option(name: .long, help: "The public base URL Twilio calls, e.g. https://frontdesk.example.com (signatures cover it).")
    var publicURL: String?

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
        let prepared: (settings: ServerSettings, warnings: [String])
        do {
            prepared = try ServerStartup.prepare(profile: profile, config: deployment, publicURL: publicURL,
                                                 host: host, port: port, insecureDev: insecureDev)
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        for w in prepared.warnings { printError(w) }
        let logger = FrontDeskLogging.logger(label: "frontdesk.serve", level: level)
        let host = self.host
        let app = FrontDeskServer.application(settings: prepared.settings, host: host, port: port, logger: logger) { bound in
            let shown = host.contains(":") ? "[\(host)]" : host
            printError("frontdesk serve: listening on http://\(shown):\(bound.map(String.init) ?? "?") "
                       + "(practice \(prepared.settings.practiceID); webhooks at \(prepared.settings.publicURL)/twilio/voice)")
        }
        try await app.runService()
    }
}
