import ArgumentParser
import Foundation
import FrontDeskCore
import Scheduling

/// `frontdesk availability`: list open slots.
struct AvailabilityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "availability",
        abstract: "List open appointment slots.",
        discussion: """
        Prints one slot per line, earliest first: practice-local start and provider id.
          2026-03-09T08:00 hyg-ramirez

        Slots follow the practice's hours, each provider's own hours, closures and
        the appointment type's length (it must end by closing time), on a grid of
        slot_step_minutes from opening. Nothing starts within 30 minutes of now.
        This command sees no existing bookings (no appointment store yet).
        When there is nothing to offer, the reason goes to stderr and the exit
        status is 1.

        Examples:
          frontdesk availability --practice examples/practices/dental.yaml \\
              --type cleaning
          frontdesk availability --practice examples/practices/dental.yaml \\
              --type cleaning --from 2026-03-09 --days 1 --part afternoon \\
              --now 2026-03-02T09:00
          frontdesk availability --practice examples/practices/dental.yaml \\
              --type filling --provider dr-okonkwo --after 16:00 --limit 3
        """
    )

    @Option(name: .long, help: ArgumentHelp("Practice profile (YAML).", valueName: "file"))
    var practice: String

    @Option(name: .long, help: ArgumentHelp("Appointment type id (appointment_types[].id).", valueName: "id"))
    var type: String

    @Option(name: .long, help: ArgumentHelp("Only this provider (providers[].id).", valueName: "id"))
    var provider: String?

    @Option(name: .long, help: ArgumentHelp("First day, YYYY-MM-DD (default: today at the practice).", valueName: "date"))
    var from: String?

    @Option(name: .long, help: ArgumentHelp("Number of days to search, from --from (1–\(Availability.maxDays)).", valueName: "n"))
    var days: Int = 7

    @Option(name: .long, help: ArgumentHelp("Part of the day the slot starts in: morning (before 12:00), afternoon (12:00–17:00), evening (from 17:00).",
                                            valueName: "part"))
    var part: String?

    @Option(name: .long, help: ArgumentHelp("Earliest start, HH:MM (\"after 4\" is --after 16:00).", valueName: "time"))
    var after: String?

    @Option(name: .long, help: ArgumentHelp("Start strictly before HH:MM (\"before 10\" is --before 10:00).", valueName: "time"))
    var before: String?

    @Option(name: .long, help: ArgumentHelp("Only slots starting exactly at HH:MM.", valueName: "time"))
    var at: String?

    @Option(name: .long, help: ArgumentHelp("Practice-local current time, YYYY-MM-DDTHH:MM (default: the system clock).", valueName: "time"))
    var now: String?

    @Option(name: .long, help: ArgumentHelp("At most this many slots, preferring distinct times (default: all).", valueName: "n"))
    var limit: Int?

    func validate() throws {
        if let from, LocalDate(iso: from) == nil { throw ValidationError("--from must be a date YYYY-MM-DD, got \"\(from)\".") }
        guard (1...Availability.maxDays).contains(days) else {
            throw ValidationError("--days must be between 1 and \(Availability.maxDays), got \(days).")
        }
        if let part, DayPart(rawValue: part.lowercased()) == nil {
            throw ValidationError("--part must be morning, afternoon or evening, got \"\(part)\".")
        }
        for (name, value) in [("--after", after), ("--before", before), ("--at", at)] {
            if let value, Self.time(value) == nil { throw ValidationError("\(name) must be a time HH:MM, got \"\(value)\".") }
        }
        if let now, LocalDateTime(iso: now) == nil {
            throw ValidationError("--now must be a practice-local time YYYY-MM-DDTHH:MM, got \"\(now)\".")
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1, got \(limit).") }
    }

    /// `HH:MM` (also `H:MM`), below 24:00.
    static func time(_ s: String) -> TimeOfDay? {
        let padded = s.count == 4 && s.dropFirst().first == ":" ? "0" + s : s
        guard let t = TimeOfDay(hhmm: padded), t.minutes < 1440 else { return nil }
        return t
    }

    func run() async throws {
        let profile: PracticeProfile
        do {
            profile = try ProfileLoader.load(path: practice)
        } catch {
            throw Self.fail(error.description)
        }

        let clock: any FrontDeskCore.Clock
        if let now {
            guard let fixed = FixedClock(local: LocalDateTime(iso: now)!, in: profile.timeZone) else {
                throw Self.fail("--now \(now) does not exist in \(profile.timeZone.identifier) (clocks skip it).")
            }
            clock = fixed
        } else {
            clock = SystemClock()
        }
        let scheduler = Scheduler(profile: profile, store: InMemoryStore(), clock: clock)
        let today = scheduler.now().date

        let query = SlotQuery(typeID: type, providerID: provider, from: from.flatMap(LocalDate.init(iso:)) ?? today,
                              days: days, part: part.flatMap { DayPart(rawValue: $0.lowercased()) },
                              notBefore: after.flatMap(Self.time), notAfter: before.flatMap(Self.time),
                              exactTime: at.flatMap(Self.time), limit: limit ?? Int.max)
        switch try await scheduler.search(query) {
        case .slots(let slots):
            var out = ""
            for s in slots { out += "\(s.start.iso) \(s.providerID)\n" }
            print(out, terminator: "")
        case .none(let reason):
            throw Self.fail(reason.explanation(profile: profile, query: query, now: scheduler.now(),
                                         leadMinutes: scheduler.availability.leadMinutes))
        }
    }

    /// Writes a one-line reason to stderr; throw the result to exit with status 1.
    static func fail(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return ExitCode.failure
    }
}
