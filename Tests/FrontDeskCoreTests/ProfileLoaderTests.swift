import Foundation
import Testing
@testable import FrontDeskCore

/// The repository root: this file is Tests/FrontDeskCoreTests/ProfileLoaderTests.swift.
private let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func yamlFiles(in dir: URL) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") }.sorted().map { dir.appendingPathComponent($0).path }
}

/// A small valid profile; tests break one thing at a time.
private let base = """
format: 1
practice:
  id: test-dental
  name: Test Dental
  vertical: dental
  timezone: America/Chicago
  phone: "+13125550100"
hours:
  mon: "08:00-17:00"
  tue: "08:00-17:00"
  thu: "10:00-19:00"
  sat: closed
appointment_types:
  - id: cleaning
    name: Cleaning
    minutes: 60
    synonyms: [teeth cleaning, checkup]
  - id: exam
    name: Exam
    minutes: 30
    price: "$95"
providers:
  - id: dr-a
    name: Dr. A
    appointment_types: [cleaning, exam]
    hours:
      thu: "12:00-19:00"
      tue: closed
  - id: dr-b
    name: Dr. B
    appointment_types: [exam]
handoff:
  front_desk: "+13125550101"

"""

private func load(_ yaml: String) -> Result<PracticeProfile, ProfileError> {
    do throws(ProfileError) {
        return .success(try ProfileLoader.load(yaml: yaml, file: "t.yaml"))
    } catch {
        return .failure(error)
    }
}

private func issues(_ yaml: String) -> [ProfileIssue] {
    if case let .failure(e) = load(yaml) { return e.issues }
    return []
}

/// The base profile with `old` replaced by `new` (which must occur).
private func edited(_ old: String, _ new: String) -> String {
    precondition(base.contains(old), "base lacks \(old)")
    return base.replacingOccurrences(of: old, with: new)
}

/// Expects exactly one issue at `path` whose reason contains `fragment`.
private func expectIssue(_ yaml: String, _ path: String, _ fragment: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let found = issues(yaml)
    let at = found.filter { $0.keyPath == path }
    #expect(at.count == 1, "issues: \(found.map(\.description))", sourceLocation: sourceLocation)
    #expect(at.first?.reason.contains(fragment) == true, "issues: \(found.map(\.description))",
            sourceLocation: sourceLocation)
}

@Suite struct ProfileLoaderFiles {
    @Test func sharedEvalPracticesLoad() throws {
        let files = yamlFiles(in: repoRoot.deletingLastPathComponent().appendingPathComponent("shared/evals/practices"))
        #expect(files.count >= 4)
        for f in files {
            #expect(throws: Never.self, "\(f)") { _ = try ProfileLoader.load(path: f) }
        }
    }

    @Test func examplePracticesLoad() throws {
        let files = yamlFiles(in: repoRoot.appendingPathComponent("examples/practices"))
        #expect(files.map { URL(fileURLWithPath: $0).lastPathComponent } ==
                ["dental.yaml", "medical.yaml", "medspa.yaml", "mental-health.yaml", "veterinary.yaml"])
        var verticals: Set<Vertical> = []
        for f in files {
            do throws(ProfileError) {
                let p = try ProfileLoader.load(path: f)
                verticals.insert(p.practice.vertical)
                #expect((3...5).contains(p.appointmentTypes.count), "\(f)")
                #expect((2...3).contains(p.providers.count), "\(f)")
                #expect(p.providers.contains { !$0.hours.isEmpty }, "\(f): a provider with narrower hours")
                #expect((2...4).contains(p.faq.count), "\(f)")
            } catch {
                Issue.record("\(error)")
            }
        }
        #expect(verticals == Set(Vertical.allCases))
    }

    @Test func dentalExampleIsTheDemo() throws {
        let p = try ProfileLoader.load(path: repoRoot.appendingPathComponent("examples/practices/dental.yaml").path)
        #expect(p.practice.languages == [.en, .es])
        #expect(p.practice.recording)
        #expect(p.appointmentTypes.allSatisfy { $0.names[.es] != nil })
    }

    @Test func brightSmileValues() throws {
        let path = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/evals/practices/bright-smile.yaml").path
        let p = try ProfileLoader.load(path: path)
        #expect(p.practice.id == "bright-smile")
        #expect(p.practice.timeZone.identifier == "America/Chicago")
        #expect(p.practice.state == "IL")
        #expect(p.hours[.thu] == OpenRange(start: TimeOfDay(hour: 10), end: TimeOfDay(hour: 19)))
        #expect(p.hours[.sat] == nil)
        #expect(p.closures.contains(LocalDate(year: 2026, month: 3, day: 13)))
        #expect(p.appointmentType("cleaning")?.names[.es] == "Limpieza dental")
        #expect(p.appointmentType("cleaning")?.price == "$145 without insurance")
        #expect(p.appointmentType("exam")?.minutes == 30)
        let lee = try #require(p.provider("hyg-lee"))
        #expect(lee.hours[.fri] == .some(nil))          // closed on Friday
        #expect(lee.hours[.mon] == nil)                 // follows the practice
        #expect(p.insurance.askCarrier)
        #expect(p.handoff.onCall == "+13125550199")
        #expect(p.faq.count == 3)
    }

    @Test func unreadableFile() {
        do throws(ProfileError) {
            _ = try ProfileLoader.load(path: "/nonexistent/practice.yaml")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.issues.count == 1)
            #expect(error.issues[0].keyPath == "")
            #expect(error.description.hasPrefix("/nonexistent/practice.yaml: cannot read file"))
        }
    }
}

