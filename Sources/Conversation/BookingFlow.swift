import FrontDeskCore
import Scheduling
import Understanding

extension Receptionist {
    /// Runs one step of the current task and returns what to say next.
    func advance(_ t: CallTask, _ a: TurnAnalysis) async -> String {
        switch t {
        case .booking: return await advanceBooking(a)
        case .reschedule, .cancel, .confirm, .lookup: return await advanceAccount(t, a)
        case .message: return await advanceMessage(a)
        case .refill: return await advanceRefill(a)
        }
    }

    // MARK: - Booking

    func fillBooking(_ a: TurnAnalysis) {
        if let t = a.appointmentTypeID, !(a.typeIsWeak && booking.typeID != nil), booking.accepted == nil || t != booking.typeID {
            if t != booking.typeID { booking.offered = []; booking.accepted = nil }
            booking.typeID = t
        }
        if let p = a.providerID, p != booking.providerID { booking.providerID = p; booking.offered = []; booking.accepted = nil }
        if let n = a.personName, n != a.patientName { booking.name = n }
        if a.forSomeoneElse { booking.forSomeoneElse = true }
        if let p = a.patientName, booking.forSomeoneElse || a.forSomeoneElse || p != a.personName { booking.patientName = p }
        else if booking.forSomeoneElse, let p = a.pronounName, p != booking.name { booking.patientName = p }
        else if pending == .name, let n = a.petName, isVet, booking.petName != nil { booking.name = n }
        if let d = a.dateOfBirth { booking.dob = d }
        if let n = a.isNewPatient { booking.isNew = n }
        if let c = a.carrier { booking.carrier = c; booking.noInsurance = false }
        if a.noInsurance { booking.noInsurance = true; booking.carrier = nil }
        if pending == .carrier && (a.answer == .no) && a.carrier == nil { booking.noInsurance = true }
        if pending == .carrier, a.carrier == nil, !booking.noInsurance, let named = Self.carrierAnswer(a) { booking.carrier = named }
        if let p = a.petName { booking.petName = p }
        if let s = a.species { booking.species = s }
        if let p = a.phone { booking.callback = p; booking.callbackConfirmed = true }
        if a.anyTime, a.when == nil || a.when == DateConstraint.empty, var w = booking.when {
            w.part = nil; w.exactTime = nil; w.notBefore = nil; w.notAfter = nil
            booking.when = w
            booking.accepted = nil
        }
        if let w = a.when, !(w == DateConstraint.empty) {
            booking.when = merge(booking.when, w, anyTime: a.anyTime)
            if booking.accepted == nil || booking.when != booking.searched { booking.accepted = nil }
        }
    }

    /// A later "morning please" narrows the day said before; a new day replaces it.
    func merge(_ old: DateConstraint?, _ new: DateConstraint, anyTime: Bool = false) -> DateConstraint {
        if var o = old, let day = new.weekdayOnly, o.date?.weekday == day, let nd = new.date, let od = o.date, nd != od {
            // "any time that Thursday": the Thursday already being discussed.
            o.part = new.part; o.exactTime = new.exactTime; o.notBefore = new.notBefore; o.notAfter = new.notAfter
            return o
        }
        guard var o = old, new.date == nil, !new.firstAvailable else { return new }
        if anyTime { o.part = nil; o.exactTime = nil; o.notBefore = nil; o.notAfter = nil }
        if let p = new.part { o.part = p; o.exactTime = nil }
        if let t = new.exactTime { o.exactTime = t }
        if let t = new.notBefore { o.notBefore = t }
        if let t = new.notAfter { o.notAfter = t }
        return o
    }

