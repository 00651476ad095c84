import Foundation
import FrontDeskCore
import HTTPTypes
import Hummingbird
import Logging
import NIOSSL
import Server
import Telephony
import Testing
import WSClient

/// The media stream over the server's own TLS (`serve --tls-cert/--tls-key`): Twilio connects with `wss`,
/// the WebSocket upgrade runs inside the TLS session, and a signed stream is answered as over `ws`.
@Suite(.serialized) struct MediaRouteTLSTests {
    typealias F = CallFixtures
    static let token = "media-route-tls-test-token"
    /// The test-only certificate (self-signed for localhost and 127.0.0.1; see Tests/Fixtures/TLS/README.md).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/TLS")
    static let certPath = fixtures.appendingPathComponent("test-only-localhost.cert.pem").path
    static let keyPath = fixtures.appendingPathComponent("test-only-localhost.key.pem").path

    /// The real server with TLS on loopback; its public URL is its own https address, so signatures match.
    /// Clients use the name `localhost` (TLS clients send no IP address as SNI; the certificate names both).
    func withTLSServer(_ body: (Int) async throws -> Void) async throws {
        let tls = try ServerTLS.load(certificate: Self.certPath, key: Self.keyPath)
        let services = F.services(stt: ManualSpeechToText())
        let port = Int.random(in: 40_000..<50_000)
        let settings = ServerSettings(practiceID: services.profile.practice.id, publicURL: "https://localhost:\(port)",
                                      authToken: Self.token)
        let ports = AsyncStream<Int>.makeStream()
        let app = FrontDeskServer.application(settings: settings, calls: CallDirectory([services]), tls: tls,
                                              host: "127.0.0.1", port: port, logger: Logger(label: "test")) { p in
            ports.continuation.yield(p ?? 0); ports.continuation.finish()
        }
        let task = Task { try await app.run() }
        defer { task.cancel() }
        var bound = 0
        for await p in ports.stream { bound = p }
        try #require(bound == port)
        try await body(bound)
        task.cancel()
        _ = await task.result
    }

    /// A client TLS configuration that trusts the fixture certificate only.
    static func clientTLS() throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certPath))
        return tls
    }

    /// Opens `url` signed (or not), sends `messages`, reads what comes back until `enough` says so (or the
    /// server closes), then closes: the text messages received. Reading happens in the handler itself, with
    /// no reader task to cancel, so the client's close handshake is never disturbed.
    func stream(_ url: String, signed: Bool, _ messages: [String],
                until enough: @escaping @Sendable ([String]) -> Bool = { _ in false }) async throws -> [String] {
        var headers = HTTPFields()
        if signed {
            headers[HTTPField.Name("X-Twilio-Signature")!] = TwilioSignature.compute(authToken: Self.token, url: url, parameters: [])
        }
        let received = LockedList()
        try await WebSocketClient.connect(url: url, configuration: .init(additionalHeaders: headers),
                                          tlsConfiguration: try Self.clientTLS(),
                                          logger: Logger(label: "client")) { inbound, outbound, _ in
            for m in messages { try await outbound.write(.text(m)) }
            for try await message in inbound.messages(maxSize: 1 << 16) {
                if case .text(let t) = message { received.append(t) }
                if enough(received.items) { break }
            }
        }
        return received.items
    }

    @Test(.timeLimit(.minutes(1))) func aSignedStreamIsAnsweredOverWSS() async throws {
        try await withTLSServer { port in
            let url = "wss://localhost:\(port)/twilio/media"
            let received = try await stream(url, signed: true, [F.connected, F.start()]) { got in
                got.contains { $0.contains("\"event\":\"media\"") }
            }
            #expect(received.contains { $0.contains("\"event\":\"media\"") })
        }
    }

    @Test(.timeLimit(.minutes(1))) func anUnsignedStreamIsRefusedOverWSS() async throws {
        try await withTLSServer { port in
            // The TLS handshake succeeds; the upgrade is then refused for the missing signature. (The server
            // answers and closes at once; the client library takes about 5 s to report it over TLS.)
            await #expect(throws: WebSocketClientError.webSocketUpgradeFailed) {
                _ = try await stream("wss://localhost:\(port)/twilio/media", signed: false, [F.connected])
            }
        }
    }
}
