// The server's connections: HTTP/1.1 for webhooks, the staff API and the dashboard (Hummingbird's router),
// upgraded to a WebSocket at `/twilio/media` for Twilio Media Streams.
//
// The media WebSocket is handled by plain NIO handlers on the connection's event loop rather than through
// async sequences: a call sends 50 messages a second each way, and at hundreds of calls a task hop per
// message costs more than decoding, VAD and pacing together. Each text message goes straight to the call's
// `MediaStreamConnection` (same loop, same thread); replies are written from the loop's `PlayoutTicker`.

import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import ServiceLifecycle
import Telephony

/// What `/twilio/media` needs: where calls go, how to check the upgrade's signature.
public struct MediaStreamRoute: Sendable {
    /// The path Twilio's `<Stream>` names.
    public static let path = "/twilio/media"
    let settings: ServerSettings
    let calls: CallDirectory
    let logger: Logger

    /// The media route for `calls`, checked against `settings` (public URL, auth token).
    public init(settings: ServerSettings, calls: CallDirectory, logger: Logger) {
        self.settings = settings; self.calls = calls; self.logger = logger
    }

    /// Why an upgrade is refused, or nil when it may go ahead. Twilio signs the stream's URL (with its
    /// query) and no parameters; `--insecure-dev` (no auth token) skips the check.
    func refusal(uri: String, signature: String?) -> HTTPResponse.Status? {
        let path = uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? uri
        guard path == Self.path else { return .notFound }
        guard let token = settings.authToken else { return nil }
        let query = uri.firstIndex(of: "?").map { String(uri[$0...]) } ?? ""
        guard TwilioSignature.isValid(signature: signature, authToken: token, url: settings.mediaStreamURL + query,
                                      parameters: []) else {
            logger.warning("rejected media stream: invalid or missing X-Twilio-Signature")
            return .forbidden
        }
        return nil
    }
}

extension HTTPServerBuilder {
    /// HTTP/1.1 with the Media Streams WebSocket at `/twilio/media` (when `media` is given).
    public static func frontDesk(media: MediaStreamRoute?) -> HTTPServerBuilder {
        .init { responder in FrontDeskChannel(responder: responder, media: media) }
    }
}

/// One accepted connection: HTTP/1.1, or a media stream once upgraded.
struct FrontDeskChannel: ServerChildChannel, HTTPChannelHandler {
    enum UpgradeResult: Sendable {
        case notUpgraded(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>)
        case refused(NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>, HTTPResponse.Status)
        /// The upgraded channel, and a promise completed once its call has ended (its record finished).
        case media(any Channel, EventLoopPromise<Void>)
    }

    struct Value: ServerChildChannelValue {
        let upgradeResult: EventLoopFuture<UpgradeResult>
        let channel: any Channel
    }

    let responder: HTTPChannelHandler.Responder
    let media: MediaStreamRoute?

    init(responder: @escaping HTTPChannelHandler.Responder, media: MediaStreamRoute?) {
        self.media = media
        // An upgrade request that reached the router came on a kept-alive connection, where NIO cannot
        // upgrade: redirect to the same URL on a new connection (as Hummingbird's WebSocket channel does).
        self.responder = { request, writer, channel in
            if request.headers[.upgrade]?.lowercased() == "websocket" {
                let path = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
                try await writer.writeResponse(HTTPResponse(status: .temporaryRedirect,
                                                            headerFields: [.connection: "close", .location: path]))
                throw RedirectedUpgrade()
            }
            try await responder(request, writer, channel)
        }
    }

