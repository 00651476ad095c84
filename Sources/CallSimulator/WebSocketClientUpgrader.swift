// The client side of the WebSocket opening handshake (RFC 6455 §4.1, §4.2.2) for a simulated call: a fresh
// random key, version 13, and the server's Sec-WebSocket-Accept checked against the key (with the
// simulator's own SHA-1). The upgraded channel carries frames only: `CallSocket` reads and writes them.

import NIOCore
import NIOHTTP1
import NIOWebSocket
import Telephony

/// Upgrades a simulated call's HTTP/1.1 request to its media stream.
struct WebSocketClientUpgrader: NIOTypedHTTPClientProtocolUpgrader {
    let supportedProtocol = "websocket"
    let requiredUpgradeHeaders: [String] = []
    /// This handshake's Sec-WebSocket-Key (16 random bytes, base64).
    let key = NIOWebSocketClientUpgrader.randomRequestKey()
    /// Sets the upgraded pipeline up; true once the stream is open.
    let upgradePipeline: @Sendable (any Channel) -> EventLoopFuture<Bool>

    func addCustom(upgradeRequestHeaders: inout HTTPHeaders) {
        upgradeRequestHeaders.add(name: "Sec-WebSocket-Key", value: key)
        upgradeRequestHeaders.add(name: "Sec-WebSocket-Version", value: "13")
    }

    func shouldAllowUpgrade(upgradeResponse: HTTPResponseHead) -> Bool {
        upgradeResponse.headers["Sec-WebSocket-Accept"] == [Self.accept(key: key)]
    }

    func upgrade(channel: any Channel, upgradeResponse: HTTPResponseHead) -> EventLoopFuture<Bool> {
        upgradePipeline(channel)
    }

    /// The Sec-WebSocket-Accept a server must answer `key` with: base64 of SHA-1(key + the protocol's GUID).
    static func accept(key: String) -> String {
        Base64.encode(TwilioRequestSigner.sha1(Array((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8)))
    }
}
