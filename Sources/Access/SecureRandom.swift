import Crypto
import Foundation

/// Random bytes and strings for secrets: from swift-crypto's key generation (the system CSPRNG).
enum SecureRandom {
    /// `count` random bytes.
    static func bytes(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        while out.count < count {
            SymmetricKey(size: .bits256).withUnsafeBytes { out.append(contentsOf: $0) }
        }
        return Array(out.prefix(count))
    }

    /// `length` characters drawn uniformly from `alphabet` (rejection sampling, no modulo bias).
    static func string(length: Int, alphabet: [Character]) -> String {
        precondition(!alphabet.isEmpty && alphabet.count <= 256)
        let limit = 256 - (256 % alphabet.count)
        var out = ""
        while out.count < length {
            for b in bytes(length * 2) where Int(b) < limit && out.count < length {
                out.append(alphabet[Int(b) % alphabet.count])
            }
        }
        return out
    }
}

/// Generated one-time passwords, for new accounts created without one: 20 characters from an alphabet with
/// no look-alikes (no 0/O, 1/l/I), about 115 bits. Shown once; the account must pick its own password at
/// first sign-in (`SignedIn.mustChangePassword`).
public enum OneTimePassword {
    /// The alphabet: letters and digits less the ones easily confused.
    static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")

    /// A new one-time password (`length` ≥ 16).
    public static func generate(length: Int = 20) -> String {
        SecureRandom.string(length: max(16, length), alphabet: alphabet)
    }
}
