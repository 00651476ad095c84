/// Why a password was refused. `description` is a sentence fit to show the person choosing it.
public enum PasswordProblem: Sendable, Equatable, CustomStringConvertible {
    /// Shorter than the minimum (characters).
    case tooShort(minimum: Int)
    /// Longer than bcrypt reads (it ignores everything after 72 bytes).
    case tooLong(maximumBytes: Int)
    /// Holds a control character (a newline, a tab, NUL…).
    case controlCharacter
    /// On the common-password list, or a common password with digits or symbols around it.
    case common
    /// One character, or a short run of characters, repeated; or a straight sequence (`abcdefghijkl`).
    case repetitive
    /// Contains part of the account's email address.
    case containsEmail

    public var description: String {
        switch self {
        case .tooShort(let n): return "it must be at least \(n) characters long"
        case .tooLong(let n): return "it must be at most \(n) bytes long (bcrypt ignores the rest)"
        case .controlCharacter: return "it must not contain control characters such as newlines or tabs"
        case .common: return "it is on the list of common passwords"
        case .repetitive: return "it is a repeated or sequential pattern"
        case .containsEmail: return "it must not contain the email address or part of it"
        }
    }
}

/// The password rules: at least 12 characters (at most 72 bytes, bcrypt's limit), no control characters,
/// not on the common-password list (also after stripping digits and symbols at either end and undoing
/// letter-for-digit swaps), not a repeated or sequential pattern, and not containing the account's email
/// or a part of it (local part pieces and the domain's first label, of 4 characters or more). No rules
/// about character classes: length and the blocklist are what NIST SP 800-63B asks for.
public struct PasswordPolicy: Sendable {
    /// Minimum length in characters.
    public var minimumLength: Int
    /// Maximum length in UTF-8 bytes.
    public var maximumBytes: Int

    /// The policy FrontDesk uses: 12 characters minimum, 72 bytes maximum.
    public init(minimumLength: Int = 12, maximumBytes: Int = 72) {
        self.minimumLength = minimumLength
        self.maximumBytes = maximumBytes
    }

    /// Every rule `password` breaks for the account `email` (empty when it is acceptable).
    public func problems(_ password: String, email: String? = nil) -> [PasswordProblem] {
        var out: [PasswordProblem] = []
        if password.count < minimumLength { out.append(.tooShort(minimum: minimumLength)) }
        if password.utf8.count > maximumBytes { out.append(.tooLong(maximumBytes: maximumBytes)) }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) { out.append(.controlCharacter) }
        let lower = password.lowercased()
        if Self.isCommon(lower) { out.append(.common) } else if Self.isRepetitive(lower) { out.append(.repetitive) }
        if let email, Self.emailParts(email).contains(where: { lower.contains($0) }) { out.append(.containsEmail) }
        return out
    }

    /// Throws `AccessError.weakPassword` listing every problem, or returns.
    public func check(_ password: String, email: String? = nil) throws(AccessError) {
        let p = problems(password, email: email)
        if !p.isEmpty { throw .weakPassword(p) }
    }

    // MARK: - Rules

    static func isCommon(_ lower: String) -> Bool {
        let stripped = strip(lower)
        for candidate in [lower, stripped, unleet(lower), unleet(stripped), strip(unleet(lower))] where !candidate.isEmpty {
            if CommonPasswords.all.contains(candidate) { return true }
            if let unit = repeatedUnit(candidate), CommonPasswords.all.contains(unit) { return true }
        }
        return false
    }

    /// A short unit (≤ 4 characters) repeated, or a run where each character is the previous one ± 1
    /// (digits wrapping around: `890123…`).
    static func isRepetitive(_ lower: String) -> Bool {
        let scalars = Array(lower.unicodeScalars)
        guard scalars.count >= 2 else { return false }
        if let unit = repeatedUnit(lower), unit.count <= 4 { return true }
        let digits = scalars.allSatisfy { ("0"..."9").contains($0) }
        // Digit runs wrap around (…7890123…); other runs step through the code points.
        let steps = zip(scalars, scalars.dropFirst()).map { (Int($1.value) - Int($0.value) + (digits ? 10 : 0)) % (digits ? 10 : Int.max) }
        return steps.allSatisfy { $0 == 1 } || steps.allSatisfy { $0 == (digits ? 9 : -1) }
    }

    /// The shortest unit `s` is made of, repeated at least twice; nil when it is not a repetition.
    static func repeatedUnit(_ s: String) -> String? {
        let c = Array(s)
        guard c.count >= 2 else { return nil }
        for n in 1...(c.count / 2) where c.count % n == 0 {
            let unit = c[0..<n]
            if stride(from: n, to: c.count, by: n).allSatisfy({ c[$0..<($0 + n)] == unit }) { return String(unit) }
        }
        return nil
    }

    /// Drops digits, symbols and spaces at both ends (`!!password123` → `password`).
    static func strip(_ s: String) -> String {
        let isLetter: (Character) -> Bool = { $0.isLetter }
        guard let first = s.firstIndex(where: isLetter), let last = s.lastIndex(where: isLetter) else { return "" }
        return String(s[first...last])
    }

    /// Undoes the usual swaps: `@`/`4` → a, `3` → e, `1`/`!` → i, `0` → o, `$`/`5` → s, `7` → t.
    static func unleet(_ s: String) -> String {
        let map: [Character: Character] = ["@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t"]
        return String(s.map { map[$0] ?? $0 })
    }

    /// The pieces of an address a password must not contain: the whole local part and its pieces split at
    /// `.` `_` `-` `+`, and the domain's first label — those of 4 characters or more.
    static func emailParts(_ email: String) -> [String] {
        let lower = email.lowercased()
        guard let at = lower.lastIndex(of: "@") else { return lower.count >= 4 ? [lower] : [] }
        let local = String(lower[..<at])
        let domainLabel = lower[lower.index(after: at)...].split(separator: ".").first.map(String.init) ?? ""
        let pieces = [local] + local.split(whereSeparator: { ".-_+".contains($0) }).map(String.init) + [domainLabel]
        return Array(Set(pieces.filter { $0.count >= 4 }))
    }
}