@Suite struct ProfileLoaderDefaults {
    @Test func baseIsValid() {
        #expect(issues(base) == [])
    }

    @Test func defaultsApplied() throws {
        let p = try ProfileLoader.load(yaml: base, file: "t.yaml")
        #expect(p.format == 1)
        #expect(p.practice.recording == false)
        #expect(p.practice.languages == [.en])
        #expect(p.practice.hipaaCovered == true)
        #expect(p.practice.address == "")
        #expect(p.practice.state == nil)
        #expect(p.insurance.accepted == [])
        #expect(p.insurance.askCarrier == false)
        #expect(p.faq.isEmpty)
        #expect(p.closures.isEmpty)
        #expect(p.refills == .route)
        #expect(p.handoff.emergency == "911")
        #expect(p.handoff.crisis == "988")
        #expect(p.handoff.onCall == nil)
        #expect(p.handoff.afterHours == .message)
        #expect(p.slotStepMinutes == 30)
        #expect(p.appointmentType("cleaning")?.newPatients == true)
        #expect(p.appointmentType("cleaning")?.price == nil)
        #expect(p.appointmentType("exam")?.synonyms == [])
        #expect(p.hours[.wed] == nil)                   // absent weekday: closed
        let a = try #require(p.provider("dr-a"))
        #expect(a.hours[.thu] == .some(OpenRange(start: TimeOfDay(hour: 12), end: TimeOfDay(hour: 19))))
        #expect(a.hours[.tue] == .some(nil))
        #expect(a.hours[.mon] == nil)
    }

    @Test func explicitValues() throws {
        let y = base + """
        slot_step_minutes: 15
        refills: refuse
        insurance:
          accepted: [Aetna, Cigna]
          ask_carrier: yes
        faq:
          - topic: parking
            answer: Free lot.
        closures: ["2026-12-25", 2027-01-01]

        """
        let p = try ProfileLoader.load(yaml: y, file: "t.yaml")
        #expect(p.slotStepMinutes == 15)
        #expect(p.refills == .refuse)
        #expect(p.insurance.accepted == ["Aetna", "Cigna"])
        #expect(p.insurance.askCarrier)
        #expect(p.faq.first?.answer == "Free lot.")
        #expect(p.closures == [LocalDate(year: 2026, month: 12, day: 25), LocalDate(year: 2027, month: 1, day: 1)])
    }

    @Test func shortCodesAndE164ForEmergencyAndCrisis() throws {
        let y = edited("  front_desk: \"+13125550101\"\n",
                       "  front_desk: \"+13125550101\"\n  emergency: \"+15125550911\"\n  crisis: 741741\n")
        let p = try ProfileLoader.load(yaml: y, file: "t.yaml")
        #expect(p.handoff.emergency == "+15125550911")
        #expect(p.handoff.crisis == "741741")
    }
}

@Suite struct ProfileLoaderErrors {
    @Test func descriptionFormat() {
        let i = ProfileIssue(file: "a.yaml", keyPath: "hours.thu", reason: "bad")
        #expect(i.description == "a.yaml: hours.thu: bad")
        #expect(ProfileIssue(file: "a.yaml", keyPath: "", reason: "bad").description == "a.yaml: bad")
        #expect(ProfileError(issues: [i, i]).description == "a.yaml: hours.thu: bad\na.yaml: hours.thu: bad")
    }

