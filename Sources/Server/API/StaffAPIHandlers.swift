import Access
import Foundation
import FrontDeskCore
import Hummingbird
import Scheduling
import Vault

/// One request, authorised: the principal, and the store acting as them (every access audited under them).
struct StaffCall: Sendable {
    var principal: Principal
    var store: VaultStore
    var request: Request
    var parameters: Parameters
}

/// The handlers of the staff API. Each runs through `run`, which checks the permission, swaps the store's
/// audit context for the principal's and turns unexpected failures into a 500 without PHI in the log.
struct StaffAPIHandlers<Context: StaffContext>: Sendable {
    let api: StaffAPI

    var profile: PracticeProfile { api.profile }
    var zone: TimeZone { api.profile.timeZone }

    func run(_ request: Request, _ context: Context, _ permission: Permission, _ route: String,
             _ body: (StaffCall) async throws -> Response) async throws -> Response {
        guard let principal = context.principal else { throw StaffAPIError.unauthorized }
        guard principal.can(permission) else {
            api.logger.notice("api: forbidden", metadata: ["route": .string(route), "user": .string(principal.userID),
                                                           "role": .string(principal.role.rawValue)])
            throw StaffAPIError.forbidden(permission)
        }
        let store = api.store.acting(as: principal.auditContext(channel: api.channel(request, context)))
        do {
            let response = try await body(StaffCall(principal: principal, store: store, request: request, parameters: context.parameters))
            api.logger.info("api", metadata: ["route": .string(route), "user": .string(principal.userID),
                                              "status": .stringConvertible(response.status.code)])
            return response
        } catch let e as StaffAPIError {
            api.logger.info("api", metadata: ["route": .string(route), "user": .string(principal.userID),
                                              "status": .stringConvertible(e.status.code)])
            throw e
        } catch {
            // The error's type only: a storage error's text could name a record.
            api.logger.error("api: internal error", metadata: ["route": .string(route), "user": .string(principal.userID),
                                                               "error": .string(String(describing: type(of: error)))])
            throw StaffAPIError(.internalServerError, "internal error")
        }
    }

    // MARK: - Arguments

