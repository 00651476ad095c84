// The call-load benchmark (issue 5): 100, 500 and 1,000 concurrent simulated Twilio calls against
// FrontDesk's Media Streams WebSocket, speech providers faked at zero latency. The server runs as a CHILD
// PROCESS (this executable in `calls-server` mode) so its CPU is measured on its own, from /proc; the
// simulated callers run here.
//
//   swift run -c release FrontDeskBenchmarks calls                 # 100, 500, 1000
//   swift run -c release FrontDeskBenchmarks calls.500 --duration 30
//   swift run -c release FrontDeskBenchmarks calls-server --port 8099   # the server alone (cross-checks)
//
// Reported per size: calls held, server CPU (% of one core, and per call), p99 outbound pacing jitter,
// p99 server-added latency (end of caller speech → first reply frame), barge-in → clear, errors,
// protocol violations, the simulator's own CPU, and how long each side's threads waited for a core.
// Targets: 1,000 calls held, jitter p99 < 10 ms, server-added latency p99 < 20 ms. tools/media-load.sh runs
// the same server against lean callers written in C (docs/benchmarks.md, "Lean callers").

import CallSimulator
import FakeProviders
import Foundation
import Voice

enum CallLoadBenchmarks {
    static let sizes = [100, 500, 1000]
    static let serverMode = "calls-server"
    static let audioMode = "calls-audio"

    /// The benchmark names, `calls.100` …
    static var names: [String] { sizes.map { "calls.\($0)" } }

    /// The sizes a command line selects: no filter selects all; a filter selects a size when it is part of its name.
    static func selected(_ filters: [String]) -> [Int] {
        if filters.isEmpty { return sizes }
        // Any `calls.N` runs N calls (to find a machine's capacity between the named sizes).
        let exact = filters.compactMap { f in f.hasPrefix("calls.") ? Int(f.dropFirst(6)) : nil }.filter { $0 > 0 }
        if !exact.isEmpty { return exact }
        // Otherwise any part of a name.
        return sizes.filter { n in filters.contains { f in "calls.\(n)".contains(f) } }
    }

    /// The lines the simulated callers say. The server process registers the same lines in its
    /// `UtteranceLibrary` (the synthetic signal is deterministic), so its fake recogniser knows them.
    static let lines = CallLoad.defaultLines

    // MARK: The load side

    static func run(sizes: [Int], arguments: [String]) async -> Int32 {
        let duration = Duration.seconds(option("--duration", arguments) ?? 20)
        let rampUp = Duration.seconds(option("--ramp", arguments) ?? 5)
        let json = arguments.contains("--json")
        #if DEBUG
        emit("warning: debug build — use `swift run -c release …` for meaningful figures")
        #endif
        var status: Int32 = 0
        for n in sizes {
            let server: ChildServer
            do {
                server = try ChildServer.launch(extraArguments: arguments.filter { $0 == "--reference-peer" || $0 == "--memory-store" })
            } catch {
                emit("calls.\(n): skipped — \(error)")
                status = 1
                continue
            }
            let audio = CallerAudio(library: UtteranceLibrary())
            let config = CallLoad.Configuration(calls: n, mediaStreamURL: "ws://127.0.0.1:\(server.port)/twilio/media",
                                                rampUp: rampUp, duration: duration, lines: lines,
                                                // No `practice` parameter: the server's default practice answers,
                                                // as for twilio_load.py (which sends none).
                                                serverPID: server.pid, shards: max(1, min(8, n / 100)))
            let report = await CallLoad.run(config, audio: audio) { line in emit("calls.\(n): \(line)") }
            let rss = server.rssMB()
            server.stop()
            emit(line(n: n, report, rssMB: rss))
            if json { emit(report.json) }
        }
        return status
    }

    /// Prints a line unbuffered (progress shows at once even when the output is a file).
    static func emit(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    static func line(n: Int, _ r: LoadReport, rssMB: Double?) -> String {
        func f(_ v: Double?, _ d: Int = 1) -> String { v.map { String(format: "%.\(d)f", $0) } ?? "n/a" }
        return "calls.\(n): held \(r.held)/\(r.calls), server CPU \(f(r.serverCPUPercent)) % of a core "
            + "(\(f(r.serverCPUPercentPerCall, 3)) % per call), jitter p99 \(f(r.jitterMS.p99, 2)) ms (max \(f(r.jitterMS.max, 1))), "
            + "server-added latency p50 \(f(r.replyLatencyMS.p50, 1)) / p99 \(f(r.replyLatencyMS.p99, 1)) ms (n=\(r.replyLatencyMS.count)), "
            + "errors \(r.errors), violations \(r.violations), closed by server \(r.closedByServer), wait timeouts \(r.waitTimeouts), "
            + "server RSS \(f(rssMB, 0)) MB, simulator CPU \(f(r.simulatorCPUPercent)) %, late ticks \(r.lateTicks), "
            + "waited for a core: server \(f(r.serverCoreWaitMSPerSecond, 0)) / simulator \(f(r.simulatorCoreWaitMSPerSecond, 0)) ms/s"
    }

    static func option(_ name: String, _ arguments: [String]) -> Int? {
        guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
        return Int(arguments[i + 1])
    }

    // MARK: The server side (child process)

    /// `FrontDeskBenchmarks calls-server [--port P] [--reference-peer]`: starts the server, prints
    /// `calls-server listening on PORT pid PID` and serves until SIGTERM / SIGINT.
    static func serverMain(arguments: [String]) async -> Int32 {
        let port = option("--port", arguments) ?? 0
        // With --register-ulaw FILE, the speech twilio_load.py sends is one more known line.
        let toolSpeech = arguments.firstIndex(of: "--register-ulaw").flatMap { i in
            i + 1 < arguments.count ? twilioLoadSpeech(file: arguments[i + 1]) : nil
        }
        var synthesizer: UtteranceLibrary.Synthesizer? = nil
        if let pcm = toolSpeech {
            let line = twilioLoadLine
            synthesizer = { text in text == line ? pcm : nil }
        }
        let library = UtteranceLibrary(synthesizer: synthesizer)
        for line in lines + (toolSpeech == nil ? [] : [twilioLoadLine]) { _ = library.frames(for: line) }
        let running: RunningCallServer
        do {
            if arguments.contains("--reference-peer") {
                running = try await ReferenceMediaPeer.start(port: port)
            } else if let server = try await startCallServer(port: port, library: library, arguments: arguments) {
                running = server
            } else {
                print("calls-server: FrontDesk's media stream server did not start")
                return 3
            }
        } catch {
            print("calls-server: \(error)")
            return 1
        }
        // A benchmark's server goes when the benchmark does, even if it was killed.
        if arguments.contains("--exit-with-parent") {
            let parent = getppid()
            Thread.detachNewThread {
                while getppid() == parent { sleep(1) }
                exit(0)
            }
        }
        // Unbuffered: the parent waits for this line.
        FileHandle.standardOutput.write(Data("calls-server listening on \(running.port) pid \(getpid())\n".utf8))
        // Serve until SIGTERM / SIGINT.
        signal(SIGTERM, SIG_IGN)
        signal(SIGINT, SIG_IGN)
        let signals = [SIGTERM, SIGINT].map { sig -> any DispatchSourceSignal in
            let s = DispatchSource.makeSignalSource(signal: sig)
            s.resume()
            return s
        }
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let once = OnceFlag()
            for s in signals { s.setEventHandler { if once.set() { c.resume() } } }
        }
        withExtendedLifetime(signals) {}         // a released source would drop its handler (and the continuation)
        await running.stop()
        return 0
    }

