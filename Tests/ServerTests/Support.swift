import Crypto
import Foundation
import FrontDeskCore
import Server

enum Fixtures {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dentalPath = repo.appendingPathComponent("examples/practices/dental.yaml").path        // hipaa_covered: true
    static let vetPath = repo.appendingPathComponent("examples/practices/veterinary.yaml").path       // hipaa_covered: false
    static var dental: PracticeProfile { try! ProfileLoader.load(path: dentalPath) }
    static var vet: PracticeProfile { try! ProfileLoader.load(path: vetPath) }

    static let token = "test-auth-token-0123456789abcdef"
    static let publicURL = "https://frontdesk.example.com"
    static let callSID = "CA0123456789abcdef0123456789abcdef"

    static var settings: ServerSettings {
        ServerSettings(practiceID: "lakeview-dental", publicURL: publicURL, authToken: token)
    }

    /// The signature written out straight from Twilio's description, independent of `TwilioSignature`:
    /// URL, then each name and value sorted by name, HMAC-SHA1 under the auth token, base64.
    static func sign(url: String, params: [String: String], token: String = token) -> String {
        var s = url
        for k in params.keys.sorted() { s += k + params[k]! }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(s.utf8), using: SymmetricKey(data: Data(token.utf8)))
        return Data(mac).base64EncodedString()
    }

    /// A form body for the params (percent-encoded by hand: `+` and spaces and `%` included).
    static func form(_ params: [String: String]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return params.keys.sorted().map { k in
            "\(k.addingPercentEncoding(withAllowedCharacters: allowed)!)=\(params[k]!.addingPercentEncoding(withAllowedCharacters: allowed)!)"
        }.joined(separator: "&")
    }

    static let voiceParams: [String: String] = [
        "AccountSid": "AC0123456789abcdef0123456789abcdef",
        "ApiVersion": "2010-04-01",
        "CallSid": callSID,
        "CallStatus": "ringing",
        "Called": "+15035550100",
        "Caller": "+13125550301",
        "Direction": "inbound",
        "From": "+13125550301",
        "FromCity": "CHICAGO",
        "To": "+15035550100",
    ]
}