    @Test func missingRequiredTopLevelKeys() {
        let found = issues("format: 1\n")
        for key in ["practice", "hours", "appointment_types", "providers", "handoff"] {
            #expect(found.contains { $0.keyPath == key && $0.reason.contains("missing") }, "\(key): \(found)")
        }
        expectIssue(edited("format: 1\n", ""), "format", "missing")
    }

    @Test(arguments: ["id", "name", "vertical", "timezone", "phone"])
    func missingPracticeKeys(key: String) {
        let lines = base.split(separator: "\n", omittingEmptySubsequences: false)
        let y = lines.filter { !$0.hasPrefix("  \(key):") }.joined(separator: "\n")
        expectIssue(y, "practice.\(key)", "missing (required)")
    }

    @Test func missingFrontDesk() {
        expectIssue(edited("  front_desk: \"+13125550101\"\n", "  after_hours: message\n"), "handoff.front_desk", "missing")
    }

    @Test func unsupportedFormat() {
        expectIssue(edited("format: 1", "format: 2"), "format", "2 is not a supported format")
    }

    @Test func badPracticeID() {
        expectIssue(edited("id: test-dental", "id: Test_Dental"), "practice.id", "\"Test_Dental\" may only use")
    }

    @Test func unknownVertical() {
        expectIssue(edited("vertical: dental", "vertical: dentist"), "practice.vertical", "unknown vertical \"dentist\"")
    }

    @Test func badTimeZone() {
        expectIssue(edited("America/Chicago", "Mars/Olympus"), "practice.timezone",
                    "\"Mars/Olympus\" is not an IANA time zone")
    }

    @Test func unparsableHours() {
        expectIssue(edited("thu: \"10:00-19:00\"", "thu: \"10:00-nineteen\""), "hours.thu",
                    "\"10:00-nineteen\" is not HH:MM-HH:MM")
        expectIssue(edited("sat: closed", "sat: shut"), "hours.sat", "\"shut\" is not HH:MM-HH:MM")
    }

    @Test func invertedAndEmptyHours() {
        expectIssue(edited("mon: \"08:00-17:00\"", "mon: \"17:00-08:00\""), "hours.mon", "must end after it starts")
        expectIssue(edited("mon: \"08:00-17:00\"", "mon: \"08:00-08:00\""), "hours.mon", "empty or inverted")
    }

    @Test func unknownWeekday() {
        expectIssue(edited("  sat: closed", "  saturday: closed"), "hours.saturday", "unknown weekday \"saturday\"")
    }

    @Test func badPhoneNumbers() {
        expectIssue(edited("phone: \"+13125550100\"", "phone: \"312-555-0100\""), "practice.phone",
                    "\"312-555-0100\" is not an E.164 number")
        expectIssue(edited("phone: \"+13125550100\"", "phone: \"+1312\""), "practice.phone", "is not an E.164")
        expectIssue(edited("phone: \"+13125550100\"", "phone: \"+03125550100\""), "practice.phone", "is not an E.164")
        expectIssue(edited("front_desk: \"+13125550101\"", "front_desk: \"911\""), "handoff.front_desk", "is not an E.164")
        expectIssue(edited("  front_desk: \"+13125550101\"\n", "  front_desk: \"+13125550101\"\n  on_call: 555-0199\n"),
                    "handoff.on_call", "\"555-0199\" is not an E.164 number")
    }

    @Test func badEmergencyAndCrisis() {
        expectIssue(edited("  front_desk: \"+13125550101\"\n", "  front_desk: \"+13125550101\"\n  emergency: \"91\"\n"),
                    "handoff.emergency", "\"91\" is not an E.164 number or a short code")
        expectIssue(edited("  front_desk: \"+13125550101\"\n", "  front_desk: \"+13125550101\"\n  crisis: nine-eight-eight\n"),
                    "handoff.crisis", "is not an E.164 number or a short code")
    }

    @Test func badClosureDates() {
        expectIssue(base + "closures: [\"2026-02-30\"]\n", "closures[0]", "\"2026-02-30\" is not a real date")
        expectIssue(base + "closures: [\"2026-12-25\", \"Dec 26\"]\n", "closures[1]", "\"Dec 26\" is not a real date")
    }

