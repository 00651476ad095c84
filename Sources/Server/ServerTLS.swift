import Foundation
import HummingbirdCore
import HummingbirdTLS
import NIOSSL
import Vault

/// The certificate chain and private key `serve` answers HTTPS (and the media stream's WSS) with, from
/// `--tls-cert FILE --tls-key FILE` (PEM). Loaded and checked once at start-up, before anything listens:
/// a missing or unreadable file, a file that is not PEM, an encrypted key or a key that does not match the
/// certificate is a `StartupError` naming the file and the reason. TLS 1.2 is the oldest version offered.
///
///     let tls = try ServerTLS.load(certificate: "/etc/letsencrypt/live/fd.example.com/fullchain.pem",
///                                  key: "/etc/letsencrypt/live/fd.example.com/privkey.pem")
///
/// The files are read once: after a renewal, restart the server (e.g. certbot's `--deploy-hook`).
public struct ServerTLS: Sendable {
    /// The certificate chain file (the server's certificate first, then intermediates).
    public let certificatePath: String
    /// The private key file.
    public let keyPath: String
    /// The server configuration: the chain, the key, TLS 1.2 at least.
    public let configuration: TLSConfiguration
    /// When the server's own certificate (the first of the chain) stops being valid.
    public let notValidAfter: Date

    /// The oldest TLS version offered: 1.2 (1.0 and 1.1 are refused at the handshake).
    public static let minimumVersion = TLSVersion.tlsv12

    /// Reads and checks `--tls-cert` and `--tls-key`.
    /// - Throws: `StartupError` naming the option, the file and what is wrong with it.
    public static func load(certificate certificatePath: String, key keyPath: String) throws(StartupError) -> ServerTLS {
        let certBytes = try read(certificatePath, option: "--tls-cert")
        let keyBytes = try read(keyPath, option: "--tls-key")

        let chain: [NIOSSLCertificate]
        do { chain = try NIOSSLCertificate.fromPEMBytes(certBytes) } catch {
            throw StartupError("--tls-cert \(certificatePath): not a PEM certificate chain "
                               + "(expected -----BEGIN CERTIFICATE----- blocks, e.g. certbot's fullchain.pem)")
        }
        guard let leaf = chain.first else {
            throw StartupError("--tls-cert \(certificatePath): no certificate in the file "
                               + "(expected -----BEGIN CERTIFICATE----- blocks, e.g. certbot's fullchain.pem)")
        }
        let keyText = String(decoding: keyBytes, as: UTF8.self)
        if keyText.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") || keyText.contains("Proc-Type: 4,ENCRYPTED") {
            throw StartupError("--tls-key \(keyPath): the key is encrypted (passphrase-protected); serve needs an "
                               + "unencrypted PEM key, readable only by the user the server runs as")
        }
        let key: NIOSSLPrivateKey
        do { key = try NIOSSLPrivateKey(bytes: keyBytes, format: .pem) } catch {
            throw StartupError("--tls-key \(keyPath): not a PEM private key "
                               + "(expected -----BEGIN PRIVATE KEY----- or similar, e.g. certbot's privkey.pem)")
        }

        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) },
                                                                     privateKey: .privateKey(key))
        configuration.minimumTLSVersion = minimumVersion
        // Building the context is where BoringSSL checks that the key belongs to the certificate.
        do { _ = try NIOSSLContext(configuration: configuration) } catch {
            throw StartupError("--tls-key \(keyPath) does not match the certificate in --tls-cert \(certificatePath) "
                               + "(the first certificate of the chain must be the server's own)")
        }
        return ServerTLS(certificatePath: certificatePath, keyPath: keyPath, configuration: configuration,
                         notValidAfter: Date(timeIntervalSince1970: TimeInterval(leaf.notValidAfter)))
    }

    /// Warnings to print at start: the certificate has expired or expires within 14 days.
    public func warnings(now: Date = Date()) -> [String] {
        let left = notValidAfter.timeIntervalSince(now)
        if left <= 0 {
            return ["warning: the certificate in --tls-cert \(certificatePath) expired on \(ISOTime.string(notValidAfter)); "
                    + "Twilio and browsers will refuse it"]
        }
        if left < 14 * 86_400 {
            return ["warning: the certificate in --tls-cert \(certificatePath) expires on \(ISOTime.string(notValidAfter)); renew it"]
        }
        return []
    }

    /// `base` (HTTP/1.1 with the WebSocket upgrade) wrapped in TLS: every connection is TLS first, so the
    /// media stream is `wss`. Never falls back to plain HTTP: if the wrapper cannot be made, the server
    /// fails to start with that error.
    func serverBuilder(wrapping base: HTTPServerBuilder) -> HTTPServerBuilder {
        do { return try .tls(base, tlsConfiguration: configuration) } catch {
            return HTTPServerBuilder { _ in throw error }
        }
    }

    /// The file's bytes, or why it cannot be read.
    static func read(_ path: String, option: String) throws(StartupError) -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw StartupError("\(option) \(path): no such file")
        }
        guard !isDirectory.boolValue else { throw StartupError("\(option) \(path): is a directory, not a PEM file") }
        guard FileManager.default.isReadableFile(atPath: path), let data = FileManager.default.contents(atPath: path) else {
            throw StartupError("\(option) \(path): cannot be read (permission denied?); the user the server runs as must be able to read it")
        }
        guard !data.isEmpty else { throw StartupError("\(option) \(path): the file is empty") }
        return [UInt8](data)
    }
}
