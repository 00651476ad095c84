import FrontDeskCore

/// What a caller wants from a turn. Several can hold at once ("reschedule — also, do you take Cigna?").
public enum Intent: String, Sendable, CaseIterable, Hashable {
    case book, reschedule, cancel, confirm
    /// "When is my appointment?" — needs identity before anything is said.
    case appointmentLookup
    case hours, address, price, insurance, faq
    case refill
    /// "Leave a message", "have someone call me back".
    case message
    /// "Can I talk to a real person?"
    case human
    case goodbye, thanks, yes, no, greeting
}

/// A phrase list per language, matched on whole words of the diacritic-folded text.
struct PhraseSet: Sendable {
    let phrases: [[String]]
    init(_ list: [String]) {
        phrases = list.map { WordMatcher.words(of: WordMatcher.fold($0)) }
    }
    func matches(_ words: [String]) -> Bool {
        for p in phrases where WordMatcher.find(p, in: words) != nil { return true }
        return false
    }
}

/// Whole-word phrase search over folded words. Small and allocation-light: caller turns are short.
enum WordMatcher {
    /// Lowercase, straighten apostrophes, strip diacritics (á→a, ñ→n).
    static func fold(_ s: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(s.unicodeScalars.count)
        for ch in s.lowercased().unicodeScalars {
            switch ch {
            case "\u{2019}", "\u{2018}", "`": out.unicodeScalars.append("'")
            case "á", "à", "ä", "â": out.unicodeScalars.append("a")
            case "é", "è", "ë", "ê": out.unicodeScalars.append("e")
            case "í", "ì", "ï", "î": out.unicodeScalars.append("i")
            case "ó", "ò", "ö", "ô": out.unicodeScalars.append("o")
            case "ú", "ù", "ü", "û": out.unicodeScalars.append("u")
            case "ñ": out.unicodeScalars.append("n")
            case "¿", "¡": out.unicodeScalars.append(" ")
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Words of folded text: letters, digits, apostrophes inside words, `$`, `.`/`:`/`/` between digits.
    static func words(of folded: String) -> [String] {
        var words: [String] = []
        var cur = ""
        let scalars = Array(folded.unicodeScalars)
        for (i, c) in scalars.enumerated() {
            let isAlnum = CharacterSetCache.alnum(c)
            let joinsDigits = (c == "." || c == ":" || c == "/") && i > 0 && i + 1 < scalars.count
                && CharacterSetCache.digit(scalars[i - 1]) && CharacterSetCache.digit(scalars[i + 1])
            let apostrophe = c == "'" && !cur.isEmpty && i + 1 < scalars.count && CharacterSetCache.alnum(scalars[i + 1])
            if isAlnum || joinsDigits || apostrophe || c == "$" || (c == "-" && !cur.isEmpty && i + 1 < scalars.count && CharacterSetCache.alnum(scalars[i + 1])) {
                cur.unicodeScalars.append(c)
            } else if !cur.isEmpty {
                words.append(cur); cur = ""
            }
        }
        if !cur.isEmpty { words.append(cur) }
        return words
    }

    /// Index of the first whole-word occurrence of `phrase` in `words`.
    static func find(_ phrase: [String], in words: [String], from start: Int = 0) -> Int? {
        guard !phrase.isEmpty, words.count >= phrase.count else { return nil }
        var i = start
        while i + phrase.count <= words.count {
            if words[i] == phrase[0] {
                var ok = true
                for j in 1..<phrase.count where words[i + j] != phrase[j] { ok = false; break }
                if ok { return i }
            }
            i += 1
        }
        return nil
    }
}

enum CharacterSetCache {
    @inline(__always) static func digit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }
    @inline(__always) static func alnum(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 48 && c.value <= 57) || (c.value >= 97 && c.value <= 122) || (c.value >= 65 && c.value <= 90)
            || (c.value > 127 && c.properties.isAlphabetic)
    }
}

/// The intent lexicon: weighted enough by phrase choice for this narrow domain. Data, not code paths.
enum IntentLexicon {
    static let table: [(Intent, PhraseSet)] = [
        (.reschedule, PhraseSet([
            "reschedule", "re-schedule", "move my appointment", "move my", "move the appointment", "move it",
            "change my appointment", "change the appointment", "change the time", "change my time", "different time",
            "different day", "push back my", "push my appointment", "switch my appointment", "move our appointment",
            "move his appointment", "move her appointment", "need to move my", "want to move my", "move my", "postpone",
            "cambiar mi cita", "cambiar la cita", "reprogramar", "mover mi cita", "mover la cita", "cambiar el dia",
        ])),
        (.cancel, PhraseSet([
            "cancel", "cancelling", "canceling", "cancellation", "call off", "won't be able to make", "can't make it",
            "cannot make it", "can't come", "not going to make it", "cancelar", "anular",
        ])),
        (.confirm, PhraseSet([
            "confirm my appointment", "confirm the appointment", "confirm an appointment", "confirming my appointment",
            "confirm appointment", "calling to confirm", "confirm her appointment", "confirm his appointment",
            "confirm our appointment", "confirm", "confirming", "make sure my appointment", "still on", "double check my",
            "double-check my", "verify my appointment", "confirmar mi cita", "sigue en pie", "confirmar la cita", "confirmar",
        ])),
        (.appointmentLookup, PhraseSet([
            "when is my appointment", "when's my appointment", "when is my next appointment", "what time is my appointment",
            "when is her appointment", "when is his appointment", "next appointment", "when am i scheduled", 
            "do i have an appointment", "when's my", "whens my", "what time is her", "what time is his", "when is her", "when is his", "cuando es mi cita",
            "a que hora es mi cita", "cuando tengo cita",
        ])),
        (.book, PhraseSet([
            "book", "booking", "make an appointment", "make appointment", "schedule", "set up an appointment",
            "get an appointment", "appointment for", "need an appointment", "want an appointment",
            "like an appointment", "come in", "get in", "be seen", "see the doctor", "see a doctor", "see the dentist",
            "see someone", "get started", "sign up", "get her seen", "get him seen", "get seen", "have her seen",
            "have him seen", "get her in", "get him in", "bring her in", "bring him in", "see the vet", "see a vet",
            "checked out", "looked at", "take a look", "me pueden ver", "me puede ver", "pueden verme", "atender", "need a", "i'd like a", "i would like a", "i want a",
            "looking for a", "interested in", "available", "availability", "openings", "opening", "slot",
            "hacer una cita", "sacar una cita", "agendar", "una cita", "quiero una cita", "necesito una cita",
            "programar una cita", "reservar", "pedir cita", "turno",
        ])),
        (.hours, PhraseSet([
            "hours", "what time are you open", "what time do you open", "what time do you close", "are you open",
            "when are you open", "when do you open", "when do you close", "open on", "open today", "open tomorrow",
            "what time you close", "what time you open", "you close", "you open", "you guys open", "y'all open",
            "close today", "closing today", "open late", "open early", "open on weekends", "weekend hours",
            "open saturday", "open sunday", "still open", "closing time", "opening time", "horario", "a que hora abren",
            "a que hora cierran", "estan abiertos", "abren", "cierran",
        ])),
        (.address, PhraseSet([
            "address", "where are you located", "where are you", "where is your office", "where's your office",
            "how do i get there", "directions", "location", "located", "direccion", "donde estan", "donde quedan",
            "ubicacion",
        ])),
        (.price, PhraseSet([
            "how much", "price", "prices", "pricing", "cost", "costs", "charge", "fee", "fees", "rate", "rates",
            "cuanto cuesta", "cuanto vale", "precio", "precios", "costo", "cuanto es",
        ])),
        (.insurance, PhraseSet([
            "insurance", "in network", "in-network", "out of network", "seguro medico", "seguro dental", "aseguranza",
        ])),
        (.refill, PhraseSet([
            "refill", "refills", "prescription", "renew my", "more of my medication", "run out of my", "ran out of my",
            "running out of", "receta", "resurtir", "rellenar mi receta", "renovar mi receta", "medicamento",
        ])),
        (.message, PhraseSet([
            "leave a message", "take a message", "call me back", "call me", "have someone call", "can someone call",
            "someone call me", "callback", "call back", "get back to me", "return my call", "dejar un mensaje",
            "dejar un recado", "llamenme", "me llamen", "me devuelvan la llamada", "que me llame",
        ])),
        (.human, PhraseSet([
            "real person", "a person", "human", "someone real", "talk to someone", "speak to someone",
            "speak with someone", "talk with someone", "speak to a person", "talk to a person", "speak with a person",
            "talk to the front desk", "speak to the front desk", "speak to the office", "talk to the office",
            "speak to a human", "talk to a human", "receptionist", "operator", "front desk", "representative", "live person",
            "speak to the manager", "talk to the manager", "office manager",
            "transfer me", "persona real", "hablar con alguien", "hablar con una persona", "recepcionista",
            "hablar con un humano",
        ])),
        (.goodbye, PhraseSet([
            "bye", "goodbye", "good bye", "that's all", "that is all", "that's it", "that's everything", "nothing else",
            "no that's all", "i'm good", "all set", "have a good", "have a nice", "talk to you later", "see you",
            "adios", "hasta luego", "nada mas", "eso es todo", "es todo", "chao",
        ])),
        (.thanks, PhraseSet(["thanks", "thank you", "thank", "appreciate it", "gracias", "muchas gracias"])),
        (.yes, PhraseSet([
            "yes", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "right", "that works", "works for me",
            "sounds good", "perfect", "great", "please do", "go ahead", "absolutely", "definitely", "of course",
            "that's fine", "fine", "that's right", "exactly", "please", "si", "claro", "esta bien", "de acuerdo",
            "perfecto", "correcto", "vale", "por favor", "bueno", "me parece bien", "alright", "all right",
        ])),
        (.no, PhraseSet([
            "no", "nope", "nah", "not really", "no thanks", "no thank you", "don't", "doesn't work", "that doesn't work",
            "neither", "not that", "wrong", "incorrect", "other", "another", "something else", "none", "no gracias",
            "ninguno", "otro", "otra",
        ])),
        (.greeting, PhraseSet(["hello", "hi", "hey", "good morning", "good afternoon", "hola", "buenos dias", "buenas tardes"])),
    ]
}