    struct RedirectedUpgrade: Error {}

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            let refusal = NIOLoopBoundBox<HTTPResponse.Status?>(nil, eventLoop: channel.eventLoop)
            let media = self.media
            let upgrader = MediaStreamUpgrader<UpgradeResult>(
                shouldUpgrade: { _, head in
                    let status = media?.refusal(uri: head.uri, signature: head.headers.first(name: "X-Twilio-Signature"))
                        ?? (media == nil ? .notFound : nil)
                    refusal.value = status
                    return status == nil
                },
                badHandshake: { refusal.value = .badRequest },
                upgradePipeline: { channel, _ in
                    channel.eventLoop.makeCompletedFuture {
                        guard let media else { throw ChannelError.inappropriateOperationForState }
                        let ended = channel.eventLoop.makePromise(of: Void.self)
                        try channel.pipeline.syncOperations.addHandler(MediaStreamHandler(route: media, ended: ended))
                        return UpgradeResult.media(channel, ended)
                    }
                }
            )
            let http = NIOTypedHTTPServerUpgradeConfiguration<UpgradeResult>(
                upgraders: [upgrader],
                notUpgradingCompletionHandler: { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                        try channel.pipeline.syncOperations.addHandler(HTTPConnectionStateHandler(idleTimeout: nil, logger: logger))
                        let asyncChannel = try NIOAsyncChannel<HTTPRequestPart, HTTPResponsePart>(
                            wrappingChannelSynchronously: channel, configuration: .init(isOutboundHalfClosureEnabled: true))
                        if let status = refusal.value { return UpgradeResult.refused(asyncChannel, status) }
                        return UpgradeResult.notUpgraded(asyncChannel)
                    }
                }
            )
            var configuration = NIOUpgradableHTTPServerPipelineConfiguration<UpgradeResult>(upgradeConfiguration: http)
            configuration.enablePipelining = false         // HTTP is pipelined by NIOAsyncChannel
            configuration.enableErrorHandling = false      // Hummingbird handles these
            configuration.enableResponseHeaderValidation = false
            let result = try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(configuration: configuration)
            return Value(upgradeResult: result, channel: channel)
        }
    }

    func handle(value: Value, logger: Logger) async {
        do {
            switch try await value.upgradeResult.get() {
            case .notUpgraded(let http):
                await handleHTTP(asyncChannel: http, logger: logger)
            case .refused(let http, let status):
                try await http.executeThenClose { _, outbound in
                    try await outbound.write(contentsOf: [
                        .head(HTTPResponse(status: status, headerFields: [.connection: "close", .contentLength: "0"])),
                        .end(nil),
                    ])
                }
            case .media(let channel, let ended):
                // The handlers do the work. On shutdown (SIGTERM) the stream is closed, so the call ends
                // and its record is finished before the server stops.
                await withGracefulShutdownHandler {
                    try? await channel.closeFuture.get()
                } onGracefulShutdown: {
                    channel.eventLoop.execute { MediaStreamHandler.goAway(channel) }
                }
                try await ended.futureResult.get()
            }
        } catch {
            logger.debug("connection ended: \(type(of: error))")
        }
    }
}

/// The media WebSocket's handler: reads frames (`WebSocketFrameReader`), hands text messages to the call,
/// answers pings, completes the close handshake, and ends this stream with a logged reason on any bad
/// input (binary, malformed, out of order, too large, a protocol violation).
final class MediaStreamHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let route: MediaStreamRoute
    /// Completed once the call has ended (after the socket closed).
    let ended: EventLoopPromise<Void>
    var reader = WebSocketFrameReader(maxMessageBytes: MediaStreamCodec.maxMessageBytes, peerMasks: true)
    var output: ChannelMediaOutput?
    var connection: MediaStreamConnection?
    var closing = false
    var endingStarted = false

    init(route: MediaStreamRoute, ended: EventLoopPromise<Void>) { self.route = route; self.ended = ended }

    /// The socket is done: end the call (if any) and complete `ended` when it is over. Once.
    func endCall() {
        guard !endingStarted else { return }
        endingStarted = true
        let ending = connection?.socketClosed()
        connection = nil
        let ended = self.ended
        if let ending { Task { await ending.value; ended.succeed() } } else { ended.succeed() }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let output = ChannelMediaOutput(context: context, logger: route.logger)
        self.output = output
        connection = MediaStreamConnection(resolve: route.calls.services(for:), output: output,
                                           logger: route.logger, loop: context.eventLoop)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        reader.append(unwrapInboundIn(data))
        do {
            while let message = try reader.next() {
                handle(message, context: context)
            }
        } catch {
            route.logger.warning("media stream ended: \(error.reason)")
            close(context, code: error.code)
        }
    }

    private func handle(_ message: WebSocketFrameReader.Message, context: ChannelHandlerContext) {
        let open = !closing && !(output?.isClosed ?? true)       // after our close only the peer's close counts
        switch message {
        case .text(let bytes):
            guard open, let connection else { return }
            do { try connection.handle(bytes) } catch {
                route.logger.warning("media stream ended: \(error.reason)")
                close(context, code: WebSocketFrameReader.Violation.protocolErrorCode)
            }
        case .binary:
            guard open else { return }
            route.logger.warning("media stream ended: binary message (Media Streams messages are JSON text)")
            close(context, code: 1003)
        case .ping(let payload):
            guard open else { return }
            output?.sendPong(payload)
        case .pong:
            break
        case .close:
            if output?.isClosed ?? true {
                closing = true
                endCall()
                context.close(promise: nil)                   // the answer to our close: the handshake is done
            } else {
                close(context, code: 1000)                    // answer, then close (the server closes first)
            }
        }
    }

    /// The peer closed its side without a WebSocket close (Hummingbird allows half-closure): the call is over.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let e = event as? ChannelEvent, e == .inputClosed {
            closing = true
            endCall()
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        endCall()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        route.logger.warning("media stream ended: the socket failed")
        close(context, code: 1011)
    }

    /// Ends the call and sends a close frame with `code` (once).
    func close(_ context: ChannelHandlerContext, code: UInt16) {
        guard !closing else { return }
        closing = true
        endCall()
        output?.sendClose(code)
    }

    /// The server is shutting down: close `channel`'s stream with 1001 (going away), on its loop.
    static func goAway(_ channel: any Channel) {
        let ops = channel.pipeline.syncOperations
        if let handler = try? ops.handler(type: MediaStreamHandler.self),
           let context = try? ops.context(handlerType: MediaStreamHandler.self) {
            handler.close(context, code: 1001)
        } else {
            channel.close(promise: nil)
        }
    }
}

