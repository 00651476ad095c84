import ArgumentParser
import Foundation
import FrontDeskCore
import Understanding

/// `frontdesk analyze`: show what the receptionist understands from one caller line (for tuning profiles
/// and lexicons). Prints to the terminal only; nothing is logged or stored.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the intents and details the receptionist reads from a caller line."
    )

    @Option(name: .long, help: "Practice profile (YAML).")
    var practice: String

    @Option(name: .long, help: "Practice-local date that relative dates resolve against, YYYY-MM-DD (default: today).")
    var today: String?

    @Option(name: .long, help: "en or es.")
    var language: String = "en"

    @Argument(help: "What the caller says.")
    var line: String

    func run() async throws {
        let profile: PracticeProfile
        do { profile = try ProfileLoader.load(path: practice) } catch { printError(error.description); throw ExitCode(1) }
        guard let lang = Language(rawValue: language) else { printError("--language: \"\(language)\" is not en or es"); throw ExitCode(2) }
        var day = profile.timeZone.local(Date()).date
        if let t = today {
            guard let d = LocalDate(iso: t) else { printError("--today: \"\(t)\" is not YYYY-MM-DD"); throw ExitCode(2) }
            day = d
        }
        let a = Understanding(profile: profile).analyze(line, today: day, language: lang)
        print("intents: \(a.intents.map(\.rawValue).sorted().joined(separator: ", "))")
        let fields: [(String, String?)] = [
            ("answer", a.answer.map { "\($0)" }), ("type", a.appointmentTypeID), ("provider", a.providerID),
            ("date", a.when?.date?.iso), ("part", a.when?.part?.rawValue), ("time", a.when?.exactTime?.hhmm),
            ("after", a.when?.notBefore?.hhmm), ("before", a.when?.notAfter?.hhmm), ("name", a.personName),
            ("dob", a.dateOfBirth?.iso), ("phone", a.phone), ("pet", a.petName), ("species", a.species),
            ("carrier", a.carrier), ("new", a.isNewPatient.map { "\($0)" }), ("faq", a.faqTopic),
            ("medication", a.medication), ("pharmacy", a.pharmacy),
        ]
        for (k, v) in fields { if let v { print("\(k): \(v)") } }
        if a.noInsurance { print("no insurance") }
        if a.thirdParty { print("about someone else") }
    }
}
