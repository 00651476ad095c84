// Metrics over simulated calls: server-added reply latency, outbound pacing jitter, clear latency, per
// call and over a run, plus CPU.

import Foundation

/// A summary of samples in milliseconds (nearest-rank percentiles).
public struct Distribution: Sendable, Codable, Equatable {
    /// Number of samples.
    public var count: Int
    /// Median.
    public var p50: Double
    /// 99th percentile.
    public var p99: Double
    /// Largest sample.
    public var max: Double
    /// Mean.
    public var mean: Double

    /// The summary of `samples` (all zero when there are none).
    public init(_ samples: [Double]) {
        let s = samples.sorted()
        count = s.count
        func rank(_ p: Double) -> Double {
            guard !s.isEmpty else { return 0 }
            let r = Int((p / 100 * Double(s.count)).rounded(.up))
            return s[Swift.min(Swift.max(r, 1), s.count) - 1]
        }
        p50 = rank(50)
        p99 = rank(99)
        max = s.last ?? 0
        mean = s.isEmpty ? 0 : s.reduce(0, +) / Double(s.count)
    }

    /// `p50 1.2 ms, p99 3.4 ms, max 5.6 ms (n=78)`
    public var line: String {
        count == 0 ? "no samples" : "p50 \(fmt(p50)) ms, p99 \(fmt(p99)) ms, max \(fmt(max)) ms (n=\(count))"
    }
}

