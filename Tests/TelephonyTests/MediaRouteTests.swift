import Foundation
#if canImport(Glibc)
import Glibc
#endif
import FrontDeskCore
import HTTPTypes
import Hummingbird
import Logging
import Server
import Telephony
import Testing
import Voice
import WSClient
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `/twilio/media` WebSocket of a live server on loopback: the signature on the upgrade, and bad
/// input that ends one stream but never the server.
@Suite(.serialized) struct MediaRouteTests {
    typealias F = CallFixtures
    static let token = "media-route-test-token"

    /// Runs `body` against a live server whose public URL is its own loopback address.
    func withServer(_ body: (Int) async throws -> Void) async throws {
        try await withLiveServer(F.services(stt: ManualSpeechToText()), authToken: Self.token, body)
    }

    static func signature(_ url: String) -> String {
        TwilioSignature.compute(authToken: token, url: url, parameters: [])
    }

    /// Opens a stream, sends `messages`, and returns what the server sent back and how it closed.
    func stream(port: Int, signed: Bool, _ messages: [String], wait: Duration = .milliseconds(1_500)) async throws
        -> (received: [String], close: WebSocketCloseFrame?) {
        let url = "ws://127.0.0.1:\(port)/twilio/media"
        var headers = HTTPFields()
        if signed { headers[HTTPField.Name("X-Twilio-Signature")!] = Self.signature(url) }
        let received = LockedList()
        let close = try await WebSocketClient.connect(url: url, configuration: .init(additionalHeaders: headers),
                                                      logger: Logger(label: "client")) { inbound, outbound, _ in
            // The server may end the stream at the first bad message, before the rest are written.
            for m in messages { do { try await outbound.write(.text(m)) } catch { break } }
            let reader = Task {
                for try await message in inbound.messages(maxSize: 1 << 16) {
                    if case .text(let t) = message { received.append(t) }
                }
            }
            try? await Task.sleep(for: wait)
            reader.cancel()
        }
        return (received.items, close)
    }

    func healthy(_ port: Int) async throws -> Bool {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/healthz")!)
        return (response as? HTTPURLResponse)?.statusCode == 200 && String(decoding: data, as: UTF8.self).contains("ok")
    }

    @Test func aForgedOrMissingSignatureIsRefused() async throws {
        try await withServer { port in
            await #expect(throws: (any Error).self) { _ = try await stream(port: port, signed: false, [F.connected]) }
            let ok = try await healthy(port)
            #expect(ok)
        }
    }

    @Test func aSignedStreamIsAnswered() async throws {
        try await withServer { port in
            let r = try await stream(port: port, signed: true, [F.connected, F.start()])
            #expect(r.received.contains { $0.contains("\"event\":\"media\"") })
        }
    }

    @Test(arguments: ["garbage", "{\"event\":\"media\"}", F.media(F.silence), "{\"event\":\"connected\"}{",
                      String(repeating: "x", count: 20_000)])
    func garbageEndsTheStreamButNotTheServer(_ junk: String) async throws {
        try await withServer { port in
            let r = try await stream(port: port, signed: true, [junk, F.connected, F.start()])
            #expect(!r.received.contains { $0.contains("\"event\":\"media\"") })   // the stream was ended first
            let ok = try await healthy(port)
            #expect(ok)
            // Another call is answered as usual.
            let next = try await stream(port: port, signed: true, [F.connected, F.start()])
            #expect(next.received.contains { $0.contains("\"event\":\"media\"") })
        }
    }
}

extension MediaRouteTests {
    /// A peer that closes its side of the TCP connection without a WebSocket close frame used to leave the
    /// call (and its socket) open for good: the server must end the call and close.
    @Test func aHalfClosedSocketEndsTheCall() async throws {
        try await withServer { port in
            let socket = try #require(RawMediaSocket(port: port, signature: Self.signature("ws://127.0.0.1:\(port)/twilio/media")))
            socket.send(RawMediaSocket.frame(F.connected) + RawMediaSocket.frame(F.start()))
            // Read the 101 and some of the greeting, then close our side only.
            let head = socket.read(atLeast: 200)
            #expect(String(decoding: head.prefix(12), as: UTF8.self).hasPrefix("HTTP/1.1 101"))
            // RFC 6455 §1.3's example key and its accept value.
            #expect(String(decoding: head, as: UTF8.self).contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
            socket.shutdownWrite()
            // The server ends the call and closes: read returns 0 (end of stream), not a timeout.
            #expect(socket.readsToEnd())
        }
    }

