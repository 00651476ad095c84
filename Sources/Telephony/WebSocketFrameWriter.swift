// Frame headers of RFC 6455 §5.2 and the §5.3 mask, shared by both ends of a media stream that frame their
// own messages: the server's writer (text, pong and close frames), its frame reader (unmasking), and the
// simulator's caller (masked frames).

import NIOCore

/// The frame opcodes a media stream uses (RFC 6455 §5.2).
public enum WebSocketFrameOpcode: UInt8, Sendable {
    case continuation = 0x0, text = 0x1, binary = 0x2, close = 0x8, ping = 0x9, pong = 0xA
}

extension ByteBuffer {
    /// Writes the header of one final frame whose payload is `length` bytes: FIN + opcode, the mask bit,
    /// and the length in its 7-, 16- or 64-bit form. A masked frame's 4-byte key follows (the caller
    /// writes it, then the masked payload).
    @inlinable
    public mutating func writeWebSocketFrameHeader(_ opcode: WebSocketFrameOpcode, payloadLength length: Int, masked: Bool) {
        let mask: UInt8 = masked ? 0x80 : 0
        writeInteger(0x80 | opcode.rawValue)                    // FIN
        if length < 126 {
            writeInteger(mask | UInt8(length))
        } else if length <= 0xFFFF {
            writeInteger(mask | 126)
            writeInteger(UInt16(length))
        } else {
            writeInteger(mask | 127)
            writeInteger(UInt64(length))
        }
    }

    /// Appends the first `count` bytes of `source` XORed with a masking key (RFC 6455 §5.3: masking and
    /// unmasking are the same operation; key 0 copies as is). `key` is the key as a big-endian number
    /// (its bytes in wire order). 8 bytes at a time, then byte by byte.
    @inlinable
    public mutating func writeMasked(_ source: UnsafeRawBufferPointer, count: Int, key: UInt32) {
        guard count > 0 else { return }
        writeWithUnsafeMutableBytes(minimumWritableBytes: count) { out in
            let k = key.bigEndian                                   // the key as it lies in memory
            let wide = UInt64(k) | UInt64(k) << 32
            var i = 0
            while i + 8 <= count {
                out.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ wide, toByteOffset: i, as: UInt64.self)
                i += 8
            }
            while i < count {
                out[i] = source[i] ^ UInt8(truncatingIfNeeded: key >> UInt32(24 - 8 * (i & 3)))
                i += 1
            }
            return count
        }
    }

    /// `writeWebSocketFrameHeader(.text, …)`.
    @inlinable
    public mutating func writeWebSocketTextFrameHeader(payloadLength length: Int, masked: Bool) {
        writeWebSocketFrameHeader(.text, payloadLength: length, masked: masked)
    }
}
