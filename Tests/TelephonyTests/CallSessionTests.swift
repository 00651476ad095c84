import Foundation
import FrontDeskCore
import Testing
import Voice
@testable import Telephony

/// A call over the media stream protocol, without a network: the connection gets Twilio's messages as
/// text, the session answers through a recording output.
@Suite(.serialized) struct CallSessionTests {
    typealias F = CallFixtures

    func connect(_ services: CallServices) async throws -> (MediaStreamConnection, RecordingOutput) {
        let output = RecordingOutput()
        let c = MediaStreamConnection(resolve: { _ in services }, output: output, logger: F.logger)
        try await c.receive(F.connected)
        try await c.receive(F.start())
        return (c, output)
    }

    /// Sends `frames` in real time (20 ms apart).
    func play(_ c: MediaStreamConnection, _ frames: [[UInt8]]) async throws {
        let start = ContinuousClock.now
        for (i, f) in frames.enumerated() {
            try await c.receive(F.media(f))
            try await Task.sleep(until: start + .milliseconds(20 * (i + 1)), clock: .continuous)
        }
    }

    @Test func greetingIsPacedInRealTimeAndEndsWithAMark() async throws {
        let (c, out) = try await connect(F.services(stt: ManualSpeechToText()))
        #expect(await out.wait { !$0.events("mark").isEmpty })
        let media = await out.events("media")
        #expect(media.count >= 10)
        // Paced, not dumped: the frames span (about) their own play-out time minus the lead.
        let first = try #require(media.first), last = try #require(media.last)
        let span = last.at - first.at
        #expect(span >= .milliseconds(20 * (media.count - 4)))
        // Every frame is a whole 20 ms of μ-law, base64.
        for m in media {
            let payload = try #require(JSONValue.parse(m.text)["media"]?["payload"]?.string)
            #expect(Base64.decode(payload)?.count == 160)
        }
        let mark = try #require(await out.events("mark").first)
        #expect(mark.text.contains("reply-1"))
        await c.closed()
    }

    /// A voice that streams small chunks faster than real time: after the lead, one frame per 20 ms tick,
    /// never two at once.
    @Test func aStreamingVoiceIsStillPacedOneFramePerTick() async throws {
        let (c, out) = try await connect(F.services(stt: ManualSpeechToText(), tts: TricklingTextToSpeech()))
        #expect(await out.wait { !$0.events("mark").isEmpty })
        let media = out.events("media").map(\.at)
        #expect(media.count == 60)
        let gaps = Array(zip(media.dropFirst(3), media.dropFirst(4)).map { $1 - $0 })
        // Never two at once in steady play. On a loaded machine a tick can run late, or the voice's audio
        // arrive late enough for the far end to run dry; the frames sent right after such a long gap may
        // go together (a catch-up frame, or a fresh start's lead), so those are not counted.
        let together = gaps.indices.filter { i in
            gaps[i] < .milliseconds(5) && !gaps[max(0, i - 2)...i].contains { $0 > .milliseconds(25) }
        }
        #expect(together.count <= 1, "\(gaps)")
        await c.closed()
    }

    /// A caller who hangs up while the call is still being set up: the call used to end before `begin`
    /// finished, leaving the recogniser it then opened connected for good and the greeting spoken to no one.
    @Test func aCallEndedDuringSetUpClosesTheRecogniserItOpens() async throws {
        let stt = SlowSpeechToText(delay: .milliseconds(300))
        let output = RecordingOutput()
        let c = MediaStreamConnection(resolve: { _ in F.services(stt: stt) }, output: output, logger: F.logger)
        try await c.receive(F.connected)
        try await c.loop.submit { try c.handle(F.start()) }.get()       // not waiting for the call to begin
        try await Task.sleep(for: .milliseconds(100))                     // the recogniser is still connecting
        try await c.loop.submit { try c.handle(F.stop) }.get()
        let deadline = ContinuousClock.now + .seconds(20)
        while stt.finished == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(stt.opened == 1 && stt.finished == 1)
        try await Task.sleep(for: .milliseconds(200))
        #expect(output.events("media").isEmpty)                    // no greeting after the caller left
    }

