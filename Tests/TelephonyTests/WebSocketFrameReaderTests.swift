import NIOCore
import Telephony
import Testing

/// The media stream's own RFC 6455 frame reader, fed frames built here byte by byte (independently of
/// the reader and of the shared header writer).
@Suite struct WebSocketFrameReaderTests {
    typealias Reader = WebSocketFrameReader

    /// One frame as RFC 6455 §5.2 lays it out: `mask` nil sends it unmasked.
    static func frame(opcode: UInt8, fin: Bool = true, rsv: UInt8 = 0, _ payload: [UInt8], mask: [UInt8]? = [0x37, 0xfa, 0x21, 0x3d],
                      lengthForm: Int? = nil) -> [UInt8] {
        var out: [UInt8] = [(fin ? 0x80 : 0) | rsv << 4 | opcode]
        let m: UInt8 = mask == nil ? 0 : 0x80
        let n = payload.count
        switch lengthForm ?? (n < 126 ? 7 : n <= 0xFFFF ? 16 : 64) {
        case 7: out.append(m | UInt8(n))
        case 16: out += [m | 126, UInt8(n >> 8), UInt8(n & 0xFF)]
        default: out += [m | 127] + (0..<8).map { UInt8(truncatingIfNeeded: UInt64(n) >> (56 - 8 * UInt64($0))) }
        }
        guard let mask else { return out + payload }
        return out + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    }

    static func text(_ s: String, fin: Bool = true, opcode: UInt8 = 1) -> [UInt8] { frame(opcode: opcode, fin: fin, Array(s.utf8)) }

    /// Everything the reader hands over for `bytes`, fed in pieces of `chunk` bytes.
    static func read(_ bytes: [UInt8], chunk: Int = .max, peerMasks: Bool = true, max: Int = 16_384) throws(Reader.Violation)
        -> [Reader.Message] {
        var reader = Reader(maxMessageBytes: max, peerMasks: peerMasks)
        var out: [Reader.Message] = []
        var i = 0
        repeat {
            let end = Swift.min(bytes.count, i + Swift.max(chunk, 1))
            reader.append(ByteBuffer(bytes: bytes[i..<end]))
            i = end
            while let m = try reader.next() { out.append(m) }
        } while i < bytes.count
        return out
    }

    static func texts(_ messages: [Reader.Message]) -> [String] {
        messages.compactMap { if case .text(let b) = $0 { String(buffer: b) } else { nil } }
    }

    @Test func messagesArriveWholeHoweverTheBytesAreSplit() throws {
        let long = String(repeating: "0123456789abcdef", count: 40)           // 640 bytes: 16-bit length
        let bytes = Self.text("{\"event\":\"connected\"}") + Self.text(long) + Self.text("")
        for chunk in [1, 2, 3, 5, 7, 64, 333, .max] {
            let got = try Self.read(bytes, chunk: chunk)
            #expect(Self.texts(got) == ["{\"event\":\"connected\"}", long, ""], "chunk \(chunk)")
        }
    }

    @Test func everyPayloadLengthIsUnmaskedExactly() throws {
        for n in 0...40 {
            let payload = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let got = try Self.read(Self.frame(opcode: 2, payload))
            #expect(got == [.binary(ByteBuffer(bytes: payload))], "length \(n)")
        }
    }

    @Test func theLongLengthFormsAreRead() throws {
        let payload = Array(repeating: UInt8(ascii: "x"), count: 70_000)
        #expect(try Self.read(Self.frame(opcode: 1, payload), max: 100_000) == [.text(ByteBuffer(bytes: payload))])
        // A short payload in the 64-bit form (not minimal, still readable).
        #expect(try Self.read(Self.frame(opcode: 1, Array("hi".utf8), lengthForm: 64)) == [.text(ByteBuffer(string: "hi"))])
    }

    @Test func fragmentsAreJoinedAndControlFramesPassBetweenThem() throws {
        let bytes = Self.text("{\"event\":", fin: false) + Self.frame(opcode: 9, Array("are you there".utf8))
            + Self.text("\"mark\"", fin: false, opcode: 0) + Self.text("}", opcode: 0)
        for chunk in [1, 4, .max] {
            let got = try Self.read(bytes, chunk: chunk)
            #expect(got == [.ping(ByteBuffer(string: "are you there")), .text(ByteBuffer(string: "{\"event\":\"mark\"}"))])
        }
    }

    @Test func closeFramesCarryTheirCode() throws {
        #expect(try Self.read(Self.frame(opcode: 8, [0x03, 0xE8, 0x62, 0x79, 0x65])) == [.close(code: 1000)])
        #expect(try Self.read(Self.frame(opcode: 8, [])) == [.close(code: nil)])
        #expect(try Self.read(Self.frame(opcode: 10, [1, 2])) == [.pong])
    }

    @Test func aServersFramesAreUnmasked() throws {
        let got = try Self.read(Self.frame(opcode: 1, Array("{}".utf8), mask: nil), peerMasks: false)
        #expect(got == [.text(ByteBuffer(string: "{}"))])
    }

    static let violations: [(String, [UInt8], Bool, UInt16)] = [
        ("unmasked from a client", frame(opcode: 1, Array("{}".utf8), mask: nil), true, 1002),
        ("masked from a server", frame(opcode: 1, Array("{}".utf8)), false, 1002),
        ("reserved bits", frame(opcode: 1, rsv: 4, Array("{}".utf8)), true, 1002),
        ("unknown opcode", frame(opcode: 3, []), true, 1002),
        ("fragmented ping", frame(opcode: 9, fin: false, []), true, 1002),
        ("long ping", frame(opcode: 9, Array(repeating: 0, count: 126)), true, 1002),
        ("one-byte close", frame(opcode: 8, [3]), true, 1002),
        ("continuation first", text("x", opcode: 0), true, 1002),
        ("stray continuation after a long message", frame(opcode: 1, Array(repeating: 32, count: 10_000))
            + frame(opcode: 0, Array(repeating: 32, count: 10_000)), true, 1002),
        ("new message mid-message", text("a", fin: false) + text("b"), true, 1002),
        ("one frame too big", frame(opcode: 1, Array(repeating: 32, count: 16_385)), true, 1009),
        ("fragments too big", frame(opcode: 1, fin: false, Array(repeating: 32, count: 10_000))
            + frame(opcode: 0, Array(repeating: 32, count: 10_000)), true, 1009),
    ]

    @Test(arguments: 0..<violations.count)
    func protocolViolationsEndTheStreamWithTheirCode(_ index: Int) {
        let (name, bytes, peerMasks, code) = Self.violations[index]
        #expect(throws: Reader.Violation.self, "\(name)") { _ = try Self.read(bytes, peerMasks: peerMasks) }
        do { _ = try Self.read(bytes, peerMasks: peerMasks) } catch { #expect(error.code == code, "\(name)") }
    }

    @Test func anOversizedFrameIsRefusedFromItsHeaderAlone() {
        // Only the header of a 1 GB frame: refused at once, without waiting for (or buffering) the payload.
        let header: [UInt8] = [0x81, 0x80 | 127, 0, 0, 0, 0, 0x40, 0, 0, 0, 1, 2, 3, 4]
        do {
            _ = try Self.read(header)
            Issue.record("the frame was not refused")
        } catch { #expect(error.code == 1009) }
    }
}
