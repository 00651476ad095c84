import Foundation
import Synchronization
import Testing
import Voice

@Suite struct ProviderStreamTests {
    struct Failed: Error {}

    @Test func takeReturnsWhatHasArrivedInOrderThenTheEnd() {
        let (stream, c) = ProviderStream<Int>.makeStream()
        #expect(stream.take().elements.isEmpty)
        #expect(stream.take().end == nil)
        c.yield(1); c.yield(2)
        let first = stream.take()
        #expect(first.elements == [1, 2])
        #expect(first.end == nil)
        c.yield(3)
        c.finish()
        c.yield(4)                                         // after the end: dropped
        let last = stream.take()
        #expect(last.elements == [3])
        guard case .finished = last.end else { Issue.record("not finished"); return }
    }

    @Test func aFailureReachesTheConsumerAfterTheElementsBeforeIt() {
        let (stream, c) = ProviderStream<Int>.makeStream()
        c.yield(1)
        c.finish(throwing: Failed())
        c.finish()                                         // a second end changes nothing
        let taken = stream.take()
        #expect(taken.elements == [1])
        #expect(taken.end?.error is Failed)
    }

    @Test func notifyCallsOnceWhenSomethingArrivesOrAtOnceIfItHas() {
        let (stream, c) = ProviderStream<Int>.makeStream()
        let calls = Atomic<Int>(0)
        stream.notify { calls.add(1, ordering: .relaxed) }
        #expect(calls.load(ordering: .relaxed) == 0)
        c.yield(1)
        c.yield(2)
        #expect(calls.load(ordering: .relaxed) == 1)       // once, not per element
        stream.notify { calls.add(1, ordering: .relaxed) } // something waits: called at once
        #expect(calls.load(ordering: .relaxed) == 2)
        _ = stream.take()
        stream.notify { calls.add(1, ordering: .relaxed) }
        c.finish()                                         // the end wakes too
        #expect(calls.load(ordering: .relaxed) == 3)
    }

    @Test func cancellingTellsTheProviderDropsWhatWaitsAndWakesTheConsumer() {
        let (stream, c) = ProviderStream<Int>.makeStream()
        let told = Mutex<[ProviderStream<Int>.Termination]>([])
        c.onTermination = { reason in told.withLock { $0.append(reason) } }
        let woken = Atomic<Bool>(false)
        stream.notify { woken.store(true, ordering: .relaxed) }
        stream.cancel()
        c.yield(1)
        c.finish()
        #expect(told.withLock { $0 } == [.cancelled])
        let wasWoken = woken.load(ordering: .relaxed)
        #expect(wasWoken)
        #expect(stream.take().elements.isEmpty)
    }

    @Test func theProviderIsToldOnceWhenItFinishesAndAtOnceIfItAlreadyHas() {
        let (stream, c) = ProviderStream<Int>.makeStream()
        let told = Mutex<[ProviderStream<Int>.Termination]>([])
        c.onTermination = { reason in told.withLock { $0.append(reason) } }
        c.finish()
        stream.cancel()
        #expect(told.withLock { $0 } == [.finished])
        c.onTermination = { reason in told.withLock { $0.append(reason) } }
        #expect(told.withLock { $0 } == [.finished, .finished])
    }

    @Test func aStreamDroppedBeforeItsEndIsCancelled() {
        let told = Mutex<[ProviderStream<Int>.Termination]>([])
        var continuation: ProviderStream<Int>.Continuation?
        do {
            let (stream, c) = ProviderStream<Int>.makeStream()
            c.onTermination = { reason in told.withLock { $0.append(reason) } }
            continuation = c
            c.yield(1)
            _ = stream
        }
        #expect(told.withLock { $0 } == [.cancelled])
        continuation?.yield(2)                             // the provider may go on yielding: dropped
    }

    @Test func itIteratesAsAnAsyncSequence() async throws {
        let (stream, c) = ProviderStream<Int>.makeStream()
        let producer = Thread {
            for i in 0..<100 { c.yield(i); if i % 10 == 0 { usleep(200) } }
            c.finish(throwing: Failed())
        }
        producer.start()
        var seen: [Int] = []
        do {
            for try await i in stream { seen.append(i) }
            Issue.record("the failure was not thrown")
        } catch is Failed {}
        #expect(seen == Array(0..<100))
    }

    @Test func cancellingTheIteratingTaskCancelsTheStream() async {
        let (stream, c) = ProviderStream<Int>.makeStream()
        let cancelled = Atomic<Bool>(false)
        c.onTermination = { if $0 == .cancelled { cancelled.store(true, ordering: .relaxed) } }
        let reader = Task { () -> Int in
            var n = 0
            do { for try await _ in stream { n += 1 } } catch {}
            return n
        }
        c.yield(1)
        try? await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        _ = await reader.value                             // ends: cancellation wakes the waiting iterator
        let wasCancelled = cancelled.load(ordering: .relaxed)
        #expect(wasCancelled)
    }
}