    @Test func duplicateClosureDates() {
        expectIssue(base + "closures: [\"2026-12-25\", \"2026-12-24\", 2026-12-25]\n", "closures[2]",
                    "duplicate closure date \"2026-12-25\"")
    }

    @Test func duplicateAppointmentTypeIDs() {
        expectIssue(edited("  - id: exam\n", "  - id: cleaning\n"), "appointment_types[1].id",
                    "duplicate appointment type id \"cleaning\"")
    }

    @Test func duplicateProviderIDs() {
        expectIssue(edited("  - id: dr-b\n", "  - id: dr-a\n"), "providers[1].id", "duplicate provider id \"dr-a\"")
    }

    @Test func minutesOutOfRange() {
        expectIssue(edited("minutes: 60", "minutes: 0"), "appointment_types[0].minutes", "0 is not between 1 and 480")
        expectIssue(edited("minutes: 60", "minutes: -15"), "appointment_types[0].minutes", "-15 is not between 1 and 480")
        expectIssue(edited("minutes: 60", "minutes: 481"), "appointment_types[0].minutes", "481 is not between 1 and 480")
        expectIssue(edited("minutes: 60", "minutes: an hour"), "appointment_types[0].minutes", "expected a whole number")
    }

    @Test func providerOffersUnknownType() {
        expectIssue(edited("appointment_types: [exam]", "appointment_types: [xray, exam]"),
                    "providers[1].appointment_types[0]", "unknown appointment type \"xray\"")
    }

    @Test func typeNoProviderOffers() {
        let y = edited("  - id: exam\n", "  - id: whitening\n    name: Whitening\n    minutes: 30\n  - id: exam\n")
        expectIssue(y, "appointment_types[1]", "no provider offers \"whitening\"")
    }

    @Test func providerHoursOutsidePractice() {
        expectIssue(edited("thu: \"12:00-19:00\"", "thu: \"08:00-12:00\""), "providers[0].hours.thu",
                    "outside the practice's hours on Thursday (10:00-19:00)")
        expectIssue(edited("      tue: closed", "      sat: \"09:00-12:00\""), "providers[0].hours.sat",
                    "the practice is closed on Saturday")
        expectIssue(edited("      tue: closed", "      wed: \"09:00-12:00\""), "providers[0].hours.wed",
                    "the practice is closed on Wednesday")
        expectIssue(edited("      tue: closed", "      tue: \"9-5\""), "providers[0].hours.tue", "\"9-5\" is not HH:MM-HH:MM")
    }

    @Test func unknownRefillsAndAfterHours() {
        expectIssue(base + "refills: maybe\n", "refills", "unknown refills policy \"maybe\" (expected route or refuse)")
        expectIssue(edited("  front_desk: \"+13125550101\"\n", "  front_desk: \"+13125550101\"\n  after_hours: voicemail\n"),
                    "handoff.after_hours", "unknown after_hours policy \"voicemail\" (expected message or on_call)")
    }

    @Test func onCallPolicyNeedsOnCallNumber() {
        expectIssue(edited("  front_desk: \"+13125550101\"\n", "  front_desk: \"+13125550101\"\n  after_hours: on_call\n"),
                    "handoff.after_hours", "handoff.on_call is not set")
        let ok = edited("  front_desk: \"+13125550101\"\n",
                        "  front_desk: \"+13125550101\"\n  after_hours: on_call\n  on_call: \"+13125550199\"\n")
        #expect(issues(ok) == [])
    }

    @Test func unknownLanguage() {
        expectIssue(edited("  phone: \"+13125550100\"\n", "  phone: \"+13125550100\"\n  languages: [en, fr]\n"),
                    "practice.languages[1]", "unknown language \"fr\"")
        expectIssue(edited("    price: \"$95\"\n", "    price: \"$95\"\n    names: { de: Untersuchung }\n"),
                    "appointment_types[1].names.de", "unknown language \"de\"")
    }

    @Test func priceAndSynonymsOfWrongType() {
        expectIssue(edited("price: \"$95\"", "price: [95, 120]"), "appointment_types[1].price", "expected text, found a list")
        expectIssue(edited("synonyms: [teeth cleaning, checkup]", "synonyms: teeth cleaning"),
                    "appointment_types[0].synonyms", "expected a list of words or phrases")
        expectIssue(edited("synonyms: [teeth cleaning, checkup]", "synonyms: [teeth cleaning, {a: b}]"),
                    "appointment_types[0].synonyms[1]", "expected text, found a mapping")
    }

