/// What can go wrong opening or reading the vault. Messages name files, ids and keys — never PHI.
public enum VaultError: Error, Sendable, Equatable, CustomStringConvertible {
    case keyFileMissing(path: String)
    case keyFileExists(path: String)
    case keyFileInvalid(path: String, reason: String)
    /// The key file belongs to another data dir (its key-ring id differs from the one the data was made with).
    case wrongKeyFile(path: String, expected: String, found: String)
    /// The data holds data keys wrapped under a KEK the key file does not have.
    case missingKEK(path: String, kekID: String)
    /// The data dir holds a database but no key file was configured.
    case noKeyFile(dataDir: String)
    case noVault(dataDir: String)
    /// A record whose ciphertext (or data key) failed authentication: tampered, truncated or corrupted.
    case unreadable(resource: String, id: String)
    /// A record of another practice, or a practice id that does not match this store's.
    case wrongPractice(resource: String, id: String)
    case notFound(resource: String, id: String)
    case storage(String)

    public var description: String {
        switch self {
        case .keyFileMissing(let p):
            return "key file \(p) not found (create one with `frontdesk keys init --key-file \(p)`)"
        case .keyFileExists(let p): return "key file \(p) already exists; refusing to overwrite it"
        case .keyFileInvalid(let p, let r): return "key file \(p): \(r)"
        case .wrongKeyFile(let p, let e, let f):
            return "key file \(p) does not belong to this data dir (data made with key ring \(e), file holds \(f)); nothing was changed"
        case .missingKEK(let p, let k):
            return "key file \(p) lacks key-encryption key \(k) used by this data dir (an older copy of the file?); nothing was changed"
        case .noKeyFile(let d):
            return "\(d) holds encrypted data but no key file was given: pass --key-file or set FRONTDESK_KEY_FILE; nothing was changed"
        case .noVault(let d): return "no FrontDesk data at \(d)"
        case .unreadable(let r, let id): return "\(r) \(id) cannot be decrypted (corrupted or tampered ciphertext)"
        case .wrongPractice(let r, let id): return "\(r) \(id) belongs to another practice"
        case .notFound(let r, let id): return "\(r) \(id) not found"
        case .storage(let s): return "storage error: \(s)"
        }
    }
}
