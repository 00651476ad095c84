import Crypto
import Foundation
import FrontDeskCore
import GRDB

/// What a dashboard user may do (enforced by the `Access` module, stored here): `owner`, `admin`,
/// `front_desk`, `clinician`, `auditor`. The permissions of each are in `Access` (docs/access.md).
public enum UserRole: String, Sendable, Codable, CaseIterable {
    case owner, admin
    case frontDesk = "front_desk"
    case clinician, auditor
}

/// A staff account of one practice. The password hash is opaque to the Vault (hashing is the `Access`
/// module's job); the TOTP secret is sealed under the user's own data key. Usernames are unique per
/// practice; `Access` uses the lower-cased email address as the username.
public struct StaffUser: Sendable, Equatable {
    public var id: String
    public var practiceID: String
    public var username: String
    public var role: UserRole
    public var passwordHash: String
    public var totpSecret: String?
    public var mfaEnrolled: Bool
    public var failedAttempts: Int
    public var lockedUntil: Date?
    public var disabled: Bool
    public var createdAt: Date
    /// The last TOTP time step accepted for this user (replay guard), nil before the first. Written only by
    /// `VaultStore.acceptTOTPStep` (atomically); `createUser` and `updateUser` leave it as stored.
    public var lastTOTPStep: Int64?

    public init(id: String, practiceID: String, username: String, role: UserRole, passwordHash: String, totpSecret: String? = nil,
                mfaEnrolled: Bool = false, failedAttempts: Int = 0, lockedUntil: Date? = nil, disabled: Bool = false, createdAt: Date,
                lastTOTPStep: Int64? = nil) {
        self.id = id; self.practiceID = practiceID; self.username = username; self.role = role; self.passwordHash = passwordHash
        self.totpSecret = totpSecret; self.mfaEnrolled = mfaEnrolled; self.failedAttempts = failedAttempts
        self.lockedUntil = lockedUntil; self.disabled = disabled; self.createdAt = createdAt; self.lastTOTPStep = lastTOTPStep
    }

    /// Locked out at `now` (too many failed attempts, lock not yet expired).
    public func isLocked(at now: Date) -> Bool { lockedUntil.map { $0 > now } ?? false }
}

/// A dashboard session. Its token is never stored: only the SHA-256 of it (`tokenHash`).
public struct UserSession: Sendable, Equatable {
    public var tokenHash: Data
    public var practiceID: String
    public var userID: String
    public var createdAt: Date
    public var lastSeenAt: Date
    public var expiresAt: Date
    public var ip: String?
    /// SHA-256 of the User-Agent header (to notice a stolen cookie used from another browser).
    public var userAgentHash: Data?
    /// A short handle for logs and the audit trail: the first 16 hex digits of the token hash.
    public var handle: String { String(tokenHash.hex.prefix(16)) }
}

/// An API token for machine access. Only the SHA-256 of the token is stored.
public struct APIToken: Sendable, Equatable {
    public var id: String
    public var practiceID: String
    public var userID: String
    public var name: String
    public var scopes: [String]
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var revokedAt: Date?
}

/// Bearer secrets (session and API tokens): generated here, shown once, stored only as SHA-256.
public enum SecretToken {
    /// A new random token: a prefix and 256 random bits in hex.
    public static func generate(prefix: String) -> String { prefix + KeyRing.randomHex(32) }
    /// SHA-256 of the token's UTF-8 bytes: what the database keeps.
    public static func hash(_ token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }
}

struct TOTPPHI: Codable { var secret: String }

extension VaultStore {
    // MARK: - Users

    static let userColumns = """
        id, username, role, password_hash, key_id, sealed_totp, mfa_enrolled, failed_attempts, locked_until_ms, disabled, created_ms,
        last_totp_step
        """

