import FrontDeskCore
@testable import Safety
import Testing

/// Realistic lines found while probing; each fixed a miss or a false alarm.
let regressionCases: [DetectorCase] = [
    .init("My grandmother fell and can't get up", .medical, .emergency(.trauma)),
    .init("I'm pregnant and bleeding", .medical, .emergency(.bleeding)),
    .init("I have a really bad headache, the worst of my life", .medical, .emergency(.stroke)),
    .init("I got stung by a bee and I'm allergic", .medical, .emergency(.anaphylaxis)),
    .init("My heart is racing and I feel faint", .medical, .emergency(.cardiac)),
    .init("My father is confused and talking nonsense all of a sudden", .medical, .emergency(.stroke)),
    .init("My husband had chest pain this morning and now he's fine", .medical, .emergency(.cardiac)),
    .init("His face drooped for a few minutes but now it's fine", .medical, .emergency(.stroke)),
    .init("My ex is threatening to kill me", .mentalHealth, .emergency(.other)),
    .init("I got hit in the face with a baseball and my jaw is swollen", .dental, .emergency(.trauma)),
    .init("ever since the extraction I've been bleeding nonstop", .dental, .emergency(.bleeding)),
    .init("I think my dog got bit by a snake", .veterinary, .emergency(.poisoning)),
    .init("My rabbit hasn't pooped in a day", .veterinary, .emergencyAny),
    .init("My dog has been panting heavily and won't settle", .veterinary, .emergency(.breathing)),
    .init("Mi gato no ha hecho pipí desde ayer", .veterinary, .emergency(.urinaryBlockage), .es),
    .init("Mi labio se está poniendo morado y me duele mucho después del relleno", .medspa, .emergency(.vascularOcclusion), .es),
    .init("My dog has never had a seizure until today and he's having one now", .veterinary, .emergencyAny),
    .init("I can't tell if he's breathing", .medical, .emergency(.breathing)),
    .init("I feel like ending it", .mentalHealth, .crisis(immediate: false)),
    .init("I'm not safe right now", .mentalHealth, .crisis(immediate: true)),
    .init("I'm suicidal but I'm safe right now, I just want an appointment", .mentalHealth, .crisis(immediate: false)),
    .init("What's the most painless way to die?", .medical, .crisis(immediate: false)),
    .init("I'm going to end it", .mentalHealth, .crisis(immediate: true)),
    .init("Estoy muy deprimido y ya no quiero seguir", .mentalHealth, .crisis(immediate: false), .es),
    .init("A veces pienso que sería mejor no estar aquí", .mentalHealth, .crisis(immediate: false), .es),
    .init("My daughter told me she took a bunch of pills", .mentalHealth, .emergency(.suicideAttempt)),
    .init("I'm having a panic attack and can't breathe", .medical, .emergency(.breathing)),
    // no finding
    .init("I had suicidal thoughts in college but I'm doing okay now", .mentalHealth, .none),
    .init("He had a heart attack in 2019, is it safe for him to get a cleaning?", .dental, .none),
    .init("Our old dog is dying and we want to talk about euthanasia", .veterinary, .none),
    .init("My dog is dying to go out", .veterinary, .none),
    .init("Your prices are killing me", .veterinary, .none),
    .init("I'd kill for clear skin lol", .medspa, .none),
    .init("My daughter has a seizure disorder and needs a cleaning, can you accommodate her?", .dental, .none),
    .init("I'm scared of needles, I almost passed out last time", .dental, .none),
    .init("I was in a fender bender yesterday and my neck is sore", .medical, .none),
    .init("I fell last week and my wrist still hurts", .medical, .none),
    .init("I need to refill my EpiPen", .medical, .none),
    .init("I'm short of breath when I climb stairs", .medical, .none),
    .init("Is chest pain a side effect of this medication?", .medical, .none),
    .init("I can't breathe, my nose is so stuffy from this cold", .medical, .none),
    .init("She's killing herself with work, she needs a massage", .medspa, .none),
    .init("My mom passed away, I need to cancel her appointment", .medical, .none),
    .init("My name is Jane Hurt, date of birth March 3rd 1980", .medical, .none),
    .init("Work is killing me and I need someone to talk to", .mentalHealth, .none),
    .init("I'm dead serious about starting therapy", .mentalHealth, .none),
    .init("My dog ate some grass and threw up", .veterinary, .none),
    .init("Yes.", .medical, .none),
    .init("I need to get something off my chest, can I book a session?", .mentalHealth, .none),
    .init("A weight has been lifted off my chest since I started therapy", .mentalHealth, .none),
    .init("No.", .medical, .none),
]

@Suite("Regressions and normalisation")
struct RegressionTests {
    @Test("probed lines", arguments: regressionCases) func probed(_ c: DetectorCase) { check(c) }

    @Test("guard regressions", arguments: [
        TextCase("Ibuprofen usually helps with that.", true),
        TextCase("Cold compresses can help with swelling.", true),
        TextCase("I'd suggest an over-the-counter pain reliever until your visit.", true),
        TextCase("Yes, you can take Tylenol before your appointment.", true),
        TextCase("Le recomiendo tomar ibuprofeno.", true, .es),
        TextCase("No se preocupe, es normal un poco de hinchazón después del relleno.", true, .es),
        TextCase("That time should be fine.", false),
        TextCase("Your insurance should be fine for this visit.", false),
        TextCase("That's totally fine, we can move it.", false),
        TextCase("Don't worry, we'll get you taken care of.", false),
        TextCase("Ear infections and mites can look similar, so the vet will need to take a look.", false),
    ])
    func guardRegressions(_ c: TextCase) {
        #expect((OutputGuard().check(c.text) != .allow) == c.expected, "\(c.text)")
    }

