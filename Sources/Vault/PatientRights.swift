import Foundation
import FrontDeskCore
import GRDB

/// Which patient a rights request is about: a phone number, or a name with a date of birth (or both).
public struct PatientSelector: Sendable, Equatable {
    public var phone: String?
    public var name: String?
    public var dateOfBirth: LocalDate?
    public init(phone: String? = nil, name: String? = nil, dateOfBirth: LocalDate? = nil) {
        self.phone = phone; self.name = name; self.dateOfBirth = dateOfBirth
    }
}

/// Everything held about the selected patient(s), as written by `frontdesk patient export`.
public struct PatientExport: Codable, Sendable {
    public struct Appointment: Codable, Sendable {
        public var id: String, typeID: String?, providerID: String, start: String, minutes: Int, status: String
    }
    public struct PatientEntry: Codable, Sendable {
        public var id: String, name: String, dateOfBirth: String?, phone: String?, species: String?, owner: String?
        public var appointments: [Appointment]
    }
    public struct Line: Codable, Sendable { public var speaker: String, text: String, at: String }
    public struct Event: Codable, Sendable { public var outcome: String, turn: Int, appointmentID: String? }
    public struct Call: Codable, Sendable {
        public var id: String, patientID: String?, callerNumber: String?, startedAt: String, endedAt: String?
        public var transcript: [Line], events: [Event], summary: String?, outcomes: [String]
    }
    public struct Message: Codable, Sendable {
        public var id: String, callerName: String?, callbackNumber: String?, reason: String, createdAt: String
    }
    public struct Refill: Codable, Sendable {
        public var id: String, patientID: String?, callerName: String?, callbackNumber: String?, medication: String?, pharmacy: String?, createdAt: String
    }
    public struct Lead: Codable, Sendable {
        public var id: String, name: String, phone: String, reason: String?, preferredTime: String?, status: String
        public var createdAt: String, updatedAt: String
    }
    public struct Consent: Codable, Sendable {
        public var id: String, subject: String, kind: String, granted: Bool, at: String, channel: String, evidence: String?
    }
    public struct Practice: Codable, Sendable {
        public var practiceID: String
        public var patients: [PatientEntry] = []
        public var calls: [Call] = []
        public var messages: [Message] = []
        public var refills: [Refill] = []
        /// Web-form leads with the patient's phone number.
        public var leads: [Lead] = []
        /// Consents recorded for the patients and for those leads.
        public var consents: [Consent] = []
        /// Records that matched but could not be decrypted (corrupted); listed so nothing is silently left out.
        public var unreadable: [UnreadableRecord] = []
        public var isEmpty: Bool {
            patients.isEmpty && calls.isEmpty && messages.isEmpty && refills.isEmpty && leads.isEmpty && consents.isEmpty && unreadable.isEmpty
        }
    }
    public var exportedAt: String
    public var practices: [Practice]

    public var json: Data {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? enc.encode(self)) ?? Data("{}".utf8)
    }
}

/// What an erasure destroyed, by kind and count.
public struct EraseReport: Sendable, Equatable {
    public var patients = 0
    public var appointmentsDeleted = 0
    /// Future appointments kept as de-identified busy slots (no patient, no type), so the time stays taken.
    public var appointmentsKeptAsBusy = 0
    public var calls = 0
    public var messages = 0
    public var refills = 0
    public var leads = 0
    public var consents = 0
    public var dataKeys = 0
    public var total: Int { patients + appointmentsDeleted + calls + messages + refills + leads + consents }
}

/// The rows of one practice that a selector reaches.
struct Matches {
    var patients: [Row] = []          // id, key_id, sealed
    var callIDs: [String] = []
    var messageIDs: [String] = []
    var refillIDs: [String] = []
    var leadIDs: [String] = []
    /// Consents of the matched patients and leads.
    var consentIDs: [String] = []
    var isEmpty: Bool { patients.isEmpty && callIDs.isEmpty && messageIDs.isEmpty && refillIDs.isEmpty && leadIDs.isEmpty }
}

extension Vault {
    private static func placeholders(_ n: Int) -> String { Array(repeating: "?", count: n).joined(separator: ", ") }

