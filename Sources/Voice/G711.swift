// ITU-T G.711 companding: μ-law and A-law ↔ 16-bit linear PCM.
//
// The bit-exact reference is the ITU-T G.191 Software Tool Library (`g711.c`: `ulaw_compress`,
// `ulaw_expand`, `alaw_compress`, `alaw_expand`): 16-bit input, negative values folded with one's
// complement. Decoding is a 256-entry table; encoding is branch-light arithmetic (segment from the bit
// length) that the tests check against the reference for all 65,536 inputs.

/// G.711 μ-law and A-law codecs (8-bit log samples ↔ PCM16), bit-exact with the ITU-T G.191 reference.
public enum G711 {
    /// Which G.711 companding law. Twilio Media Streams use `.muLaw` (North America, Japan);
    /// `.aLaw` is the European law.
    public enum Law: String, Sendable, CaseIterable {
        /// μ-law (G.711 §2): Twilio Media Streams' `audio/x-mulaw`.
        case muLaw
        /// A-law (G.711 §3).
        case aLaw
    }

    // MARK: single samples

    /// μ-law byte for one PCM16 sample (ITU-T G.191 `ulaw_compress`).
    @inlinable
    public static func muLawEncode(_ sample: Int16) -> UInt8 {
        let x = Int32(sample)
        let sign = x >> 31                          // -1 when negative, else 0
        var magnitude = ((x ^ sign) >> 2) &+ 33     // one's complement for negatives, 14 bits, biased
        if magnitude > 0x1FFF { magnitude = 0x1FFF }
        let segment = Int32(1 &+ (32 &- (magnitude >> 6).leadingZeroBitCount)) // 1...8
        let high = 8 &- segment
        let low = 15 &- ((magnitude >> segment) & 0xF)
        let out = (high << 4) | low | (sign == 0 ? 0x80 : 0)
        return UInt8(truncatingIfNeeded: out)
    }

    /// A-law byte for one PCM16 sample (ITU-T G.191 `alaw_compress`).
    @inlinable
    public static func aLawEncode(_ sample: Int16) -> UInt8 {
        let x = Int32(sample)
        let sign = x >> 31
        var ix = (x ^ sign) >> 4                    // 0...2047
        if ix > 15 {
            let exponent = Int32(32 &- ix.leadingZeroBitCount) &- 4   // 1...7
            ix = (ix >> (exponent &- 1)) &- 16 &+ (exponent << 4)
        }
        if sign == 0 { ix |= 0x80 }
        return UInt8(truncatingIfNeeded: ix ^ 0x55)
    }

    /// PCM16 sample for one μ-law byte (table look-up).
    @inlinable
    public static func muLawDecode(_ byte: UInt8) -> Int16 {
        muLawTable.withUnsafeBufferPointer { $0[Int(byte)] }
    }

    /// PCM16 sample for one A-law byte (table look-up).
    @inlinable
    public static func aLawDecode(_ byte: UInt8) -> Int16 {
        aLawTable.withUnsafeBufferPointer { $0[Int(byte)] }
    }

    /// Encodes one sample with `law`.
    @inlinable
    public static func encode(_ sample: Int16, law: Law) -> UInt8 {
        law == .muLaw ? muLawEncode(sample) : aLawEncode(sample)
    }

    /// Decodes one byte with `law`.
    @inlinable
    public static func decode(_ byte: UInt8, law: Law) -> Int16 {
        law == .muLaw ? muLawDecode(byte) : aLawDecode(byte)
    }

    // MARK: buffers

    /// Decodes a buffer of G.711 bytes (e.g. one 160-byte, 20 ms Media Streams frame) to PCM16.
    public static func decode(_ bytes: [UInt8], law: Law = .muLaw) -> [Int16] {
        decode(bytes[...], law: law)
    }

    /// Decodes part of a buffer of G.711 bytes (one frame of a longer payload) to PCM16.
    public static func decode(_ bytes: ArraySlice<UInt8>, law: Law = .muLaw) -> [Int16] {
        let table = law == .muLaw ? muLawTable : aLawTable
        return table.withUnsafeBufferPointer { t in
            [Int16](unsafeUninitializedCapacity: bytes.count) { out, count in
                bytes.withUnsafeBufferPointer { input in
                    for i in 0..<input.count { out[i] = t[Int(input[i])] }
                }
                count = bytes.count
            }
        }
    }

    /// Encodes PCM16 samples to G.711 bytes.
    public static func encode(_ samples: [Int16], law: Law = .muLaw) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: samples.count) { out, count in
            samples.withUnsafeBufferPointer { input in
                if law == .muLaw {
                    for i in 0..<input.count { out[i] = muLawEncode(input[i]) }
                } else {
                    for i in 0..<input.count { out[i] = aLawEncode(input[i]) }
                }
            }
            count = samples.count
        }
    }

    /// The μ-law byte of digital silence (PCM 0), used to pad frames.
    public static let muLawSilence: UInt8 = 0xFF
    /// The A-law byte of digital silence (PCM +8, the smallest positive level).
    public static let aLawSilence: UInt8 = 0xD5

    // MARK: tables

    /// μ-law → PCM16 for every byte (ITU-T G.191 `ulaw_expand`).
    public static let muLawTable: [Int16] = (0..<256).map { muLawExpand(UInt8($0)) }
    /// A-law → PCM16 for every byte (ITU-T G.191 `alaw_expand`).
    public static let aLawTable: [Int16] = (0..<256).map { aLawExpand(UInt8($0)) }

    static func muLawExpand(_ byte: UInt8) -> Int16 {
        let sign: Int32 = byte < 0x80 ? -1 : 1
        let inverted = Int32(~byte)
        let exponent = (inverted >> 4) & 0x7
        let segment = exponent + 1
        let mantissa = inverted & 0xF
        let step = Int32(4) << segment
        return Int16(sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33))
    }

    static func aLawExpand(_ byte: UInt8) -> Int16 {
        let ix = Int32(byte ^ 0x55) & 0x7F
        let exponent = ix >> 4
        var mantissa = ix & 0xF
        if exponent > 0 { mantissa += 16 }
        mantissa = (mantissa << 4) + 8
        if exponent > 1 { mantissa <<= (exponent - 1) }
        return Int16(byte > 127 ? mantissa : -mantissa)
    }
}
