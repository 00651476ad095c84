import Crypto
import Foundation
import FrontDeskCore
import GRDB

/// The start of the audit chain after its oldest events were purged (retention, at least six years on):
/// how many events were purged, the last purged event's sequence number and hash, and when — HMAC-signed
/// under the audit key and kept in `DIR/audit-anchor.json`, beside the checkpoint and outside the database.
/// `audit verify` starts from it: the first remaining event must link to the anchor's hash.
///
/// `baseSeq`/`baseHash` name the anchor it replaced (0 and 32 zero bytes for the first purge), so a purge
/// whose transaction did not commit after the new anchor was written still verifies.
public struct AuditAnchor: Sendable, Codable, Equatable {
    /// Events purged in all (events 1 through `seq`).
    public var purged: Int64
    /// The last purged event.
    public var seq: Int64
    /// Its hash (hex): the `prev_hash` of event `seq + 1`.
    public var hash: String
    /// When the purge ran (ISO 8601 UTC).
    public var at: String
    public var keyring: String
    public var baseSeq: Int64
    public var baseHash: String
    public var mac: String

    var hashData: Data? { Data(hex: hash) }
    var baseHashData: Data? { Data(hex: baseHash) }

    /// The anchor file as found: none, unreadable, or an anchor (its signature not yet checked).
    public enum Loaded: Sendable, Equatable {
        case none, malformed
        case anchor(AuditAnchor)
        var anchor: AuditAnchor? { if case .anchor(let a) = self { return a }; return nil }
    }

    static func message(purged: Int64, seq: Int64, hash: String, at: String, keyring: String, baseSeq: Int64, baseHash: String) -> Data {
        Data("fd-anchor-v1|\(purged)|\(seq)|\(hash)|\(at)|\(keyring)|\(baseSeq)|\(baseHash)".utf8)
    }

    static func make(seq: Int64, hash: Data, at: Date, keyring: String, base: (seq: Int64, hash: Data), key: SymmetricKey) -> AuditAnchor {
        let h = hash.hex, t = ISOTime.string(at), bh = base.hash.hex
        let m = message(purged: seq, seq: seq, hash: h, at: t, keyring: keyring, baseSeq: base.seq, baseHash: bh)
        return AuditAnchor(purged: seq, seq: seq, hash: h, at: t, keyring: keyring, baseSeq: base.seq, baseHash: bh,
                           mac: Data(HMAC<SHA256>.authenticationCode(for: m, using: key)).hex)
    }

    func isValid(key: SymmetricKey) -> Bool {
        guard let m = Data(hex: mac) else { return false }
        let msg = Self.message(purged: purged, seq: seq, hash: hash, at: at, keyring: keyring, baseSeq: baseSeq, baseHash: baseHash)
        return purged == seq && HMAC<SHA256>.isValidAuthenticationCode(m, authenticating: msg, using: key)
    }

    static func load(path: String) -> Loaded {
        guard FileManager.default.fileExists(atPath: path) else { return .none }
        guard let d = FileManager.default.contents(atPath: path), let a = try? JSONDecoder().decode(AuditAnchor.self, from: d) else { return .malformed }
        return .anchor(a)
    }

    /// Written to a temporary file, synced, then renamed over the old one.
    func write(path: String) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        let tmp = path + ".tmp"
        let data = try enc.encode(self)
        guard FileManager.default.createFile(atPath: tmp, contents: data, attributes: [.posixPermissions: 0o600]),
              let h = FileHandle(forWritingAtPath: tmp) else { throw VaultError.storage("cannot write the audit anchor") }
        try? h.synchronize()
        try? h.close()
        guard rename(tmp, path) == 0 else { throw VaultError.storage("cannot write the audit anchor") }
    }
}

/// What purging the oldest audit events did.
public struct AuditPurge: Sendable, Equatable {
    /// Events deleted by this run.
    public var purged: Int
    /// The anchor now in force (nil when nothing was ever purged).
    public var anchor: AuditAnchor?
    /// Why the purge was skipped although events had expired (the chain did not verify): nothing was purged.
    public var refused: String?
}

extension Vault {
    public static let anchorFileName = "audit-anchor.json"
    public var anchorPath: String { (directory as NSString).appendingPathComponent(Self.anchorFileName) }

    /// Purges, inside the caller's write transaction, the audit events at the head of the chain made before
    /// `cutoff` — only a prefix: nothing after the first event at or after the cutoff goes. The chain is
    /// verified first (a broken chain is never purged: the evidence stays); then the signed anchor is
    /// written, then the events are deleted under a permit the append-only trigger accepts.
    func purgeAudit(_ db: Database, before cutoff: Date, now: Date) throws -> AuditPurge {
        let cut = ISOTime.millis(cutoff)
        let loaded = AuditAnchor.load(path: anchorPath)
        guard let first = try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM audit_events") else {
            return AuditPurge(purged: 0, anchor: loaded.anchor)
        }
        let last: Int64
        if let firstKept = try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM audit_events WHERE at_ms >= ?", arguments: [cut]) {
            last = firstKept - 1
        } else {
            last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit_events") ?? 0
        }
        guard last >= first else { return AuditPurge(purged: 0, anchor: loaded.anchor) }

        let ring = keys
        let check = try Audit.verify(db, checkpoint: AuditCheckpoint.load(path: checkpointPath), anchor: loaded, auditKey: ring.auditKey)
        if let p = check.problem {
            return AuditPurge(purged: 0, anchor: loaded.anchor, refused: "the audit trail does not verify (\(p)); nothing purged")
        }
        guard let hash = try Data.fetchOne(db, sql: "SELECT hash FROM audit_events WHERE seq = ?", arguments: [last]) else {
            return AuditPurge(purged: 0, anchor: loaded.anchor)
        }
        // The base: where the chain started before this purge (the old anchor, or genesis).
        var base: (seq: Int64, hash: Data) = (0, Audit.genesis)
        if let a = loaded.anchor, first == a.seq + 1, let h = a.hashData { base = (a.seq, h) }
        let anchor = AuditAnchor.make(seq: last, hash: hash, at: now, keyring: ring.keyringID, base: base, key: ring.auditKey)
        try anchor.write(path: anchorPath)
        try db.execute(sql: "INSERT INTO audit_purge_permit (upto) VALUES (?)", arguments: [last])
        try db.execute(sql: "DELETE FROM audit_events WHERE seq <= ?", arguments: [last])
        let n = db.changesCount
        try db.execute(sql: "DELETE FROM audit_purge_permit")
        return AuditPurge(purged: n, anchor: anchor)
    }
}
