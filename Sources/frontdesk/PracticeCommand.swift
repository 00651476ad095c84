import ArgumentParser
import FrontDeskCore

/// `frontdesk practice …`: work with practice profiles.
struct PracticeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "practice",
        abstract: "Work with practice profiles (the YAML file describing a practice).",
        discussion: """
        A practice profile says who the practice is, when it is open, what callers can book and with \
        whom, where calls go when a person must take over, and which facts the receptionist may state. \
        The format is described in docs/practice-profile.md; examples are in examples/practices/.
        """,
        subcommands: [PracticeCheck.self]
    )
}

/// `frontdesk practice check FILE…`: validate profiles and summarise each valid one.
struct PracticeCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check practice profiles for mistakes.",
        discussion: """
        Reads each FILE and reports every problem it finds, not just the first, one \
        line each, as FILE: key.path: reason. For example:

          dental.yaml: hours.thu: "10:00-nineteen" is not HH:MM-HH:MM
          dental.yaml: practice.timezone: "Mars/Olympus" is not an IANA time zone
          dental.yaml: appointment_types[2]: no provider offers "whitening"

        A valid file gets one summary line: the practice's name, vertical and time zone, how many \
        appointment types and providers it has, how many days a week it opens, and its languages.

        Exit status: 0 when every file is valid, 1 when any file has a problem.

        Examples:
          frontdesk practice check examples/practices/dental.yaml
          frontdesk practice check examples/practices/*.yaml
        """
    )

    @Argument(help: ArgumentHelp("Practice profile files (YAML) to check.", valueName: "FILE"))
    var files: [String]

    func run() async throws {
        var failed = false
        for file in files {
            do throws(ProfileError) {
                let profile = try ProfileLoader.load(path: file)
                print("\(file): ok — \(Self.summary(profile))")
            } catch {
                failed = true
                for issue in error.issues { print(issue.description) }
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// `Bright Smile Dental (dental, America/Chicago), 4 appointment types, 2 providers, open 5 days/week, languages en+es`
    static func summary(_ p: PracticeProfile) -> String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        let openDays = Weekday.allCases.filter { p.hours[$0] != nil }.count
        return "\(p.practice.name) (\(p.practice.vertical.rawValue), \(p.timeZone.identifier)), "
            + "\(count(p.appointmentTypes.count, "appointment type")), \(count(p.providers.count, "provider")), "
            + "open \(openDays) day\(openDays == 1 ? "" : "s")/week, "
            + "languages \(p.practice.languages.map(\.rawValue).joined(separator: "+"))"
    }
}
