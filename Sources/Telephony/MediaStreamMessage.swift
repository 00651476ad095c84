// Twilio Media Streams messages (bidirectional `<Connect><Stream>`), as documented at
// https://www.twilio.com/docs/voice/media-streams/websocket-messages:
//   from Twilio: connected, start, media, dtmf, mark, stop;
//   to Twilio:   media (base64 8 kHz μ-law), mark, clear.
// Parsing is strict about what the session relies on (an event name, a stream id matching the start,
// whole μ-law payloads within a size limit) and lenient about what it does not read (extra fields).

import Foundation
import NIOCore

/// A message Twilio sends on a media stream.
public enum MediaStreamEvent: Sendable, Equatable {
    /// The WebSocket is up; first message of a stream.
    case connected(protocolName: String, version: String)
    /// Stream metadata: which call, what audio, and the custom parameters from the TwiML.
    case start(StreamStart)
    /// Caller audio: μ-law bytes (normally 160, i.e. 20 ms).
    case media(streamSid: String, payload: [UInt8])
    /// A key the caller pressed.
    case dtmf(streamSid: String, digit: Character)
    /// Twilio played (or, after `clear`, dropped) the audio sent before the mark of this name.
    case mark(streamSid: String, name: String)
    /// The stream ended (the caller hung up or the call moved on).
    case stop(streamSid: String)
}

/// The `start` message's metadata.
public struct StreamStart: Sendable, Equatable {
    public var streamSid: String
    public var callSid: String
    public var accountSid: String
    /// `customParameters` from the TwiML `<Parameter>`s (e.g. `practice`).
    public var customParameters: [String: String]
    /// `mediaFormat.encoding`; only `audio/x-mulaw` at 8,000 Hz mono is accepted.
    public var encoding: String
    public var sampleRate: Int
    public var channels: Int

    public init(streamSid: String, callSid: String, accountSid: String, customParameters: [String: String] = [:],
                encoding: String = "audio/x-mulaw", sampleRate: Int = 8_000, channels: Int = 1) {
        self.streamSid = streamSid; self.callSid = callSid; self.accountSid = accountSid
        self.customParameters = customParameters
        self.encoding = encoding; self.sampleRate = sampleRate; self.channels = channels
    }
}

/// Why a media stream message was refused (the stream is then ended with this reason logged).
public struct MediaStreamError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Decoding and encoding of Media Streams messages.
public enum MediaStreamCodec {
    /// Largest text message accepted (a 20 ms media message is about 300 bytes).
    public static let maxMessageBytes = 16 * 1024
    /// Largest decoded media payload accepted: 400 ms of audio.
    public static let maxPayloadBytes = 3_200

