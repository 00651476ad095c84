import Foundation
import Testing
import Voice

@Suite struct RateConverterTests {
    /// Level of the output relative to the input, in dB, away from the edges.
    static func gainDB(_ hz: Double, from rate: Int) -> Double {
        let input = Support.tone(hz, rate: rate, seconds: 1)
        let output = RateConverter.convert(input, from: rate)
        let middle = output[400..<(output.count - 400)]
        return 20 * log10(Support.rms(middle) / Support.rms(input))
    }

    @Test(arguments: [22_050, 24_000, 16_000, 44_100, 11_025])
    func aOneKilohertzTonePasses(rate: Int) {
        #expect(abs(Self.gainDB(1_000, from: rate)) < 0.2)
        #expect(abs(Self.gainDB(3_000, from: rate)) < 0.5)
    }

    @Test(arguments: [22_050, 24_000, 16_000, 44_100])
    func aSixKilohertzToneIsRemoved(rate: Int) {
        #expect(Self.gainDB(6_000, from: rate) < -40)
        #expect(Self.gainDB(4_500, from: rate) < -40)           // just above the output's Nyquist: no alias
    }

    @Test func lengthMatchesTheRatioAndToneStaysAligned() {
        let input = Support.tone(440, rate: 22_050, seconds: 0.5)
        let output = RateConverter.convert(input, from: 22_050)
        #expect(abs(output.count - input.count * 8_000 / 22_050) <= 1)
        // No delay: the output follows the same sine (correlation with the ideal 8 kHz tone ≈ 1).
        let ideal = Support.tone(440, rate: 8_000, seconds: 0.5)
        let n = min(ideal.count, output.count) - 200
        let dot = (100..<n).reduce(0.0) { $0 + Double(ideal[$1]) * Double(output[$1]) }
        let norm = Support.rms(ideal[100..<n]) * Support.rms(output[100..<n]) * Double(n - 100)
        #expect(dot / norm > 0.99)
    }

    @Test func chunksGiveTheSameOutputAsTheWhole() {
        let input = Support.tone(1_234, rate: 22_050, seconds: 0.3)
        let whole = RateConverter.convert(input, from: 22_050)
        var c = RateConverter(from: 22_050)
        var chunked: [Int16] = []
        var i = 0, size = 1
        while i < input.count {
            let end = min(input.count, i + size)
            chunked += c.process(Array(input[i..<end]))
            i = end; size = size % 997 + 37
        }
        chunked += c.flush()
        #expect(chunked == whole)
    }

    @Test func wavRoundTripsAndStreamsByteByByte() throws {
        let samples = Support.tone(500, rate: 8_000, seconds: 0.1)
        let file = WAV.encode(samples, sampleRate: 8_000)
        #expect(file.count == 44 + 2 * samples.count)
        let decoded = try WAV.decode(file)
        #expect(decoded.sampleRate == 8_000 && decoded.samples == samples)

        // A streaming writer's header (placeholder sizes), an extra chunk, and one byte at a time.
        var streamed = Array(file[0..<36])
        streamed += Array("LIST".utf8) + [4, 0, 0, 0] + Array("INFO".utf8)
        streamed += Array("data".utf8) + [0xF0, 0xFF, 0xFF, 0x7F] + Array(file[44...])
        var d = WAV.Decoder()
        var out: [Int16] = []
        for b in streamed { out += try d.push([b]) }
        #expect(d.sampleRate == 8_000 && out == samples)

        #expect(throws: WAV.DecodeError.notWAV) { try WAV.decode(Array("not a wav file at all".utf8)) }
        var stereo = file
        stereo[22] = 2
        #expect(throws: WAV.DecodeError.self) { try WAV.decode(stereo) }
    }
}
