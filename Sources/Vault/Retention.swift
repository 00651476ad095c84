import Crypto
import Foundation
import FrontDeskCore
import GRDB

/// The kinds of data that expire, each with its own retention period.
public enum RetentionClass: String, Sendable, CaseIterable, Codable {
    /// A call's transcript lines and per-turn outcome events (`call_entries`).
    case transcripts
    /// A call record itself: caller number, staff summary, outcomes, times (`calls`). Destroying it takes
    /// whatever is left of the call with it.
    case summaries
    /// Messages taken for staff.
    case messages
    /// Refill requests.
    case refills
    /// Call audio. None is stored yet; the class is here so a deployment can set it ahead of time.
    case recordings
    /// Prospective-patient leads (web-form call-back requests), with the consents recorded for them.
    case leads
}

/// How long each class of data is kept, in days, counted from when the record was made (a call's start,
/// a message's or refill request's creation). Audit events are never purged before six years.
public struct RetentionPolicy: Sendable, Equatable {
    /// Six years, leap days included: audit events are kept at least this long, whatever the config says.
    public static let auditMinimumDays = 2192

    public static let defaultDays: [RetentionClass: Int] = [
        .transcripts: 30, .summaries: 730, .messages: 365, .refills: 365, .recordings: 30, .leads: 365,
    ]

    /// Days per class (every class present).
    public private(set) var days: [RetentionClass: Int]
    /// How long audit events are kept (at least `auditMinimumDays`); older ones are purged behind a signed anchor.
    public private(set) var auditDays: Int

    public static let `default` = try! RetentionPolicy()

    /// Defaults, overridden by `days`. Refuses a period under one day, audit events kept under six years,
    /// and transcripts kept longer than the call summaries they belong to.
    public init(days overrides: [RetentionClass: Int] = [:], auditDays: Int = auditMinimumDays) throws(RetentionConfigError) {
        var d = Self.defaultDays
        for (k, v) in overrides {
            guard v >= 1 else { throw .invalid("retention.\(k.rawValue): \(v) is not a number of days (1 or more)") }
            d[k] = v
        }
        guard auditDays >= Self.auditMinimumDays else {
            throw .invalid("retention.audit: \(auditDays) days is under six years; audit events are kept at least \(Self.auditMinimumDays) days")
        }
        guard d[.transcripts]! <= d[.summaries]! else {
            throw .invalid("retention.transcripts (\(d[.transcripts]!) days) is longer than retention.summaries (\(d[.summaries]!) days): "
                           + "a transcript cannot outlive the call record it belongs to")
        }
        self.days = d
        self.auditDays = auditDays
    }

    public func days(_ c: RetentionClass) -> Int { days[c]! }

    /// Records of class `c` made before this instant have expired at `now`.
    public func cutoff(_ c: RetentionClass, now: Date) -> Date { now.addingTimeInterval(-Double(days(c)) * 86_400) }

    /// Audit events made before this instant may be purged at `now`.
    public func auditCutoff(now: Date) -> Date { now.addingTimeInterval(-Double(auditDays) * 86_400) }
}

public enum RetentionConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case syntax(file: String, line: Int, reason: String)
    case invalid(String)

    public var description: String {
        switch self {
        case .unreadable(let p): return "config \(p) cannot be read"
        case .syntax(let f, let l, let r): return "\(f):\(l): \(r)"
        case .invalid(let r): return r
        }
    }
}

// MARK: - The deployment config

