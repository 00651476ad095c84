import FrontDeskCore
import Testing
@testable import Understanding

struct NameRow: CustomTestStringConvertible, Sendable {
    let phrase: String
    let expected: String?
    let expecting: Bool
    init(_ phrase: String, _ expected: String?, expecting: Bool = false) {
        self.phrase = phrase; self.expected = expected; self.expecting = expecting
    }
    var testDescription: String { "\(phrase) → \(expected ?? "nil")" }
}

@Suite("Caller names")
struct PersonNameTests {
    static let rows: [NameRow] = [
        NameRow("my name is Sam Rivera", "Sam Rivera"),
        NameRow("I'm a new patient, my name is Sam Rivera. I'd like a cleaning.", "Sam Rivera"),
        NameRow("I'm Alex Chen", "Alex Chen"),
        NameRow("Hi, I’m Alex Chen.", "Alex Chen"),
        NameRow("this is Kevin O'Brien", "Kevin O'Brien"),
        NameRow("Hi, this is Kevin O’Brien, born February 3rd 1979.", "Kevin O'Brien"),
        NameRow("it's Maria Gonzalez", "Maria Gonzalez"),
        NameRow("name's Alex Chen", "Alex Chen"),
        NameRow("me llamo Luis Torres", "Luis Torres"),
        NameRow("soy Luis Torres", "Luis Torres"),
        NameRow("Soy Luis Torres y quiero una cita", "Luis Torres"),
        NameRow("mi nombre es Ana María López", "Ana María López"),
        NameRow("my name is sam rivera", "Sam Rivera"),
        NameRow("this is kevin o'brien", "Kevin O'Brien"),
        NameRow("i'm alex chen and i need a cleaning", "Alex Chen"),
        NameRow("my name is Maria de la Cruz", "Maria de la Cruz"),
        NameRow("My name is Jordan Blake, please call me back tomorrow.", "Jordan Blake"),
        NameRow("I'm new, Chris Park, I want a dental exam this Friday the 13th.", "Chris Park"),
        NameRow("I'm new. Priya Shah.", "Priya Shah"),
        NameRow("Priya Shah.", "Priya Shah", expecting: true),
        NameRow("priya shah", "Priya Shah", expecting: true),
        NameRow("Sam", "Sam", expecting: true),
        NameRow("Yes, it's Sam Rivera", "Sam Rivera", expecting: true),
        NameRow("Sam Rivera here, I need a cleaning", "Sam Rivera"),
        NameRow("Hi, I'm calling to confirm Biscuit's appointment, I'm Laura Mills.", "Laura Mills"),
        NameRow("I need to cancel tomorrow's session but I don't remember the time, can someone call me? I'm Lee Summers.", "Lee Summers"),
        NameRow("I'm an existing patient, Kevin O'Brien, born February 3rd 1979.", "Kevin O'Brien"),
        NameRow("I'm May Chen", "May Chen"),
        NameRow("call me Sam", "Sam"),
        NameRow("Hi there, Dana Whitfield calling about my son's appointment", "Dana Whitfield"),
        NameRow("Good morning, Sam Rivera here", "Sam Rivera"),
        NameRow("Yeah hi it's Marcus, Marcus Lee", "Marcus Lee"),
        NameRow("me llamo María José Pérez García", "María José Pérez García"),
        NameRow("Soy la señora Gómez", "Gómez"),
        NameRow("hi im jenny and i need a cleaning", "Jenny"),
        NameRow("My name's José Álvarez and my birthday is 4/5/1990", "José Álvarez"),
        NameRow("I'm Sarah-Jane McAllister, DOB March 3 1985", "Sarah-Jane McAllister"),
        NameRow("Soy nuevo, Luis Torres.", "Luis Torres"),
        // not names
        NameRow("I'm new", nil),
        NameRow("I'm a new patient", nil),
        NameRow("I'm interested in Botox for my forehead lines", nil),
        NameRow("I'm calling about my bill", nil),
        NameRow("I'm pregnant, is it safe for me to get lip filler?", nil),
        NameRow("Hi, it's not an emergency or anything, no pain at all", nil),
        NameRow("this is urgent", nil),
        NameRow("I'm really nervous about dentists", nil),
        NameRow("soy paciente nuevo", nil),
        NameRow("Soy paciente nueva", nil),
        NameRow("When is Maria Gonzalez's next appointment? I'm her coworker.", nil),
        NameRow("I'm on sertraline", nil),
        NameRow("this is for my daughter", nil),
        NameRow("I'm fine", nil),
        NameRow("i'm good thanks", nil),
        NameRow("It's Tuesday", nil),
        NameRow("I am not sure", nil),
        NameRow("it's been a couple of years", nil),
        NameRow("Please call me back", nil),
        NameRow("Yes.", nil, expecting: true),
        NameRow("Yes, that works.", nil, expecting: true),
        NameRow("Tuesday morning", nil, expecting: true),
        NameRow("i'm new, need a cleaning", nil),
        NameRow("I have Delta Dental.", nil),
        NameRow("Hello, Delta Dental calling", nil),
        NameRow("I'm calling for my husband, his name is Robert Diaz", nil),
        NameRow("Hello, I'm the mother of a patient", nil),
        NameRow("This is Dr. Smith's office calling", nil),
    ]

