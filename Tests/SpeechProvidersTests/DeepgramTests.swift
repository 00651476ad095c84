import FakeProviders
import Foundation
import FrontDeskCore
import SpeechProviders
import Testing
import Voice

@Suite struct DeepgramTests {
    static let line = "I'd like to book a cleaning next Tuesday"

    static func withFake(faults: FakeDeepgram.Faults = .init(), idleTimeout: Duration = .seconds(10),
                         _ body: (FakeDeepgram) async throws -> Void) async throws {
        let fake = try await FakeDeepgram.start(library: Support.library, faults: faults, idleTimeout: idleTimeout)
        do { try await body(fake) } catch { await fake.stop(); throw error }
        await fake.stop()
    }

    static func client(_ fake: FakeDeepgram, key: String = FakeDeepgram.testKey, endpointing: Duration = .milliseconds(300),
                       keepAlive: Duration = .seconds(4)) -> DeepgramSpeechToText {
        DeepgramSpeechToText(url: fake.url, apiKey: key, endpointing: endpointing, keepAlive: keepAlive)
    }

    @Test func queryCarriesTheAudioFormatAndOptions() {
        let dg = DeepgramSpeechToText(apiKey: "k", endpointing: .milliseconds(300))
        let url = dg.listenURL(format: .telephone, language: .es)
        #expect(url.hasPrefix("wss://api.deepgram.com/v1/listen?"))
        for part in ["encoding=mulaw", "sample_rate=8000", "channels=1", "interim_results=true", "endpointing=300",
                     "utterance_end_ms=1000", "language=es", "model=nova-3"] {
            #expect(url.contains(part), "\(part) in \(url)")
        }
        #expect(dg.listenURL(format: .wideband, language: .en).contains("encoding=linear16&sample_rate=16000"))
    }

    @Test func aLineBecomesAFinalTranscriptAndEndOfSpeech() async throws {
        try await Self.withFake { fake in
            let session = try await Self.client(fake).start(format: .telephone, language: .en)
            for frame in Support.pcmFrames(Self.line) + Support.silence(20) { try session.feed(frame) }
            let events = try await Support.collect(session.events) { $0 == .endOfSpeech }
            let partials = events.filter { if case .partial = $0 { true } else { false } }
            #expect(!partials.isEmpty)
            #expect(Array(events.suffix(2)) == [.final(Self.line), .endOfSpeech])
            await session.finish()
            let rest = try await Support.drain(session.events)      // UtteranceEnd adds nothing after speech_final
            #expect(rest.isEmpty)
            #expect(fake.counts.closeStreams == 1)
        }
    }

    /// A call hands over its μ-law bytes with the samples; a μ-law session sends those bytes as they came.
    @Test func aCallsOwnMuLawBytesAreRecognised() async throws {
        try await Self.withFake { fake in
            let session = try await Self.client(fake).start(format: .telephone, language: .en)
            let quiet = [UInt8](repeating: G711.muLawSilence, count: 160)
            for frame in Support.library.frames(for: Self.line) + Array(repeating: quiet, count: 20) {
                try session.feed(G711.decode(frame), muLaw: frame[...])
            }
            let events = try await Support.collect(session.events) { $0 == .endOfSpeech }
            #expect(Array(events.suffix(2)) == [.final(Self.line), .endOfSpeech])
            await session.finish()
        }
    }

    @Test func endOfTurnFinalizesAPendingUtterance() async throws {
        try await Self.withFake { fake in
            let session = try await Self.client(fake, endpointing: .seconds(10)).start(format: .telephone, language: .en)
            for frame in Support.pcmFrames(Self.line) + Support.silence(3) { try session.feed(frame) }
            await session.endOfTurn()
            let events = try await Support.collect(session.events) { $0 == .endOfSpeech }
            #expect(Array(events.suffix(2)) == [.final(Self.line), .endOfSpeech])
            #expect(fake.counts.finalizes == 1)
            await session.finish()
        }
    }

