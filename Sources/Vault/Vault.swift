import Crypto
import Foundation
import FrontDeskCore
import GRDB

/// A small lock-protected box (Foundation's NSLock; works on every platform the package targets).
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ v: Value) { value = v }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }
}

/// The encrypted store of one data dir: a SQLite database (GRDB `DatabasePool`, WAL, `secure_delete`),
/// the key ring from a key file outside it, and the audit chain. `store(practiceID:context:)` gives the
/// practice-scoped `Store` the receptionist uses.
///
/// Layout of a data dir:
///
///     DIR/frontdesk.sqlite (+ -wal, -shm)   the database: PHI only as AES-256-GCM ciphertext
///     DIR/audit-checkpoint.json             the audit chain head, HMAC-signed under the audit key
///     DIR/audit-anchor.json                 once old events were purged: the chain's signed start
///     DIR/keys/frontdesk.key                only for a demo dir with no key file configured
public final class Vault: Sendable {
    public static let databaseFileName = "frontdesk.sqlite"
    public static let checkpointFileName = "audit-checkpoint.json"

    public let directory: String
    public let keyFilePath: String
    let pool: DatabasePool
    let clock: any FrontDeskCore.Clock
    let ring: Locked<KeyRing>
    /// Unwrapped data keys by id (dropped when a key is destroyed).
    let keyCache = Locked<[String: SymmetricKey]>([:])
    /// Benchmarks only: store the same bytes unsealed, to measure what sealing costs.
    let plaintext: Bool
    /// A checkpoint write is scheduled (`requestCheckpoint`).
    let checkpointPending = Locked(false)

    public static func databasePath(_ dir: String) -> String { (dir as NSString).appendingPathComponent(databaseFileName) }
    public static func exists(at dir: String) -> Bool { FileManager.default.fileExists(atPath: databasePath(dir)) }
    public var checkpointPath: String { (directory as NSString).appendingPathComponent(Self.checkpointFileName) }

    /// Opens (or, with `create`, makes) the vault in `directory` with the key file at `keyFile`.
    /// A missing, malformed or foreign key file is reported before anything is written.
    public static func open(directory: String, keyFile: String, clock: any FrontDeskCore.Clock, create: Bool = true,
                            synchronous: Synchronous = .full) throws -> Vault {
        let ring = try KeyRing.load(path: keyFile)
        return try Vault(directory: directory, keyFile: keyFile, ring: ring, clock: clock, create: create,
                         synchronous: synchronous, plaintext: false)
    }

    /// For benchmarks in this package: the same vault with sealing switched off.
    package static func openForBenchmark(directory: String, keyFile: String, clock: any FrontDeskCore.Clock,
                                         plaintext: Bool, synchronous: Synchronous) throws -> Vault {
        let ring = try KeyRing.load(path: keyFile)
        return try Vault(directory: directory, keyFile: keyFile, ring: ring, clock: clock, create: true,
                         synchronous: synchronous, plaintext: plaintext)
    }

    /// SQLite's `synchronous` setting. `full` (default) syncs the WAL on every commit: a committed turn or
    /// booking survives a power cut. `normal` survives a crash of the process but not of the machine.
    public enum Synchronous: String, Sendable { case full = "FULL", normal = "NORMAL" }

