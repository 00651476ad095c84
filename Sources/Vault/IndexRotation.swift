import Crypto
import Foundation
import FrontDeskCore
import GRDB

/// What rotating the blind-index key did.
public struct IndexRotationReport: Sendable, Equatable {
    /// Rows whose blind indexes were recomputed under the new key.
    public var reindexed = 0
    /// Rows whose sealed values could not be opened (corrupted): their indexes were cleared, so they are no
    /// longer found by phone or name + date of birth (they could not be read anyway).
    public var unreadable = 0
}

extension Vault {
    /// Recomputes every blind index (patients' phone and name + date of birth; calls' caller; messages' and
    /// refills' callback number; leads' phone) under a new index key.
    ///
    /// Crash-safe: the new key is first added to the key file as `index_next` beside the old one; every
    /// index is then recomputed in one transaction, which also records the new key's check value; last, the
    /// key file keeps the new key only. A crash before the commit leaves the data under the old key (the
    /// pending key is ignored and replaced by the next rotation); a crash after it leaves a key file whose
    /// next key matches the data, which the next open promotes. Audited (`update key_ring …/index`).
    /// Run it with nothing else writing to the data dir.
    public func rotateIndexKey() throws -> IndexRotationReport {
        var ring = keys
        let newKey = SymmetricKey(size: .bits256)
        ring.nextIndexKey = newKey
        try ring.write(replacing: keyFilePath)
        self.ring.withLock { $0 = ring }
        let at = nowMillis
        let report: IndexRotationReport = try pool.write { db in
            var rep = IndexRotationReport()
            func phone(_ p: String?, _ pid: String) -> Data? { p.flatMap { BlindIndex.phone($0, practiceID: pid, key: newKey) } }

            for r in try Row.fetchAll(db, sql: "SELECT id, practice_id, sealed FROM patients") {
                let id: String = r[0], pid: String = r[1]
                if let p = try? open(PatientPHI.self, r[2], db, practiceID: pid, table: "patients", rowID: id) {
                    let nameIdx = p.dob.flatMap(LocalDate.init(iso:)).flatMap { BlindIndex.nameDOB(name: p.name, dob: $0, practiceID: pid, key: newKey) }
                    try db.execute(sql: "UPDATE patients SET phone_idx = ?, name_dob_idx = ? WHERE id = ?", arguments: [phone(p.phone, pid), nameIdx, id])
                    rep.reindexed += 1
                } else {
                    try db.execute(sql: "UPDATE patients SET phone_idx = NULL, name_dob_idx = NULL WHERE id = ?", arguments: [id])
                    rep.unreadable += 1
                }
            }
            for r in try Row.fetchAll(db, sql: "SELECT id, practice_id, sealed_caller FROM calls WHERE sealed_caller IS NOT NULL") {
                let id: String = r[0], pid: String = r[1]
                let number = try? open(String.self, r[2], db, practiceID: pid, table: "calls.caller", rowID: id)
                try db.execute(sql: "UPDATE calls SET caller_idx = ? WHERE id = ?", arguments: [phone(number, pid), id])
                if number == nil { rep.unreadable += 1 } else { rep.reindexed += 1 }
            }
            for r in try Row.fetchAll(db, sql: "SELECT id, practice_id, sealed FROM messages") {
                let id: String = r[0], pid: String = r[1]
                let m = try? open(MessagePHI.self, r[2], db, practiceID: pid, table: "messages", rowID: id)
                try db.execute(sql: "UPDATE messages SET callback_idx = ? WHERE id = ?", arguments: [phone(m?.callbackNumber, pid), id])
                if m == nil { rep.unreadable += 1 } else { rep.reindexed += 1 }
            }
            for r in try Row.fetchAll(db, sql: "SELECT id, practice_id, sealed FROM refills") {
                let id: String = r[0], pid: String = r[1]
                let x = try? open(RefillPHI.self, r[2], db, practiceID: pid, table: "refills", rowID: id)
                try db.execute(sql: "UPDATE refills SET callback_idx = ? WHERE id = ?", arguments: [phone(x?.callbackNumber, pid), id])
                if x == nil { rep.unreadable += 1 } else { rep.reindexed += 1 }
            }
            for r in try Row.fetchAll(db, sql: "SELECT id, practice_id, sealed FROM leads") {
                let id: String = r[0], pid: String = r[1]
                let l = try? open(LeadPHI.self, r[2], db, practiceID: pid, table: "leads", rowID: id)
                try db.execute(sql: "UPDATE leads SET phone_idx = ? WHERE id = ?", arguments: [phone(l?.phone, pid), id])
                if l == nil { rep.unreadable += 1 } else { rep.reindexed += 1 }
            }
            try db.execute(sql: "UPDATE meta SET value = ? WHERE key = 'index_check'", arguments: [Vault.indexCheck(key: newKey)])
            try Audit.append(db, [AuditEntry(action: "update", resourceType: "key_ring", resourceID: ring.keyringID + "/index", practiceID: "*")],
                             context: .cli, atMillis: at)
            return rep
        }
        ring.indexKey = newKey
        ring.nextIndexKey = nil
        self.ring.withLock { $0 = ring }
        try ring.write(replacing: keyFilePath)
        try? checkpointWAL()
        return report
    }
}
