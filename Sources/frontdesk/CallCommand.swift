import ArgumentParser
import Foundation
import FrontDeskCore
import Conversation

/// `frontdesk call`: a text call with the receptionist in the terminal.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Talk to the receptionist in the terminal (one caller line per input line).",
        discussion: """
        Reads what the caller says from standard input, one line per turn, and prints the agent's replies
        and the outcome events. Works interactively or with piped input:
          printf 'Do you take Cigna?\\nThanks, bye\\n' | frontdesk call --practice examples/practices/dental.yaml
        With no --data, nothing is stored beyond this process (in-memory store).
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

    @Option(name: .long, help: "Data directory (persistent storage arrives with the Vault; today calls stay in memory).")
    var data: String?

    @Flag(name: .long, help: "Print the staff summary when the call ends.")
    var summary = false

    func run() async throws {
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
        if data != nil { printError("note: --data is not persistent yet; this call is kept in memory only.") }
        let r = Receptionist(profile: profile, store: InMemoryStore(), clock: clock, callerID: caller, language: lang)
        await r.prepare()
        let interactive = isatty(0) == 1
        print("agent: \(await r.greet().text)")
        while true {
            if interactive { FileHandle.standardOutput.write(Data("you: ".utf8)) }
            guard let line = readLine() else { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if !interactive { print("caller: \(trimmed)") }
            let turn = await r.respond(to: trimmed)
            print("agent: \(turn.text)")
            for e in turn.events { print("  [\(e.outcome.rawValue)]") }
            switch turn.action {
            case .continue: continue
            case .end: print("  (call ended)")
            case .transfer(let to, let reason): print("  (transferred to \(to): \(reason.rawValue))")
            }
            break
        }
        await r.hangUp()
        if summary { print("--- staff summary ---\n" + (await r.summary.render(profile: profile))) }
    }
}
