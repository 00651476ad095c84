import Foundation
import FrontDeskCore
import Safety
import Scheduling
import Understanding

/// One phone (or text) call with the built-in receptionist. The caller's words go in; the reply, structured
/// outcome events and what happens to the call come out. Safety runs first on every turn and again on every
/// reply; the dialog only schedules and informs. One actor per call: per-call state lives here.
public actor Receptionist {
    public let profile: PracticeProfile
    let store: any Store
    let clock: any Clock
    let scheduler: Scheduler
    let understanding: Understanding
    let safety: SafetyDetector
    let clinical = ClinicalQuestionDetector()
    let guardrail = OutputGuard()

    /// Caller ID (E.164) as the network gave it, if any.
    public let callerID: String?
    public internal(set) var language: Language
    public internal(set) var summary: CallSummary
    public internal(set) var events: [CallEvent] = []
    public internal(set) var transcript: [(speaker: String, text: String)] = []
    public internal(set) var ended = false

    var turn = 0
    var task: CallTask?
    var pending: Pending = .none
    var booking = BookingForm()
    var account = AccountForm()
    var message = MessageForm()
    var refill = RefillForm()
    /// Names the caller said themselves: echoing them back discloses nothing.
    var namesCallerSaid: Set<String> = []
    var misunderstandings = 0
    var lastReply = ""
    /// The schedule could not be read this turn (the store failed).
    var scheduleDown = false
    /// The fact last asked about, for follow-ups ("And Saturday?").
    var lastInfo: Intent?
    /// The appointment type the caller last spoke of (a price question, then "I'd like to book").
    var lastMentionedType: String?
    var turnHadContent = false
    var repeats = 0

    /// Where the receptionist's work runs (see `init`): the given executor, or an actor's own isolation.
    private enum Isolation: Sendable {
        case executor(any SerialExecutor)
        case own(OwnIsolation)
    }
    private actor OwnIsolation {}
    private nonisolated let isolation: Isolation

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        switch isolation {
        case .executor(let executor): executor.asUnownedSerialExecutor()
        case .own(let actor): actor.unownedExecutor
        }
    }

    /// A receptionist for one call. With `executor` its work runs there: a phone call passes its event loop,
    /// so a turn runs on the thread that heard the caller and spoke the reply, with no hop to another
    /// thread and back (under load each hop waits for a core). Without one it is an ordinary actor.
    public init(profile: PracticeProfile, store: any Store, clock: any Clock, callerID: String? = nil,
                language: Language? = nil, executor: (any SerialExecutor)? = nil) {
        self.isolation = executor.map { .executor($0) } ?? .own(OwnIsolation())
        self.profile = profile
        self.store = store
        self.clock = clock
        self.scheduler = Scheduler(profile: profile, store: store, clock: clock)
        self.understanding = Understanding(profile: profile)
        self.safety = SafetyDetector(vertical: profile.practice.vertical)
        self.callerID = callerID
        let lang = language ?? profile.practice.languages.first ?? .en
        self.language = profile.practice.languages.contains(lang) ? lang : (profile.practice.languages.first ?? .en)
        self.summary = CallSummary(practiceID: profile.practice.id)
    }

    var now: LocalDateTime { profile.timeZone.local(clock.now()) }
    var today: LocalDate { now.date }
    var isOpenNow: Bool { profile.isOpen(at: now) }
    var isVet: Bool { profile.practice.vertical == .veterinary }

    /// The opening line: names the practice, says it is an AI, says the call is recorded when it is.
    public func greet() -> AgentTurn {
        let name = profile.practice.name
        let text: String
        switch language {
        case .en:
            text = "Thank you for calling \(name). I'm the practice's AI assistant"
                + (profile.practice.recording ? ", and this call is recorded." : ".")
                + " How can I help you today?"
        case .es:
            text = "Gracias por llamar a \(name). Soy el asistente virtual con inteligencia artificial (AI) de la práctica"
                + (profile.practice.recording ? " y esta llamada se graba." : ".")
                + " ¿En qué le puedo ayudar hoy?"
        }
        transcript.append(("agent", text))
        return AgentTurn(text: text)
    }

    /// The caller pressed 0 on the keypad: the same as asking for a person (the front desk when open;
    /// after hours, the on-call line or a message, as the profile says).
    public func keypadZero() async -> AgentTurn {
        await respond(to: language == .en ? "I'd like to speak to a person." : "Quiero hablar con una persona.",
                      shownAs: "[pressed 0]")
    }

    /// The caller talked over the last reply and heard only `heardFraction` of it: the transcript keeps
    /// only the words they heard, marked as interrupted.
    public func replyInterrupted(heardFraction: Double) {
        guard let i = transcript.lastIndex(where: { $0.speaker == "agent" }) else { return }
        let words = transcript[i].text.split(separator: " ")
        let kept = Int((Double(words.count) * max(0, min(1, heardFraction))).rounded(.down))
        transcript[i].text = (words.prefix(kept).joined(separator: " ") + " [interrupted]")
            .trimmingCharacters(in: .whitespaces)
    }

    /// The caller hung up (or the script ran out): nothing more is said.
    public func hangUp() async {
        if !ended { _ = await closeCall() }
        ended = true
    }

    /// Answer one caller turn.
    public func respond(to utterance: String) async -> AgentTurn {
        await respond(to: utterance, shownAs: utterance)
    }

    /// A turn whose transcript entry is `shownAs` rather than the words acted on (a keypress).
    func respond(to utterance: String, shownAs: String) async -> AgentTurn {
        // Turns are strictly sequential: the actor could interleave two calls across the store's awaits.
        while turnInFlight { await withCheckedContinuation { waiting.append($0) } }
        turnInFlight = true
        defer {
            turnInFlight = false
            if !waiting.isEmpty { waiting.removeFirst().resume() }
        }
        return await takeTurn(utterance, shownAs: shownAs)
    }

    var turnInFlight = false
    var waiting: [CheckedContinuation<Void, Never>] = []

    func takeTurn(_ utterance: String, shownAs: String) async -> AgentTurn {
        turn += 1
        transcript.append(("caller", shownAs))
        if ended { return AgentTurn(text: "", action: .end) }
        var out = Reply()

        // 1. Emergencies and crises win, before anything else is read — answered in the caller's language.
        if let spoken = Understanding.clearLanguage(utterance), spoken != language, profile.practice.languages.contains(spoken) {
            language = spoken
        }
        if let finding = safety.assess(utterance, language: language) {
            return finish(safetyTurn(finding))
        }

        // 2. Understanding.
        let a = understanding.analyze(utterance, today: today, language: language, expectingName: pending.expectsName,
                                      knownPetNames: isVet ? protectedNames : [])
        if let t = a.appointmentTypeID { lastMentionedType = t }
        if let n = a.personName { namesCallerSaid.insert(n.lowercased()) }
        if let p = a.petName { namesCallerSaid.insert(p.lowercased()) }
        let question = a.isQuestion
        turnHadContent = a.hasContent

        // 3. Goodbye, when nothing else is asked ("Thanks." after "Anything else?" closes the call too).
        if pending == .anythingElse, a.intents.contains(.thanks), a.intents.isSubset(of: [.thanks, .yes, .no, .greeting, .goodbye]),
           a.appointmentTypeID == nil, a.when == nil {
            return finish(await closeCall())
        }
        let answersPending = a.answer == .yes && pending.isYesNo && pending != .anythingElse
        if !answersPending, a.intents.contains(.goodbye) || (pending == .anythingElse && a.answer == .no), !hasNewRequest(a) {
            return finish(await closeCall())
        }
        let leavingAfterThis = answersPending && a.intents.contains(.goodbye)

        // 4. Clinical questions are declined kindly and turned toward a visit or a clinician.
        if clinical.isClinicalQuestion(utterance, language: language) {
            emit(.clinicalDeflected)
            out.add(deflection())
            if task == nil {
                if !isOpenNow, profile.handoff.afterHours == .onCall, profile.handoff.onCall != nil {
                    pending = .offerOnCall
                    out.add(say("We're closed right now. If it can't wait until we open, I can connect you with our on-call clinician. Would you like that?",
                                "Estamos cerrados en este momento. Si no puede esperar, puedo comunicarle con el profesional de guardia. ¿Le gustaría?"))
                    return finish(out.turn())
                }
                if let type = a.appointmentTypeID ?? defaultVisitType() {
                    booking.typeID = booking.typeID ?? type
                    pending = .offerBooking
                    out.add(say("I can book a visit so \(isVet ? "a veterinarian" : "a clinician") can take a look. Would you like that?",
                                "Puedo hacerle una cita para que lo vea un profesional. ¿Le gustaría?"))
                } else {
                    pending = .offerMessage
                    out.add(say("I can have someone from the clinical team call you back. Would you like that?",
                                "Puedo pedir que alguien del equipo clínico le devuelva la llamada. ¿Le gustaría?"))
                }
                return finish(out.turn())
            }
        }

        // 5. Practice facts asked at any point.
        let answeredInfo = answerInfoQuestions(a, question: question, into: &out)

        // 6. Which task this turn is about.
        chooseTask(a, question: question, answeredInfo: answeredInfo)
        if let h = handoffText { out.add(h); handoffText = nil }
        if outAction != .continue {
            let action = outAction
            outAction = .continue
            return finish(out.turn(action: action))
        }

        // 7. Advance the task with what was said.
        if task != nil || answeredInfo { misunderstandings = 0 }
        if let t = task {
            let step = await advance(t, a)
            out.add(step)
        } else if !answeredInfo {
            out.add(handleIdle(a))
        } else {
            pending = .anythingElse
            out.add(say("Is there anything else I can help you with?", "¿Hay algo más en lo que le pueda ayudar?"))
        }
        var action = outAction
        outAction = .continue
        if leavingAfterThis, action == .continue, pending == .anythingElse {
            // "Yes, see you then": the answer is done, and so is the call.
            out.add(goodbye().text)
            action = .end
        }
        return finish(out.turn(action: action))
    }

    var outAction: CallAction = .continue
    /// Said when a request for a person becomes a transfer.
    var handoffText: String?
    /// Said before the first message question when a handoff became a message.
    var messageIntro: String?

    /// Does this turn ask for something new (so "no" or "bye" is not the end of the call)?
    func hasNewRequest(_ a: TurnAnalysis) -> Bool {
        let tasks: Set<Intent> = [.book, .reschedule, .cancel, .confirm, .appointmentLookup, .refill, .message, .human,
                                  .hours, .address, .price, .insurance, .faq]
        return !a.intents.isDisjoint(with: tasks) && !(a.intents.contains(.goodbye) && a.intents.isSubset(of: [.goodbye, .thanks, .no, .yes, .greeting]))
            || (a.intents.contains(.book) && a.appointmentTypeID != nil)
    }


    // MARK: - Output

    func say(_ en: String, _ es: String) -> String { language == .en ? en : es }

    func emit(_ o: Outcome, _ appt: AppointmentDetail? = nil) {
        let e = CallEvent(outcome: o, turn: turn, appointment: appt)
        events.append(e)
        pendingEvents.append(e)
        if !summary.outcomes.contains(o) { summary.outcomes.append(o) }
    }
    var pendingEvents: [CallEvent] = []

    /// Every reply passes the output guard before it is spoken.
    func finish(_ t: AgentTurn) -> AgentTurn {
        var t = t
        t.events = pendingEvents
        pendingEvents = []
        let protected = protectedTerms()
        if case .block = guardrail.check(t.text, protectedTerms: protected) {
            let committed = t.events.contains { [.booked, .rescheduled, .cancelled, .confirmed, .messageTaken, .refillRequested].contains($0.outcome) }
            if committed {
                t.text = say("You're all set — our team will confirm the details with you. Is there anything else I can help with?",
                             "Listo; nuestro equipo le confirmará los detalles. ¿Algo más en lo que le pueda ayudar?")
                pending = .anythingElse
            } else {
                // Nothing unheard may be accepted by the next "yes".
                task = nil
                pending = .offerMessage
                t.text = say("I'm sorry, I can't help with that over the phone. Would you like someone from our team to call you back?",
                             "Lo siento, no puedo ayudarle con eso por teléfono. ¿Quiere que alguien del equipo le devuelva la llamada?")
            }
        }
        if t.action != .continue { ended = true }
        // Never the same question three times: apologise once, then offer a person.
        if t.action == .continue, !t.text.isEmpty, t.text == lastReply {
            repeats += 1
            // Details given in between buy one more try; otherwise the second repeat offers a person.
            if repeats == 1 || (turnHadContent && repeats == 2) {
                // The caller told us something else first: acknowledge it; otherwise apologise and ask again.
                t.text = (turnHadContent ? say("Got it. ", "Entendido. ") : say("Sorry, let me ask again. ", "Disculpe, le pregunto de nuevo. ")) + t.text
            } else {
                task = nil
                pending = .offerMessage
                message.reason = message.reason ?? .general
                t.text = say("I'm sorry, I'm having trouble understanding. Would you like someone from our team to call you back?",
                             "Disculpe, no le estoy entendiendo. ¿Quiere que alguien del equipo le devuelva la llamada?")
                repeats = 0
            }
        } else {
            repeats = 0
            lastReply = t.text
        }
        transcript.append(("agent", t.text))
        return t
    }

    /// Other patients' names: never spoken unless the caller said them first.
    func protectedTerms() -> [String] { protectedNames.filter { !namesCallerSaid.contains($0.lowercased()) } }
    var protectedNames: [String] = []

    /// Loads names on file once, for the output guard.
    public func prepare() async {
        let patients = (try? await store.patients(practiceID: profile.practice.id)) ?? []
        let staff = Set(profile.providers.flatMap { [$0.name.lowercased(), Spoken.provider($0).lowercased()] })
        protectedNames = patients.flatMap { [$0.name] + ($0.owner.map { [$0] } ?? []) }.filter { !staff.contains($0.lowercased()) }
    }

    // MARK: - Safety

    func safetyTurn(_ f: SafetyFinding) -> AgentTurn {
        let h = profile.handoff
        let emergencyNumber = Spoken.phone(h.emergency)
        let dial = h.emergency.count <= 4
        switch f.kind {
        case .emergency:
            emit(.emergencyTransfer)
            var text: String
            if dial {
                text = say("This sounds like an emergency. Please hang up and call \(emergencyNumber) right now.",
                           "Esto parece una emergencia. Por favor cuelgue y llame al \(emergencyNumber) ahora mismo.")
            } else {
                text = say("This sounds like an emergency. Please call our emergency line at \(emergencyNumber) right away — I'm connecting you now.",
                           "Esto parece una emergencia. Llame a nuestra línea de emergencias al \(emergencyNumber) de inmediato; le estoy comunicando ahora.")
            }
            if f.concern == .suicideAttempt || f.concern == .overdose || f.concern == .selfHarm {
                emit(.crisisReferral)
                text += say(" You can also call or text \(h.crisis), the Suicide and Crisis Lifeline, any time.",
                            " También puede llamar o enviar un texto al \(h.crisis), la línea de crisis, en cualquier momento.")
            }
            summary.transferredTo = .emergency
            return AgentTurn(text: text, action: .transfer(to: h.emergency, reason: .emergency))
        case .crisis(let immediate):
            emit(.crisisReferral)
            var text = say("I'm really glad you called, and I want you to get support right now. Please call or text \(h.crisis), the Suicide and Crisis Lifeline — they're there 24 hours a day. I'm connecting you now.",
                           "Me alegra mucho que haya llamado y quiero que reciba apoyo ahora mismo. Llame o envíe un texto al \(h.crisis), la línea de crisis y prevención del suicidio, disponible las 24 horas. Le estoy comunicando ahora.")
            if immediate {
                emit(.emergencyTransfer)
                text = say("If you are in immediate danger, please call \(emergencyNumber) now. ",
                           "Si está en peligro inmediato, llame al \(emergencyNumber) ahora. ") + text
            }
            summary.transferredTo = .crisis
            return AgentTurn(text: text, action: .transfer(to: h.crisis, reason: .crisis))
        }
    }

    func deflection() -> String {
        if isVet {
            return say("I'm not able to give medical advice — only a veterinarian can answer that after examining your pet.",
                       "No puedo dar consejos médicos; solo un veterinario puede responder eso después de examinar a su mascota.")
        }
        return say("That's a question for one of our clinicians, so I can't answer it myself — I'm not able to give medical or medication advice.",
                   "Esa es una pregunta para uno de nuestros profesionales; no puedo dar consejos médicos ni sobre medicamentos.")
    }

    /// The visit type to offer after a clinical question: a sick/exam/emergency visit, whichever the practice has.
    func defaultVisitType() -> String? {
        let prefs: [String]
        switch profile.practice.vertical {
        case .veterinary: prefs = ["sick", "exam", "wellness"]
        case .dental: prefs = ["emergency", "exam"]
        case .medspa: prefs = ["consult"]
        case .mentalHealth: prefs = []
        case .medical: prefs = ["sick", "visit", "exam"]
        }
        for p in prefs {
            if let t = profile.appointmentTypes.first(where: { $0.id.contains(p) || $0.name.lowercased().contains(p) }) { return t.id }
        }
        return nil
    }

    // MARK: - Goodbye and idle

    /// The caller is leaving: keep what they asked for (a message or refill with a way to call back is
    /// saved, never lost), record a verification that did not succeed, and say goodbye.
    func closeCall() async -> AgentTurn {
        var extra = ""
        if task == .message, let number = message.callback ?? callerID, await saveMessage(callback: number) {
            extra = say("I've passed your message to the team.", "Le pasé su mensaje al equipo.")
        } else if task == .refill, profile.refills == .route, let number = refill.callback ?? callerID, await saveRefill(callback: number) {
            extra = say("I've sent your refill request to the clinical team.", "Envié su solicitud de resurtido al equipo clínico.")
        }
        if [.reschedule, .cancel, .confirm, .lookup].contains(task), !account.verified, account.failures > 0 {
            emit(.identityFailed)
        }
        var t = goodbye()
        t.text = extra.isEmpty ? t.text : extra + " " + t.text
        return t
    }

    func goodbye() -> AgentTurn {
        let text = say("You're welcome — thank you for calling \(profile.practice.name). Take care!",
                       "Gracias por llamar a \(profile.practice.name). ¡Que le vaya bien!")
        return AgentTurn(text: text, action: .end)
    }

    func handleIdle(_ a: TurnAnalysis) -> String {
        switch pending {
        case .offerBooking where a.answer == .yes:
            task = .booking
            pending = .none
            return ""
        case .offerMessage where a.answer == .yes:
            task = .message
            message.reason = message.reason ?? .general
            pending = .none
            return ""
        case .offerBooking, .offerMessage, .anythingElse:
            if a.answer == .no {
                pending = .anythingElse
                return say("No problem. Is there anything else I can help you with?", "Está bien. ¿Hay algo más en lo que le pueda ayudar?")
            }
            if a.answer == .yes && pending == .anythingElse {
                return say("Sure — what else can I help you with?", "Claro, ¿en qué más le puedo ayudar?")
            }
        default: break
        }
        if a.intents.contains(.greeting) || a.intents.contains(.thanks) && a.intents.count <= 2 {
            if a.intents.contains(.thanks) && pending == .anythingElse { return "" }
            return say("Hi! How can I help you today?", "¡Hola! ¿En qué le puedo ayudar?")
        }
        misunderstandings += 1
        if misunderstandings >= 3 {
            return say("I'm sorry I'm having trouble. I can take a message for our team or connect you with the front desk — which would you prefer?",
                       "Disculpe, no le estoy entendiendo bien. Puedo tomar un mensaje o comunicarle con la recepción. ¿Qué prefiere?")
        }
        return say("Sorry, I didn't quite catch that. I can book, change or confirm appointments, answer questions about the practice, or take a message. What can I do for you?",
                   "Disculpe, no le entendí bien. Puedo programar, cambiar o confirmar citas, responder preguntas sobre la práctica o tomar un mensaje. ¿En qué le ayudo?")
    }
}

/// The call's current job.
enum CallTask: Equatable { case booking, reschedule, cancel, confirm, lookup, message, refill }

/// What the receptionist just asked, so a short answer ("Yes", "Priya Shah.") is read in its light.
enum Pending: Equatable {
    case none, type, name, newOrExisting, petName, when, carrier, slotOffer, callback, callbackNumber
    case dob, offerBooking, offerMessage, offerOnCall, confirmCancel, confirmAppointment, medication, pharmacy, anythingElse
    var expectsName: Bool { self == .name }
    var isYesNo: Bool { [.slotOffer, .callback, .offerBooking, .offerMessage, .offerOnCall, .confirmCancel, .confirmAppointment, .anythingElse].contains(self) }
}

/// A reply assembled from parts (an answer, then the next question).
struct Reply {
    var parts: [String] = []
    mutating func add(_ s: String) { if !s.isEmpty { parts.append(s) } }
    func turn(action: CallAction = .continue) -> AgentTurn { AgentTurn(text: parts.joined(separator: " "), action: action) }
}
