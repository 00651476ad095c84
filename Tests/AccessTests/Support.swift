import Foundation
import Testing
import FrontDeskCore
import FrontDeskTestSupport
import Vault
@testable import Access

/// A clock the test moves by hand (shared by the Vault and the Authenticator).
final class MovableClock: FrontDeskCore.Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var instant: Date
    init(_ start: Date) { instant = start }
    func now() -> Date { lock.lock(); defer { lock.unlock() }; return instant }
    func advance(_ seconds: TimeInterval) { lock.lock(); instant += seconds; lock.unlock() }
}

/// A fresh data dir with its key file outside it, a movable clock, one practice's store.
final class AccessFixture: @unchecked Sendable {
    static let practiceID = "lakeview-dental"
    let root: URL
    let dataDir: String
    let keyFile: String
    let clock: MovableClock
    let vault: Vault

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("access-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        dataDir = root.appendingPathComponent("data").path
        keyFile = root.appendingPathComponent("secrets/frontdesk.key").path
        clock = MovableClock(Date(timeIntervalSince1970: 1_773_158_400))   // 2026-03-10T16:00Z
        try KeyRing.create(path: keyFile, now: clock.now())
        vault = try Vault.open(directory: dataDir, keyFile: keyFile, clock: clock)
    }

    var store: VaultStore { vault.store(practiceID: Self.practiceID, context: .cli) }
    /// Fast bcrypt for tests that are not about bcrypt itself.
    static let fastHasher = PasswordHasher(cost: 4)
    var accounts: StaffAccounts { StaffAccounts(store: store, clock: clock, hasher: Self.fastHasher) }
    func authenticator(_ settings: AccessSettings = .standard) -> Authenticator {
        Authenticator(store: store, clock: clock, settings: settings, hasher: Self.fastHasher)
    }

    private var closed = false
    /// Closes the vault (once).
    func close() throws { if !closed { closed = true; try vault.close() } }
    func remove() { try? close(); try? FileManager.default.removeItem(at: root) }
}

/// Runs the built `frontdesk` executable without a developer's FRONTDESK_KEY_FILE.
enum CLI {
    static func run(_ args: [String], stdin: String? = nil) throws -> FrontDeskCLI.Result {
        var env = ProcessInfo.processInfo.environment
        env[KeyFileLocator.environmentVariable] = nil
        return try FrontDeskCLI.run(args, stdin: stdin, environment: env)
    }
}

/// Reading a sign-in step in tests: the session of a completed one, the challenge of one that needs a code.
protocol SignInSteps {}

extension SignInSteps {
    /// The session token of a completed step, or a recorded issue.
    func signedIn(_ step: SignInStep, sourceLocation: SourceLocation = #_sourceLocation) -> SignedIn? {
        if case .signedIn(let s) = step { return s }
        Issue.record("expected signed in, got \(step)", sourceLocation: sourceLocation)
        return nil
    }

    func challenge(_ step: SignInStep, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if case .needsTOTP(let c) = step { return c }
        Issue.record("expected a TOTP challenge, got \(step)", sourceLocation: sourceLocation)
        return nil
    }
}
