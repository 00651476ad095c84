import Foundation
import Testing
import FrontDeskCore
@testable import Understanding

/// `Understanding.analyze`: a whole caller turn read against one practice's vocabulary.
@Suite("Turn analysis")
struct TurnAnalysisTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func profile(_ name: String) throws -> PracticeProfile {
        try ProfileLoader.load(path: repo.deletingLastPathComponent().appendingPathComponent("shared/evals/practices/\(name).yaml").path)
    }
    static let monday = LocalDate(iso: "2026-03-09")!

    func read(_ practice: String, _ line: String, language: Language = .en, expectingName: Bool = false, pets: [String] = []) throws -> TurnAnalysis {
        Understanding(profile: try Self.profile(practice)).analyze(line, today: Self.monday, language: language,
                                                                   expectingName: expectingName, knownPetNames: pets)
    }

    @Test(arguments: [
        ("I'd like to get my teeth cleaned", "cleaning"),
        ("Do you have any cleanings Thursday after 4?", "cleaning"),
        ("I chipped a tooth on a popcorn kernel", "emergency-visit"),
        ("quiero una limpieza dental", "cleaning"),
        ("can I get x-rays done", "exam"),
        ("I'd like whitening", "whitening-consult"),
    ])
    func appointmentTypesByNameSynonymAndForm(line: String, type: String) throws {
        #expect(try read("bright-smile", line).appointmentTypeID == type)
    }

    @Test func headNounOfAUniqueTypeMatches() throws {
        #expect(try read("riverside-vet", "Okay, let's do the exam first then").appointmentTypeID == "wellness")
        #expect(try read("riverside-vet", "she needs a visit").appointmentTypeID == "sick-visit")
    }

    @Test(arguments: [
        ("I need to cancel my appointment, please. Derek Washington.", "Derek Washington"),
        ("When is Maria Gonzalez's next appointment?", "Maria Gonzalez"),
        ("hi its maria gonzalez i need to cancel my cleaning", "Maria Gonzalez"),
        ("Maria Gonzalez, born July twelfth, 1984.", "Maria Gonzalez"),
    ])
    func namesInManyShapes(line: String, name: String) throws {
        #expect(try read("bright-smile", line).personName == name)
    }

    @Test func practiceVocabularyIsNeverACallersName() throws {
        #expect(try read("bright-smile", "Is Dr. Patel in on Thursday? Delta Dental.").personName == nil)
        #expect(try read("bright-smile", "Yes, that works.", expectingName: true).personName == nil)
    }

    @Test func callersOwnNameIsNotAnFAQTopic() throws {
        // "Park" is a name here, not a parking question.
        #expect(try read("bright-smile", "I'm new, Chris Park, I want a dental exam").faqTopic == nil)
        #expect(try read("bright-smile", "Where do I park?").faqTopic == "parking")
    }

    @Test func insuranceIntentNeedsInsuranceOrACarrierQuestion() throws {
        #expect(try read("bright-smile", "Do you take MetLife?").intents.contains(.insurance))
        #expect(try read("bright-smile", "What insurance do you accept?").intents.contains(.insurance))
        #expect(try !read("riverside-vet", "Where do I take my dog overnight?").intents.contains(.insurance))
        let none = try read("bright-smile", "I don't have insurance")
        #expect(none.noInsurance && !none.intents.contains(.insurance))
    }

    @Test(arguments: [
        ("When's my next session?", Intent.appointmentLookup),
        ("What time is my appointment tomorrow?", .appointmentLookup),
        ("I just want to make sure my appointment is still on.", .confirm),
        ("I need to move my appointment", .reschedule),
        ("I won't be able to make it Thursday", .cancel),
        ("Can someone call me back about my bill?", .message),
        ("Can I talk to a real person please?", .human),
        ("Necesito hablar con una persona", .human),
    ])
    func intents(line: String, intent: Intent) throws {
        #expect(try read("bright-smile", line).intents.contains(intent))
    }

    @Test func refillDetails() throws {
        let a = try read("harbor-counseling", "I need a refill on my sertraline, I use the Bartell on Pike.")
        #expect(a.intents.contains(.refill))
        #expect(a.medication == "sertraline")
        #expect(a.pharmacy == "Bartell on Pike")
    }

    @Test func petsOnAVetLine() throws {
        let a = try read("riverside-vet", "My dog is limping a bit. His name's Bruno, I'm Carla Webb, we're new.")
        #expect(a.petName == "Bruno")
        #expect(a.personName == "Carla Webb")
        #expect(a.isNewPatient == true)
        #expect(try read("riverside-vet", "biscuit needs to move his appointment", pets: ["Biscuit"]).petName?.lowercased() == "biscuit")
        #expect(try !read("riverside-vet", "Laura here, Biscuit needs his appointment moved", pets: ["Biscuit"]).thirdParty)
    }

    @Test func spanishCallerIsRecognised() throws {
        let a = try read("bright-smile", "Hola, quiero hacer una cita para una limpieza, por favor", language: .en)
        #expect(a.soundsSpanish)
        #expect(a.appointmentTypeID == "cleaning")
    }
}
