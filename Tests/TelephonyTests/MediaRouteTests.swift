import Foundation
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

final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func append(_ s: String) { lock.withLock { list.append(s) } }
    var items: [String] { lock.withLock { list } }
}