    func advanceBooking(_ a: TurnAnalysis, prefix carried: String = "") async -> String {
        // Read the answer to what was asked before filling: "Yes" accepts an offer; a new time replaces it.
        let hadOffer = pending == .slotOffer ? booking.offered.first : nil
        let newTime = a.when != nil && !(a.when == DateConstraint.empty)
        let askedName = pending == .name || pending == .petName
        fillBooking(a)
        var prefix = carried
        if askedName, booking.isNew != nil || Self.isNewPatientType(profile.appointmentType(booking.typeID ?? "") ?? AppointmentType(id: "", name: "", minutes: 0)),
           let n = a.personName ?? (isVet ? nil : a.petName) {
            prefix = say("Thanks, \(Spoken.firstName(n)). ", "Gracias, \(Spoken.firstName(n)). ")
        }
        if pending == .slotOffer, let offer = hadOffer, booking.accepted == nil {
            if let chosen = pickOffered(a) {
                booking.accepted = chosen
            } else if a.answer == .yes && !newTime {
                booking.accepted = offer
            } else if a.complaint {
                prefix += say("Sorry about that! ", "¡Disculpe! ")
            } else if (a.isNewPatient != nil || a.personName != nil || a.carrier != nil) && !newTime {
                // Details, not a refusal: keep the offer open.
            } else if a.answer == .no && !newTime && !a.noInsurance && a.carrier == nil && a.personName == nil {
                // Offer the other times, or ask for another day.
                let rest = booking.offered.dropFirst().filter { $0.start != offer.start }
                if let next = rest.first {
                    booking.offered = Array(rest)
                    pending = .slotOffer
                    return say("How about \(slotPhrase(next, .en))? Or tell me a day and time that suits you better.",
                               "¿Qué tal \(slotPhrase(next, .es))? O dígame qué día y hora le conviene más.")
                }
                booking.offered = []
                booking.when = nil
                pending = .when
                return say("No problem. What day and time would work better?", "Está bien. ¿Qué día y hora le convendría más?")
            }
        }
        if pending == .callback || pending == .callbackNumber {
            if let ask = readCallback(a, into: &booking.callback) { return ask }
            if booking.callback != nil, a.phone != nil || pending == .callback && (a.answer == .yes || a.intents.contains(.yes)) {
                booking.callbackConfirmed = true
            }
        }

        // A problem visit when the caller describes a problem but names no type.
        if booking.typeID == nil, a.mentionsProblem, let t = defaultVisitType(), profile.practice.vertical != .mentalHealth {
            booking.typeID = t
        }
        if booking.typeID == nil, booking.isNew == true || a.isNewPatient == true {
            let allowed = profile.appointmentTypes.filter(\.newPatients)
            if let only = allowed.count == 1 ? allowed[0] : (profile.practice.vertical == .mentalHealth ? allowed.first(where: Self.isNewPatientType) : nil) {
                booking.typeID = only.id
            }
        }
        // What is still missing, one question at a time.
        guard let typeID = booking.typeID, let type = profile.appointmentType(typeID) else {
            pending = .type
            let names = profile.appointmentTypes.prefix(4).map { Spoken.typeName($0, language) }
            return prefix + say("Sure! What kind of appointment would you like — \(Spoken.list(names, .en, conjunction: "or"))?",
                                "¡Claro! ¿Qué tipo de cita necesita: \(Spoken.list(names, .es, conjunction: "o"))?")
        }
        // A day already named is checked before anything else is asked: a closed day is said at once.
        if let when = booking.when, let reply = await checkDay(typeID, when) { return prefix + reply }
        if isVet, booking.petName == nil {
            pending = .petName
            return prefix + say("Happy to help. What's your pet's name\(booking.name == nil ? ", and your name" : "")?",
                                "Con gusto. ¿Cómo se llama su mascota\(booking.name == nil ? " y cuál es su nombre" : "")?")
        }
        if booking.name == nil, let patient = booking.patientName {
            if booking.isNew == nil, !Self.isNewPatientType(type),
               await matchPatient(name: patient, petName: nil, dob: booking.dob, phone: callerID) == nil, pending != .newOrExisting {
                pending = .newOrExisting
                return prefix + say("Has \(Spoken.firstName(patient)) been to \(profile.practice.name) before?",
                                    "¿\(Spoken.firstName(patient)) ha venido antes a \(profile.practice.name)?")
            }
        } else if booking.name == nil {
            pending = .name
            let askStatus = booking.isNew == nil && !Self.isNewPatientType(type)
            if isVet {
                return prefix + say("And may I have your name, as \(booking.petName!)'s owner?", "¿Y su nombre, como dueño de \(booking.petName!)?")
            }
            return prefix + say(askStatus ? "I can help with that. May I have your name, and have you been to see us before?" : "I can help with that. May I have your name?",
                                askStatus ? "Con gusto. ¿Me da su nombre y me dice si ya es paciente de la práctica?" : "Con gusto. ¿Me da su nombre, por favor?")
        }
        if booking.isNew == nil {
            if Self.isNewPatientType(type) { booking.isNew = true }
            else if let p = await matchPatient(name: booking.name, petName: booking.petName, dob: booking.dob, phone: callerID) {
                booking.isNew = false; booking.patientID = p.id
            } else if isVet, let pet = booking.petName, protectedNames.contains(where: { $0.caseInsensitiveCompare(pet) == .orderedSame }) {
                booking.isNew = false
            } else if pending == .newOrExisting, a.answer != nil {
                booking.isNew = a.answer == .no   // "Have you been to see us before?" — "No" means new.
            } else {
                pending = .newOrExisting
                let thanks = prefix.isEmpty && a.personName != nil ? say("Thanks, \(Spoken.firstName(booking.name!)). ", "Gracias, \(Spoken.firstName(booking.name!)). ") : prefix
                return thanks + say("Have you been to \(profile.practice.name) before?", "¿Ha venido antes a \(profile.practice.name)?")
            }
        }
        if booking.isNew == true && !type.newPatients {
            let allowed = profile.appointmentTypes.filter(\.newPatients)
            // One obvious starting point (e.g. an intake before therapy): book that, and say so.
            let starter = allowed.count == 1 ? allowed[0] : allowed.first(where: Self.isNewPatientType)
            if let s = starter {
                booking.typeID = s.id
                booking.offered = []; booking.searched = nil; booking.accepted = nil
                prefix += say("New \(isVet ? "patients" : profile.practice.vertical == .mentalHealth ? "clients" : "patients") start with \(Spoken.typeName(s, .en, article: true)), so I'll look for that. ",
                              "Los pacientes nuevos empiezan con \(Spoken.typeName(s, .es)), así que buscaré eso. ")
                return await advanceBooking(TurnAnalysis(), prefix: prefix)
            }
            let alternatives = allowed.map { Spoken.typeName($0, language) }
            booking.typeID = nil
            pending = .type
            return prefix + say("A \(type.name.lowercased()) is for existing patients. New patients can book \(Spoken.list(alternatives, .en, conjunction: "or")) — which would you like?",
                                "La cita de \(type.name(in: .es).lowercased()) es para pacientes actuales. Los pacientes nuevos pueden reservar \(Spoken.list(alternatives, .es, conjunction: "o")). ¿Cuál prefiere?")
        }
        guard let when = booking.when else {
            pending = .when
            return prefix + say("What day and time work best for you?", "¿Qué día y a qué hora le conviene?")
        }
        if let reply = await checkDay(typeID, when) { return prefix + reply }
        let carrierOnFile = booking.isNew == false   // an existing patient's carrier is on file
        let saysHasInsurance = (a.rawText ?? "").lowercased().split(whereSeparator: { !$0.isLetter })
            .contains { ["do", "have", "insurance", "tengo", "seguro", "insured"].contains($0) }
        if profile.insurance.askCarrier, !carrierOnFile, booking.carrier == nil, !booking.noInsurance, pending == .carrier,
           a.answer == .yes, saysHasInsurance, !booking.askedWhichCarrier {
            booking.askedWhichCarrier = true
            return prefix + say("Which insurance company is it?", "¿De qué compañía es su seguro?")
        }
        if profile.insurance.askCarrier, !carrierOnFile, booking.carrier == nil, !booking.noInsurance, !booking.askedCarrier {
            booking.askedCarrier = true
            pending = .carrier
            return prefix + say("Do you have \(insuranceKind()) insurance? If so, which carrier?",
                                "¿Tiene seguro\(profile.practice.vertical == .dental ? " dental" : "")? Si es así, ¿de qué compañía?")
        }
        guard let slot = booking.accepted else {
            guard let offer = booking.offered.first else { pending = .when; return say("What day would you like?", "¿Qué día le gustaría?") }
            pending = .slotOffer
            var note = ""
            if let c = booking.carrier, !profile.insurance.accepted.isEmpty,
               !profile.insurance.accepted.contains(where: { $0.caseInsensitiveCompare(c) == .orderedSame }) {
                note = say("Just so you know, we're not in network with \(c), but you're welcome to book. ",
                           "Le comento que no trabajamos con \(c), pero con gusto puede reservar. ")
            }
            if hadOffer == offer, !newTimeChangedDay(a) {
                return prefix + note + say("The earliest that fits is \(slotPhrase(offer, .en)). Shall I take that one?",
                                           "Lo más temprano que coincide es \(slotPhrase(offer, .es)). ¿Se lo reservo?")
            }
            if let exact = when.exactTime, offer.start.time != exact {
                note += say("\(Spoken.time(exact, .en)) isn't available. ", "A \(Spoken.time(exact, .es)) no hay disponibilidad. ")
            }
            return prefix + note + say("I have \(slotPhrase(offer, .en)). Does that work for you?",
                                       "Tengo \(slotPhrase(offer, .es)). ¿Le funciona?")
        }
        if !booking.callbackConfirmed {
            let recap = say("Great — that's \(Spoken.typeName(type, .en, article: true)) on \(slotPhrase(slot, .en)).",
                            "Perfecto: \(Spoken.typeName(type, .es)), \(slotPhrase(slot, .es)).")
            if let number = booking.callback ?? callerID {
                booking.callback = number
                pending = .callback
                return recap + say(" Is \(Spoken.phone(number)) the best number to reach you?",
                                   " ¿Es el \(Spoken.phone(number)) el mejor número para comunicarnos con usted?")
            }
            pending = .callbackNumber
            return recap + say(" What's the best phone number to reach you?", " ¿A qué número le podemos llamar?")
        }
        return await completeBooking(slot, type: type)
    }