func fmt(_ v: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", v) }

/// One call's metrics.
public struct CallMetrics: Sendable, Equatable {
    /// End of caller speech → first reply frame (ms).
    public var replyLatency: Distribution
    /// |inter-arrival − 20 ms| for reply frames after the first 3 (ms).
    public var jitter: Distribution
    /// Barge-in speech start → `clear` (ms).
    public var clearLatency: Distribution
}

extension CallRecord {
    /// This call's metrics.
    public var metrics: CallMetrics {
        CallMetrics(replyLatency: Distribution(replyLatencyMS), jitter: Distribution(jitterMS),
                    clearLatency: Distribution(clearLatencyMS))
    }
}

/// The result of a load run (or any set of calls).
public struct LoadReport: Sendable, Codable, Equatable {
    /// Calls started.
    public var calls: Int
    /// Calls whose WebSocket opened.
    public var connected: Int
    /// Calls connected before the measured window and still connected, without error, when it ended.
    public var held: Int
    /// Calls with a connection or transport error.
    public var errors: Int
    /// Calls the server closed before the caller hung up.
    public var closedByServer: Int
    /// Protocol violations seen, over all calls.
    public var violations: Int
    /// Waits for a reply that timed out.
    public var waitTimeouts: Int
    /// Replies heard.
    public var replies: Int
    /// `clear` messages received.
    public var clears: Int
    /// Marks received and echoed.
    public var marksReceived: Int
    public var marksEchoed: Int
    /// Media frames sent by the callers / received from the server.
    public var framesSent: Int
    public var framesReceived: Int
    /// Server-added reply latency (ms), lines whose speech ended in the window.
    public var replyLatencyMS: Distribution
    /// Outbound pacing jitter (ms), frames in the window.
    public var jitterMS: Distribution
    /// Barge-in → clear (ms).
    public var clearLatencyMS: Distribution
    /// Length of the measured window (s).
    public var windowSeconds: Double
    /// Server CPU over the window, % of one core (utime + stime from /proc), when its pid was given.
    public var serverCPUPercent: Double?
    /// The simulator's own CPU over the window, % of one core (getrusage).
    public var simulatorCPUPercent: Double?
    /// Over the window, how long the server's threads were ready to run but waited for a core, ms per
    /// second (summed over threads, so it can pass 1,000): the machine's share of jitter and latency.
    public var serverCoreWaitMSPerSecond: Double?
    /// The same for the simulator's threads.
    public var simulatorCoreWaitMSPerSecond: Double?
    /// Ticks that started more than 10 ms late (the simulator could not keep up).
    public var lateTicks: Int
    /// A few error messages.
    public var errorSamples: [String]
    /// A few violation descriptions.
    public var violationSamples: [String]

    /// Server CPU per held call, % of one core.
    public var serverCPUPercentPerCall: Double? {
        serverCPUPercent.map { $0 / Double(Swift.max(1, held)) }
    }

    /// Aggregates `records`; latency samples count only lines whose speech ended within
    /// [`windowStart`, `windowEnd`) when a window is given.
    public init(records: [CallRecord], windowStart: Instant? = nil, windowEnd: Instant? = nil,
                serverCPUPercent: Double? = nil, simulatorCPUPercent: Double? = nil,
                serverCoreWaitMSPerSecond: Double? = nil, simulatorCoreWaitMSPerSecond: Double? = nil, lateTicks: Int = 0) {
        func inWindow(_ t: Instant?) -> Bool {
            guard let t else { return false }
            if let windowStart, t < windowStart { return false }
            if let windowEnd, t >= windowEnd { return false }
            return true
        }
        calls = records.count
        connected = records.filter { $0.connectedAt != nil }.count
        held = records.filter { r in
            r.held && (windowStart == nil || (r.connectedAt.map { $0 <= windowStart! } ?? false))
        }.count
        errors = records.filter { $0.error != nil }.count
        closedByServer = records.filter(\.closedByServer).count
        violations = records.reduce(0) { $0 + $1.violationCount }
        waitTimeouts = records.reduce(0) { $0 + $1.waitTimeouts }
        replies = records.reduce(0) { $0 + $1.replies.count }
        clears = records.reduce(0) { $0 + $1.clears }
        marksReceived = records.reduce(0) { $0 + $1.marksReceived }
        marksEchoed = records.reduce(0) { $0 + $1.marksEchoed }
        framesSent = records.reduce(0) { $0 + $1.framesSent }
        framesReceived = records.reduce(0) { $0 + $1.framesReceived }
        var latency: [Double] = [], clear: [Double] = [], jitter: [Double] = []
        for r in records {
            for u in r.utterances where inWindow(u.speechEndAt) || (windowStart == nil && windowEnd == nil) {
                if let l = u.replyLatency { latency.append(milliseconds(l)) }
                if let c = u.clearLatency { clear.append(milliseconds(c)) }
            }
            jitter += r.jitterMS
        }
        replyLatencyMS = Distribution(latency)
        clearLatencyMS = Distribution(clear)
        jitterMS = Distribution(jitter)
        if let windowStart, let windowEnd { windowSeconds = milliseconds(windowEnd - windowStart) / 1000 } else { windowSeconds = 0 }
        self.serverCPUPercent = serverCPUPercent
        self.simulatorCPUPercent = simulatorCPUPercent
        self.serverCoreWaitMSPerSecond = serverCoreWaitMSPerSecond
        self.simulatorCoreWaitMSPerSecond = simulatorCoreWaitMSPerSecond
        self.lateTicks = lateTicks
        errorSamples = Array(records.compactMap(\.error).prefix(3))
        violationSamples = Array(records.flatMap { $0.violations.map { "\($0.kind.rawValue): \($0.detail)" } }.prefix(3))
    }

    /// A human-readable summary, one figure a line.
    public var summary: String {
        var lines = [
            "calls \(calls), connected \(connected), held \(held), errors \(errors), closed by server \(closedByServer)",
            "server-added reply latency: \(replyLatencyMS.line)",
            "outbound pacing jitter: \(jitterMS.line)",
            "barge-in → clear: \(clearLatencyMS.line)",
            "replies \(replies), clears \(clears), marks \(marksReceived) received / \(marksEchoed) echoed, "
                + "wait timeouts \(waitTimeouts), violations \(violations)",
            "frames sent \(framesSent), received \(framesReceived), late ticks \(lateTicks)",
        ]
        if let s = serverCPUPercent {
            lines.append("server CPU \(fmt(s, 1)) % of a core over \(fmt(windowSeconds, 1)) s; per call \(fmt(serverCPUPercentPerCall ?? 0, 3)) %")
        }
        if let c = simulatorCPUPercent { lines.append("simulator CPU \(fmt(c, 1)) % of a core") }
        if let s = serverCoreWaitMSPerSecond, let c = simulatorCoreWaitMSPerSecond {
            lines.append("waited for a core (run queue): server \(fmt(s, 0)) ms/s, simulator \(fmt(c, 0)) ms/s")
        }
        if !errorSamples.isEmpty { lines.append("errors: " + errorSamples.joined(separator: " | ")) }
        if !violationSamples.isEmpty { lines.append("violations: " + violationSamples.joined(separator: " | ")) }
        return lines.joined(separator: "\n")
    }

    /// The report as one line of JSON.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// CPU time of processes.
public enum CPUTime {
    /// utime + stime of process `pid` from `/proc/PID/stat`, in seconds; nil if unreadable.
    public static func process(_ pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let paren = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: paren)...].split(separator: " ")
        // fields[0] is field 3 (state); utime is field 14, stime field 15.
        guard fields.count > 12, let u = Double(fields[11]), let s = Double(fields[12]) else { return nil }
        let tick = Double(sysconf(Int32(_SC_CLK_TCK)))
        return (u + s) / (tick > 0 ? tick : 100)
    }

    /// Time each thread of process `pid` has spent ready to run but waiting for a core (the scheduler's run
    /// queue), in seconds by thread id: the second field of `/proc/PID/task/TID/schedstat`. Nil if
    /// unreadable (no schedstat in this kernel).
    public static func runQueueWait(_ pid: Int32) -> [Int: Double]? {
        guard let tasks = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task") else { return nil }
        var waits: [Int: Double] = [:]
        for task in tasks {
            guard let tid = Int(task),
                  let text = try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/schedstat", encoding: .utf8) else { continue }
            let fields = text.split(separator: " ")
            guard fields.count >= 2, let waited = Double(fields[1]) else { continue }
            waits[tid] = waited / 1e9
        }
        return waits.isEmpty ? nil : waits
    }

    /// Run-queue time between two `runQueueWait` readings, in seconds: threads started in between count
    /// whole, threads that ended in between are not counted (so never negative).
    public static func runQueueWait(from start: [Int: Double], to end: [Int: Double]) -> Double {
        end.reduce(0) { total, thread in total + max(0, thread.value - (start[thread.key] ?? 0)) }
    }

    /// This process's user + system CPU time in seconds (getrusage).
    public static func current() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }
}
