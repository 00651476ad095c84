// A simulated call's Media Stream: a WebSocket client written straight on SwiftNIO channel handlers, so
// that a thousand calls cost little more than their syscalls. The call's channel lives on one event loop;
// the tick driver's timer for that loop sends the call's frames (`write`), and the server's messages are
// handed to the call (`SimulatedCall.receive`) in `channelRead`, on the same loop: no task, actor or
// async-writer hop per message.
//
// The opening handshake is HTTP/1.1 `Upgrade: websocket` (RFC 6455 §4.1), carrying `X-Twilio-Signature`
// like Twilio's; then client frames are masked with a fresh random key each (§5.3), pings are answered,
// and a close is answered or, after our own close, awaited for at most 3 s. A tick's text frames are
// encoded (header, mask, masked payload) into one buffer and written past the WebSocket encoder, so a
// call's tick costs one buffer and one `write` syscall; control frames go through NIO's encoder.

import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import Telephony
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a simulated call's messages go: its Media Stream. Called by the tick driver on the event loop
/// the transport belongs to.
protocol CallTransport: AnyObject, Sendable {
    /// Sends `messages` as text frames, in order, with one flush.
    func write(_ messages: [String])
    /// Starts the closing handshake (the stream ends when the server answers, or after a timeout).
    func close()
}

/// A `ws://` or `wss://` URL, split for the handshake.
struct WebSocketTarget: Equatable {
    var tls: Bool
    var host: String
    var port: Int
    /// Path and query, percent-encoded as given (`/twilio/media?x=1`).
    var uri: String
    /// The `Host` header: the host, with the port when the URL names one.
    var hostHeader: String
    /// The `Origin` header (scheme and host), as swift-websocket's client sends it.
    var origin: String

    init?(_ url: String) {
        guard let c = URLComponents(string: url), let scheme = c.scheme?.lowercased(), scheme == "ws" || scheme == "wss",
              var host = c.host, !host.isEmpty else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        tls = scheme == "wss"
        self.host = host
        port = c.port ?? (tls ? 443 : 80)
        let path = c.percentEncodedPath.isEmpty ? "/" : c.percentEncodedPath
        uri = path + (c.percentEncodedQuery.map { "?" + $0 } ?? "")
        let shownHost = host.contains(":") ? "[\(host)]" : host
        hostHeader = c.port.map { "\(shownHost):\($0)" } ?? shownHost
        origin = "\(scheme)://\(shownHost)"
    }
}

extension SimulatedCall {
    /// Opens the stream on one of `driver`'s event loops, sends `connected` and `start`, hands the call to
    /// the driver's timer on that loop and returns when the socket has closed (the record then says how).
    func connect(to url: String, signedURL: String, customParameters: [(name: String, value: String)],
                 driver: TickDriver, logger: Logger) async {
        guard let target = WebSocketTarget(url) else {
            finish(error: "invalid WebSocket URL \(url)")
            return
        }
        let options = self.options
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: target.hostHeader)
        headers.add(name: "Origin", value: target.origin)
        if let token = options.authToken {
            headers.add(name: "X-Twilio-Signature", value: TwilioRequestSigner.signature(authToken: token, url: signedURL, parameters: []))
        }
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: target.uri, headers: headers)
        let opening = [TwilioMediaMessage.connected(),
                       TwilioMediaMessage.start(sequenceNumber: 1, accountSID: options.accountSID, callSID: options.callSID,
                                                streamSID: options.streamSID, customParameters: customParameters)]
        let loop = driver.group.next()
        let socket = CallSocket(call: self, driver: driver, loop: loop, opening: opening)
        let tls: NIOSSLContext?
        if target.tls {
            switch CallSocket.tlsContext {
            case .success(let context): tls = context
            case .failure(let error): finish(error: "TLS: \(error)"); return
            }
        } else {
            tls = nil
        }
        let bootstrap = ClientBootstrap(group: loop)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(10))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try socket.configure(channel, head: head, tls: tls, serverHostname: target.host)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: target.host, port: target.port).get()
        } catch {
            logger.debug("media stream connect failed", metadata: ["error": "\(error)"])
            finish(error: "\(error)")
            return
        }
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            channel.closeFuture.whenComplete { _ in
                // On the loop, after the handlers saw the channel go inactive.
                self.finish(error: socket.failure)
                done.resume()
            }
        }
    }
}

