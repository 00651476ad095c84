// What a speech provider produces — a recogniser's transcript events, a voice's reply audio — on its way to
// a call. Providers push from any thread; a call takes what has arrived on its own event loop, without a
// task. Swift's `AsyncThrowingStream` cannot be read that way: each `next()` makes a round trip through the
// global task pool even when its element is already waiting (its cancellation handler runs off the
// caller's executor), so a call that read its recogniser and its voice as async streams sent every reply
// through several pool hops, and under load each hop waited for a core.

import Synchronization

/// A provider's output, in order, then its end (finished, or failed with the provider's error).
///
/// The provider holds a `Continuation` and calls `yield` and `finish` from any thread. A consumer on an event
/// loop calls `take()` for everything that has arrived (never waits) and `notify(_:)` to be called once when
/// there is more; other consumers iterate it as an `AsyncSequence`. It has one consumer. Cancelling it (`cancel()`, or dropping
/// it before its end) tells the provider through `onTermination`, so it can stop work nobody will hear.
public final class ProviderStream<Element: Sendable>: AsyncSequence, Sendable {
    /// How the stream ended, as the provider is told: all delivered, or the consumer stopped listening.
    public enum Termination: Sendable, Equatable { case finished, cancelled }

    /// How the stream ended, as the consumer sees it.
    public enum End: Sendable {
        /// Everything was delivered (or the consumer cancelled).
        case finished
        /// The provider failed.
        case failed(any Error)
    }

    /// What `take()` found: the elements that had arrived, and the end once nothing more will come.
    public struct Taken: Sendable {
        public var elements: [Element]
        public var end: End?
    }

    /// The provider's end of a stream.
    public struct Continuation: Sendable {
        let storage: Storage

        /// Adds an element; dropped once the stream has ended.
        public func yield(_ element: Element) { storage.yield(element) }

        /// Ends the stream; `error` says the provider failed. Later calls do nothing.
        public func finish(throwing error: (any Error)? = nil) {
            storage.end(error.map { .failed($0) } ?? .finished, as: .finished)
        }

        /// Called once when the stream ends (at once if it already has): `.cancelled` when the consumer
        /// stopped listening, so the provider can stop its work.
        public var onTermination: (@Sendable (Termination) -> Void)? {
            get { storage.state.withLock { $0.onTermination } }
            nonmutating set { storage.setOnTermination(newValue) }
        }
    }

    final class Storage: Sendable {
        struct State {
            var elements: [Element] = []
            var end: End?
            var termination: Termination?
            var wake: (@Sendable () -> Void)?
            var onTermination: (@Sendable (Termination) -> Void)?
        }
        let state = Mutex(State())

        func yield(_ element: Element) {
            let wake = state.withLock { s -> (@Sendable () -> Void)? in
                guard s.end == nil else { return nil }
                s.elements.append(element)
                defer { s.wake = nil }
                return s.wake
            }
            wake?()
        }

        func end(_ end: End, as termination: Termination) {
            let (wake, onTermination) = state.withLock { s -> ((@Sendable () -> Void)?, (@Sendable (Termination) -> Void)?) in
                guard s.end == nil else { return (nil, nil) }
                s.end = end
                s.termination = termination
                if termination == .cancelled { s.elements = [] }
                defer { s.wake = nil; s.onTermination = nil }
                return (s.wake, s.onTermination)
            }
            onTermination?(termination)
            wake?()
        }

        func setOnTermination(_ handler: (@Sendable (Termination) -> Void)?) {
            let ended = state.withLock { s -> Termination? in
                if s.termination == nil { s.onTermination = handler }
                return s.termination
            }
            if let ended { handler?(ended) }
        }
    }

    let storage = Storage()

    init() {}

    /// A stream and the continuation its provider feeds.
    public static func makeStream(of: Element.Type = Element.self) -> (stream: ProviderStream, continuation: Continuation) {
        let stream = ProviderStream()
        return (stream, Continuation(storage: stream.storage))
    }

    /// A stream that `build` feeds (at once, or later through the continuation it keeps).
    public convenience init(_ build: (Continuation) -> Void) {
        self.init()
        build(Continuation(storage: storage))
    }

    deinit { cancel() }

    /// Takes every element that has arrived, without waiting; `end` is set once nothing more will come.
    public func take() -> Taken {
        storage.state.withLock { s in
            defer { s.elements = [] }
            return Taken(elements: s.elements, end: s.end)
        }
    }

    /// Calls `wake` once, from the provider's thread, as soon as there is something to take or the stream
    /// has ended (at once if there already is). A later `notify` replaces a wake not yet called.
    public func notify(_ wake: @escaping @Sendable () -> Void) {
        let now = storage.state.withLock { s -> Bool in
            if !s.elements.isEmpty || s.end != nil { return true }
            s.wake = wake
            return false
        }
        if now { wake() }
    }

    /// Stops listening: what waits is dropped, later elements too, and the provider is told.
    public func cancel() { storage.end(.finished, as: .cancelled) }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }

    /// Iterates the stream, waiting for elements; cancelling the iterating task cancels the stream.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: ProviderStream
        var pending: [Element] = []
        var index = 0
        var end: End?

        public mutating func next() async throws -> Element? {
            while true {
                if index < pending.count {
                    defer { index += 1 }
                    return pending[index]
                }
                switch end {
                case .finished: return nil
                case .failed(let error): end = .finished; throw error
                case nil: break
                }
                let taken = stream.take()
                (pending, index, end) = (taken.elements, 0, taken.end)
                if pending.isEmpty, end == nil {
                    let stream = stream
                    await withTaskCancellationHandler {
                        await withCheckedContinuation { (ready: CheckedContinuation<Void, Never>) in
                            stream.notify { ready.resume() }
                        }
                    } onCancel: { stream.cancel() }
                }
            }
        }
    }
}

extension ProviderStream.End {
    /// The provider's error, if it failed.
    public var error: (any Error)? {
        if case .failed(let error) = self { return error }
        return nil
    }
}

/// A recogniser's transcript events.
public typealias TranscriptStream = ProviderStream<TranscriptEvent>

/// A voice's audio for one reply.
public typealias SpeechStream = ProviderStream<SpeechAudio>
