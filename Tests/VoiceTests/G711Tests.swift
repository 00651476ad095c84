import Testing
@testable import Voice

/// The ITU-T G.191 Software Tool Library reference (`g711.c`), transcribed line for line, one sample at a
/// time, so the production code (tables and bit tricks) is checked against the standard's own code.
enum ITUReference {
    static func ulawCompress(_ x: Int16) -> UInt8 {
        let x = Int(x)
        var absno = x < 0 ? ((~x) >> 2) + 33 : (x >> 2) + 33
        if absno > 0x1FFF { absno = 0x1FFF }
        var i = absno >> 6
        var segno = 1
        while i != 0 { segno += 1; i >>= 1 }
        let highNibble = 0x0008 - segno
        var lowNibble = (absno >> segno) & 0x000F
        lowNibble = 0x000F - lowNibble
        var out = (highNibble << 4) | lowNibble
        if x >= 0 { out |= 0x0080 }
        return UInt8(out)
    }

    static func ulawExpand(_ b: UInt8) -> Int16 {
        let log = Int(b)
        let sign = log < 0x0080 ? -1 : 1
        var mantissa = ~log
        let exponent = (mantissa >> 4) & 0x0007
        let segment = exponent + 1
        mantissa &= 0x000F
        let step = 4 << segment
        return Int16(sign * ((0x0080 << exponent) + step * mantissa + step / 2 - 4 * 33))
    }

    static func alawCompress(_ x: Int16) -> UInt8 {
        let x = Int(x)
        var ix = x < 0 ? (~x) >> 4 : x >> 4
        if ix > 15 {
            var iexp = 1
            while ix > 16 + 15 { ix >>= 1; iexp += 1 }
            ix -= 16
            ix += iexp << 4
        }
        if x >= 0 { ix |= 0x0080 }
        return UInt8(ix ^ 0x0055)
    }

    static func alawExpand(_ b: UInt8) -> Int16 {
        var ix = Int(b) ^ 0x0055
        ix &= 0x007F
        let iexp = ix >> 4
        var mant = ix & 0x000F
        if iexp > 0 { mant += 16 }
        mant = (mant << 4) + 0x0008
        if iexp > 1 { mant <<= (iexp - 1) }
        return Int16(b > 127 ? mant : -mant)
    }
}

@Suite struct G711Tests {
    @Test func knownValues() {
        #expect(G711.muLawDecode(0xFF) == 0)
        #expect(G711.muLawDecode(0x7F) == 0)
        #expect(G711.muLawDecode(0x00) == -32124)
        #expect(G711.muLawDecode(0x80) == 32124)
        #expect(G711.muLawEncode(0) == 0xFF)
        #expect(G711.muLawEncode(-32124) == 0x00)
        #expect(G711.muLawEncode(.max) == 0x80)
        #expect(G711.muLawEncode(.min) == 0x00)
        #expect(G711.aLawDecode(0xD5) == 8)
        #expect(G711.aLawDecode(0x55) == -8)
        #expect(G711.aLawDecode(0xAA) == 32256)
        #expect(G711.aLawDecode(0x2A) == -32256)
        #expect(G711.aLawEncode(0) == 0xD5)
        #expect(G711.aLawEncode(-1) == 0x55)
        #expect(G711.aLawEncode(.max) == 0xAA)
        #expect(G711.aLawEncode(.min) == 0x2A)
    }

    @Test func decodeTablesMatchTheReference() {
        for b in 0...255 {
            #expect(G711.muLawDecode(UInt8(b)) == ITUReference.ulawExpand(UInt8(b)))
            #expect(G711.aLawDecode(UInt8(b)) == ITUReference.alawExpand(UInt8(b)))
        }
    }

    @Test func encodersMatchTheReferenceForEverySample() {
        var muMismatches = 0, aMismatches = 0
        for v in Int(Int16.min)...Int(Int16.max) {
            let s = Int16(v)
            if G711.muLawEncode(s) != ITUReference.ulawCompress(s) { muMismatches += 1 }
            if G711.aLawEncode(s) != ITUReference.alawCompress(s) { aMismatches += 1 }
        }
        #expect(muMismatches == 0)
        #expect(aMismatches == 0)
    }

    /// Decoding then encoding any byte gives it back (except μ-law's two zeros, which share a level).
    @Test func bytesRoundTrip() {
        for b in 0...255 {
            let byte = UInt8(b)
            let mu = G711.muLawEncode(G711.muLawDecode(byte))
            #expect(mu == byte || (byte == 0x7F && mu == 0xFF))
            #expect(G711.aLawEncode(G711.aLawDecode(byte)) == byte)
        }
    }

    /// Quantisation error over all 16-bit inputs stays within half a step of the segment: the step is
    /// 2^(segment+3) for μ-law, 2^(segment+4) for A-law (plus the clipped top of the range).
    @Test func roundTripErrorIsBounded() {
        var maxMu = 0, maxA = 0
        for v in Int(Int16.min)...Int(Int16.max) {
            let s = Int16(v)
            let mu = Int(G711.muLawDecode(G711.muLawEncode(s)))
            let a = Int(G711.aLawDecode(G711.aLawEncode(s)))
            let muErr = abs(mu - v), aErr = abs(a - v)
            let magnitude = abs(v)
            // Relative bound: ~1/32 of the magnitude (4-bit mantissa) plus the smallest step.
            #expect(muErr <= magnitude / 16 + 8 || magnitude > 32124, "μ-law \(v) → \(mu)")
            #expect(aErr <= magnitude / 16 + 16 || magnitude > 32256, "A-law \(v) → \(a)")
            maxMu = max(maxMu, magnitude <= 32124 ? muErr : 0)
            maxA = max(maxA, magnitude <= 32256 ? aErr : 0)
        }
        #expect(maxMu <= 1024)   // half of the top segment's 2,048 step, rounded up by the ITU folding
        #expect(maxA <= 1024)
        // Small signals are nearly exact.
        for v in -64...64 {
            #expect(abs(Int(G711.muLawDecode(G711.muLawEncode(Int16(v)))) - v) <= 4)
            #expect(abs(Int(G711.aLawDecode(G711.aLawEncode(Int16(v)))) - v) <= 16)
        }
    }

    @Test func bufferCodecsMatchPerSample() {
        let samples: [Int16] = (0..<160).map { Int16(truncatingIfNeeded: $0 &* 409 &- 30000) }
        for law in G711.Law.allCases {
            let bytes = G711.encode(samples, law: law)
            #expect(bytes == samples.map { G711.encode($0, law: law) })
            #expect(G711.decode(bytes, law: law) == bytes.map { G711.decode($0, law: law) })
        }
        #expect(G711.decode([UInt8](), law: .muLaw).isEmpty)
    }
}
