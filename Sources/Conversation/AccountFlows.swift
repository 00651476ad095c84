import FrontDeskCore
import Scheduling
import Understanding

extension Receptionist {
    /// A patient on file matching a name (the person's, the owner's or the pet's) and either the date of
    /// birth or the phone on file. Nothing is matched on a name alone.
    func matchPatient(name: String?, petName: String?, dob: LocalDate?, phone: String?) async -> Patient? {
        guard name != nil || petName != nil else { return nil }
        let all = (try? await store.patients(practiceID: profile.practice.id)) ?? []
        let names = [name, petName].compactMap { $0.map(Self.normalName) }
        let candidates = all.filter { p in
            names.contains(Self.normalName(p.name)) || (p.owner.map { names.contains(Self.normalName($0)) } ?? false)
        }
        if let dob, let p = candidates.first(where: { $0.dateOfBirth == dob }) { return p }
        if let phone, let p = candidates.first(where: { $0.phone == phone && (petName == nil || Self.normalName($0.name) == Self.normalName(petName!)) })
            ?? candidates.first(where: { $0.phone == phone }) { return p }
        return nil
    }

    static func normalName(_ s: String) -> String {
        s.lowercased().filter { $0.isLetter || $0 == " " }.split(separator: " ").joined(separator: " ")
    }

