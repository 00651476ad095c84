import FrontDeskCore
import Understanding

extension Receptionist {
    /// Picks (or switches) the call's task from this turn's intents. Handoff decisions happen here.
    func chooseTask(_ a: TurnAnalysis, question: Bool, answeredInfo: Bool) {
        let i = a.intents
        // Answers to an offer made last turn.
        if task == nil, pending == .offerBooking, a.answer == .yes || a.when != nil { task = .booking; pending = .none }
        if task == nil, pending == .offerMessage, a.answer == .yes { task = .message; message.reason = message.reason ?? .general; pending = .none }

        if task == nil, pending == .offerOnCall {
            pending = .none
            if a.answer == .yes { handOffToHuman(a); return }
            if a.answer == .no, !a.hasContent, a.intents.isEmpty || a.intents.isSubset(of: [.no, .thanks]) {
                task = .booking
                booking = BookingForm()
                booking.typeID = defaultVisitType()
                return
            }
        }
        // "Call me at 503-555-0199 instead" answers the callback question; it is not a new request.
        if pending == .callback || pending == .callbackNumber, a.phone != nil || a.answer != nil, task != nil { return }
        if i.contains(.human) && !(task == .message) {
            handOffToHuman(a); return
        }
        // An explicit request to be called back is a message, with the reason as a category.
        if i.contains(.message), task != .message {
            message = MessageForm()
            task = .message
            message.reason = reasonCategory(a)
            return
        }
        if i.contains(.refill), task != .refill, !(question && i.contains(.price)) {
            refill = RefillForm()
            task = .refill; return
        }
        if task == .booking || task == .refill || task == .message, pending != .none, pending != .anythingElse {
            // Mid-flow: only an explicit account request switches tasks.
            if let t = accountTask(i), t != task { startAccountTask(t) }
            return
        }
        if let t = accountTask(i), !(answeredInfo && question && !a.ownAppointment && t != .lookup) {
            let other = a.patientName ?? (a.thirdParty ? a.personName : nil)
            if task != t || other != nil { startAccountTask(t, about: other) }
            return
        }
        if task == nil || pending == .anythingElse {
            let infoOnly = answeredInfo && !i.contains(.book)
            if (i.contains(.book) || a.appointmentTypeID != nil) && !infoOnly {
                if task != .booking {
                    let caller = (booking.name, booking.callback)
                    booking = BookingForm()
                    booking.name = caller.0; booking.callback = caller.1
                    booking.typeID = a.appointmentTypeID ?? lastMentionedType
                }
                task = .booking
            } else if task != nil, pending == .anythingElse {
                task = nil
            }
        }
    }

    func accountTask(_ i: Set<Intent>) -> CallTask? {
        if i.contains(.reschedule) { return .reschedule }
        if i.contains(.cancel) { return .cancel }
        if i.contains(.confirm) && !(task == .booking) { return .confirm }
        if i.contains(.appointmentLookup) { return .lookup }
        return nil
    }

    func startAccountTask(_ t: CallTask, about other: String? = nil) {
        let samePerson = other == nil || account.patient.map { Self.normalName($0.name) == Self.normalName(other!)
            || $0.owner.map { Self.normalName($0) == Self.normalName(other!) } == true } == true
        let keep = account.verified && samePerson ? account : AccountForm()
        account = keep
        account.appointment = nil
        task = t
        pending = .none
    }

    func reasonCategory(_ a: TurnAnalysis) -> MessageReason {
        let i = a.intents
        if i.contains(.cancel) { return .cancellation }
        if i.contains(.reschedule) || i.contains(.book) || i.contains(.confirm) || i.contains(.appointmentLookup) { return .appointment }
        if i.contains(.price) || a.intents.contains(.insurance) || Self.billingWords(a) { return .billing }
        if i.contains(.human) { return .speakToStaff }
        return .general
    }

    static func billingWords(_ a: TurnAnalysis) -> Bool { a.faqTopic?.lowercased().contains("member") == true || a.billing }

    /// A request for a person: the front desk when open; after hours, a message or the on-call line.
    func handOffToHuman(_ a: TurnAnalysis) {
        if isOpenNow {
            emit(.humanTransfer)
            summary.transferredTo = .frontDesk
            handoffText = say("Of course — I'll connect you with our front desk now. One moment, please.",
                              "Por supuesto, le comunico con la recepción. Un momento, por favor.")
            outAction = .transfer(to: profile.handoff.frontDesk, reason: .frontDesk)
            task = nil
            return
        }
        if profile.handoff.afterHours == .onCall, let onCall = profile.handoff.onCall {
            emit(.humanTransfer)
            summary.transferredTo = .onCall
            handoffText = say("Our office is closed right now, so I'll connect you with our on-call line.",
                              "La oficina está cerrada en este momento; le comunico con la línea de guardia.")
            outAction = .transfer(to: onCall, reason: .onCall)
            task = nil
            return
        }
        task = .message
        message.reason = a.billing ? .billing : reasonCategory(a) == .general ? .speakToStaff : reasonCategory(a)
        messageIntro = say("Our team isn't in right now — \(nextOpeningPhrase(.en)). I can take a message and have someone call you back.",
                           "Nuestro equipo no está disponible en este momento; \(nextOpeningPhrase(.es)). Puedo tomar un mensaje para que le devuelvan la llamada.")
    }

    /// "we open again tomorrow at 10 AM" / "abrimos de nuevo mañana a las 10 de la mañana".
    func nextOpeningPhrase(_ lang: Language) -> String {
        let n = now
        for offset in 0..<14 {
            let d = n.date.adding(days: offset)
            guard let r = profile.openHours(on: d) else { continue }
            if offset == 0 && n.time >= r.start { continue }
            let dayEN = offset == 0 ? "today" : offset == 1 ? "tomorrow" : d.weekday.englishName
            let dayES = offset == 0 ? "hoy" : offset == 1 ? "mañana" : "el \(d.weekday.spanishName)"
            return lang == .en ? "we open again \(dayEN) at \(Spoken.time(r.start, .en))"
                : "abrimos de nuevo \(dayES) a \(Spoken.time(r.start, .es))"
        }
        return lang == .en ? "we'll be back soon" : "volveremos pronto"
    }
}
