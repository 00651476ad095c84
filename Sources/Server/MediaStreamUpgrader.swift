// The opening handshake of the media WebSocket (RFC 6455 §4.2): checks the request's key and version,
// asks the route whether this stream may open (path, X-Twilio-Signature), answers 101 with
// Sec-WebSocket-Accept, and leaves the connection to `MediaStreamHandler` alone — no NIO WebSocket
// decoder, aggregator or encoder in between (the handler reads and writes frames itself).

import Crypto
import Telephony
import NIOCore
import NIOHTTP1

/// Upgrades an HTTP/1.1 request to a media stream.
struct MediaStreamUpgrader<UpgradeResult: Sendable>: NIOTypedHTTPServerProtocolUpgrader {
    /// Refused upgrades (a missing or bad key, a version other than 13, `shouldUpgrade` said no).
    struct Refused: Error {}

    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []
    /// Whether the request may upgrade (called before the 101 is sent).
    let shouldUpgrade: @Sendable (any Channel, HTTPRequestHead) -> Bool
    /// Sets the upgraded pipeline up (after the 101 is sent) and says what became of the connection.
    let upgradePipeline: @Sendable (any Channel, HTTPRequestHead) -> EventLoopFuture<UpgradeResult>

    func buildUpgradeResponse(channel: any Channel, upgradeRequest: HTTPRequestHead,
                              initialResponseHeaders: HTTPHeaders) -> EventLoopFuture<HTTPHeaders> {
        let keys = upgradeRequest.headers["Sec-WebSocket-Key"]
        guard keys.count == 1, let key = keys.first, upgradeRequest.headers["Sec-WebSocket-Version"] == ["13"],
              shouldUpgrade(channel, upgradeRequest) else {
            return channel.eventLoop.makeFailedFuture(Refused())
        }
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