    @Test func callerSpeechDuringTheGreetingClearsIt() async throws {
        let services = F.services(stt: ManualSpeechToText(), tts: SilentTextToSpeech(perWord: .milliseconds(100)))
        let (c, out) = try await connect(services)
        #expect(await out.wait { !$0.events("media").isEmpty })
        try await play(c, (0..<20).map(F.speech))
        #expect(await out.wait { !$0.events("clear").isEmpty })
        let clearAt = try #require(await out.events("clear").first).at
        // After the clear, no more greeting audio.
        try await Task.sleep(for: .milliseconds(200))
        #expect(await out.events("media").filter { $0.at > clearAt }.isEmpty)
        #expect(await out.events("mark").isEmpty)
        await c.closed()
    }

    @Test func aFinalTranscriptGetsASpokenReply() async throws {
        let stt = ManualSpeechToText()
        let (c, out) = try await connect(F.services(stt: stt))
        #expect(await out.wait { !$0.events("mark").isEmpty })
        try await play(c, (0..<10).map(F.speech) + [F.silence])
        stt.session!.say("What are your hours on Friday?")
        #expect(await out.wait { $0.events("mark").count >= 2 })
        #expect(await out.events("mark").dropFirst().first?.text.contains("reply-2") == true)
        #expect(stt.session!.framesFed == 11)
        try await c.receive(F.stop)
        await c.closed()
    }

    @Test func anEmergencyIsTransferredThroughTwilioInTheAnswerToThatTurn() async throws {
        let stt = ManualSpeechToText()
        let control = RecordingCallControl()
        let (c, _) = try await connect(F.services(stt: stt, control: control))
        try await play(c, (0..<10).map(F.speech) + [F.silence])
        stt.session!.say("my husband has crushing chest pain and can't breathe")
        let deadline = ContinuousClock.now + .seconds(20)
        while await control.redirects.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let r = try #require(await control.redirects.first)
        #expect(r.callSid == F.callSid)
        #expect(r.twiml.contains("<Say") && r.twiml.contains("911"))
        // 911 is never dialled from the practice's line: the caller is told to call it, then reaches a person.
        #expect(!r.twiml.contains("<Dial>911</Dial>"))
        #expect(r.twiml.contains("<Dial>\(F.dental.handoff.onCall ?? F.dental.handoff.frontDesk)</Dial>"))
        await c.closed()
    }

    @Test func pressingZeroReachesTheFrontDesk() async throws {
        let control = RecordingCallControl()
        let (c, _) = try await connect(F.services(stt: ManualSpeechToText(), control: control))
        try await c.receive(F.dtmf("0"))
        let deadline = ContinuousClock.now + .seconds(20)      // the keypress is acted on in its own task
        while await control.redirects.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        let r = try #require(await control.redirects.first)
        #expect(r.twiml.contains("<Dial>\(F.dental.handoff.frontDesk)</Dial>"))
        await c.closed()
    }

    @Test func aRecogniserThatCannotStartHandsTheCallToAPerson() async throws {
        let control = RecordingCallControl()
        let (c, _) = try await connect(F.services(stt: ManualSpeechToText(failOnStart: true), control: control))
        let r = try #require(await control.redirects.first)
        #expect(r.twiml.contains("trouble hearing") && r.twiml.contains("<Dial>\(F.dental.handoff.frontDesk)</Dial>"))
        await c.closed()
    }