    /// The query parameters, refusing any not in `allowed` and any given twice.
    func query(_ call: StaffCall, allowed: Set<String>) throws -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in call.request.uri.queryParameters {
            let key = String(k)
            guard allowed.contains(key) else { throw StaffAPIError.badRequest("unknown query parameter \"\(key.prefix(40))\"") }
            guard out[key] == nil else { throw StaffAPIError.badRequest("query parameter \(key) given twice") }
            out[key] = String(v)
        }
        return out
    }

    func noQuery(_ call: StaffCall) throws { _ = try query(call, allowed: []) }

    /// The `{id}` path parameter: 1–128 characters of letters, digits and `-_.:`.
    func id(_ call: StaffCall) throws -> String {
        guard let id = call.parameters.get("id"), Self.isValidID(id) else { throw StaffAPIError.badRequest("malformed id") }
        return id
    }

    static func isValidID(_ s: String) -> Bool {
        !s.isEmpty && s.count <= 128 && s.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.:".unicodeScalars.contains($0)) }
    }

    func date(_ s: String?, _ name: String) throws -> LocalDate? {
        guard let s else { return nil }
        guard s.count == 10, let d = LocalDate(iso: s) else { throw StaffAPIError.badRequest("\(name) must be a date YYYY-MM-DD") }
        return d
    }

    func localTime(_ s: String, _ name: String) throws -> LocalDateTime {
        guard s.count == 16, let t = LocalDateTime(iso: s) else { throw StaffAPIError.badRequest("\(name) must be a practice-local time YYYY-MM-DDTHH:MM") }
        return t
    }

    /// The JSON body, decoded; 415 unless `application/json`, 413 over the limit, 400 when it does not decode.
    func body<T: Decodable>(_ call: StaffCall, _ type: T.Type) async throws -> T {
        let contentType = call.request.headers[.contentType]?.lowercased() ?? ""
        guard contentType.hasPrefix("application/json") else {
            throw StaffAPIError(.unsupportedMediaType, "the body must be application/json")
        }
        var request = call.request
        let buffer: ByteBuffer
        do { buffer = try await request.collectBody(upTo: StaffAPI.maxBodyBytes) } catch {
            throw StaffAPIError(.contentTooLarge, "the body is larger than \(StaffAPI.maxBodyBytes) bytes")
        }
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch {
            throw StaffAPIError.badRequest(Self.describe(error))
        }
    }

    /// A decoding error as a reason naming the field, never the value.
    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "wrong type for field \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "the body is not valid JSON for this request"
        }
    }

    func local(_ d: Date) -> String { zone.local(d).iso }

    // MARK: - Calls

    func listCalls(_ call: StaffCall) async throws -> Response {
        let q = try query(call, allowed: ["from", "to"])
        let from = try date(q["from"], "from"), to = try date(q["to"], "to")
        if let from, let to, to < from { throw StaffAPIError.badRequest("to is before from") }
        let report = try await call.store.callsReport()
        let summaries = call.principal.can(.viewCallSummaries)
        let calls = report.records.filter { c in
            let day = zone.local(c.startedAt).date
            return (from.map { day >= $0 } ?? true) && (to.map { day <= $0 } ?? true)
        }.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }.map { c in
            CallItem(id: c.id, started: local(c.startedAt), ended: c.endedAt.map(local), startedAt: ISOTime.string(c.startedAt),
                     endedAt: c.endedAt.map { ISOTime.string($0) }, caller: c.callerNumber, outcomes: c.outcomes.map(\.rawValue),
                     summary: summaries ? c.summary : nil)
        }
        return StaffJSON.response(.ok, CallListBody(calls: calls, unreadable: report.unreadable.map(Unreadable.init)))
    }

    func getCall(_ call: StaffCall) async throws -> Response {
        try noQuery(call)
        let id = try id(call)
        let c: CallRecord
        do {
            guard let found = try await call.store.call(id: id) else { throw StaffAPIError.notFound("call") }
            c = found
        } catch VaultError.unreadable {
            throw StaffAPIError(.internalServerError, "the call record could not be decrypted")
        }
        let p = call.principal
        let detail = CallDetail(
            id: c.id, started: local(c.startedAt), ended: c.endedAt.map(local), startedAt: ISOTime.string(c.startedAt),
            endedAt: c.endedAt.map { ISOTime.string($0) }, caller: c.callerNumber, patientId: c.patientID,
            outcomes: c.outcomes.map(\.rawValue),
            events: c.events.map { .init(outcome: $0.outcome.rawValue, turn: $0.turn, appointmentId: $0.appointmentID) },
            summary: p.can(.viewCallSummaries) ? c.summary : nil,
            transcript: p.can(.viewTranscripts) ? c.transcript.map { .init(speaker: $0.speaker, text: $0.text, at: ISOTime.string($0.at)) } : nil)
        return StaffJSON.response(.ok, detail)
    }

    // MARK: - Appointments

    func listAppointments(_ call: StaffCall) async throws -> Response {
        let q = try query(call, allowed: ["from", "to", "provider"])
        let today = zone.local(api.clock.now()).date
        let from = try date(q["from"], "from") ?? today
        let to = try date(q["to"], "to") ?? from
        guard to >= from else { throw StaffAPIError.badRequest("to is before from") }
        guard from.days(until: to) < StaffAPILimits.maxDays else { throw StaffAPIError.badRequest("at most \(StaffAPILimits.maxDays) days at once") }
        let provider = q["provider"]
        if let provider, profile.provider(provider) == nil { throw StaffAPIError.badRequest("unknown provider") }
        let list = try await call.store.appointments(
            practiceID: call.store.practiceID, providerID: provider,
            from: LocalDateTime(date: from, time: TimeOfDay(minutes: 0)),
            to: LocalDateTime(date: to.adding(days: 1), time: TimeOfDay(minutes: 0)))
        // The store does not audit schedule reads (no PHI is opened); the API lists patient ids, so it does.
        try await call.store.recordAccess(action: "read", resourceType: "appointment", resourceID: "range:\(from.iso)/\(to.iso)")
        return StaffJSON.response(.ok, AppointmentListBody(from: from.iso, to: to.iso, appointments: list.map(AppointmentItem.init)))
    }

    func scheduler(_ call: StaffCall) -> Scheduler {
        Scheduler(profile: profile, store: call.store, clock: api.clock)
    }

    func createAppointment(_ call: StaffCall) async throws -> Response {
        try noQuery(call)
        let b = try await body(call, NewAppointmentBody.self)
        guard let type = profile.appointmentType(b.type) else { throw StaffAPIError.badRequest("unknown appointment type") }
        guard let provider = profile.provider(b.provider) else { throw StaffAPIError.badRequest("unknown provider") }
        guard provider.appointmentTypes.contains(type.id) else { throw StaffAPIError.badRequest("the provider does not offer this appointment type") }
        let start = try localTime(b.start, "start")
        if let pid = b.patientId {
            guard Self.isValidID(pid), try await call.store.patient(id: pid) != nil else { throw StaffAPIError.badRequest("unknown patientId") }
        }
        let slot = Slot(providerID: provider.id, typeID: type.id, start: start, minutes: type.minutes)
        do {
            let a = try await scheduler(call).book(slot, patientID: b.patientId)
            return StaffJSON.response(.created, AppointmentItem(a))
        } catch let e as BookingError {
            throw Self.booking(e)
        }
    }

    static func booking(_ e: BookingError) -> StaffAPIError {
        switch e {
        case .conflict: return .conflict("the slot is taken or not bookable (past, closed, outside the provider's hours)")
        case .notFound: return .notFound("appointment")
        case .unavailable: return StaffAPIError(.serviceUnavailable, "the store could not be written; nothing was changed")
        }
    }

    func reschedule(_ call: StaffCall) async throws -> Response {
        try noQuery(call)
        let id = try id(call)
        let b = try await body(call, RescheduleBody.self)
        let start = try localTime(b.start, "start")
        guard let current = try await call.store.appointment(id: id) else { throw StaffAPIError.notFound("appointment") }
        guard current.isActive else { throw StaffAPIError.conflict("the appointment is cancelled") }
        guard let typeID = current.typeID else { throw StaffAPIError.conflict("a de-identified busy slot cannot be moved") }
        let providerID = b.provider ?? current.providerID
        guard let provider = profile.provider(providerID) else { throw StaffAPIError.badRequest("unknown provider") }
        guard provider.appointmentTypes.contains(typeID) else { throw StaffAPIError.badRequest("the provider does not offer this appointment type") }
        do {
            let a = try await scheduler(call).reschedule(id, to: Slot(providerID: providerID, typeID: typeID, start: start, minutes: current.minutes))
            return StaffJSON.response(.ok, AppointmentItem(a))
        } catch let e as BookingError {
            throw Self.booking(e)
        }
    }

    func cancel(_ call: StaffCall) async throws -> Response {
        try noQuery(call)
        let id = try id(call)
        guard let current = try await call.store.appointment(id: id) else { throw StaffAPIError.notFound("appointment") }
        guard current.isActive else { throw StaffAPIError.conflict("the appointment is already cancelled") }
        do {
            let a = try await scheduler(call).cancel(id)
            return StaffJSON.response(.ok, AppointmentItem(a))
        } catch let e as BookingError {
            throw Self.booking(e)
        }
    }

    // MARK: - Messages and refills

    enum StatusFilter: String { case open, handled, all }

    func statusFilter(_ call: StaffCall) throws -> StatusFilter {
        let q = try query(call, allowed: ["status"])
        guard let s = q["status"] else { return .all }
        guard let f = StatusFilter(rawValue: s) else { throw StaffAPIError.badRequest("status must be open, handled or all") }
        return f
    }

    func keep(_ handled: Bool, _ f: StatusFilter) -> Bool {
        switch f { case .all: return true; case .open: return !handled; case .handled: return handled }
    }

    func listMessages(_ call: StaffCall) async throws -> Response {
        let filter = try statusFilter(call)
        let report = try await call.store.messagesReport()
        let marks = try await call.store.handledMessages()
        let items = report.records.filter { keep(marks[$0.id] != nil, filter) }.map { m in
            MessageItem(id: m.id, callerName: m.callerName, callbackNumber: m.callbackNumber, reason: m.reason.rawValue,
                        created: local(m.createdAt), createdAt: ISOTime.string(m.createdAt), handled: marks[m.id] != nil,
                        handledAt: marks[m.id].map { ISOTime.string($0.at) }, handledBy: marks[m.id]?.actor)
        }
        return StaffJSON.response(.ok, MessageListBody(messages: items, unreadable: report.unreadable.map(Unreadable.init)))
    }

    func listRefills(_ call: StaffCall) async throws -> Response {
        let filter = try statusFilter(call)
        let report = try await call.store.refillsReport()
        let marks = try await call.store.handledRefills()
        let items = report.records.filter { keep(marks[$0.id] != nil, filter) }.map { r in
            RefillItem(id: r.id, patientId: r.patientID, callerName: r.callerName, callbackNumber: r.callbackNumber,
                       medication: r.medication, pharmacy: r.pharmacy, created: local(r.createdAt), createdAt: ISOTime.string(r.createdAt),
                       handled: marks[r.id] != nil, handledAt: marks[r.id].map { ISOTime.string($0.at) }, handledBy: marks[r.id]?.actor)
        }
        return StaffJSON.response(.ok, RefillListBody(refills: items, unreadable: report.unreadable.map(Unreadable.init)))
    }

    func messageHandled(_ call: StaffCall) async throws -> Response {
        try noQuery(call)
        let id = try id(call)
        guard let mark = try await call.store.markMessageHandled(id: id) else { throw StaffAPIError.notFound("message") }
        return StaffJSON.response(.ok, HandledResult(id: id, handled: true, handledAt: ISOTime.string(mark.at), handledBy: mark.actor))
    }

    func refillHandled(_ call: StaffCall) async throws -> Response {
        try noQuery(call)
        let id = try id(call)
        guard let mark = try await call.store.markRefillHandled(id: id) else { throw StaffAPIError.notFound("refill request") }
        return StaffJSON.response(.ok, HandledResult(id: id, handled: true, handledAt: ISOTime.string(mark.at), handledBy: mark.actor))
    }

    // MARK: - Patients

    /// Digits of a phone number (spaces, dashes, dots, parentheses and a leading + allowed): 7 to 15 of them.
    static func phoneDigits(_ s: String) -> String? {
        var digits = ""
        for (i, ch) in s.enumerated() {
            if ch.isASCII, ch.isNumber { digits.append(ch) }
            else if ch == " " || ch == "-" || ch == "." || ch == "(" || ch == ")" { continue }
            else if ch == "+", i == 0 { continue }
            else { return nil }
        }
        return (7...15).contains(digits.count) ? digits : nil
    }

    func searchPatients(_ call: StaffCall) async throws -> Response {
        let q = try query(call, allowed: ["phone", "name", "dob"])
        let report: ReadReport<Patient>
        if let phone = q["phone"] {
            guard q["name"] == nil, q["dob"] == nil else { throw StaffAPIError.badRequest("give phone, or name and dob, not both") }
            guard let digits = Self.phoneDigits(phone) else { throw StaffAPIError.badRequest("phone must be a phone number of 7 to 15 digits") }
            report = try await call.store.patients(phone: "+" + digits)
        } else if let name = q["name"], let dobText = q["dob"] {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, trimmed.count <= 200, !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
                throw StaffAPIError.badRequest("name must be 1 to 200 characters")
            }
            guard let dob = try date(dobText, "dob") else { throw StaffAPIError.badRequest("dob must be a date YYYY-MM-DD") }
            guard dob <= zone.local(api.clock.now()).date else { throw StaffAPIError.badRequest("dob is in the future") }
            report = try await call.store.patients(name: trimmed, dateOfBirth: dob)
        } else {
            throw StaffAPIError.badRequest("give phone, or name and dob")
        }
        return StaffJSON.response(.ok, PatientListBody(patients: report.records.map(PatientItem.init), unreadable: report.unreadable.map(Unreadable.init)))
    }

    /// The patient of `{id}` in this practice (an audited read), or 404.
    func patient(_ call: StaffCall) async throws -> Patient {
        let id = try id(call)
        do {
            guard let p = try await call.store.patient(id: id) else { throw StaffAPIError.notFound("patient") }
            return p
        } catch VaultError.unreadable {
            throw StaffAPIError(.internalServerError, "the patient record could not be decrypted")
        }
    }

    /// The selector that reaches this patient: name + date of birth when on file (narrowest), else the phone.
    func selector(_ p: Patient) throws -> PatientSelector {
        if let dob = p.dateOfBirth { return PatientSelector(name: p.name, dateOfBirth: dob) }
        if let phone = p.phone { return PatientSelector(phone: phone) }
        throw StaffAPIError.conflict("the patient has neither a date of birth nor a phone number on file; use the command line")
    }

    func exportPatient(_ call: StaffCall) async throws -> Response {
        try noQuery(call)
        let p = try await patient(call)
        var export = try call.store.vault.exportPatient(try selector(p), practiceID: call.store.practiceID, context: call.store.context)
        // Only this patient's own entry; other patients the selector reached (same name and date of birth) are left out.
        for i in export.practices.indices { export.practices[i].patients.removeAll { $0.id != p.id } }
        return StaffJSON.response(.ok, data: export.json)
    }

    func erasePatient(_ call: StaffCall) async throws -> Response {
        try noQuery(call)
        let b = try await body(call, EraseBody.self)
        guard b.confirm else { throw StaffAPIError.badRequest("confirm must be true") }
        let p = try await patient(call)
        let sel = try selector(p)
        // Erasure reaches every patient the selector matches: refuse when that is more than this one.
        let reached: ReadReport<Patient>
        if let dob = sel.dateOfBirth, let name = sel.name { reached = try await call.store.patients(name: name, dateOfBirth: dob) }
        else { reached = try await call.store.patients(phone: sel.phone ?? "") }
        guard reached.records.map(\.id) == [p.id], reached.unreadable.isEmpty else {
            throw StaffAPIError.conflict("other patients share this patient's identifiers; erase with the command line")
        }
        let today = zone.local(api.clock.now()).date
        let report = try call.store.vault.erasePatient(sel, practiceID: call.store.practiceID,
                                                       keepBusyFrom: LocalDateTime(date: today.adding(days: -1), time: TimeOfDay(minutes: 0)),
                                                       context: call.store.context)
        return StaffJSON.response(.ok, EraseResult(report))
    }

    // MARK: - Audit

    /// `YYYY-MM-DD` (the practice-local day's start) or an ISO 8601 instant with `Z` or an offset.
    func instant(_ s: String?, _ name: String) throws -> Date? {
        guard let s else { return nil }
        if s.count == 10 {
            guard let d = LocalDate(iso: s), let t = zone.instant(of: LocalDateTime(date: d, time: TimeOfDay(minutes: 0))) else {
                throw StaffAPIError.badRequest("\(name) must be YYYY-MM-DD or an ISO 8601 time with Z or an offset")
            }
            return t
        }
        let c = Array(s)
        let zoned = s.hasSuffix("Z") || (c.count > 6 && (c[c.count - 6] == "+" || c[c.count - 6] == "-") && c[c.count - 3] == ":")
        guard s.count <= 40, zoned, s.contains("T"), let t = ISOTime.parse(s) else {
            throw StaffAPIError.badRequest("\(name) must be YYYY-MM-DD or an ISO 8601 time with Z or an offset")
        }
        return t
    }

    func listAudit(_ call: StaffCall) async throws -> Response {
        let q = try query(call, allowed: ["since", "until"])
        let since = try instant(q["since"], "since") ?? api.clock.now().addingTimeInterval(-86_400)
        let until = try instant(q["until"], "until")
        if let until, until <= since { throw StaffAPIError.badRequest("until must be after since") }
        let events = try call.store.vault.auditEvents(since: since, until: until).filter { $0.practiceID == call.store.practiceID }
        let truncated = events.count > StaffAPILimits.maxAuditEvents
        try await call.store.recordAccess(action: "read", resourceType: "audit_events", resourceID: "\(ISOTime.string(since))/\(until.map { ISOTime.string($0) } ?? "")")
        return StaffJSON.response(.ok, AuditListBody(since: ISOTime.string(since), until: until.map { ISOTime.string($0) }, truncated: truncated,
                                            events: events.prefix(StaffAPILimits.maxAuditEvents).map(AuditItem.init)))
    }
}
