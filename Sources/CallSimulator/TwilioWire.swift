// Twilio Media Streams messages as Twilio writes them, written independently of the server's codec
// (`Sources/Telephony`) so each cross-checks the other. Reference:
// https://www.twilio.com/docs/voice/media-streams/websocket-messages
//
// What Twilio sends (we send): `connected`, `start`, `media` (every 20 ms, 160 bytes of 8 kHz μ-law,
// base64), `dtmf`, `mark` (the echo of a server mark once the audio before it has played, or when a
// `clear` drops it), `stop`. Every message but `connected` carries `sequenceNumber` (a string counting up
// from "1") and `streamSid`; `chunk` counts media messages from "1", `timestamp` is milliseconds since the
// stream started, both strings.
//
// What the server sends (we receive): `media` {event, streamSid, media:{payload}}, `mark` {event,
// streamSid, mark:{name}}, `clear` {event, streamSid}.
//
// The per-frame path builds JSON by hand and reads the server's messages with a small scanner: at 1,000
// calls × 50 frames a second, JSONEncoder/Decoder would cost more than the server being measured.

import Foundation

/// Builders for the messages Twilio sends over a Media Stream, as exact JSON text.
public enum TwilioMediaMessage {
    /// `{"event":"connected","protocol":"Call","version":"1.0.0"}`: the first message on a stream.
    public static func connected() -> String {
        #"{"event":"connected","protocol":"Call","version":"1.0.0"}"#
    }

    /// The `start` message: stream metadata, custom parameters from `<Stream><Parameter>` and the
    /// media format (8 kHz μ-law mono, inbound track only, as for `<Connect><Stream>`).
    public static func start(sequenceNumber: Int, accountSID: String, callSID: String, streamSID: String,
                             customParameters: [(name: String, value: String)]) -> String {
        let params = customParameters.map { "\(jsonString($0.name)):\(jsonString($0.value))" }.joined(separator: ",")
        return #"{"event":"start","sequenceNumber":"\#(sequenceNumber)","start":{"accountSid":\#(jsonString(accountSID)),"#
            + #""streamSid":\#(jsonString(streamSID)),"callSid":\#(jsonString(callSID)),"tracks":["inbound"],"#
            + #""customParameters":{\#(params)},"#
            + #""mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},"#
            + #""streamSid":\#(jsonString(streamSID))}"#
    }

    /// One inbound `media` message; `base64Payload` is the base64 of 160 μ-law bytes (20 ms).
    @inline(__always)
    public static func media(sequenceNumber: Int, chunk: Int, timestampMS: Int, base64Payload: String,
                             streamSID: String) -> String {
        // One interpolation, one allocation: this runs 50 times a second per call.
        #"{"event":"media","sequenceNumber":"\#(sequenceNumber)","media":{"track":"inbound","chunk":"\#(chunk)","timestamp":"\#(timestampMS)","payload":"\#(base64Payload)"},"streamSid":"\#(streamSID)"}"#
    }

    /// A key press: `dtmf` with track `inbound_track`.
    public static func dtmf(sequenceNumber: Int, digit: String, streamSID: String) -> String {
        #"{"event":"dtmf","streamSid":\#(jsonString(streamSID)),"sequenceNumber":"\#(sequenceNumber)","#
            + #""dtmf":{"track":"inbound_track","digit":\#(jsonString(digit))}}"#
    }

    /// The echo of a server `mark`.
    public static func mark(sequenceNumber: Int, name: String, streamSID: String) -> String {
        #"{"event":"mark","sequenceNumber":"\#(sequenceNumber)","streamSid":\#(jsonString(streamSID)),"#
            + #""mark":{"name":\#(jsonString(name))}}"#
    }

    /// The last message of a stream (the caller hung up).
    public static func stop(sequenceNumber: Int, accountSID: String, callSID: String, streamSID: String) -> String {
        #"{"event":"stop","sequenceNumber":"\#(sequenceNumber)","streamSid":\#(jsonString(streamSID)),"#
            + #""stop":{"accountSid":\#(jsonString(accountSID)),"callSid":\#(jsonString(callSID))}}"#
    }

