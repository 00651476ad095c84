// Caller audio for simulated calls, and the "recognition" the fake speech services do with it.
//
// A simulated caller says a scripted line by playing its audio: espeak-ng speech when a synthesizer is
// given, otherwise a deterministic speech-like signal (one noise burst per word, shaped like syllables).
// Every utterance's audio is registered by a fingerprint of each 20 ms frame (160 samples at 8 kHz, taken
// after a G.711 μ-law round trip, since that is what crosses the phone network). A fake recogniser that
// receives the same frames, in the same 20 ms alignment, looks them up and answers with the text: an
// honest stand-in for a speech service, because it only knows what it heard.

import Foundation
import Synchronization
import Voice

/// Audio for scripted caller lines, and recognition of that audio by frame fingerprints.
public final class UtteranceLibrary: Sendable {
    /// Makes 8 kHz PCM16 audio for a line (e.g. espeak-ng); `nil` falls back to the synthetic signal.
    public typealias Synthesizer = @Sendable (String) -> [Int16]?

    /// Samples in one 20 ms frame at 8 kHz.
    public static let frameSamples = 160

    private struct State {
        var audio: [String: [[UInt8]]] = [:]          // text → μ-law frames
        var frames: [UInt64: String] = [:]            // fingerprint of a voiced frame → text
    }
    private let state = Mutex(State())
    private let synthesizer: Synthesizer?

    /// A library that voices lines with `synthesizer` when given (else the synthetic signal).
    public init(synthesizer: Synthesizer? = nil) {
        self.synthesizer = synthesizer
    }

    /// The μ-law frames (160 bytes each, whole frames) a caller plays to say `text`; registers them.
    public func frames(for text: String) -> [[UInt8]] {
        if let known = state.withLock({ $0.audio[text] }) { return known }
        let pcm = synthesizer?(text) ?? Self.syntheticSpeech(for: text)
        var bytes = G711.encode(pcm, law: .muLaw)
        let pad = (Self.frameSamples - bytes.count % Self.frameSamples) % Self.frameSamples
        bytes.append(contentsOf: repeatElement(G711.muLawSilence, count: pad))
        let frames = stride(from: 0, to: bytes.count, by: Self.frameSamples).map {
            Array(bytes[$0..<$0 + Self.frameSamples])
        }
        state.withLock { s in
            s.audio[text] = frames
            for f in frames where Self.isVoiced(f) { s.frames[Self.fingerprint(f), default: text] = text }
        }
        return frames
    }

    /// The registered line a voiced frame belongs to, or `nil` (silence, or audio not from this library).
    public func line(containing frame: [UInt8]) -> String? {
        guard frame.count == Self.frameSamples, Self.isVoiced(frame) else { return nil }
        let key = Self.fingerprint(frame)
        return state.withLock { $0.frames[key] }
    }

    /// The same for a frame of PCM16 (as a recogniser receives it after decoding).
    public func line(containing pcm: [Int16]) -> String? {
        line(containing: G711.encode(pcm, law: .muLaw))
    }

    /// Whether a μ-law frame carries sound (not near-silence).
    public static func isVoiced(_ frame: [UInt8]) -> Bool {
        var energy = 0.0
        for b in frame { let s = Double(G711.muLawDecode(b)); energy += s * s }
        return energy / Double(max(frame.count, 1)) > 1_000_000   // above about -30 dBFS
    }

    /// FNV-1a over the frame's bytes. μ-law has two codes for zero (0x7F and 0xFF) and a decode-encode
    /// round trip (what a recogniser behind a PCM interface sees) turns 0x7F into 0xFF, so both hash alike.
    static func fingerprint(_ frame: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in frame { h = (h ^ UInt64(b == 0x7F ? 0xFF : b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// A deterministic speech-like signal for `text`: per word a 240 ms burst of band-limited noise with
    /// a syllable envelope, 80 ms apart, seeded by the text so different lines never share frames.
    public static func syntheticSpeech(for text: String) -> [Int16] {
        var seed: UInt64 = 0x9e37_79b9_7f4a_7c15
        for b in text.utf8 { seed = (seed ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        func next() -> Double {               // xorshift64*, uniform in [-1, 1)
            seed ^= seed >> 12; seed ^= seed << 25; seed ^= seed >> 27
            return Double((seed &* 0x2545_f491_4f6c_dd1d) >> 11) / Double(1 << 52) - 1
        }
        let words = max(1, text.split(whereSeparator: { $0.isWhitespace }).count)
        let burst = 1_920, gap = 640                          // 240 ms, 80 ms at 8 kHz
        var out: [Int16] = []
        out.reserveCapacity(words * (burst + gap))
        var low = 0.0
        for _ in 0..<words {
            for i in 0..<burst {
                low = 0.6 * low + 0.4 * next()                // gentle low-pass: voice-band energy
                let envelope = sin(Double.pi * Double(i) / Double(burst))
                out.append(Int16(max(-32_000, min(32_000, 12_000 * envelope.squareRoot() * low * 2))))
            }
            out.append(contentsOf: repeatElement(0, count: gap))
        }
        return out
    }
}
