import Foundation
import FrontDeskTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `frontdesk serve` with `--tls-cert/--tls-key`, `--host` and `--behind-proxy`, run as a user runs it.
@Suite(.serialized) struct ServeTLSCLITests {
    /// `serve --practice dental --config (a recogniser) --public-url https://fd.example.com --port 0` plus `extra`.
    static func serve(_ extra: [String], data: Bool = false) throws -> (Process, PipeCollector, URL) {
        var env = ServeCLI.env
        env["TWILIO_AUTH_TOKEN"] = "cli-test-token"
        let (dir, config) = try ServeCLI.config(ServeCLI.sttConfig)
        var args = ["serve", "--practice", Fixtures.dentalPath, "--config", config, "--port", "0",
                    "--public-url", "https://fd.example.com"]
        if data { args += ["--data", dir.appendingPathComponent("data").path] }
        let (p, err) = try ServeCLI.start(args + extra, env: env)
        return (p, err, dir)
    }

    /// Waits for the process to exit; its status and what it printed.
    static func finished(_ p: Process, _ err: PipeCollector) async throws -> (status: Int32, stderr: String) {
        p.waitUntilExit()
        try await Task.sleep(for: .milliseconds(100))
        return (p.terminationStatus, err.text)
    }

    /// The port of the "listening on SCHEME://HOST:PORT" line, once printed (nil if the process ended first).
    static func listeningPort(_ p: Process, _ err: PipeCollector, scheme: String, host: String) async throws -> Int? {
        let pattern = "listening on \(scheme)://\(NSRegularExpression.escapedPattern(for: host)):(\\d+)"
        for _ in 0..<300 {
            if let r = err.text.range(of: pattern, options: .regularExpression),
               let port = Int(err.text[r].split(separator: ":").last ?? "") { return port }
            if !p.isRunning { return nil }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// SIGTERM, then expects a clean exit.
    static func stop(_ p: Process, _ err: PipeCollector) async throws {
        kill(p.processIdentifier, SIGTERM)
        for _ in 0..<200 where p.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(err.text)")
    }

    @Test func refusesPlainHTTPOnANonLoopbackHost() async throws {
        let (p, err, dir) = try Self.serve(["--host", "0.0.0.0"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await Self.finished(p, err)
        #expect(r.status == 1)
        #expect(r.stderr.contains("refusing to serve plain HTTP on 0.0.0.0"), "\(r.stderr)")
        #expect(r.stderr.contains("--tls-cert FILE --tls-key FILE") && r.stderr.contains("--behind-proxy"), "\(r.stderr)")
        #expect(!r.stderr.contains("listening on"))
    }

    @Test func servesPlainHTTPOnAnyAddressBehindAProxy() async throws {
        let (p, err, dir) = try Self.serve(["--host", "0.0.0.0", "--behind-proxy"])
        defer { if p.isRunning { p.terminate() }; try? FileManager.default.removeItem(at: dir) }
        let port = try #require(try await Self.listeningPort(p, err, scheme: "http", host: "0.0.0.0"), "\(err.text)")
        #expect(err.text.contains("must sit behind a TLS-terminating reverse proxy"), "\(err.text)")
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == "{\"status\":\"ok\"}")
        try await Self.stop(p, err)
    }

    @Test func warnsOnLoopbackPlainHTTP() async throws {
        let (p, err, dir) = try Self.serve([])
        defer { if p.isRunning { p.terminate() }; try? FileManager.default.removeItem(at: dir) }
        _ = try #require(try await Self.listeningPort(p, err, scheme: "http", host: "127.0.0.1"), "\(err.text)")
        #expect(err.text.contains("warning: serving plain HTTP on 127.0.0.1"), "\(err.text)")
        try await Self.stop(p, err)
    }

    @Test func tlsCertWithoutKeyIsRefused() async throws {
        let (p, err, dir) = try Self.serve(["--tls-cert", TLSFixtures.certPath])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await Self.finished(p, err)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--tls-cert and --tls-key go together"), "\(r.stderr)")
        let (p2, err2, dir2) = try Self.serve(["--tls-key", TLSFixtures.keyPath])
        defer { try? FileManager.default.removeItem(at: dir2) }
        let r2 = try await Self.finished(p2, err2)
        #expect(r2.status == 2 && r2.stderr.contains("--tls-cert and --tls-key go together"), "\(r2.stderr)")
    }

    @Test func aMissingCertificateFileIsNamed() async throws {
        let missing = "/nonexistent/frontdesk-test/fullchain.pem"
        let (p, err, dir) = try Self.serve(["--host", "0.0.0.0", "--tls-cert", missing, "--tls-key", TLSFixtures.keyPath])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await Self.finished(p, err)
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: --tls-cert \(missing): no such file"), "\(r.stderr)")
        #expect(!r.stderr.contains("listening on"))
    }

    @Test func aKeyOfAnotherCertificateIsRefused() async throws {
        let (p, err, dir) = try Self.serve(["--tls-cert", TLSFixtures.certPath, "--tls-key", TLSFixtures.otherKeyPath])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try await Self.finished(p, err)
        #expect(r.status == 2)
        #expect(r.stderr.contains("does not match the certificate"), "\(r.stderr)")
    }

    @Test func servesHTTPSWithSecureCookies() async throws {
        let (p, err, dir) = try Self.serve(["--tls-cert", TLSFixtures.certPath, "--tls-key", TLSFixtures.keyPath], data: true)
        defer { if p.isRunning { p.terminate() }; try? FileManager.default.removeItem(at: dir) }
        let port = try #require(try await Self.listeningPort(p, err, scheme: "https", host: "127.0.0.1"), "\(err.text)")
        #expect(!err.text.contains("plain HTTP"), "\(err.text)")
        let client = try TLSFixtures.client()
        do {
            let health = try await TLSFixtures.get("https://127.0.0.1:\(port)/healthz", with: client)
            #expect(health.status == 200 && health.body == "{\"status\":\"ok\"}")
            // The dashboard's sign-in page sets its cookie Secure, HttpOnly, SameSite=Strict.
            let login = try await TLSFixtures.get("https://127.0.0.1:\(port)/login", with: client)
            let cookies = login.headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1)
            #expect(!cookies.isEmpty)
            for c in cookies {
                #expect(c.contains("; Secure") && c.contains("HttpOnly") && c.contains("SameSite=Strict"), "\(c)")
            }
        } catch { Issue.record("HTTPS request failed: \(error)") }
        try await client.shutdown()
        try await Self.stop(p, err)
    }
}