    func completeBooking(_ slot: Slot, type: AppointmentType) async -> String {
        let patientID = await ensurePatient()
        do {
            let appt = try await scheduler.book(slot, patientID: patientID)
            let patientName = isVet ? booking.petName : (booking.patientName ?? booking.name)
            let detail = AppointmentDetail(appt, patientName: patientName)
            emit(.booked, detail)
            summary.booked = detail
            summary.callerName = booking.name
            summary.patientName = patientName
            summary.species = booking.species
            summary.callbackNumber = booking.callback
            summary.newPatient = booking.isNew
            summary.carrier = booking.carrier
            let done = booking
            booking = BookingForm()
            booking.name = done.name          // who is calling does not change
            booking.isNew = done.isNew == true ? false : done.isNew
            booking.callback = done.callback
            task = nil
            pending = .anythingElse
            let firstName = Spoken.firstName(done.name ?? "")
            let early = done.isNew == true ? say(" Please arrive 10 minutes early to fill out new-patient forms.", " Por favor llegue 10 minutos antes para llenar los formularios de paciente nuevo.") : ""
            let whoEN = isVet ? "\(done.petName ?? "your pet") is" : "you're"
            let whoES = isVet ? "\(done.petName ?? "su mascota") tiene cita" : "su cita está lista"
            return say("You're all set, \(firstName)! \(Spoken.capitalized(whoEN)) booked for \(Spoken.typeName(type, .en, article: true)) on \(slotPhrase(slot, .en)).\(early) Is there anything else I can help you with?",
                       "¡Listo, \(firstName)! \(Spoken.capitalized(whoES)): \(Spoken.typeName(type, .es)), \(slotPhrase(slot, .es)).\(early) ¿Hay algo más en lo que le pueda ayudar?")
        } catch BookingError.unavailable {
            return await scheduleUnavailable()
        } catch {
            // Someone else took it first: offer the next opening, never a double booking.
            booking.accepted = nil
            booking.offered = []
            booking.searched = nil
            if let when = booking.when, case .slots(let s) = await search(type: type.id, when: when), let next = s.first {
                booking.offered = s
                booking.searched = when
                pending = .slotOffer
                return say("I'm sorry — that time was just taken. I can do \(slotPhrase(next, .en)) instead. Would that work?",
                           "Lo siento, ese horario se acaba de ocupar. Puedo ofrecerle \(slotPhrase(next, .es)). ¿Le funciona?")
            }
            pending = .when
            return say("I'm sorry — that time was just taken. What other day would work for you?",
                       "Lo siento, ese horario se acaba de ocupar. ¿Qué otro día le convendría?")
        }
    }

