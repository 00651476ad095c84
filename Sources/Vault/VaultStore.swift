import Foundation
import FrontDeskCore
import GRDB

/// A record that could not be decrypted (its ciphertext or its data key failed authentication).
public struct UnreadableRecord: Sendable, Hashable, Codable {
    public var resourceType: String
    public var id: String
}

/// Records read, plus those that could not be (reported, never silently dropped).
public struct ReadReport<Record: Sendable>: Sendable {
    public var records: [Record]
    public var unreadable: [UnreadableRecord]
}

// The sealed payloads: PHI fields only.
struct PatientPHI: Codable { var name: String; var dob: String?; var phone: String?; var species: String?; var owner: String? }
struct MessagePHI: Codable { var callerName: String?; var callbackNumber: String?; var reason: String }
struct RefillPHI: Codable { var callerName: String?; var callbackNumber: String?; var medication: String?; var pharmacy: String? }
struct TranscriptPHI: Codable { var speaker: String; var text: String }
struct SummaryPHI: Codable { var summary: String?; var outcomes: [Outcome] }

/// The `Store` of one practice on the vault. Every query is limited to `practiceID` (a record of another
/// practice is never returned, changed or overwritten); PHI is sealed before it is written and opened after
/// it is read; every access to PHI appends an audit event in the same transaction as the access.
///
/// Schedule reads for slot search (`appointments(practiceID:…)`) return ids, times and status only — no
/// PHI is opened — and are not audited one by one.
public struct VaultStore: Store {
    public let vault: Vault
    public let practiceID: String
    public let context: AuditContext

    init(vault: Vault, practiceID: String, context: AuditContext) {
        self.vault = vault; self.practiceID = practiceID; self.context = context
    }

    /// The same store acting for someone else.
    public func acting(as context: AuditContext) -> VaultStore { VaultStore(vault: vault, practiceID: practiceID, context: context) }

    var pool: DatabasePool { vault.pool }
    func entry(_ action: String, _ type: String, _ id: String, _ outcome: String = "success") -> AuditEntry {
        AuditEntry(action: action, resourceType: type, resourceID: id, practiceID: practiceID, outcome: outcome)
    }
    func audit(_ db: Database, _ entries: [AuditEntry]) throws {
        try Audit.append(db, entries, context: context, atMillis: vault.nowMillis)
    }

    // MARK: - Patients

    private static let patientColumns = "id, key_id, sealed"

    private func decodePatient(_ db: Database, _ row: Row) throws -> Patient {
        let id: String = row[0], blob: Data = row[2]
        let p = try vault.open(PatientPHI.self, blob, db, practiceID: practiceID, table: "patients", rowID: id)
        return Patient(id: id, practiceID: practiceID, name: p.name, dateOfBirth: p.dob.flatMap(LocalDate.init(iso:)),
                       phone: p.phone, species: p.species, owner: p.owner)
    }

