// The RIFF/WAVE container for PCM16 mono that speech services exchange audio in.

import Foundation

/// The RIFF/WAVE container for PCM16 mono, as speech services send and accept it: `encode` for uploads,
/// `Decoder` for streamed or whole responses (including a streaming writer's placeholder sizes).
public enum WAV {
    /// Problems reading a WAV stream.
    public enum DecodeError: Error, Equatable, CustomStringConvertible {
        /// Not RIFF/WAVE, or a chunk is malformed.
        case notWAV
        /// WAVE, but not 16-bit mono integer PCM.
        case unsupportedFormat(channels: Int, bitsPerSample: Int, formatTag: Int)

        public var description: String {
            switch self {
            case .notWAV: "not a RIFF/WAVE stream"
            case let .unsupportedFormat(c, b, f): "unsupported WAV format (channels \(c), bits \(b), format tag \(f)); expected 16-bit mono PCM"
            }
        }
    }

    /// A 44-byte-header WAV file of 16-bit mono PCM at `sampleRate`.
    public static func encode(_ samples: [Int16], sampleRate: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(44 + 2 * samples.count)
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { out.append(contentsOf: $0) } }
        out.append(contentsOf: Array("RIFF".utf8)); u32(36 + 2 * samples.count)
        out.append(contentsOf: Array("WAVE".utf8))
        out.append(contentsOf: Array("fmt ".utf8)); u32(16)
        u16(1); u16(1); u32(sampleRate); u32(sampleRate * 2); u16(2); u16(16)
        out.append(contentsOf: Array("data".utf8)); u32(2 * samples.count)
        for s in samples { withUnsafeBytes(of: s.littleEndian) { out.append(contentsOf: $0) } }
        return out
    }

    /// Decodes a whole WAV file; returns its samples and sample rate.
    public static func decode(_ bytes: [UInt8]) throws -> (samples: [Int16], sampleRate: Int) {
        var d = Decoder()
        let samples = try d.push(bytes)
        guard let rate = d.sampleRate else { throw DecodeError.notWAV }
        return (samples, rate)
    }

    /// Incremental decoder: push bytes as they arrive, get PCM16 samples back once the header is read.
    /// Chunk sizes are not trusted for the `data` chunk (streaming writers such as `espeak-ng --stdout`
    /// write placeholders): everything after its header is audio. `Decoder(rawPCMAt:)` reads headerless
    /// little-endian PCM16 (e.g. OpenAI's `pcm` response format).
    public struct Decoder: Sendable {
        /// The sample rate, once known.
        public private(set) var sampleRate: Int?
        private var pending: [UInt8] = []
        private var inData: Bool

        /// A decoder expecting a RIFF/WAVE header.
        public init() { inData = false }
        /// A decoder for raw little-endian PCM16 mono at `rate`.
        public init(rawPCMAt rate: Int) { sampleRate = rate; inData = true }

        /// Feeds bytes; returns the complete samples they finish.
        public mutating func push(_ bytes: some Collection<UInt8>) throws -> [Int16] {
            pending.append(contentsOf: bytes)
            if !inData { try readHeader() }
            guard inData else { return [] }
            let count = pending.count / 2
            var out = [Int16](repeating: 0, count: count)
            for i in 0..<count {
                out[i] = Int16(bitPattern: UInt16(pending[2 * i]) | UInt16(pending[2 * i + 1]) << 8)
            }
            pending.removeFirst(count * 2)
            return out
        }

        private mutating func readHeader() throws {
            guard pending.count >= 12 else { return }
            guard pending[0..<4].elementsEqual("RIFF".utf8), pending[8..<12].elementsEqual("WAVE".utf8) else {
                throw DecodeError.notWAV
            }
            var offset = 12
            while pending.count >= offset + 8 {
                let id = String(decoding: pending[offset..<offset + 4], as: UTF8.self)
                let size = Int(Self.u32(pending, offset + 4))
                if id == "data" {
                    guard sampleRate != nil else { throw DecodeError.notWAV }
                    pending.removeFirst(offset + 8)
                    inData = true
                    return
                }
                guard size < 1 << 20 else { throw DecodeError.notWAV }
                let padded = size + size % 2
                guard pending.count >= offset + 8 + padded else { return }   // wait for the whole chunk
                if id == "fmt " {
                    guard size >= 16 else { throw DecodeError.notWAV }
                    let tag = Int(Self.u16(pending, offset + 8)), channels = Int(Self.u16(pending, offset + 10))
                    let bits = Int(Self.u16(pending, offset + 22))
                    guard tag == 1 || tag == 0xFFFE, channels == 1, bits == 16 else {
                        throw DecodeError.unsupportedFormat(channels: channels, bitsPerSample: bits, formatTag: tag)
                    }
                    sampleRate = Int(Self.u32(pending, offset + 12))
                }
                offset += 8 + padded
            }
        }

        private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 { UInt16(b[i]) | UInt16(b[i + 1]) << 8 }
        private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
            UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
        }
    }
}
