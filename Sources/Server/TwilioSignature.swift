import Crypto
import Foundation

/// Twilio's request signature (`X-Twilio-Signature`), as Twilio documents it
/// (https://www.twilio.com/docs/usage/webhooks/webhooks-security): take the full URL Twilio requested
/// (scheme, host, path and query string, exactly as configured), append every POST parameter's name
/// followed by its value, sorted by name, with no separators; HMAC-SHA1 that string keyed with the
/// account's auth token; base64 the digest.
public enum TwilioSignature {
    /// The expected signature for a request to `url` carrying the form `parameters` (decoded names and values).
    public static func compute(authToken: String, url: String, parameters: [(name: String, value: String)]) -> String {
        // Sort by name; equal names (repeated parameters) by value, so the order is total.
        let sorted = parameters.sorted { a, b in
            a.name != b.name ? Array(a.name.utf8).lexicographicallyPrecedes(Array(b.name.utf8))
                             : Array(a.value.utf8).lexicographicallyPrecedes(Array(b.value.utf8))
        }
        var payload = url
        for p in sorted { payload += p.name; payload += p.value }
        let key = SymmetricKey(data: Data(authToken.utf8))
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(payload.utf8), using: key)
        return Data(mac).base64EncodedString()
    }

    /// Is `signature` (the header value; nil when missing) the right one for this request?
    /// The comparison takes the same time wherever the first difference is.
    public static func isValid(signature: String?, authToken: String, url: String,
                               parameters: [(name: String, value: String)]) -> Bool {
        guard let signature, !signature.isEmpty else { return false }
        let expected = compute(authToken: authToken, url: url, parameters: parameters)
        return constantTimeEqual(Array(signature.utf8), Array(expected.utf8))
    }

    /// Constant-time byte comparison (the length of a signature is public: it is always 28 characters).
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}

/// `application/x-www-form-urlencoded` bodies.
public enum FormURLEncoded {
    /// Decodes `a=1&b=x+y%21` into ordered name/value pairs (`+` is a space; percent escapes are UTF-8).
    /// Returns nil when an escape is malformed.
    public static func decode(_ body: String) -> [(name: String, value: String)]? {
        var out: [(name: String, value: String)] = []
        for part in body.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(pieces[0]) else { return nil }
            let value = pieces.count > 1 ? unescape(pieces[1]) : ""
            guard let value else { return nil }
            out.append((name, value))
        }
        return out
    }

    /// Encodes pairs the way a form does (for tests and tools).
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        func esc(_ s: String) -> String {
            (s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s).replacingOccurrences(of: "%20", with: "+")
        }
        return pairs.map { "\(esc($0.name))=\(esc($0.value))" }.joined(separator: "&")
    }

    private static func unescape(_ s: Substring) -> String? {
        let plus = s.replacingOccurrences(of: "+", with: " ")
        return plus.removingPercentEncoding
    }
}
