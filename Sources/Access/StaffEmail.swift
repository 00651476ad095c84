import Foundation

/// Staff are identified by email address; the Vault's `username` is the address, trimmed and lower-cased.
public enum StaffEmail {
    /// The canonical form of `email` (trimmed, lower-cased), or `AccessError.invalidEmail` when it is not
    /// a plausible address: one `@`, a local part and a dotted domain, no spaces or control characters,
    /// at most 254 characters.
    public static func normalize(_ email: String) throws(AccessError) -> String {
        let e = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = e.split(separator: "@", omittingEmptySubsequences: false)
        guard e.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64,
              !e.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }),
              !e.contains("/"), !e.contains("?"), !e.contains("#"),
              parts[1].split(separator: ".", omittingEmptySubsequences: false).count >= 2,
              !parts[1].split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
        else { throw .invalidEmail(email) }
        return e
    }
}
