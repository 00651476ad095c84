// Small helpers shared by the HTTP providers: endpoint URLs, deadlines, error mapping.

import AsyncHTTPClient
import Foundation

enum HTTPSupport {
    /// `base` + `path`, where `base` may or may not already end in `/v1` (both spellings are common for
    /// OpenAI-compatible servers) and `path` starts with `/v1/`.
    static func endpoint(_ base: String, _ path: String) -> String {
        var b = base
        while b.hasSuffix("/") { b.removeLast() }
        if b.hasSuffix("/v1") && path.hasPrefix("/v1/") { b.removeLast(3) }
        return b + path
    }

    /// Runs `body`, throwing `.timedOut(provider)` if it takes longer than `limit` (and cancelling it).
    static func withTimeout<T: Sendable>(_ limit: Duration, provider: String,
                                         _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw SpeechProviderError.timedOut(provider: provider)
            }
            defer { group.cancelAll() }
            return try await group.next()!
        }
    }

    /// A provider error for any failure of a request (already-mapped errors pass through).
    static func providerError(_ error: any Error, provider: String) -> any Error {
        switch error {
        case let e as SpeechProviderError: e
        case is CancellationError: error
        case let e as HTTPClientError where e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout:
            SpeechProviderError.timedOut(provider: provider)
        case let e as HTTPClientError where e == .cancelled:
            CancellationError()
        default:
            SpeechProviderError.connectionFailed(provider: provider, reason: String(String(describing: error).prefix(200)))
        }
    }
}
