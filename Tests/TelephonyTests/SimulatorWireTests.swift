// The simulator's own Twilio encodings: the messages it sends, the reader of the server's messages, the
// webhook signature, TwiML parsing and form bodies.

import CallSimulator
import Foundation
import Testing

@Suite("Simulator wire format")
struct SimulatorWireTests {
    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func connectedAndStartAreTwilioShaped() throws {
        let c = try object(TwilioMediaMessage.connected())
        #expect(c["event"] as? String == "connected" && c["protocol"] as? String == "Call" && c["version"] as? String == "1.0.0")
        let s = try object(TwilioMediaMessage.start(sequenceNumber: 1, accountSID: "AC1", callSID: "CA2", streamSID: "MZ3",
                                                    customParameters: [("practice", "bright \"smile\"")]))
        #expect(s["event"] as? String == "start" && s["sequenceNumber"] as? String == "1" && s["streamSid"] as? String == "MZ3")
        let start = try #require(s["start"] as? [String: Any])
        #expect(start["accountSid"] as? String == "AC1" && start["callSid"] as? String == "CA2" && start["streamSid"] as? String == "MZ3")
        #expect(start["tracks"] as? [String] == ["inbound"])
        #expect(start["customParameters"] as? [String: String] == ["practice": "bright \"smile\""])
        let format = try #require(start["mediaFormat"] as? [String: Any])
        #expect(format["encoding"] as? String == "audio/x-mulaw" && format["sampleRate"] as? Int == 8000 && format["channels"] as? Int == 1)
    }

    @Test func mediaDtmfMarkStopAreTwilioShaped() throws {
        let payload = Data(repeating: 0xFF, count: 160).base64EncodedString()
        let m = try object(TwilioMediaMessage.media(sequenceNumber: 3, chunk: 2, timestampMS: 20, base64Payload: payload, streamSID: "MZ3"))
        let media = try #require(m["media"] as? [String: Any])
        #expect(m["event"] as? String == "media" && m["sequenceNumber"] as? String == "3" && m["streamSid"] as? String == "MZ3")
        #expect(media["track"] as? String == "inbound" && media["chunk"] as? String == "2" && media["timestamp"] as? String == "20")
        #expect(Data(base64Encoded: media["payload"] as? String ?? "") == Data(repeating: 0xFF, count: 160))
        let d = try object(TwilioMediaMessage.dtmf(sequenceNumber: 4, digit: "0", streamSID: "MZ3"))
        #expect((d["dtmf"] as? [String: String]) == ["track": "inbound_track", "digit": "0"] && d["sequenceNumber"] as? String == "4")
        let k = try object(TwilioMediaMessage.mark(sequenceNumber: 5, name: "reply-1", streamSID: "MZ3"))
        #expect((k["mark"] as? [String: String]) == ["name": "reply-1"] && k["streamSid"] as? String == "MZ3")
        let s = try object(TwilioMediaMessage.stop(sequenceNumber: 6, accountSID: "AC1", callSID: "CA2", streamSID: "MZ3"))
        #expect((s["stop"] as? [String: String]) == ["accountSid": "AC1", "callSid": "CA2"] && s["event"] as? String == "stop")
        #expect(TwilioMediaMessage.jsonString("a\u{1}\n\\") == #""a\u0001\n\\""#)
    }

