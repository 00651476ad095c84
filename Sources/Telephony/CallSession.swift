// One phone call: joins the media stream, the audio pipeline, the speech providers and the receptionist.
//
// Inbound 20 ms μ-law frames → PCM16 → VAD → barge-in and end-of-turn; every frame also goes to the
// speech recogniser. A turn ends on the recogniser's end-of-speech (with final text), or on the VAD's
// silence timer (then the recogniser is asked to finalise, and waited for at most `transcriptWait`).
// The turn goes to the receptionist; its reply is synthesized and paced out in real time (FramePacer),
// followed by a `mark`. Caller speech over a reply cuts it (`clear`, synthesis stopped, the transcript
// keeps only what was heard). Transfers (emergency, crisis, a person) go through Twilio's REST API at once,
// in the answer to that turn. Provider failures never leave the caller in silence: a failed voice falls
// back to the second voice, a failed recogniser hands the call to a person.
//
// Threading: a session is an actor whose executor is its WebSocket's event loop, and so is its
// receptionist. Every inbound frame is handled synchronously on that loop (`receiveNow`), outbound frames
// are written from the loop's shared 20 ms `PlayoutTicker`, and the recogniser is fed without waiting — no
// task hop per frame. The recogniser's events and the voice's audio are `ProviderStream`s the session
// takes from when they call it back on the loop. So a reply, from the caller's end of speech to its first
// audio frame, never leaves the loop's thread: under load each hop to Swift's task pool and back waited
// for a core. Transfers, storage and timers run in tasks.

import Foundation
import FrontDeskCore
import Conversation
import Logging
import NIOCore
import NIOPosix
import Voice

/// Tunables of a call session; the defaults suit telephone calls.
public struct CallSessionSettings: Sendable {
    /// Quiet after speech that ends the caller's turn when the recogniser has not said so first.
    public var endOfTurnSilence: Duration = .milliseconds(500)
    /// Caller speech over a reply that interrupts it.
    public var bargeInSpeech: Duration = .milliseconds(200)
    /// Audio allowed in flight ahead of the far end's playout.
    public var pacerLead: Duration = .milliseconds(60)
    /// After the silence timer ends a turn, how long to wait for the recogniser's final text.
    public var transcriptWait: Duration = .milliseconds(1_500)
    /// How long a voice may take to produce a reply's first audio before the fallback voice speaks.
    public var firstAudioTimeout: Duration = .milliseconds(1_500)
    /// After the last reply of a call, how long to wait for Twilio's mark before hanging up anyway.
    public var hangUpGrace: Duration = .milliseconds(600)
    public init() {}
}

/// Everything a practice's calls share: the practice, its store, the providers, Twilio's REST API.
public struct CallServices: Sendable {
    public var profile: PracticeProfile
    public var store: any Store
    public var clock: any FrontDeskCore.Clock
    public var speechToText: any SpeechToText
    public var textToSpeech: any TextToSpeech
    /// Spoken with when `textToSpeech` fails (e.g. local espeak-ng behind a cloud voice).
    public var fallbackTextToSpeech: (any TextToSpeech)?
    /// Transfers and hang-ups; `nil` when no Twilio credentials are configured (transfers are then
    /// announced on the stream only).
    public var callControl: (any CallControl)?
    /// Makes the call's vault recorder (`nil`: calls are not stored).
    public var recorder: (@Sendable (_ callSid: String) -> CallRecorder?)?
    public var settings: CallSessionSettings

    public init(profile: PracticeProfile, store: any Store, clock: any FrontDeskCore.Clock,
                speechToText: any SpeechToText, textToSpeech: any TextToSpeech,
                fallbackTextToSpeech: (any TextToSpeech)? = nil, callControl: (any CallControl)? = nil,
                recorder: (@Sendable (_ callSid: String) -> CallRecorder?)? = nil,
                settings: CallSessionSettings = CallSessionSettings()) {
        self.profile = profile; self.store = store; self.clock = clock
        self.speechToText = speechToText; self.textToSpeech = textToSpeech
        self.fallbackTextToSpeech = fallbackTextToSpeech; self.callControl = callControl
        self.recorder = recorder; self.settings = settings
    }
}