    /// Searches a newly named day. Returns what to say when it does not work (closed, full, nothing at that
    /// time — with the nearest openings), or nil when there are slots to offer.
    func checkDay(_ typeID: String, _ when: DateConstraint) async -> String? {
        guard booking.accepted == nil, booking.offered.isEmpty || booking.searched != when else { return nil }
        booking.searched = when
        var result = await search(type: typeID, when: when)
        if case .none(.providerDoesNotOffer) = result, booking.providerID != nil {
            // The named provider does not do this visit: look with everyone who does.
            booking.providerID = nil
            result = await search(type: typeID, when: when)
        }
        if scheduleDown { scheduleDown = false; return await scheduleUnavailable() }
        switch result {
        case .slots(let slots):
            booking.offered = slots
            return nil
        case .none(let reason):
            let alternatives = await nearbyAlternatives(type: typeID, when: when)
            booking.offered = alternatives
            let why = noSlotSentence(reason, when: when)
            if alternatives.isEmpty {
                pending = .when
                booking.when = nil
                return why + say(" Is there another day that would work?", " ¿Hay otro día que le convenga?")
            }
            pending = .slotOffer
            let phrases = alternatives.prefix(2).map { slotPhrase($0, language) }
            return why + say(" The closest openings I have are \(Spoken.list(phrases, .en, conjunction: "or")). Would one of those work?",
                             " Lo más cercano que tengo es \(Spoken.list(phrases, .es, conjunction: "o")). ¿Le sirve alguno?")
        }
    }

