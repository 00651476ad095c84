import Crypto
import Foundation

/// The keys that live outside the database, in one key file (JSON, mode 0600):
/// - key-encryption keys (KEKs), by id, one of them active: they wrap the per-record data keys;
/// - the blind-index key: HMAC-SHA256 key for look-ups by phone and by name + date of birth;
/// - the audit key: HMAC-SHA256 key for the signed audit checkpoints.
/// `keyringID` ties the file to the data dir it was first used with.
public struct KeyRing: Sendable {
    public static let format = "frontdesk-keyring-v1"

    public var keyringID: String
    public var activeKEK: String
    public var keks: [String: SymmetricKey]
    public var indexKey: SymmetricKey
    /// The index key being rotated to (`frontdesk keys rotate --index`), present only while a rotation is
    /// under way or was interrupted: the data matches either this one or `indexKey`.
    public var nextIndexKey: SymmetricKey?
    public var auditKey: SymmetricKey
    public var created: String

    /// A fresh key ring: one KEK, an index key and an audit key, all 256-bit random.
    public static func generate(now: Date) -> KeyRing {
        let kek = newKEKID()
        return KeyRing(keyringID: "kr-" + randomHex(8), activeKEK: kek, keks: [kek: SymmetricKey(size: .bits256)],
                       indexKey: SymmetricKey(size: .bits256), nextIndexKey: nil, auditKey: SymmetricKey(size: .bits256),
                       created: ISOTime.string(now))
    }

    static func newKEKID() -> String { "kek-" + randomHex(6) }

    public var activeKey: SymmetricKey { keks[activeKEK]! }

    // MARK: - File format

    private struct File: Codable {
        var format: String
        var keyring: String
        var active: String
        var keks: [String: String]
        var index: String
        var indexNext: String?
        var audit: String
        var created: String
        enum CodingKeys: String, CodingKey { case format, keyring, active, keks, index, indexNext = "index_next", audit, created }
    }

    func encoded() -> Data {
        func b64(_ k: SymmetricKey) -> String { k.withUnsafeBytes { Data($0).base64EncodedString() } }
        let f = File(format: Self.format, keyring: keyringID, active: activeKEK, keks: keks.mapValues(b64),
                     index: b64(indexKey), indexNext: nextIndexKey.map(b64), audit: b64(auditKey), created: created)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? enc.encode(f)) ?? Data()
    }

    static func decode(_ data: Data, path: String) throws(VaultError) -> KeyRing {
        guard let f = try? JSONDecoder().decode(File.self, from: data), f.format == format else {
            throw .keyFileInvalid(path: path, reason: "not a FrontDesk key file (\(format))")
        }
        func key(_ s: String, _ what: String) throws(VaultError) -> SymmetricKey {
            guard let d = Data(base64Encoded: s), d.count == 32 else {
                throw .keyFileInvalid(path: path, reason: "\(what) is not a 256-bit key")
            }
            return SymmetricKey(data: d)
        }
        var keks: [String: SymmetricKey] = [:]
        for (id, s) in f.keks { keks[id] = try key(s, id) }
        guard keks[f.active] != nil else { throw .keyFileInvalid(path: path, reason: "active key \(f.active) is missing") }
        var next: SymmetricKey? = nil
        if let n = f.indexNext { next = try key(n, "next index key") }
        return KeyRing(keyringID: f.keyring, activeKEK: f.active, keks: keks, indexKey: try key(f.index, "index key"),
                       nextIndexKey: next, auditKey: try key(f.audit, "audit key"), created: f.created)
    }

    /// Reads a key file. Refuses one that others can read (any group or other permission bit).
    public static func load(path: String) throws(VaultError) -> KeyRing {
        var st = stat()
        guard stat(path, &st) == 0 else { throw .keyFileMissing(path: path) }
        if st.st_mode & 0o077 != 0 {
            throw .keyFileInvalid(path: path, reason: String(format: "readable by others (mode %o); run chmod 600 on it", st.st_mode & 0o777))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .keyFileInvalid(path: path, reason: "cannot be read")
        }
        return try decode(data, path: path)
    }

    /// Creates a new key file (mode 0600). Refuses to overwrite an existing file.
    @discardableResult
    public static func create(path: String, now: Date) throws(VaultError) -> KeyRing {
        let ring = generate(now: now)
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !FileManager.default.fileExists(atPath: dir) {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                         attributes: [.posixPermissions: 0o700]) }
            catch { throw .keyFileInvalid(path: path, reason: "cannot create its folder") }
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        if fd < 0 {
            if errno == EEXIST { throw .keyFileExists(path: path) }
            throw .keyFileInvalid(path: path, reason: "cannot be created (\(String(cString: strerror(errno))))")
        }
        defer { close(fd) }
        try writeAll(fd, ring.encoded(), path: path)
        fsync(fd)
        return ring
    }

    /// Replaces the key file atomically (temporary file in the same folder, fsync, rename), mode 0600.
    func write(replacing path: String) throws(VaultError) {
        let tmp = path + ".tmp-" + Self.randomHex(4)
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw .keyFileInvalid(path: path, reason: "cannot write beside it") }
        do {
            try Self.writeAll(fd, encoded(), path: path)
            fsync(fd)
            close(fd)
        } catch {
            close(fd); unlink(tmp); throw error
        }
        guard rename(tmp, path) == 0 else { unlink(tmp); throw .keyFileInvalid(path: path, reason: "cannot be replaced") }
    }

    private static func writeAll(_ fd: Int32, _ data: Data, path: String) throws(VaultError) {
        let ok = data.withUnsafeBytes { buf -> Bool in
            var off = 0
            while off < buf.count {
                let n = Foundation.write(fd, buf.baseAddress! + off, buf.count - off)
                if n <= 0 { return false }
                off += n
            }
            return true
        }
        if !ok { throw .keyFileInvalid(path: path, reason: "write failed") }
    }

    static func randomHex(_ bytes: Int) -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<bytes).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }
}

/// Where the key file comes from, for a data dir.
public struct KeyFileChoice: Sendable, Equatable {
    public var path: String
    /// The demo key file under `DIR/keys/` (warn: it sits beside the data it protects).
    public var insideDataDir: Bool
    /// It was created just now (a new data dir with no key file configured).
    public var created: Bool
}

public enum KeyFileLocator {
    public static let environmentVariable = "FRONTDESK_KEY_FILE"
    public static func defaultPath(dataDir: String) -> String { (dataDir as NSString).appendingPathComponent("keys/frontdesk.key") }

    /// Picks the key file: `--key-file`, else `FRONTDESK_KEY_FILE`, else `DIR/keys/frontdesk.key` if present.
    /// With none of these, a new data dir (no database yet) gets a demo key file under `DIR/keys/` when
    /// `createIfNew`; an existing one is an error — a new key could never open its data.
    public static func resolve(dataDir: String, explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                               createIfNew: Bool, now: Date) throws(VaultError) -> KeyFileChoice {
        if let p = explicit ?? environment[environmentVariable].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard FileManager.default.fileExists(atPath: p) else { throw .keyFileMissing(path: p) }
            return KeyFileChoice(path: p, insideDataDir: false, created: false)
        }
        let def = defaultPath(dataDir: dataDir)
        if FileManager.default.fileExists(atPath: def) { return KeyFileChoice(path: def, insideDataDir: true, created: false) }
        if Vault.exists(at: dataDir) { throw .noKeyFile(dataDir: dataDir) }
        guard createIfNew else { throw .noVault(dataDir: dataDir) }
        try KeyRing.create(path: def, now: now)
        return KeyFileChoice(path: def, insideDataDir: true, created: true)
    }
}
