import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238, over RFC 4226's HOTP): HMAC-SHA1 of the 30-second step
/// counter, dynamically truncated to 6 digits — what every authenticator app computes from an
/// `otpauth://totp/` URI.
///
/// Secrets are 20 random bytes (160 bits, RFC 4226's recommended length), shown as base32. (HummingbirdOTP
/// keys its HMAC with the UTF-8 bytes of a `String`, which cannot carry 20 arbitrary bytes; hence this small
/// implementation over swift-crypto, checked against the RFC's test vectors.)
public struct TOTP: Sendable, Equatable {
    /// The shared secret.
    public let secret: [UInt8]
    /// Digits in a code (6; the RFC's test vectors use 8).
    public let digits: Int
    /// Seconds per step (30).
    public let period: Int

    /// A TOTP over `secret` (`digits` 6…10, `period` ≥ 1 second).
    public init(secret: [UInt8], digits: Int = 6, period: Int = 30) {
        precondition((6...10).contains(digits) && period >= 1)
        self.secret = secret; self.digits = digits; self.period = period
    }

    /// A TOTP over a base32 secret (as stored and as in the URI); nil when it is not base32 or is empty.
    public init?(base32Secret: String, digits: Int = 6, period: Int = 30) {
        guard let bytes = Base32.decode(base32Secret), !bytes.isEmpty else { return nil }
        self.init(secret: bytes, digits: digits, period: period)
    }

    /// A new secret: 20 random bytes.
    public static func generateSecret() -> [UInt8] { SecureRandom.bytes(20) }

    /// The secret in base32 without padding — what the Vault stores (sealed) and the URI carries.
    public var base32Secret: String { Base32.encode(secret) }

    /// The step counter at `date`: whole periods since the Unix epoch.
    public func step(at date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 / Double(period)).rounded(.down))
    }

    /// The code of step `counter`, zero-padded to `digits`.
    public func code(step counter: Int64) -> String {
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: UInt64(bitPattern: counter).bigEndianBytes,
                                                                 using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt64(mac[offset] & 0x7F) << 24) | (UInt64(mac[offset + 1]) << 16)
            | (UInt64(mac[offset + 2]) << 8) | UInt64(mac[offset + 3])
        var modulus: UInt64 = 1
        for _ in 0..<digits { modulus *= 10 }
        let s = String(binary % modulus)
        return String(repeating: "0", count: digits - s.count) + s
    }

    /// The code valid at `date`.
    public func code(at date: Date) -> String { code(step: step(at: date)) }

    /// The step whose code `code` is, looking `window` steps either side of `date` (clock drift, a code
    /// typed as it rolled over) and only at steps after `lastStep` (a code is accepted once: replay
    /// protection); nil when none matches. Spaces in the code are ignored; every candidate is compared in
    /// full, in constant time.
    public func match(_ code: String, at date: Date, window: Int = 1, after lastStep: Int64? = nil) -> Int64? {
        let typed = Array(code.filter { $0 != " " }.utf8)
        guard typed.count == digits, typed.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let now = step(at: date)
        var found: Int64? = nil
        for s in (now - Int64(window))...(now + Int64(window)) {
            let expected = Array(self.code(step: s).utf8)
            var diff: UInt8 = 0
            for (a, b) in zip(typed, expected) { diff |= a ^ b }
            if diff == 0, s > (lastStep ?? Int64.min), found == nil { found = s }
        }
        return found
    }

    /// The enrollment URI an authenticator app reads (from a QR code or pasted):
    /// `otpauth://totp/FrontDesk:{email}?secret=…&issuer=FrontDesk&algorithm=SHA1&digits=6&period=30`.
    public func enrollmentURI(email: String, issuer: String = "FrontDesk") -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~@")
        let label = email.addingPercentEncoding(withAllowedCharacters: allowed) ?? email
        let iss = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? issuer
        return "otpauth://totp/\(iss):\(label)?secret=\(base32Secret)&issuer=\(iss)&algorithm=SHA1&digits=\(digits)&period=\(period)"
    }
}

extension UInt64 {
    var bigEndianBytes: [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: self >> (56 - 8 * $0)) } }
}