    /// Reads rows of patients, opening each; the unreadable are reported and audited as failures.
    private func readPatients(_ db: Database, sql: String, arguments: StatementArguments, resourceID: String) throws -> ReadReport<Patient> {
        var out: [Patient] = [], bad: [UnreadableRecord] = []
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            do { out.append(try decodePatient(db, row)) } catch {
                bad.append(UnreadableRecord(resourceType: "patient", id: row[0]))
            }
        }
        try audit(db, [entry("read", "patient", resourceID)] + bad.map { entry("read", "patient", $0.id, "failure") })
        return ReadReport(records: out, unreadable: bad)
    }

    /// Every patient of the practice, with those that could not be decrypted listed apart.
    public func patientsReport() async throws -> ReadReport<Patient> {
        let pid = practiceID
        return try await pool.write { db in
            try readPatients(db, sql: "SELECT \(Self.patientColumns) FROM patients WHERE practice_id = ? ORDER BY id",
                             arguments: [pid], resourceID: "*")
        }
    }

    public func patients(practiceID: String) async throws -> [Patient] {
        guard practiceID == self.practiceID else { return [] }
        return try await patientsReport().records
    }

    public func patient(id: String) async throws -> Patient? {
        let pid = practiceID
        let result: Result<Patient, VaultError>? = try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.patientColumns) FROM patients WHERE id = ? AND practice_id = ?",
                                             arguments: [id, pid]) else { return nil }
            do {
                let p = try decodePatient(db, row)
                try audit(db, [entry("read", "patient", id)])
                return .success(p)
            } catch {
                try audit(db, [entry("read", "patient", id, "failure")])
                return .failure(.unreadable(resource: "patient", id: id))
            }
        }
        return try result?.get()
    }

    /// Patients whose phone number on file matches (through the blind index).
    public func patients(phone: String) async throws -> ReadReport<Patient> {
        guard let idx = vault.index(phone: phone, practiceID: practiceID) else { return ReadReport(records: [], unreadable: []) }
        let pid = practiceID
        return try await pool.write { db in
            try readPatients(db, sql: "SELECT \(Self.patientColumns) FROM patients WHERE practice_id = ? AND phone_idx = ? ORDER BY id",
                             arguments: [pid, idx], resourceID: "lookup:phone")
        }
    }

    /// Patients with this name and date of birth (through the blind index).
    public func patients(name: String, dateOfBirth: LocalDate) async throws -> ReadReport<Patient> {
        guard let idx = vault.index(name: name, dob: dateOfBirth, practiceID: practiceID) else { return ReadReport(records: [], unreadable: []) }
        let pid = practiceID
        return try await pool.write { db in
            try readPatients(db, sql: "SELECT \(Self.patientColumns) FROM patients WHERE practice_id = ? AND name_dob_idx = ? ORDER BY id",
                             arguments: [pid, idx], resourceID: "lookup:name-dob")
        }
    }

    public func upsert(patient: Patient) async throws {
        guard patient.practiceID == practiceID else {
            vault.audit([entry("update", "patient", patient.id, "denied")], context: context)
            throw VaultError.wrongPractice(resource: "patient", id: patient.id)
        }
        let pid = practiceID
        try await pool.write { db in
            let existing = try Row.fetchOne(db, sql: "SELECT practice_id, key_id FROM patients WHERE id = ?", arguments: [patient.id])
            if let e = existing, (e[0] as String) != pid { throw VaultError.wrongPractice(resource: "patient", id: patient.id) }
            let keyID: String
            let key: SymmetricKeyBox
            if let e = existing {
                keyID = e[1]
                key = SymmetricKeyBox(try vault.dataKey(db, id: keyID, practiceID: pid))
            } else {
                let k = try vault.newDataKey(db, practiceID: pid, owner: "patient:\(patient.id)")
                keyID = k.id; key = SymmetricKeyBox(k.key)
            }
            let phi = PatientPHI(name: patient.name, dob: patient.dateOfBirth?.iso, phone: patient.phone, species: patient.species, owner: patient.owner)
            let sealed = try vault.seal(phi, keyID: keyID, key: key.key, practiceID: pid, table: "patients", rowID: patient.id)
            let now = vault.nowMillis
            let phoneIdx = vault.index(phone: patient.phone, practiceID: pid)
            let nameIdx = vault.index(name: patient.name, dob: patient.dateOfBirth, practiceID: pid)
            if existing == nil {
                try db.execute(sql: """
                    INSERT INTO patients (id, practice_id, key_id, phone_idx, name_dob_idx, sealed, created_ms, updated_ms)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [patient.id, pid, keyID, phoneIdx, nameIdx, sealed, now, now])
            } else {
                try db.execute(sql: "UPDATE patients SET phone_idx = ?, name_dob_idx = ?, sealed = ?, updated_ms = ? WHERE id = ?",
                               arguments: [phoneIdx, nameIdx, sealed, now, patient.id])
            }
            try audit(db, [entry(existing == nil ? "create" : "update", "patient", patient.id)])
        }
    }

    // MARK: - Appointments

    static let appointmentColumns = "id, practice_id, patient_id, type_id, provider_id, start_min, minutes, status"

    static func appointment(_ row: Row) -> Appointment {
        Appointment(id: row[0], practiceID: row[1], patientID: row[2], typeID: row[3], providerID: row[4],
                    start: LocalDateTime(wallMinutes: row[5]), minutes: row[6],
                    status: Appointment.Status(rawValue: row[7]) ?? .booked)
    }

    public func appointments(practiceID: String, providerID: String?, from: LocalDateTime, to: LocalDateTime) async throws -> [Appointment] {
        guard practiceID == self.practiceID else { return [] }
        var sql = "SELECT \(Self.appointmentColumns) FROM appointments WHERE practice_id = ? AND start_min >= ? AND start_min < ?"
        var args: [(any DatabaseValueConvertible)?] = [practiceID, from.wallMinutes, to.wallMinutes]
        if let p = providerID { sql += " AND provider_id = ?"; args.append(p) }
        sql += " ORDER BY start_min, id"
        let a = StatementArguments(args), q = sql
        return try await pool.read { db in try Row.fetchAll(db, sql: q, arguments: a).map(Self.appointment) }
    }

    public func appointments(patientID: String) async throws -> [Appointment] {
        let pid = practiceID
        return try await pool.write { db in
            let list = try Row.fetchAll(db, sql: "SELECT \(Self.appointmentColumns) FROM appointments WHERE practice_id = ? AND patient_id = ? ORDER BY start_min",
                                        arguments: [pid, patientID]).map(Self.appointment)
            try audit(db, [entry("read", "appointment", "patient:\(patientID)")])
            return list
        }
    }

    /// One appointment of this practice by id (schedule data only; not audited).
    public func appointment(id: String) async throws -> Appointment? {
        let pid = practiceID
        return try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.appointmentColumns) FROM appointments WHERE id = ? AND practice_id = ?",
                             arguments: [id, pid]).map(Self.appointment)
        }
    }

    private static func hasConflict(_ db: Database, practiceID: String, providerID: String, start: Int, minutes: Int, ignoring: String?) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM appointments WHERE practice_id = ? AND provider_id = ? AND status != 'cancelled'
                           AND start_min < ? AND start_min + minutes > ? AND id != ?)
            """, arguments: [practiceID, providerID, start + minutes, start, ignoring ?? ""]) ?? false
    }

    /// Runs a booking write; the conflict check and the write happen in one IMMEDIATE transaction, so
    /// concurrent bookings (threads or processes) see exactly one winner. Storage failures are reported as
    /// `.unavailable`: nothing was booked, and the receptionist takes a message so staff call back.
    private func booking<T: Sendable>(_ action: String, _ id: String, _ body: @escaping @Sendable (Database) throws -> T) async throws(BookingError) -> T {
        do {
            return try await pool.write { db in try body(db) }
        } catch let e as BookingError {
            vault.audit([entry(action, "appointment", id, e == .conflict ? "conflict" : "failure")], context: context)
            throw e
        } catch {
            vault.audit([entry(action, "appointment", id, "failure")], context: context)
            throw .unavailable
        }
    }

    public func insert(_ appointment: Appointment) async throws(BookingError) {
        guard appointment.practiceID == practiceID else { throw .notFound }
        let ctx = context
        let at = vault.nowMillis
        try await booking("create", appointment.id) { db in
            if appointment.isActive, try Self.hasConflict(db, practiceID: appointment.practiceID, providerID: appointment.providerID,
                                                         start: appointment.start.wallMinutes, minutes: appointment.minutes, ignoring: nil) {
                throw BookingError.conflict
            }
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM appointments WHERE id = ?)", arguments: [appointment.id]) ?? false {
                throw BookingError.conflict
            }
            try db.execute(sql: """
                INSERT INTO appointments (id, practice_id, patient_id, type_id, provider_id, start_min, minutes, status, updated_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [appointment.id, appointment.practiceID, appointment.patientID, appointment.typeID, appointment.providerID,
                                 appointment.start.wallMinutes, appointment.minutes, appointment.status.rawValue, at])
            try Audit.append(db, [AuditEntry(action: "create", resourceType: "appointment", resourceID: appointment.id,
                                             practiceID: appointment.practiceID)], context: ctx, atMillis: at)
        }
    }

    public func move(_ appointmentID: String, to start: LocalDateTime, providerID: String) async throws(BookingError) -> Appointment {
        let pid = practiceID, ctx = context, at = vault.nowMillis
        return try await booking("update", appointmentID) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.appointmentColumns) FROM appointments WHERE id = ? AND practice_id = ?",
                                             arguments: [appointmentID, pid]) else { throw BookingError.notFound }
            var a = Self.appointment(row)
            guard a.isActive else { throw BookingError.notFound }
            if try Self.hasConflict(db, practiceID: pid, providerID: providerID, start: start.wallMinutes, minutes: a.minutes, ignoring: a.id) {
                throw BookingError.conflict
            }
            a.start = start
            a.providerID = providerID
            try db.execute(sql: "UPDATE appointments SET start_min = ?, provider_id = ?, updated_ms = ? WHERE id = ?",
                           arguments: [start.wallMinutes, providerID, at, a.id])
            try Audit.append(db, [AuditEntry(action: "update", resourceType: "appointment", resourceID: a.id, practiceID: pid)],
                             context: ctx, atMillis: at)
            return a
        }
    }

    public func setStatus(_ appointmentID: String, _ status: Appointment.Status) async throws(BookingError) -> Appointment {
        let pid = practiceID, ctx = context, at = vault.nowMillis
        return try await booking("update", appointmentID) { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.appointmentColumns) FROM appointments WHERE id = ? AND practice_id = ?",
                                             arguments: [appointmentID, pid]) else { throw BookingError.notFound }
            var a = Self.appointment(row)
            if a.status == .cancelled, status != .cancelled,
               try Self.hasConflict(db, practiceID: pid, providerID: a.providerID, start: a.start.wallMinutes, minutes: a.minutes, ignoring: a.id) {
                throw BookingError.conflict
            }
            a.status = status
            try db.execute(sql: "UPDATE appointments SET status = ?, updated_ms = ? WHERE id = ?", arguments: [status.rawValue, at, a.id])
            try Audit.append(db, [AuditEntry(action: "update", resourceType: "appointment", resourceID: a.id, practiceID: pid)],
                             context: ctx, atMillis: at)
            return a
        }
    }

    // MARK: - Messages and refills

    public func save(message m: StaffMessage) async throws {
        guard m.practiceID == practiceID else { throw VaultError.wrongPractice(resource: "message", id: m.id) }
        let pid = practiceID
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM messages WHERE id = ?)", arguments: [m.id]) ?? false {
                throw VaultError.storage("message \(m.id) exists")
            }
            let k = try vault.newDataKey(db, practiceID: pid, owner: "message:\(m.id)")
            let sealed = try vault.seal(MessagePHI(callerName: m.callerName, callbackNumber: m.callbackNumber, reason: m.reason.rawValue),
                                        keyID: k.id, key: k.key, practiceID: pid, table: "messages", rowID: m.id)
            try db.execute(sql: "INSERT INTO messages (id, practice_id, key_id, callback_idx, created_ms, sealed) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [m.id, pid, k.id, vault.index(phone: m.callbackNumber, practiceID: pid), ISOTime.millis(m.createdAt), sealed])
            try audit(db, [entry("create", "message", m.id)])
        }
    }

    public func save(refill r: RefillRequest) async throws {
        guard r.practiceID == practiceID else { throw VaultError.wrongPractice(resource: "refill", id: r.id) }
        let pid = practiceID
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM refills WHERE id = ?)", arguments: [r.id]) ?? false {
                throw VaultError.storage("refill \(r.id) exists")
            }
            // Sealed under the patient's key when the patient is on file, so erasing the patient shreds it too.
            var keyID: String? = nil
            var key: SymmetricKeyBox? = nil
            if let patientID = r.patientID,
               let kid = try String.fetchOne(db, sql: "SELECT key_id FROM patients WHERE id = ? AND practice_id = ?", arguments: [patientID, pid]) {
                keyID = kid
                key = SymmetricKeyBox(try vault.dataKey(db, id: kid, practiceID: pid))
            }
            if keyID == nil {
                let k = try vault.newDataKey(db, practiceID: pid, owner: "refill:\(r.id)")
                keyID = k.id; key = SymmetricKeyBox(k.key)
            }
            let sealed = try vault.seal(RefillPHI(callerName: r.callerName, callbackNumber: r.callbackNumber, medication: r.medication, pharmacy: r.pharmacy),
                                        keyID: keyID!, key: key!.key, practiceID: pid, table: "refills", rowID: r.id)
            try db.execute(sql: """
                INSERT INTO refills (id, practice_id, patient_id, key_id, callback_idx, created_ms, sealed) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [r.id, pid, r.patientID, keyID!, vault.index(phone: r.callbackNumber, practiceID: pid), ISOTime.millis(r.createdAt), sealed])
            try audit(db, [entry("create", "refill", r.id)])
        }
    }

    static func message(_ v: Vault, _ db: Database, _ row: Row, practiceID: String) throws -> StaffMessage {
        let id: String = row[0], created: Int64 = row[1], blob: Data = row[2]
        let p = try v.open(MessagePHI.self, blob, db, practiceID: practiceID, table: "messages", rowID: id)
        return StaffMessage(id: id, practiceID: practiceID, callerName: p.callerName, callbackNumber: p.callbackNumber,
                            reason: MessageReason(rawValue: p.reason) ?? .general, createdAt: ISOTime.date(millis: created))
    }

    static func refill(_ v: Vault, _ db: Database, _ row: Row, practiceID: String) throws -> RefillRequest {
        let id: String = row[0], created: Int64 = row[1], blob: Data = row[2], patientID: String? = row[3]
        let p = try v.open(RefillPHI.self, blob, db, practiceID: practiceID, table: "refills", rowID: id)
        return RefillRequest(id: id, practiceID: practiceID, patientID: patientID, callerName: p.callerName, callbackNumber: p.callbackNumber,
                             medication: p.medication, pharmacy: p.pharmacy, createdAt: ISOTime.date(millis: created))
    }

    public func messagesReport() async throws -> ReadReport<StaffMessage> {
        let pid = practiceID, v = vault
        return try await pool.write { db in
            var out: [StaffMessage] = [], bad: [UnreadableRecord] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, created_ms, sealed FROM messages WHERE practice_id = ? ORDER BY created_ms, id", arguments: [pid]) {
                do { out.append(try Self.message(v, db, row, practiceID: pid)) } catch { bad.append(.init(resourceType: "message", id: row[0])) }
            }
            try audit(db, [entry("read", "message", "*")] + bad.map { entry("read", "message", $0.id, "failure") })
            return ReadReport(records: out, unreadable: bad)
        }
    }

    public func refillsReport() async throws -> ReadReport<RefillRequest> {
        let pid = practiceID, v = vault
        return try await pool.write { db in
            var out: [RefillRequest] = [], bad: [UnreadableRecord] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, created_ms, sealed, patient_id FROM refills WHERE practice_id = ? ORDER BY created_ms, id", arguments: [pid]) {
                do { out.append(try Self.refill(v, db, row, practiceID: pid)) } catch { bad.append(.init(resourceType: "refill", id: row[0])) }
            }
            try audit(db, [entry("read", "refill", "*")] + bad.map { entry("read", "refill", $0.id, "failure") })
            return ReadReport(records: out, unreadable: bad)
        }
    }

    public func messages(practiceID: String) async throws -> [StaffMessage] {
        guard practiceID == self.practiceID else { return [] }
        return try await messagesReport().records
    }

    public func refills(practiceID: String) async throws -> [RefillRequest] {
        guard practiceID == self.practiceID else { return [] }
        return try await refillsReport().records
    }

    // MARK: - Calls

    public func begin(call: CallRecord) async throws {
        guard call.practiceID == practiceID else { throw VaultError.wrongPractice(resource: "call", id: call.id) }
        let store = self
        try await pool.write { db in try store.beginCall(db, call) }
    }

    package func beginCall(_ db: Database, _ call: CallRecord) throws {
        let pid = practiceID
        if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM calls WHERE id = ?)", arguments: [call.id]) ?? false {
            throw VaultError.storage("call \(call.id) exists")
        }
        let k = try vault.newDataKey(db, practiceID: pid, owner: "call:\(call.id)")
        let caller = try call.callerNumber.map {
            try vault.seal($0, keyID: k.id, key: k.key, practiceID: pid, table: "calls.caller", rowID: call.id)
        }
        try db.execute(sql: """
            INSERT INTO calls (id, practice_id, patient_id, key_id, caller_idx, sealed_caller, started_ms, entry_count) VALUES (?, ?, ?, ?, ?, ?, ?, 0)
            """, arguments: [call.id, pid, call.patientID, k.id, vault.index(phone: call.callerNumber, practiceID: pid), caller,
                             ISOTime.millis(call.startedAt)])
        try audit(db, [entry("create", "call", call.id)])
        try appendEntries(db, callID: call.id, keyID: k.id, key: SymmetricKeyBox(k.key), transcript: call.transcript, events: call.events, auditAs: nil)
        if call.endedAt != nil || call.summary != nil {
            try finishCall(db, callID: call.id, endedAt: call.endedAt ?? call.startedAt, patientID: call.patientID, summary: call.summary, outcomes: call.outcomes)
        }
    }

    /// Synchronous forms for benchmarks (same transaction as the async ones).
    package func beginSync(call: CallRecord) throws {
        try pool.write { db in try self.beginCall(db, call) }
    }
    package func appendSync(toCall callID: String, transcript: [TranscriptEntry], events: [CallRecordEvent]) throws {
        try pool.write { db in try self.appendToCall(db, callID: callID, transcript: transcript, events: events) }
    }

    public func append(toCall callID: String, transcript: [TranscriptEntry], events: [CallRecordEvent]) async throws {
        let store = self
        try await pool.write { db in try store.appendToCall(db, callID: callID, transcript: transcript, events: events) }
    }

    package func appendToCall(_ db: Database, callID: String, transcript: [TranscriptEntry], events: [CallRecordEvent]) throws {
        guard let keyID = try String.fetchOne(db, sql: "SELECT key_id FROM calls WHERE id = ? AND practice_id = ?", arguments: [callID, practiceID]) else {
            throw CallRecordError.notFound
        }
        let key = SymmetricKeyBox(try vault.dataKey(db, id: keyID, practiceID: practiceID))
        try appendEntries(db, callID: callID, keyID: keyID, key: key, transcript: transcript, events: events, auditAs: "update")
    }

    private func appendEntries(_ db: Database, callID: String, keyID: String, key: SymmetricKeyBox, transcript: [TranscriptEntry],
                               events: [CallRecordEvent], auditAs: String?) throws {
        guard !transcript.isEmpty || !events.isEmpty else { return }
        var seq = try Int.fetchOne(db, sql: "SELECT entry_count FROM calls WHERE id = ?", arguments: [callID]) ?? 0
        let stmt = try db.cachedStatement(sql: "INSERT INTO call_entries (call_id, seq, practice_id, kind, at_ms, sealed) VALUES (?, ?, ?, ?, ?, ?)")
        for t in transcript {
            seq += 1
            let sealed = try vault.seal(TranscriptPHI(speaker: t.speaker, text: t.text), keyID: keyID, key: key.key, practiceID: practiceID,
                                        table: "call_entries", rowID: "\(callID)#\(seq)")
            try stmt.execute(arguments: [callID, seq, practiceID, "t", ISOTime.millis(t.at), sealed])
        }
        if !events.isEmpty {
            seq += 1
            let sealed = try vault.seal(events, keyID: keyID, key: key.key, practiceID: practiceID, table: "call_entries", rowID: "\(callID)#\(seq)")
            try stmt.execute(arguments: [callID, seq, practiceID, "e", vault.nowMillis, sealed])
        }
        try db.execute(sql: "UPDATE calls SET entry_count = ? WHERE id = ?", arguments: [seq, callID])
        if let a = auditAs { try audit(db, [entry(a, "call", callID)]) }
    }

    public func finish(call callID: String, endedAt: Date, patientID: String?, summary: String?, outcomes: [Outcome]) async throws {
        let store = self
        try await pool.write { db in
            try store.finishCall(db, callID: callID, endedAt: endedAt, patientID: patientID, summary: summary, outcomes: outcomes)
        }
    }

    package func finishCall(_ db: Database, callID: String, endedAt: Date, patientID: String?, summary: String?, outcomes: [Outcome]) throws {
        guard let keyID = try String.fetchOne(db, sql: "SELECT key_id FROM calls WHERE id = ? AND practice_id = ?", arguments: [callID, practiceID]) else {
            throw CallRecordError.notFound
        }
        let key = try vault.dataKey(db, id: keyID, practiceID: practiceID)
        let sealed = try vault.seal(SummaryPHI(summary: summary, outcomes: outcomes), keyID: keyID, key: key, practiceID: practiceID,
                                    table: "calls.summary", rowID: callID)
        try db.execute(sql: "UPDATE calls SET ended_ms = ?, patient_id = COALESCE(?, patient_id), sealed_summary = ? WHERE id = ?",
                       arguments: [ISOTime.millis(endedAt), patientID, sealed, callID])
        try audit(db, [entry("update", "call", callID)])
    }

    static func callRecord(_ v: Vault, _ db: Database, _ row: Row, practiceID: String) throws -> CallRecord {
        // id, patient_id, sealed_caller, started_ms, ended_ms, sealed_summary
        let id: String = row[0]
        var c = CallRecord(id: id, practiceID: practiceID, patientID: row[1], startedAt: ISOTime.date(millis: row[3]))
        if let b: Data = row[2] { c.callerNumber = try v.open(String.self, b, db, practiceID: practiceID, table: "calls.caller", rowID: id) }
        if let e: Int64 = row[4] { c.endedAt = ISOTime.date(millis: e) }
        if let b: Data = row[5] {
            let s = try v.open(SummaryPHI.self, b, db, practiceID: practiceID, table: "calls.summary", rowID: id)
            c.summary = s.summary; c.outcomes = s.outcomes
        }
        for e in try Row.fetchAll(db, sql: "SELECT seq, kind, at_ms, sealed FROM call_entries WHERE call_id = ? AND practice_id = ? ORDER BY seq",
                                  arguments: [id, practiceID]) {
            let seq: Int = e[0], kind: String = e[1], at: Int64 = e[2], blob: Data = e[3]
            if kind == "t" {
                let t = try v.open(TranscriptPHI.self, blob, db, practiceID: practiceID, table: "call_entries", rowID: "\(id)#\(seq)")
                c.transcript.append(TranscriptEntry(speaker: t.speaker, text: t.text, at: ISOTime.date(millis: at)))
            } else {
                c.events += try v.open([CallRecordEvent].self, blob, db, practiceID: practiceID, table: "call_entries", rowID: "\(id)#\(seq)")
            }
        }
        return c
    }

    static let callColumns = "id, patient_id, sealed_caller, started_ms, ended_ms, sealed_summary"

    public func call(id: String) async throws -> CallRecord? {
        let pid = practiceID, v = vault
        let result: Result<CallRecord, VaultError>? = try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.callColumns) FROM calls WHERE id = ? AND practice_id = ?", arguments: [id, pid]) else {
                return nil
            }
            do {
                let c = try Self.callRecord(v, db, row, practiceID: pid)
                try audit(db, [entry("read", "call", id)])
                return .success(c)
            } catch {
                try audit(db, [entry("read", "call", id, "failure")])
                return .failure(.unreadable(resource: "call", id: id))
            }
        }
        return try result?.get()
    }

    public func callsReport() async throws -> ReadReport<CallRecord> {
        let pid = practiceID, v = vault
        return try await pool.write { db in
            var out: [CallRecord] = [], bad: [UnreadableRecord] = []
            for row in try Row.fetchAll(db, sql: "SELECT \(Self.callColumns) FROM calls WHERE practice_id = ? ORDER BY started_ms, id", arguments: [pid]) {
                do { out.append(try Self.callRecord(v, db, row, practiceID: pid)) } catch { bad.append(.init(resourceType: "call", id: row[0])) }
            }
            try audit(db, [entry("read", "call", "*")] + bad.map { entry("read", "call", $0.id, "failure") })
            return ReadReport(records: out, unreadable: bad)
        }
    }

    public func calls(practiceID: String) async throws -> [CallRecord] {
        guard practiceID == self.practiceID else { return [] }
        return try await callsReport().records
    }
}

import Crypto

/// `SymmetricKey` travels through GRDB's `@Sendable` closures; this keeps signatures short.
struct SymmetricKeyBox: Sendable {
    let key: SymmetricKey
    init(_ k: SymmetricKey) { key = k }
}