    /// A JSON string literal for `s` (quotes, backslashes and control characters escaped).
    public static func jsonString(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
        return out
    }
}

/// One message from the server, as far as the simulated Twilio reads it.
public enum ServerMessage: Sendable, Equatable {
    /// Outbound audio: how many whole 160-byte frames the payload carries, and the bytes when kept.
    case media(frames: Int, payload: [UInt8]?)
    /// A named marker in the outbound audio.
    case mark(name: String)
    /// Drop all buffered outbound audio.
    case clear
}

/// Why a server message broke the Media Streams protocol.
public enum ViolationKind: String, Sendable, Equatable, CaseIterable {
    /// Not a JSON object (or a binary WebSocket message).
    case notJSON
    /// An `event` the bidirectional protocol doesn't have, or none.
    case unknownEvent
    /// `streamSid` missing or not the stream's.
    case wrongStreamSid
    /// `media.payload` missing, not base64, empty, or not whole 160-byte frames.
    case badPayload
    /// `mark` without `mark.name`.
    case missingField
}

/// Reads the server's messages. `media` goes through a byte scanner (no JSON parse per frame, but the
/// object's outline, `streamSid` and the payload are checked); `mark` and `clear`, rare, are parsed
/// fully with JSONSerialization.
public enum ServerMessageReader {
    /// The message, or the reason it is not a valid server message for `streamSID`.
    public static func read(_ text: String, streamSID: String, keepPayload: Bool = false)
        -> Result<ServerMessage, ViolationError> {
        var text = text
        return text.withUTF8 { read($0, streamSID: streamSID, keepPayload: keepPayload) }
    }

