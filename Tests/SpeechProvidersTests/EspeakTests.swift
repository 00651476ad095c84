import Foundation
import FrontDeskCore
import SpeechProviders
import Testing
import Voice

@Suite(.enabled(if: EspeakTextToSpeech.isAvailable(), "espeak-ng is not installed (apt install espeak-ng)"))
struct EspeakTests {
    static func samples(_ tts: EspeakTextToSpeech, _ text: String, _ language: Language) async throws -> (samples: [Int16], chunks: Int) {
        var out: [Int16] = [], chunks = 0
        for try await chunk in tts.synthesize(text, language: language) {
            guard case .pcm16(let s) = chunk else { Issue.record("expected PCM"); continue }
            out += s; chunks += 1
        }
        return (out, chunks)
    }

    @Test(arguments: [("Thank you for calling Bright Smile Dental. How can I help you today?", Language.en),
                      ("Gracias por llamar. ¿En qué le puedo ayudar hoy?", Language.es)])
    func speaksAtEightKilohertz(text: String, language: Language) async throws {
        let tts = try EspeakTextToSpeech()
        let (pcm, chunks) = try await Self.samples(tts, text, language)
        let seconds = Double(pcm.count) / 8_000
        #expect(seconds > 1.5 && seconds < 8, "\(seconds) s")     // ~12 words at 165 wpm
        #expect(chunks >= 1)
        #expect(Support.rms(pcm) > 300)
        #expect(tts.activeProcesses == 0)
    }

    @Test func textIsNeverReadAsOptions() async throws {
        let (pcm, _) = try await Self.samples(try EspeakTextToSpeech(), "-w /tmp/x.wav --version", .en)
        #expect(pcm.count > 4_000)
    }

    @Test func stoppingTheConsumerKillsTheProcess() async throws {
        let tts = try EspeakTextToSpeech()
        let long = Array(repeating: "Please hold while I check the schedule for next week.", count: 300).joined(separator: " ")
        var heard = Duration.zero
        for try await chunk in tts.synthesize(long, language: .en) { heard = chunk.duration; break }
        #expect(heard > .zero)
        // Unread, the process would block on a full pipe forever; killed, it is reaped promptly.
        let gone = try await Support.within(.seconds(10)) {
            while tts.activeProcesses > 0 { try await Task.sleep(for: .milliseconds(20)) }
            return true
        }
        #expect(gone)
    }

    @Test func aMissingExecutableIsReportedWithTheInstallHint() {
        #expect(throws: SpeechProviderError.self) { try EspeakTextToSpeech(executable: "/nonexistent/espeak-ng") }
        #expect(EspeakTextToSpeech.locate(environment: ["PATH": "/nonexistent"]) == nil)
        #expect(EspeakTextToSpeech.installHint.contains("apt install espeak-ng"))
    }
}