/// Writes a call's messages as WebSocket text frames on its channel (called on the channel's loop): each
/// framed in one buffer (header and payload) and written from the media handler's place in the pipeline.
/// Nothing is written after the close frame.
struct ChannelMediaOutput: MediaStreamOutput {
    let context: NIOLoopBound<ChannelHandlerContext>
    let channel: any Channel
    let logger: Logger
    /// Whether our close frame has gone out (shared by every copy).
    private let closed: NIOLoopBoundBox<Bool>

    init(context: ChannelHandlerContext, logger: Logger) {
        self.context = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.channel = context.channel
        self.logger = logger
        closed = NIOLoopBoundBox(false, eventLoop: context.eventLoop)
    }

    /// Whether the close frame has been sent.
    var isClosed: Bool { closed.value }

    /// Writes one text frame.
    func send(_ text: String) {
        let n = text.utf8.count
        var frame = channel.allocator.buffer(capacity: n + 4)
        frame.writeWebSocketTextFrameHeader(payloadLength: n, masked: false)   // server frames are not masked
        frame.writeString(text)
        write(frame)
    }

    /// Writes one `media` message's text frame, the message written straight into the frame's buffer.
    func sendMedia(streamSid: String, payload: [UInt8]) {
        let n = MediaStreamCodec.mediaCount(streamSid: streamSid, payloadBytes: payload.count)
        var frame = channel.allocator.buffer(capacity: n + 4)
        frame.writeWebSocketTextFrameHeader(payloadLength: n, masked: false)
        MediaStreamCodec.writeMedia(streamSid: streamSid, payload: payload, to: &frame)
        write(frame)
    }

    /// Answers a ping with its payload.
    func sendPong(_ payload: ByteBuffer) {
        write(Self.frame(.pong, payload, allocator: channel.allocator))
    }

    /// Writes one frame. A peer that has stopped reading (NIO's write buffer past its high-water mark,
    /// several seconds of audio) is not buffered for without end: the stream is closed.
    private func write(_ frame: ByteBuffer) {
        guard !closed.value else { return }
        guard channel.isWritable else {
            logger.warning("media stream ended: the far end stopped reading")
            closed.value = true
            channel.close(promise: nil)
            return
        }
        context.value.writeAndFlush(NIOAny(frame), promise: nil)
    }

    /// The call hung up: close the stream normally.
    func close() { sendClose(1000) }

    /// Sends a close frame with `code` (once), then closes our side of the connection: the peer answers
    /// and closes its own (reading on meanwhile, so a close frame is not lost to a reset), and in any case
    /// the connection closes after 3 s (a peer that does not answer would otherwise keep it open).
    func sendClose(_ code: UInt16) {
        guard !closed.value else { return }
        closed.value = true
        var body = channel.allocator.buffer(capacity: 2)
        body.writeInteger(code)
        let channel = self.channel
        context.value.writeAndFlush(NIOAny(Self.frame(.close, body, allocator: channel.allocator))).whenComplete { _ in
            channel.close(mode: .output).whenFailure { _ in channel.close(promise: nil) }
        }
        channel.eventLoop.scheduleTask(in: .seconds(3)) { channel.close(promise: nil) }
    }

    /// A frame of `opcode` carrying `payload`, as the server sends it (unmasked).
    static func frame(_ opcode: WebSocketFrameOpcode, _ payload: ByteBuffer, allocator: ByteBufferAllocator) -> ByteBuffer {
        var frame = allocator.buffer(capacity: payload.readableBytes + 4)
        frame.writeWebSocketFrameHeader(opcode, payloadLength: payload.readableBytes, masked: false)
        frame.writeImmutableBuffer(payload)
        return frame
    }
}