    @Test(arguments: rows)
    func name(_ row: NameRow) {
        #expect(PersonalDetails.personName(in: NormalizedText(row.phrase), expectingName: row.expecting) == row.expected)
    }
}

struct PhoneRow: CustomTestStringConvertible, Sendable {
    let phrase: String
    let expected: String?
    init(_ phrase: String, _ expected: String?) { self.phrase = phrase; self.expected = expected }
    var testDescription: String { "\(phrase) → \(expected ?? "nil")" }
}

@Suite("Phone numbers")
struct PhoneTests {
    static let rows: [PhoneRow] = [
        PhoneRow("312-555-0142", "+13125550142"),
        PhoneRow("my number is (312) 555-0142.", "+13125550142"),
        PhoneRow("312.555.0142", "+13125550142"),
        PhoneRow("+1 312 555 0142", "+13125550142"),
        PhoneRow("1-312-555-0142", "+13125550142"),
        PhoneRow("3125550142", "+13125550142"),
        PhoneRow("call me at 312 555 0142 after 4", "+13125550142"),
        PhoneRow("five one two five five five zero three six zero", "+15125550360"),
        PhoneRow("five one two, five five five, oh three six oh", "+15125550360"),
        PhoneRow("five one two five five five zero three six zero, thanks", "+15125550360"),
        PhoneRow("512 555 zero three six zero", "+15125550360"),
        PhoneRow("five one two double five five zero three six zero", "+15125550360"),
        PhoneRow("cinco uno dos cinco cinco cinco cero tres seis cero", "+15125550360"),
        PhoneRow("+44 20 7946 0958", "+442079460958"),
        PhoneRow("You can reach me at (206) 555-0147 ext 12", "+12065550147"),
        PhoneRow("My number is five one two, five five five, zero one four two.", "+15125550142"),
        PhoneRow("I'm Sarah-Jane McAllister, DOB March 3 1985, phone 206-555-0199", "+12065550199"),
        PhoneRow("555-0142", nil),
        PhoneRow("at 3pm", nil),
        PhoneRow("7/12/1984", nil),
        PhoneRow("I have 2 kids and one dog", nil),
    ]

    @Test(arguments: rows)
    func phone(_ row: PhoneRow) {
        #expect(PersonalDetails.phoneNumber(in: NormalizedText(row.phrase)) == row.expected)
    }
}

struct PetRow: CustomTestStringConvertible, Sendable {
    let phrase: String
    let name: String?
    let species: String?
    let known: [String]
    init(_ phrase: String, _ name: String?, _ species: String?, known: [String] = []) {
        self.phrase = phrase; self.name = name; self.species = species; self.known = known
    }
    var testDescription: String { phrase }
}

@Suite("Pets")
struct PetTests {
    static let rows: [PetRow] = [
        PetRow("Hi, I just adopted a puppy named Pepper and she needs her shots. I'm Ana Ruiz, we're new.", "Pepper", "dog"),
        PetRow("my dog Biscuit needs his shots", "Biscuit", "dog"),
        PetRow("Hi, I'm calling to confirm Biscuit's appointment, I'm Laura Mills.", "Biscuit", nil),
        PetRow("Hi, I'm calling to confirm Biscuit's appointment", "Biscuit", nil, known: ["Biscuit"]),
        PetRow("my cat, Luna, is scratching her ear", "Luna", "cat"),
        PetRow("It's for Max, he's a beagle", "Max", "dog"),
        PetRow("Luna is my cat", "Luna", "cat"),
        PetRow("a kitten called Mochi", "Mochi", "cat"),
        PetRow("my kitten needs her vaccines", nil, "cat"),
        PetRow("My dog just ate a whole bar of dark chocolate, what do I do?", nil, "dog"),
        PetRow("My cat keeps scratching her ear, is it an ear infection or mites?", nil, "cat"),
        PetRow("mi perro se llama Max", "Max", "dog"),
        PetRow("tengo un gato que se llama Michi", "Michi", "cat"),
        PetRow("mi perrita Luna necesita sus vacunas", "Luna", "dog"),
        PetRow("my guinea pig Oreo", "Oreo", "guinea pig"),
        PetRow("our bunny named thumper", "Thumper", "rabbit"),
        PetRow("When is Maria Gonzalez's next appointment?", nil, nil),
        PetRow("my kitty Cleo is sneezing", "Cleo", "cat"),
        PetRow("It's for my dog, her name is Rosie", "Rosie", "dog"),
        PetRow("Rosie's vaccines are due", "Rosie", nil),
        PetRow("Hola, mi gata Nina está enferma", "Nina", "cat"),
        PetRow("I have a 14 year old lab named Duke", "Duke", nil),
        PetRow("Are you open Saturday afternoon?", nil, nil),
    ]

    @Test(arguments: rows)
    func pet(_ row: PetRow) {
        let p = PersonalDetails.pet(in: NormalizedText(row.phrase), knownPetNames: row.known)
        #expect(p.name == row.name)
        #expect(p.species == row.species)
    }
}