    @Test func twoTurnsInOneStream() async throws {
        try await Self.withFake { fake in
            let session = try await Self.client(fake).start(format: .telephone, language: .en)
            let second = "Do you take Cigna insurance"
            for frame in Support.pcmFrames(Self.line) + Support.silence(20) + Support.pcmFrames(second) + Support.silence(20) {
                try session.feed(frame)
            }
            await session.finish()
            let finals = try await Support.drain(session.events).filter { if case .final = $0 { true } else { false } }
            #expect(finals == [.final(Self.line), .final(second)])
        }
    }

    @Test func aWrongKeyOrARefusingServerFailsStart() async throws {
        try await Self.withFake { fake in
            await #expect(throws: SpeechProviderError.self) {
                _ = try await Self.client(fake, key: "wrong").start(format: .telephone, language: .en)
            }
            fake.faults.refuseConnections = true
            await #expect(throws: SpeechProviderError.self) {
                _ = try await Self.client(fake).start(format: .telephone, language: .en)
            }
            #expect(fake.counts.connections == 0)
        }
        await #expect(throws: SpeechProviderError.self) {       // nothing listening
            _ = try await DeepgramSpeechToText(url: "ws://127.0.0.1:1/v1/listen", apiKey: "k").start(format: .telephone, language: .en)
        }
    }

    @Test func garbageFromTheServerEndsTheEventsWithAnError() async throws {
        try await Self.withFake(faults: .init(garbageAfterFrames: 5)) { fake in
            let session = try await Self.client(fake).start(format: .telephone, language: .en)
            for frame in Support.silence(10) { try session.feed(frame) }
            do {
                _ = try await Support.drain(session.events)
                Issue.record("expected the events to throw")
            } catch let error as SpeechProviderError {
                guard case .protocolViolation(provider: "deepgram", _) = error else { Issue.record("\(error)"); return }
            }
            #expect(throws: SpeechProviderError.self) { try session.feed(Support.silence(1)[0]) }
        }
    }

    @Test func aCloseMidStreamEndsTheEventsWithTheCloseCode() async throws {
        try await Self.withFake(faults: .init(closeAfterFrames: 10)) { fake in
            let session = try await Self.client(fake).start(format: .telephone, language: .en)
            for frame in Support.pcmFrames(Self.line).prefix(12) { try? session.feed(frame) }
            do {
                _ = try await Support.drain(session.events)
                Issue.record("expected the events to throw")
            } catch let error as SpeechProviderError {
                #expect(error == .closedUnexpectedly(provider: "deepgram", code: 1011, reason: "NET-0000: fake fault"))
                #expect(!"\(error)".contains(Self.line))
            }
        }
    }

    @Test func keepAliveHoldsAQuietStreamOpen() async throws {
        // Generous times: CI runs every suite at once on two cores, so a task may wait a while for a thread.
        try await Self.withFake(idleTimeout: .seconds(3)) { fake in
            let session = try await Self.client(fake, keepAlive: .milliseconds(200)).start(format: .telephone, language: .en)
            try await Task.sleep(for: .seconds(5))                  // 1.7 idle timeouts with no audio
            #expect(fake.counts.keepAlives >= 1)                    // at least one got through; the stream stayed open
            for frame in Support.pcmFrames(Self.line) + Support.silence(20) { try session.feed(frame) }
            let events = try await Support.collect(session.events) { $0 == .endOfSpeech }
            #expect(events.contains(.final(Self.line)))
            await session.finish()
        }
    }

    @Test func withoutKeepAliveAQuietStreamIsClosed() async throws {
        try await Self.withFake(idleTimeout: .milliseconds(300)) { fake in
            let session = try await Self.client(fake, keepAlive: .seconds(60)).start(format: .telephone, language: .en)
            await #expect(throws: SpeechProviderError.closedUnexpectedly(provider: "deepgram", code: 1011, reason: "NET-0001: no audio received")) {
                _ = try await Support.drain(session.events)
            }
        }
    }
}
