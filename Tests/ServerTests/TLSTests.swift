import AsyncHTTPClient
import Foundation
import FrontDeskCore
import Hummingbird
import Logging
import NIOSSL
import Server
import Testing

/// The test-only certificate and keys in `Tests/Fixtures/TLS` (public: never use them anywhere else).
enum TLSFixtures {
    static let dir = Fixtures.repo.appendingPathComponent("Tests/Fixtures/TLS")
    /// Self-signed for `localhost` and `127.0.0.1`.
    static let certPath = dir.appendingPathComponent("test-only-localhost.cert.pem").path
    static let keyPath = dir.appendingPathComponent("test-only-localhost.key.pem").path
    /// A key that belongs to no certificate here.
    static let otherKeyPath = dir.appendingPathComponent("test-only-other.key.pem").path

    /// A client that trusts the fixture certificate only, optionally capped at an older TLS version.
    static func client(maximumVersion: TLSVersion? = nil) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(certPath))
        if let maximumVersion {
            tls.minimumTLSVersion = .tlsv1
            tls.maximumTLSVersion = maximumVersion
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPClient.Configuration(tlsConfiguration: tls))
    }

    /// GET `url`: the status and the body.
    static func get(_ url: String, with client: HTTPClient, timeout: Int64 = 10) async throws
        -> (status: UInt, body: String, headers: [(String, String)]) {
        let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(timeout))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (response.status.code, String(buffer: body), response.headers.map { ($0.name, $0.value) })
    }
}

/// `--tls-cert/--tls-key`: loading and checking the files, and the real server answering HTTPS.
@Suite struct ServerTLSTests {
    @Test func theFixtureLoadsWithTLS12AtLeast() throws {
        let tls = try ServerTLS.load(certificate: TLSFixtures.certPath, key: TLSFixtures.keyPath)
        #expect(tls.configuration.minimumTLSVersion == .tlsv12)
        #expect(tls.configuration.certificateChain.count == 1)
        #expect(tls.warnings().isEmpty)   // valid for a century
        #expect(tls.warnings(now: tls.notValidAfter.addingTimeInterval(-86_400)).first?.contains("expires on") == true)
        #expect(tls.warnings(now: tls.notValidAfter.addingTimeInterval(1)).first?.contains("expired on") == true)
    }

    /// The message of the `StartupError` `load` throws, or nil when it loads.
    static func refusal(cert: String, key: String) -> String? {
        do { _ = try ServerTLS.load(certificate: cert, key: key); return nil } catch { return error.message }
    }

    @Test func aMissingFileIsNamed() throws {
        let cert = Self.refusal(cert: "/nonexistent/fullchain.pem", key: TLSFixtures.keyPath)
        #expect(cert == "--tls-cert /nonexistent/fullchain.pem: no such file")
        let key = Self.refusal(cert: TLSFixtures.certPath, key: "/nonexistent/privkey.pem")
        #expect(key == "--tls-key /nonexistent/privkey.pem: no such file")
    }

    @Test func badFilesAreNamedWithTheReason() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fd-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.pem").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let junk = dir.appendingPathComponent("junk.pem").path
        try "not a certificate\n".write(toFile: junk, atomically: true, encoding: .utf8)
        let encrypted = dir.appendingPathComponent("encrypted.pem").path
        try "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n"
            .write(toFile: encrypted, atomically: true, encoding: .utf8)