    @Test func otherTypeErrors() {
        expectIssue(edited("  phone: \"+13125550100\"\n", "  phone: \"+13125550100\"\n  languages: en\n"),
                    "practice.languages", "expected a list like [en, es], found \"en\"")
        expectIssue(edited("  phone: \"+13125550100\"\n", "  phone: \"+13125550100\"\n  recording: maybe\n"),
                    "practice.recording", "expected true or false, found \"maybe\"")
        expectIssue(base + "closures: 2026-12-25\n", "closures", "expected a list of dates")
        expectIssue(edited("appointment_types: [exam]", "appointment_types: exam"), "providers[1].appointment_types",
                    "expected a list of appointment type ids")
        expectIssue(base + "faq: free parking\n", "faq", "expected a list of entries")
        expectIssue(base + "faq:\n  - topic: parking\n", "faq[0].answer", "missing (required)")
        expectIssue(base + "insurance: [Aetna]\n", "insurance", "expected a block with accepted and ask_carrier")
    }

    @Test func slotStepRange() {
        expectIssue(base + "slot_step_minutes: 2\n", "slot_step_minutes", "2 is not between 5 and 240")
        expectIssue(base + "slot_step_minutes: 300\n", "slot_step_minutes", "300 is not between 5 and 240")
        #expect(issues(base + "slot_step_minutes: 240\n") == [])
    }

    @Test func unknownKeys() {
        expectIssue(base + "refils: route\n", "refils", "unknown key (did you mean \"refills\"?)")
        expectIssue(base + "colour: blue\n", "colour", "unknown key")
        expectIssue(edited("  phone: \"+13125550100\"\n", "  phone: \"+13125550100\"\n  langauges: [en]\n"),
                    "practice.langauges", "did you mean \"languages\"?")
        expectIssue(edited("    price: \"$95\"\n", "    price: \"$95\"\n    duration: 30\n"),
                    "appointment_types[1].duration", "unknown key")
        expectIssue(edited("  - id: dr-b\n", "  - id: dr-b\n    specialty: ortho\n"), "providers[1].specialty", "unknown key")
        expectIssue(edited("  front_desk: \"+13125550101\"\n", "  front_desk: \"+13125550101\"\n  fax: \"+13125550102\"\n"),
                    "handoff.fax", "unknown key")
    }

    @Test func malformedYAML() {
        let found = issues("format: 1\npractice:\n  id: x\n    name: y\n")
        #expect(found.count == 1)
        #expect(found.first?.keyPath == "")
        #expect(found.first?.reason.contains("invalid YAML at line 4") == true, "\(found)")
        let dup = issues(base.replacingOccurrences(of: "  tue: \"08:00-17:00\"\n  thu", with: "  tue: \"08:00-17:00\"\n  mon: closed\n  thu"))
        #expect(dup.count == 1)
        #expect(dup.first?.reason.contains("duplicate key \"mon\"") == true, "\(dup)")
    }

    @Test func emptyAndNonMappingFiles() {
        #expect(issues("").first?.reason == "the file is empty")
        #expect(issues("- a\n- b\n").first?.reason.contains("expected a practice profile") == true)
    }

    @Test func everyProblemIsReported() {
        var y = edited("America/Chicago", "Mars/Olympus")
        y = y.replacingOccurrences(of: "thu: \"10:00-19:00\"", with: "thu: \"10:00-nineteen\"")
        y = y.replacingOccurrences(of: "appointment_types: [exam]", with: "appointment_types: [xray]")
        y = y.replacingOccurrences(of: "minutes: 30", with: "minutes: 0")
        y += "refils: route\n"
        let found = issues(y)
        let paths = found.map(\.keyPath)
        #expect(paths == ["practice.timezone", "hours.thu", "appointment_types[1].minutes",
                          "providers[1].appointment_types[0]", "refils"], "\(found)")
        #expect(found.allSatisfy { $0.file == "t.yaml" })
        // The same file through ProfileError.description: one line per issue.
        if case let .failure(e) = load(y) {
            #expect(e.description.split(separator: "\n").count == 5)
            #expect(e.description.contains("t.yaml: hours.thu: \"10:00-nineteen\" is not HH:MM-HH:MM"))
        }
    }
}
