// The opening handshake of the media WebSocket (RFC 6455 §4.2): checks the request's key and version,
// asks the route whether this stream may open (path, X-Twilio-Signature), answers 101 with
// Sec-WebSocket-Accept, and leaves the connection to `MediaStreamHandler` alone — no NIO WebSocket
// decoder, aggregator or encoder in between (the handler reads and writes frames itself).

import Crypto
import Foundation
import Telephony
import NIOCore
import NIOHTTP1

/// Upgrades an HTTP/1.1 request to a media stream.
struct MediaStreamUpgrader<UpgradeResult: Sendable>: NIOTypedHTTPServerProtocolUpgrader {
    /// Refused upgrades (a bad handshake, or `shouldUpgrade` said no).
    struct Refused: Error {}

    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []
    /// Whether the request may upgrade (called before the 101 is sent, once its handshake is valid).
    let shouldUpgrade: @Sendable (any Channel, HTTPRequestHead) -> Bool
    /// Called instead when the handshake itself is invalid (answered 400: the request is not sent on).
    let badHandshake: @Sendable () -> Void
    /// Sets the upgraded pipeline up (after the 101 is sent) and says what became of the connection.
    let upgradePipeline: @Sendable (any Channel, HTTPRequestHead) -> EventLoopFuture<UpgradeResult>

    func buildUpgradeResponse(channel: any Channel, upgradeRequest: HTTPRequestHead,
                              initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        // RFC 6455 §4.2.1: a GET with one key (16 random bytes, base64) and version 13.
        let keys = upgradeRequest.headers["Sec-WebSocket-Key"]
        guard upgradeRequest.method == .GET, keys.count == 1, let key = keys.first,
              Base64.decode(key.trimmingCharacters(in: .whitespaces))?.count == 16,
              upgradeRequest.headers["Sec-WebSocket-Version"] == ["13"] else {
            badHandshake()
            return channel.eventLoop.makeFailedFuture(Refused())
        }
        guard shouldUpgrade(channel, upgradeRequest) else { return channel.eventLoop.makeFailedFuture(Refused()) }
        var headers = initialResponseHeaders
        headers.replaceOrAdd(name: "Upgrade", value: "websocket")
        headers.replaceOrAdd(name: "Connection", value: "upgrade")
        headers.add(name: "Sec-WebSocket-Accept", value: Self.accept(key: key))
        return channel.eventLoop.makeSucceededFuture(headers)
    }

    func upgrade(channel: any Channel, upgradeRequest: HTTPRequestHead) -> EventLoopFuture<UpgradeResult> {
        upgradePipeline(channel, upgradeRequest)
    }

    /// `Sec-WebSocket-Accept`: base64 of the SHA-1 of the key and the protocol's GUID.
    static func accept(key: String) -> String {
        let digest = Insecure.SHA1.hash(data: Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        return Base64.encode(Array(digest))
    }
}