/// The `retention:` section of a deployment config (YAML). Only this section is read here; other
/// top-level sections are left to whoever owns them:
///
///     retention:
///       transcripts: 30     # days
///       summaries: 730
///       messages: 365
///       refills: 365
///       recordings: 30
///       leads: 365
///       audit: 2192         # at least 2192 (six years)
///
/// The reader is deliberately small: a block mapping (or a one-line flow mapping `{transcripts: 30}`) of
/// class names to whole days; comments allowed; anything else inside `retention:` is an error.
extension RetentionPolicy {
    public static func load(configPath path: String) throws(RetentionConfigError) -> RetentionPolicy {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path)
        }
        return try parse(yaml: text, file: path)
    }

    public static func parse(yaml: String, file: String = "config") throws(RetentionConfigError) -> RetentionPolicy {
        var entries: [(key: String, value: String, line: Int)] = []
        var inBlock = false
        var blockIndent: Int?
        var found = false
        for (i, raw) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let n = i + 1
            let line = stripComment(String(raw)).replacingOccurrences(of: "\r", with: "")
            let body = line.trimmingCharacters(in: .whitespaces)
            if body.isEmpty || (line.hasPrefix("---") || line.hasPrefix("...")) && body.count == 3 { continue }
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            if indent.contains("\t") { throw .syntax(file: file, line: n, reason: "tabs are not allowed in indentation") }
            if indent.isEmpty {
                inBlock = false
                guard let (k, v) = keyValue(body), k == "retention" else { continue }
                if found { throw .syntax(file: file, line: n, reason: "retention: appears twice") }
                found = true
                if v.isEmpty { inBlock = true; blockIndent = nil; continue }
                guard v.hasPrefix("{"), v.hasSuffix("}") else {
                    throw .syntax(file: file, line: n, reason: "retention: expects a mapping of data class to days")
                }
                for part in v.dropFirst().dropLast().split(separator: ",") {
                    let p = part.trimmingCharacters(in: .whitespaces)
                    if p.isEmpty { continue }
                    guard let (k2, v2) = keyValue(p) else { throw .syntax(file: file, line: n, reason: "\"\(p)\" is not class: days") }
                    entries.append((k2, v2, n))
                }
                continue
            }
            guard inBlock else { continue }
            if let b = blockIndent, indent.count != b {
                throw .syntax(file: file, line: n, reason: "unexpected indentation inside retention: (one class per line, class: days)")
            }
            blockIndent = indent.count
            guard let (k, v) = keyValue(body) else { throw .syntax(file: file, line: n, reason: "\"\(body)\" is not class: days") }
            entries.append((k, v, n))
        }
        var days: [RetentionClass: Int] = [:]
        var audit: Int?
        var seen = Set<String>()
        for e in entries {
            guard seen.insert(e.key).inserted else { throw .syntax(file: file, line: e.line, reason: "retention.\(e.key) is set twice") }
            let v = unquote(e.value)
            guard let d = Int(v) else {
                throw .syntax(file: file, line: e.line, reason: "retention.\(e.key): \"\(e.value)\" is not a whole number of days")
            }
            if e.key == "audit" { audit = d; continue }
            guard let c = RetentionClass(rawValue: e.key) else {
                let known = RetentionClass.allCases.map(\.rawValue) + ["audit"]
                throw .syntax(file: file, line: e.line, reason: "retention.\(e.key) is not a data class (\(known.joined(separator: ", ")))")
            }
            days[c] = d
        }
        do { return try RetentionPolicy(days: days, auditDays: audit ?? auditMinimumDays) } catch {
            if case .invalid(let r) = error { throw .invalid("\(file): \(r)") }
            throw error
        }
    }

    /// `key: value` (value may be empty); nil when the line is not a mapping entry.
    private static func keyValue(_ s: String) -> (String, String)? {
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let k = unquote(s[..<colon].trimmingCharacters(in: .whitespaces))
        let rest = s[s.index(after: colon)...]
        guard !k.isEmpty, rest.isEmpty || rest.first == " " else { return nil }
        return (k, rest.trimmingCharacters(in: .whitespaces))
    }

    private static func unquote(_ s: String) -> String {
        if s.count >= 2, let f = s.first, f == "\"" || f == "'", s.last == f { return String(s.dropFirst().dropLast()) }
        return s
    }

    /// Drops a `#` comment (at the start, or after whitespace).
    private static func stripComment(_ s: String) -> String {
        var prev: Character = " "
        for i in s.indices {
            if s[i] == "#", prev == " " || prev == "\t" { return String(s[..<i]) }
            prev = s[i]
        }
        return s
    }
}

// MARK: - Running it

