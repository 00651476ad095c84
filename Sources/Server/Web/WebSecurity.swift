import Crypto
import Foundation
import Hummingbird

/// The dashboard's browser-facing security: cookie names and attributes, CSRF tokens, the headers sent with
/// every page, and a strict `application/x-www-form-urlencoded` reader. See docs/dashboard.md.
public struct WebSecurity: Sendable {
    /// The session cookie: the Access session token itself (only its SHA-256 is stored in the Vault).
    /// The JSON API reads the same cookie.
    public static let sessionCookie = "frontdesk_session"
    /// Before sign-in: a random value the login form's CSRF token is derived from (Path=/login, 10 minutes).
    static let loginCookie = "frontdesk_login"
    /// Between the password and the TOTP code: the Access sign-in challenge (Path=/login, 5 minutes).
    static let challengeCookie = "frontdesk_mfa"

    /// The headers on every dashboard response (pages, redirects, the stylesheet, errors).
    public static let headers: [(HTTPFields.Element.Name, String)] = [
        (HTTPFields.Element.Name("Content-Security-Policy")!, "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
        (HTTPFields.Element.Name("X-Content-Type-Options")!, "nosniff"),
        (HTTPFields.Element.Name("Referrer-Policy")!, "no-referrer"),
        (.cacheControl, "no-store"),
        (HTTPFields.Element.Name("X-Frame-Options")!, "DENY"),
        (HTTPFields.Element.Name("Cross-Origin-Opener-Policy")!, "same-origin"),
    ]

    /// Whether cookies carry `Secure` (the server's public URL is https).
    public let secureCookies: Bool
    /// The per-process key CSRF tokens are derived under (HMAC-SHA256); a restart invalidates open forms.
    private let csrfKey: SymmetricKey

    /// - Parameter secureCookies: true when the dashboard is reached over https.
    public init(secureCookies: Bool, csrfKey: SymmetricKey = SymmetricKey(size: .bits256)) {
        self.secureCookies = secureCookies
        self.csrfKey = csrfKey
    }

    // MARK: - CSRF

    /// The CSRF token bound to `purpose` (`session`, `login`, `mfa`) and a secret the browser holds in an
    /// HttpOnly cookie: HMAC-SHA256(key, purpose | secret), hex. A page of another origin can neither read
    /// the cookie nor compute the token.
    func csrfToken(_ purpose: String, _ secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(purpose)|\(secret)".utf8), using: csrfKey)
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `presented` is the CSRF token for `purpose` and `secret` (constant-time comparison).
    func csrfValid(_ presented: String?, _ purpose: String, _ secret: String) -> Bool {
        guard let presented else { return false }
        let expected = Array(csrfToken(purpose, secret).utf8), given = Array(presented.utf8)
        guard expected.count == given.count else { return false }
        var diff: UInt8 = 0
        for (a, b) in zip(expected, given) { diff |= a ^ b }
        return diff == 0
    }

    // MARK: - Cookies

    /// A `Set-Cookie` value: HttpOnly, SameSite=Strict, Secure over https; `maxAge` nil for a browser-session
    /// cookie (the server-side session decides when it ends), 0 to delete.
    func cookie(_ name: String, _ value: String, path: String = "/", maxAge: Int? = nil) -> String {
        var s = "\(name)=\(value); Path=\(path); HttpOnly; SameSite=Strict"
        if let maxAge { s += "; Max-Age=\(maxAge)" }
        if secureCookies { s += "; Secure" }
        return s
    }

    /// A `Set-Cookie` value that deletes the cookie.
    func expire(_ name: String, path: String = "/") -> String { cookie(name, "", path: path, maxAge: 0) }

    /// A random cookie value (256 bits, hex).
    static func randomValue() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }.map { String(format: "%02x", $0) }.joined()
    }

    // MARK: - Forms

    /// Decodes an `application/x-www-form-urlencoded` body: `+` is a space, `%XX` bytes, UTF-8. Nil when
    /// malformed. Later duplicates of a name are ignored.
    static func parseForm(_ body: String) -> [String: String]? {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]) else { return nil }
            let value = parts.count > 1 ? decode(parts[1]) : ""
            guard let value else { return nil }
            if out[name] == nil { out[name] = value }
        }
        return out
    }

    private static func decode(_ s: Substring) -> String? {
        s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Largest form body accepted (bytes).
    static let maxFormBytes = 16 * 1024
}