        #expect(Self.refusal(cert: dir.path, key: TLSFixtures.keyPath) == "--tls-cert \(dir.path): is a directory, not a PEM file")
        #expect(Self.refusal(cert: empty, key: TLSFixtures.keyPath) == "--tls-cert \(empty): the file is empty")
        #expect(Self.refusal(cert: junk, key: TLSFixtures.keyPath)?.hasPrefix("--tls-cert \(junk): ") == true)
        // Certificate and key swapped: each is named for what it is not.
        #expect(Self.refusal(cert: TLSFixtures.keyPath, key: TLSFixtures.keyPath)?.hasPrefix("--tls-cert \(TLSFixtures.keyPath): ") == true)
        #expect(Self.refusal(cert: TLSFixtures.certPath, key: TLSFixtures.certPath)
                == "--tls-key \(TLSFixtures.certPath): not a PEM private key (expected -----BEGIN PRIVATE KEY----- or similar, e.g. certbot's privkey.pem)")
        #expect(Self.refusal(cert: TLSFixtures.certPath, key: encrypted)?.contains("--tls-key \(encrypted): the key is encrypted") == true)
        #expect(Self.refusal(cert: TLSFixtures.certPath, key: TLSFixtures.otherKeyPath)
                == "--tls-key \(TLSFixtures.otherKeyPath) does not match the certificate in --tls-cert \(TLSFixtures.certPath) "
                + "(the first certificate of the chain must be the server's own)")
    }

    /// The real application with TLS on a loopback ephemeral port, for `body`.
    static func withTLSServer(_ body: (Int) async throws -> Void) async throws {
        let tls = try ServerTLS.load(certificate: TLSFixtures.certPath, key: TLSFixtures.keyPath)
        let ports = AsyncStream<Int>.makeStream()
        let app = FrontDeskServer.application(settings: Fixtures.settings, tls: tls, host: "127.0.0.1", port: 0,
                                              logger: Logger(label: "test")) { p in
            ports.continuation.yield(p ?? 0); ports.continuation.finish()
        }
        let task = Task { try await app.run() }
        defer { task.cancel() }
        var bound = 0
        for await p in ports.stream { bound = p }
        try #require(bound > 0)
        try await body(bound)
        task.cancel()
        _ = await task.result
    }

    @Test func servesHTTPSWithTheCertificate() async throws {
        try await Self.withTLSServer { port in
            let client = try TLSFixtures.client()
            do {
                let r = try await TLSFixtures.get("https://127.0.0.1:\(port)/healthz", with: client)
                #expect(r.status == 200)
                #expect(r.body == "{\"status\":\"ok\"}")
            } catch { Issue.record("HTTPS request failed: \(error)") }
            try await client.shutdown()
        }
    }

    @Test func refusesTLS11AndPlainHTTP() async throws {
        try await Self.withTLSServer { port in
            // A client that offers TLS 1.1 at most: the server answers with a protocol_version alert. (The
            // client retries the connection until its deadline, then reports the last handshake error.)
            let old = try TLSFixtures.client(maximumVersion: .tlsv11)
            do {
                _ = try await TLSFixtures.get("https://127.0.0.1:\(port)/healthz", with: old, timeout: 3)
                Issue.record("a TLS 1.1 client was served")
            } catch let error as NIOSSLError {
                guard case .handshakeFailed = error else { Issue.record("unexpected TLS error: \(error)"); return }
                #expect(String(describing: error).contains("PROTOCOL_VERSION"), "\(error)")
            } catch {
                Issue.record("expected a handshake failure, got \(error)")
            }
            try await old.shutdown()
            // No plain-HTTP fallback on the TLS port.
            let plain = HTTPClient(eventLoopGroupProvider: .singleton)
            await #expect(throws: (any Error).self) {
                _ = try await TLSFixtures.get("http://127.0.0.1:\(port)/healthz", with: plain, timeout: 2)
            }
            try await plain.shutdown()
            // The server is still fine afterwards, for a client capped at TLS 1.2.
            let good = try TLSFixtures.client(maximumVersion: .tlsv12)
            let r = try await TLSFixtures.get("https://127.0.0.1:\(port)/healthz", with: good)
            #expect(r.status == 200)
            try await good.shutdown()
        }
    }
}

