import Crypto
import Foundation
import GRDB

/// Who is acting and from where, recorded on every audit event.
public struct AuditContext: Sendable, Equatable {
    /// `system:engine`, `cli`, `user:<id>`, `token:<id>`.
    public var actor: String
    /// `phone`, `sms`, `cli`, or an IP address.
    public var channel: String
    public init(actor: String, channel: String) { self.actor = actor; self.channel = channel }

    public static let engine = AuditContext(actor: "system:engine", channel: "cli")
    public static let cli = AuditContext(actor: "cli", channel: "cli")
}

/// One audit event, as stored. It names the resource (type and id) — never the PHI itself.
public struct AuditEvent: Sendable, Equatable, Codable {
    public var seq: Int64
    public var atMillis: Int64
    public var actor: String
    /// create, read, update, delete, export.
    public var action: String
    public var resourceType: String
    public var resourceID: String
    public var practiceID: String
    public var channel: String
    /// success, failure, conflict, denied.
    public var outcome: String
    public var prevHash: Data
    public var hash: Data

    public var at: Date { ISOTime.date(millis: atMillis) }
}

/// An event to append: the chain fields (sequence, time, hashes) are filled in by `Audit.append`.
struct AuditEntry: Sendable {
    var action: String
    var resourceType: String
    var resourceID: String
    var practiceID: String
    var outcome: String = "success"
}

/// The hash chain. Each event's hash is SHA-256 over a canonical encoding of its fields (length-prefixed
/// UTF-8, sequence and time as fixed-width integers) followed by the previous event's hash; the first
/// event's previous hash is 32 zero bytes. Editing, deleting, inserting or reordering any event breaks
/// the chain at that point; deleting events from the end is caught by the signed checkpoint file.
public enum Audit {
    static let genesis = Data(repeating: 0, count: 32)

    static func canonical(seq: Int64, atMillis: Int64, actor: String, action: String, resourceType: String, resourceID: String,
                          practiceID: String, channel: String, outcome: String, prevHash: Data, into buf: inout [UInt8]) {
        buf.removeAll(keepingCapacity: true)
        buf.append(contentsOf: "fd-audit-v1".utf8)
        func int(_ v: Int64) { withUnsafeBytes(of: v.bigEndian) { buf.append(contentsOf: $0) } }
        func str(_ s: String) {
            var s = s
            s.withUTF8 { u in
                withUnsafeBytes(of: UInt32(u.count).bigEndian) { buf.append(contentsOf: $0) }
                buf.append(contentsOf: u)
            }
        }
        int(seq); int(atMillis)
        str(actor); str(action); str(resourceType); str(resourceID); str(practiceID); str(channel); str(outcome)
        buf.append(contentsOf: prevHash)
    }

    static func hash(_ buf: [UInt8]) -> Data { Data(SHA256.hash(data: buf)) }

    static func hash(of e: AuditEvent) -> Data {
        var buf: [UInt8] = []
        canonical(seq: e.seq, atMillis: e.atMillis, actor: e.actor, action: e.action, resourceType: e.resourceType,
                  resourceID: e.resourceID, practiceID: e.practiceID, channel: e.channel, outcome: e.outcome,
                  prevHash: e.prevHash, into: &buf)
        return hash(buf)
    }

