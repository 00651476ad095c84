import AsyncHTTPClient
import FakeProviders
import Foundation
import FrontDeskCore
import SpeechProviders
import Testing
import Voice

@Suite struct OpenAITests {
    static let line = "Can I get a refill of my prescription"

    static func withFake(apiKey: String? = "sk-test", faults: FakeOpenAIAudio.Faults = .init(),
                         _ body: (FakeOpenAIAudio) async throws -> Void) async throws {
        let fake = try await FakeOpenAIAudio.start(library: Support.library, apiKey: apiKey, faults: faults)
        do { try await body(fake) } catch { await fake.stop(); throw error }
        await fake.stop()
    }

    static func stt(_ fake: FakeOpenAIAudio, key: String? = "sk-test", timeout: Duration = .seconds(4)) -> OpenAISpeechToText {
        OpenAISpeechToText(url: fake.url, apiKey: key, timeout: timeout, httpClient: .shared)
    }

    @Test func eachTurnIsTranscribedInOrder() async throws {
        try await Self.withFake { fake in
            let session = try await Self.stt(fake).start(format: .telephone, language: .en)
            let second = "What time do you open on Saturday"
            for frame in Support.silence(5) + Support.pcmFrames(Self.line) + Support.silence(10) { try session.feed(frame) }
            await session.endOfTurn()
            for frame in Support.pcmFrames(second) + Support.silence(10) { try session.feed(frame) }
            await session.endOfTurn()
            await session.endOfTurn()                               // nothing fed: just the end of speech
            await session.finish()
            let events = try await Support.drain(session.events)
            #expect(events == [.final(Self.line), .endOfSpeech, .final(second), .endOfSpeech, .endOfSpeech])
            #expect(fake.counts.transcriptions == 2)
        }
    }

    @Test func unrecognisedAudioGivesNoFinalButEndsTheTurn() async throws {
        try await Self.withFake(apiKey: nil) { fake in
            let session = try await Self.stt(fake, key: nil).start(format: .telephone, language: .es)
            for frame in Support.silence(30) { try session.feed(frame) }
            await session.endOfTurn()
            await session.finish()
            #expect(try await Support.drain(session.events) == [.endOfSpeech])
        }
    }

    @Test(arguments: [(FakeOpenAIAudio.Faults(failStatus: 500), "sk-test", SpeechProviderError.httpStatus(provider: "openai-stt", status: 500)),
                      (FakeOpenAIAudio.Faults(), "wrong", SpeechProviderError.httpStatus(provider: "openai-stt", status: 401)),
                      (FakeOpenAIAudio.Faults(delay: .seconds(5)), "sk-test", SpeechProviderError.timedOut(provider: "openai-stt"))])
    func failuresEndTheEventsWithAnError(faults: FakeOpenAIAudio.Faults, key: String, expected: SpeechProviderError) async throws {
        try await Self.withFake(faults: faults) { fake in
            let session = try await Self.stt(fake, key: key, timeout: .milliseconds(1_500)).start(format: .telephone, language: .en)
            for frame in Support.pcmFrames(Self.line) { try session.feed(frame) }
            await session.endOfTurn()
            await #expect(throws: expected) { _ = try await Support.drain(session.events) }
            #expect(throws: expected) { try session.feed(Support.silence(1)[0]) }
        }
    }

    // MARK: speech

    static func tts(_ fake: FakeOpenAIAudio, key: String? = "sk-test", timeout: Duration = .seconds(2)) -> OpenAITextToSpeech {
        OpenAITextToSpeech(url: fake.url + "/v1", apiKey: key, timeout: timeout, httpClient: .shared)
    }

    @Test func speechStreamsAsEightKilohertzChunks() async throws {
        try await Self.withFake { fake in
            let text = "Your appointment is on Tuesday at nine"
            var samples: [Int16] = [], chunks = 0
            for try await chunk in Self.tts(fake).synthesize(text, language: .en) {
                guard case .pcm16(let s) = chunk else { Issue.record("expected PCM"); continue }
                samples += s; chunks += 1
            }
            let expected = UtteranceLibrary.syntheticSpeech(for: text)
            #expect(chunks > 1)
            #expect(abs(samples.count - expected.count) <= 2)
            #expect(Support.rms(samples) > 1_000)
            #expect(fake.counts.speeches == 1)
        }
    }

    @Test func speechFailuresThrow() async throws {
        try await Self.withFake(faults: .init(failStatus: 500)) { fake in
            await #expect(throws: SpeechProviderError.httpStatus(provider: "openai-tts", status: 500)) {
                for try await _ in Self.tts(fake).synthesize("Hello", language: .en) {}
            }
            fake.faults = .init(delay: .seconds(5))
            await #expect(throws: SpeechProviderError.timedOut(provider: "openai-tts")) {
                for try await _ in Self.tts(fake, timeout: .milliseconds(1_500)).synthesize("Hello", language: .en) {}
            }
        }
    }

    @Test func stoppingTheConsumerStopsTheDownload() async throws {
        try await Self.withFake(faults: .init(chunkDelay: .milliseconds(50))) { fake in
            let long = Array(repeating: "please hold while I check the schedule", count: 20).joined(separator: " ")
            for try await _ in Self.tts(fake).synthesize(long, language: .en) { break }
            try await Task.sleep(for: .seconds(1))                  // the whole body would take ~5 s
            #expect(fake.counts.speeches == 1)
            #expect(fake.counts.speechesCompleted == 0)
        }
    }
}