/// What a retention run destroyed.
public struct RetentionReport: Sendable, Equatable {
    /// The instant the cut-offs were computed from.
    public var now: Date
    /// Records destroyed per class: calls whose transcript was destroyed (`transcripts`), call records
    /// (`summaries`), messages, refill requests, leads. Recordings are always 0 (none stored yet).
    public var destroyed: [RetentionClass: Int] = Dictionary(uniqueKeysWithValues: RetentionClass.allCases.map { ($0, 0) })
    /// Transcript lines and event batches deleted with the transcripts.
    public var transcriptEntries = 0
    public var dataKeysDestroyed = 0
    /// Records that shared a data key with something destroyed, re-sealed under a new key first.
    public var recordsRekeyed = 0
    /// Consents recorded for the leads destroyed, deleted with them.
    public var leadConsents = 0
    /// Audit events in the trail after the run (none are ever purged before six years).
    public var auditEvents = 0
    /// Audit events purged by this run (older than the audit retention, at least six years).
    public var auditPurged = 0
    /// The signed anchor the remaining chain starts from (nil when nothing was ever purged).
    public var auditAnchor: AuditAnchor?
    /// Set when old audit events were due but the chain did not verify, so none were purged.
    public var auditPurgeRefused: String?
    /// Staff sessions past their expiry (idle or absolute limit), deleted. Not counted in `total`.
    public var sessionsExpired = 0
    public var total: Int { destroyed.values.reduce(0, +) }
}

extension AuditContext {
    /// The retention job (`frontdesk retention run`, the server's daily run).
    public static let retention = AuditContext(actor: "system:retention", channel: "cli")
}

extension Vault {
    /// Destroys every record past its retention period at `now`, in every practice of the data dir.
    ///
    /// Crypto-shredding: in one transaction, the data keys that sealed expired data are destroyed first —
    /// any other record sealed under the same key (the call record of an expired transcript, the patient of
    /// an expired refill request) is re-sealed under a new key beforehand — then the rows are deleted
    /// (`secure_delete` zeroes the freed pages). Every step is audited. The WAL is truncated afterwards, so no
    /// older copy of a page lingers in it. Audit events older than the audit retention (at least six years)
    /// are purged from the head of the chain behind a signed anchor (`AuditAnchor`). Running it again finds nothing.
    public func runRetention(_ policy: RetentionPolicy, now: Date? = nil, context: AuditContext = .retention) throws -> RetentionReport {
        let now = now ?? clock.now()
        let nowMs = ISOTime.millis(now)
        func cut(_ c: RetentionClass) -> Int64 { ISOTime.millis(policy.cutoff(c, now: now)) }
        let at = nowMillis
        let report: RetentionReport = try pool.write { db in
            var report = RetentionReport(now: now)
            var audit: [AuditEntry] = []
            func note(_ action: String, _ type: String, _ id: String, _ pid: String) {
                audit.append(AuditEntry(action: action, resourceType: type, resourceID: id, practiceID: pid))
            }
            struct Doomed { var id: String; var practiceID: String; var keyID: String }
            func doomed(_ sql: String, _ cutoff: Int64) throws -> [Doomed] {
                try Row.fetchAll(db, sql: sql, arguments: [cutoff]).map { Doomed(id: $0[0], practiceID: $0[1], keyID: $0[2]) }
            }
            // 1. What has expired.
            let deadCalls = try doomed("SELECT id, practice_id, key_id FROM calls WHERE started_ms < ? ORDER BY id", cut(.summaries))
            let deadTranscripts = try doomed("""
                SELECT id, practice_id, key_id FROM calls c WHERE started_ms < ?
                AND EXISTS (SELECT 1 FROM call_entries e WHERE e.call_id = c.id) ORDER BY id
                """, cut(.transcripts))
            let deadMessages = try doomed("SELECT id, practice_id, key_id FROM messages WHERE created_ms < ? ORDER BY id", cut(.messages))
            let deadRefills = try doomed("SELECT id, practice_id, key_id FROM refills WHERE created_ms < ? ORDER BY id", cut(.refills))
            let deadLeads = try doomed("SELECT id, practice_id, key_id FROM leads WHERE created_ms < ? ORDER BY id", cut(.leads))
            let gone = Gone(calls: Set(deadCalls.map(\.id)), transcripts: Set(deadTranscripts.map(\.id)),
                            messages: Set(deadMessages.map(\.id)), refills: Set(deadRefills.map(\.id)), leads: Set(deadLeads.map(\.id)))

            // 2. The data keys that sealed it: whatever else they sealed is moved to a new key, then they go.
            var keys: [String: String] = [:]   // key id → practice id
            for d in deadCalls + deadTranscripts + deadMessages + deadRefills + deadLeads { keys[d.keyID] = d.practiceID }
            var destroyed: [String] = []
            for (keyID, pid) in keys.sorted(by: { $0.key < $1.key }) {
                let moved = try rekeySurvivors(db, keyID: keyID, practiceID: pid, gone: gone, note: note)
                report.recordsRekeyed += moved
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM data_keys WHERE id = ?)", arguments: [keyID]) ?? false {
                    destroyed.append(keyID)
                    note("delete", "data_key", keyID, pid)
                }
            }
            try destroyDataKeys(db, ids: destroyed)
            report.dataKeysDestroyed = destroyed.count

