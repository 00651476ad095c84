import Crypto
import Foundation

/// CSRF tokens for cookie-authenticated requests (the synchronizer token, stateless form).
///
/// Vault sessions hold no CSRF value, so the token is derived from the session token:
/// `base64url(HMAC-SHA256(key, "frontdesk-csrf-v1:" + session token))`, under a server key that never leaves
/// the process. Only someone holding the session cookie's value (which is HttpOnly) and the server key can
/// compute it; a cross-site form or `fetch` cannot read it, so it cannot send it. The dashboard puts
/// `token(forSession:)` in its forms (`<input name="csrf_token">`) and pages (`<meta name="csrf-token">`);
/// API calls made with the cookie send it as the `X-CSRF-Token` header.
///
/// A random key per process (the default) means pages rendered before a restart must be reloaded before a
/// form can be posted; pass a persisted key to avoid that.
public struct StaffCSRF: Sendable {
    /// The header an unsafe cookie-authenticated API request must carry.
    public static let headerName = "X-CSRF-Token"
    /// The form field name the dashboard uses.
    public static let formField = "csrf_token"

    private let key: SymmetricKey

    /// A CSRF signer under `key` (at least 256 bits is sensible); `nil` draws a random key for this process.
    public init(key: SymmetricKey? = nil) {
        self.key = key ?? SymmetricKey(size: .bits256)
    }

    /// The CSRF token for a session token (the cookie's value).
    public func token(forSession sessionToken: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(("frontdesk-csrf-v1:" + sessionToken).utf8), using: key)
        return Data(mac).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Whether `candidate` is the CSRF token of `sessionToken` (constant-time comparison).
    public func isValid(_ candidate: String?, forSession sessionToken: String) -> Bool {
        guard let candidate else { return false }
        let expected = Array(token(forSession: sessionToken).utf8), given = Array(candidate.utf8)
        guard expected.count == given.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<expected.count { diff |= expected[i] ^ given[i] }
        return diff == 0
    }
}
