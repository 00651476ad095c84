import Crypto
import Foundation
import FrontDeskCore

/// AES-256-GCM sealing of PHI. A sealed value is self-describing:
///
///     0x01 | key-id length (1 byte) | key id (ASCII) | nonce (12) | ciphertext | tag (16)
///
/// The additional authenticated data binds it to its place — `practice | table | row id | key id` — so
/// a ciphertext copied into another row, table or practice fails to open.
enum Sealing {
    static let version: UInt8 = 1

    static func aad(practiceID: String, table: String, rowID: String, keyID: String) -> Data {
        Data("fd1|\(practiceID)|\(table)|\(rowID)|\(keyID)".utf8)
    }

    static func seal(_ plaintext: Data, key: SymmetricKey, keyID: String, practiceID: String, table: String, rowID: String) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: key,
                                   authenticating: aad(practiceID: practiceID, table: table, rowID: rowID, keyID: keyID))
        let id = Data(keyID.utf8)
        var out = Data(capacity: 2 + id.count + 28 + plaintext.count)
        out.append(version)
        out.append(UInt8(id.count))
        out.append(id)
        out.append(box.combined!)
        return out
    }

    /// The data-key id a sealed value names, or nil when the header is malformed.
    static func keyID(of blob: Data) -> String? {
        let b = [UInt8](blob.prefix(2 + 255))
        guard b.count >= 2, b[0] == version else { return nil }
        let n = Int(b[1])
        guard b.count >= 2 + n, blob.count >= 2 + n + 28 else { return nil }
        return String(decoding: b[2..<(2 + n)], as: UTF8.self)
    }

    static func open(_ blob: Data, key: SymmetricKey, practiceID: String, table: String, rowID: String) throws -> Data {
        guard let id = keyID(of: blob) else { throw SealError.malformed }
        let start = blob.startIndex + 2 + id.utf8.count
        let box = try AES.GCM.SealedBox(combined: blob[start...])
        return try AES.GCM.open(box, using: key, authenticating: aad(practiceID: practiceID, table: table, rowID: rowID, keyID: id))
    }

    /// Wraps a data key under a KEK (AES-256-GCM, bound to the data key's id, practice and the KEK id).
    static func wrap(_ dataKey: SymmetricKey, kek: SymmetricKey, kekID: String, dataKeyID: String, practiceID: String) throws -> Data {
        let bytes = dataKey.withUnsafeBytes { Data($0) }
        return try AES.GCM.seal(bytes, using: kek, authenticating: Data("fd-dk|\(dataKeyID)|\(practiceID)|\(kekID)".utf8)).combined!
    }

    static func unwrap(_ wrapped: Data, kek: SymmetricKey, kekID: String, dataKeyID: String, practiceID: String) throws -> SymmetricKey {
        let box = try AES.GCM.SealedBox(combined: wrapped)
        let bytes = try AES.GCM.open(box, using: kek, authenticating: Data("fd-dk|\(dataKeyID)|\(practiceID)|\(kekID)".utf8))
        guard bytes.count == 32 else { throw SealError.malformed }
        return SymmetricKey(data: bytes)
    }

    enum SealError: Error { case malformed, noKey }
}

/// Keyed blind indexes: HMAC-SHA256 under the index key of a normalised value, per practice, so equal
/// values can be found without storing them and without the index revealing them.
enum BlindIndex {
    static func phone(_ phone: String, practiceID: String, key: SymmetricKey) -> Data? {
        guard let n = normalizedPhone(phone) else { return nil }
        return mac("phone", practiceID, n, key)
    }

    static func nameDOB(name: String, dob: LocalDate, practiceID: String, key: SymmetricKey) -> Data? {
        let n = normalizedName(name)
        guard !n.isEmpty else { return nil }
        return mac("name-dob", practiceID, n + "|" + dob.iso, key)
    }

    static func mac(_ kind: String, _ practiceID: String, _ value: String, _ key: SymmetricKey) -> Data {
        Data(HMAC<SHA256>.authenticationCode(for: Data("fd-bi-v1|\(kind)|\(practiceID)|\(value)".utf8), using: key))
    }

