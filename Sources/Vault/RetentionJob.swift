import Foundation
import FrontDeskCore

/// The server's daily retention run: once shortly after start-up (`startupDelay`), then every day at a
/// practice-local time (default 03:30 in the practice's IANA zone; DST-correct: a time that does not exist
/// on a spring-forward day runs at the first minute after the gap, one that occurs twice runs once, at
/// its first occurrence). A failed run is reported and tried again at the next daily time; `run()` never
/// throws and returns when its task is cancelled.
///
/// Time comes from the injected `clock` and waiting from the injected `sleep`, so tests run a year of
/// days instantly. Reports go to `report` as `Event`s whose descriptions hold classes, counts, times and
/// error descriptions — never PHI. The Vault target has no logging dependency: the caller logs them.
///
///     let job = RetentionJob(vault: vault, policy: policy, timeZone: TimeZone(identifier: "America/Chicago")!,
///                            report: { logger.info("\($0)") })
///     await job.run()   // until the task is cancelled
public final class RetentionJob: Sendable {
    /// Waits the given number of seconds; throws when the task is cancelled.
    public typealias Sleep = @Sendable (TimeInterval) async throws -> Void

    /// What the job reports. `description` is a one-line message without PHI.
    public enum Event: Sendable, CustomStringConvertible {
        /// The next run is set for this instant.
        case scheduled(next: Date)
        /// A run finished.
        case completed(RetentionReport)
        /// A run failed (nothing destroyed: it is one transaction); it is retried at `retryAt`.
        case failed(reason: String, retryAt: Date)

        public var description: String {
            switch self {
            case .scheduled(let d): return "retention: next run at \(ISOTime.string(d))"
            case .completed(let r): return RetentionJob.summary(r)
            case .failed(let why, let d): return "retention: run failed, nothing destroyed (\(why)); retrying at \(ISOTime.string(d))"
            }
        }
    }

    public let timeZone: TimeZone
    public let timeOfDay: TimeOfDay
    public let startupDelay: TimeInterval
    private let clock: any FrontDeskCore.Clock
    private let sleep: Sleep
    private let report: @Sendable (Event) -> Void
    private let perform: @Sendable (Date) throws -> RetentionReport

    /// Real sleeping (`Task.sleep`), cancellable.
    public static let taskSleep: Sleep = { seconds in
        try await Task.sleep(nanoseconds: UInt64(max(0, min(seconds, 400 * 86_400)) * 1_000_000_000))
    }

    /// The job on an open vault: each run is `vault.runRetention(policy, now:)` followed by a signed audit
    /// checkpoint. The vault stays open (the caller closes it after the job stops).
    public convenience init(vault: Vault, policy: RetentionPolicy = .default, timeZone: TimeZone,
                            at timeOfDay: TimeOfDay = TimeOfDay(hour: 3, minute: 30), startupDelay: TimeInterval = 300,
                            clock: any FrontDeskCore.Clock = SystemClock(), sleep: @escaping Sleep = RetentionJob.taskSleep,
                            report: @escaping @Sendable (Event) -> Void) {
        self.init(timeZone: timeZone, at: timeOfDay, startupDelay: startupDelay, clock: clock, sleep: sleep, report: report) { now in
            let r = try vault.runRetention(policy, now: now)
            _ = try? vault.writeCheckpoint()
            return r
        }
    }

    /// The job with any run function (tests; a caller that wraps the run).
    public init(timeZone: TimeZone, at timeOfDay: TimeOfDay = TimeOfDay(hour: 3, minute: 30), startupDelay: TimeInterval = 300,
                clock: any FrontDeskCore.Clock = SystemClock(), sleep: @escaping Sleep = RetentionJob.taskSleep,
                report: @escaping @Sendable (Event) -> Void, perform: @escaping @Sendable (Date) throws -> RetentionReport) {
        self.timeZone = timeZone; self.timeOfDay = timeOfDay; self.startupDelay = startupDelay
        self.clock = clock; self.sleep = sleep; self.report = report; self.perform = perform
    }

    /// Runs until the task is cancelled: first at now + `startupDelay`, then daily at `timeOfDay`.
    public func run() async {
        var target = clock.now().addingTimeInterval(startupDelay)
        report(.scheduled(next: target))
        while !Task.isCancelled {
            // Sleep until the target; a sleep that wakes early (or a clock that jumped back) sleeps again.
            while true {
                let wait = target.timeIntervalSince(clock.now())
                if wait <= 0 { break }
                do { try await sleep(wait) } catch { return }
                if Task.isCancelled { return }
            }
            let outcome = runOnce()
            target = Self.nextRun(after: clock.now(), at: timeOfDay, in: timeZone)
            switch outcome {
            case .success(let r): report(.completed(r))
            case .failure(let e): report(.failed(reason: e.reason, retryAt: target))
            }
            report(.scheduled(next: target))
        }
    }

    /// Why a run failed, as text without PHI.
    public struct Failure: Error, Sendable { public var reason: String }

    /// One run now (never throws).
    public func runOnce() -> Result<RetentionReport, Failure> {
        do { return .success(try perform(clock.now())) } catch {
            return .failure(Failure(reason: String(describing: error)))
        }
    }

    /// The first instant after `after` whose wall time in `zone` is `time`. On a spring-forward day when
    /// that time does not exist, the first minute after the gap; on a fall-back day, its first occurrence.
    public static func nextRun(after: Date, at time: TimeOfDay, in zone: TimeZone) -> Date {
        var day = zone.local(after).date
        for _ in 0..<4 {
            let local = LocalDateTime(date: day, time: time)
            var instant = zone.instant(of: local)
            var m = 1
            while instant == nil, m <= 24 * 60 {   // inside a gap: the first wall minute that exists
                instant = zone.instant(of: LocalDateTime(wallMinutes: local.wallMinutes + m))
                m += 1
            }
            if let t = instant, t > after { return t }
            day = day.adding(days: 1)
        }
        return after.addingTimeInterval(86_400)
    }

    /// One line: classes and counts only.
    static func summary(_ r: RetentionReport) -> String {
        let classes = RetentionClass.allCases.map { "\($0.rawValue) \(r.destroyed[$0] ?? 0)" }.joined(separator: ", ")
        var s = "retention: run as of \(ISOTime.string(r.now)) destroyed \(classes); data keys destroyed \(r.dataKeysDestroyed); "
            + "records re-sealed \(r.recordsRekeyed); expired sessions deleted \(r.sessionsExpired); "
            + "audit events purged \(r.auditPurged), kept \(r.auditEvents)"
        if let why = r.auditPurgeRefused { s += "; audit purge skipped: \(why)" }
        return s
    }
}