/// The WebSocket end of one simulated call (the last handler of its channel) and the call's transport.
/// Confined to its event loop: every method runs there (`write` and `close` hop to it if called elsewhere).
final class CallSocket: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// Largest frame and message accepted from the server.
    static let maxFrameSize = 1 << 20
    static let maxMessageSize = 1 << 22
    /// How long to wait for the server's answer to our close.
    static let closeTimeout = TimeAmount.seconds(3)
    /// One client TLS context for every `wss://` stream (system trust roots, hostname verified).
    static let tlsContext = Result { try NIOSSLContext(configuration: .makeClientConfiguration()) }

    private let call: SimulatedCall
    private let driver: TickDriver
    private let loop: any EventLoop
    private let opening: [String]
    private var context: ChannelHandlerContext?
    /// Where encoded frames are written: just above the transport (or TLS), below the HTTP/WebSocket codecs.
    private let wire = WireTap()
    private var allocator = ByteBufferAllocator()
    private var masks = MaskingKeys()
    private var closeSent = false
    private var closeReceived = false
    private var closeTimer: Scheduled<Void>?
    /// Why the stream failed, if it did (read once the channel has closed).
    private(set) var failure: String?

    init(call: SimulatedCall, driver: TickDriver, loop: any EventLoop, opening: [String]) {
        self.call = call
        self.driver = driver
        self.loop = loop
        self.opening = opening
    }

    // MARK: Handshake

    /// Sets up the HTTP upgrade (called by the channel initializer, on the loop).
    func configure(_ channel: any Channel, head: HTTPRequestHead, tls: NIOSSLContext?, serverHostname: String) throws {
        let ops = channel.pipeline.syncOperations
        if let tls {
            let hostname = serverHostname.contains(":") || serverHostname.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : serverHostname
            try ops.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: hostname))
        }
        try ops.addHandler(wire)
        let upgrader = NIOTypedWebSocketClientUpgrader<Bool>(maxFrameSize: Self.maxFrameSize) { channel, _ in
            channel.eventLoop.makeCompletedFuture {
                let ops = channel.pipeline.syncOperations
                try ops.addHandler(NIOWebSocketFrameAggregator(minNonFinalFragmentSize: 0, maxAccumulatedFrameCount: 1 << 16,
                                                               maxAccumulatedFrameSize: Self.maxMessageSize))
                try ops.addHandler(self)
                return true
            }
        }
        let upgrade = NIOTypedHTTPClientUpgradeConfiguration<Bool>(
            upgradeRequestHead: head, upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                channel.eventLoop.makeCompletedFuture {
                    // The response head follows (unbuffered by the upgrade handler): read its status.
                    try channel.pipeline.syncOperations.addHandler(RefusedUpgrade(socket: self))
                    return false
                }
            })
        var configuration = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: upgrade)
        configuration.leftOverBytesStrategy = .forwardBytes
        let upgraded = try ops.configureUpgradableHTTPClientPipeline(configuration: configuration)
        upgraded.assumeIsolated().whenComplete { result in
            switch result {
            case .success(true):
                self.open()
            case .success(false):
                // After the response head has been delivered (and its status recorded).
                channel.eventLoop.assumeIsolated().execute {
                    self.fail("WebSocket upgrade refused")
                    channel.close(promise: nil)
                }
            case .failure(let error):
                self.fail("\(error)")
                channel.close(promise: nil)
            }
        }
    }

    /// The upgrade is done: send `connected` and `start`, then let the driver tick the call.
    private func open() {
        guard let context else { return }
        write(opening)
        call.attach(self)
        if !driver.add(call, on: context.eventLoop) { close() }    // the run is over
    }

    /// Records the first failure.
    fileprivate func fail(_ reason: String) {
        if failure == nil { failure = reason }
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        allocator = context.channel.allocator
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text:
            let now = ContinuousClock.now
            call.receive(String(buffer: frame.unmaskedData), at: now)
        case .binary:
            call.violation(ViolationError(.notJSON, "binary WebSocket message"), at: .now)
        case .ping:
            guard !closeSent else { return }
            let pong = WebSocketFrame(fin: true, opcode: .pong, maskKey: masks.next(), data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            closeReceived = true
            if closeSent {
                context.close(promise: nil)          // the answer to our close
                return
            }
            // The server closes: answer with its status code, then close the connection.
            closeSent = true
            var data = frame.unmaskedData
            let code = data.readSlice(length: 2) ?? context.channel.allocator.buffer(capacity: 0)
            let answer = WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: masks.next(), data: code)
            context.writeAndFlush(wrapOutboundOut(answer)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closeTimer?.cancel()
        closeTimer = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Once the server has closed the stream, a reset while answering it is not a failure of the call.
        if !closeReceived { fail("\(error)") }
        context.close(promise: nil)
    }

    // MARK: Sending (the tick driver, on this loop)

    func write(_ messages: [String]) {
        guard loop.inEventLoop else {
            loop.execute { self.write(messages) }
            return
        }
        guard context != nil, let out = wire.context, !closeSent else { return }
        var size = 0
        for m in messages { size += m.utf8.count + 14 }
        var buffer = allocator.buffer(capacity: size)
        for m in messages { masks.appendTextFrame(m, to: &buffer) }
        out.writeAndFlush(NIOAny(buffer), promise: nil)
    }

    func close() {
        guard loop.inEventLoop else {
            loop.execute { self.close() }
            return
        }
        guard let context, !closeSent else { return }
        closeSent = true
        var code = context.channel.allocator.buffer(capacity: 2)
        code.write(webSocketErrorCode: .normalClosure)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: masks.next(), data: code)),
                              promise: nil)
        // A server that never answers: close anyway, as swift-websocket's client does.
        closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.closeTimeout) {
            context.close(promise: nil)
        }
    }
}

