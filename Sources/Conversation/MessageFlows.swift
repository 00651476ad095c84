import FrontDeskCore
import Understanding

extension Receptionist {
    /// Take a message: name, callback number (the caller ID, confirmed), reason as a category.
    func advanceMessage(_ a: TurnAnalysis) async -> String {
        let intro = messageIntro.map { $0 + " " } ?? ""
        messageIntro = nil
        if let n = a.personName { message.name = n }
        else if pending == .name, let n = a.petName { message.name = n }
        if let ask = readCallback(a, into: &message.callback) { return ask }
        if message.name == nil {
            pending = .name
            return intro + say("May I have your name?", "¿Me da su nombre, por favor?")
        }
        guard let number = message.callback else {
            if let id = callerID, pending != .callbackNumber {
                pending = .callback
                return intro + say("Thanks, \(Spoken.firstName(message.name!)). Is \(Spoken.phone(id)) the best number to call you back?",
                                   "Gracias, \(Spoken.firstName(message.name!)). ¿Le devolvemos la llamada al \(Spoken.phone(id))?")
            }
            pending = .callbackNumber
            return intro + say("Thanks, \(Spoken.firstName(message.name!)). What's the best number to call you back?",
                               "Gracias, \(Spoken.firstName(message.name!)). ¿A qué número le devolvemos la llamada?")
        }
        guard await saveMessage(callback: number) else { return couldNotSave() }
        pending = .anythingElse
        let when = isOpenNow ? say("shortly", "pronto") : say("once we're open — \(nextOpeningPhrase(.en))", "cuando abramos; \(nextOpeningPhrase(.es))")
        return say("Got it. I've passed your message to our team, and someone will call you back at \(Spoken.phone(number)) \(when). Is there anything else I can help with?",
                   "Entendido. Le pasé su mensaje al equipo y le devolverán la llamada al \(Spoken.phone(number)) \(when). ¿Algo más en lo que le pueda ayudar?")
    }

    /// Stores the message (name may be unknown), emits `message_taken` and clears the form — only if the
    /// store kept it.
    func saveMessage(callback number: String) async -> Bool {
        let m = StaffMessage(id: "msg-" + Identifier.make(), practiceID: profile.practice.id, callerName: message.name,
                             callbackNumber: number, reason: message.reason ?? .general, createdAt: clock.now())
        do { try await store.save(message: m) } catch { return false }
        emit(.messageTaken)
        summary.callerName = message.name ?? summary.callerName
        summary.callbackNumber = number
        summary.messageReason = m.reason
        message = MessageForm()
        task = nil
        return true
    }

    /// Stores the refill request for a clinician's queue, emits `refill_requested` and clears the form —
    /// only if the store kept it.
    func saveRefill(callback number: String) async -> Bool {
        let med = refill.medication == "not stated" ? nil : refill.medication
        let pharmacy = refill.pharmacy == "not stated" ? nil : refill.pharmacy
        let r = RefillRequest(id: "rx-" + Identifier.make(), practiceID: profile.practice.id, patientID: refill.patientID,
                              callerName: refill.name, callbackNumber: number, medication: med, pharmacy: pharmacy, createdAt: clock.now())
        do { try await store.save(refill: r) } catch { return false }
        emit(.refillRequested)
        summary.callerName = refill.name ?? summary.callerName
        summary.callbackNumber = number
        summary.refillMedication = med
        summary.refillPharmacy = pharmacy
        refill = RefillForm()
        task = nil
        return true
    }

    /// The store refused a message or refill: say so plainly, never claim it was passed on.
    func couldNotSave() -> String {
        task = nil
        pending = .anythingElse
        return say("I'm sorry — I couldn't save that just now. Please call us back at \(Spoken.phone(profile.practice.phone)) during office hours and the team will help you. Is there anything else?",
                   "Lo siento, no pude guardar eso en este momento. Por favor llámenos al \(Spoken.phone(profile.practice.phone)) en horario de oficina. ¿Algo más?")
    }

    /// Reads the answer to "Is this the best number?": a number said replaces it, yes keeps the caller ID,
    /// a plain no asks for one — returned as the question to ask next.
    func readCallback(_ a: TurnAnalysis, into number: inout String?) -> String? {
        if let p = a.phone { number = p; return nil }
        guard pending == .callback else { return nil }
        if a.answer == .yes || a.intents.contains(.yes) { number = number ?? callerID; return nil }
        if a.answer == .no {
            number = nil
            pending = .callbackNumber
            return say("What's the best number to reach you?", "¿A qué número le podemos llamar?")
        }
        return nil
    }