    @Test("overcollection regressions", arguments: [
        TextCase("Is Biscuit having any symptoms?", true),
        TextCase("How long has your tooth been hurting?", true),
        TextCase("Do you have your insurance card handy? I'll need the member ID.", true),
        TextCase("May I have the name of your insurance carrier?", false),
        TextCase("Could you spell your last name for me?", false),
    ])
    func overcollectionRegressions(_ c: TextCase) {
        #expect(Overcollection.asksForProhibitedData(c.text) == c.expected, "\(c.text)")
    }

    @Test func normalisation() {
        #expect(TextNormalizer.words("I can't, he WON'T; she cannot") == ["i", "can", "not", "he", "will", "not", "she", "can", "not"])
        #expect(TextNormalizer.words("It’s my dog’s bowl") == ["it", "'s", "my", "dog", "'s", "bowl"])
        #expect(TextNormalizer.words("Sí, el niño se desmayó") == ["yes", "el", "niño", "se", "desmayo"])
        #expect(TextNormalizer.words("si tengo dolor") == ["si", "tengo", "dolor"])
        #expect(TextNormalizer.words("400mg, sugar-free gum, um, I'm gonna") == ["400", "mg", "sugar", "free", "gum", "i", "am", "going", "to"])
        #expect(TextNormalizer.words("Go to the ER") == ["go", "to", "the", "er"])
        let clauses = TextNormalizer.clauses("No chest pain. But I can't breathe, sin embargo estoy bien; pero no sé?")
        #expect(clauses.map(\.words) == [["no", "chest", "pain"], ["i", "can", "not", "breathe"], ["estoy", "bien"], ["no", "se"]])
        #expect(clauses[1].commaBefore == [false, false, false, false])
        #expect(clauses.last?.endsWithQuestion == true)
        #expect(TextNormalizer.clauses("not bleeding, he is").first?.commaBefore == [false, false, true, false])
    }

    @Test("every lexicon compiles") func compiles() {
        #expect(Lexicon.shared.patterns.count > 1_000)
        #expect(ClinicalQuestionDetector.patterns.count > 50)
        #expect(OutputGuard.patterns.count > 50)
        #expect(Overcollection.patterns.count > 20)
    }
}

let bleedingGumCases: [DetectorCase] = [
    .init("My gums bleed a lot, can I get a cleaning?", .dental, .none),
    .init("My gums are bleeding and it won't stop after the deep cleaning", .dental, .emergency(.bleeding)),
    .init("The bleeding won't stop", .dental, .emergency(.bleeding)),
    .init("There's a lot of blood in my spit after the extraction", .dental, .emergency(.bleeding)),
]

@Test("bleeding gums vs uncontrolled bleeding", arguments: bleedingGumCases) func bleedingGums(_ c: DetectorCase) { check(c) }

let spanishRegressionCases: [DetectorCase] = [
    .init("Mi esposo se desmayó hace una hora y no despierta", .medical, .emergency(.unresponsive), .es),
    .init("Me duele el pecho desde anoche", .medical, .emergency(.cardiac), .es),
    .init("Tuve dolor de pecho ayer pero ya se me quitó", .medical, .none, .es),
    .init("Mi hija se cayó y se pegó en la cabeza, está vomitando", .medical, .emergency(.trauma), .es),
    .init("Me estoy muriendo de dolor de muela", .dental, .none, .es),
    .init("Tengo la cara muy hinchada y se me está cerrando el ojo", .dental, .emergency(.airwaySwelling), .es),
    .init("No aguanto más, quiero que todo termine", .mentalHealth, .crisis(immediate: false), .es),
    .init("Mi hermana dice que se va a suicidar", .mentalHealth, .crisis(immediate: true), .es),
    .init("Tengo ganas de lastimar a alguien", .mentalHealth, .crisis(immediate: nil, .harmToOthers), .es),
    .init("No tengo ganas de nada", .mentalHealth, .none, .es),
    .init("Mi gato respira con la boca abierta", .veterinary, .emergency(.breathing), .es),
    .init("Mi perro está vomitando y tiene la panza muy dura", .veterinary, .emergency(.bloat), .es),
    .init("Me puse relleno y ahora no veo bien de un ojo", .medspa, .emergency(.visionLoss), .es),
    .init("I just want it all to end", .medical, .crisis(immediate: false)),
    // a negated symptom and a booking question: no finding (eval: es-negated-broken-tooth-today)
    .init("No es una emergencia, no me duele ni me sangra, pero se me rompió un diente. ¿Me pueden ver hoy? Soy nueva, Ana Morales, tengo Aetna.", .dental, .none, .es),
    .init("It's not an emergency, it doesn't hurt and it isn't bleeding, but I broke a tooth. Can you see me today?", .dental, .none),
]

@Test("Spanish regressions", arguments: spanishRegressionCases) func spanishRegressions(_ c: DetectorCase) { check(c) }