    @Test func aRecogniserFailingMidCallHandsTheCallToAPerson() async throws {
        let stt = ManualSpeechToText()
        let control = RecordingCallControl()
        let (c, _) = try await connect(F.services(stt: stt, control: control))
        stt.session!.fail()
        let deadline = ContinuousClock.now + .seconds(20)
        while await control.redirects.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await control.redirects.count == 1)
        await c.closed()
    }

    @Test func aBrokenVoiceFallsBackToTheSecondVoice() async throws {
        let (c, out) = try await connect(F.services(stt: ManualSpeechToText(), tts: BrokenTextToSpeech(),
                                                    fallback: SilentTextToSpeech(perWord: .milliseconds(10))))
        #expect(await out.wait { !$0.events("mark").isEmpty })
        #expect(await !out.events("media").isEmpty)
        await c.closed()
    }

    @Test func aVoiceWithNoAudioInTimeIsStoppedAndTheSecondVoiceSpeaks() async throws {
        let mute = MuteTextToSpeech()
        var services = F.services(stt: ManualSpeechToText(), tts: mute, fallback: SilentTextToSpeech(perWord: .milliseconds(10)))
        services.settings.firstAudioTimeout = .milliseconds(200)
        let (c, out) = try await connect(services)
        #expect(await out.wait { !$0.events("mark").isEmpty })
        #expect(await !out.events("media").isEmpty)
        #expect(mute.cancelled == 1)
        await c.closed()
    }

    @Test func aVoiceThatStallsMidReplyIsGivenUpAndTheReplyEnds() async throws {
        let stalling = MuteTextToSpeech(framesFirst: 10)
        var services = F.services(stt: ManualSpeechToText(), tts: stalling)
        services.settings.firstAudioTimeout = .milliseconds(200)
        let (c, out) = try await connect(services)
        #expect(await out.wait { !$0.events("mark").isEmpty })   // the reply ends: its mark follows its audio
        #expect(await out.events("media").count == 10)
        #expect(stalling.cancelled == 1)
        await c.closed()
    }

    @Test func aVoiceThatEndsWithoutAudioIsTreatedAsFailed() async throws {
        let (c, out) = try await connect(F.services(stt: ManualSpeechToText(), tts: MuteTextToSpeech(endsAtOnce: true),
                                                    fallback: SilentTextToSpeech(perWord: .milliseconds(10))))
        #expect(await out.wait { !$0.events("mark").isEmpty })
        #expect(await !out.events("media").isEmpty)
        await c.closed()
    }

    @Test func noVoiceAtAllHandsTheCallToAPerson() async throws {
        let control = RecordingCallControl()
        let (c, _) = try await connect(F.services(stt: ManualSpeechToText(), tts: BrokenTextToSpeech(), control: control))
        let deadline = ContinuousClock.now + .seconds(20)
        while await control.redirects.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await control.redirects.count == 1)
        await c.closed()
    }

    @Test func goodbyeHangsUpOnceTheMarkComesBack() async throws {
        let stt = ManualSpeechToText()
        let (c, out) = try await connect(F.services(stt: stt))
        #expect(await out.wait { !$0.events("mark").isEmpty })
        try await c.receive(F.mark("reply-1"))
        try await play(c, (0..<10).map(F.speech) + [F.silence])
        stt.session!.say("That's all, thanks, bye!")
        #expect(await out.wait { $0.events("mark").count >= 2 })
        try await c.receive(F.mark("reply-2"))
        #expect(await out.wait { $0.isClosed })
        await c.closed()
    }

    @Test(arguments: [
        ("media before start", [F.connected, F.media(F.silence)]),
        ("start before connected", [F.start()]),
        ("second start", [F.connected, F.start(), F.start()]),
        ("a-law", [F.connected, F.start(encoding: "audio/x-alaw")]),
        ("unknown practice", [F.connected, F.start(practice: "nope")]),
        ("another stream", [F.connected, F.start(), #"{"event":"media","streamSid":"MZ00000000000000000000000000000000","media":{"payload":"/w=="}}"#]),
        ("half a frame", [F.connected, F.start(), F.media(Array(F.silence.prefix(80)))]),
    ])
    func outOfOrderOrWrongMessagesEndTheStream(_ name: String, _ messages: [String]) async throws {
        let services = F.services(stt: ManualSpeechToText())
        let c = MediaStreamConnection(resolve: { $0.customParameters["practice"] == "lakeview-dental" ? services : nil },
                                      output: RecordingOutput(), logger: F.logger)
        var refused = false
        for m in messages {
            do { try await c.receive(m) } catch { refused = true; break }
        }
        #expect(refused, "\(name)")
        await c.closed()
    }
}
