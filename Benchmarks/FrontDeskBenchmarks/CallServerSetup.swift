// The server side of the call-load benchmark: FrontDesk's real Media Streams application (the one
// `frontdesk serve` runs), with the speech providers faked at zero latency — the recogniser knows the
// simulated callers' lines by their audio, the voice returns silence as long as the reply would take to
// say — and Twilio's REST API faked on loopback. Calls are stored in a real encrypted vault in a
// temporary data dir (turn by turn, as in production), unless `--memory-store` is given.

import AsyncHTTPClient
import CallSimulator
import FakeProviders
import Foundation
import FrontDeskCore
import Hummingbird
import Logging
import Server
import Telephony
import Vault
import Voice

enum CallServerSetup {
    static let accountSID = "AC" + String(repeating: "0", count: 32)
    static let authToken = "benchmark-auth-token"

    /// Starts the server on 127.0.0.1:`port` (0: any) and returns where it listens and how to stop it.
    static func start(port: Int, library: UtteranceLibrary, memoryStore: Bool) async throws -> RunningCallServer {
        var logger = Logger(label: "calls-server")
        logger.logLevel = .warning
        let profilePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/practices/dental.yaml").path
        let profile = try ProfileLoader.load(path: profilePath)
        let clock = SystemClock()

        let twilio = FakeTwilioREST(accounts: [accountSID: authToken])
        _ = try await twilio.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)

        var store: any Store = InMemoryStore()
        var recorder: (@Sendable (String) -> CallRecorder?)?
        var dataDir: String?
        if !memoryStore {
            let dir = NSTemporaryDirectory() + "frontdesk-calls-\(getpid())"
            try FileManager.default.createDirectory(atPath: dir + "/keys", withIntermediateDirectories: true)
            let keyFile = dir + "/keys/frontdesk.key"
            _ = try KeyRing.create(path: keyFile, now: clock.now())
            let vault = try Vault.open(directory: dir, keyFile: keyFile, clock: clock, create: true)
            let vaultStore = vault.store(practiceID: profile.practice.id, context: .engine)
            store = vaultStore
            recorder = CallRecorder.forCalls(vault: vault, store: vaultStore, clock: clock)
            dataDir = dir
        }
        let services = CallServices(profile: profile, store: store, clock: clock,
                                    speechToText: LibrarySpeechToText(library: library),
                                    textToSpeech: SilentTextToSpeech(),
                                    callControl: TwilioRESTClient(accountSID: accountSID, authToken: authToken,
                                                                  apiBase: twilio.baseURL, httpClient: http),
                                    recorder: recorder)
        let settings = ServerSettings(practiceID: profile.practice.id, publicURL: "http://127.0.0.1:\(port)", authToken: nil)
        let bound = AsyncStream<Int>.makeStream()
        let directory = CallDirectory([services])
        await directory.warmUp()
        let app = FrontDeskServer.application(settings: settings, calls: directory,
                                              host: "127.0.0.1", port: port, logger: logger) { p in
            bound.continuation.yield(p ?? 0)
            bound.continuation.finish()
        }
        let task = Task { try await app.run() }
        var listening = 0
        for await p in bound.stream { listening = p }
        let createdDir = dataDir
        return RunningCallServer(port: listening) {
            task.cancel()
            _ = await task.result
            try? await http.shutdown()
            await twilio.stop()
            if let createdDir { try? FileManager.default.removeItem(atPath: createdDir) }
        }
    }
}