    /// Reschedule, cancel, confirm and look-up: verify identity first, disclose nothing before that.
    func advanceAccount(_ t: CallTask, _ a: TurnAnalysis) async -> String {
        if !account.verified {
            if let n = a.personName { account.name = n }
            if let p = a.petName { account.petName = p }
            if let d = a.dateOfBirth { account.dob = d }
            if pending == .name, account.name == nil, let n = a.personName ?? a.petName { account.name = n }
            if let p = await matchPatient(name: account.name, petName: account.petName, dob: account.dob, phone: callerID) {
                account.patient = p
                account.verified = true
                // Verified: the patient's own names may be spoken back.
                namesCallerSaid.formUnion([p.name, p.owner].compactMap { $0?.lowercased() })
                emit(.identityVerified)
                summary.callerName = account.name ?? p.owner ?? p.name
                summary.patientName = p.name
            } else {
                let triedDOB = pending == .dob
                let triedName = pending == .name
                if triedDOB || (triedName && (a.declines || account.askedName >= 2)) {
                    account.failures += 1
                    account.dob = nil
                }
                if account.failures >= 2 {
                    emit(.identityFailed)
                    task = nil
                    pending = .none
                    outAction = .end
                    return say("I'm sorry, I wasn't able to verify the patient's identity, so for privacy I can't share or change any appointment details. The patient is welcome to call us back directly. Thank you for calling \(profile.practice.name).",
                               "Lo siento, no pude verificar la identidad del paciente, así que por privacidad no puedo compartir ni cambiar ningún dato de la cita. El paciente puede llamarnos directamente. Gracias por llamar a \(profile.practice.name).")
                }
                if account.name == nil && account.petName == nil {
                    pending = .name
                    account.askedName += 1
                    if account.askedName > 1 {
                        return say("And the patient's full name, please?", "¿Y el nombre completo del paciente, por favor?")
                    }
                    return say("I can help with that. First, may I have the patient's full name?",
                               "Con gusto. Primero, ¿me da el nombre completo del paciente?")
                }
                pending = .dob
                let whose = a.thirdParty || account.thirdParty ? say("the patient's", "del paciente") : say("your", "su")
                if a.thirdParty { account.thirdParty = true }
                if account.failures == 1 {
                    let opening = a.dateOfBirth != nil || account.dob != nil
                        ? say("I'm sorry, that doesn't match our records.", "Lo siento, eso no coincide con nuestros registros.")
                        : say("I understand.", "Entiendo.")
                    return opening + say(" For privacy, I can only discuss an appointment once the name and date of birth match our records. What is \(whose) date of birth?",
                                         " Por privacidad, solo puedo hablar de una cita cuando el nombre y la fecha de nacimiento coinciden con nuestros registros. ¿Cuál es la fecha de nacimiento \(whose == "su" ? "" : whose)?".replacingOccurrences(of: "  ", with: " "))
                }
                return say("Thanks. To protect privacy, can you confirm \(whose) date of birth?",
                           "Gracias. Para proteger la privacidad, ¿me confirma \(whose == "su" ? "su" : "la") fecha de nacimiento\(whose == "su" ? "" : " del paciente")?")
            }
        }
        guard let patient = account.patient else { return "" }
        let upcoming = ((try? await store.appointments(patientID: patient.id)) ?? [])
            .filter { $0.isActive && $0.start > now }
        guard let appt = account.appointment ?? pickAppointment(upcoming, a) else {
            task = nil
            pending = .offerBooking
            return say("Thanks, you're verified. I don't see an upcoming appointment on file. Would you like to book one?",
                       "Gracias, ya verifiqué su identidad. No veo ninguna cita próxima. ¿Le gustaría programar una?")
        }
        account.appointment = appt
        let verifiedNow = events.last?.outcome == .identityVerified && events.last?.turn == turn
        let lead = verifiedNow ? say("Thank you, I've found \(isVet ? "\(patient.name)'s" : "your") record. ", "Gracias, encontré el registro. ") : ""
        let described = describe(appt, patient)
        switch t {
        case .lookup:
            task = nil
            pending = .anythingElse
            return lead + say("\(described.en.prefix(1).uppercased() + described.en.dropFirst()). Is there anything else I can help with?",
                              "\(described.es.prefix(1).uppercased() + described.es.dropFirst()). ¿Algo más en lo que le pueda ayudar?")
        case .confirm:
            if pending == .confirmAppointment, a.answer == .yes || a.intents.contains(.confirm) {
                return await doConfirm(appt, patient)
            }
            if pending == .confirmAppointment, a.answer == .no {
                task = nil; pending = .anythingElse
                return say("Okay, I haven't changed anything. Is there anything else I can help with?", "Está bien, no cambié nada. ¿Algo más?")
            }
            pending = .confirmAppointment
            return lead + say("I see \(described.en). Shall I confirm it?", "Veo \(described.es). ¿Se la confirmo?")
        case .cancel:
            if pending == .confirmCancel, a.answer == .yes {
                do {
                    let c = try await scheduler.cancel(appt.id)
                    let detail = AppointmentDetail(c, patientName: patient.name)
                    emit(.cancelled, detail)
                    summary.cancelled = detail
                    task = nil; pending = .anythingElse
                    return say("Done — that appointment is cancelled. Would you like to book a new time, or is there anything else?",
                               "Listo, la cita quedó cancelada. ¿Quiere programar otra fecha o hay algo más?")
                } catch {
                    task = nil; pending = .anythingElse
                    return say("I'm sorry, I couldn't cancel it just now; I'll leave a note for our team to call you. Anything else?",
                               "Lo siento, no pude cancelarla; dejaré una nota para que el equipo le llame. ¿Algo más?")
                }
            }
            if pending == .confirmCancel, a.answer == .no {
                task = nil; pending = .anythingElse
                return say("Okay, I'll leave it as it is. Is there anything else I can help with?", "Está bien, la dejo como está. ¿Algo más?")
            }
            pending = .confirmCancel
            return lead + say("I see \(described.en). Would you like me to cancel it?", "Veo \(described.es). ¿Quiere que la cancele?")
        case .reschedule:
            return await advanceReschedule(appt, patient, a, lead: lead, described: described)
        default:
            return ""
        }
    }

    func pickAppointment(_ list: [Appointment], _ a: TurnAnalysis) -> Appointment? {
        if let t = a.appointmentTypeID, let m = list.first(where: { $0.typeID == t }) { return m }
        return list.first
    }

    func describe(_ appt: Appointment, _ patient: Patient) -> (en: String, es: String) {
        let type = appt.typeID.flatMap { profile.appointmentType($0) }
        let who = profile.provider(appt.providerID).map(Spoken.provider) ?? appt.providerID
        let whose = isVet ? "\(patient.name)'s" : "your"
        let en = "\(whose) \(type?.name(in: .en).lowercased() ?? "appointment") on \(Spoken.dateTime(appt.start, .en)) with \(who)"
        let es = "\(isVet ? "la cita de \(patient.name)" : "su cita") de \(type?.name(in: .es).lowercased() ?? "consulta") \(Spoken.dateTime(appt.start, .es)) con \(who)"
        return (en, es)
    }

    func doConfirm(_ appt: Appointment, _ patient: Patient) async -> String {
        let c = (try? await scheduler.confirm(appt.id)) ?? appt
        let detail = AppointmentDetail(c, patientName: patient.name)
        emit(.confirmed, detail)
        summary.confirmed = detail
        task = nil; pending = .anythingElse
        return say("You're confirmed — we'll see \(isVet ? patient.name : "you") then. Is there anything else I can help with?",
                   "Quedó confirmada. ¡Nos vemos entonces! ¿Algo más en lo que le pueda ayudar?")
    }

    func advanceReschedule(_ appt: Appointment, _ patient: Patient, _ a: TurnAnalysis, lead: String, described: (en: String, es: String)) async -> String {
        booking.typeID = appt.typeID
        let hadOffer = pending == .slotOffer ? booking.offered.first : nil
        if let w = a.when, !(w == DateConstraint.empty) { booking.when = merge(booking.when, w); booking.accepted = nil }
        if let offer = hadOffer, booking.accepted == nil {
            if let chosen = pickOffered(a) { booking.accepted = chosen }
            else if a.answer == .yes && a.when == nil { booking.accepted = offer }
        }
        if let slot = booking.accepted {
            do {
                let moved = try await scheduler.reschedule(appt.id, to: slot)
                let detail = AppointmentDetail(moved, patientName: patient.name)
                emit(.rescheduled, detail)
                summary.rescheduled = detail
                task = nil; pending = .anythingElse
                booking = BookingForm()
                return say("All done — \(isVet ? "\(patient.name)'s" : "your") appointment is now on \(slotPhrase(slot, .en)). Is there anything else I can help with?",
                           "Listo, \(isVet ? "la cita de \(patient.name)" : "su cita") ahora es \(slotPhrase(slot, .es)). ¿Algo más en lo que le pueda ayudar?")
            } catch {
                booking.accepted = nil; booking.offered = []; booking.searched = nil
                pending = .when
                return say("I'm sorry, that time was just taken, and your original appointment is unchanged. What other time would work?",
                           "Lo siento, ese horario se acaba de ocupar y su cita original sigue igual. ¿Qué otro horario le sirve?")
            }
        }
        guard let when = booking.when, let typeID = appt.typeID else {
            pending = .when
            return lead + say("I see \(described.en). What day and time would you like instead?",
                              "Veo \(described.es). ¿Para qué día y hora la quiere cambiar?")
        }
        if booking.offered.isEmpty || booking.searched != when || (a.answer == .no && hadOffer != nil) {
            if a.answer == .no, hadOffer != nil, booking.searched == when, booking.offered.count > 1 {
                booking.offered.removeFirst()
            } else {
                booking.searched = when
                switch await search(type: typeID, when: when) {
                case .slots(let s): booking.offered = s.filter { $0.start != appt.start }
                case .none(let reason):
                    let alt = await nearbyAlternatives(type: typeID, when: when)
                    booking.offered = alt
                    let why = noSlotSentence(reason, when: when)
                    guard !alt.isEmpty else { pending = .when; booking.when = nil
                        return lead + why + say(" What other day would work?", " ¿Qué otro día le sirve?") }
                    pending = .slotOffer
                    let phrases = alt.prefix(2).map { slotPhrase($0, language) }
                    return lead + why + say(" The closest openings are \(Spoken.list(phrases, .en, conjunction: "or")). Would one of those work?",
                                            " Lo más cercano es \(Spoken.list(phrases, .es, conjunction: "o")). ¿Le sirve alguno?")
                }
            }
        }
        guard let offer = booking.offered.first else {
            pending = .when
            return lead + say("I don't have anything then. What other day would work?", "No tengo disponibilidad. ¿Qué otro día le sirve?")
        }
        pending = .slotOffer
        return lead + say("I can move it to \(slotPhrase(offer, .en)). Shall I make that change?",
                          "Puedo cambiarla para \(slotPhrase(offer, .es)). ¿Hago el cambio?")
    }
}
