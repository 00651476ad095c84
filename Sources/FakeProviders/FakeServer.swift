// Running a Hummingbird application on an ephemeral loopback port for a fake service.

import Hummingbird
import Logging
import NIOCore
import Foundation
import Synchronization

/// A Hummingbird application started on 127.0.0.1 with port 0; knows the port it bound and stops on request.
final class RunningServer: Sendable {
    /// The bound port.
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) { self.port = port; self.task = task }

    /// Builds the application with the given `onServerRunning` hook and configuration, runs it, and
    /// returns once it is listening (or throws why it could not start).
    static func start<App: ApplicationProtocol>(
        _ build: (_ configuration: ApplicationConfiguration, _ onRunning: @escaping @Sendable (any Channel) async -> Void) -> App
    ) async throws -> RunningServer {
        let waiting = OneShot<Int>()
        let app = build(ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0))) { channel in
            let port = channel.localAddress?.port ?? 0
            waiting.resume(with: .success(port))
        }
        let task = Task {
            do { try await app.run() } catch {
                waiting.resume(with: .failure(error))
                throw error
            }
            waiting.resume(with: .failure(CancellationError()))
        }
        do {
            return RunningServer(port: try await waiting.value, task: task)
        } catch {
            task.cancel()
            throw error
        }
    }

    /// Shuts the application down (gracefully: open connections are closed) and waits for it.
    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// A logger that stays quiet unless `FAKE_PROVIDERS_LOG` is set (fakes run inside tests and benchmarks).
let fakeLogger: Logger = {
    var logger = Logger(label: "frontdesk.fake")
    logger.logLevel = ProcessInfo.processInfo.environment["FAKE_PROVIDERS_LOG"] == nil ? .critical : .debug
    return logger
}()

/// A value delivered once (the first `resume` wins) to whoever awaits `value`, before or after.
final class OneShot<T: Sendable>: Sendable {
    private struct State { var result: Result<T, any Error>?; var waiter: CheckedContinuation<T, any Error>? }
    private let state = Mutex(State())

    func resume(with result: Result<T, any Error>) {
        let waiter = state.withLock { s -> CheckedContinuation<T, any Error>? in
            guard s.result == nil else { return nil }
            s.result = result
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(with: result)
    }

    var value: T {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { s -> Result<T, any Error>? in
                    if s.result == nil { s.waiter = continuation }
                    return s.result
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}

/// A value behind a lock that closures can share.
final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}
