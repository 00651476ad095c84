// A simulated call's Media Stream: a WebSocket client written straight on SwiftNIO channel handlers, so
// that a thousand calls cost little more than their syscalls. The call's channel lives on one event loop;
// the tick driver's timer for that loop sends the call's frames (`write`), and the server's messages are
// handed to the call (`SimulatedCall.receive`) in `channelRead`, on the same loop: no task, actor or
// async-writer hop per message.
//
// The opening handshake is HTTP/1.1 `Upgrade: websocket` (RFC 6455 §4.1), carrying `X-Twilio-Signature`
// like Twilio's, and the server's Sec-WebSocket-Accept is checked; then client frames are masked with a
// fresh random key each (§5.3), pings are answered, and a close is answered or, after our own close,
// awaited for at most 3 s. Frames are read by `WebSocketFrameReader` and written by this handler
// (header, mask, masked payload in one buffer): a call's tick costs one buffer and one `write` syscall.

import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
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
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Largest message accepted from the server.
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
    private var reader = WebSocketFrameReader(maxMessageBytes: CallSocket.maxMessageSize, peerMasks: false)
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
        let upgrader = WebSocketClientUpgrader { channel in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandler(self)
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
        reader.append(unwrapInboundIn(data))
        do {
            while let message = try reader.next() {
                handle(message, context: context)
            }
        } catch {
            // The server broke the protocol: say so in a close frame, as a client must (RFC 6455 §7.1.7).
            fail("WebSocket protocol violation: \(error.reason)")
            if !closeSent { send(.close, code(error.code), context: context) }
            closeSent = true
            context.close(promise: nil)
        }
    }

    private func handle(_ message: WebSocketFrameReader.Message, context: ChannelHandlerContext) {
        switch message {
        case .text(let bytes):
            let now = ContinuousClock.now
            call.receive(bytes, at: now)
        case .binary:
            call.violation(ViolationError(.notJSON, "binary WebSocket message"), at: .now)
        case .ping(let payload):
            guard !closeSent else { return }
            send(.pong, payload, context: context)
        case .pong:
            break
        case .close(let status):
            closeReceived = true
            if closeSent {
                context.close(promise: nil)          // the answer to our close
                return
            }
            // The server closes: answer with its status code, then close the connection.
            closeSent = true
            send(.close, status.map(code) ?? allocator.buffer(capacity: 0), context: context).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }

    /// A close frame's body: the status code.
    private func code(_ code: UInt16) -> ByteBuffer {
        var body = allocator.buffer(capacity: 2)
        body.writeInteger(code)
        return body
    }

    /// Writes one masked control frame.
    @discardableResult
    private func send(_ opcode: WebSocketFrameOpcode, _ payload: ByteBuffer, context: ChannelHandlerContext) -> EventLoopFuture<Void> {
        var frame = allocator.buffer(capacity: payload.readableBytes + 6)
        payload.withUnsafeReadableBytes { masks.appendFrame(opcode, $0, to: &frame) }
        return context.writeAndFlush(wrapOutboundOut(frame))
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
        guard let context, !closeSent else { return }
        var size = 0
        for m in messages { size += m.utf8.count + 14 }
        var buffer = allocator.buffer(capacity: size)
        for m in messages { masks.appendTextFrame(m, to: &buffer) }
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    func close() {
        guard loop.inEventLoop else {
            loop.execute { self.close() }
            return
        }
        guard let context, !closeSent else { return }
        closeSent = true
        send(.close, code(1000), context: context)
        // A server that never answers: close anyway, as swift-websocket's client does.
        closeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.closeTimeout) {
            context.close(promise: nil)
        }
    }
}

extension CallSocket: CallTransport {}

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

    /// Four random bytes (as a number: its big-endian bytes are the key).
    mutating func next() -> UInt32 {
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
        text.withUTF8 { appendFrame(.text, UnsafeRawBufferPointer($0), to: &buffer) }
    }

    /// Appends one final, masked frame of `opcode` carrying `payload`.
    mutating func appendFrame(_ opcode: WebSocketFrameOpcode, _ payload: UnsafeRawBufferPointer, to buffer: inout ByteBuffer) {
        let n = payload.count
        buffer.writeWebSocketFrameHeader(opcode, payloadLength: n, masked: true)
        let key = next()
        buffer.writeInteger(key)
        buffer.writeMasked(payload, count: n, key: key)
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
