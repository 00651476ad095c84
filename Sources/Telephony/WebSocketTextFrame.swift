// The header of a WebSocket text frame (RFC 6455 §5.2), shared by both ends of a media stream that
// frame their own messages: the server's outbound writer and the simulator's caller.

import NIOCore

extension ByteBuffer {
    /// Writes the header of one final text frame whose payload is `length` bytes: FIN + opcode, the mask
    /// bit, and the length in its 7-, 16- or 64-bit form. A masked frame's 4-byte key follows (the
    /// caller writes it, then the masked payload).
    @inlinable
    public mutating func writeWebSocketTextFrameHeader(payloadLength length: Int, masked: Bool) {
        let mask: UInt8 = masked ? 0x80 : 0
        writeInteger(UInt8(0x81))                               // FIN, text
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
}