    /// Parses one text message from Twilio.
    public static func decode(_ text: String) throws(MediaStreamError) -> MediaStreamEvent {
        var text = text
        let result: Result<MediaStreamEvent, MediaStreamError> = text.withUTF8 { bytes in
            do throws(MediaStreamError) { return .success(try decode(bytes)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    /// Parses one text message from Twilio, from its UTF-8 bytes. A `media` message (50 a second) is read
    /// where it lies: only its payload and stream id become values of their own.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(MediaStreamError) -> MediaStreamEvent {
        guard bytes.count <= maxMessageBytes else {
            throw MediaStreamError("message of \(bytes.count) bytes exceeds \(maxMessageBytes)")
        }
        let document: JSONDocument
        do { document = try JSONDocument(bytes) } catch { throw MediaStreamError("not JSON: \(error.reason)") }
        guard document.tokens[0].kind == .object else { throw MediaStreamError("not a JSON object") }
        guard let e = document.member("event", of: 0), let event = document.string(e) else {
            throw MediaStreamError("no \"event\"")
        }
        func sid() throws(MediaStreamError) -> String {
            guard let t = document.member("streamSid", of: 0), let s = document.string(t), isSID(s, prefix: "MZ") else {
                throw MediaStreamError("\(event): missing or malformed streamSid")
            }
            return s
        }
        if event == "media" {
            guard let m = document.member("media", of: 0), let p = document.member("payload", of: m),
                  document.tokens[p].kind == .string else { throw MediaStreamError("media: no payload") }
            if let t = document.member("track", of: m), document.tokens[t].kind == .string, !document.equals(t, "inbound") {
                throw MediaStreamError("media: unexpected track")
            }
            let limit = (maxPayloadBytes + 2) / 3 * 4
            let length: Int, decoded: [UInt8]?
            if let raw = document.rawString(p) {
                length = raw.count
                decoded = length <= limit ? Base64.decode(raw) : nil
            } else {                                        // escaped (Twilio does not, JSON allows it)
                let text = document.string(p) ?? ""
                length = text.utf8.count
                decoded = length <= limit ? Base64.decode(text) : nil
            }
            guard length <= limit else { throw MediaStreamError("media: payload larger than \(maxPayloadBytes) bytes") }
            guard let decoded else { throw MediaStreamError("media: payload is not base64") }
            return .media(streamSid: try sid(), payload: decoded)
        }
        let json = document.value(0)
        switch event {
        case "connected":
            return .connected(protocolName: json["protocol"]?.string ?? "", version: json["version"]?.string ?? "")
        case "start":
            guard let s = json["start"], case .object = s else { throw MediaStreamError("start: no \"start\" object") }
            let streamSid = s["streamSid"]?.string ?? json["streamSid"]?.string ?? ""
            guard isSID(streamSid, prefix: "MZ") else { throw MediaStreamError("start: missing or malformed streamSid") }
            guard let callSid = s["callSid"]?.string, isSID(callSid, prefix: "CA") else {
                throw MediaStreamError("start: missing or malformed callSid")
            }
            var params: [String: String] = [:]
            if case .object(let pairs)? = s["customParameters"] {
                for (k, v) in pairs { if let str = v.string { params[k] = str } }
            }
            let format = s["mediaFormat"]
            return .start(StreamStart(streamSid: streamSid, callSid: callSid, accountSid: s["accountSid"]?.string ?? "",
                                      customParameters: params,
                                      encoding: format?["encoding"]?.string ?? "audio/x-mulaw",
                                      sampleRate: format?["sampleRate"]?.int ?? 8_000,
                                      channels: format?["channels"]?.int ?? 1))
        case "dtmf":
            guard let d = json["dtmf"]?["digit"]?.string, d.count == 1, let c = d.first,
                  c.isASCII, c.isNumber || c == "*" || c == "#" || ("A"..."D").contains(c) else {
                throw MediaStreamError("dtmf: missing or invalid digit")
            }
            return .dtmf(streamSid: try sid(), digit: c)
        case "mark":
            guard let name = json["mark"]?["name"]?.string else { throw MediaStreamError("mark: no name") }
            return .mark(streamSid: try sid(), name: name)
        case "stop":
            return .stop(streamSid: try sid())
        default:
            throw MediaStreamError("unknown event")
        }
    }

    /// `media`: μ-law audio to play (whole 160-byte frames).
    public static func media(streamSid: String, payload: [UInt8]) -> String {
        var buffer = ByteBuffer()
        writeMedia(streamSid: streamSid, payload: payload, to: &buffer)
        return String(buffer: buffer)
    }

    /// The length of `media(streamSid:payload:)`'s text for `payloadBytes` bytes of audio.
    public static func mediaCount(streamSid: String, payloadBytes: Int) -> Int {
        mediaHead.utf8CodeUnitCount + streamSid.utf8.count + mediaMiddle.utf8CodeUnitCount
            + Base64.encodedCount(payloadBytes) + mediaTail.utf8CodeUnitCount
    }

    /// Writes `media(streamSid:payload:)`'s text to `buffer` without building a String (50 a second).
    public static func writeMedia(streamSid: String, payload: [UInt8], to buffer: inout ByteBuffer) {
        buffer.writeStaticString(mediaHead)
        buffer.writeString(streamSid)
        buffer.writeStaticString(mediaMiddle)
        let n = Base64.encodedCount(payload.count)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: n) { out in
            payload.withUnsafeBufferPointer { Base64.encode($0, into: out) }
        }
        buffer.writeStaticString(mediaTail)
    }

    private static let mediaHead: StaticString = "{\"event\":\"media\",\"streamSid\":\""
    private static let mediaMiddle: StaticString = "\",\"media\":{\"payload\":\""
    private static let mediaTail: StaticString = "\"}}"

    /// `mark`: Twilio echoes it once the audio sent before it has played.
    public static func mark(streamSid: String, name: String) -> String {
        "{\"event\":\"mark\",\"streamSid\":\"\(streamSid)\",\"mark\":{\"name\":\"\(name)\"}}"
    }

    /// `clear`: drop all buffered audio (barge-in).
    public static func clear(streamSid: String) -> String {
        "{\"event\":\"clear\",\"streamSid\":\"\(streamSid)\"}"
    }

    /// A Twilio SID: two letters then 32 hex digits.
    public static func isSID(_ s: String, prefix: String) -> Bool {
        let u = s.utf8
        guard u.count == 34, u.starts(with: prefix.utf8) else { return false }
        return u.dropFirst(2).allSatisfy { (48...57).contains($0) || (97...102).contains($0) || (65...70).contains($0) }
    }
}
