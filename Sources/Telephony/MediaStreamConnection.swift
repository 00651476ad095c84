import Logging
import NIOCore
import NIOPosix

/// Drives one Media Streams WebSocket: enforces the message order Twilio documents (`connected`, then
/// `start`, then media, DTMF and marks until `stop`), starts the call session for the practice the stream
/// names, and hands it every later message. Any malformed, out-of-order or oversized message ends this
/// stream (the error says why, without PHI) — never the process.
///
/// Confined to its event loop (the socket's): `handle(_:)` and `socketClosed()` are called there, and the
/// call session runs there too, so a frame costs no task hop. `receive(_:)` and `closed()` do the same
/// from anywhere (tests, tools).
public final class MediaStreamConnection: @unchecked Sendable {   // loop-confined: state used on `loop` only
    enum Phase { case new, connected, live, stopped }

    /// The event loop everything runs on.
    public let loop: any EventLoop
    let resolve: @Sendable (StreamStart) -> CallServices?
    let output: any MediaStreamOutput
    let logger: Logger
    var phase = Phase.new
    /// The call, once `start` arrived.
    public private(set) var session: CallSession?

    /// A connection that finds each stream's practice with `resolve` (nil: unknown practice, stream refused).
    public init(resolve: @escaping @Sendable (StreamStart) -> CallServices?, output: any MediaStreamOutput, logger: Logger,
                loop: any EventLoop = MultiThreadedEventLoopGroup.singleton.any()) {
        self.resolve = resolve; self.output = output; self.logger = logger; self.loop = loop
    }

    /// Handles one text message, on `loop`. Throws to end the stream.
    public func handle(_ text: String) throws(MediaStreamError) {
        try handle(MediaStreamCodec.decode(text))
    }

    /// Handles one text message's UTF-8 bytes as they came off the socket, on `loop`. Throws to end the stream.
    public func handle(_ message: ByteBuffer) throws(MediaStreamError) {
        let event: Result<MediaStreamEvent, MediaStreamError> = message.withUnsafeReadableUTF8 { bytes in
            do throws(MediaStreamError) { return .success(try MediaStreamCodec.decode(bytes)) } catch { return .failure(error) }
        }
        try handle(event.get())
    }

    private func handle(_ event: MediaStreamEvent) throws(MediaStreamError) {
        loop.preconditionInEventLoop()
        switch (phase, event) {
        case (.new, .connected):
            phase = .connected
        case (.connected, .start(let start)):
            guard start.encoding.lowercased() == "audio/x-mulaw", start.sampleRate == 8_000, start.channels == 1 else {
                throw MediaStreamError("start: unsupported media format (only audio/x-mulaw, 8000 Hz, mono)")
            }
            guard let services = resolve(start) else { throw MediaStreamError("start: unknown practice") }
            let session = CallSession(services: services, start: start, output: output, logger: logger, loop: loop)
            self.session = session
            phase = .live
            session.assumeIsolated { $0.startBeginning() }
        case (.live, .stop), (.live, .media), (.live, .dtmf), (.live, .mark):
            if case .stop = event { phase = .stopped }
            guard let session else { return }
            let failure = session.assumeIsolated { s -> MediaStreamError? in
                do throws(MediaStreamError) { try s.receiveNow(event); return nil } catch { return error }
            }
            if let failure { throw failure }
        case (.stopped, .mark), (.stopped, .media):
            break                               // late messages Twilio may still flush after stop
        default:
            throw MediaStreamError("\(event.name) out of order")
        }
    }

    /// The socket closed or the stream was ended, on `loop`: the call (if any) is over. Returns the task
    /// that ends it (its record finished when the task is done), or nil with no call.
    @discardableResult
    public func socketClosed() -> Task<Void, Never>? {
        loop.preconditionInEventLoop()
        return session?.assumeIsolated { s in Task { await s.closed() } }
    }

    /// `handle(_:)` from anywhere: runs it on `loop` and waits (for `start`, until the call has begun).
    public func receive(_ text: String) async throws(MediaStreamError) {
        let outcome = try? await loop.submit { () -> Result<Task<Void, Never>?, MediaStreamError> in
            do throws(MediaStreamError) {
                try self.handle(text)
                return .success(self.session?.assumeIsolated { $0.beginning })
            } catch { return .failure(error) }
        }.get()
        switch outcome {
        case .failure(let error): throw error
        case .success(let beginning): await beginning?.value
        case nil: break
        }
    }

    /// The socket closed, from anywhere: ends the call and waits for it to be over.
    public func closed() async {
        let session = try? await loop.submit { self.session }.get()
        await session?.closed()
    }
}
