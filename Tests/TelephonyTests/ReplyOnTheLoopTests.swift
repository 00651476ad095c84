import Foundation
import NIOCore
import NIOPosix
import Synchronization
import Testing
import Voice
import CallSimulator
@testable import Telephony

/// Counts work that threads hand to Swift's global task pool, through the runtime's enqueue hook
/// (`swift_task_enqueueGlobal_hook`), counting only what one chosen thread hands over while armed.
enum PoolHandOffs {
    static let thread = Atomic<UInt>(0)
    static let armed = Atomic<Bool>(false)
    static let count = Atomic<Int>(0)

    typealias Original = @convention(c) (UnsafeMutableRawPointer) -> Void
    typealias Hook = @convention(c) (UnsafeMutableRawPointer, Original) -> Void

    /// The runtime's hook (a Swift-calling-convention function pointer; with two pointer arguments and no
    /// result that is the C convention on x86-64 and arm64 Linux).
    static var hook: UnsafeMutablePointer<Hook?>? {
        dlsym(dlopen(nil, RTLD_NOW), "swift_task_enqueueGlobal_hook")?.assumingMemoryBound(to: Hook?.self)
    }

    /// Counts hand-offs from `thread` while armed, for the duration of `body` (one test at a time).
    static func counting<T>(from thread: UInt, _ body: () async throws -> T) async throws -> T {
        let hook = try #require(hook)
        self.thread.store(thread, ordering: .sequentiallyConsistent)
        count.store(0, ordering: .sequentiallyConsistent)
        hook.pointee = { job, original in
            if PoolHandOffs.armed.load(ordering: .relaxed),
               UInt(pthread_self()) == PoolHandOffs.thread.load(ordering: .relaxed) {
                PoolHandOffs.count.add(1, ordering: .relaxed)
            }
            original(job)
        }
        defer { hook.pointee = nil }
        return try await body()
    }
}

/// The first reply frame after the output is armed disarms the count.
final class FirstReplyFrame: MediaStreamOutput, @unchecked Sendable {
    let lock = NSLock()
    var waiting = false
    var replies = 0
    var marks = 0
    func send(_ text: String) {
        if text.contains("\"event\":\"mark\"") { lock.withLock { marks += 1 } }
        guard text.contains("\"event\":\"media\"") else { return }
        lock.withLock {
            if waiting { PoolHandOffs.armed.store(false, ordering: .sequentiallyConsistent); waiting = false; replies += 1 }
        }
    }
    func close() {}
}

@Suite(.serialized) struct ReplyOnTheLoopTests {
    typealias F = CallFixtures

    /// The count sees work the loop hands to the pool (so a zero below means something).
    @Test func theCountSeesAHandOffFromTheLoop() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let thread = try await loop.submit { UInt(pthread_self()) }.get()
        let handOffs = try await PoolHandOffs.counting(from: thread) { () -> Int in
            try await loop.submit {
                PoolHandOffs.armed.store(true, ordering: .sequentiallyConsistent)
                Task.detached {}
                PoolHandOffs.armed.store(false, ordering: .sequentiallyConsistent)
            }.get()
            return PoolHandOffs.count.load(ordering: .sequentiallyConsistent)
        }
        #expect(handOffs >= 1)
        try await group.shutdownGracefully()
    }

    /// From the caller's end of speech to the reply's first audio frame, the call's work stays on its
    /// event loop's thread: the recogniser's events, the receptionist's turn and the voice's audio are all
    /// taken there. (Each hand-off to the task pool and back waited for a core under load: it was most of
    /// a reply's delay at 1,000 calls.)
    @Test(arguments: CallLoad.defaultLines)
    func aReplyNeverLeavesTheCallsLoop(_ line: String) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let thread = try await loop.submit { UInt(pthread_self()) }.get()
        let stt = ManualSpeechToText()
        let output = FirstReplyFrame()
        let connection = MediaStreamConnection(resolve: { _ in F.services(stt: stt) }, output: output,
                                               logger: F.logger, loop: loop)
        try await connection.receive(F.connected)
        try await connection.receive(F.start())
        let greeted = await poll { output.lock.withLock { output.marks } >= 1 }
        #expect(greeted)
        let recogniser = try #require(stt.session)
        let handOffs = try await PoolHandOffs.counting(from: thread) { () -> Int in
            loop.execute {
                output.lock.withLock { output.waiting = true }
                PoolHandOffs.armed.store(true, ordering: .sequentiallyConsistent)
                recogniser.say(line)                     // on the loop, as a recogniser fed there reports
            }
            let replied = await poll { output.lock.withLock { output.replies } >= 1 }
            #expect(replied)
            return PoolHandOffs.count.load(ordering: .sequentiallyConsistent)
        }
        #expect(handOffs == 0, "work handed to the task pool between the end of speech and the first reply frame")
        await connection.closed()
        try await group.shutdownGracefully()
    }

    func poll(_ condition: @Sendable () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition()
    }
}
