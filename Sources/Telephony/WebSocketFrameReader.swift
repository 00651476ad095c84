// Reads RFC 6455 frames from a socket's bytes and hands over whole messages, for a media stream's 50
// messages a second: no handler hop per frame, payloads unmasked into one reused buffer (8 bytes at a
// time), fragments joined, control frames handed over between fragments. Strict about what the protocol
// requires of the peer (the mask bit of its side, no reserved bits without an extension, short final
// control frames, continuations only inside a message) and about size (no message over the limit).

import NIOCore

extension ByteBuffer {
    /// Runs `body` on the readable bytes as UTF-8 code units (a text message's payload, read in place).
    public func withUnsafeReadableUTF8<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withUnsafeReadableBytes { raw in
            body(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        }
    }
}

/// Turns the bytes a WebSocket peer sends into messages. One per connection, used on its event loop.
public struct WebSocketFrameReader {
    /// A whole message, or a control frame.
    public enum Message: Equatable {
        /// A text message's payload (valid until the reader's next `next()`).
        case text(ByteBuffer)
        /// A binary message's payload (valid until the reader's next `next()`).
        case binary(ByteBuffer)
        /// A ping, whose payload the pong must echo.
        case ping(ByteBuffer)
        case pong
        /// The peer's close frame, with its status code when it sent one.
        case close(code: UInt16?)
    }

    /// Why the stream must end: a close code (RFC 6455 §7.4.1) and a reason for the log (no payload).
    public struct Violation: Error, Equatable, CustomStringConvertible {
        public static let protocolErrorCode: UInt16 = 1002
        public static let tooBigCode: UInt16 = 1009
        public var code: UInt16
        public var reason: String
        public var description: String { reason }
    }

    /// Largest message accepted, all fragments together.
    public let maxMessageBytes: Int
    /// Whether the peer must mask its frames (a client must; a server must not).
    public let peerMasks: Bool
    /// Bytes received and not yet read as frames: the socket's own buffer while it is being read, a copy
    /// of what is left (part of a frame) once it has been.
    private var pending: ByteBuffer?
    private var pendingIsCopy = false
    private let allocator: ByteBufferAllocator
    /// The data message being read (fragments so far), and its opcode while more fragments are due.
    private var message: ByteBuffer
    private var fragmented: WebSocketFrameOpcode?
    /// A ping's payload.
    private var control: ByteBuffer

    /// A reader for the frames of a client (`peerMasks: true`, a server's reader) or of a server.
    public init(maxMessageBytes: Int, peerMasks: Bool, allocator: ByteBufferAllocator = ByteBufferAllocator()) {
        self.maxMessageBytes = maxMessageBytes
        self.peerMasks = peerMasks
        self.allocator = allocator
        message = allocator.buffer(capacity: 512)
        control = allocator.buffer(capacity: 125)
    }

    /// Adds bytes read from the socket.
    public mutating func append(_ bytes: ByteBuffer) {
        guard bytes.readableBytes > 0 else { return }
        if pending == nil {
            pending = bytes
            pendingIsCopy = false
        } else {
            pending!.discardReadBytes()              // what is left is less than a frame
            pending!.writeImmutableBuffer(bytes)
        }
    }

    /// The next whole message or control frame, or nil until more bytes arrive. After a violation the
    /// stream is unusable (close it with the violation's code).
    public mutating func next() throws(Violation) -> Message? {
        while let message = try nextFrame() {
            if let message { return message }
        }
        // Part of a frame is left: keep a copy of it, not the socket's (larger) buffer, which NIO reuses.
        if let rest = pending, !pendingIsCopy {
            var copy = allocator.buffer(capacity: Swift.max(rest.readableBytes, 512))
            copy.writeImmutableBuffer(rest)
            pending = copy
            pendingIsCopy = true
        }
        return nil
    }

    /// One frame: nil when the bytes for it have not all arrived, `.some(nil)` when it was a fragment
    /// that does not end its message.
    private mutating func nextFrame() throws(Violation) -> Message?? {
        guard var bytes = pending else { return nil }
        defer { pending = bytes.readableBytes > 0 ? bytes : nil }   // let go of the socket's buffer when done
        guard bytes.readableBytes >= 2, let b0 = bytes.getInteger(at: bytes.readerIndex, as: UInt8.self),
              let b1 = bytes.getInteger(at: bytes.readerIndex + 1, as: UInt8.self) else { return nil }
        guard b0 & 0x70 == 0 else { throw violation("reserved bits set (no extension was agreed)") }
        guard let opcode = WebSocketFrameOpcode(rawValue: b0 & 0x0F) else { throw violation("unknown opcode") }
        let fin = b0 & 0x80 != 0
        let masked = b1 & 0x80 != 0
        guard masked == peerMasks else {
            throw violation(peerMasks ? "unmasked frame from the client" : "masked frame from the server")
        }
        var header = 2
        var length = Int(b1 & 0x7F)
        if length == 126 {
            guard let n = bytes.getInteger(at: bytes.readerIndex + 2, as: UInt16.self) else { return nil }
            length = Int(n)
            header += 2
        } else if length == 127 {
            guard let n = bytes.getInteger(at: bytes.readerIndex + 2, as: UInt64.self) else { return nil }
            guard n <= UInt64(Int32.max) else { throw Violation(code: Violation.tooBigCode, reason: "frame too large") }
            length = Int(n)
            header += 8
        }
        let isControl = opcode.rawValue & 0x8 != 0
        if isControl {
            guard fin, length <= 125 else { throw violation("fragmented or long control frame") }
        } else {
            if opcode == .continuation, fragmented == nil { throw violation("continuation frame outside a message") }
            let sofar = opcode == .continuation ? message.readableBytes : 0
            guard sofar + length <= maxMessageBytes else {
                throw Violation(code: Violation.tooBigCode, reason: "message larger than \(maxMessageBytes) bytes")
            }
        }
        let key: UInt32
        if masked {
            guard let k = bytes.getInteger(at: bytes.readerIndex + header, as: UInt32.self) else { return nil }
            key = k
            header += 4
        } else {
            key = 0
        }
        guard bytes.readableBytes >= header + length else { return nil }
        bytes.moveReaderIndex(forwardBy: header)
        switch opcode {
        case .text, .binary, .continuation:
            if opcode != .continuation {
                guard fragmented == nil else { throw violation("new message before the last one ended") }
                message.clear()
            }
            Self.unmask(from: &bytes, length: length, key: key, into: &message)
            guard fin else {
                if opcode != .continuation { fragmented = opcode }
                return .some(nil)
            }
            let kind = opcode == .continuation ? fragmented! : opcode
            fragmented = nil
            return kind == .text ? .text(message) : .binary(message)
        case .ping:
            control.clear()
            Self.unmask(from: &bytes, length: length, key: key, into: &control)
            return .ping(control)
        case .pong:
            bytes.moveReaderIndex(forwardBy: length)
            return .pong
        case .close:
            guard length != 1 else { throw violation("close frame with a one-byte body") }
            control.clear()
            Self.unmask(from: &bytes, length: length, key: key, into: &control)
            return .close(code: control.getInteger(at: control.readerIndex, as: UInt16.self))
        }
    }

    private func violation(_ reason: String) -> Violation { Violation(code: Violation.protocolErrorCode, reason: reason) }

    /// Moves `length` bytes from `source` to the end of `target`, unmasked with `key`.
    static func unmask(from source: inout ByteBuffer, length: Int, key: UInt32, into target: inout ByteBuffer) {
        source.withUnsafeReadableBytes { target.writeMasked($0, count: length, key: key) }
        source.moveReaderIndex(forwardBy: length)
    }
}
