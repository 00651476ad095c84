import Foundation
import Testing
@testable import Telephony

@Suite struct MediaStreamCodecTests {
    static let streamSid = "MZ18ad3ab5a668481ce02b83e7395059f0"
    static let callSid = "CA0123456789abcdef0123456789abcdef"

    @Test func connectedAsTwilioSendsIt() throws {
        let e = try MediaStreamCodec.decode(#"{"event": "connected", "protocol": "Call", "version": "1.0.0"}"#)
        #expect(e == .connected(protocolName: "Call", version: "1.0.0"))
    }

    @Test func startWithCustomParameters() throws {
        let text = """
        {"event":"start","sequenceNumber":"1","start":{"accountSid":"AC0123456789abcdef0123456789abcdef",
         "streamSid":"\(Self.streamSid)","callSid":"\(Self.callSid)","tracks":["inbound"],
         "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1},
         "customParameters":{"practice":"lakeview-dental","caller":"+13125550199"}},"streamSid":"\(Self.streamSid)"}
        """
        guard case .start(let s) = try MediaStreamCodec.decode(text) else { Issue.record("not start"); return }
        #expect(s.streamSid == Self.streamSid && s.callSid == Self.callSid)
        #expect(s.customParameters == ["practice": "lakeview-dental", "caller": "+13125550199"])
        #expect(s.encoding == "audio/x-mulaw" && s.sampleRate == 8000 && s.channels == 1)
    }

    @Test func mediaPayloadDecodes() throws {
        let bytes = (0..<160).map { UInt8($0) }
        let b64 = Data(bytes).base64EncodedString()
        let text = #"{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":""# + b64 + #""},"streamSid":""# + Self.streamSid + #""}"#
        #expect(try MediaStreamCodec.decode(text) == .media(streamSid: Self.streamSid, payload: bytes))
    }

    /// Escapes are legal JSON anywhere (Twilio sends none): an escaped key, event or payload reads the same.
    @Test func escapedMediaMessagesDecodeTheSame() throws {
        let bytes = [UInt8](repeating: 0xFF, count: 157) + [0xFB, 0xEF, 0xBE]         // base64 ends in "++++" and "/"-rich
        let b64 = Data(bytes).base64EncodedString()
        let escaped = b64.replacingOccurrences(of: "/", with: #"\/"#)
        let text = #"{"event":"media","media":{"payload":""# + escaped + #""},"streamSid":""# + Self.streamSid + #""}"#
        #expect(try MediaStreamCodec.decode(text) == .media(streamSid: Self.streamSid, payload: bytes))
    }

    @Test func dtmfMarkStop() throws {
        #expect(try MediaStreamCodec.decode(#"{"event":"dtmf","streamSid":"\#(Self.streamSid)","sequenceNumber":"5","dtmf":{"track":"inbound_track","digit":"0"}}"#)
                == .dtmf(streamSid: Self.streamSid, digit: "0"))
        #expect(try MediaStreamCodec.decode(#"{"event":"mark","sequenceNumber":"4","streamSid":"\#(Self.streamSid)","mark":{"name":"reply-1"}}"#)
                == .mark(streamSid: Self.streamSid, name: "reply-1"))
        #expect(try MediaStreamCodec.decode(#"{"event":"stop","sequenceNumber":"5","streamSid":"\#(Self.streamSid)","stop":{"accountSid":"AC0123456789abcdef0123456789abcdef","callSid":"\#(Self.callSid)"}}"#)
                == .stop(streamSid: Self.streamSid))
    }

    @Test(arguments: [
        "", "not json", "[1,2]", "{\"event\":42}", "{\"event\":\"bogus\"}", "{\"event\":\"media\"}",
        "{\"event\":\"media\",\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\",\"media\":{\"payload\":\"@@@@\"}}",
        "{\"event\":\"media\",\"streamSid\":\"nope\",\"media\":{\"payload\":\"AAAA\"}}",
        "{\"event\":\"dtmf\",\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\",\"dtmf\":{\"digit\":\"77\"}}",
        "{\"event\":\"start\",\"start\":{\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\"}}",
        "{\"event\":\"mark\",\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\"}",
        "{\"event\":\"connected\"} trailing", "{\"event\":\"connected\",}", "{\"a\":\"\u{01}\"}",
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ])
    func malformedMessagesAreRefused(_ text: String) {
        #expect(throws: MediaStreamError.self) { _ = try MediaStreamCodec.decode(text) }
    }

    @Test func oversizedMessagesAndPayloadsAreRefused() {
        let big = String(repeating: "A", count: MediaStreamCodec.maxMessageBytes)
        #expect(throws: MediaStreamError.self) { _ = try MediaStreamCodec.decode(#"{"event":"x","y":""# + big + #""}"#) }
        let payload = Data(repeating: 0xFF, count: MediaStreamCodec.maxPayloadBytes + 160).base64EncodedString()
        #expect(throws: MediaStreamError.self) {
            _ = try MediaStreamCodec.decode(#"{"event":"media","streamSid":"\#(Self.streamSid)","media":{"payload":"\#(payload)"}}"#)
        }
    }

    @Test func outboundMessagesAreTwilioShaped() throws {
        let frame = [UInt8](repeating: 0x7F, count: 160)
        let media = try JSONSerialization.jsonObject(with: Data(MediaStreamCodec.media(streamSid: Self.streamSid, payload: frame).utf8)) as! [String: Any]
        #expect(media["event"] as? String == "media" && media["streamSid"] as? String == Self.streamSid)
        #expect(Data(base64Encoded: (media["media"] as! [String: Any])["payload"] as! String) == Data(frame))
        let mark = try JSONSerialization.jsonObject(with: Data(MediaStreamCodec.mark(streamSid: Self.streamSid, name: "reply-2").utf8)) as! [String: Any]
        #expect((mark["mark"] as! [String: Any])["name"] as? String == "reply-2")
        #expect(MediaStreamCodec.clear(streamSid: Self.streamSid) == #"{"event":"clear","streamSid":"\#(Self.streamSid)"}"#)
    }

    @Test func base64MatchesFoundation() {
        for n in 0..<20 {
            let bytes = (0..<n).map { UInt8(($0 * 37 + n) & 0xFF) }
            let ours = Base64.encode(bytes)
            #expect(ours == Data(bytes).base64EncodedString())
            #expect(Base64.decode(ours) == bytes)
        }
        #expect(Base64.decode("abc") == nil)
        #expect(Base64.decode("ab!d") == nil)
        #expect(Base64.decode("AA=A") == nil && Base64.decode("====") == nil && Base64.decode("A===") == nil)
        #expect(Base64.decode("AA==AAAA") == nil)                          // padding only at the end
    }

    @Test func mediaWrittenIntoABufferIsTheSameText() {
        for n in [0, 1, 2, 3, 160, 320] {
            let payload = (0..<n).map { UInt8(($0 * 91 + 7) & 0xFF) }
            let text = MediaStreamCodec.media(streamSid: Self.streamSid, payload: payload)
            #expect(MediaStreamCodec.mediaCount(streamSid: Self.streamSid, payloadBytes: n) == text.utf8.count)
            #expect(text == #"{"event":"media","streamSid":"\#(Self.streamSid)","media":{"payload":"\#(Data(payload).base64EncodedString())"}}"#)
        }
    }

    @Test func jsonEscapesAndNumbers() throws {
        let v = try JSONValue.parse(#"{"s":"a\"b\\c\/d\n\u00e9\ud83d\ude00","n":-1.5e2,"t":true,"f":false,"z":null,"a":[1,"2"]}"#)
        #expect(v["s"]?.string == "a\"b\\c/d\né😀")
        #expect(v["n"] == .number(-150))
        #expect(v["a"] == .array([.number(1), .string("2")]))
        #expect(v["a"].map { _ in true } == true && v["t"] == .bool(true) && v["z"] == .null)
    }
}