    /// Refills per `refills:` — route to a clinician's queue, or refuse and point to the pharmacy.
    func advanceRefill(_ a: TurnAnalysis) async -> String {
        if profile.refills == .refuse {
            task = nil
            pending = .anythingElse
            return say("I'm sorry, we can't take prescription refill requests by phone. Please contact your pharmacy, and they'll reach out to the prescriber. Is there anything else I can help with?",
                       "Lo siento, no tomamos solicitudes de resurtido de recetas por teléfono. Comuníquese con su farmacia y ellos contactarán al profesional. ¿Algo más?")
        }
        if let n = a.personName { refill.name = n }
        if let d = a.dateOfBirth { refill.dob = d }
        if let m = a.medication { refill.medication = m }
        if let p = a.pharmacy { refill.pharmacy = p }
        if pending == .name, refill.name == nil, let n = a.petName { refill.name = n }
        if pending == .medication, refill.medication == nil, a.answer != .no {
            refill.medication = a.rawText.flatMap(Understanding.medicationAnswer) ?? "not stated"
        }
        if pending == .pharmacy || pending == .callback, refill.pharmacy == nil || refill.pharmacy == "not stated" {
            if let p = a.pharmacy ?? Self.pharmacyAnswer(a) { refill.pharmacy = p }
            else if pending == .pharmacy, a.answer == .no || a.declines { refill.pharmacy = "not stated" }
        }
        if let ask = readCallback(a, into: &refill.callback) { return ask }
        if refill.name == nil {
            pending = .name
            return say("I can send a refill request to the clinical team. May I have the patient's name\(isVet ? " and your name" : "")?",
                       "Puedo enviar la solicitud de resurtido al equipo clínico. ¿Me da el nombre del paciente?")
        }
        var lead = ""
        if refill.patientID == nil, let p = await matchPatient(name: refill.name, petName: a.petName, dob: refill.dob, phone: callerID) {
            refill.patientID = p.id
            namesCallerSaid.formUnion([p.name, p.owner].compactMap { $0?.lowercased() })
            emit(.identityVerified)
            lead = say("Thank you, I've found your record. ", "Gracias, encontré su registro. ")
        }
        if refill.medication == nil {
            pending = .medication
            return lead + say("Which medication is the refill for?", "¿Para qué medicamento es el resurtido?")
        }
        if refill.pharmacy == nil {
            pending = .pharmacy
            return lead + say("And which pharmacy should it go to?", "¿Y a qué farmacia la enviamos?")
        }
        guard let number = refill.callback else {
            if let id = callerID, pending != .callbackNumber {
                pending = .callback
                let med = refill.medication == "not stated" ? "" : " for \(refill.medication!)"
                let pharmacy = refill.pharmacy == "not stated" ? "" : " at \(refill.pharmacy!)"
                return lead + say("I'll send a refill request\(med)\(pharmacy) to the clinical team for review. Is \(Spoken.phone(id)) the best number if they need to reach you?",
                                  "Enviaré la solicitud de resurtido al equipo clínico para su revisión. ¿Es el \(Spoken.phone(id)) el mejor número para comunicarse con usted?")
            }
            pending = .callbackNumber
            return lead + say("What's the best number if the clinical team needs to reach you?", "¿A qué número le puede llamar el equipo clínico?")
        }
        guard await saveRefill(callback: number) else { return couldNotSave() }
        pending = .anythingElse
        return say("Done — your refill request is in the queue for the clinical team. They review requests within 1 to 2 business days and will call if they have questions. Is there anything else I can help with?",
                   "Listo, su solicitud está en la lista del equipo clínico. Las revisan en 1 a 2 días hábiles y le llamarán si tienen preguntas. ¿Algo más?")
    }

    /// "the fred meyer on hawthorne" said in answer to "Which pharmacy?": the words after an article.
    static func pharmacyAnswer(_ a: TurnAnalysis) -> String? {
        guard let raw = a.rawText, a.answer == nil else { return nil }
        var words = raw.split(whereSeparator: { " ,.!?;".contains($0) }).map(String.init)
        while let f = words.first, ["the", "it's", "its", "at", "um", "uh", "its", "it", "is", "la", "el", "en"].contains(f.lowercased()) { words.removeFirst() }
        guard (1...6).contains(words.count), let first = words.first,
              ["walgreens", "cvs", "rite", "walmart", "costco", "kroger", "target", "publix", "heb", "safeway", "fred", "bartell",
               "albertsons", "meijer", "wegmans", "pharmacy", "farmacia", "osco", "hy-vee", "giant", "duane", "sams"].contains(first.lowercased())
                || raw.lowercased().contains("pharmacy") || raw.lowercased().contains("farmacia") else { return nil }
        let pharmacy = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        return Understanding.isSensitive(pharmacy) ? nil : pharmacy
    }

}