            // 3. Then the rows.
            for d in deadTranscripts {
                try db.execute(sql: "DELETE FROM call_entries WHERE call_id = ?", arguments: [d.id])
                report.transcriptEntries += db.changesCount
                if !gone.calls.contains(d.id) { note("delete", "call_transcript", d.id, d.practiceID) }
            }
            for d in deadCalls {
                try db.execute(sql: "DELETE FROM call_entries WHERE call_id = ?", arguments: [d.id])
                try db.execute(sql: "DELETE FROM calls WHERE id = ?", arguments: [d.id])
                note("delete", "call", d.id, d.practiceID)
            }
            for d in deadMessages {
                try db.execute(sql: "DELETE FROM messages WHERE id = ?", arguments: [d.id])
                note("delete", "message", d.id, d.practiceID)
            }
            for d in deadRefills {
                try db.execute(sql: "DELETE FROM refills WHERE id = ?", arguments: [d.id])
                note("delete", "refill", d.id, d.practiceID)
            }
            for d in deadLeads {
                for c in try String.fetchAll(db, sql: "SELECT id FROM consents WHERE practice_id = ? AND subject_type = 'lead' AND subject_id = ? ORDER BY id",
                                             arguments: [d.practiceID, d.id]) {
                    try db.execute(sql: "DELETE FROM consents WHERE id = ?", arguments: [c])
                    note("delete", "consent", c, d.practiceID)
                    report.leadConsents += 1
                }
                try db.execute(sql: "DELETE FROM leads WHERE id = ?", arguments: [d.id])
                note("delete", "lead", d.id, d.practiceID)
            }
            report.destroyed[.leads] = deadLeads.count
            report.destroyed[.transcripts] = deadTranscripts.count
            report.destroyed[.summaries] = deadCalls.count
            report.destroyed[.messages] = deadMessages.count
            report.destroyed[.refills] = deadRefills.count
            // Staff sessions that have ended (their stored expiry folds in the idle and absolute limits).
            for s in try Row.fetchAll(db, sql: "SELECT token_hash, practice_id FROM sessions WHERE expires_ms <= ? ORDER BY token_hash",
                                      arguments: [nowMs]) {
                let hash: Data = s[0]
                try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [hash])
                note("delete", "session", String(hash.hex.prefix(16)), s[1])
                report.sessionsExpired += 1
            }
            // 4. Audit events past the audit retention (never under six years): the head of the chain goes,
            // behind a signed anchor the rest verifies from.
            let purge = try purgeAudit(db, before: policy.auditCutoff(now: now), now: now)
            report.auditPurged = purge.purged
            report.auditAnchor = purge.anchor
            report.auditPurgeRefused = purge.refused
            if purge.purged > 0, let a = purge.anchor {
                note("delete", "audit_events", "\(a.seq - Int64(purge.purged) + 1)-\(a.seq)", "*")
            }
            // The run itself, destroying something or not.
            note("execute", "retention", "run@" + ISOTime.string(millis: nowMs), "*")
            try Audit.append(db, audit, context: context, atMillis: at)
            report.auditEvents = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events") ?? 0
            return report
        }
        // Committed; the WAL is truncated now (and again when the vault closes) so no copy of a freed page lingers.
        try? checkpointWAL()
        return report
    }

    /// Records being destroyed in this run (by id).
    struct Gone {
        var calls: Set<String>
        var transcripts: Set<String>
        var messages: Set<String>
        var refills: Set<String>
        var leads: Set<String>
    }

    /// Re-seals everything sealed under `keyID` that is not being destroyed under a new data key (same
    /// owner), so that destroying `keyID` destroys only what expired. Returns the number of records moved.
    /// Values that no longer open (corrupted) are left as they are: they were unreadable already.
    private func rekeySurvivors(_ db: Database, keyID: String, practiceID pid: String, gone: Gone,
                                note: (String, String, String, String) -> Void) throws -> Int {
        let patients = try Row.fetchAll(db, sql: "SELECT id, sealed FROM patients WHERE key_id = ? AND practice_id = ?", arguments: [keyID, pid])
        let messages = try Row.fetchAll(db, sql: "SELECT id, sealed FROM messages WHERE key_id = ? AND practice_id = ?", arguments: [keyID, pid])
            .filter { !gone.messages.contains($0[0]) }
        let refills = try Row.fetchAll(db, sql: "SELECT id, sealed FROM refills WHERE key_id = ? AND practice_id = ?", arguments: [keyID, pid])
            .filter { !gone.refills.contains($0[0]) }
        let calls = try Row.fetchAll(db, sql: "SELECT id, sealed_caller, sealed_summary FROM calls WHERE key_id = ? AND practice_id = ?",
                                     arguments: [keyID, pid])
            .filter { !gone.calls.contains($0[0]) }
        let leads = try Row.fetchAll(db, sql: "SELECT id, sealed FROM leads WHERE key_id = ? AND practice_id = ?", arguments: [keyID, pid])
            .filter { !gone.leads.contains($0[0]) }
        // Consents sealed under the key (a patient's, a lead's), except those going with their lead.
        let consents = try Row.fetchAll(db, sql: "SELECT id, sealed, subject_type, subject_id FROM consents WHERE key_id = ? AND practice_id = ?",
                                        arguments: [keyID, pid])
            .filter { !(($0[2] as String) == "lead" && gone.leads.contains($0[3])) }
        guard !(patients.isEmpty && messages.isEmpty && refills.isEmpty && calls.isEmpty && leads.isEmpty && consents.isEmpty) else { return 0 }

        // A key already gone leaves nothing to move: what it sealed was unreadable before this run.
        guard let owner = try String.fetchOne(db, sql: "SELECT owner FROM data_keys WHERE id = ?", arguments: [keyID]) else { return 0 }
        let old = try? dataKey(db, id: keyID, practiceID: pid)
        let new = try newDataKey(db, practiceID: pid, owner: owner)
        note("create", "data_key", new.id, pid)
        func reseal(_ blob: Data, _ table: String, _ rowID: String) throws -> Data {
            if plaintext, blob.first == 0 { return blob }
            guard let old, let bytes = try? Sealing.open(blob, key: old, practiceID: pid, table: table, rowID: rowID) else { return blob }
            return try Sealing.seal(bytes, key: new.key, keyID: new.id, practiceID: pid, table: table, rowID: rowID)
        }
        for (table, rows) in [("patients", patients), ("messages", messages), ("refills", refills), ("leads", leads), ("consents", consents)] {
            for r in rows {
                let id: String = r[0]
                try db.execute(sql: "UPDATE \(table) SET key_id = ?, sealed = ? WHERE id = ?", arguments: [new.id, try reseal(r[1], table, id), id])
                note("update", String(table.dropLast()), id, pid)
            }
        }
        for r in calls {
            let id: String = r[0]
            let caller = try (r[1] as Data?).map { try reseal($0, "calls.caller", id) }
            let summary = try (r[2] as Data?).map { try reseal($0, "calls.summary", id) }
            try db.execute(sql: "UPDATE calls SET key_id = ?, sealed_caller = ?, sealed_summary = ? WHERE id = ?",
                           arguments: [new.id, caller, summary, id])
            if !gone.transcripts.contains(id) {
                for e in try Row.fetchAll(db, sql: "SELECT seq, sealed FROM call_entries WHERE call_id = ?", arguments: [id]) {
                    let seq: Int = e[0]
                    try db.execute(sql: "UPDATE call_entries SET sealed = ? WHERE call_id = ? AND seq = ?",
                                   arguments: [try reseal(e[1], "call_entries", "\(id)#\(seq)"), id, seq])
                }
            }
            note("update", "call", id, pid)
        }
        return patients.count + messages.count + refills.count + calls.count + leads.count + consents.count
    }
}
