// Local speech synthesis with the espeak-ng program.
//
// Why a process and not `dlopen("libespeak-ng.so.1")`: the library keeps one global synthesizer (not
// safe to use from several calls at once), and a crash or hang in it would take the server down; a
// process per reply runs replies in parallel on all cores, is killed outright on barge-in (SIGKILL), and
// needs no headers or library at build time. The cost is a fork/exec and voice load per reply (a few
// milliseconds), small next to the reply's play-out time.
//
// The text goes to the program's standard input (`--stdin`, UTF-8), never through a shell or argv, so a
// reply such as "-5 degrees" cannot be read as an option. `--stdout` writes a WAV stream (22,050 Hz
// PCM16 mono, placeholder sizes) as synthesis proceeds; a thread per run reads it with blocking reads and
// it is decoded and converted to 8 kHz chunk by chunk.

import Foundation
import FrontDeskCore
import Synchronization
import Voice

/// The default synthesizer: espeak-ng on this machine, so reply text never leaves it (no BAA needed).
/// Each reply runs one `espeak-ng` process; chunks of 8 kHz PCM16 are emitted as it speaks, and
/// cancelling the consumer kills the process.
public struct EspeakTextToSpeech: TextToSpeech {
    /// Path of the espeak-ng executable.
    public var executable: String
    /// Speaking rate in words per minute (`-s`).
    public var rate: Int
    /// Optional voice variant appended to the language voice (`+f3` style, e.g. "f3").
    public var variant: String?
    private let counter = ActiveCount()

    /// A synthesizer running `executable` (default: `espeak-ng` found on PATH).
    /// Throws `.unavailable` with an install hint when it cannot be found.
    public init(executable: String? = nil, rate: Int = 165, variant: String? = nil) throws {
        guard let path = executable ?? Self.locate() else { throw SpeechProviderError.unavailable(Self.installHint) }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw SpeechProviderError.unavailable("espeak-ng not found at \(path): apt install espeak-ng")
        }
        self.executable = path; self.rate = rate; self.variant = variant
    }

    /// What to tell an operator when espeak-ng is missing.
    public static let installHint = "espeak-ng not found: apt install espeak-ng"

    /// Whether espeak-ng can be run here (`serve` refuses to start without it when it is configured).
    public static func isAvailable() -> Bool { locate() != nil }

    /// The espeak-ng executable on PATH, if any.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let dirs = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/espeak-ng" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The espeak-ng voice for a language: US English, Latin American Spanish.
    public func voice(for language: Language) -> String {
        let base = switch language { case .en: "en-us"; case .es: "es-419" }
        return variant.map { "\(base)+\($0)" } ?? base
    }

    /// espeak-ng processes currently running for this synthesizer (and its copies).
    public var activeProcesses: Int { counter.value }

    /// Synthesizes `text`; chunks of 8 kHz PCM16 arrive as espeak-ng produces them.
    public func synthesize(_ text: String, language: Language) -> SpeechStream {
        _ = Self.ignoreBrokenPipes
        let (stream, continuation) = SpeechStream.makeStream()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--stdout", "--stdin", "-b", "1", "-v", voice(for: language), "-s", String(rate)]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            continuation.finish(throwing: SpeechProviderError.unavailable("cannot run \(executable): \(error.localizedDescription)"))
            return stream
        }
        counter.add(1)
        let pid = process.processIdentifier
        // SIGKILL: the child inherits the spawning thread's signal mask, in which SIGTERM may be blocked.
        continuation.onTermination = { reason in
            if case .cancelled = reason { kill(pid, SIGKILL) }
        }
        let writer = input.fileHandleForWriting
        let reader = output.fileHandleForReading
        let counter = self.counter
        // A thread of its own: blocking reads until espeak-ng closes its output (done or killed).
        let thread = Thread {
            try? writer.write(contentsOf: Data(text.utf8))
            try? writer.close()
            let run = EspeakOutput()
            var buffer = [UInt8](repeating: 0, count: 16_384)
            var failure: SpeechProviderError?
            while true {
                let n = buffer.withUnsafeMutableBytes { read(reader.fileDescriptor, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                do {
                    let pcm = try run.decode(buffer[0..<n])
                    if !pcm.isEmpty { continuation.yield(.pcm16(pcm)) }
                } catch {
                    failure = .protocolViolation(provider: "espeak-ng", reason: "output is not a WAV stream")
                    kill(pid, SIGKILL)
                    break
                }
            }
            try? reader.close()
            process.waitUntilExit()
            counter.add(-1)
            if failure == nil, process.terminationReason != .exit || process.terminationStatus != 0 {
                failure = .processFailed(provider: "espeak-ng", status: process.terminationStatus)
            }
            if let failure { return continuation.finish(throwing: failure) }
            let tail = run.flush()
            if !tail.isEmpty { continuation.yield(.pcm16(tail)) }
            continuation.finish()
        }
        thread.start()
        return stream
    }

    /// A killed espeak-ng must not kill the server when its stdin is written: ignore SIGPIPE (as servers
    /// do); writes to a closed pipe then fail with EPIPE instead.
    private static let ignoreBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()
}

/// espeak-ng's WAV output → 8 kHz PCM16, for one run (used by its reader thread only).
private final class EspeakOutput {
    private var decoder = WAV.Decoder()
    private var converter: RateConverter?

    func decode(_ bytes: ArraySlice<UInt8>) throws -> [Int16] {
        let samples = try decoder.push(bytes)
        guard let rate = decoder.sampleRate else { return [] }
        if converter == nil { converter = RateConverter(from: rate) }
        return converter!.process(samples)
    }

    func flush() -> [Int16] { converter?.flush() ?? [] }
}

/// A shared counter of running processes (a reference, so copies of the synthesizer share it).
final class ActiveCount: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add(_ n: Int) { count.withLock { $0 += n } }
}
