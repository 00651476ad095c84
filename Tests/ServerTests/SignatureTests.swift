import Foundation
import Server
import Telephony
import Testing

@Suite struct SignatureTests {
    /// The worked example from Twilio's security documentation (auth token 12345).
    @Test func twilioDocumentationVector() {
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
        let params: [(name: String, value: String)] = [
            ("CallSid", "CA1234567890ABCDE"), ("Caller", "+12349013030"), ("Digits", "1234"),
            ("From", "+12349013030"), ("To", "+18005551212"),
        ]
        #expect(TwilioSignature.compute(authToken: "12345", url: url, parameters: params) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        // Order of the parameters as received does not matter: they are sorted by name.
        #expect(TwilioSignature.compute(authToken: "12345", url: url, parameters: params.reversed()) == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
        #expect(TwilioSignature.isValid(signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", authToken: "12345", url: url, parameters: params))
        #expect(!TwilioSignature.isValid(signature: "0/KCTR6DLpKmkAf8muzZqo1nDgQ=", authToken: "12346", url: url, parameters: params))
        #expect(!TwilioSignature.isValid(signature: nil, authToken: "12345", url: url, parameters: params))
        #expect(!TwilioSignature.isValid(signature: "", authToken: "12345", url: url, parameters: params))
    }

    @Test func matchesAnIndependentComputation() {
        let url = "https://frontdesk.example.com/twilio/voice?x=a%20b"
        let p = ["b": "2", "a": "1 + 1", "Zed": "ü"]
        let expected = Fixtures.sign(url: url, params: p)
        #expect(TwilioSignature.compute(authToken: Fixtures.token, url: url, parameters: p.map { ($0.key, $0.value) }) == expected)
    }

    @Test func constantTimeCompare() {
        #expect(TwilioSignature.constantTimeEqual(Array("abc".utf8), Array("abc".utf8)))
        #expect(!TwilioSignature.constantTimeEqual(Array("abc".utf8), Array("abd".utf8)))
        #expect(!TwilioSignature.constantTimeEqual(Array("abc".utf8), Array("ab".utf8)))
    }

    @Test func formDecoding() throws {
        let f = try #require(FormURLEncoded.decode("a=1&b=x+y%21&c=&d&e=%C3%BC"))
        #expect(f.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(f.map(\.value) == ["1", "x y!", "", "", "ü"])
        #expect(FormURLEncoded.decode("a=%zz") == nil)
    }

    @Test func twimlEscapes() {
        let x = TwiML.connectStream(streamURL: "wss://h/twilio/media?a=1&b=2", practiceID: "p\"<")
        #expect(x.contains("url=\"wss://h/twilio/media?a=1&amp;b=2\""))
        #expect(x.contains("value=\"p&quot;&lt;\""))
    }
}
