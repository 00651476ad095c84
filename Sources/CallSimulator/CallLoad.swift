// Many simulated calls at once against one Media Streams URL: staggered starts, a repeating script per
// caller (say a line, wait for the reply, pause), one shared tick driver (timers on the event loops the
// calls' sockets live on), CPU of the server and of the simulator over the measured window.

import Foundation
import Logging

/// A load run of concurrent simulated calls.
public enum CallLoad {
    /// What to run.
    public struct Configuration: Sendable {
        /// Concurrent calls.
        public var calls: Int
        /// The Media Streams WebSocket URL (`ws://127.0.0.1:PORT/twilio/media`).
        public var mediaStreamURL: String
        /// The URL the upgrade's `X-Twilio-Signature` covers (with `authToken`); default `mediaStreamURL`.
        public var signedURL: String?
        /// The auth token that signs each stream's upgrade; nil sends no signature (`--insecure-dev` servers).
        public var authToken: String?
        /// Call starts are spread evenly over this long; the measured window begins when it ends.
        public var rampUp: Duration
        /// The measured window.
        public var duration: Duration
        /// The lines callers say; caller `i` says `lines[i % count]`, so the fake recogniser on the server
        /// must know them (register them with `UtteranceLibrary.frames(for:)` there too).
        public var lines: [String]
        /// Quiet after each reply before the next line.
        public var pause: Duration
        /// Longest wait for the greeting (once, at the start) and for each reply.
        public var replyTimeout: Duration
        /// `customParameters` of every `start` (e.g. `practice`).
        public var customParameters: [(name: String, value: String)]
        /// The server process, for its CPU over the window.
        public var serverPID: Int32?
        /// Tick timers, spread over the event loops (at least one per loop), each driving its share of the
        /// calls at its own phase within the 20 ms.
        public var shards: Int
        /// Longest wait for the streams to close after hanging up.
        public var closeTimeout: Duration

        /// A run of `calls` calls against `mediaStreamURL`.
        public init(calls: Int, mediaStreamURL: String, rampUp: Duration = .seconds(5), duration: Duration = .seconds(20),
                    lines: [String] = CallLoad.defaultLines, pause: Duration = .seconds(1),
                    replyTimeout: Duration = .seconds(30), customParameters: [(name: String, value: String)] = [],
                    serverPID: Int32? = nil, shards: Int = 4, closeTimeout: Duration = .seconds(5),
                    authToken: String? = nil, signedURL: String? = nil) {
            self.authToken = authToken; self.signedURL = signedURL
            self.calls = calls; self.mediaStreamURL = mediaStreamURL; self.rampUp = rampUp; self.duration = duration
            self.lines = lines; self.pause = pause; self.replyTimeout = replyTimeout
            self.customParameters = customParameters; self.serverPID = serverPID; self.shards = shards
            self.closeTimeout = closeTimeout
        }
    }

    /// The pause between the last call's start and the measured window.
    public static let settle = Duration.seconds(1)

    /// Questions any practice can answer without booking anything, so a call can repeat them forever.
    public static let defaultLines = [
        "Do you take Cigna?",
        "What time do you open on Saturday?",
        "Where are you located?",
        "Is there parking at the office?",
    ]

    /// The script of caller `index`: wait for the greeting once, then say a line, wait for the reply, pause, repeat.
    public static func script(index: Int, configuration c: Configuration) -> [CallStep] {
        let line = c.lines.isEmpty ? "Hello?" : c.lines[index % c.lines.count]
        return [.waitForReply(timeout: c.replyTimeout), .say(line), .waitForReply(timeout: c.replyTimeout), .silence(c.pause)]
    }

    /// Runs the load and reports over the measured window. `progress` gets a line now and then.
    public static func run(_ c: Configuration, audio: CallerAudio, logger: Logger = Logger(label: "CallLoad"),
                           progress: @Sendable (String) -> Void = { _ in }) async -> LoadReport {
        for line in c.lines { audio.prepare(line) }
        let driver = TickDriver(shards: c.shards)
        let clock = ContinuousClock()
        let t0 = clock.now + .milliseconds(100)
        // The last call starts just before the ramp ends and takes a moment to connect (longer under load):
        // measuring starts a second later, so "held" counts calls that failed, not calls still connecting.
        let windowStart = t0 + c.rampUp + CallLoad.settle
        let windowEnd = windowStart + c.duration
        let calls = (0..<c.calls).map { i in
            SimulatedCall(steps: script(index: i, configuration: c), audio: audio,
                          options: CallerOptions(authToken: c.authToken, customParameters: c.customParameters, repeatScript: true, repeatFrom: 1,
                                                 measureFrom: windowStart, keepMessages: false))
        }
        var serverCPU: Double? = nil, simulatorCPU: Double? = nil, serverWait: Double? = nil, simulatorWait: Double? = nil
        await withTaskGroup(of: Void.self) { group in
            for (i, call) in calls.enumerated() {
                let at = t0 + c.rampUp * (Double(i) / Double(max(1, c.calls)))
                group.addTask {
                    try? await clock.sleep(until: at, tolerance: nil)
                    await call.connect(to: c.mediaStreamURL, signedURL: c.signedURL ?? c.mediaStreamURL,
                                       customParameters: c.customParameters, driver: driver, logger: logger)
                }
            }
            try? await clock.sleep(until: windowStart, tolerance: nil)
            let connectedAtStart = calls.filter { $0.record.connectedAt != nil }.count
            progress("ramp-up done: \(connectedAtStart)/\(c.calls) connected; measuring \(milliseconds(c.duration) / 1000) s")
            let me = getpid()
            let server0 = c.serverPID.flatMap(CPUTime.process), self0 = CPUTime.current(), w0 = clock.now
            let serverWait0 = c.serverPID.flatMap(CPUTime.runQueueWait), selfWait0 = CPUTime.runQueueWait(me)
            try? await clock.sleep(until: windowEnd, tolerance: nil)
            let server1 = c.serverPID.flatMap(CPUTime.process), self1 = CPUTime.current(), w1 = clock.now
            let serverWait1 = c.serverPID.flatMap(CPUTime.runQueueWait), selfWait1 = CPUTime.runQueueWait(me)
            let seconds = milliseconds(w1 - w0) / 1000
            if let server0, let server1 { serverCPU = 100 * (server1 - server0) / seconds }
            simulatorCPU = 100 * (self1 - self0) / seconds
            if let serverWait0, let serverWait1 { serverWait = 1000 * CPUTime.runQueueWait(from: serverWait0, to: serverWait1) / seconds }
            if let selfWait0, let selfWait1 { simulatorWait = 1000 * CPUTime.runQueueWait(from: selfWait0, to: selfWait1) / seconds }
            for call in calls { call.hangUp() }
            let deadline = clock.now + c.closeTimeout
            while clock.now < deadline, calls.contains(where: { !$0.isEnded && $0.record.connectedAt != nil }) {
                try? await clock.sleep(for: .milliseconds(50))
            }
            driver.stop()
        }
        return LoadReport(records: calls.map(\.record), windowStart: windowStart, windowEnd: windowEnd,
                          serverCPUPercent: serverCPU, simulatorCPUPercent: simulatorCPU,
                          serverCoreWaitMSPerSecond: serverWait, simulatorCoreWaitMSPerSecond: simulatorWait, lateTicks: driver.lateTicks)
    }
}