    /// Finds the patients (blind indexes), then everything tied to them or to their phone numbers (calls,
    /// messages, refills, leads), and the consents of the patients and leads found.
    private func matches(_ db: Database, practiceID pid: String, _ sel: PatientSelector, phones: inout [String]) throws -> Matches {
        var m = Matches()
        var idx: [Data] = []
        if let p = sel.phone, let i = index(phone: p, practiceID: pid) { idx.append(i) }
        var seen = Set<String>()
        if let i = idx.first {
            for r in try Row.fetchAll(db, sql: "SELECT id, key_id, sealed FROM patients WHERE practice_id = ? AND phone_idx = ?", arguments: [pid, i])
            where seen.insert(r[0]).inserted { m.patients.append(r) }
        }
        if let i = index(name: sel.name, dob: sel.dateOfBirth, practiceID: pid) {
            for r in try Row.fetchAll(db, sql: "SELECT id, key_id, sealed FROM patients WHERE practice_id = ? AND name_dob_idx = ?", arguments: [pid, i])
            where seen.insert(r[0]).inserted { m.patients.append(r) }
        }
        // The numbers on file for the matched patients reach their calls, messages and refills too.
        for r in m.patients {
            if let p = try? open(PatientPHI.self, r[2], db, practiceID: pid, table: "patients", rowID: r[0]), let ph = p.phone,
               let i = index(phone: ph, practiceID: pid), !idx.contains(i) {
                idx.append(i); phones.append(ph)
            }
        }
        let ids = m.patients.map { $0[0] as String }
        func select(_ table: String, patientColumn: Bool, idxColumn: String) throws -> [String] {
            var conds: [String] = []
            var args: [(any DatabaseValueConvertible)?] = [pid]
            if patientColumn, !ids.isEmpty { conds.append("patient_id IN (\(Self.placeholders(ids.count)))"); args += ids.map { $0 } }
            if !idx.isEmpty { conds.append("\(idxColumn) IN (\(Self.placeholders(idx.count)))"); args += idx.map { $0 } }
            guard !conds.isEmpty else { return [] }
            return try String.fetchAll(db, sql: "SELECT id FROM \(table) WHERE practice_id = ? AND (\(conds.joined(separator: " OR "))) ORDER BY id",
                                       arguments: StatementArguments(args))
        }
        m.callIDs = try select("calls", patientColumn: true, idxColumn: "caller_idx")
        m.messageIDs = try select("messages", patientColumn: false, idxColumn: "callback_idx")
        m.refillIDs = try select("refills", patientColumn: true, idxColumn: "callback_idx")
        m.leadIDs = try select("leads", patientColumn: false, idxColumn: "phone_idx")
        for (type, subjects) in [("patient", ids), ("lead", m.leadIDs)] where !subjects.isEmpty {
            m.consentIDs += try String.fetchAll(db, sql: "SELECT id FROM consents WHERE practice_id = ? AND subject_type = ? AND subject_id IN (\(Self.placeholders(subjects.count))) ORDER BY at_ms, id",
                                                arguments: StatementArguments([pid, type] + subjects))
        }
        return m
    }

    private func practicesToSearch(_ practiceID: String?) throws -> [String] {
        if let p = practiceID { return [p] }
        return try practiceIDs()
    }