    /// Pings are answered with their payload; a close is answered with a close and the connection ends.
    @Test func pingsAreAnsweredAndACloseIsCompleted() async throws {
        try await withServer { port in
            let socket = try #require(RawMediaSocket(port: port, signature: Self.signature("ws://127.0.0.1:\(port)/twilio/media")))
            let head = socket.read(atLeast: 12)
            #expect(String(decoding: head.prefix(12), as: UTF8.self).hasPrefix("HTTP/1.1 101"))
            socket.send(RawMediaSocket.frame(opcode: 0x9, Array("still there?".utf8)))
            let pong: [UInt8] = [0x8A, 12] + Array("still there?".utf8)
            #expect(socket.read(atLeast: pong.count).suffix(pong.count) == pong[...])
            socket.send(RawMediaSocket.frame(opcode: 0x8, [0x03, 0xE8]))
            #expect(socket.read(atLeast: 4).prefix(4) == [0x88, 2, 0x03, 0xE8])
            #expect(socket.readsToEnd())
        }
    }

    /// Once the server has sent its close frame nothing follows it (RFC 6455 §5.5.1), even mid-greeting.
    @Test func nothingFollowsTheCloseFrame() async throws {
        try await withServer { port in
            let socket = try #require(RawMediaSocket(port: port, signature: Self.signature("ws://127.0.0.1:\(port)/twilio/media")))
            socket.send(RawMediaSocket.frame(F.connected) + RawMediaSocket.frame(F.start()))
            _ = socket.read(atLeast: 2_000)                                 // the greeting is playing
            socket.send([0x81, 2] + Array("{}".utf8))                       // unmasked: a protocol error
            var rest: [UInt8] = []
            var chunk = socket.read(atLeast: 1)
            while !chunk.isEmpty { rest += chunk; chunk = socket.read(atLeast: 1) }
            let close = try #require(rest.lastIndex(of: 0x88))              // no text byte is 0x88
            #expect(Array(rest[close...]) == [0x88, 2, 0x03, 0xEA])
        }
    }

    /// A handshake the protocol does not allow (here version 12) is answered 400, not upgraded or sent on.
    @Test func anInvalidHandshakeIsABadRequest() async throws {
        try await withServer { port in
            let socket = try #require(RawMediaSocket(port: port, signature: Self.signature("ws://127.0.0.1:\(port)/twilio/media"),
                                                     version: "12"))
            let head = socket.read(atLeast: 12)
            #expect(String(decoding: head.prefix(12), as: UTF8.self) == "HTTP/1.1 400")
        }
    }

    /// A client frame without a mask breaks RFC 6455 §5.1: the server closes with 1002 (protocol error).
    @Test func anUnmaskedClientFrameIsAProtocolError() async throws {
        try await withServer { port in
            let socket = try #require(RawMediaSocket(port: port, signature: Self.signature("ws://127.0.0.1:\(port)/twilio/media")))
            _ = socket.read(atLeast: 12)
            socket.send([0x81, 2] + Array("{}".utf8))
            #expect(socket.read(atLeast: 4).prefix(4) == [0x88, 2, 0x03, 0xEA])
            #expect(socket.readsToEnd())
            let ok = try await healthy(port)
            #expect(ok)
        }
    }
}

/// A media stream over a plain socket, for what WebSocket clients do not let a test do (half-close,
/// unmasked frames, raw control frames). Its upgrade uses RFC 6455's example key.
final class RawMediaSocket {
    let fd: Int32

    init?(port: Int, signature: String, version: String = "13") {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); return nil }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let upgrade = "GET /twilio/media HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: \(version)\r\n"
            + "X-Twilio-Signature: \(signature)\r\n\r\n"
        send(Array(upgrade.utf8))
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) { _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } }

    /// A masked frame (mask key zero: the payload goes as is, as RFC 6455 allows).
    static func frame(opcode: UInt8 = 0x1, _ payload: [UInt8]) -> [UInt8] {
        var header: [UInt8] = [0x80 | opcode]
        if payload.count < 126 { header.append(0x80 | UInt8(payload.count)) } else {
            header += [0x80 | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        }
        return header + [0, 0, 0, 0] + payload
    }

    static func frame(_ text: String) -> [UInt8] { frame(Array(text.utf8)) }

    /// Reads until at least `count` bytes (or the end, or 20 s).
    func read(atLeast count: Int) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var received: [UInt8] = []
        while received.count < count {
            let n = Glibc.read(fd, &buffer, buffer.count)
            guard n > 0 else { break }
            received += buffer.prefix(n)
        }
        return received
    }

    func shutdownWrite() { shutdown(fd, Int32(SHUT_WR)) }

    /// Reads until the server closes (true), or 20 s pass (false).
    func readsToEnd() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var last = 1
        let deadline = ContinuousClock.now + .seconds(20)
        while last > 0, ContinuousClock.now < deadline { last = Glibc.read(fd, &buffer, buffer.count) }
        return last == 0
    }
}

final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ s: String) { lock.withLock { list.append(s) } }
    var items: [String] { lock.withLock { list } }
}
