// The simulated Twilio against FrontDesk's real server on loopback: the voice webhook (signed), the
// Media Stream it names (signed upgrade), the receptionist answering through the zero-latency fake
// recogniser and a silent voice, barge-in, and a transfer through the fake Twilio REST API.

import AsyncHTTPClient
import CallSimulator
import FakeProviders
import Foundation
import FrontDeskCore
import Hummingbird
import Logging
import Server
import Telephony
import Testing
import Voice

@Suite("Simulator end to end", .serialized)
struct SimulatorEndToEndTests {
    static let token = "simulator-e2e-token"
    static let account = "AC" + String(repeating: "e", count: 32)

    struct Live {
        var port: Int
        var library: UtteranceLibrary
        var rest: FakeTwilioREST
        var voiceURL: String { "http://127.0.0.1:\(port)/twilio/voice" }
        func options() -> CallerOptions { CallerOptions(accountSID: account, authToken: token) }
    }

    /// Runs `body` against a live server (its public URL is its own loopback address, so signatures match).
    func withServer(_ body: (Live) async throws -> Void) async throws {
        let library = UtteranceLibrary()
        let rest = FakeTwilioREST(accounts: [Self.account: Self.token])
        try await rest.start()
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        var logger = Logger(label: "e2e")
        logger.logLevel = .critical
        let services = CallServices(profile: CallFixtures.dental, store: InMemoryStore(), clock: CallFixtures.openClock,
                                    speechToText: LibrarySpeechToText(library: library),
                                    textToSpeech: SilentTextToSpeech(perWord: .milliseconds(20)),
                                    callControl: TwilioRESTClient(accountSID: Self.account, authToken: Self.token,
                                                                  apiBase: rest.baseURL, httpClient: http))
        try await withLiveServer(services, authToken: Self.token, logger: logger) { port in
            try await body(Live(port: port, library: library, rest: rest))
        }
        try? await http.shutdown()
        await rest.stop()
    }

    @Test func aCallerAsksAQuestionThroughTheWebhookAndTheStream() async throws {
        try await withServer { live in
            let call = SimulatedCall(steps: [.waitForReply(timeout: .seconds(10)), .say("Do you take Cigna?"),
                                             .waitForReply(timeout: .seconds(10)), .hangUp],
                                     audio: CallerAudio(library: live.library), options: live.options())
            let record = await call.run(webhook: VoiceWebhook(url: live.voiceURL, authToken: Self.token))
            #expect(record.error == nil, "\(record.error ?? "")")
            #expect(record.violationCount == 0, "\(record.violations.map(\.detail))")
            #expect(record.waitTimeouts == 0)
            #expect(!record.closedByServer && record.hungUpAt != nil)
            // The greeting, then the answer to the question.
            #expect(record.replies.count >= 2)
            let question = try #require(record.utterances.first)
            #expect(question.replyLatency != nil)
            #expect(record.replies.contains { $0.answers == 0 })
            #expect(record.marksEchoed == record.marksReceived)
            #expect(!record.jitterMS.isEmpty)
        }
    }

    @Test func speakingOverTheGreetingGetsClear() async throws {
        try await withServer { live in
            let call = SimulatedCall(steps: [.sayDuringReply("I have a question about my bill", timeout: .seconds(10)),
                                             .waitForReply(timeout: .seconds(10)), .hangUp],
                                     audio: CallerAudio(library: live.library), options: live.options())
            let record = await call.run(mediaStreamURL: "ws://127.0.0.1:\(live.port)/twilio/media")
            #expect(record.error == nil && record.violationCount == 0)
            #expect(record.clears >= 1)
            #expect(record.utterances.first?.bargeIn == true && record.utterances.first?.clearLatency != nil)
            #expect(record.replies.first?.cleared == true)
        }
    }

    @Test func anEmergencyIsTransferredThroughTwilioREST() async throws {
        try await withServer { live in
            let options = live.options()
            let call = SimulatedCall(steps: [.waitForReply(timeout: .seconds(10)), .say("I have chest pain and I can't breathe"),
                                             .waitForReply(timeout: .seconds(10)), .silence(.milliseconds(500)), .hangUp],
                                     audio: CallerAudio(library: live.library), options: options)
            let record = await call.run(mediaStreamURL: "ws://127.0.0.1:\(live.port)/twilio/media")
            #expect(record.error == nil && record.violationCount == 0)
            let update = try #require(await live.rest.waitForUpdate(callSID: options.callSID, timeout: .seconds(5)))
            #expect(update.accepted)
            #expect(!update.say.isEmpty || update.status == "completed")
        }
    }
}