    @Test func readsServerMessages() {
        let frame = Data(repeating: 0x7F, count: 160).base64EncodedString()
        let two = Data(repeating: 0x7F, count: 320).base64EncodedString()
        #expect(ServerMessageReader.read(#"{"event":"media","streamSid":"MZ1","media":{"payload":"\#(frame)"}}"#, streamSID: "MZ1")
                == .success(.media(frames: 1, payload: nil)))
        #expect(ServerMessageReader.read(#" { "event" : "media", "media": {"payload" : "\#(two)"}, "streamSid": "MZ1" } "#,
                                         streamSID: "MZ1", keepPayload: true)
                == .success(.media(frames: 2, payload: [UInt8](repeating: 0x7F, count: 320))))
        #expect(ServerMessageReader.read(#"{"event":"mark","streamSid":"MZ1","mark":{"name":"m1"}}"#, streamSID: "MZ1")
                == .success(.mark(name: "m1")))
        #expect(ServerMessageReader.read(#"{"event":"clear","streamSid":"MZ1"}"#, streamSID: "MZ1") == .success(.clear))
    }

    @Test(arguments: [
        ("hello", ViolationKind.notJSON),
        (#"{"event":"media","streamSid":"MZ1","media":{"payload":"AAAA"#, .notJSON),
        (#"{"event":"play","streamSid":"MZ1"}"#, .unknownEvent),
        (#"{"streamSid":"MZ1"}"#, .unknownEvent),
        (#"{"event":"clear","streamSid":"MZ2"}"#, .wrongStreamSid),
        (#"{"event":"clear"}"#, .wrongStreamSid),
        (#"{"event":"media","streamSid":"MZ2","media":{"payload":"AAAA"}}"#, .wrongStreamSid),
        (#"{"event":"media","streamSid":"MZ1","media":{"payload":"AAAA"}}"#, .badPayload),
        (#"{"event":"media","streamSid":"MZ1","media":{"payload":"not base64!"}}"#, .badPayload),
        (#"{"event":"media","streamSid":"MZ1","media":{}}"#, .badPayload),
        (#"{"event":"mark","streamSid":"MZ1","mark":{}}"#, .missingField),
    ])
    func flagsViolations(text: String, kind: ViolationKind) {
        guard case .failure(let v) = ServerMessageReader.read(text, streamSID: "MZ1") else {
            Issue.record("accepted \(text)")
            return
        }
        #expect(v.kind == kind, "\(text): \(v.detail)")
    }

    @Test func sha1AndHMACMatchKnownVectors() {
        func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(TwilioRequestSigner.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(TwilioRequestSigner.sha1([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        #expect(hex(TwilioRequestSigner.sha1(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        // RFC 2202 test case 2.
        #expect(hex(TwilioRequestSigner.hmacSHA1(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
                == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        // RFC 2202 test case 6: a key longer than the block.
        #expect(hex(TwilioRequestSigner.hmacSHA1(key: [UInt8](repeating: 0xAA, count: 80),
                                                 message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "aa4ae5e15272d00e95705637ce8a3b55ed402112")
    }

    @Test func signsTwilioWorkedExample() {
        // https://www.twilio.com/docs/usage/webhooks/webhooks-security
        let sig = TwilioRequestSigner.signature(
            authToken: "12345", url: "https://mycompany.com/myapp.php?foo=1&bar=2",
            parameters: [("Digits", "1234"), ("To", "+18005551212"), ("From", "+12349013030"), ("Caller", "+12349013030"),
                         ("CallSid", "CA1234567890ABCDE")])
        #expect(sig == "0/KCTR6DLpKmkAf8muzZqo1nDgQ=")
    }

    @Test func formBodiesRoundTrip() throws {
        let pairs = [("Twiml", "<Response><Say>Hi & bye</Say></Response>"), ("From", "+1 312"), ("Ünï", "çödé")]
        let body = FormBody.encode(pairs)
        #expect(body.contains("%3CResponse%3E") && body.contains("From=%2B1+312"))
        let back = try #require(FormBody.decode(body))
        #expect(back.map(\.name) == pairs.map(\.0) && back.map(\.value) == pairs.map(\.1))
        #expect(FormBody.decode("a=%zz") == nil)
    }

    @Test func readsTwiMLStream() throws {
        let twiml = #"<?xml version="1.0" encoding="UTF-8"?><Response><Connect><Stream url="wss://x.example/twilio/media?a=1&amp;b=2"><Parameter name="practice" value="lakeview-dental"/><Parameter name="q" value="a &quot;b&quot;"/></Stream></Connect></Response>"#
        let stream = try #require(TwiMLStream(twiml: twiml))
        #expect(stream.url == "wss://x.example/twilio/media?a=1&b=2")
        #expect(stream.parameters == [.init(name: "practice", value: "lakeview-dental"), .init(name: "q", value: #"a "b""#)])
        #expect(TwiMLStream(twiml: "<Response><Say>Hi</Say></Response>") == nil)
    }

    @Test func distributionUsesNearestRank() {
        let d = Distribution((1...100).map(Double.init))
        #expect(d.count == 100 && d.p50 == 50 && d.p99 == 99 && d.max == 100 && d.mean == 50.5)
        #expect(Distribution([]).count == 0)
    }
}
