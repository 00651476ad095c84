import FrontDeskCore
import Testing
@testable import Voice

@Suite struct SpeechDoublesTests {
    @Test func scriptedRecogniserEmitsEventsAsFramesArrive() async throws {
        let stt: any SpeechToText = ScriptedSpeechToText(script: [
            .init(afterFrames: 0, .partial("")),
            .init(afterFrames: 10, .partial("I'd like")),
            .init(afterFrames: 25, .final("I'd like to book a cleaning")),
            .init(afterFrames: 50, .endOfSpeech),
        ])
        let session = try await stt.start(format: .wideband, language: .en)
        let frame = [Int16](repeating: 0, count: 320)
        for _ in 0..<50 { try session.feed(frame) }
        await session.finish()
        var events: [TranscriptEvent] = []
        for try await e in session.events { events.append(e) }
        #expect(events == [.partial(""), .partial("I'd like"), .final("I'd like to book a cleaning"), .endOfSpeech])
    }

    @Test func finishFlushesTheRestOfTheScript() async throws {
        let stt = ScriptedSpeechToText(script: [.init(afterFrames: 1000, .final("hello"))])
        let session = try await stt.start(format: .telephone, language: .es)
        try session.feed([0])
        await session.finish()
        var events: [TranscriptEvent] = []
        for try await e in session.events { events.append(e) }
        #expect(events == [.final("hello")])
    }

    @Test func silentSynthesizerLastsAsLongAsTheText() async throws {
        let tts: any TextToSpeech = SilentTextToSpeech()
        var bytes: [UInt8] = []
        for try await chunk in tts.synthesize("Thanks for calling Bright Smile Dental.", language: .en) {
            #expect(chunk.duration == .milliseconds(20))
            bytes += chunk.muLawBytes
        }
        #expect(bytes.count == 6 * 300 / 20 * 160)             // 6 words × 300 ms
        #expect(bytes.allSatisfy { $0 == G711.muLawSilence })
        #expect(SilentTextToSpeech().frames(for: "") == 15)      // at least one word's worth
    }

    @Test func speechAudioConvertsPCM() {
        let audio = SpeechAudio.pcm16([0, 0, 0, 0])
        #expect(audio.muLawBytes == [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(audio.duration == .microseconds(500))
        #expect(AudioFormat.telephone.sampleRate == 8000)
    }
}
