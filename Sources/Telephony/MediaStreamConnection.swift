import Logging

/// Drives one Media Streams WebSocket: enforces the message order Twilio documents (`connected`, then
/// `start`, then media, DTMF and marks until `stop`), starts the call session for the practice the stream
/// names, and hands it every later message. Any malformed, out-of-order or oversized message ends this
/// stream (the error says why, without PHI) — never the process.
public struct MediaStreamConnection: Sendable {
    enum Phase { case new, connected, live, stopped }

    let resolve: @Sendable (StreamStart) -> CallServices?
    let output: any MediaStreamOutput
    let logger: Logger
    var phase = Phase.new
    /// The call, once `start` arrived.
    public private(set) var session: CallSession?

    /// A connection that finds each stream's practice with `resolve` (nil: unknown practice, stream refused).
    public init(resolve: @escaping @Sendable (StreamStart) -> CallServices?, output: any MediaStreamOutput, logger: Logger) {
        self.resolve = resolve; self.output = output; self.logger = logger
    }

    /// Handles one text message. Throws to end the stream.
    public mutating func receive(_ text: String) async throws(MediaStreamError) {
        let event = try MediaStreamCodec.decode(text)
        switch (phase, event) {
        case (.new, .connected):
            phase = .connected
        case (.connected, .start(let start)):
            guard start.encoding.lowercased() == "audio/x-mulaw", start.sampleRate == 8_000, start.channels == 1 else {
                throw MediaStreamError("start: unsupported media format (only audio/x-mulaw, 8000 Hz, mono)")
            }
            guard let services = resolve(start) else { throw MediaStreamError("start: unknown practice") }
            let session = CallSession(services: services, start: start, output: output, logger: logger)
            self.session = session
            phase = .live
            await session.begin()
        case (.live, .stop):
            phase = .stopped
            try await session?.receive(event)
        case (.live, .media), (.live, .dtmf), (.live, .mark):
            try await session?.receive(event)
        case (.stopped, .mark), (.stopped, .media):
            break                               // late messages Twilio may still flush after stop
        default:
            throw MediaStreamError("\(event.name) out of order")
        }
    }

    /// The socket closed or the stream was ended: the call (if any) is over.
    public func closed() async {
        await session?.closed()
    }
}
