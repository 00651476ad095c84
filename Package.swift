// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "FrontDesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "frontdesk", targets: ["frontdesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // Domain values: practice profile (model, loader, validator), local time, clock, store seam.
        .target(name: "FrontDeskCore", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Availability, slot search and conflict-free booking.
        .target(name: "Scheduling", dependencies: ["FrontDeskCore"]),
        // Emergency / crisis / clinical detectors and the output guard. No model decides safety.
        .target(name: "Safety", dependencies: ["FrontDeskCore"]),
        // Intents and entities (dates, times, names, phones, insurance) from caller text, en + es.
        .target(name: "Understanding", dependencies: ["FrontDeskCore"]),
        // The receptionist: dialog policy, replies, summaries.
        .target(name: "Conversation", dependencies: ["FrontDeskCore", "Scheduling", "Safety", "Understanding"]),
        // Scripted-call suites: loader, runner, metrics.
        .target(name: "Evaluation", dependencies: ["FrontDeskCore", "Scheduling", "Conversation", "Safety",
                                                   .product(name: "Yams", package: "Yams")]),
        // Encrypted SQLite store (GRDB), key ring, blind indexes, hash-chained audit trail, crypto-shredding.
        .target(name: "Vault", dependencies: ["FrontDeskCore",
                                              .product(name: "GRDB", package: "GRDB.swift"),
                                              .product(name: "Crypto", package: "swift-crypto")]),
        // Pure audio layer: G.711, resampling, VAD, end of turn, pacing, barge-in, speech provider seams.
        .target(name: "Voice", dependencies: ["FrontDeskCore"]),
        // Staff access: roles and permissions, bcrypt passwords, TOTP MFA, lockout, sessions, API tokens.
        .target(name: "Access", dependencies: ["FrontDeskCore", "Vault",
                                               .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                                               .product(name: "Crypto", package: "swift-crypto")]),
        // Speech providers behind Voice's seams: Deepgram streaming STT, OpenAI-compatible STT/TTS, espeak-ng TTS.
        .target(name: "SpeechProviders", dependencies: ["FrontDeskCore", "Voice",
                                                        .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                        .product(name: "WSClient", package: "swift-websocket"),
                                                        .product(name: "Logging", package: "swift-log")]),
        // Loopback stand-ins for speech services that speak their documented wire protocols (tests, load runs).
        .target(name: "FakeProviders", dependencies: ["FrontDeskCore", "Voice",
                                                      .product(name: "Hummingbird", package: "hummingbird"),
                                                      .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")]),
        // Twilio adapter: Media Streams messages, call sessions joining Voice to the receptionist, REST transfers.
        .target(name: "Telephony", dependencies: ["FrontDeskCore", "Voice", "Conversation", "Scheduling", "Vault",
                                                  .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                  .product(name: "Crypto", package: "swift-crypto"),
                                                  .product(name: "Logging", package: "swift-log")]),
        // Simulated Twilio: callers over the real Media Streams WebSocket and a fake Twilio REST API (tests, load).
        // Each call's WebSocket is a plain NIO channel, ticked on its event loop (~0.65 core for 1,000 calls here).
        .target(name: "CallSimulator", dependencies: ["FrontDeskCore", "Voice", "Telephony", "FakeProviders",
                                                      .product(name: "NIOCore", package: "swift-nio"),
                                                      .product(name: "NIOPosix", package: "swift-nio"),
                                                      .product(name: "NIOHTTP1", package: "swift-nio"),
                                                      .product(name: "NIOWebSocket", package: "swift-nio"),
                                                      .product(name: "NIOSSL", package: "swift-nio-ssl"),
                                                      .product(name: "Hummingbird", package: "hummingbird"),
                                                      .product(name: "Logging", package: "swift-log")]),
        // Hummingbird 2 application: Twilio webhooks (signature check, TwiML), media streams, health, BAA gate.
        .target(name: "Server", dependencies: ["FrontDeskCore", "Voice", "Telephony", "SpeechProviders", "Vault",
                                               "Conversation", "Scheduling", "Access",
                                               .product(name: "Hummingbird", package: "hummingbird"),
                                               .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                                               .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                               .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                                               .product(name: "Crypto", package: "swift-crypto"),
                                               .product(name: "Yams", package: "Yams"),
                                               .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "frontdesk", dependencies: [
            "FrontDeskCore", "Scheduling", "Conversation", "Evaluation", "Vault", "Server", "Telephony", "Access",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "FrontDeskBenchmarks",
                          dependencies: ["FrontDeskCore", "Scheduling", "Conversation", "Evaluation", "Vault", "Voice",
                                         "Telephony", "Server", "CallSimulator", "FakeProviders",
                                         .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")],
                          path: "Benchmarks/FrontDeskBenchmarks"),
        .testTarget(name: "FrontDeskCoreTests", dependencies: ["FrontDeskCore"]),
        .testTarget(name: "SchedulingTests", dependencies: ["FrontDeskCore", "Scheduling"]),
        .testTarget(name: "SafetyTests", dependencies: ["FrontDeskCore", "Safety"]),
        .testTarget(name: "UnderstandingTests", dependencies: ["FrontDeskCore", "Understanding"]),
        .testTarget(name: "ConversationTests", dependencies: ["FrontDeskCore", "Scheduling", "Conversation"]),
        // Runs the built `frontdesk` binary for CLI tests.
        .target(name: "FrontDeskTestSupport", path: "Tests/Support"),
        .testTarget(name: "EvaluationTests", dependencies: ["FrontDeskCore", "Evaluation", "frontdesk", "FrontDeskTestSupport"]),
        .testTarget(name: "VaultTests", dependencies: ["FrontDeskCore", "Vault", "frontdesk", "FrontDeskTestSupport"]),
        .testTarget(name: "ServerTests", dependencies: ["FrontDeskCore", "Server", "Telephony", "frontdesk", "FrontDeskTestSupport", "Access", "Vault",
                                                        .product(name: "Hummingbird", package: "hummingbird"),
                                                        .product(name: "HummingbirdTesting", package: "hummingbird"),
                                                        .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "VoiceTests", dependencies: ["FrontDeskCore", "Voice"]),
        .testTarget(name: "AccessTests", dependencies: ["FrontDeskCore", "Vault", "Access", "frontdesk", "FrontDeskTestSupport"]),
        .testTarget(name: "SpeechProvidersTests", dependencies: ["FrontDeskCore", "Voice", "SpeechProviders", "FakeProviders"]),
        .testTarget(name: "TelephonyTests", dependencies: ["FrontDeskCore", "Voice", "Telephony", "Conversation", "Scheduling",
                                                           "Vault", "Server", "CallSimulator", "FakeProviders", "SpeechProviders",
                                                           .product(name: "Hummingbird", package: "hummingbird"),
                                                           .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                                                           .product(name: "WSClient", package: "swift-websocket"),
                                                           .product(name: "NIOCore", package: "swift-nio"),
                                                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                           .product(name: "Logging", package: "swift-log")]),
    ],
    swiftLanguageModes: [.v6]
)