/// Where a session's outbound Media Streams messages go (the WebSocket).
public protocol MediaStreamOutput: Sendable {
    /// Sends one text message. Called on the session's event loop; never waits. A socket that fails
    /// closes, and the session hears of it through `MediaStreamConnection.socketClosed()`.
    func send(_ text: String)
    /// Sends one `media` message (`MediaStreamCodec.media`): 50 a second while the receptionist speaks,
    /// so an output may write it without building a String.
    func sendMedia(streamSid: String, payload: [UInt8])
    /// Closes the stream (Twilio then ends the call: nothing follows `<Connect>` in our TwiML).
    func close()
}

extension MediaStreamOutput {
    public func sendMedia(streamSid: String, payload: [UInt8]) {
        send(MediaStreamCodec.media(streamSid: streamSid, payload: payload))
    }
}

/// One call's state and behaviour; see the file header for the flow.
public actor CallSession {
    /// The event loop of the call's WebSocket: the actor runs there.
    public nonisolated let loop: any EventLoop
    public nonisolated var unownedExecutor: UnownedSerialExecutor { loop.executor.asUnownedSerialExecutor() }
    let services: CallServices
    let start: StreamStart
    let output: any MediaStreamOutput
    let logger: Logger
    let receptionist: Receptionist
    let origin = ContinuousClock.now

    let recorder: CallRecorder?
    var stt: (any SpeechToTextSession)?
    /// The recogniser's events, while the session takes them.
    var listening: TranscriptStream?
    /// The language the receptionist speaks now (it may switch during the call).
    var language: Language = .en
    var vad = VoiceActivityDetector()
    var endOfTurn: EndOfTurnDetector
    var bargeIn: BargeIn
    var pacer: FramePacer

    /// Final text of the caller's current turn, and the latest interim text.
    var finals: [String] = []
    var partial = ""
    /// Speech heard in the current turn (for "sorry, I didn't catch that").
    var speechInTurn: Duration = .zero
    var waitingForTranscript: Task<Void, Never>?
    /// A receptionist turn is running (a turn that ends meanwhile waits in `queuedTurns`).
    var turnRunning = false
    var queuedTurns: [String] = []

    /// Until `begin` has opened the recogniser, inbound frames wait here (at most a second of them).
    var begun = false
    var beginning: Task<Void, Never>?
    var earlyFrames: [ArraySlice<UInt8>] = []

    var replyNumber = 0
    /// The voice producing the current reply's audio, while it does.
    var voice: VoiceReading?
    var replyText = ""
    var replyAudio: Duration = .zero
    /// Registered with the loop's ticker while reply audio is queued.
    var ticking = false
    /// Marks to send once the pacer has sent this much audio.
    var pendingMarks: [(name: String, after: Duration)] = []
    /// Hang up once this mark comes back (the goodbye was heard).
    var hangUpAfterMark: String?
    var ended = false
    var transferred = false

    /// Starts a session for a stream that Twilio has just described in its `start` message, running on
    /// `loop` (the stream's event loop; any loop of NIO's shared group when there is no socket).
    public init(services: CallServices, start: StreamStart, output: any MediaStreamOutput, logger: Logger,
                loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        self.loop = loop
        self.services = services
        self.start = start
        self.output = output
        var logger = logger
        logger[metadataKey: "call_sid"] = .string(start.callSid)
        self.logger = logger
        let caller = start.customParameters["caller"].flatMap { $0.hasPrefix("+") ? $0 : nil }
        self.receptionist = Receptionist(profile: services.profile, store: services.store, clock: services.clock,
                                         callerID: caller, executor: loop.executor)
        self.endOfTurn = EndOfTurnDetector(silence: services.settings.endOfTurnSilence)
        self.bargeIn = BargeIn(minimumSpeech: services.settings.bargeInSpeech)
        self.pacer = FramePacer(lead: services.settings.pacerLead)
        self.recorder = services.recorder?(start.callSid)
    }

    var now: Duration { ContinuousClock.now - origin }

    // MARK: - Inbound

    /// Opens the recogniser, stores the call and says the greeting.
    ///
    /// A call can end (stop, socket closed) while this is still waiting: `end()` then waits for it, and it
    /// stops at its next step — a recogniser it just opened is closed, the greeting is not spoken.
    public func begin() async {
        await receptionist.prepare()
        let greeting = await receptionist.greet()
        language = await receptionist.language
        await recorder?.begin(receptionist, callerNumber: receptionist.callerID)
        guard !ended else { return }
        do {
            let session = try await services.speechToText.start(format: .telephone, language: language)
            guard !ended else { await session.finish(); return }
            stt = session
            listening = session.events
            listen(to: session.events)
        } catch {
            guard !ended else { return }
            logger.error("speech recogniser unavailable at call start; handing the call to a person")
            begun = true; earlyFrames = []
            await recogniserFailed()
            return
        }
        logger.info("call answered", metadata: ["practice": .string(services.profile.practice.id)])
        speak(greeting.text)
        begun = true
        let early = earlyFrames
        earlyFrames = []
        for f in early { frameNow(f) }
    }

    /// Starts `begin()` in a task the session keeps, so `end()` (and a keypress) can wait for it.
    func startBeginning() {
        beginning = Task { await self.begin() }
    }

    /// One inbound message after `start`, handled at once on the session's loop. Throws to end the stream
    /// (protocol error).
    func receiveNow(_ event: MediaStreamEvent) throws(MediaStreamError) {
        switch event {
        case .connected, .start:
            throw MediaStreamError("\(event.name) after start")
        case .media(let sid, let payload):
            try check(sid)
            guard payload.count % FramePacer.frameBytes == 0 else {
                throw MediaStreamError("media payload of \(payload.count) bytes is not whole 20 ms frames")
            }
            for i in stride(from: 0, to: payload.count, by: FramePacer.frameBytes) {
                frameNow(payload[i..<i + FramePacer.frameBytes])
            }
        case .dtmf(let sid, let digit):
            try check(sid)
            logger.info("keypad press")
            if digit == "0", !ended {
                Task {
                    await self.beginning?.value            // the greeting and recogniser first
                    guard !self.ended else { return }
                    await self.runTurn(.keypadZero)
                }
            }
        case .mark(let sid, let name):
            try check(sid)
            if name == hangUpAfterMark { Task { await self.hangUp() } }
        case .stop(let sid):
            try check(sid)
            Task { await self.end(reason: "stream stopped") }
        }
    }

    /// The socket closed (with or without `stop`): the call is over.
    public func closed() async {
        await end(reason: "socket closed")
    }

    func check(_ sid: String) throws(MediaStreamError) {
        guard sid == start.streamSid else { throw MediaStreamError("message for another stream") }
    }

    /// One 20 ms frame of caller audio.
    func frameNow(_ mulaw: ArraySlice<UInt8>) {
        guard !ended else { return }
        guard begun else {
            earlyFrames.append(mulaw)                         // the most recent second waits for `begin`
            if earlyFrames.count > 50 { earlyFrames.removeFirst(earlyFrames.count - 50) }
            return
        }
        let pcm = G711.decode(mulaw, law: .muLaw)
        let activity = vad.process(pcm)
        if activity.isSpeech { speechInTurn += FramePacer.frameDuration }
        if let cut = bargeIn.observe(callerSpeech: activity.isSpeech, pacer: &pacer, now: now) {
            interrupted(cut)
        }
        if endOfTurn.process(activity) { Task { await self.silenceEndedTurn() } }
        if let stt {
            do { try stt.feed(pcm, muLaw: mulaw) } catch {
                self.stt = nil
                Task { await self.recogniserFailed() }
            }
        }
    }

    // MARK: - Turns

    /// Takes the recogniser's events as they arrive, on the call's loop; ends with them (`end()` closes
    /// the recogniser, so this does not outlive the call). A recogniser that ends mid-call, or fails, hands
    /// the call to a person.
    func listen(to events: TranscriptStream) {
        guard events === listening else { return }
        let taken = events.take()
        for event in taken.elements where !ended { transcript(event) }
        if taken.end != nil {
            listening = nil
            Task { await self.recogniserFailed() }
            return
        }
        whenMore(in: events) { $0.listen(to: $1) }
    }

    /// Has `take` called on the call's loop as soon as `stream` has more, or has ended (a stream dropped
    /// meanwhile is forgotten).
    func whenMore<Element>(in stream: ProviderStream<Element>,
                           _ take: @escaping @Sendable (isolated CallSession, ProviderStream<Element>) -> Void) {
        stream.notify { [loop, weak stream] in
            guard let stream else { return }
            loop.execute { self.assumeIsolated { take($0, stream) } }
        }
    }

    func transcript(_ event: TranscriptEvent) {
        switch event {
        case .partial(let text): partial = text
        case .final(let text):
            let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !t.isEmpty { finals.append(t) }
            partial = ""
            if waitingForTranscript != nil, !finals.isEmpty { turnEnded() }
        case .endOfSpeech:
            if !finals.isEmpty { turnEnded() }
        }
    }

    /// The silence timer ended a turn: take the final text, or ask the recogniser for it.
    func silenceEndedTurn() async {
        if !finals.isEmpty { turnEnded(); return }
        guard waitingForTranscript == nil, let stt else { return }
        await stt.endOfTurn()
        let wait = services.settings.transcriptWait
        waitingForTranscript = Task { [weak self] in
            try? await Task.sleep(for: wait)
            guard !Task.isCancelled else { return }
            await self?.transcriptOverdue()
        }
    }

    func transcriptOverdue() async {
        waitingForTranscript = nil
        if !partial.isEmpty { finals.append(partial); partial = "" }
        if !finals.isEmpty { turnEnded(); return }
        // Speech with no words recognised: ask again rather than leave silence.
        if speechInTurn >= .milliseconds(500), !turnRunning, !ended {
            speechInTurn = .zero
            speak(language == .es ? "Perdone, no le escuché bien. ¿Me lo puede repetir?"
                  : "Sorry, I didn't catch that. Could you say that again?")
        }
    }

    /// The caller's turn is over: the receptionist answers it (after the turn still running, if one is).
    func turnEnded() {
        waitingForTranscript?.cancel()
        waitingForTranscript = nil
        let text = finals.joined(separator: " ")
        finals = []; partial = ""; speechInTurn = .zero
        endOfTurn.reset()
        guard !text.isEmpty, !ended else { return }
        if turnRunning { queuedTurns.append(text); return }
        turnRunning = true
        Task { await self.runTurn(.said(text)) }    // on the call's loop, like the receptionist
    }

    /// What the caller gave the receptionist to answer.
    enum TurnInput: Sendable {
        case said(String)
        case keypadZero
    }

    /// Runs one receptionist turn and acts on it; turns queue behind each other. The receptionist shares
    /// the call's loop, so asking it costs no hop.
    func runTurn(_ input: TurnInput) async {
        turnRunning = true
        let turn = switch input {
        case .said(let text): await receptionist.respond(to: text)
        case .keypadZero: await receptionist.keypadZero()
        }
        guard !ended else { turnRunning = false; return }
        language = await receptionist.language
        await act(on: turn)
        await recorder?.save(receptionist)
        turnRunning = false
        if !queuedTurns.isEmpty, !ended {
            let next = queuedTurns.joined(separator: " ")
            queuedTurns = []
            await runTurn(.said(next))
        }
    }

    func act(on turn: AgentTurn) async {
        switch turn.action {
        case .continue:
            speak(turn.text)
        case .end:
            if turn.text.isEmpty { await hangUp(); return }
            speak(turn.text, hangUpAfter: true)
        case .transfer(let number, let reason):
            await transfer(notice: turn.text, number: number, reason: reason)
        }
    }

    // MARK: - Handoffs

    /// Hands the call over through Twilio's REST API: the caller hears `notice`, then is dialled through.
    /// Public emergency and crisis numbers (911, 988, …) are never dialled from the practice's line —
    /// responders would see the practice's address, not the caller's — so the caller is told to call
    /// them, and the call goes on to a person at the practice.
    func transfer(notice: String, number: String, reason: TransferReason) async {
        transferred = true
        let handoff = services.profile.handoff
        let isPublicLine = number.filter(\.isNumber).count <= 4
        let dial: String? = isPublicLine ? (handoff.onCall ?? handoff.frontDesk) : number
        let language = language == .es ? "es-US" : "en-US"
        logger.notice("handing the call over", metadata: ["reason": .string(reason.rawValue)])
        // Whatever is playing stops: the notice comes from Twilio now.
        stopReply()
        if let control = services.callControl {
            do {
                try await control.redirect(callSid: start.callSid,
                                           twiml: TwiML.handoff(notice: notice, language: language, dial: dial))
                await recorder?.save(receptionist)
                return
            } catch {
                logger.error("transfer through Twilio failed; announcing on the stream", metadata: ["error": .string("\(error)")])
            }
        } else {
            logger.error("no Twilio credentials configured: cannot transfer; announcing on the stream")
        }
        // No REST: the caller still hears where to go, then the call ends.
        speak(notice, hangUpAfter: true)
    }

    /// The recogniser failed: apologise and hand the call to a person (or, with no way to transfer,
    /// tell the caller how to reach the practice).
    func recogniserFailed() async {
        guard !ended, !transferred else { return }
        stt = nil
        logger.error("speech recogniser failed; handing the call to a person")
        let frontDesk = services.profile.handoff.frontDesk
        let es = language == .es
        let notice = es ? "Lo siento, tengo problemas para escucharle. Le comunico con una persona del equipo."
            : "I'm sorry, I'm having trouble hearing you. Let me connect you with someone from our team."
        let isOpen = services.profile.isOpen(at: services.profile.timeZone.local(services.clock.now()))
        let number = isOpen ? frontDesk : (services.profile.handoff.onCall ?? frontDesk)
        await transfer(notice: notice, number: number, reason: isOpen ? .frontDesk : .onCall)
    }

    // MARK: - Speaking

    /// Synthesizes and plays `text` after whatever is already playing. A reply still being synthesized
    /// is superseded: what it has queued plays, the rest is not produced.
    func speak(_ text: String, hangUpAfter: Bool = false) {
        guard !text.isEmpty, !ended else { return }
        replyNumber += 1
        let number = replyNumber
        let mark = "reply-\(number)"
        if hangUpAfter { hangUpAfterMark = mark }
        replyText = text
        replyAudio = .zero
        pacer.flush()
        bargeIn.replyStarted(pacer: pacer)
        stopVoice()
        startVoice(services.textToSpeech, text: text, language: language, reply: number, isFallback: false)
        if hangUpAfter {
            let grace = services.settings.hangUpGrace
            Task { [weak self] in
                // Twilio's mark normally ends the call; this is the backstop if it never comes.
                while let self, await self.isSpeaking { try? await Task.sleep(for: .milliseconds(100)) }
                try? await Task.sleep(for: grace)
                await self?.hangUpIfStill(mark)
            }
        }
    }

    /// A reply is being synthesized or played.
    var isSpeaking: Bool { !ended && (voice != nil || pacer.isPlaying(at: now)) }

    func hangUpIfStill(_ mark: String) async {
        if hangUpAfterMark == mark { await hangUp() }
    }

    /// One voice producing one reply's audio.
    struct VoiceReading {
        let stream: SpeechStream
        let text: String
        let language: Language
        let reply: Int
        /// The fallback voice (after the practice's voice failed); nothing follows it but a person.
        let isFallback: Bool
        /// Checks every `firstAudioTimeout` that the voice is still producing (see `checkVoice`).
        var watchdog: Scheduled<Void>
        /// Reply audio taken when the watchdog last looked.
        var audioAtLastCheck: Duration = .zero
    }

    /// Starts `voice` on reply `number` and takes the audio it already has.
    func startVoice(_ voice: any TextToSpeech, text: String, language: Language, reply number: Int, isFallback: Bool) {
        let stream = voice.synthesize(text, language: language)
        self.voice = VoiceReading(stream: stream, text: text, language: language, reply: number,
                                  isFallback: isFallback, watchdog: watchVoice(stream))
        takeVoice(stream)
    }

    func watchVoice(_ stream: SpeechStream) -> Scheduled<Void> {
        let period = services.settings.firstAudioTimeout
        return loop.scheduleTask(in: TimeAmount(period)) { [weak stream] in
            guard let stream else { return }
            self.assumeIsolated { $0.checkVoice(stream) }
        }
    }

    /// Takes what the voice has produced (now, and on the loop whenever it has more).
    func takeVoice(_ stream: SpeechStream) {
        guard let reading = voice, reading.stream === stream else { return }
        let taken = stream.take()
        for chunk in taken.elements where !accept(chunk, reply: reading.reply) {
            stopVoice()                                     // interrupted, superseded or ended
            return
        }
        guard let end = taken.end else {
            whenMore(in: stream) { $0.takeVoice($1) }
            return
        }
        stopVoice()
        guard replyAudio > .zero else {
            voiceFailedBeforeAudio(reading)
            return
        }
        if end.error != nil { logger.error("voice failed mid-reply") }
        replyFinished(reply: reading.reply)
    }

    /// The watchdog's look at the voice. No audio yet after `firstAudioTimeout`: the voice is too slow, and
    /// the fallback speaks. A voice that stops producing mid-reply (nothing new for a period and nothing
    /// left to play) is given up and the reply ends there, so the caller is not left in silence; a voice
    /// still producing, or whose audio is still playing, is looked at again a period later.
    func checkVoice(_ stream: SpeechStream) {
        takeVoice(stream)                                   // audio may wait behind the loop's queue
        guard var reading = voice, reading.stream === stream else { return }
        if replyAudio == .zero {
            logger.error("voice produced no audio in time")
            stopVoice()
            voiceFailedBeforeAudio(reading)
        } else if replyAudio > reading.audioAtLastCheck || pacer.isPlaying(at: now) {
            reading.audioAtLastCheck = replyAudio
            reading.watchdog = watchVoice(stream)
            voice = reading
        } else {
            logger.error("voice stalled mid-reply")
            stopVoice()
            replyFinished(reply: reading.reply)
        }
    }

    /// The voice produced no audio: the fallback voice says the reply, or else a person takes the call.
    func voiceFailedBeforeAudio(_ reading: VoiceReading) {
        guard reading.reply == replyNumber, !ended else { return }
        if !reading.isFallback, let fallback = services.fallbackTextToSpeech {
            startVoice(fallback, text: reading.text, language: reading.language, reply: reading.reply, isFallback: true)
        } else {
            Task { await self.voiceFailed(reply: reading.reply) }
        }
    }

    /// Stops the voice producing the current reply, if one is.
    func stopVoice() {
        guard let reading = voice else { return }
        voice = nil
        reading.watchdog.cancel()
        reading.stream.cancel()
    }

    /// Takes one chunk of reply audio; false once the reply is no longer wanted (interrupted or superseded).
    func accept(_ chunk: SpeechAudio, reply number: Int) -> Bool {
        guard !ended, number == replyNumber, bargeIn.state != .interrupted else { return false }
        pacer.enqueue(chunk.muLawBytes)
        replyAudio += chunk.duration
        startPlayout()
        return true
    }

    func replyFinished(reply number: Int) {
        guard number == replyNumber, bargeIn.state != .interrupted, !ended else { return }
        pacer.flush()
        pendingMarks.append((name: "reply-\(number)", after: pacer.enqueuedDuration - pacer.droppedDuration))
        startPlayout()
    }

    /// No voice could say the reply: hand the call to a person rather than leave silence.
    func voiceFailed(reply number: Int) async {
        guard number == replyNumber, !ended, !transferred else { return }
        logger.error("no voice available; handing over")
        let h = services.profile.handoff
        let notice = language == .es ? "Lo siento, le comunico con una persona del equipo."
            : "I'm sorry, let me connect you with someone from our team."
        await transfer(notice: notice, number: h.frontDesk, reason: .frontDesk)
    }

    /// Sends what is due now and, while audio remains, has the loop's ticker come back every 20 ms. While
    /// the ticker already plays this call, more audio just waits for its next tick (frames keep the
    /// ticker's phase whatever the voice's chunk timing, and a chunk costs no pacing work).
    func startPlayout() {
        guard !ended, !ticking else { return }
        if playDue(atTick: false) {
            ticking = true
            PlayoutTicker.on(loop).add(self)
        }
    }

    /// Sends the frames due now (and marks whose audio has all been sent); false when nothing is left
    /// to play (the ticker then forgets the session). At a tick, one frame (see `FramePacer.dueAtTick`).
    func playDue(atTick: Bool = true) -> Bool {
        guard !ended else { ticking = false; return false }
        let t = now
        for frame in atTick ? pacer.dueAtTick(t) : pacer.due(at: t) where !ended {
            output.sendMedia(streamSid: start.streamSid, payload: frame)
        }
        let sent = pacer.sentDuration
        while let m = pendingMarks.first, m.after <= sent {
            pendingMarks.removeFirst()
            send(MediaStreamCodec.mark(streamSid: start.streamSid, name: m.name))
        }
        if pacer.pendingFrames > 0 { return true }
        ticking = false
        return false
    }

    /// The caller talked over the reply: `clear`, stop synthesis, keep only what was heard.
    func interrupted(_ cut: BargeIn.Interruption) {
        logger.info("caller interrupted the reply")
        stopVoice()
        pendingMarks.removeAll()
        send(MediaStreamCodec.clear(streamSid: start.streamSid))
        let total = cut.heard + cut.unheard
        if total > .zero {
            let heard = cut.heard / total
            Task { await self.receptionist.replyInterrupted(heardFraction: heard) }
        }
    }

    /// Stops the current reply without the caller having spoken (a transfer takes over).
    func stopReply() {
        stopVoice()
        replyNumber += 1
        pendingMarks.removeAll()
        hangUpAfterMark = nil
        _ = pacer.clear(at: now)
    }

    func send(_ text: String) {
        guard !ended else { return }
        output.send(text)
    }

    // MARK: - Ending

    func hangUp() async {
        guard !ended else { return }
        logger.info("hanging up")
        await end(reason: "call complete")
        output.close()
    }

    func end(reason: String) async {
        guard !ended else { return }
        ended = true
        await beginning?.value                             // a call ended during set-up: let `begin` stop first
        stopVoice(); waitingForTranscript?.cancel()
        await stt?.finish()
        stt = nil
        listening?.cancel()                                 // a recogniser dropped earlier (it failed)
        listening = nil
        await receptionist.hangUp()
        await recorder?.finish(receptionist)
        logger.info("call ended", metadata: ["reason": .string(reason)])
    }
}

extension MediaStreamEvent {
    /// The event's name, for log lines.
    public var name: String {
        switch self {
        case .connected: "connected"
        case .start: "start"
        case .media: "media"
        case .dtmf: "dtmf"
        case .mark: "mark"
        case .stop: "stop"
        }
    }
}
