import Foundation
import AsyncHTTPClient
import FakeProviders
import FrontDeskCore
import Logging
import SpeechProviders
import Testing
import Voice

@Suite struct FactoryAndConfigTests {
    static let logger = Logger(label: "test")

    @Test func providersAreBuiltFromSettings() throws {
        let dg = try SpeechProviders.makeSpeechToText(.init(provider: "deepgram", apiKey: "k", model: "nova-2-phonecall"),
                                                      httpClient: .shared, logger: Self.logger)
        #expect((dg as? DeepgramSpeechToText)?.model == "nova-2-phonecall")
        #expect((dg as? DeepgramSpeechToText)?.url == DeepgramSpeechToText.defaultURL)
        let whisper = try SpeechProviders.makeSpeechToText(.init(provider: "Whisper", url: "http://whisper.local:8000"),
                                                           httpClient: .shared, logger: Self.logger)
        #expect((whisper as? OpenAISpeechToText)?.model == "whisper-1")
        #expect((whisper as? OpenAISpeechToText)?.apiKey == nil)
        let tts = try SpeechProviders.makeTextToSpeech(.init(provider: "openai", url: "https://api.openai.com", apiKey: "sk", voice: "nova"),
                                                       httpClient: .shared, logger: Self.logger)
        #expect((tts as? OpenAITextToSpeech)?.voice == "nova")
        #expect((tts as? OpenAITextToSpeech)?.model == "tts-1")
    }

    @Test(arguments: [("deepgram", "needs api_key"), ("openai", "needs url"), ("whisper", "needs url"), ("acme", "unknown")])
    func missingSettingsAreNamed(provider: String, reason: String) {
        do {
            _ = try SpeechProviders.makeSpeechToText(.init(provider: provider), httpClient: .shared, logger: Self.logger)
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(reason), "\(error)")
        }
        #expect(throws: SpeechProviderError.self) {
            try SpeechProviders.makeTextToSpeech(.init(provider: "openai"), httpClient: .shared, logger: Self.logger)
        }
    }

    @Test(.enabled(if: EspeakTextToSpeech.isAvailable(), "espeak-ng is not installed"))
    func espeakIsTheLocalVoice() throws {
        let tts = try SpeechProviders.makeTextToSpeech(.init(provider: "espeak-ng", voice: "f3"), httpClient: .shared, logger: Self.logger)
        #expect((tts as? EspeakTextToSpeech)?.voice(for: .es) == "es-419+f3")
    }

    @Test func configReadsModelAndVoice() throws {
        let yaml = """
        speech_to_text:
          provider: whisper
          url: http://whisper.local:8000
          model: large-v3
          baa: true
        text_to_speech:
          provider: openai
          url: https://api.openai.com
          api_key: env:OPENAI_KEY
          model: tts-1-hd
          voice: nova
          baa: true
        """
        let c = try DeploymentConfig.load(yaml: yaml, file: "fd.yaml", environment: ["OPENAI_KEY": "sk"])
        #expect(c.speechToText == SpeechProviderSettings(provider: "whisper", url: "http://whisper.local:8000", baa: true, model: "large-v3"))
        #expect(c.textToSpeech == SpeechProviderSettings(provider: "openai", url: "https://api.openai.com", apiKey: "sk", baa: true,
                                                         model: "tts-1-hd", voice: "nova"))
        #expect(throws: ConfigError(file: "fd.yaml", key: "speech_to_text.voice",
                                    reason: "unknown key (expected one of: api_key, baa, model, provider, url)")) {
            try DeploymentConfig.load(yaml: "speech_to_text:\n  provider: deepgram\n  voice: x\n", file: "fd.yaml", environment: [:])
        }
    }

    @Test func libraryRecogniserReportsALineTheMomentItEnds() async throws {
        let session = try await LibrarySpeechToText(library: Support.library).start(format: .telephone, language: .en)
        let line = "I need to reschedule my appointment"
        let frames = Support.pcmFrames(line)
        let lastVoiced = frames.lastIndex { UtteranceLibrary.isVoiced(G711.encode($0, law: .muLaw)) }!
        for frame in frames[...lastVoiced] { try session.feed(frame) }
        try session.feed(Support.silence(1)[0])
        // Reported at that first quiet frame — not later by the 500 ms quiet fallback or by finish(), even
        // though the frames went through a μ-law → PCM round trip (0x7F, μ-law's second zero, became 0xFF).
        let watchdogFired = Flag()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(2))
            watchdogFired.set()
            await session.finish()
        }
        var events = session.events.makeAsyncIterator()
        #expect(try await events.next() == .final(line))
        #expect(try await events.next() == .endOfSpeech)
        #expect(!watchdogFired.isSet)
        watchdog.cancel()
        await session.finish()
        await #expect(throws: (any Error).self) { _ = try await LibrarySpeechToText(library: Support.library).start(format: .wideband, language: .en) }
    }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