    /// Everything held about the selected patient(s), in every practice (or one). Audited as exports.
    public func exportPatient(_ sel: PatientSelector, practiceID: String? = nil, context: AuditContext = .cli) throws -> PatientExport {
        let practices = try practicesToSearch(practiceID)
        let at = nowMillis
        let out: [PatientExport.Practice] = try pool.write { db in
            var result: [PatientExport.Practice] = []
            for pid in practices {
                var phones: [String] = []
                let m = try matches(db, practiceID: pid, sel, phones: &phones)
                guard !m.isEmpty else { continue }
                var x = PatientExport.Practice(practiceID: pid)
                var audit: [AuditEntry] = []
                func note(_ type: String, _ id: String, _ ok: Bool) {
                    audit.append(AuditEntry(action: "export", resourceType: type, resourceID: id, practiceID: pid, outcome: ok ? "success" : "failure"))
                    if !ok { x.unreadable.append(UnreadableRecord(resourceType: type, id: id)) }
                }
                for r in m.patients {
                    let id: String = r[0]
                    guard let p = try? open(PatientPHI.self, r[2], db, practiceID: pid, table: "patients", rowID: id) else { note("patient", id, false); continue }
                    let appts = try Row.fetchAll(db, sql: "SELECT \(VaultStore.appointmentColumns) FROM appointments WHERE practice_id = ? AND patient_id = ? ORDER BY start_min",
                                                 arguments: [pid, id]).map(VaultStore.appointment).map {
                        PatientExport.Appointment(id: $0.id, typeID: $0.typeID, providerID: $0.providerID, start: $0.start.iso, minutes: $0.minutes, status: $0.status.rawValue)
                    }
                    x.patients.append(.init(id: id, name: p.name, dateOfBirth: p.dob, phone: p.phone, species: p.species, owner: p.owner, appointments: appts))
                    note("patient", id, true)
                }
                for id in m.callIDs {
                    guard let row = try Row.fetchOne(db, sql: "SELECT \(VaultStore.callColumns) FROM calls WHERE id = ?", arguments: [id]),
                          let c = try? VaultStore.callRecord(self, db, row, practiceID: pid) else { note("call", id, false); continue }
                    x.calls.append(.init(id: c.id, patientID: c.patientID, callerNumber: c.callerNumber, startedAt: ISOTime.string(c.startedAt),
                                         endedAt: c.endedAt.map(ISOTime.string),
                                         transcript: c.transcript.map { .init(speaker: $0.speaker, text: $0.text, at: ISOTime.string($0.at)) },
                                         events: c.events.map { .init(outcome: $0.outcome.rawValue, turn: $0.turn, appointmentID: $0.appointmentID) },
                                         summary: c.summary, outcomes: c.outcomes.map(\.rawValue)))
                    note("call", id, true)
                }
                for id in m.messageIDs {
                    guard let row = try Row.fetchOne(db, sql: "SELECT id, created_ms, sealed FROM messages WHERE id = ?", arguments: [id]),
                          let msg = try? VaultStore.message(self, db, row, practiceID: pid) else { note("message", id, false); continue }
                    x.messages.append(.init(id: id, callerName: msg.callerName, callbackNumber: msg.callbackNumber, reason: msg.reason.rawValue,
                                            createdAt: ISOTime.string(msg.createdAt)))
                    note("message", id, true)
                }
                for id in m.refillIDs {
                    guard let row = try Row.fetchOne(db, sql: "SELECT id, created_ms, sealed, patient_id FROM refills WHERE id = ?", arguments: [id]),
                          let r = try? VaultStore.refill(self, db, row, practiceID: pid) else { note("refill", id, false); continue }
                    x.refills.append(.init(id: id, patientID: r.patientID, callerName: r.callerName, callbackNumber: r.callbackNumber,
                                           medication: r.medication, pharmacy: r.pharmacy, createdAt: ISOTime.string(r.createdAt)))
                    note("refill", id, true)
                }
                for id in m.leadIDs {
                    guard let row = try Row.fetchOne(db, sql: "SELECT \(VaultStore.leadColumns) FROM leads WHERE id = ?", arguments: [id]),
                          let l = try? VaultStore.lead(self, db, row, practiceID: pid) else { note("lead", id, false); continue }
                    x.leads.append(.init(id: id, name: l.name, phone: l.phone, reason: l.reason, preferredTime: l.preferredTime, status: l.status.rawValue,
                                         createdAt: ISOTime.string(l.createdAt), updatedAt: ISOTime.string(l.updatedAt)))
                    note("lead", id, true)
                }
                for id in m.consentIDs {
                    guard let row = try Row.fetchOne(db, sql: "SELECT \(VaultStore.consentColumns) FROM consents WHERE id = ?", arguments: [id]),
                          let c = try? VaultStore.consent(self, db, row, practiceID: pid) else { note("consent", id, false); continue }
                    x.consents.append(.init(id: id, subject: c.subject.description, kind: c.kind.rawValue, granted: c.granted, at: ISOTime.string(c.at),
                                            channel: c.channel, evidence: c.evidence))
                    note("consent", id, true)
                }
                try Audit.append(db, audit, context: context, atMillis: at)
                result.append(x)
            }
            return result
        }
        return PatientExport(exportedAt: ISOTime.string(millis: at), practices: out)
    }

