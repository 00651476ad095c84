import ArgumentParser
import Foundation
import FrontDeskCore
import Conversation
import Logging
import Telephony
import Vault

/// `frontdesk call`: a text call with the receptionist in the terminal.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Talk to the receptionist in the terminal (one caller line per input line).",
        discussion: """
        Reads what the caller says from standard input, one line per turn, and prints the agent's replies
        and the outcome events. Works interactively or with piped input:
          printf 'Do you take Cigna?\\nThanks, bye\\n' | frontdesk call --practice examples/practices/dental.yaml
        With no --data, nothing is stored beyond this process (in-memory store). With --data DIR, patients,
        appointments, messages and refill requests go to the encrypted vault in DIR, and the call record
        (transcript, events, summary) is committed turn by turn; see docs/vault.md.
        """
    )

    @Option(name: .long, help: "Practice profile (YAML).")
    var practice: String

    @Option(name: .long, help: "Simulated practice-local start time, YYYY-MM-DDTHH:MM (default: now).")
    var now: String?

    @Option(name: .long, help: "Caller ID in E.164, e.g. +13125550177.")
    var caller: String?

    @Option(name: .long, help: "Language to greet in: en or es (default: the practice's first).")
    var language: String?

    @Option(name: .long, help: "Data directory: store the call and what it books in the encrypted vault there.")
    var data: String?

    @Option(name: .long, help: "Key file for --data (default: $FRONTDESK_KEY_FILE, else DIR/keys/frontdesk.key).")
    var keyFile: String?

    @Flag(name: .long, help: "Print the staff summary when the call ends.")
    var summary = false

    @Option(name: .long, help: "Log to standard error at this level: trace, debug, info, notice, warning or error (default: warning). Ids and categories only, never PHI; see docs/logging.md.")
    var logLevel: String = "warning"

    func run() async throws {
        guard let level = FrontDeskLogging.level(logLevel) else {
            printError("--log-level: \"\(logLevel)\" is not one of \(FrontDeskLogging.levels.joined(separator: ", "))"); throw ExitCode(2)
        }
        var log = FrontDeskLogging.logger(label: "frontdesk.call", level: level)
        let profile: PracticeProfile
        do { profile = try ProfileLoader.load(path: practice) } catch {
            printError(error.description); throw ExitCode(1)
        }
        var lang: Language?
        if let l = language {
            guard let v = Language(rawValue: l) else { printError("--language: \"\(l)\" is not en or es"); throw ExitCode(2) }
            lang = v
        }
        let clock: any Clock
        if let n = now {
            guard let t = LocalDateTime(iso: n), let c = FixedClock(local: t, in: profile.timeZone) else {
                printError("--now: \"\(n)\" is not a practice-local time YYYY-MM-DDTHH:MM"); throw ExitCode(2)
            }
            clock = c
        } else {
            clock = SystemClock()
        }
        let store: any Store
        var recorder: CallRecorder?
        var vault: Vault?
        if let dir = data {
            let v = try VaultCLI.open(data: dir, keyFile: keyFile, create: true, clock: clock)
            let s = v.store(practiceID: profile.practice.id, context: .engine)
            store = s
            vault = v
            recorder = CallRecorder(vault: v, store: s, clock: clock, onFailure: {
                printError("note: this call could not be stored (storage error); the call goes on")
            })
        } else {
            store = InMemoryStore()
        }
        log[metadataKey: "call_id"] = .string(recorder?.callID ?? FrontDeskLogging.newCallID())
        log.info("call started", metadata: ["practice_id": .string(profile.practice.id), "store": .string(vault == nil ? "memory" : "vault"),
                                            "caller_id_present": .stringConvertible(caller != nil),
                                            "language": .string(lang?.rawValue ?? "default")])
        let callStart = ContinuousClock.now
        let r = Receptionist(profile: profile, store: store, clock: clock, callerID: caller, language: lang)
        await r.prepare()
        let interactive = isatty(0) == 1
        let greeting = await r.greet().text
        log.trace("greeted", metadata: ["turn": "0"])
        var storeStart = ContinuousClock.now
        await recorder?.begin(r, callerNumber: caller)
        if recorder != nil { log.trace("call record begun", metadata: ["store_ms": FrontDeskLogging.millis(since: storeStart)]) }
        print("agent: \(greeting)")
        var turnIndex = 0
        var endedBy = "caller_hung_up"
        while true {
            if interactive { FileHandle.standardOutput.write(Data("you: ".utf8)) }
            guard let line = readLine() else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if !interactive { print("caller: \(trimmed)") }
            turnIndex += 1
            log.trace("caller turn received", metadata: ["turn": .stringConvertible(turnIndex)])
            let turnStart = ContinuousClock.now
            let turn = await r.respond(to: trimmed)
            let respondMs = FrontDeskLogging.millis(since: turnStart)
            storeStart = ContinuousClock.now
            await recorder?.save(r)   // committed before the reply is shown: a crash loses at most this turn
            var meta = FrontDeskLogging.metadata(turn)
            meta["turn"] = .stringConvertible(turnIndex)
            meta["respond_ms"] = respondMs
            if recorder != nil { meta["store_ms"] = FrontDeskLogging.millis(since: storeStart) }
            log.debug("turn", metadata: meta)
            if case .transfer(_, let reason) = turn.action {
                log.notice("call transferred", metadata: ["turn": .stringConvertible(turnIndex), "reason": .string(reason.rawValue)])
            }
            print("agent: \(turn.text)")
            for e in turn.events { print("  [\(e.outcome.rawValue)]") }
            switch turn.action {
            case .continue: continue
            case .end: print("  (call ended)"); endedBy = "agent_ended"
            case .transfer(let to, let reason): print("  (transferred to \(to): \(reason.rawValue))"); endedBy = "transferred"
            }
            break
        }
        await r.hangUp()
        storeStart = ContinuousClock.now
        await recorder?.finish(r)
        if recorder != nil { log.trace("call record finished", metadata: ["store_ms": FrontDeskLogging.millis(since: storeStart)]) }
        do { try vault?.close() } catch {
            log.error("closing the data dir failed", metadata: ["error_type": .string(String(describing: type(of: error)))])
            printError("note: closing the data dir: \(error)")
        }
        let outcomes = await r.summary.outcomes
        log.info("call ended", metadata: ["turns": .stringConvertible(turnIndex), "ended_by": .string(endedBy),
                                          "outcomes": .array(outcomes.map { .string($0.rawValue) }),
                                          "duration_ms": FrontDeskLogging.millis(since: callStart)])
        if summary { print("--- staff summary ---\n" + (await r.summary.render(profile: profile))) }
    }
}
