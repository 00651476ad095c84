import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How `serve` is reached, decided at start-up from `--tls-cert/--tls-key`, `--host` and `--behind-proxy`:
///
/// | TLS files | `--host` | `--behind-proxy` | result |
/// | --- | --- | --- | --- |
/// | given | any | — | HTTPS (TLS 1.2+), media stream over WSS, cookies `Secure` |
/// | none | loopback (127.0.0.0/8, ::1, localhost) | — | plain HTTP, with a warning that a TLS-terminating proxy must front it |
/// | none | anything else | no | **refused**: say `--tls-cert/--tls-key` or `--behind-proxy` |
/// | none | anything else | yes | plain HTTP, with the same warning |
///
/// `--insecure-dev` (no Twilio signature check) is a separate matter and changes none of this.
public enum ServerTransport: Sendable, Equatable {
    /// The server terminates TLS itself.
    case https
    /// Plain HTTP: a reverse proxy in front terminates TLS.
    case plainHTTP

    /// The scheme the server itself answers (`https` or `http`).
    public var scheme: String { self == .https ? "https" : "http" }

    /// The transport for these options, and the warnings to print.
    /// - Throws: `StartupError` for plain HTTP on a non-loopback address without `--behind-proxy`.
    public static func decide(host: String, tls: Bool, behindProxy: Bool) throws(StartupError)
        -> (transport: ServerTransport, warnings: [String]) {
        if tls {
            let note = behindProxy ? ["warning: --behind-proxy is ignored: the server serves HTTPS itself (--tls-cert/--tls-key)"] : []
            return (.https, note)
        }
        let shown = host.contains(":") ? "[\(host)]" : host
        guard isLoopback(host) || behindProxy else {
            throw StartupError("refusing to serve plain HTTP on \(shown), which is not a loopback address: staff sign-ins, "
                               + "patient data and Twilio's requests would cross the network unencrypted. Serve HTTPS with "
                               + "--tls-cert FILE --tls-key FILE, or, when a TLS-terminating reverse proxy fronts this server, "
                               + "add --behind-proxy.")
        }
        return (.plainHTTP, ["warning: serving plain HTTP on \(shown): this server must sit behind a TLS-terminating reverse "
                             + "proxy (Twilio needs https and wss); or serve HTTPS itself with --tls-cert FILE --tls-key FILE"])
    }

    /// Whether session and CSRF cookies carry `Secure`: always over the server's own TLS; behind a proxy,
    /// when the public URL (what browsers reach) is https.
    public func secureCookies(publicURL: String) -> Bool {
        self == .https || publicURL.lowercased().hasPrefix("https://")
    }

    /// Whether `host` names this machine only: `localhost`, an IPv4 address in 127.0.0.0/8, `::1` (or
    /// `::ffff:127.x.x.x`). Brackets around an IPv6 address are allowed. Every other name or address —
    /// `0.0.0.0`, `::`, a hostname, a LAN address — is not.
    public static func isLoopback(_ host: String) -> Bool {
        var h = host.trimmingCharacters(in: .whitespaces).lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h == "localhost" || h == "localhost." { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, h, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { $0[0] } == 127
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, h, &v6) == 1 {
            let b = withUnsafeBytes(of: &v6) { Array($0) }
            if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return true }                              // ::1
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF && b[12] == 127 { return true } // ::ffff:127.x.x.x
        }
        return false
    }
}
