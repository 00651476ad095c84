import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Changes a live call from outside the media stream: a transfer to a person or line, or a hang-up.
public protocol CallControl: Sendable {
    /// Replaces what the call is doing with `twiml` (e.g. `<Say>…</Say><Dial>…</Dial>`).
    func redirect(callSid: String, twiml: String) async throws
    /// Ends the call.
    func hangUp(callSid: String) async throws
}

/// Why Twilio's REST API refused or failed a request (the call's id and the HTTP status only, never PHI).
public struct CallControlError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Twilio's REST API for live calls: `POST {apiBase}/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json`
/// with `Twiml=` (redirect) or `Status=completed` (hang up), HTTP Basic auth with the account SID and
/// auth token (https://www.twilio.com/docs/voice/api/call-resource#update-a-call-resource).
public struct TwilioRESTClient: CallControl {
    public var accountSID: String
    public var authToken: String
    /// `https://api.twilio.com`, or a loopback fake in tests.
    public var apiBase: String
    public var timeout: TimeAmount
    let http: HTTPClient

    public init(accountSID: String, authToken: String, apiBase: String = "https://api.twilio.com",
                httpClient: HTTPClient, timeout: TimeAmount = .seconds(5)) {
        self.accountSID = accountSID; self.authToken = authToken
        self.apiBase = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        self.http = httpClient; self.timeout = timeout
    }

    public func redirect(callSid: String, twiml: String) async throws {
        try await update(callSid: callSid, form: [("Twiml", twiml)])
    }

    public func hangUp(callSid: String) async throws {
        try await update(callSid: callSid, form: [("Status", "completed")])
    }

    func update(callSid: String, form: [(String, String)]) async throws {
        var request = HTTPClientRequest(url: "\(apiBase)/2010-04-01/Accounts/\(accountSID)/Calls/\(callSid).json")
        request.method = .POST
        let credentials = Data("\(accountSID):\(authToken)".utf8).base64EncodedString()
        request.headers.add(name: "Authorization", value: "Basic \(credentials)")
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.headers.add(name: "Accept", value: "application/json")
        let body = form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await http.execute(request, timeout: timeout)
        _ = try? await response.body.collect(upTo: 64 * 1024)
        guard (200..<300).contains(Int(response.status.code)) else {
            throw CallControlError("Twilio call update for \(callSid) answered HTTP \(response.status.code)")
        }
    }

    /// application/x-www-form-urlencoded value encoding (unreserved characters kept, space as %20).
    static func formEncode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