    /// Crypto-shreds the selected patient(s): destroys their data keys (and those of their calls, messages,
    /// refills and leads), then deletes the rows, consents included. Future active appointments stay as de-identified busy slots (no patient,
    /// no type) starting at or after `keepBusyFrom`; older ones are deleted. One transaction; audited; the WAL
    /// is truncated afterwards so no earlier copy of a page lingers in it.
    public func erasePatient(_ sel: PatientSelector, practiceID: String? = nil, keepBusyFrom: LocalDateTime,
                             context: AuditContext = .cli) throws -> EraseReport {
        let practices = try practicesToSearch(practiceID)
        let at = nowMillis
        let report: EraseReport = try pool.write { db in
            var rep = EraseReport()
            for pid in practices {
                var phones: [String] = []
                let m = try matches(db, practiceID: pid, sel, phones: &phones)
                guard !m.isEmpty else { continue }
                var audit: [AuditEntry] = []
                func note(_ action: String, _ type: String, _ id: String) {
                    audit.append(AuditEntry(action: action, resourceType: type, resourceID: id, practiceID: pid))
                }
                let patientIDs = m.patients.map { $0[0] as String }
                // Data keys owned by what is erased (a key owned by someone else is never destroyed here).
                let owners = patientIDs.map { "patient:\($0)" } + m.callIDs.map { "call:\($0)" }
                    + m.messageIDs.map { "message:\($0)" } + m.refillIDs.map { "refill:\($0)" } + m.leadIDs.map { "lead:\($0)" }
                var keyIDs: [String] = []
                for chunk in stride(from: 0, to: owners.count, by: 500).map({ Array(owners[$0..<min($0 + 500, owners.count)]) }) {
                    keyIDs += try String.fetchAll(db, sql: "SELECT id FROM data_keys WHERE practice_id = ? AND owner IN (\(Self.placeholders(chunk.count)))",
                                                  arguments: StatementArguments([pid] + chunk))
                }
                try destroyDataKeys(db, ids: keyIDs)
                keyIDs.forEach { note("delete", "data_key", $0) }
                rep.dataKeys += keyIDs.count

                for id in patientIDs {
                    for a in try Row.fetchAll(db, sql: "SELECT \(VaultStore.appointmentColumns) FROM appointments WHERE practice_id = ? AND patient_id = ?",
                                              arguments: [pid, id]).map(VaultStore.appointment) {
                        if a.isActive, a.start >= keepBusyFrom {
                            try db.execute(sql: "UPDATE appointments SET patient_id = NULL, type_id = NULL, updated_ms = ? WHERE id = ?", arguments: [at, a.id])
                            note("update", "appointment", a.id)
                            rep.appointmentsKeptAsBusy += 1
                        } else {
                            try db.execute(sql: "DELETE FROM appointments WHERE id = ?", arguments: [a.id])
                            note("delete", "appointment", a.id)
                            rep.appointmentsDeleted += 1
                        }
                    }
                    try db.execute(sql: "DELETE FROM patients WHERE id = ?", arguments: [id])
                    note("delete", "patient", id)
                    rep.patients += 1
                }
                for id in m.callIDs {
                    try db.execute(sql: "DELETE FROM call_entries WHERE call_id = ?", arguments: [id])
                    try db.execute(sql: "DELETE FROM calls WHERE id = ?", arguments: [id])
                    note("delete", "call", id)
                    rep.calls += 1
                }
                for id in m.messageIDs {
                    try db.execute(sql: "DELETE FROM messages WHERE id = ?", arguments: [id])
                    note("delete", "message", id)
                    rep.messages += 1
                }
                for id in m.refillIDs {
                    try db.execute(sql: "DELETE FROM refills WHERE id = ?", arguments: [id])
                    note("delete", "refill", id)
                    rep.refills += 1
                }
                for id in m.consentIDs {
                    try db.execute(sql: "DELETE FROM consents WHERE id = ?", arguments: [id])
                    note("delete", "consent", id)
                    rep.consents += 1
                }
                for id in m.leadIDs {
                    try db.execute(sql: "DELETE FROM leads WHERE id = ?", arguments: [id])
                    note("delete", "lead", id)
                    rep.leads += 1
                }
                try Audit.append(db, audit, context: context, atMillis: at)
            }
            return rep
        }
        try checkpointWAL()
        return report
    }
}