extension CallSocket: CallTransport {}

/// A pass-through handler whose context writes encoded WebSocket frames straight to the transport.
private final class WireTap: ChannelOutboundHandler, @unchecked Sendable {
    typealias OutboundIn = ByteBuffer
    private(set) var context: ChannelHandlerContext?
    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }
}

/// Reads the status of a response that refused the upgrade, for the call's error.
private final class RefusedUpgrade: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    let socket: CallSocket
    init(socket: CallSocket) { self.socket = socket }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head(let head) = unwrapInboundIn(data) {
            socket.fail("WebSocket upgrade refused: HTTP \(head.status.code) \(head.status.reasonPhrase)")
            context.close(promise: nil)
        }
    }
}

/// Masking keys from the system's random source (RFC 6455 §5.3: a fresh unpredictable key per frame),
/// read 128 at a time from /dev/urandom so a frame does not cost a syscall of its own.
struct MaskingKeys {
    private var pool = [UInt32](repeating: 0, count: 128)
    private var used = 128

    mutating func next() -> WebSocketMaskingKey {
        let key = nextKey()
        return [UInt8(truncatingIfNeeded: key >> 24), UInt8(truncatingIfNeeded: key >> 16),
                UInt8(truncatingIfNeeded: key >> 8), UInt8(truncatingIfNeeded: key)]
    }

    /// Four random bytes (as a number: its big-endian bytes are the key).
    private mutating func nextKey() -> UInt32 {
        if used == pool.count {
            Self.fill(&pool)
            used = 0
        }
        defer { used &+= 1 }
        return pool.withUnsafeBufferPointer { $0[used] }
    }

    /// Appends `text` as one final, masked text frame (RFC 6455 §5.2).
    mutating func appendTextFrame(_ text: String, to buffer: inout ByteBuffer) {
        var text = text
        let n = text.utf8.count
        buffer.writeWebSocketTextFrameHeader(payloadLength: n, masked: true)
        let key = nextKey()
        buffer.writeInteger(key)
        guard n > 0 else { return }
        // The mask, repeated over 8 bytes in memory order, XORed a word at a time.
        let k = UInt32(bigEndian: key)
        let wide = UInt64(k) | UInt64(k) << 32
        text.withUTF8 { src in
            _ = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: n) { dst in
                let from = UnsafeRawPointer(src.baseAddress!), to = dst.baseAddress!
                var i = 0
                while i + 8 <= n {
                    to.storeBytes(of: from.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ wide, toByteOffset: i, as: UInt64.self)
                    i += 8
                }
                while i < n {
                    to.storeBytes(of: src[i] ^ UInt8(truncatingIfNeeded: key >> UInt32(24 - 8 * (i & 3))), toByteOffset: i, as: UInt8.self)
                    i += 1
                }
                return n
            }
        }
    }

    /// One descriptor for the process (-1 if it cannot be opened).
    private static let urandom: CInt = open("/dev/urandom", O_RDONLY | O_CLOEXEC)

    private static func fill(_ bytes: inout [UInt32]) {
        bytes.withUnsafeMutableBytes { raw in
            var filled = 0
            while Self.urandom >= 0, filled < raw.count {
                let n = read(Self.urandom, raw.baseAddress! + filled, raw.count - filled)
                if n > 0 { filled += n } else if n < 0, errno == EINTR { continue } else { break }
            }
            if filled < raw.count {
                var generator = SystemRandomNumberGenerator()
                for i in filled..<raw.count { raw[i] = UInt8.random(in: .min ... .max, using: &generator) }
            }
        }
    }
}
