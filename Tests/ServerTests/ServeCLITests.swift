import Foundation
import FrontDeskTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// Collects a pipe's output as it arrives.
final class PipeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    init(_ pipe: Pipe) {
        pipe.fileHandleForReading.readabilityHandler = { [weak self] h in
            let d = h.availableData
            guard let self else { return }
            self.lock.lock(); self.data.append(d); self.lock.unlock()
        }
    }
    var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
}

enum ServeCLI {
    static var binary: URL { FrontDeskCLI.binary }

    static func start(_ args: [String], env: [String: String]) throws -> (Process, PipeCollector) {
        let p = Process()
        p.executableURL = binary
        p.arguments = args
        p.environment = env
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        let collector = PipeCollector(err)
        try p.run()
        return (p, collector)
    }

    static var env: [String: String] {
        var e = ProcessInfo.processInfo.environment
        e["TWILIO_AUTH_TOKEN"] = nil
        return e
    }

    /// A deployment config in a fresh temporary directory (removed by the caller).
    static func config(_ yaml: String) throws -> (dir: URL, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fd-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let config = dir.appendingPathComponent("frontdesk.yaml")
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        return (dir, config.path)
    }

    /// A recogniser that is configured but never reached by these tests (no call is made).
    static let sttConfig = "speech_to_text:\n  provider: deepgram\n  url: ws://127.0.0.1:9/v1/listen\n  api_key: k\n  baa: true\n"
}

@Suite(.serialized) struct ServeCLITests {
    @Test func servesHealthzAndStopsOnSIGTERM() async throws {
        var env = ServeCLI.env
        env["TWILIO_AUTH_TOKEN"] = "cli-test-token"
        let (dir, config) = try ServeCLI.config(ServeCLI.sttConfig)
        defer { try? FileManager.default.removeItem(at: dir) }
        let dataDir = dir.appendingPathComponent("data").path
        let (p, err) = try ServeCLI.start(["serve", "--practice", Fixtures.dentalPath, "--port", "0", "--config", config,
                                           "--data", dataDir, "--public-url", "https://fd.example.com"], env: env)
        defer { if p.isRunning { p.terminate() } }
        var port: Int?
        for _ in 0..<300 where port == nil {
            try await Task.sleep(for: .milliseconds(100))
            if let r = err.text.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(err.text[r].split(separator: ":").last!)
            }
            if !p.isRunning { break }
        }
        let bound = try #require(port, "server did not report its port: \(err.text)")
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(bound)/healthz")!)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: data, as: UTF8.self) == "{\"status\":\"ok\"}")

        kill(p.processIdentifier, SIGTERM)
        for _ in 0..<200 where p.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!p.isRunning)
        p.waitUntilExit()
        #expect(p.terminationReason == .exit)
        #expect(p.terminationStatus == 0, "\(err.text)")
        // The vault was opened (calls are stored there) and the daily retention job was scheduled.
        #expect(FileManager.default.fileExists(atPath: dataDir + "/frontdesk.sqlite"))
        #expect(err.text.contains("retention: next run at"), "\(err.text)")
    }

    @Test func refusesWithoutASpeechRecogniser() async throws {
        var env = ServeCLI.env
        env["TWILIO_AUTH_TOKEN"] = "cli-test-token"
        let (p, err) = try ServeCLI.start(["serve", "--practice", Fixtures.vetPath, "--port", "0",
                                           "--public-url", "https://fd.example.com"], env: env)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
        try await Task.sleep(for: .milliseconds(100))
        #expect(err.text.contains("no speech_to_text provider"), "\(err.text)")
    }

    @Test func refusesWithoutAuthToken() async throws {
        let (p, err) = try ServeCLI.start(["serve", "--practice", Fixtures.dentalPath, "--port", "0",
                                           "--public-url", "https://fd.example.com"], env: ServeCLI.env)
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        try await Task.sleep(for: .milliseconds(100))
        #expect(err.text.contains("no Twilio auth token"))
    }

    @Test func refusesNonBAAProviderForCoveredPractice() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fd-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let config = dir.appendingPathComponent("frontdesk.yaml")
        try "speech_to_text:\n  provider: deepgram\n  baa: false\ntwilio:\n  auth_token: x\n".write(to: config, atomically: true, encoding: .utf8)
        let (p, err) = try ServeCLI.start(["serve", "--practice", Fixtures.dentalPath, "--config", config.path, "--port", "0",
                                           "--public-url", "https://fd.example.com"], env: ServeCLI.env)
        p.waitUntilExit()
        #expect(p.terminationStatus != 0)
        try await Task.sleep(for: .milliseconds(100))
        #expect(err.text.contains("deepgram"))
    }
}