    /// The schedule cannot be written (or read) right now: nothing is lost — the request becomes a message
    /// for staff, who call back to confirm a time.
    func scheduleUnavailable() async -> String {
        task = .message
        message.reason = .appointment
        message.name = message.name ?? booking.name ?? account.name
        message.callback = booking.callback ?? callerID
        let lead = say("I'm sorry — I can't reach our schedule right now, so I can't confirm that time myself. ",
                       "Lo siento, no puedo acceder a la agenda en este momento y no puedo confirmar ese horario. ")
        let next = await advanceMessage(TurnAnalysis())
        return lead + next
    }

    /// The patient record for this booking: an existing match, or a new record with the minimum.
    func ensurePatient() async -> String {
        if let id = booking.patientID { return id }
        if let p = await matchPatient(name: booking.patientName ?? booking.name, petName: booking.petName, dob: booking.dob, phone: booking.callback ?? callerID) {
            booking.patientID = p.id
            return p.id
        }
        let id = "pat-" + Identifier.make()
        let p = Patient(id: id, practiceID: profile.practice.id, name: (isVet ? booking.petName : booking.patientName ?? booking.name) ?? "Unknown",
                        dateOfBirth: isVet ? nil : booking.dob, phone: booking.callback ?? callerID,
                        species: isVet ? booking.species : nil, owner: isVet ? booking.name : nil)
        try? await store.upsert(patient: p)
        booking.patientID = id
        return id
    }

