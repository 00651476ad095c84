import FrontDeskCore
import Testing
@testable import Understanding

@Suite("Normalisation and tokens")
struct TextTests {
    @Test func tokenisesAndFolds() {
        let t = NormalizedText("Hi, I’m Kevin O’Brien — mañana a las 3pm? 10:30, 3/16/2026, 555-0142.")
        #expect(t.tokens.map(\.folded) == ["hi", ",", "i'm", "kevin", "o'brien", "-", "manana", "a", "las", "3", "pm", "?",
                                           "10:30", ",", "3/16/2026", ",", "555-0142", "."])
        #expect(t.tokens[3].original == "Kevin")
        #expect(t.tokens[4].original == "O'Brien")
        #expect(t.tokens[6].lower == "mañana")
        #expect(t.tokens[3].isCapitalized)
        #expect(t.folded.hasPrefix("hi , i'm kevin o'brien"))
    }

    @Test func ordinalsAndMeridiems() {
        #expect(NormalizedText("the 16th at 3 P.M.").tokens.map(\.folded) == ["the", "16th", "at", "3", "pm"])
        #expect(NormalizedText("10am").tokens.map(\.folded) == ["10", "am"])
        #expect(NormalizedText("nineteen seventy-nine").tokens.map(\.folded) == ["nineteen", "seventy-nine"])
    }

    @Test func diacriticsFoldInNFCAndNFD() {
        #expect(NormalizedText("Miércoles").tokens[0].folded == "miercoles")
        #expect(NormalizedText("Mie\u{301}rcoles").tokens[0].folded == "miercoles")
        #expect(TextNormalizer.fold("Sí, ESTÁ BIEN") == "si, esta bien")
    }

    @Test func phraseMatchingIsWholeWord() {
        let t = NormalizedText("Hi, i’m NEW here and I'd like a cleaning")
        #expect(t.contains(phrase: "I'm new"))
        #expect(t.contains(phrase: "a cleaning"))
        #expect(!t.contains(phrase: "clean"))
        #expect(!t.contains(phrase: "new patient"))
        #expect(t.contains(word: "HERE"))
        #expect(t.firstIndex(of: Phrase("here")) == 4)
        #expect(NormalizedText("Está bien").contains(phrase: "esta bien"))
    }

    @Test func casing() {
        #expect(NormalizedText("My name is Sam Rivera").isCased)
        #expect(!NormalizedText("my name is sam rivera").isCased)
        #expect(!NormalizedText("MY NAME IS SAM RIVERA").isCased)
        #expect(!NormalizedText("Hi, i'm new here").isCased)
    }
}