    static func user(_ v: Vault, _ db: Database, _ row: Row, practiceID: String) throws -> StaffUser {
        let id: String = row[0]
        var totp: String? = nil
        if let blob: Data = row[5] {
            do { totp = try v.open(TOTPPHI.self, blob, db, practiceID: practiceID, table: "users.totp", rowID: id).secret }
            catch { throw VaultError.unreadable(resource: "user", id: id) }
        }
        return StaffUser(id: id, practiceID: practiceID, username: row[1], role: UserRole(rawValue: row[2]) ?? .frontDesk,
                         passwordHash: row[3], totpSecret: totp, mfaEnrolled: row[6], failedAttempts: row[7],
                         lockedUntil: (row[8] as Int64?).map(ISOTime.date(millis:)), disabled: row[9], createdAt: ISOTime.date(millis: row[10]),
                         lastTOTPStep: row[11])
    }

    private func sealTOTP(_ db: Database, userID: String, secret: String?, keyID existing: String?) throws -> (keyID: String?, sealed: Data?) {
        guard let secret else { return (existing, nil) }
        let keyID: String, key: SymmetricKeyBox
        if let k = existing {
            keyID = k; key = SymmetricKeyBox(try vault.dataKey(db, id: k, practiceID: practiceID))
        } else {
            let k = try vault.newDataKey(db, practiceID: practiceID, owner: "user:\(userID)")
            keyID = k.id; key = SymmetricKeyBox(k.key)
        }
        return (keyID, try vault.seal(TOTPPHI(secret: secret), keyID: keyID, key: key.key, practiceID: practiceID, table: "users.totp", rowID: userID))
    }