    /// Did the caller name a different day (not just narrow the time of the same one)?
    func newTimeChangedDay(_ a: TurnAnalysis) -> Bool { a.when?.date != nil && a.when?.date != booking.offered.first?.start.date }

    /// The carrier named in answer to "which carrier?" when it is not one we know: "tengo Tufts", "it's Tufts Health".
    static func carrierAnswer(_ a: TurnAnalysis) -> String? {
        guard let raw = a.rawText else { return nil }
        let clauses = raw.split(whereSeparator: { ",.!?;".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
        // The first clause that is not just "yes"/"sí".
        let clause = clauses.first { c in !["yes", "yeah", "si", "sí", "yep", "i do", "sure"].contains(c.lowercased()) } ?? raw
        let words = clause.split(separator: " ").map(String.init)
        let skip: Set<String> = ["i", "have", "it's", "its", "it", "is", "tengo", "with", "my", "insurance", "seguro", "es", "de", "yes", "yeah",
                                 "si", "sí", "the", "through", "called", "we", "use", "got", "i've", "ive", "um", "uh", "oh", "ok", "okay", "a", "un"]
        let rest = words.drop { skip.contains($0.lowercased()) }
        let name = rest.prefix { !skip.contains($0.lowercased()) && $0.first?.isLetter == true }.prefix(3)
        guard let first = name.first, first.first?.isUppercase == true || raw == raw.lowercased() else { return nil }
        let carrier = name.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
        return Understanding.isSensitive(carrier) ? nil : carrier
    }

    static func isNewPatientType(_ t: AppointmentType) -> Bool {
        let text = (t.name + " " + t.id + " " + t.synonyms.joined(separator: " ")).lowercased()
        return ["new patient", "new client", "intake", "initial consult"].contains { text.contains($0) }
    }

    func insuranceKind() -> String {
        switch profile.practice.vertical {
        case .dental: return "dental"
        case .veterinary: return "pet"
        default: return "health"
        }
    }

    func pickOffered(_ a: TurnAnalysis) -> Slot? {
        guard let t = a.when?.exactTime, a.when?.date == nil || a.when?.date == booking.offered.first?.start.date else { return nil }
        return booking.offered.first { $0.start.time == t }
    }

    func slotPhrase(_ s: Slot, _ lang: Language) -> String {
        let who = profile.provider(s.providerID).map(Spoken.provider) ?? s.providerID
        return lang == .en ? "\(Spoken.dateTime(s.start, .en)) with \(who)" : "\(Spoken.dateTime(s.start, .es)) con \(who)"
    }

    func query(type: String, when: DateConstraint, from: LocalDate? = nil, days: Int? = nil, keepTime: Bool = true) -> SlotQuery {
        var q = SlotQuery(typeID: type, from: from ?? when.date ?? today)
        q.providerID = booking.providerID
        q.days = days ?? (when.date != nil ? 1 : (when.firstAvailable ? 60 : 14))
        q.part = keepTime ? when.part : nil
        q.notBefore = keepTime ? when.notBefore : nil
        q.notAfter = keepTime ? when.notAfter : nil
        q.limit = 3
        return q
    }

    func search(type: String, when: DateConstraint) async -> SearchResult {
        var q = query(type: type, when: when)
        if when.exactTime != nil { q.part = nil; q.notBefore = nil; q.notAfter = nil; q.limit = 200 }
        var result: SearchResult
        do { result = try await scheduler.search(q) } catch {
            scheduleDown = true
            return .none(.fullyBooked)
        }
        // An exact time that is taken: offer what is nearest on that day instead.
        if case .slots(let s) = result, let t = when.exactTime {
            let sorted = s.sorted { (abs($0.start.wallMinutes - t.minutes - $0.start.date.dayNumber * 1440), $0.start) < (abs($1.start.wallMinutes - t.minutes - $1.start.date.dayNumber * 1440), $1.start) }
            result = .slots(Array(sorted.prefix(3)))
        }
        return result
    }

    /// When the asked day has nothing: the nearest openings before and after it.
    func nearbyAlternatives(type: String, when: DateConstraint) async -> [Slot] {
        guard let date = when.date else {
            if case .slots(let s)? = try? await scheduler.search(query(type: type, when: when, from: today, days: 60, keepTime: false)) { return Array(s.prefix(2)) }
            return []
        }
        var found: [Slot] = []
        if when.part != nil || when.notBefore != nil || when.notAfter != nil || when.exactTime != nil,
           case .slots(let s)? = try? await scheduler.search(query(type: type, when: when, from: date, days: 1, keepTime: false)) {
            // Only the time did not fit: the times that day nearest to what was asked.
            let target = when.exactTime?.minutes ?? when.notBefore?.minutes ?? when.part?.window.start.minutes ?? 0
            let all = (try? await scheduler.search({ var q = query(type: type, when: when, from: date, days: 1, keepTime: false); q.limit = 200; return q }())).map(\.slots) ?? s
            return Array(all.sorted { abs($0.start.time.minutes - target) < abs($1.start.time.minutes - target) }.prefix(2)).sorted { $0.start < $1.start }
        }
        for back in 1...6 {
            let d = date.adding(days: -back)
            if d < today { break }
            if case .slots(let s)? = try? await scheduler.search(query(type: type, when: when, from: d, days: 1)), let first = s.first { found.append(first); break }
        }
        if case .slots(let s)? = try? await scheduler.search(query(type: type, when: when, from: date.adding(days: 1), days: 30)), let first = s.first {
            found.append(first)
        } else if case .slots(let s)? = try? await scheduler.search(query(type: type, when: when, from: date.adding(days: 1), days: 30, keepTime: false)), let first = s.first {
            found.append(first)
        }
        return found.sorted { $0.start < $1.start }
    }

    func noSlotSentence(_ reason: NoSlotReason, when: DateConstraint) -> String {
        let dEN = when.date.map { Spoken.date($0, .en) } ?? "then"
        let dES = when.date.map { Spoken.date($0, .es) } ?? "en esa fecha"
        switch reason {
        case .practiceClosed:
            return say("We're closed on \(dEN).", "Estamos cerrados \(dES).")
        case .providerNotWorking:
            if let who = booking.providerID.flatMap({ profile.provider($0) }).map(Spoken.provider) {
                return say("\(who) isn't in on \(dEN).", "\(who) no atiende \(dES).")
            }
            let what = booking.typeID.flatMap { profile.appointmentType($0) }
            return say("We don't have \(what.map { Spoken.typeName($0, .en) + "s" } ?? "those appointments") on \(dEN).",
                       "No tenemos \(what.map { Spoken.typeName($0, .es) } ?? "esas citas") \(dES).")
        case .inThePast:
            return say("That date has already passed.", "Esa fecha ya pasó.")
        case .noneMatchTime:
            return say("I don't have anything at that time on \(dEN).", "No tengo disponibilidad a esa hora \(dES).")
        case .fullyBooked:
            return say("We're fully booked on \(dEN).", "No tenemos espacio \(dES).")
        case .unknownType, .noProviderOffersType, .providerDoesNotOffer:
            let who = booking.providerID.flatMap { profile.provider($0) }.map(Spoken.provider)
            booking.providerID = nil
            return who.map { say("\($0) doesn't do that kind of visit, so I'll look with our other providers.", "\($0) no ofrece ese tipo de cita; buscaré con otros profesionales.") }
                ?? say("That appointment isn't something I can book by phone.", "Ese tipo de cita no la puedo programar por teléfono.")
        }
    }
}

extension DateConstraint {
    /// Nothing temporal said.
    static var empty: DateConstraint { DateConstraint() }
}

/// Random record identifiers (no PHI in ids).
enum Identifier {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in "abcdefghijkmnpqrstuvwxyz23456789".randomElement(using: &g)! })
    }
}