    private init(directory: String, keyFile: String, ring: KeyRing, clock: any FrontDeskCore.Clock, create: Bool,
                 synchronous: Synchronous, plaintext: Bool) throws {
        let fm = FileManager.default
        let existed = Vault.exists(at: directory)
        if !existed {
            guard create else { throw VaultError.noVault(dataDir: directory) }
            try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        self.directory = directory
        self.keyFilePath = keyFile
        self.clock = clock
        self.ring = Locked(ring)
        self.plaintext = plaintext

        var config = Configuration()
        config.busyMode = .timeout(10)
        config.label = "frontdesk.vault"
        let sync = synchronous.rawValue
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        // The key file is checked against the data through a read-only connection first: a wrong key file
        // must leave the data dir exactly as it was (opening the pool may write to the WAL).
        var checked = false
        var promote = false
        if existed, let q = try? Vault.readOnlyQueue(directory) {
            promote = try Vault.checkKeys(q, ring: ring, keyFile: keyFile)
            checked = true
        }
        pool = try DatabasePool(path: Vault.databasePath(directory), configuration: config)
        if existed, !checked { promote = try Vault.checkKeys(pool, ring: ring, keyFile: keyFile) }
        if promote {
            // An index-key rotation committed but did not get to finish the key file: finish it now.
            var r = ring
            r.indexKey = ring.nextIndexKey!
            r.nextIndexKey = nil
            try? r.write(replacing: keyFile)
            self.ring.withLock { $0 = r }
        }
        // GRDB sets `synchronous = NORMAL` when it turns WAL on; the writer gets the setting asked for.
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(sync)") }
        // Owner-only, like the key file (SQLite creates them with the process umask).
        for suffix in ["", "-wal", "-shm"] { chmod(Vault.databasePath(directory) + suffix, 0o600) }

        try Schema.migrator.migrate(pool)
        let at = ISOTime.millis(clock.now())
        try pool.write { db in
            if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'keyring'") == nil {
                try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('keyring', ?), ('index_check', ?), ('created', ?)",
                               arguments: [ring.keyringID, Vault.indexCheck(ring), ISOTime.string(millis: at)])
                try Audit.append(db, [AuditEntry(action: "create", resourceType: "vault", resourceID: ring.keyringID, practiceID: "*")],
                                 context: .cli, atMillis: at)
            }
        }
    }

    static func indexCheck(_ ring: KeyRing) -> String { indexCheck(key: ring.indexKey) }
    static func indexCheck(key: SymmetricKey) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data("fd-index-check".utf8), using: key)).hex
    }

    /// Is this key file the one the data was made with, and does it hold every KEK the data keys need?
    /// Returns true when the data's blind indexes are under the key file's *next* index key (a rotation
    /// that committed before the key file was finished): that key must be used.
    private static func checkKeys(_ reader: some DatabaseReader, ring: KeyRing, keyFile: String) throws -> Bool {
        let (stored, check, keks): (String?, String?, [String]) = try reader.read { db in
            guard try db.tableExists("meta") else { return (nil, nil, []) }
            let k = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'keyring'")
            let c = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'index_check'")
            let keks = try db.tableExists("data_keys") ? try String.fetchAll(db, sql: "SELECT DISTINCT kek_id FROM data_keys") : []
            return (k, c, keks)
        }
        if let s = stored, s != ring.keyringID { throw VaultError.wrongKeyFile(path: keyFile, expected: s, found: ring.keyringID) }
        var promote = false
        if let c = check, c != Vault.indexCheck(ring) {
            guard let next = ring.nextIndexKey, c == Vault.indexCheck(key: next) else {
                throw VaultError.keyFileInvalid(path: keyFile, reason: "its index key is not the one this data dir was made with; nothing was changed")
            }
            promote = true
        }
        for k in keks where ring.keks[k] == nil { throw VaultError.missingKEK(path: keyFile, kekID: k) }
        return promote
    }

    /// The practice-scoped store: every read and write is limited to `practiceID` and audited under `context`.
    public func store(practiceID: String, context: AuditContext = .engine) -> VaultStore {
        VaultStore(vault: self, practiceID: practiceID, context: context)
    }

    var keys: KeyRing { ring.withLock { $0 } }
    var now: Date { clock.now() }
    var nowMillis: Int64 { ISOTime.millis(clock.now()) }

    // MARK: - Data keys

    /// Makes and stores a new data key (wrapped under the active KEK) for `owner` (e.g. `patient:pat-1`).
    func newDataKey(_ db: Database, practiceID: String, owner: String) throws -> (id: String, key: SymmetricKey) {
        let id = "dk-" + KeyRing.randomHex(10)
        let key = SymmetricKey(size: .bits256)
        let ring = keys
        let wrapped = try Sealing.wrap(key, kek: ring.activeKey, kekID: ring.activeKEK, dataKeyID: id, practiceID: practiceID)
        try db.execute(sql: "INSERT INTO data_keys (id, practice_id, owner, kek_id, wrapped, created_ms) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [id, practiceID, owner, ring.activeKEK, wrapped, nowMillis])
        keyCache.withLock { $0[id] = key }
        return (id, key)
    }

    /// A data key by id, unwrapped (cached). Throws when it was destroyed, belongs to another practice or
    /// fails to unwrap.
    func dataKey(_ db: Database, id: String, practiceID: String) throws -> SymmetricKey {
        if let k = keyCache.withLock({ $0[id] }) { return k }
        guard let row = try Row.fetchOne(db, sql: "SELECT practice_id, kek_id, wrapped FROM data_keys WHERE id = ?", arguments: [id]) else {
            throw Sealing.SealError.noKey
        }
        let pid: String = row[0], kekID: String = row[1], wrapped: Data = row[2]
        guard pid == practiceID, let kek = keys.keks[kekID] else { throw Sealing.SealError.noKey }
        let key = try Sealing.unwrap(wrapped, kek: kek, kekID: kekID, dataKeyID: id, practiceID: practiceID)
        keyCache.withLock { $0[id] = key }
        return key
    }

    func destroyDataKeys(_ db: Database, ids: [String]) throws {
        for id in ids { try db.execute(sql: "DELETE FROM data_keys WHERE id = ?", arguments: [id]) }
        keyCache.withLock { c in for id in ids { c[id] = nil } }
    }

    // MARK: - Sealing values

    func seal<T: Encodable>(_ value: T, keyID: String, key: SymmetricKey, practiceID: String, table: String, rowID: String) throws -> Data {
        let bytes = try JSONEncoder().encode(value)
        if plaintext { return Data([0]) + bytes }
        return try Sealing.seal(bytes, key: key, keyID: keyID, practiceID: practiceID, table: table, rowID: rowID)
    }

    func open<T: Decodable>(_ type: T.Type, _ blob: Data, _ db: Database, practiceID: String, table: String, rowID: String) throws -> T {
        if plaintext, blob.first == 0 { return try JSONDecoder().decode(T.self, from: blob.dropFirst()) }
        guard let keyID = Sealing.keyID(of: blob) else { throw Sealing.SealError.malformed }
        let key = try dataKey(db, id: keyID, practiceID: practiceID)
        let bytes = try Sealing.open(blob, key: key, practiceID: practiceID, table: table, rowID: rowID)
        return try JSONDecoder().decode(T.self, from: bytes)
    }

    func index(phone: String?, practiceID: String) -> Data? {
        phone.flatMap { BlindIndex.phone($0, practiceID: practiceID, key: keys.indexKey) }
    }

    func index(name: String?, dob: LocalDate?, practiceID: String) -> Data? {
        guard let n = name, let d = dob else { return nil }
        return BlindIndex.nameDOB(name: n, dob: d, practiceID: practiceID, key: keys.indexKey)
    }

    // MARK: - Audit

    /// Appends events in their own transaction (for accesses that failed and rolled back).
    func audit(_ entries: [AuditEntry], context: AuditContext) {
        let at = nowMillis
        _ = try? pool.write { db in try Audit.append(db, entries, context: context, atMillis: at) }
    }

    /// Appends a batch of audit events in one transaction (tools and benchmarks).
    package func appendAudit(count: Int, context: AuditContext, practiceID: String) throws {
        let at = nowMillis
        let entries = (0..<count).map { i in
            AuditEntry(action: "read", resourceType: "patient", resourceID: "pat-\(i)", practiceID: practiceID)
        }
        try pool.write { db in try Audit.append(db, entries, context: context, atMillis: at) }
    }

    /// SQLite's `synchronous` setting in force on the writer (0 off, 1 normal, 2 full).
    package func synchronousSetting() throws -> Int {
        try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// Walks the audit chain and checks it against the signed checkpoint file.
    public func verifyAudit() throws -> AuditVerification {
        let cp = AuditCheckpoint.load(path: checkpointPath)
        let anchor = AuditAnchor.load(path: anchorPath)
        let key = keys.auditKey
        return try pool.read { db in try Audit.verify(db, checkpoint: cp, anchor: anchor, auditKey: key) }
    }

    /// Brings the signed checkpoint up to date within about a second, on a background queue: requests in
    /// between coalesce into one write. For busy paths (a call's every turn), which should neither block a
    /// thread of Swift's small cooperative pool on file I/O nor write the file fifty times a second. The
    /// events themselves are already committed and hash-chained; the checkpoint (which detects a truncated
    /// chain) lags them by at most that second. `close()` writes it at once.
    public func requestCheckpoint() {
        let first = checkpointPending.withLock { pending -> Bool in defer { pending = true }; return !pending }
        guard first else { return }
        Self.checkpointQueue.asyncAfter(deadline: .now() + .seconds(1)) { [self] in
            checkpointPending.withLock { $0 = false }
            _ = try? writeCheckpoint()
        }
    }

    static let checkpointQueue = DispatchQueue(label: "frontdesk.vault.checkpoint")

    /// Writes the signed checkpoint of the chain head, unless the file already covers it (or later).
    @discardableResult
    public func writeCheckpoint() throws -> AuditCheckpoint? {
        let head = try pool.read { db in try Audit.head(db) }
        guard head.seq > 0 else { return nil }
        if let old = AuditCheckpoint.load(path: checkpointPath), old.seq >= head.seq { return old }
        let ring = keys
        let cp = AuditCheckpoint.make(seq: head.seq, hash: head.hash, at: now, keyring: ring.keyringID, key: ring.auditKey)
        try cp.write(path: checkpointPath)
        return cp
    }

    /// Audit events whose time lies in `[since, until)`, in sequence order.
    public func auditEvents(since: Date? = nil, until: Date? = nil) throws -> [AuditEvent] {
        var sql = Audit.selectAll + " WHERE 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let s = since { sql += " AND at_ms >= ?"; args.append(ISOTime.millis(s)) }
        if let u = until { sql += " AND at_ms < ?"; args.append(ISOTime.millis(u)) }
        sql += " ORDER BY seq"
        let a = StatementArguments(args), q = sql
        return try pool.read { db in try Row.fetchAll(db, sql: q, arguments: a).map(Audit.event) }
    }

    /// Number of audit events.
    public func auditCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_events") ?? 0 }
    }

    /// Practices with any record in this vault.
    public func practiceIDs() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: """
                SELECT practice_id FROM patients UNION SELECT practice_id FROM appointments UNION SELECT practice_id FROM calls
                UNION SELECT practice_id FROM messages UNION SELECT practice_id FROM refills UNION SELECT practice_id FROM leads
                UNION SELECT practice_id FROM users ORDER BY 1
                """)
        }
    }

    // MARK: - Read-only access to the audit trail (no key needed: it holds no PHI)

    static func readOnlyQueue(_ directory: String) throws -> DatabaseQueue {
        guard exists(at: directory) else { throw VaultError.noVault(dataDir: directory) }
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        return try DatabaseQueue(path: databasePath(directory), configuration: config)
    }

    /// Verifies the audit chain of a data dir without opening it for writing. With the key ring, the
    /// checkpoint's signature is checked too; without it, only its position in the chain.
    public static func verifyAudit(directory: String, keyRing: KeyRing?) throws -> AuditVerification {
        let q = try readOnlyQueue(directory)
        let cp = AuditCheckpoint.load(path: (directory as NSString).appendingPathComponent(checkpointFileName))
        let anchor = AuditAnchor.load(path: (directory as NSString).appendingPathComponent(anchorFileName))
        let key = keyRing?.auditKey
        return try q.read { db in try Audit.verify(db, checkpoint: cp, anchor: anchor, auditKey: key) }
    }

    /// Streams the audit events of a data dir whose time lies in `[since, until)`, in sequence order.
    public static func forEachAuditEvent(directory: String, since: Date? = nil, until: Date? = nil,
                                         _ body: (AuditEvent) throws -> Void) throws {
        let q = try readOnlyQueue(directory)
        var sql = Audit.selectAll + " WHERE 1"
        var args: [(any DatabaseValueConvertible)?] = []
        if let s = since { sql += " AND at_ms >= ?"; args.append(ISOTime.millis(s)) }
        if let u = until { sql += " AND at_ms < ?"; args.append(ISOTime.millis(u)) }
        sql += " ORDER BY seq"
        try q.read { db in
            let c = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(args))
            while let row = try c.next() { try body(Audit.event(row)) }
        }
    }

    // MARK: - Key rotation

    /// Re-wraps every data key under a new key-encryption key; the data itself is not touched. The new KEK
    /// is added to the key file first (so a crash leaves a file that opens both old and new wrappings),
    /// then every data key is re-wrapped in one transaction, then KEKs no longer used are dropped from the file.
    public func rotateKEK() throws -> (rewrapped: Int, newKEK: String, retired: [String]) {
        var ring = keys
        let newID = KeyRing.newKEKID()
        ring.keks[newID] = SymmetricKey(size: .bits256)
        ring.activeKEK = newID
        try ring.write(replacing: keyFilePath)
        self.ring.withLock { $0 = ring }
        let snapshot = ring
        let at = nowMillis
        let count: Int = try pool.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, practice_id, kek_id, wrapped FROM data_keys WHERE kek_id != ?", arguments: [newID])
            let upd = try db.cachedStatement(sql: "UPDATE data_keys SET kek_id = ?, wrapped = ? WHERE id = ?")
            for r in rows {
                let id: String = r[0], pid: String = r[1], kid: String = r[2], wrapped: Data = r[3]
                guard let old = snapshot.keks[kid] else { throw VaultError.missingKEK(path: self.keyFilePath, kekID: kid) }
                let key = try Sealing.unwrap(wrapped, kek: old, kekID: kid, dataKeyID: id, practiceID: pid)
                let rewrapped = try Sealing.wrap(key, kek: snapshot.activeKey, kekID: newID, dataKeyID: id, practiceID: pid)
                try upd.execute(arguments: [newID, rewrapped, id])
            }
            try Audit.append(db, [AuditEntry(action: "update", resourceType: "key_ring", resourceID: snapshot.keyringID + "/" + newID, practiceID: "*")],
                             context: .cli, atMillis: at)
            return rows.count
        }
        let used = Set(try pool.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT kek_id FROM data_keys") })
        let retired = ring.keks.keys.filter { $0 != newID && !used.contains($0) }.sorted()
        for k in retired { ring.keks[k] = nil }
        try ring.write(replacing: keyFilePath)
        self.ring.withLock { $0 = ring }
        return (count, newID, retired)
    }

    /// Moves the WAL's content into the database file and truncates the WAL, so pages freed (and
    /// zeroed by `secure_delete`) leave no older copy behind in the `-wal` file.
    public func checkpointWAL() throws {
        try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// Closes the database: writes the signed audit checkpoint, moves the WAL into the database file and
    /// truncates it, then closes every connection.
    public func close() throws {
        _ = try? writeCheckpoint()
        try? checkpointWAL()
        try pool.close()
    }
}