    /// `FrontDeskBenchmarks calls-audio DIR`: writes each of `lines` as `DIR/line-K.txt` for
    /// `tools/media-load.c`: a first line `voiced FIRST LAST` (its first and last voiced frame), then each
    /// 20 ms frame's μ-law bytes in base64, one a line — the frames the simulated callers send, which the
    /// server's fake recogniser knows.
    static func writeLines(to directory: String) -> Int32 {
        let audio = CallerAudio(library: UtteranceLibrary())
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for (k, text) in lines.enumerated() {
                let line = audio.line(text)
                let file = "voiced \(line.firstVoiced) \(line.lastVoiced)\n" + line.payloads.map { $0 + "\n" }.joined()
                try file.write(toFile: directory + "/line-\(k).txt", atomically: true, encoding: .utf8)
            }
            print("wrote \(lines.count) lines to \(directory)")
            return 0
        } catch {
            print("calls-audio: \(error)")
            return 1
        }
    }

    /// What `../shared/tools/twilio_load.py` says.
    static let twilioLoadLine = "Hi, I would like to check on my order."

    /// The speech file `twilio_load.py` sends (raw 8 kHz μ-law), its first `seconds` padded with 0xFF as
    /// the tool does, as PCM for the library to register (frames line up: the tool sends from byte 0).
    static func twilioLoadSpeech(file: String, seconds: Int = 2) -> [Int16]? {
        guard let data = FileManager.default.contents(atPath: file) else {
            print("calls-server: cannot read \(file)")
            return nil
        }
        var bytes = Array(data.prefix(seconds * 8000))
        bytes += [UInt8](repeating: 0xFF, count: seconds * 8000 - bytes.count)
        return G711.decode(bytes, law: .muLaw)
    }

    /// FrontDesk's Media Streams server in this process (CallServerSetup.swift, the lead's): the dental
    /// practice as the default practice, LibrarySpeechToText over `library` (which already holds `lines`),
    /// a silent zero-latency voice, FakeTwilioREST for transfers; calls kept in a vault in a temporary data
    /// dir unless `--memory-store`.
    static func startCallServer(port: Int, library: UtteranceLibrary, arguments: [String]) async throws -> RunningCallServer? {
        try await CallServerSetup.start(port: port, library: library, memoryStore: arguments.contains("--memory-store"))
    }
}

/// A server started in `calls-server` mode.
struct RunningCallServer: Sendable {
    var port: Int
    var stop: @Sendable () async -> Void
}

/// Resumes a continuation once.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    func set() -> Bool { lock.lock(); defer { lock.unlock() }; if done { return false }; done = true; return true }
}

/// The `calls-server` child process.
struct ChildServer {
    var process: Process
    var port: Int
    var pid: Int32

    enum LaunchError: Error, CustomStringConvertible {
        case exited(String)
        var description: String { if case .exited(let s) = self { return s }; return "" }
    }

    /// Starts this executable in `calls-server` mode and waits for its "listening" line.
    static func launch(extraArguments: [String]) throws -> ChildServer {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        p.arguments = [CallLoadBenchmarks.serverMode, "--port", "0", "--exit-with-parent"] + extraArguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let handle = out.fileHandleForReading
        var text = ""
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty {
                p.waitUntilExit()
                throw LaunchError.exited(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                                         ? "calls-server exited with status \(p.terminationStatus)"
                                         : text.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            text += String(decoding: chunk, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("calls-server listening on ") }) {
                let words = line.split(separator: " ")
                guard words.count >= 6, let port = Int(words[3]), let pid = Int32(words[5]) else { continue }
                // Keep draining the child's output so it never blocks on a full pipe.
                Thread.detachNewThread { while !handle.availableData.isEmpty {} }
                return ChildServer(process: p, port: port, pid: pid)
            }
        }
    }

    /// Resident memory of the server (MB), from /proc.
    func rssMB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}
