// The simulated caller against a small Media Streams peer (SimulatorPeer.swift): real-time frames with
// Twilio's fields, the modelled playout buffer (waiting for a reply, mark echoes, clear), barge-in,
// protocol violations, server hang-up, and a small load run. No speed is asserted: only what was sent,
// received and measured, and lower bounds that follow from the audio's own length.

import CallSimulator
import FakeProviders
import Foundation
import Testing

@Suite("Simulated call", .serialized)
struct SimulatorCallTests {
    let audio = CallerAudio(library: UtteranceLibrary())

    @Test func saysALineWaitsForThePacedReplyAndEchoesItsMark() async throws {
        let peer = try await SimulatorPeer.start()
        defer { Task { await peer.stop() } }
        let call = SimulatedCall(steps: [.say("Do you take Cigna?"), .waitForReply(timeout: .seconds(5)), .dtmf("0"),
                                         .silence(.milliseconds(100)), .hangUp],
                                 // A wide reply gap: a loaded CI machine can stall the peer's pacing for a
                                 // moment, which must not split its one reply in two.
                                 audio: audio, options: CallerOptions(customParameters: [("practice", "bright-smile")],
                                                                      replyGap: .milliseconds(600)))
        let record = await call.run(mediaStreamURL: peer.url)

        #expect(record.error == nil)
        #expect(record.violationCount == 0, "\(record.violations.map(\.detail))")
        #expect(!record.closedByServer && record.held)
        #expect(record.waitTimeouts == 0)
        // One utterance, answered by one 40-frame reply.
        let u = try #require(record.utterances.first)
        let end = try #require(u.speechEndAt), start = try #require(u.speechStartAt)
        #expect(start >= u.firstFrameAt && end > start)
        #expect(record.replies.count == 1)
        let reply = try #require(record.replies.first)
        #expect(reply.frames == 40 && reply.messages == 40 && reply.answers == 0 && !reply.cleared)
        // The peer answers after 200 ms of quiet, so the measured latency runs from the end of speech.
        let latency = try #require(u.replyLatency)
        #expect(latency >= .milliseconds(150))
        // Jitter is sampled for every frame after the first 3.
        #expect(record.jitterMS.count == 37)
        // The mark came back, and only after the 800 ms of reply audio had played out.
        #expect(record.marksReceived == 1 && record.marksEchoed == 1 && reply.marksReceived == ["reply-0"] && reply.marksEchoed == 1)
        let log = try #require(peer.log.first)
        let sent = try #require(log.marksSent.first), echo = try #require(log.markEchoes.first)
        #expect(echo.name == "reply-0")
        #expect(echo.at - sent.firstFrameAt >= .milliseconds(780))
        // The wait ended when the playout did.
        let played = try #require(reply.playedUntil)
        #expect(played - reply.firstFrameAt >= .milliseconds(780))

        // What the peer saw is Twilio-shaped: connected, start, media…, the digit, stop; consecutive
        // sequence numbers, chunks from 1, timestamps 20 ms apart.
        #expect(log.problems.isEmpty, "\(log.problems)")
        #expect(Array(log.events.prefix(3)) == ["connected", "start", "media"])
        #expect(log.events.last == "stop" && log.stopped)
        #expect(log.digits == ["0"])
        #expect(log.startCustomParameters == ["practice": "bright-smile"])
        #expect(log.callSID == call.options.callSID && log.streamSID == call.options.streamSID)
        #expect(log.chunks == Array(1...log.chunks.count))
        #expect(log.timestamps == log.chunks.map { ($0 - 1) * 20 })
        #expect(log.sequenceNumbers == Array(1...log.sequenceNumbers.count))
        #expect(log.chunks.count == record.framesSent)
        #expect(log.voicedFrames > 0)
    }

    @Test func bargeInDuringTheGreetingGetsClearAndPendingMarksComeBack() async throws {
        let peer = try await SimulatorPeer.start(PeerBehaviour(greetingFrames: 150, burstGreeting: true))
        defer { Task { await peer.stop() } }
        let call = SimulatedCall(steps: [.sayDuringReply("Actually I need to reschedule"), .waitForReply(timeout: .seconds(5)), .hangUp],
                                 audio: audio)
        let record = await call.run(mediaStreamURL: peer.url)

        #expect(record.error == nil && record.violationCount == 0)
        #expect(record.clears == 1)
        let u = try #require(record.utterances.first)
        #expect(u.bargeIn)
        let clearLatency = try #require(u.clearLatency)
        #expect(clearLatency > .zero)
        // The greeting was cut; the answer to the interruption followed.
        #expect(record.replies.count == 2)
        #expect(record.replies[0].cleared && record.replies[0].frames == 150 && record.replies[0].answers == nil)
        #expect(record.replies[1].answers == 0 && !record.replies[1].cleared)
        // The greeting's mark was pending (3 s of audio queued); the clear sent it back at once.
        let log = try #require(peer.log.first)
        #expect(log.clearsSent.count == 1)
        let greetingMark = try #require(log.marksSent.first { $0.name == "greeting" })
        let greetingEcho = try #require(log.markEchoes.first { $0.name == "greeting" })
        #expect(greetingEcho.at - greetingMark.at < .seconds(2))
        #expect(record.marksEchoed == record.marksReceived)
        #expect(log.problems.isEmpty, "\(log.problems)")
    }

