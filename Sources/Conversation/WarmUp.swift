// Paying the engine's one-time costs before the first caller does. Parts of the engine build tables on
// first use (the safety lexicon, vocabularies, pattern sets); measured on the 2-core VM, the first caller of
// a server's life to ask about insurance waited 40–90 ms longer than everyone after. A server runs a few
// scripted calls of its own at start, against a throwaway in-memory store.

import FrontDeskCore

extension Receptionist {
    /// Caller lines that between them reach each part of the engine a call may use: practice questions,
    /// booking and time expressions, identity, messages and refills, safety (emergency, crisis, negation).
    static let warmUpLines: [Language: [String]] = [
        .en: ["What are your hours on Saturday?", "Do you take Cigna?", "Where are you located?",
              "How much is a new patient visit?", "I'd like to book an appointment next Tuesday at 10 am",
              "My name is Maria Lopez, my birthday is March 3rd 1985", "I need to cancel my appointment",
              "Can I leave a message for the doctor?", "I need a refill of my prescription",
              "No pain, just a checkup", "I have chest pain", "I want to kill myself"],
        .es: ["¿Cuál es su horario el sábado?", "¿Aceptan Cigna?", "Quiero una cita el martes a las diez",
              "Me llamo María López", "Tengo dolor de pecho"],
    ]

    /// Runs the warm-up lines, one short call each, in every language the practice speaks, against an
    /// in-memory store: nothing reaches the practice's data, and nothing is logged.
    public static func warmUp(profile: PracticeProfile, clock: any Clock = SystemClock()) async {
        for language in profile.practice.languages {
            for line in warmUpLines[language] ?? [] {
                let receptionist = Receptionist(profile: profile, store: InMemoryStore(), clock: clock, language: language)
                await receptionist.prepare()
                _ = await receptionist.greet()
                _ = await receptionist.respond(to: line)
                await receptionist.hangUp()
            }
        }
    }
}
