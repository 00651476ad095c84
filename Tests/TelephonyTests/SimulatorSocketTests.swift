// The simulator's WebSocket client below the Media Streams messages: the URL split for the handshake and
// the client frames it encodes itself (RFC 6455 §5.2: FIN + text, the mask bit, the three length forms,
// a masking key per frame, the payload masked with it).

@testable import CallSimulator
import NIOCore
import Testing

@Suite("Simulator WebSocket client")
struct SimulatorSocketTests {
    /// One frame read back: (fin+opcode byte, masked?, key, unmasked payload), and the bytes it took.
    func readFrame(_ b: [UInt8]) throws -> (first: UInt8, masked: Bool, key: [UInt8], payload: [UInt8], size: Int) {
        var i = 2
        var n = Int(b[1] & 0x7F)
        if n == 126 { n = Int(b[2]) << 8 | Int(b[3]); i = 4 }
        else if n == 127 { n = b[2..<10].reduce(0) { $0 << 8 | Int($1) }; i = 10 }
        let key = Array(b[i..<(i + 4)])
        i += 4
        try #require(b.count >= i + n)
        let payload = (0..<n).map { b[i + $0] ^ key[$0 % 4] }
        return (b[0], b[1] & 0x80 != 0, key, payload, i + n)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 125, 126, 300, 65535, 65536, 70001])
    func encodesMaskedTextFrames(length: Int) throws {
        let text = String((0..<length).map { Character(Unicode.Scalar(UInt8(0x21 + $0 % 90))) })
        var masks = MaskingKeys()
        var buffer = ByteBufferAllocator().buffer(capacity: 0)
        masks.appendTextFrame(text, to: &buffer)
        masks.appendTextFrame("é", to: &buffer)             // two UTF-8 bytes
        let bytes = Array(buffer.readableBytesView)
        let first = try readFrame(bytes)
        #expect(first.first == 0x81 && first.masked)
        #expect(first.payload == Array(text.utf8))
        let second = try readFrame(Array(bytes[first.size...]))
        #expect(second.first == 0x81 && second.masked && second.payload == Array("é".utf8))
        #expect(first.size + second.size == bytes.count)
    }

    @Test func masksAreFreshPerFrame() {
        var masks = MaskingKeys()
        let keys = (0..<1000).map { _ in masks.next() }
        // 1,000 random 32-bit keys (several refills of the pool): repeats are all but impossible.
        #expect(Set(keys).count >= 999)
    }

    @Test func splitsStreamURLs() throws {
        let plain = try #require(WebSocketTarget("ws://127.0.0.1:8080/twilio/media?a=b%20c"))
        #expect(!plain.tls && plain.host == "127.0.0.1" && plain.port == 8080 && plain.uri == "/twilio/media?a=b%20c")
        #expect(plain.hostHeader == "127.0.0.1:8080" && plain.origin == "ws://127.0.0.1")
        let secure = try #require(WebSocketTarget("wss://frontdesk.example.com/twilio/media"))
        #expect(secure.tls && secure.port == 443 && secure.hostHeader == "frontdesk.example.com" && secure.uri == "/twilio/media")
        let bare = try #require(WebSocketTarget("ws://[::1]:9000"))
        #expect(bare.host == "::1" && bare.uri == "/" && bare.hostHeader == "[::1]:9000")
        #expect(WebSocketTarget("http://127.0.0.1/x") == nil && WebSocketTarget("not a url") == nil)
    }
}
