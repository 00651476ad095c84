// How Twilio signs the webhooks it sends (https://www.twilio.com/docs/usage/webhooks/webhooks-security):
// the full URL, then each POST parameter's name and value sorted by name, no separators; HMAC-SHA1 keyed
// with the auth token; base64. Implemented here from the documentation with a self-contained SHA-1, so
// the simulator cross-checks the server's own implementation (Server.TwilioSignature, swift-crypto)
// instead of sharing it.

import Foundation

/// Signs requests the way Twilio does (`X-Twilio-Signature`).
public enum TwilioRequestSigner {
    /// The signature Twilio would send for a POST to `url` with form `parameters` (decoded names and values).
    public static func signature(authToken: String, url: String, parameters: [(name: String, value: String)]) -> String {
        let sorted = parameters.sorted { a, b in
            a.name != b.name ? a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
                             : a.value.utf8.lexicographicallyPrecedes(b.value.utf8)
        }
        var data = Array(url.utf8)
        for p in sorted { data += Array(p.name.utf8); data += Array(p.value.utf8) }
        return Data(hmacSHA1(key: Array(authToken.utf8), message: data)).base64EncodedString()
    }

    /// HMAC (RFC 2104) over SHA-1.
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var k = key.count > 64 ? sha1(key) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        let inner = sha1(k.map { $0 ^ 0x36 } + message)
        return sha1(k.map { $0 ^ 0x5c } + inner)
    }

    /// SHA-1 (FIPS 180-4) of `message`.
    public static func sha1(_ message: [UInt8]) -> [UInt8] {
        var h: (UInt32, UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0)
        var m = message
        let bitLength = UInt64(message.count) * 8
        m.append(0x80)
        while m.count % 64 != 56 { m.append(0) }
        for i in (0..<8).reversed() { m.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
        var w = [UInt32](repeating: 0, count: 80)
        for chunk in stride(from: 0, to: m.count, by: 64) {
            for i in 0..<16 {
                let b = chunk + i * 4
                w[i] = UInt32(m[b]) << 24 | UInt32(m[b + 1]) << 16 | UInt32(m[b + 2]) << 8 | UInt32(m[b + 3])
            }
            for i in 16..<80 {
                let x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]
                w[i] = x << 1 | x >> 31
            }
            var (a, b, c, d, e) = h
            for i in 0..<80 {
                let f: UInt32, k: UInt32
                switch i {
                case 0..<20: f = (b & c) | (~b & d); k = 0x5A82_7999
                case 20..<40: f = b ^ c ^ d; k = 0x6ED9_EBA1
                case 40..<60: f = (b & c) | (b & d) | (c & d); k = 0x8F1B_BCDC
                default: f = b ^ c ^ d; k = 0xCA62_C1D6
                }
                let t = (a << 5 | a >> 27) &+ f &+ e &+ k &+ w[i]
                e = d; d = c; c = b << 30 | b >> 2; b = a; a = t
            }
            h = (h.0 &+ a, h.1 &+ b, h.2 &+ c, h.3 &+ d, h.4 &+ e)
        }
        var out: [UInt8] = []
        out.reserveCapacity(20)
        for v in [h.0, h.1, h.2, h.3, h.4] { for s in [24, 16, 8, 0] { out.append(UInt8(truncatingIfNeeded: v >> UInt32(s))) } }
        return out
    }
}

/// `application/x-www-form-urlencoded`, as Twilio writes and reads it.
public enum FormBody {
    /// `name=value&…` with every byte but unreserved ones percent-encoded and spaces as `+`.
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// Decoded pairs in order; nil when a percent escape is malformed.
    public static func decode(_ body: String) -> [(name: String, value: String)]? {
        var out: [(name: String, value: String)] = []
        for part in body.split(separator: "&") {
            let kv = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(kv[0]), let value = kv.count > 1 ? unescape(kv[1]) : "" else { return nil }
            out.append((name, value))
        }
        return out
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            case UInt8(ascii: " "): out += "+"
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static func unescape(_ s: Substring) -> String? {
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "+") { bytes.append(0x20) }
            else if b == UInt8(ascii: "%") {
                guard let h = it.popFirst(), let l = it.popFirst(),
                      let v = UInt8(String(decoding: [h, l], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(v)
            } else { bytes.append(b) }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