    /// `read(_:streamSID:keepPayload:)` on a message's UTF-8 bytes.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, streamSID: String, keepPayload: Bool = false)
        -> Result<ServerMessage, ViolationError> {
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), bytes[first] == UInt8(ascii: "{"),
              let last = bytes.lastIndex(where: { !isSpace($0) }), bytes[last] == UInt8(ascii: "}") else {
            return .failure(ViolationError(.notJSON, "not a JSON object"))
        }
        guard let event = stringValue(bytes, key: "event") else {
            return fullParse(bytes, streamSID: streamSID)
        }
        if event.elementsEqual("media".utf8) {
            guard let sid = stringValue(bytes, key: "streamSid") else {
                return .failure(ViolationError(.wrongStreamSid, "media without streamSid"))
            }
            guard sid.elementsEqual(streamSID.utf8) else {
                return .failure(ViolationError(.wrongStreamSid, "media for another stream"))
            }
            guard let payload = stringValue(bytes, key: "payload") else {
                return .failure(ViolationError(.badPayload, "media without payload"))
            }
            guard let decoded = Base64.decode(payload) else {
                return .failure(ViolationError(.badPayload, "payload is not base64"))
            }
            guard decoded.count > 0, decoded.count % 160 == 0 else {
                return .failure(ViolationError(.badPayload, "payload of \(decoded.count) bytes is not whole 160-byte frames"))
            }
            return .success(.media(frames: decoded.count / 160, payload: keepPayload ? decoded : nil))
        }
        return fullParse(bytes, streamSID: streamSID)
    }

    private static func fullParse(_ bytes: UnsafeBufferPointer<UInt8>, streamSID: String) -> Result<ServerMessage, ViolationError> {
        guard let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] else {
            return .failure(ViolationError(.notJSON, "not a JSON object"))
        }
        guard let event = object["event"] as? String else {
            return .failure(ViolationError(.unknownEvent, "no event"))
        }
        guard ["media", "mark", "clear"].contains(event) else {
            return .failure(ViolationError(.unknownEvent, "unknown event \(event.prefix(40))"))
        }
        guard let sid = object["streamSid"] as? String, sid == streamSID else {
            return .failure(ViolationError(.wrongStreamSid, "\(event) for another stream or without streamSid"))
        }
        switch event {
        case "clear":
            return .success(.clear)
        case "mark":
            guard let name = (object["mark"] as? [String: Any])?["name"] as? String else {
                return .failure(ViolationError(.missingField, "mark without mark.name"))
            }
            return .success(.mark(name: name))
        default:   // media that the scanner could not read (e.g. escaped keys)
            guard let payload = (object["media"] as? [String: Any])?["payload"] as? String,
                  let decoded = Data(base64Encoded: payload), decoded.count > 0, decoded.count % 160 == 0 else {
                return .failure(ViolationError(.badPayload, "media payload missing or not whole base64 frames"))
            }
            return .success(.media(frames: decoded.count / 160, payload: nil))
        }
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    /// The raw bytes of the string value of the first `"key"` (no unescaping; nil if absent or not a
    /// plain string). Good for the identifiers and base64 the server sends.
    static func stringValue(_ bytes: UnsafeBufferPointer<UInt8>, key: StaticString) -> UnsafeBufferPointer<UInt8>? {
        let k = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
        let n = bytes.count, m = k.count
        guard n > m + 2 else { return nil }
        var i = 0
        while i + m + 2 <= n {
            // find `"key"`
            if bytes[i] == 0x22, bytes[i + m + 1] == 0x22 {
                var same = true
                for j in 0..<m where bytes[i + 1 + j] != k[j] { same = false; break }
                if same {
                    var p = i + m + 2
                    while p < n, isSpace(bytes[p]) { p += 1 }
                    guard p < n, bytes[p] == UInt8(ascii: ":") else { i += 1; continue }
                    p += 1
                    while p < n, isSpace(bytes[p]) { p += 1 }
                    guard p < n, bytes[p] == 0x22 else { return nil }
                    let start = p + 1
                    var q = start
                    while q < n, bytes[q] != 0x22 {
                        if bytes[q] == UInt8(ascii: "\\") { return nil }
                        q += 1
                    }
                    guard q < n else { return nil }
                    return UnsafeBufferPointer(rebasing: bytes[start..<q])
                }
            }
            i += 1
        }
        return nil
    }
}

/// A protocol violation found in one message.
public struct ViolationError: Error, Sendable, Equatable {
    /// What kind of violation.
    public var kind: ViolationKind
    /// A short description (never the message's content beyond its event).
    public var detail: String
    /// A violation of `kind`.
    public init(_ kind: ViolationKind, _ detail: String) { self.kind = kind; self.detail = detail }
}

/// Strict standard base64 (RFC 4648 §4, padded), decoded without Foundation on the per-frame path.
enum Base64 {
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// The bytes, or nil when the text is not padded standard base64.
    static func decode(_ s: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let n = s.count
        guard n % 4 == 0 else { return nil }
        if n == 0 { return [] }
        var pad = 0
        if s[n - 1] == UInt8(ascii: "=") { pad += 1; if s[n - 2] == UInt8(ascii: "=") { pad += 1 } }
        var out = [UInt8]()
        out.reserveCapacity(n / 4 * 3 - pad)
        return table.withUnsafeBufferPointer { t -> [UInt8]? in
            var i = 0
            while i < n {
                let last = i + 4 == n
                let a = t[Int(s[i])], b = t[Int(s[i + 1])]
                let c = (last && pad == 2) ? 0 : t[Int(s[i + 2])]
                let d = (last && pad >= 1) ? 0 : t[Int(s[i + 3])]
                if (a | b | c | d) & 0xC0 != 0 { return nil }
                out.append(a << 2 | b >> 4)
                if !(last && pad == 2) { out.append(b << 4 | c >> 2) }
                if !(last && pad >= 1) { out.append(c << 6 | d) }
                i += 4
            }
            return out
        }
    }

    /// Padded standard base64 of `bytes`.
    static func encode(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
    }
}