    /// Digits only; a North American number with its leading country code 1 is reduced to ten digits, so
    /// "+1 (312) 555-0177" and "312-555-0177" meet.
    static func normalizedPhone(_ s: String) -> String? {
        var d = s.filter { $0.isASCII && $0.isNumber }
        if d.count == 11, d.hasPrefix("1") { d.removeFirst() }
        return d.count >= 7 ? d : nil
    }

    /// Lower case, accents folded, letters and single spaces only.
    static func normalizedName(_ s: String) -> String {
        let folded = s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: Locale(identifier: "en_US_POSIX")).lowercased()
        let letters = folded.map { $0.isLetter ? $0 : " " }
        return String(letters).split(separator: " ").joined(separator: " ")
    }
}

/// Instants as integer milliseconds since 1970 (stored, hashed) and ISO 8601 UTC text (shown, parsed).
public enum ISOTime {
    public static func millis(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded(.down)) }
    public static func date(millis: Int64) -> Date { Date(timeIntervalSince1970: Double(millis) / 1000) }

    /// `2026-03-10T14:05:09.123Z`
    public static func string(millis ms: Int64) -> String {
        let secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let milli = Int(ms - secs * 1000)
        let days = Int(secs >= 0 ? secs / 86_400 : (secs - 86_399) / 86_400)
        let rem = Int(secs - Int64(days) * 86_400)
        let d = LocalDate(dayNumber: days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", d.year, d.month, d.day, rem / 3600, rem / 60 % 60, rem % 60, milli)
    }
    public static func string(_ d: Date) -> String { string(millis: millis(d)) }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.sss]]` with an optional `Z` or `±HH:MM` (none = UTC).
    public static func parse(_ s: String) -> Date? {
        if let d = LocalDate(iso: s) { return Date(timeIntervalSince1970: Double(d.dayNumber) * 86_400) }
        var body = s
        var offset = 0
        if body.hasSuffix("Z") { body.removeLast() }
        else if body.count > 6 {
            let tail = body.suffix(6)
            let sign = tail.first
            if sign == "+" || sign == "-", tail.dropFirst().count == 5, tail[tail.index(tail.startIndex, offsetBy: 3)] == ":",
               let h = Int(tail.dropFirst().prefix(2)), let m = Int(tail.suffix(2)) {
                offset = (h * 60 + m) * (sign == "-" ? -1 : 1)
                body.removeLast(6)
            }
        }
        var frac = 0.0
        if let dot = body.firstIndex(of: ".") {
            guard let f = Double("0" + body[dot...]) else { return nil }
            frac = f
            body = String(body[..<dot])
        }
        var secs = 0
        let parts = body.split(separator: "T")
        if parts.count == 2, parts[1].count == 8, let sec = Int(parts[1].suffix(2)) {
            secs = sec
            body = String(body.dropLast(3))
        }
        guard let local = LocalDateTime(iso: body) else { return nil }
        return Date(timeIntervalSince1970: Double(local.wallMinutes * 60 + secs - offset * 60) + frac)
    }
}

/// Benchmarks only: seals `payload` `count` times under one key (the cost of sealing alone).
package enum SealingBenchmark {
    package static func seal(_ payload: Data, count: Int) -> Int {
        let key = SymmetricKey(size: .bits256)
        var total = 0
        for i in 0..<count {
            total &+= (try? Sealing.seal(payload, key: key, keyID: "dk-0123456789abcdef0123", practiceID: "bench", table: "call_entries", rowID: "call-1#\(i)"))?.count ?? 0
        }
        return total
    }
    package static func encode(count: Int) -> Int {
        var total = 0
        for _ in 0..<count {
            total &+= (try? JSONEncoder().encode(["speaker": "caller", "text": "Hi, this is Maria Gonzalez, I'd like to move my cleaning to next Tuesday afternoon if you have anything."]))?.count ?? 0
        }
        return total
    }
}