    @Test func reportsProtocolViolations() async throws {
        let peer = try await SimulatorPeer.start(PeerBehaviour(garbage: [
            "not json", #"{"event":"play","streamSid":"MZx"}"#,
            #"{"event":"media","streamSid":"MZ00000000000000000000000000000000","media":{"payload":"AAAA"}}"#,
            "[1, 2]",
        ]))
        defer { Task { await peer.stop() } }
        let call = SimulatedCall(steps: [.silence(.milliseconds(300)), .hangUp], audio: audio)
        let record = await call.run(mediaStreamURL: peer.url)
        // Not JSON, an unknown event, media for another stream, a JSON array: each flagged by kind.
        #expect(record.violationCount == 4)
        #expect(Set(record.violations.map(\.kind)) == [.notJSON, .unknownEvent, .wrongStreamSid])
        #expect(record.held)
    }

    @Test func flagsPayloadsThatAreNotWholeFrames() async throws {
        // The peer learns the stream id only from `start`, so this one is built by the call's own options.
        let options = CallerOptions()
        let short = Data(repeating: 0x55, count: 100).base64EncodedString()
        let peer = try await SimulatorPeer.start(PeerBehaviour(garbage: [
            #"{"event":"media","streamSid":"\#(options.streamSID)","media":{"payload":"\#(short)"}}"#,
            #"{"event":"mark","streamSid":"\#(options.streamSID)","mark":{}}"#,
        ]))
        defer { Task { await peer.stop() } }
        let record = await SimulatedCall(steps: [.silence(.milliseconds(200))], audio: audio, options: options)
            .run(mediaStreamURL: peer.url)
        #expect(record.violations.map(\.kind) == [.badPayload, .missingField])
        // A script that runs out hangs up.
        #expect(record.hungUpAt != nil && peer.log.first?.stopped == true)
    }

    @Test func recordsAServerHangUp() async throws {
        let peer = try await SimulatorPeer.start(PeerBehaviour(closeAfterReplies: 1))
        defer { Task { await peer.stop() } }
        let record = await SimulatedCall(steps: [.say("Thanks, bye"), .waitForReply(timeout: .seconds(5)), .silence(.seconds(3)), .hangUp],
                                         audio: audio).run(mediaStreamURL: peer.url)
        #expect(record.closedByServer && !record.held && record.hungUpAt == nil && record.error == nil)
        #expect(peer.log.first?.stopped == false)
    }

    @Test func recordsAConnectionFailure() async {
        let record = await SimulatedCall(steps: [.silence(.milliseconds(100))], audio: audio).run(mediaStreamURL: "ws://127.0.0.1:1/media")
        #expect(record.error != nil && record.connectedAt == nil && !record.held)
    }

    @Test func loadRunHoldsEveryCallAndMeasures() async throws {
        let peer = try await SimulatorPeer.start(PeerBehaviour(greetingFrames: 10, replyFrames: 20))
        defer { Task { await peer.stop() } }
        let config = CallLoad.Configuration(calls: 6, mediaStreamURL: peer.url, rampUp: .milliseconds(600), duration: .seconds(3),
                                            pause: .milliseconds(200), replyTimeout: .seconds(2),
                                            customParameters: [("practice", "bright-smile")],
                                            serverPID: getpid(), shards: 2)
        let report = await CallLoad.run(config, audio: audio)
        #expect(report.calls == 6 && report.connected == 6 && report.held == 6, "\(report.summary)")
        #expect(report.errors == 0 && report.violations == 0)
        #expect(report.replies >= 12)                                 // a greeting and at least one answer each
        #expect(report.replyLatencyMS.count > 0 && report.jitterMS.count > 0)
        #expect(report.serverCPUPercent != nil && report.simulatorCPUPercent != nil)
        if FileManager.default.fileExists(atPath: "/proc/self/schedstat") {     // run-queue waits, where the kernel keeps them
            #expect((report.serverCoreWaitMSPerSecond ?? -1) >= 0 && (report.simulatorCoreWaitMSPerSecond ?? -1) >= 0)
            #expect(report.summary.contains("waited for a core (run queue)"))
        }
        #expect(report.marksEchoed > 0)
        #expect(peer.log.count == 6 && peer.log.allSatisfy { $0.problems.isEmpty && $0.stopped })
        #expect(report.summary.contains("held 6"))
        #expect(report.json.contains("\"held\":6"))
    }
}