    /// Creates a staff account. Refuses another practice's user and a username already taken in this
    /// practice (`VaultError.storage`). Audited `create user`.
    public func createUser(_ u: StaffUser) async throws {
        guard u.practiceID == practiceID else {
            vault.audit([entry("create", "user", u.id, "denied")], context: context)
            throw VaultError.wrongPractice(resource: "user", id: u.id)
        }
        let pid = practiceID
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM users WHERE id = ? OR (practice_id = ? AND username = ?))",
                                 arguments: [u.id, pid, u.username]) ?? false {
                throw VaultError.storage("user \(u.id) or its username exists")
            }
            let t = try sealTOTP(db, userID: u.id, secret: u.totpSecret, keyID: nil)
            try db.execute(sql: """
                INSERT INTO users (id, practice_id, username, role, password_hash, key_id, sealed_totp, mfa_enrolled, failed_attempts,
                                   locked_until_ms, disabled, created_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [u.id, pid, u.username, u.role.rawValue, u.passwordHash, t.keyID, t.sealed, u.mfaEnrolled, u.failedAttempts,
                                 u.lockedUntil.map(ISOTime.millis), u.disabled, ISOTime.millis(u.createdAt)])
            try audit(db, [entry("create", "user", u.id)])
        }
    }

    private func fetchUser(where condition: String, _ args: StatementArguments) async throws -> StaffUser? {
        let pid = practiceID, v = vault
        return try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM users WHERE practice_id = ? AND \(condition)",
                             arguments: StatementArguments([pid]) + args).map { try Self.user(v, db, $0, practiceID: pid) }
        }
    }

    /// The user of this practice with this username (login). Not audited (no PHI); nil when none.
    public func user(username: String) async throws -> StaffUser? { try await fetchUser(where: "username = ?", [username]) }

    /// The user of this practice with this id; nil when none (or another practice's).
    public func user(id: String) async throws -> StaffUser? { try await fetchUser(where: "id = ?", [id]) }

    /// Every user of this practice, by username.
    public func users() async throws -> [StaffUser] {
        let pid = practiceID, v = vault
        return try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.userColumns) FROM users WHERE practice_id = ? ORDER BY username", arguments: [pid])
                .map { try Self.user(v, db, $0, practiceID: pid) }
        }
    }

    /// Writes back a user's mutable fields (username, role, password hash, TOTP secret, MFA enrolment,
    /// failed attempts, lock, disabled). A user of another practice is refused (`wrongPractice`, audited
    /// `denied`); an unknown id throws `notFound`. Audited `update user`.
    public func updateUser(_ u: StaffUser) async throws {
        let pid = practiceID
        enum Outcome: Sendable { case done, denied, missing }
        let outcome: Outcome = try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT practice_id, key_id FROM users WHERE id = ?", arguments: [u.id]) else { return .missing }
            guard (row[0] as String) == pid, u.practiceID == pid else {
                try audit(db, [entry("update", "user", u.id, "denied")])
                return .denied
            }
            let t = try sealTOTP(db, userID: u.id, secret: u.totpSecret, keyID: row[1])
            try db.execute(sql: """
                UPDATE users SET username = ?, role = ?, password_hash = ?, key_id = ?, sealed_totp = ?, mfa_enrolled = ?, failed_attempts = ?,
                                 locked_until_ms = ?, disabled = ? WHERE id = ?
                """, arguments: [u.username, u.role.rawValue, u.passwordHash, t.keyID, t.sealed, u.mfaEnrolled, u.failedAttempts,
                                 u.lockedUntil.map(ISOTime.millis), u.disabled, u.id])
            try audit(db, [entry("update", "user", u.id)])
            return .done
        }
        switch outcome {
        case .done: return
        case .denied: throw VaultError.wrongPractice(resource: "user", id: u.id)
        case .missing: throw VaultError.notFound(resource: "user", id: u.id)
        }
    }

    /// Counts a failed login atomically; at `lockAfter` consecutive failures the account is locked for
    /// `lockFor` seconds (and the count starts again). Returns the user as updated, nil when unknown.
    /// Audited `update user` (`failure` outcome when this attempt locked the account).
    @discardableResult
    public func recordFailedLogin(userID: String, lockAfter: Int = 5, lockFor: TimeInterval = 900) async throws -> StaffUser? {
        let pid = practiceID, v = vault, now = vault.now
        return try await pool.write { db in
            guard let n = try Int.fetchOne(db, sql: "SELECT failed_attempts FROM users WHERE id = ? AND practice_id = ?", arguments: [userID, pid]) else {
                return nil
            }
            let locks = n + 1 >= lockAfter
            try db.execute(sql: "UPDATE users SET failed_attempts = ?, locked_until_ms = COALESCE(?, locked_until_ms) WHERE id = ?",
                           arguments: [locks ? 0 : n + 1, locks ? ISOTime.millis(now.addingTimeInterval(lockFor)) : nil, userID])
            try audit(db, [entry("update", "user", userID, locks ? "failure" : "success")])
            return try Row.fetchOne(db, sql: "SELECT \(Self.userColumns) FROM users WHERE id = ?", arguments: [userID])
                .map { try Self.user(v, db, $0, practiceID: pid) }
        }
    }

    /// Records `step` as the user's last accepted TOTP step, atomically and only if it is later than the one
    /// stored: true when it was recorded, false when that step (or a later one) was already accepted — a
    /// replayed code — or the user is unknown. Persisted, so the guard survives a restart and holds across
    /// several authenticators on one vault. Not audited (the session it opens is).
    public func acceptTOTPStep(userID: String, step: Int64) async throws -> Bool {
        let pid = practiceID
        return try await pool.write { db in
            try db.execute(sql: """
                UPDATE users SET last_totp_step = ? WHERE id = ? AND practice_id = ? AND (last_totp_step IS NULL OR last_totp_step < ?)
                """, arguments: [step, userID, pid, step])
            return db.changesCount == 1
        }
    }

    // MARK: - Sessions

    static let sessionColumns = "token_hash, user_id, created_ms, last_seen_ms, expires_ms, ip, user_agent_hash"

    func session(_ row: Row) -> UserSession {
        UserSession(tokenHash: row[0], practiceID: practiceID, userID: row[1], createdAt: ISOTime.date(millis: row[2]),
                    lastSeenAt: ISOTime.date(millis: row[3]), expiresAt: ISOTime.date(millis: row[4]), ip: row[5], userAgentHash: row[6])
    }

    /// Opens a session for an enabled user of this practice, valid `lifetime` seconds. Returns the token —
    /// shown once, to be set as the cookie — and the session as stored (under the token's SHA-256 only).
    /// Audited `create session`. `notFound` for an unknown or disabled user.
    public func createSession(userID: String, lifetime: TimeInterval, ip: String? = nil, userAgent: String? = nil) async throws
        -> (token: String, session: UserSession) {
        let pid = practiceID, now = vault.nowMillis
        let token = SecretToken.generate(prefix: "fds_")
        let hash = SecretToken.hash(token)
        let expires = now + Int64(lifetime * 1000)
        let ua = userAgent.map(SecretToken.hash)
        let store = self
        let s: UserSession = try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT disabled = 0 FROM users WHERE id = ? AND practice_id = ?", arguments: [userID, pid]) == true else {
                throw VaultError.notFound(resource: "user", id: userID)
            }
            try db.execute(sql: """
                INSERT INTO sessions (token_hash, practice_id, user_id, created_ms, last_seen_ms, expires_ms, ip, user_agent_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [hash, pid, userID, now, now, expires, ip, ua])
            let s = UserSession(tokenHash: hash, practiceID: pid, userID: userID, createdAt: ISOTime.date(millis: now),
                                lastSeenAt: ISOTime.date(millis: now), expiresAt: ISOTime.date(millis: expires), ip: ip, userAgentHash: ua)
            try store.audit(db, [store.entry("create", "session", s.handle)])
            return s
        }
        return (token, s)
    }

    /// The live session of this practice for a token; nil when unknown, expired or another practice's.
    public func session(token: String) async throws -> UserSession? {
        let pid = practiceID, now = vault.nowMillis, hash = SecretToken.hash(token)
        let store = self
        return try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.sessionColumns) FROM sessions WHERE token_hash = ? AND practice_id = ? AND expires_ms > ?",
                             arguments: [hash, pid, now]).map(store.session)
        }
    }

    /// Marks a live session as seen now and, with `lifetime`, slides its expiry to now + lifetime.
    /// Returns false when the session is unknown or expired. Not audited (no PHI, every request does it).
    @discardableResult
    public func touchSession(token: String, lifetime: TimeInterval? = nil) async throws -> Bool {
        let pid = practiceID, now = vault.nowMillis, hash = SecretToken.hash(token)
        let expires = lifetime.map { now + Int64($0 * 1000) }
        return try await pool.write { db in
            try db.execute(sql: """
                UPDATE sessions SET last_seen_ms = ?, expires_ms = COALESCE(?, expires_ms) WHERE token_hash = ? AND practice_id = ? AND expires_ms > ?
                """, arguments: [now, expires, hash, pid, now])
            return db.changesCount == 1
        }
    }

    /// Ends a session (logout). Returns false when there was none. Audited `delete session`.
    @discardableResult
    public func deleteSession(token: String) async throws -> Bool {
        let pid = practiceID, hash = SecretToken.hash(token)
        return try await pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ? AND practice_id = ?", arguments: [hash, pid])
            guard db.changesCount == 1 else { return false }
            try audit(db, [entry("delete", "session", String(hash.hex.prefix(16)))])
            return true
        }
    }

    /// Ends every session of a user (disabled, password changed). Returns how many. Audited when any.
    @discardableResult
    public func deleteSessions(userID: String) async throws -> Int {
        let pid = practiceID
        return try await pool.write { db in
            try db.execute(sql: "DELETE FROM sessions WHERE user_id = ? AND practice_id = ?", arguments: [userID, pid])
            let n = db.changesCount
            if n > 0 { try audit(db, [entry("delete", "session", "user:\(userID)")]) }
            return n
        }
    }

    /// Deletes this practice's sessions that have ended: past their stored expiry, idle `idleTimeout`
    /// seconds or older than `absoluteTimeout` seconds (the `Access` rules; the stored expiry already folds
    /// both in for sessions it opened). Returns how many. Audited `delete session` per session (its handle).
    @discardableResult
    public func deleteExpiredSessions(idleTimeout: TimeInterval, absoluteTimeout: TimeInterval) async throws -> Int {
        let pid = practiceID, now = vault.nowMillis
        let idleCut = now - Int64(idleTimeout * 1000), ageCut = now - Int64(absoluteTimeout * 1000)
        return try await pool.write { db in
            let doomed = try Data.fetchAll(db, sql: """
                SELECT token_hash FROM sessions WHERE practice_id = ? AND (expires_ms <= ? OR last_seen_ms <= ? OR created_ms <= ?)
                ORDER BY token_hash
                """, arguments: [pid, now, idleCut, ageCut])
            for hash in doomed {
                try db.execute(sql: "DELETE FROM sessions WHERE token_hash = ?", arguments: [hash])
            }
            if !doomed.isEmpty { try audit(db, doomed.map { entry("delete", "session", String($0.hex.prefix(16))) }) }
            return doomed.count
        }
    }

    // MARK: - API tokens

    static let tokenColumns = "id, user_id, name, scopes, created_ms, last_used_ms, revoked_ms"

    func apiToken(_ row: Row) -> APIToken {
        APIToken(id: row[0], practiceID: practiceID, userID: row[1], name: row[2],
                 scopes: (row[3] as String).split(separator: " ").map(String.init), createdAt: ISOTime.date(millis: row[4]),
                 lastUsedAt: (row[5] as Int64?).map(ISOTime.date(millis:)), revokedAt: (row[6] as Int64?).map(ISOTime.date(millis:)))
    }

    /// Issues an API token for an enabled user of this practice. Returns the token (shown once) and its
    /// record; only the token's SHA-256 is stored. Scopes are single words. Audited `create api_token`.
    public func createAPIToken(userID: String, name: String, scopes: [String]) async throws -> (token: String, record: APIToken) {
        let pid = practiceID, now = vault.nowMillis
        let token = SecretToken.generate(prefix: "fdt_")
        let id = "tok-" + KeyRing.randomHex(8)
        let store = self
        let record: APIToken = try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT disabled = 0 FROM users WHERE id = ? AND practice_id = ?", arguments: [userID, pid]) == true else {
                throw VaultError.notFound(resource: "user", id: userID)
            }
            try db.execute(sql: """
                INSERT INTO api_tokens (id, practice_id, token_hash, user_id, name, scopes, created_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, pid, SecretToken.hash(token), userID, name, scopes.joined(separator: " "), now])
            try store.audit(db, [store.entry("create", "api_token", id)])
            return APIToken(id: id, practiceID: pid, userID: userID, name: name, scopes: scopes, createdAt: ISOTime.date(millis: now))
        }
        return (token, record)
    }

    /// The live (not revoked) API token of this practice for a presented token, stamped as used now; nil
    /// when unknown, revoked or another practice's. Not audited (the access it authorises is).
    public func apiToken(token: String) async throws -> APIToken? {
        let pid = practiceID, now = vault.nowMillis, hash = SecretToken.hash(token)
        let store = self
        return try await pool.write { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT \(Self.tokenColumns) FROM api_tokens WHERE token_hash = ? AND practice_id = ? AND revoked_ms IS NULL
                """, arguments: [hash, pid]) else { return nil }
            var t = store.apiToken(row)
            try db.execute(sql: "UPDATE api_tokens SET last_used_ms = ? WHERE id = ?", arguments: [now, t.id])
            t.lastUsedAt = ISOTime.date(millis: now)
            return t
        }
    }

    /// The practice's API tokens (revoked ones included), optionally of one user.
    public func apiTokens(userID: String? = nil) async throws -> [APIToken] {
        let pid = practiceID
        let store = self
        return try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.tokenColumns) FROM api_tokens WHERE practice_id = ? AND (? IS NULL OR user_id = ?) ORDER BY created_ms, id",
                             arguments: [pid, userID, userID]).map(store.apiToken)
        }
    }

    /// Revokes an API token of this practice (idempotent). `notFound` for an unknown id or another
    /// practice's token. Audited `delete api_token`.
    public func revokeAPIToken(id: String) async throws {
        let pid = practiceID, now = vault.nowMillis
        let found: Bool = try await pool.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM api_tokens WHERE id = ? AND practice_id = ?)", arguments: [id, pid]) == true else {
                return false
            }
            try db.execute(sql: "UPDATE api_tokens SET revoked_ms = COALESCE(revoked_ms, ?) WHERE id = ?", arguments: [now, id])
            try audit(db, [entry("delete", "api_token", id)])
            return true
        }
        if !found { throw VaultError.notFound(resource: "api_token", id: id) }
    }
}
