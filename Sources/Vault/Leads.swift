import Foundation
import FrontDeskCore
import GRDB

/// Where a web-form lead stands: new, called back, booked, or closed.
public enum LeadStatus: String, Sendable, Codable, CaseIterable {
    case new, called, booked, closed
}

/// A prospective patient who asked (through the practice's web form) to be called back. Name, phone,
/// reason and preferred time are PHI: they are sealed under the lead's own data key; the phone number is
/// findable through a blind index. A lead expires with the `leads` retention class.
public struct Lead: Sendable, Equatable, Codable {
    public var id: String
    public var practiceID: String
    public var name: String
    public var phone: String
    public var reason: String?
    /// Free text as the person wrote it ("weekday mornings").
    public var preferredTime: String?
    public var status: LeadStatus
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, practiceID: String, name: String, phone: String, reason: String? = nil, preferredTime: String? = nil,
                status: LeadStatus = .new, createdAt: Date, updatedAt: Date? = nil) {
        self.id = id; self.practiceID = practiceID; self.name = name; self.phone = phone; self.reason = reason
        self.preferredTime = preferredTime; self.status = status; self.createdAt = createdAt; self.updatedAt = updatedAt ?? createdAt
    }
}

/// Whose consent a `Consent` records: a patient on file or a lead (by id, in the same practice).
public enum ConsentSubject: Sendable, Hashable, Codable, CustomStringConvertible {
    case patient(String)
    case lead(String)

    /// `patient` or `lead`.
    public var type: String { switch self { case .patient: "patient"; case .lead: "lead" } }
    public var id: String { switch self { case .patient(let i), .lead(let i): i } }
    /// `patient:ID` / `lead:ID` (an opaque id, never PHI).
    public var description: String { "\(type):\(id)" }

    init?(type: String, id: String) {
        switch type {
        case "patient": self = .patient(id)
        case "lead": self = .lead(id)
        default: return nil
        }
    }
}

/// What a consent is for. Open-ended (the dashboard and outbound issues may add kinds); the known ones are
/// constants.
public struct ConsentKind: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ raw: String) { self.rawValue = raw }
    public var description: String { rawValue }

    /// Recording the call's audio.
    public static let callRecording = ConsentKind("call_recording")
    /// Text messages (reminders, confirmations).
    public static let sms = ConsentKind("sms")
    /// Being called back (a lead, an outbound call).
    public static let callback = ConsentKind("callback")

    public init(from decoder: Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
}

/// One consent given or withdrawn. Who, what, whether, when and through which channel are stored in clear
/// (opaque ids and codes only); `evidence` — free text such as the words the caller used or the number the
/// SMS consent covers — is PHI, sealed under the subject's data key, so erasing or expiring the subject
/// shreds it too. Consents are a log: a later record for the same subject and kind supersedes earlier ones.
public struct Consent: Sendable, Equatable, Codable {
    public var id: String
    public var practiceID: String
    public var subject: ConsentSubject
    public var kind: ConsentKind
    /// true = granted, false = revoked.
    public var granted: Bool
    public var at: Date
    /// `phone`, `sms`, `web`, `dashboard`…
    public var channel: String
    public var evidence: String?

    public init(id: String, practiceID: String, subject: ConsentSubject, kind: ConsentKind, granted: Bool, at: Date,
                channel: String, evidence: String? = nil) {
        self.id = id; self.practiceID = practiceID; self.subject = subject; self.kind = kind; self.granted = granted
        self.at = at; self.channel = channel; self.evidence = evidence
    }
}

struct LeadPHI: Codable { var name: String; var phone: String; var reason: String?; var preferredTime: String? }
struct ConsentPHI: Codable { var evidence: String }

extension VaultStore {
    // MARK: - Leads

    static let leadColumns = "id, status, created_ms, updated_ms, sealed"

    static func lead(_ v: Vault, _ db: Database, _ row: Row, practiceID: String) throws -> Lead {
        let id: String = row[0], blob: Data = row[4]
        let p = try v.open(LeadPHI.self, blob, db, practiceID: practiceID, table: "leads", rowID: id)
        return Lead(id: id, practiceID: practiceID, name: p.name, phone: p.phone, reason: p.reason, preferredTime: p.preferredTime,
                    status: LeadStatus(rawValue: row[1]) ?? .new, createdAt: ISOTime.date(millis: row[2]), updatedAt: ISOTime.date(millis: row[3]))
    }

