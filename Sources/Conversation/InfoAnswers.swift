import FrontDeskCore
import Understanding

extension Receptionist {
    /// Answers hours, address, price, insurance and FAQ questions from the profile. Returns true when
    /// something was answered (and `info_answered` emitted).
    func answerInfoQuestions(_ a0: TurnAnalysis, question: Bool, into out: inout Reply) -> Bool {
        var a = a0
        // A follow-up that only names a day or a type ("And Saturday?", "And for a cleaning?") continues
        // the last question asked.
        let taskWords: Set<Intent> = [.book, .reschedule, .cancel, .confirm, .appointmentLookup, .refill, .message, .human]
        if task == nil, a.intents.isDisjoint(with: taskWords), let last = lastInfo {
            if last == .hours, a.when?.date != nil { a.intents.insert(.hours) }
            if last == .price, a.appointmentTypeID != nil, question { a.intents.insert(.price) }
        }
        var answered = false
        if a.intents.contains(.hours), question || task == nil {
            out.add(hoursAnswer(a.when)); answered = true
        }
        if a.intents.contains(.address), question || task == nil {
            out.add(say("We're at \(profile.practice.address).", "Estamos en \(profile.practice.address).")); answered = true
        }
        if a.intents.contains(.price), question || task == nil {
            out.add(priceAnswer(a.appointmentTypeIDs.first ?? a.appointmentTypeID)); answered = true
        }
        if a.intents.contains(.insurance), question, pending != .carrier {
            out.add(insuranceAnswer(a.carrier)); answered = true
        }
        if let topic = a.faqTopic, let entry = profile.faq.first(where: { $0.topic == topic }),
           question || (task == nil && a.intents.isDisjoint(with: [.book, .human, .message, .refill]) && a.appointmentTypeID == nil) {
            out.add(entry.answer); answered = true
        }
        if answered { emit(.infoAnswered) }
        lastInfo = a.intents.contains(.hours) ? .hours : a.intents.contains(.price) ? .price : answered ? lastInfo : nil
        return answered
    }

    func hoursAnswer(_ when: DateConstraint?) -> String {
        guard let w = when, let date = w.date else {
            return say("We're open \(Spoken.weeklyHours(profile, .en)).", "Nuestro horario es \(Spoken.weeklyHours(profile, .es)).")
        }
        let dayEN = date.weekday.englishName, dayES = Spoken.spanishPlural(date.weekday)
        if profile.isClosure(date) {
            return say("We're closed on \(Spoken.date(date, .en)).", "Estamos cerrados \(Spoken.date(date, .es)).")
        }
        guard let r = profile.hours[date.weekday] else {
            return say("We're closed on \(dayEN)s. We're open \(Spoken.weeklyHours(profile, .en)).",
                       "Los \(dayES) estamos cerrados. Nuestro horario es \(Spoken.weeklyHours(profile, .es)).")
        }
        var s = say("On \(dayEN)s we're open \(Spoken.range(r, .en)).", "Los \(dayES) abrimos \(Spoken.range(r, .es)).")
        if let part = w.part {
            let win = part.window
            let overlaps = r.start < win.end && win.start < r.end
            if !overlaps {
                let partEN = part.rawValue, partES = ["morning": "por la mañana", "afternoon": "por la tarde", "evening": "por la noche"][part.rawValue]!
                s += say(" So we're closed in the \(partEN).", " Así que \(partES) estamos cerrados.")
            }
        }
        return s
    }

    func priceAnswer(_ typeID: String?) -> String {
        if let id = typeID, let t = profile.appointmentType(id) {
            let name = Spoken.typeName(t, language)
            if let p = t.price {
                return say("\(Spoken.capitalized(Spoken.typeName(t, .en, article: true))) is \(p).", "Para \(name): \(p).")
            }
            return say("I don't have a price for \(Spoken.typeName(t, .en, article: true)) on hand — our team can give you an exact quote.",
                       "No tengo el precio de \(name) a la mano; nuestro equipo le puede dar una cotización exacta.")
        }
        let priced = profile.appointmentTypes.filter { $0.price != nil }
        if priced.isEmpty {
            return say("Our team can give you exact prices — I can take a message so someone calls you back.",
                       "Nuestro equipo le puede dar los precios exactos; puedo tomar un mensaje para que le llamen.")
        }
        let items = priced.prefix(4).map { "\($0.name(in: language)): \($0.price!)" }
        return say("Here's what I can tell you: \(items.joined(separator: "; ")).", "Le puedo decir esto: \(items.joined(separator: "; ")).")
    }

    func insuranceAnswer(_ carrier: String?) -> String {
        let accepted = profile.insurance.accepted
        if accepted.isEmpty {
            return say("We don't bill insurance directly; payment is due at the visit, and we can give you a receipt for your insurer.",
                       "No facturamos al seguro directamente; el pago es al momento de la visita y le damos un recibo para su aseguradora.")
        }
        if let c = carrier {
            if accepted.contains(where: { $0.caseInsensitiveCompare(c) == .orderedSame }) {
                return say("Yes, we accept \(c).", "Sí, aceptamos \(c).")
            }
            return say("I'm sorry, we're not in network with \(c). We accept \(Spoken.list(accepted, .en)).",
                       "Lo siento, no trabajamos con \(c). Aceptamos \(Spoken.list(accepted, .es)).")
        }
        return say("We accept \(Spoken.list(accepted, .en)).", "Aceptamos \(Spoken.list(accepted, .es)).")
    }
}