/// Plain HTTP only on loopback or behind a proxy; `Secure` cookies over TLS.
@Suite struct ServerTransportTests {
    @Test(arguments: ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"])
    func loopback(_ host: String) { #expect(ServerTransport.isLoopback(host)) }

    @Test(arguments: ["0.0.0.0", "::", "10.0.0.5", "192.168.1.10", "fd.example.com", "128.0.0.1", "::2", "localhost.example.com", ""])
    func notLoopback(_ host: String) { #expect(!ServerTransport.isLoopback(host)) }

    @Test func loopbackPlainHTTPWarnsAboutTheProxy() throws {
        let d = try ServerTransport.decide(host: "127.0.0.1", tls: false, behindProxy: false)
        #expect(d.transport == .plainHTTP)
        #expect(d.warnings.count == 1)
        #expect(d.warnings[0].contains("must sit behind a TLS-terminating reverse proxy"))
    }

    @Test func nonLoopbackPlainHTTPIsRefusedUnlessBehindProxy() throws {
        do {
            _ = try ServerTransport.decide(host: "0.0.0.0", tls: false, behindProxy: false)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.message.contains("refusing to serve plain HTTP on 0.0.0.0"))
            #expect(error.message.contains("--tls-cert FILE --tls-key FILE"))
            #expect(error.message.contains("--behind-proxy"))
        }
        let proxied = try ServerTransport.decide(host: "0.0.0.0", tls: false, behindProxy: true)
        #expect(proxied.transport == .plainHTTP)
        #expect(proxied.warnings.first?.contains("TLS-terminating reverse proxy") == true)
        let ipv6 = try ServerTransport.decide(host: "::", tls: false, behindProxy: true)
        #expect(ipv6.warnings.first?.contains("[::]") == true)
    }

    @Test func tlsServesAnyAddressWithoutWarnings() throws {
        let d = try ServerTransport.decide(host: "0.0.0.0", tls: true, behindProxy: false)
        #expect(d.transport == .https && d.warnings.isEmpty)
        #expect(try ServerTransport.decide(host: "0.0.0.0", tls: true, behindProxy: true).warnings.count == 1)
    }

    @Test func cookiesAreSecureOverTLSOrAnHTTPSPublicURL() {
        #expect(ServerTransport.https.secureCookies(publicURL: "http://127.0.0.1:8080"))
        #expect(ServerTransport.https.secureCookies(publicURL: "https://fd.example.com"))
        #expect(ServerTransport.plainHTTP.secureCookies(publicURL: "https://fd.example.com"))
        #expect(!ServerTransport.plainHTTP.secureCookies(publicURL: "http://127.0.0.1:8080"))
    }

    static func prepare(host: String, tls: Bool = false, behindProxy: Bool = false, insecureDev: Bool = false,
                        publicURL: String? = "https://fd.example.com") throws
        -> (settings: ServerSettings, transport: ServerTransport, warnings: [String]) {
        let config = try DeploymentConfig.load(yaml: "", file: "fd.yaml", environment: [:])
        return try ServerStartup.prepare(profile: Fixtures.dental, config: config, publicURL: publicURL, host: host, port: 8443,
                                         insecureDev: insecureDev, tls: tls, behindProxy: behindProxy,
                                         environment: ["TWILIO_AUTH_TOKEN": "t"])
    }

    @Test func prepareAppliesThePolicy() throws {
        #expect(throws: StartupError.self) { try Self.prepare(host: "0.0.0.0") }
        // --insecure-dev (signatures) does not lift the transport rule, and the rule does not touch signatures.
        #expect(throws: StartupError.self) { try Self.prepare(host: "0.0.0.0", insecureDev: true) }
        let proxied = try Self.prepare(host: "0.0.0.0", behindProxy: true)
        #expect(proxied.transport == .plainHTTP && proxied.settings.authToken == "t")
        let https = try Self.prepare(host: "0.0.0.0", tls: true)
        #expect(https.transport == .https && https.warnings.isEmpty)
        // Without --public-url (development), the derived URL has the scheme the server answers.
        let dev = try Self.prepare(host: "127.0.0.1", tls: true, insecureDev: true, publicURL: nil)
        #expect(dev.settings.publicURL == "https://127.0.0.1:8443")
        #expect(dev.settings.mediaStreamURL == "wss://127.0.0.1:8443/twilio/media")
        // An http public URL for a server that answers https is a mistake worth a warning.
        let mismatch = try Self.prepare(host: "127.0.0.1", tls: true, publicURL: "http://fd.example.com")
        #expect(mismatch.warnings.contains { $0.contains("server serves https") })
    }
}
