// The voice webhook Twilio posts when a call comes in, and the TwiML answer it reads.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Where and how to post the voice webhook (`POST {base}/twilio/voice`), as Twilio would.
public struct VoiceWebhook: Sendable {
    /// Where the request goes, e.g. `http://127.0.0.1:8080/twilio/voice`.
    public var url: String
    /// The URL that is signed, character for character: the one configured in Twilio's console (behind a
    /// proxy, the public URL, e.g. `https://frontdesk.example.com/twilio/voice`). Defaults to `url`.
    public var signedURL: String
    /// The account's auth token that signs the request; nil sends no `X-Twilio-Signature`.
    public var authToken: String?
    /// Replace the signature with this one (forged-signature tests).
    public var forgedSignature: String?

    /// A webhook to `url`, signed with `authToken` for `signedURL` (default: `url`).
    public init(url: String, signedURL: String? = nil, authToken: String?, forgedSignature: String? = nil) {
        self.url = url
        self.signedURL = signedURL ?? url
        self.authToken = authToken
        self.forgedSignature = forgedSignature
    }

    /// The form Twilio posts for an incoming call.
    public static func parameters(options: CallerOptions) -> [(name: String, value: String)] {
        [("AccountSid", options.accountSID), ("ApiVersion", "2010-04-01"), ("CallSid", options.callSID),
         ("CallStatus", "ringing"), ("Called", options.to), ("Caller", options.from), ("Direction", "inbound"),
         ("From", options.from), ("To", options.to)]
    }

    /// Posts the webhook and returns the HTTP status and body.
    public func send(options: CallerOptions) async throws -> (status: Int, body: String) {
        guard let target = URL(string: url) else { throw WebhookError.badURL(url) }
        let form = Self.parameters(options: options)
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        request.setValue("TwilioProxy/1.1", forHTTPHeaderField: "User-Agent")
        if let signature = forgedSignature ?? authToken.map({ TwilioRequestSigner.signature(authToken: $0, url: signedURL, parameters: form) }) {
            request.setValue(signature, forHTTPHeaderField: "X-Twilio-Signature")
        }
        request.httpBody = Data(FormBody.encode(form).utf8)
        let (data, response) = try await HTTP.send(request)
        return (response.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// Posts the webhook and reads the `<Connect><Stream>` of the answer.
    public func post(options: CallerOptions) async throws -> TwiMLStream {
        let (status, body) = try await send(options: options)
        guard status == 200 else { throw WebhookError.status(status) }
        guard let stream = TwiMLStream(twiml: body) else { throw WebhookError.noStream }
        return stream
    }
}

/// Why the voice webhook did not give a stream.
public enum WebhookError: Error, Sendable, Equatable {
    /// The webhook URL does not parse.
    case badURL(String)
    /// The server answered with this status instead of 200.
    case status(Int)
    /// The TwiML has no `<Connect><Stream url=…>`.
    case noStream
    /// No HTTP response.
    case noResponse
}

/// The media stream a TwiML answer asks for: `<Connect><Stream url="…"><Parameter name= value=/>…`.
public struct TwiMLStream: Sendable, Equatable {
    /// The WebSocket URL.
    public var url: String
    /// The `<Parameter>`s, in order (they become the `start` message's `customParameters`).
    public var parameters: [Parameter]

    /// A `<Parameter name= value=/>`.
    public struct Parameter: Sendable, Equatable {
        /// `name`.
        public var name: String
        /// `value`.
        public var value: String
        /// A parameter.
        public init(name: String, value: String) { self.name = name; self.value = value }
    }

    /// Reads the first `<Stream>` inside `<Connect>`; nil if there is none.
    public init?(twiml: String) {
        guard let connect = twiml.range(of: "<Connect"), let stream = XMLScan.element("Stream", in: twiml[connect.upperBound...]),
              let url = stream.attributes["url"] else { return nil }
        self.url = url
        var params: [Parameter] = []
        var rest = stream.rest
        while let p = XMLScan.element("Parameter", in: rest) {
            if let n = p.attributes["name"] { params.append(Parameter(name: n, value: p.attributes["value"] ?? "")) }
            rest = p.rest
        }
        self.parameters = params
    }

    var pairs: [(name: String, value: String)] { parameters.map { ($0.name, $0.value) } }
}

/// Just enough XML for TwiML: find an element's start tag and read its attributes.
enum XMLScan {
    static func element(_ name: String, in text: Substring) -> (attributes: [String: String], rest: Substring)? {
        var search = text
        while let open = search.range(of: "<" + name) {
            let after = search[open.upperBound...]
            guard let c = after.first else { return nil }
            if c == " " || c == ">" || c == "/" || c == "\n" || c == "\t" {
                guard let close = after.firstIndex(of: ">") else { return nil }
                return (attributes(after[..<close]), after[after.index(after: close)...])
            }
            search = after
        }
        return nil
    }

    static func attributes(_ s: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var rest = s
        while let eq = rest.firstIndex(of: "=") {
            let name = rest[..<eq].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "/" }).last.map(String.init) ?? ""
            var v = rest[rest.index(after: eq)...].drop(while: { $0 == " " })
            guard let q = v.first, q == "\"" || q == "'" else { break }
            v = v.dropFirst()
            guard let end = v.firstIndex(of: q) else { break }
            out[name] = unescape(String(v[..<end]))
            rest = v[v.index(after: end)...]
        }
        return out
    }

    static func unescape(_ s: String) -> String {
        guard s.contains("&") else { return s }
        return s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The text inside every `<name>…</name>` (entities decoded).
    static func texts(_ name: String, in text: String) -> [String] {
        var out: [String] = []
        var rest = text[...]
        while let el = element(name, in: rest) {
            guard let end = el.rest.range(of: "</" + name + ">") else { break }
            out.append(unescape(String(el.rest[..<end.lowerBound])).trimmingCharacters(in: .whitespacesAndNewlines))
            rest = el.rest[end.upperBound...]
        }
        return out
    }
}

/// A small HTTP client on URLSession (loopback tests and tools only).
enum HTTP {
    static func send(_ request: URLRequest) async throws -> (Data, HTTPURLResponse) {
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        return try await withCheckedThrowingContinuation { continuation in
            let task = session.dataTask(with: request) { data, response, error in
                if let error { continuation.resume(throwing: error); return }
                guard let http = response as? HTTPURLResponse else { continuation.resume(throwing: WebhookError.noResponse); return }
                continuation.resume(returning: (data ?? Data(), http))
            }
            task.resume()
        }
    }
}