    /// Appends events at the end of the chain, inside the caller's write transaction.
    static func append(_ db: Database, _ entries: [AuditEntry], context: AuditContext, atMillis: Int64) throws {
        guard !entries.isEmpty else { return }
        var seq: Int64 = 0
        var prev = genesis
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1") {
            seq = row[0]
            prev = row[1]
        }
        let stmt = try db.cachedStatement(sql: """
            INSERT INTO audit_events (seq, at_ms, actor, action, resource_type, resource_id, practice_id, channel, outcome, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var buf: [UInt8] = []
        buf.reserveCapacity(256)
        for e in entries {
            seq += 1
            canonical(seq: seq, atMillis: atMillis, actor: context.actor, action: e.action, resourceType: e.resourceType,
                      resourceID: e.resourceID, practiceID: e.practiceID, channel: context.channel, outcome: e.outcome,
                      prevHash: prev, into: &buf)
            let h = hash(buf)
            try stmt.execute(arguments: [seq, atMillis, context.actor, e.action, e.resourceType, e.resourceID, e.practiceID,
                                         context.channel, e.outcome, prev, h])
            prev = h
        }
    }

    /// The last event's sequence number and hash (0 and the genesis hash for an empty trail).
    static func head(_ db: Database) throws -> (seq: Int64, hash: Data) {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1") else {
            return (0, genesis)
        }
        return (row[0], row[1])
    }

    static func event(_ row: Row) -> AuditEvent {
        AuditEvent(seq: row[0], atMillis: row[1], actor: row[2], action: row[3], resourceType: row[4], resourceID: row[5],
                   practiceID: row[6], channel: row[7], outcome: row[8], prevHash: row[9], hash: row[10])
    }

    static let selectAll = """
        SELECT seq, at_ms, actor, action, resource_type, resource_id, practice_id, channel, outcome, prev_hash, hash
        FROM audit_events
        """
}

// MARK: - Verification

/// The result of walking the chain.
public struct AuditVerification: Sendable, Equatable {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        /// The first event found bad (its sequence number, or where a missing one should be).
        public var seq: Int64
        public var reason: String
        public var description: String { "event \(seq): \(reason)" }
    }
    public enum CheckpointStatus: Sendable, Equatable {
        case none
        case verified(seq: Int64)
        /// Present but its signature could not be checked (no key file).
        case unsigned(seq: Int64)
    }
    /// The signed anchor left by purging the oldest events (see `AuditAnchor`).
    public enum AnchorStatus: Sendable, Equatable {
        /// No anchor: nothing was ever purged, the chain starts at event 1.
        case none
        /// Events 1 through `seq` were purged at `at`; the anchor's signature and the link of the first
        /// remaining event to it were checked.
        case verified(seq: Int64, at: String)
        /// As `verified`, but without a key file the anchor's signature could not be checked.
        case unsigned(seq: Int64, at: String)
    }
    /// Events in the trail now (after any purge).
    public var count: Int
    public var lastSeq: Int64
    public var problem: Problem?
    public var checkpoint: CheckpointStatus
    public var anchor: AnchorStatus = .none
    public var intact: Bool { problem == nil }
}

extension Audit {
    /// Walks every event in sequence order, checking numbering, links and hashes, then the checkpoint.
    /// With an anchor (the oldest events were purged), the walk starts after the anchor's event and the
    /// first remaining event must link to the anchor's hash; if the purged events are still there (a purge
    /// that did not commit), the walk starts at event 1 and the anchor's event must have the anchor's hash.
    static func verify(_ db: Database, checkpoint: AuditCheckpoint?, anchor: AuditAnchor.Loaded = .none,
                       auditKey: SymmetricKey?) throws -> AuditVerification {
        var count = 0
        var expected: Int64 = 1
        var prev = genesis
        var buf: [UInt8] = []
        buf.reserveCapacity(256)
        var problem: AuditVerification.Problem?
        var hashAtCheckpoint: Data?
        var anchorStatus: AuditVerification.AnchorStatus = .none
        var anchored: AuditAnchor?
        switch anchor {
        case .none: break
        case .malformed:
            return AuditVerification(count: 0, lastSeq: 0, problem: .init(seq: 0, reason: "the audit anchor file cannot be read (anchor tampered with or corrupted)"),
                                     checkpoint: .none, anchor: .none)
        case .anchor(let a):
            if let key = auditKey, !a.isValid(key: key) {
                return AuditVerification(count: 0, lastSeq: 0, problem: .init(seq: a.seq, reason: "the audit anchor file's signature is invalid (anchor forged or edited)"),
                                         checkpoint: .none, anchor: .none)
            }
            guard let h = a.hashData, h.count == 32, a.seq >= 1 else {
                return AuditVerification(count: 0, lastSeq: 0, problem: .init(seq: a.seq, reason: "the audit anchor file is malformed (anchor tampered with)"),
                                         checkpoint: .none, anchor: .none)
            }
            anchored = a
            anchorStatus = auditKey == nil ? .unsigned(seq: a.seq, at: a.at) : .verified(seq: a.seq, at: a.at)
            // Purged events gone (the normal case): start right after the anchor.
            let first = try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM audit_events")
            if first == nil || first! > a.seq { expected = a.seq + 1; prev = h }
            // A purge that wrote this anchor but did not commit: start where the previous anchor left off.
            else if a.baseSeq > 0, first! == a.baseSeq + 1, let bh = a.baseHashData { expected = a.baseSeq + 1; prev = bh }
        }
        let cursor = try Row.fetchCursor(db, sql: Audit.selectAll + " ORDER BY seq")
        while let row = try cursor.next() {
            let seq: Int64 = row[0]
            let rowPrev: Data = row[9]
            let rowHash: Data = row[10]
            count += 1
            if seq != expected {
                let reason: String
                if seq > expected, let a = anchored, expected == a.seq + 1 {
                    reason = "missing: the signed audit anchor ends at event \(a.seq), the trail resumes at \(seq) (events deleted)"
                } else if seq > expected {
                    reason = "missing: the sequence jumps from \(expected - 1) to \(seq) (events deleted)"
                } else {
                    reason = "out of sequence (\(seq) after \(expected - 1))"
                }
                problem = .init(seq: min(seq, expected), reason: reason)
                break
            }
            let atMillis: Int64 = row[1]
            let actor: String = row[2], action: String = row[3], rtype: String = row[4], rid: String = row[5]
            let practice: String = row[6], channel: String = row[7], outcome: String = row[8]
            canonical(seq: seq, atMillis: atMillis, actor: actor, action: action, resourceType: rtype, resourceID: rid,
                      practiceID: practice, channel: channel, outcome: outcome, prevHash: rowPrev, into: &buf)
            if hash(buf) != rowHash {
                problem = .init(seq: seq, reason: "its content does not match its hash (edited)")
                break
            }
            if rowPrev != prev {
                if let a = anchored, seq == a.seq + 1 {
                    problem = .init(seq: seq, reason: "it does not chain to the signed audit anchor (event \(a.seq), purged \(a.at)): the anchor or the trail was altered")
                } else {
                    problem = .init(seq: seq, reason: "its link to event \(seq - 1) is broken (an event before it was edited, deleted, inserted or reordered)")
                }
                break
            }
            if let a = anchored, a.seq == seq, rowHash != a.hashData {
                problem = .init(seq: seq, reason: "does not match the signed audit anchor (history rewritten, or the anchor altered)")
                break
            }
            if let cp = checkpoint, cp.seq == seq { hashAtCheckpoint = rowHash }
            prev = rowHash
            expected += 1
        }
        let last = expected - 1
        var status: AuditVerification.CheckpointStatus = .none
        // A checkpoint that falls among the purged events was superseded by the anchor.
        let checkpoint = checkpoint.flatMap { cp -> AuditCheckpoint? in
            guard let a = anchored, cp.seq <= a.seq, hashAtCheckpoint == nil else { return cp }
            if cp.seq == a.seq { hashAtCheckpoint = a.hashData; return cp }
            return nil
        }
        if problem == nil, let cp = checkpoint {
            if let key = auditKey, !cp.isValid(key: key) {
                problem = .init(seq: cp.seq, reason: "the checkpoint file's signature is invalid (checkpoint forged or edited)")
            } else if last < cp.seq {
                problem = .init(seq: last + 1, reason: "missing: the signed checkpoint covers events through \(cp.seq), the trail ends at \(last) (events deleted from the end)")
            } else if hashAtCheckpoint != cp.hashData {
                problem = .init(seq: cp.seq, reason: "does not match the signed checkpoint (history rewritten)")
            } else {
                status = auditKey == nil ? .unsigned(seq: cp.seq) : .verified(seq: cp.seq)
            }
        }
        return AuditVerification(count: count, lastSeq: last, problem: problem, checkpoint: status, anchor: anchorStatus)
    }
}

// MARK: - Checkpoints

/// The chain head, HMAC-signed under the audit key and kept in a file beside (not inside) the database:
/// deleting events from the end of the trail, or rebuilding the whole chain, no longer matches it.
public struct AuditCheckpoint: Sendable, Codable, Equatable {
    public var seq: Int64
    public var hash: String
    public var at: String
    public var keyring: String
    public var mac: String

    var hashData: Data? { Data(hex: hash) }

    static func message(seq: Int64, hash: String, at: String, keyring: String) -> Data {
        Data("fd-checkpoint-v1|\(seq)|\(hash)|\(at)|\(keyring)".utf8)
    }

    static func make(seq: Int64, hash: Data, at: Date, keyring: String, key: SymmetricKey) -> AuditCheckpoint {
        let h = hash.hex, t = ISOTime.string(at)
        let mac = Data(HMAC<SHA256>.authenticationCode(for: message(seq: seq, hash: h, at: t, keyring: keyring), using: key)).hex
        return AuditCheckpoint(seq: seq, hash: h, at: t, keyring: keyring, mac: mac)
    }

    func isValid(key: SymmetricKey) -> Bool {
        guard let m = Data(hex: mac) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(m, authenticating: Self.message(seq: seq, hash: hash, at: at, keyring: keyring), using: key)
    }

    static func load(path: String) -> AuditCheckpoint? {
        guard let d = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(AuditCheckpoint.self, from: d)
    }

    func write(path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let tmp = path + ".tmp"
        try enc.encode(self).write(to: URL(fileURLWithPath: tmp))
        guard rename(tmp, path) == 0 else { throw VaultError.storage("cannot write the audit checkpoint") }
    }
}

extension Data {
    var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(count * 2)
        for b in self { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
    init?(hex: String) {
        let u = Array(hex.utf8)
        guard u.count % 2 == 0 else { return nil }
        var out = Data(capacity: u.count / 2)
        func v(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        var i = 0
        while i < u.count {
            guard let a = v(u[i]), let b = v(u[i + 1]) else { return nil }
            out.append(a << 4 | b)
            i += 2
        }
        self = out
    }
}

// MARK: - Export

public enum AuditExportFormat: String, Sendable, CaseIterable {
    case text, json, fhir
}

extension AuditEvent {
    /// One line: `seq=12 at=… actor=… action=… resource=patient/pat-… practice=… channel=… outcome=… hash=…`.
    public var textLine: String {
        "seq=\(seq) at=\(ISOTime.string(millis: atMillis)) actor=\(actor) action=\(action) resource=\(resourceType)/\(resourceID) practice=\(practiceID) channel=\(channel) outcome=\(outcome) hash=\(hash.hex)"
    }

    /// A JSON object (one line).
    public var jsonLine: String {
        let o: [String: Any] = ["seq": seq, "at": ISOTime.string(millis: atMillis), "actor": actor, "action": action,
                                "resourceType": resourceType, "resourceID": resourceID, "practiceID": practiceID,
                                "channel": channel, "outcome": outcome, "prevHash": prevHash.hex, "hash": hash.hex]
        return Self.json(o)
    }

    /// A FHIR R4 AuditEvent resource (one line).
    public var fhirLine: String {
        let actionCode: String
        switch action {
        case "create": actionCode = "C"
        case "read": actionCode = "R"
        case "update": actionCode = "U"
        case "delete": actionCode = "D"
        default: actionCode = "E"
        }
        let outcomeCode: String
        switch outcome {
        case "success": outcomeCode = "0"
        case "conflict", "failure": outcomeCode = "4"
        default: outcomeCode = "8"
        }
        let o: [String: Any] = [
            "resourceType": "AuditEvent",
            "id": "fd-audit-\(seq)",
            "type": ["system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest", "display": "RESTful Operation"],
            "subtype": [["system": "http://hl7.org/fhir/restful-interaction", "code": action]],
            "action": actionCode,
            "recorded": ISOTime.string(millis: atMillis),
            "outcome": outcomeCode,
            "outcomeDesc": outcome,
            "agent": [["who": ["identifier": ["value": actor]], "requestor": true,
                       "network": ["address": channel, "type": "5"]]],
            "source": ["site": practiceID, "observer": ["display": "FrontDesk"],
                       "type": [["system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4"]]],
            "entity": [["what": ["identifier": ["system": "urn:frontdesk:\(resourceType)", "value": resourceID]],
                        "type": ["system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "2", "display": "System Object"]]],
            "extension": [["url": "urn:frontdesk:audit-hash", "valueString": hash.hex]],
        ]
        return Self.json(o)
    }

    static func json(_ o: [String: Any]) -> String {
        let d = (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: d, as: UTF8.self)
    }
}