    /// Stores a new lead, sealed under a data key of its own. Audited (`create lead`).
    public func createLead(_ lead: Lead) async throws {
        guard lead.practiceID == practiceID else {
            vault.audit([entry("create", "lead", lead.id, "denied")], context: context)
            throw VaultError.wrongPractice(resource: "lead", id: lead.id)
        }
        let pid = practiceID
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM leads WHERE id = ?)", arguments: [lead.id]) ?? false {
                throw VaultError.storage("lead \(lead.id) exists")
            }
            let k = try vault.newDataKey(db, practiceID: pid, owner: "lead:\(lead.id)")
            let sealed = try vault.seal(LeadPHI(name: lead.name, phone: lead.phone, reason: lead.reason, preferredTime: lead.preferredTime),
                                        keyID: k.id, key: k.key, practiceID: pid, table: "leads", rowID: lead.id)
            try db.execute(sql: """
                INSERT INTO leads (id, practice_id, key_id, phone_idx, status, sealed, created_ms, updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [lead.id, pid, k.id, vault.index(phone: lead.phone, practiceID: pid), lead.status.rawValue, sealed,
                                 ISOTime.millis(lead.createdAt), ISOTime.millis(lead.updatedAt)])
            try audit(db, [entry("create", "lead", lead.id)])
        }
    }

    /// One lead of this practice (nil for an unknown id or another practice's lead). Audited; a lead that
    /// cannot be decrypted throws `VaultError.unreadable` and is audited as a failure.
    public func lead(id: String) async throws -> Lead? {
        let pid = practiceID, v = vault
        let result: Result<Lead, VaultError>? = try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.leadColumns) FROM leads WHERE id = ? AND practice_id = ?",
                                             arguments: [id, pid]) else { return nil }
            do {
                let l = try Self.lead(v, db, row, practiceID: pid)
                try audit(db, [entry("read", "lead", id)])
                return .success(l)
            } catch {
                try audit(db, [entry("read", "lead", id, "failure")])
                return .failure(.unreadable(resource: "lead", id: id))
            }
        }
        return try result?.get()
    }

    private func readLeads(_ db: Database, sql: String, arguments: StatementArguments, resourceID: String) throws -> ReadReport<Lead> {
        var out: [Lead] = [], bad: [UnreadableRecord] = []
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            do { out.append(try Self.lead(vault, db, row, practiceID: practiceID)) } catch {
                bad.append(UnreadableRecord(resourceType: "lead", id: row[0]))
            }
        }
        try audit(db, [entry("read", "lead", resourceID)] + bad.map { entry("read", "lead", $0.id, "failure") })
        return ReadReport(records: out, unreadable: bad)
    }

    /// The practice's leads, oldest first, optionally only those with `status`. Audited as one read.
    public func leadsReport(status: LeadStatus? = nil) async throws -> ReadReport<Lead> {
        let pid = practiceID
        var sql = "SELECT \(Self.leadColumns) FROM leads WHERE practice_id = ?"
        var args: [(any DatabaseValueConvertible)?] = [pid]
        if let s = status { sql += " AND status = ?"; args.append(s.rawValue) }
        sql += " ORDER BY created_ms, id"
        let q = sql, a = StatementArguments(args)
        return try await pool.write { db in
            try readLeads(db, sql: q, arguments: a, resourceID: status.map { "status:\($0.rawValue)" } ?? "*")
        }
    }

    /// Leads whose phone number matches (through the blind index).
    public func leads(phone: String) async throws -> ReadReport<Lead> {
        guard let idx = vault.index(phone: phone, practiceID: practiceID) else { return ReadReport(records: [], unreadable: []) }
        let pid = practiceID
        return try await pool.write { db in
            try readLeads(db, sql: "SELECT \(Self.leadColumns) FROM leads WHERE practice_id = ? AND phone_idx = ? ORDER BY created_ms, id",
                          arguments: [pid, idx], resourceID: "lookup:phone")
        }
    }

    /// Sets a lead's status (its sealed fields are untouched). Audited `update lead`; a lead of another
    /// practice is refused (`wrongPractice`, audited `denied`); an unknown id throws `notFound`.
    public func updateLead(id: String, status: LeadStatus) async throws {
        let pid = practiceID, at = vault.nowMillis
        enum Outcome: Sendable { case done, denied, missing }
        let outcome: Outcome = try await pool.write { db in
            guard let owner = try String.fetchOne(db, sql: "SELECT practice_id FROM leads WHERE id = ?", arguments: [id]) else { return .missing }
            guard owner == pid else {
                try audit(db, [entry("update", "lead", id, "denied")])
                return .denied
            }
            try db.execute(sql: "UPDATE leads SET status = ?, updated_ms = ? WHERE id = ?", arguments: [status.rawValue, at, id])
            try audit(db, [entry("update", "lead", id)])
            return .done
        }
        switch outcome {
        case .done: return
        case .denied: throw VaultError.wrongPractice(resource: "lead", id: id)
        case .missing: throw VaultError.notFound(resource: "lead", id: id)
        }
    }

    // MARK: - Consents

    /// The data key id of a consent subject of this practice, or nil when there is no such subject here.
    private func subjectKey(_ db: Database, _ s: ConsentSubject) throws -> String? {
        let table = s.type == "patient" ? "patients" : "leads"
        return try String.fetchOne(db, sql: "SELECT key_id FROM \(table) WHERE id = ? AND practice_id = ?", arguments: [s.id, practiceID])
    }

    /// Records a consent given or revoked. The subject must be a patient or lead of this practice
    /// (`notFound` otherwise); the evidence, if any, is sealed under the subject's data key. Audited.
    public func recordConsent(_ c: Consent) async throws {
        guard c.practiceID == practiceID else {
            vault.audit([entry("create", "consent", c.id, "denied")], context: context)
            throw VaultError.wrongPractice(resource: "consent", id: c.id)
        }
        let pid = practiceID
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM consents WHERE id = ?)", arguments: [c.id]) ?? false {
                throw VaultError.storage("consent \(c.id) exists")
            }
            guard let subjectKeyID = try subjectKey(db, c.subject) else {
                throw VaultError.notFound(resource: c.subject.type, id: c.subject.id)
            }
            var keyID: String? = nil, sealed: Data? = nil
            if let e = c.evidence {
                let key = try vault.dataKey(db, id: subjectKeyID, practiceID: pid)
                sealed = try vault.seal(ConsentPHI(evidence: e), keyID: subjectKeyID, key: key, practiceID: pid, table: "consents", rowID: c.id)
                keyID = subjectKeyID
            }
            try db.execute(sql: """
                INSERT INTO consents (id, practice_id, subject_type, subject_id, kind, granted, at_ms, channel, key_id, sealed)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [c.id, pid, c.subject.type, c.subject.id, c.kind.rawValue, c.granted, ISOTime.millis(c.at), c.channel, keyID, sealed])
            try audit(db, [entry("create", "consent", c.id)])
        }
    }

    static let consentColumns = "id, subject_type, subject_id, kind, granted, at_ms, channel, sealed"

    static func consent(_ v: Vault, _ db: Database, _ row: Row, practiceID: String) throws -> Consent {
        let id: String = row[0]
        guard let subject = ConsentSubject(type: row[1], id: row[2]) else { throw Sealing.SealError.malformed }
        var evidence: String? = nil
        if let blob: Data = row[7] { evidence = try v.open(ConsentPHI.self, blob, db, practiceID: practiceID, table: "consents", rowID: id).evidence }
        return Consent(id: id, practiceID: practiceID, subject: subject, kind: ConsentKind(row[3] as String), granted: row[4],
                       at: ISOTime.date(millis: row[5]), channel: row[6], evidence: evidence)
    }

    /// Every consent recorded for `subject` in this practice, oldest first. Audited as one read.
    public func consents(for subject: ConsentSubject) async throws -> ReadReport<Consent> {
        let pid = practiceID, v = vault
        return try await pool.write { db in
            var out: [Consent] = [], bad: [UnreadableRecord] = []
            for row in try Row.fetchAll(db, sql: """
                SELECT \(Self.consentColumns) FROM consents WHERE practice_id = ? AND subject_type = ? AND subject_id = ? ORDER BY at_ms, id
                """, arguments: [pid, subject.type, subject.id]) {
                do { out.append(try Self.consent(v, db, row, practiceID: pid)) } catch { bad.append(.init(resourceType: "consent", id: row[0])) }
            }
            try audit(db, [entry("read", "consent", subject.description)] + bad.map { entry("read", "consent", $0.id, "failure") })
            return ReadReport(records: out, unreadable: bad)
        }
    }

    /// Whether the latest consent of `kind` recorded for `subject` grants it: true, false (revoked), or nil
    /// (never asked). Reads no PHI (no sealed field is opened) and is not audited.
    public func consentGranted(for subject: ConsentSubject, kind: ConsentKind) async throws -> Bool? {
        let pid = practiceID
        return try await pool.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT granted FROM consents WHERE practice_id = ? AND subject_type = ? AND subject_id = ? AND kind = ?
                ORDER BY at_ms DESC, rowid DESC LIMIT 1
                """, arguments: [pid, subject.type, subject.id, kind.rawValue])
        }
    }
}
