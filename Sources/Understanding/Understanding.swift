import FrontDeskCore

/// Everything the receptionist could read from one caller turn: intents and entities at once,
/// so that slots fill from any turn and nothing already said is asked again.
public struct TurnAnalysis: Sendable {
    public var intents: Set<Intent> = []
    /// A leading yes/no ("Yes, that works", "No, that's all"), if any.
    public var answer: YesNo?
    public var appointmentTypeID: String?
    public var providerID: String?
    public var when: DateConstraint?
    public var personName: String?
    public var dateOfBirth: LocalDate?
    public var phone: String?
    public var petName: String?
    public var species: String?
    /// Carrier named by the caller (canonical spelling when it is one the practice accepts).
    public var carrier: String?
    /// "I don't have insurance", "self-pay".
    public var noInsurance = false
    /// true "I'm new", false "I'm an existing patient", nil unsaid.
    public var isNewPatient: Bool?
    public var faqTopic: String?
    public var medication: String?
    public var pharmacy: String?
    /// Spanish words were used (the caller's language, when the practice speaks it).
    public var soundsSpanish = false
    /// Clearly English (for a call that started in Spanish).
    public var soundsEnglish = false
    /// The caller speaks of someone else's appointment ("her appointment", "I'm her coworker").
    public var thirdParty = false
    /// The person the appointment is for when it is not the caller ("for my son Tyler").
    public var patientName: String?
    /// "I just said that", "ya le dije": the caller is repeating themselves, not refusing.
    public var complaint = false
    /// Every appointment type named, in the order said (price questions use the first, bookings the last).
    public var appointmentTypeIDs: [String] = []
    /// The type was named only by status words ("new patient visit" from "I'm a new patient").
    public var typeIsWeak = false
    /// "he's Tyler Wells": a name after a pronoun — the patient when the call is already about someone else.
    public var pronounName: String?
    /// "any time", "whenever": no time-of-day preference.
    public var anyTime = false
    /// Booking for someone else ("for my son", "calling for my sister").
    public var forSomeoneElse = false
    /// Refuses or cannot give what was asked ("I don't know her birthday").
    public var declines = false
    /// A symptom or problem was mentioned (for choosing a sick/problem visit — never stored).
    public var mentionsProblem = false
    /// Billing or payment was mentioned ("bill", "charge", "payment", "membership billing").
    public var billing = false

    public enum YesNo: Sendable { case yes, no }

    /// Asked as a question ("?", or opening with a question word: "do you…", "what time…", "¿dónde…").
    public var isQuestion = false
    /// The words as said (kept only for the length of the turn, for answers read in context).
    public var rawText: String?
    /// The caller speaks of their own appointment ("my appointment", "mi cita").
    public var ownAppointment = false

    /// Did the turn carry any detail (a date, name, type, number…) beyond yes/no and intents?
    public var hasContent: Bool {
        appointmentTypeID != nil || providerID != nil || when != nil || personName != nil || dateOfBirth != nil
            || phone != nil || petName != nil || carrier != nil || noInsurance || isNewPatient != nil
    }
    public init() {}
}

/// Reads caller turns against one practice's vocabulary (appointment types, providers, carriers, FAQ).
public struct Understanding: Sendable {
    public let profile: PracticeProfile
    private let typeMatchers: [(id: String, phrase: [String])]
    private let providerMatchers: [(id: String, phrase: [String])]
    private let carriers: [(name: String, phrase: [String])]
    private let faqMatchers: [(topic: String, phrase: [String])]
    /// Words of the practice's own vocabulary (providers, carriers, types, practice name): never a caller's name.
    private let vocabulary: Set<String>

    public init(profile: PracticeProfile) {
        self.profile = profile
        func w(_ s: String) -> [String] { WordMatcher.words(of: WordMatcher.fold(s)) }
        var types: [(String, [String])] = []
        for t in profile.appointmentTypes {
            var names = [t.name, t.id.replacingOccurrences(of: "-", with: " ")] + t.synonyms + Array(t.names.values)
            names = names.filter { !$0.isEmpty }
            for n in names { types.append((t.id, w(n))) }
        }
        // Longest phrase first: "get started with therapy" beats "therapy".
        // Head nouns that name one type only ("exam" → wellness exam) match too.
        var heads: [String: Set<String>] = [:]
        for t in profile.appointmentTypes { if let last = w(t.name).last { heads[last, default: []].insert(t.id) } }
        for (word, ids) in heads where ids.count == 1 && !types.contains(where: { $0.1 == [word] }) { types.append((ids.first!, [word])) }
        typeMatchers = types.map { ($0.0, Self.stemmed($0.1)) }.filter { !$0.1.isEmpty }.sorted { $0.1.count > $1.1.count }
        var provs: [(String, [String])] = []
        let titles: Set<String> = ["dr", "dr.", "doctor", "nurse", "np", "lmhc", "psyd", "md", "dds", "dvm", "rn", "pa"]
        for p in profile.providers {
            let parts = w(p.name).filter { !titles.contains($0) }
            provs.append((p.id, w(p.name)))
            if let first = parts.first { provs.append((p.id, [first])) }
            if let last = parts.last, parts.count > 1 {
                provs.append((p.id, [last]))
                provs.append((p.id, ["dr", last])); provs.append((p.id, ["doctor", last]))
            }
        }
        providerMatchers = provs.sorted { $0.1.count > $1.1.count }
        carriers = (profile.insurance.accepted.map { ($0, w($0)) } + Self.commonCarriers.map { ($0, w($0)) })
            .sorted { $0.1.count > $1.1.count }
        var vocab = Set<String>()
        for p in profile.providers { vocab.formUnion(w(p.name)) }
        for c in profile.insurance.accepted + Self.commonCarriers { vocab.formUnion(w(c)) }
        for t in profile.appointmentTypes { vocab.formUnion(w(t.name)) }
        vocab.formUnion(w(profile.practice.name))
        vocabulary = vocab
        faqMatchers = profile.faq.flatMap { entry -> [(String, [String])] in
            let words = w(entry.topic).filter { $0.count >= 4 && !["your", "with", "about", "after", "before", "hours"].contains($0) }
            let singulars = words.map { $0.hasSuffix("s") ? String($0.dropLast()) : $0 }
            return ([entry.topic] + Self.faqSynonyms(entry.topic)).map { (entry.topic, w($0)) }
                + (words + singulars).map { (entry.topic, [$0]) }
        }
    }

    static let commonCarriers = [
        "Delta Dental", "Cigna", "Aetna", "MetLife", "Guardian", "United Healthcare", "UnitedHealthcare", "Humana",
        "Blue Cross", "Blue Shield", "Blue Cross Blue Shield", "BCBS", "Anthem", "Kaiser", "Medicaid", "Medicare",
        "Premera", "Regence", "Tricare", "Molina", "Ambetter", "Oscar", "Highmark", "Trupanion", "Nationwide",
        "Healthy Paws", "Lemonade", "Geico",
    ]

    static func faqSynonyms(_ topic: String) -> [String] {
        switch topic.lowercased() {
        case "parking": return ["park", "parking lot", "estacionamiento", "estacionar"]
        case "payment plans", "financing": return ["payment plan", "payment plans", "financing", "finance", "carecredit", "care credit", "pay over time", "over time", "monthly payments", "installments", "cherry", "plan de pagos", "financiamiento", "pagos mensuales"]
        case "sedation": return ["nitrous", "laughing gas", "sedated", "sedation", "sedacion", "nervous", "anxious", "terrified", "scared", "afraid", "dental anxiety", "miedo", "nervioso", "nerviosa"]
        case "telehealth": return ["video", "online session", "virtual", "zoom", "telemedicine", "remote", "videollamada"]
        case "boarding": return ["board", "boarding", "kennel", "hospedaje"]
        case "emergency hospital": return ["after hours emergency", "emergency vet", "emergency hospital", "24 hour", "24 hours", "overnight", "when you're closed", "when you are closed", "after hours", "middle of the night", "weekend emergency"]
        case "memberships", "membership": return ["membership", "member", "membresia"]
        case "labs", "lab", "lab hours": return ["lab", "labs", "blood work", "bloodwork", "blood test", "blood draw", "blood drawn", "laboratorio", "analisis de sangre"]
        case "portal", "patient portal": return ["portal", "test results", "my results", "online account", "message my doctor"]
        case "nervous patients": return ["nervous", "anxious", "scared", "afraid", "anxiety", "sedation", "nitrous", "laughing gas", "miedo", "nervioso", "nerviosa"]
        case "cancellations", "cancellation policy": return ["cancellation policy", "cancel policy", "cancellation fee", "late cancel", "late cancellation", "no show", "no-show", "how much notice", "politica de cancelacion"]
        case "new clients", "new patients": return ["first visit", "bring to", "should i bring", "what to bring", "records", "primera visita"]
        case "before your visit": return ["before my appointment", "before my visit", "before the appointment", "prepare", "preparation", "avoid before"]
        default: return []
        }
    }

    /// Function words that tell Spanish from English; Spanish punctuation and accents count double.
    static let spanishWords: Set<String> = [
        "hola", "quiero", "necesito", "cita", "gracias", "por", "favor", "buenos", "buenas", "llamo", "soy", "tengo", "para",
        "una", "el", "la", "los", "las", "del", "de", "que", "en", "es", "son", "estan", "esta", "donde", "cuanto", "cuando",
        "como", "puedo", "pueden", "manana", "hablar", "abren", "cierran", "aceptan", "mi", "su", "me", "se", "con", "sin",
        "hora", "si", "usted", "ustedes", "nada", "mas", "tiene", "tienen", "quisiera", "necesita", "dia", "tarde", "noche",
        "semana", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo", "hijo", "hija", "perro", "gato",
        "dolor", "muela", "diente", "seguro", "ayuda", "llamar", "ubicados", "precio", "cuesta", "pero", "y", "o", "ya", "al",
    ]
    static let englishWords: Set<String> = [
        "the", "a", "an", "is", "are", "i", "i'm", "you", "to", "my", "do", "does", "what", "and", "of", "for", "on", "can",
        "have", "need", "want", "would", "like", "appointment", "please", "thanks", "thank", "yes", "hi", "hello", "it",
        "that", "this", "with", "at", "be", "book", "how", "when", "where", "your", "we", "it's", "there", "just", "about",
    ]
    /// The language a turn is clearly in, if any (for choosing the reply language before anything else runs).
    public static func clearLanguage(_ raw: String) -> Language? {
        let s = languageScores(raw, WordMatcher.words(of: WordMatcher.fold(raw)))
        if s.spanish >= 2 && s.spanish > s.english { return .es }
        if s.english >= 2 && s.spanish == 0 { return .en }
        return nil
    }

    static func languageScores(_ raw: String, _ words: [String]) -> (spanish: Int, english: Int) {
        var es = words.reduce(0) { $0 + (spanishWords.contains($1) ? 1 : 0) }
        let en = words.reduce(0) { $0 + (englishWords.contains($1) ? 1 : 0) }
        if es > 0, raw.contains(where: { "¿¡ñáéíóú".contains($0) }) { es += 1 }
        return (es, en)
    }
    static let newCues = PhraseSet([
        "i'm new", "im new", "i am new", "new patient", "new client", "we're new", "were new", "we are new", "first time",
        "never been there", "never been seen", "never been to", "nunca he ido", "nunca he venido", "no soy paciente",
        "never been", "haven't been", "not a patient", "new here", "first visit", "i'm a new", "new to the practice",
        "paciente nuevo", "paciente nueva", "soy nuevo", "soy nueva", "primera vez", "somos nuevos", "cliente nuevo",
    ])
    static let existingCues = PhraseSet([
        "existing patient", "current patient", "i'm a patient", "i am a patient", "im a patient", "already a client",
        "he's a patient", "hes a patient", "she's a patient", "shes a patient", "is a patient there", "is a patient here",
        "they're patients", "are patients", "es paciente",
        "i'm a client", "im a client", "i'm already", "im already", "existing", "been seeing", "i see dr", "i see doctor", "been there before", "been here before",
        "been before", "returning", "existing client", "current client", "already a patient", "i've been coming",
        "i'm an existing", "established patient", "seen there", "paciente existente", "ya soy paciente",
        "paciente regular", "ya he ido",
    ])
    static let noInsuranceCues = PhraseSet([
        "no insurance", "don't have insurance", "do not have insurance", "don't have any insurance", "uninsured",
        "self pay", "self-pay", "paying cash", "pay cash", "out of pocket", "no tengo seguro", "sin seguro",
        "pagar en efectivo", "no dental insurance", "without insurance",
    ])
    static let thirdPartyCues = PhraseSet([
        "my friend", "my coworker", "my boss", "my neighbor", "my neighbour", "surprise her", "surprise him",
        "her appointment", "his appointment", "her next", "his next", "coworker", "co-worker", "my wife's", "my husband's",
        "my friend's", "my mother's", "my mom's", "my dad's", "my father's", "for my boss", "'s next appointment",
        "su cita",
    ])
    static let declineCues = PhraseSet([
        "don't know", "dont know", "do not know", "not sure", "no idea", "can't remember", "don't remember",
        "rather not", "won't", "just tell me", "come on", "why do you need", "no se", "no recuerdo", "prefiero no",
    ])
    static let problemCues = PhraseSet([
        "threw up", "throwing up", "vomit", "vomiting", "vomited", "diarrhea", "limping", "limp", "not eating", "won't eat",
        "scratching", "itching", "itchy", "coughing", "cough", "sneezing", "lethargic", "fever", "sore", "hurts", "hurting",
        "pain", "rash", "infection", "swollen", "lump", "bump", "sick", "ill", "injured", "hurt his", "hurt her", "ear",
        "eye", "peeing", "pooping", "bleeding gums", "sensitive", "ache", "aching", "vomitando", "tos", "fiebre", "dolor",
        "enfermo", "enferma", "cojea",
    ])
    static let statusWords: Set<String> = Set(["new", "patient", "patients", "client", "clients", "visit", "appointment", "consult",
                                                "consultation", "session"].map(stem))

    /// A carrier we do not know by name, after "insurance is", "tengo", "I have" (capitalised): "tengo Tufts".
    static func namedCarrier(_ raw: String) -> String? {
        let clauses = raw.split(whereSeparator: { ",.;!?".contains($0) })
        for clause in clauses {
            let ws = clause.split(separator: " ").map(String.init)
            for cue in [["insurance", "is"], ["seguro", "es"], ["tengo", "seguro"], ["tengo"], ["insured", "with"], ["i", "have"], ["coverage", "through"]] {
                for i in ws.indices where i + cue.count < ws.count && zip(cue, ws[i..<(i + cue.count)]).allSatisfy({ $0 == $1.lowercased() }) {
                    let rest = ws[(i + cue.count)...].prefix(3).prefix { $0.first?.isUppercase == true && $0.allSatisfy { $0.isLetter || $0 == "-" } }
                    let skip: Set<String> = ["I", "Medicaid", "Medicare"]   // known carriers are matched elsewhere
                    if let f = rest.first, !skip.contains(f), !notNameWords.contains(f.lowercased()) {
                        return rest.joined(separator: " ")
                    }
                }
            }
        }
        return nil
    }

    static let complaintCues = PhraseSet([
        "just said", "already said", "already told you", "i told you", "said that", "ya le dije", "ya se lo dije", "ya lo dije",
        "le acabo de decir", "como le dije", "like i said", "as i said",
    ])
    static let staffCues = PhraseSet(["real person", "human", "front desk", "receptionist", "operator", "staff", "manager", "representative", "live person"])
    static let billingCues = PhraseSet(["bill", "billing", "billed", "charge", "charged", "payment", "invoice", "statement", "balance", "refund", "factura", "cobro", "pago"])
    /// "I use the Bartell on Pike" → "Bartell on Pike": capitalised words after a pharmacy cue.
    static func pharmacyPhrase(_ raw: String) -> String? {
        let words = raw.split(whereSeparator: { " ,.!?;".contains($0) }).map(String.init)
        let cues: [[String]] = [["i", "use", "the"], ["i", "use"], ["send", "it", "to", "the"], ["send", "it", "to"], ["pharmacy", "is", "the"],
                                ["pharmacy", "is"], ["at", "the"], ["go", "to", "the"]]
        for i in words.indices {
            for cue in cues where i + cue.count < words.count && zip(cue, words[i..<(i + cue.count)]).allSatisfy({ $0 == $1.lowercased() }) {
                var out: [String] = []
                var j = i + cue.count
                while j < words.count, out.count < 5 {
                    let w = words[j]
                    if w.first?.isUppercase == true { out.append(w) } else if ["on", "in", "at", "by"].contains(w) && !out.isEmpty && j + 1 < words.count && words[j + 1].first?.isUppercase == true { out.append(w) } else { break }
                    j += 1
                }
                if !out.isEmpty { return out.joined(separator: " ") }
            }
        }
        return nil
    }

    static let questionOpeners: Set<String> = [
        "do", "does", "are", "is", "can", "could", "what", "what's", "which", "where", "where's", "when", "when's", "how",
        "will", "would", "any", "que", "cual", "donde", "cuando", "como", "cuanto", "aceptan", "tienen", "estan",
    ]

    static let questionPhrases = PhraseSet([
        "do you", "does the", "does it", "are you", "is there", "how much", "what time", "where is", "where are", "can you",
        "could you", "do i", "will you", "what is", "what's", "whats", "what are", "how do", "how long", "which",
        "cuanto", "aceptan", "tienen", "a que hora", "donde",
    ])

    static let fillers = ["like", "um", "uh", "umm", "uhh", "er", "maybe", "ish"]

    static let acceptQuestionCues = PhraseSet(["do you take", "do you accept", "take", "accept", "aceptan", "acepta", "in network", "work with"])

    /// Stems for type matching: "cleanings", "cleaned" → "clean"; determiners dropped ("chipped a tooth").
    static let determiners: Set<String> = ["a", "an", "the", "my", "his", "her", "our", "their", "some", "un", "una", "el", "la", "mi", "su"]
    /// Spanish participles and preterites that name the same state: "se me rompió" ~ "roto".
    static let spanishForms: [String: String] = ["rompio": "roto", "rompi": "roto", "quebro": "roto", "quebre": "roto", "rota": "roto",
                                                 "partio": "roto", "parti": "roto", "cayo": "caido", "hinchada": "hinchado"]
    static func stem(_ w: String) -> String {
        var s = spanishForms[w] ?? w
        for suffix in ["ings", "ing", "ed", "es", "s"] where s.count > suffix.count + 3 && s.hasSuffix(suffix) {
            s = String(s.dropLast(suffix.count)); break
        }
        if s.count > 4, s.hasSuffix("e") { s = String(s.dropLast()) }
        return s
    }
    static func stemmed(_ words: [String]) -> [String] { words.filter { !determiners.contains($0) }.map(stem) }

    /// "His name's Bruno", "she's Cleo", "se llama Luna": the pet's name after a pronoun cue (veterinary).
    static func petNameCue(_ raw: String) -> String? {
        let words = raw.replacingOccurrences(of: "\u{2019}", with: "'").split(whereSeparator: { " ,.!?;".contains($0) }).map(String.init)
        let cues: [[String]] = [["his", "name's"], ["her", "name's"], ["his", "name", "is"], ["her", "name", "is"], ["his", "names"],
                                ["her", "names"], ["she's"], ["he's"], ["shes"], ["hes"], ["se", "llama"], ["named"], ["called"]]
        for (i, _) in words.enumerated() {
            for cue in cues where i + cue.count < words.count {
                if zip(cue, words[i..<(i + cue.count)]).allSatisfy({ $0 == $1.lowercased() }) {
                    let candidate = words[i + cue.count]
                    let lowerText = raw == raw.lowercased()
                    if let f = candidate.first, f.isUppercase || lowerText, candidate.count > 1,
                       candidate.allSatisfy(\.isLetter), !notNameWords.contains(candidate.lowercased()),
                       !nameStopWords.contains(candidate.lowercased()), !petWords.contains(candidate.lowercased()) {
                        return candidate.prefix(1).uppercased() + candidate.dropFirst()
                    }
                }
            }
        }
        return nil
    }

    static let petWords: Set<String> = ["dog", "cat", "puppy", "kitten", "bunny", "rabbit", "bird", "a", "an", "the", "not", "been",
                                        "eating", "limping", "sick", "fine", "okay", "ok", "due", "having", "getting", "going", "acting",
                                        "scratching", "throwing", "vomiting", "coughing", "sneezing", "really", "very", "so", "just", "still",
                                        "always", "never", "also", "my", "our", "new", "old", "young", "about", "like", "overdue"]

    static let notNameWords: Set<String> = [
        "hi", "hello", "hey", "yes", "no", "thanks", "thank", "please", "okay", "ok", "sure", "i", "i'm", "it's", "this", "the",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april",
        "may", "june", "july", "august", "september", "october", "november", "december", "dr", "doctor", "mr", "mrs", "ms",
        "good", "morning", "afternoon", "evening", "bye", "great", "perfect", "hola", "gracias", "si", "buenos", "buenas",
        "can", "could", "would", "what", "when", "where", "how", "is", "are", "do", "does", "my", "our", "we", "and", "or",
        "actually", "also", "well", "just", "so", "um", "uh", "hmm", "sorry", "excuse", "never", "mind", "next", "last",
        "new", "patient", "today", "tomorrow", "tonight", "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
    ]

    /// A name said on its own as part of a turn ("I need to cancel, please. Derek Washington."): a clause of 2–3
    /// capitalised words that are not practice vocabulary (providers, carriers, types) nor calendar words.
    func bareName(_ raw: String) -> String? {
        let clauses = raw.replacingOccurrences(of: "\u{2019}", with: "'").split(whereSeparator: { ".,;!?\n".contains($0) })
        for clause in clauses {
            let ws = clause.split(separator: " ").map(String.init)
            guard (2...3).contains(ws.count) else { continue }
            let ok = ws.allSatisfy { w in
                guard let f = w.first, f.isUppercase, w.count > 1, w.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" }) else { return false }
                let folded = WordMatcher.fold(w)
                return !Self.notNameWords.contains(folded) && !vocabulary.contains(folded)
            }
            if ok { return ws.joined(separator: " ") }
        }
        return nil
    }

    /// Speech-to-text without capitals or apostrophes: "hi its maria gonzalez i need…" → "Maria Gonzalez".
    func lowercaseCueName(_ words: [String]) -> String? {
        let cues: [[String]] = [["its"], ["it's"], ["im"], ["i'm"], ["this", "is"], ["my", "name", "is"], ["names"], ["name's"],
                                ["me", "llamo"], ["soy"]]
        for cue in cues {
            guard let i = WordMatcher.find(cue, in: words) else { continue }
            var out: [String] = []
            var j = i + cue.count
            while j < words.count, out.count < 3 {
                let w = words[j]
                if Self.notNameWords.contains(w) || Self.nameStopWords.contains(w) || vocabulary.contains(w) || w.contains(where: \.isNumber) { break }
                out.append(w); j += 1
            }
            if out.count >= 2 { return out.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ") }
        }
        return nil
    }

    static let relatives: Set<String> = ["son", "daughter", "kid", "child", "sister", "brother", "wife", "husband", "mom", "mother",
                                         "dad", "father", "partner", "teen", "boy", "girl", "grandson", "granddaughter", "grandma",
                                         "grandmother", "grandpa", "grandfather", "hijo", "hija", "esposo", "esposa", "mama", "papa",
                                         "hermano", "hermana", "friend", "niece", "nephew", "aunt", "uncle", "stepson", "stepdaughter"]

    /// "my son Tyler", "my sister, Lily Chen", "his name is Tyler" after a relative: the patient's name.
    static func relativeName(_ raw: String) -> String? {
        let words = raw.split(whereSeparator: { " ,.!?;".contains($0) }).map(String.init)
        for (i, w) in words.enumerated() where i > 0 && ["my", "mi", "our"].contains(words[i - 1].lowercased()) && relatives.contains(w.lowercased()) {
            var j = i + 1
            if j < words.count, ["is", "named", "called", "se"].contains(words[j].lowercased()) { j += 1 }
            if j < words.count, words[j].lowercased() == "llama" { j += 1 }
            var out: [String] = []
            while j < words.count, out.count < 2 {
                let c = words[j]
                let low = WordMatcher.fold(c)
                let named = j > i + 1 || (out.isEmpty && !relativeVerbs.contains(low))   // "my son is/named …", "my son eli"
                guard c.count > 1, c.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" }), !notNameWords.contains(low), !nameStopWords.contains(low),
                      !numberWords.contains(low), c.first!.isUppercase || (raw == raw.lowercased() && (named || !out.isEmpty)) else { break }
                out.append(c.prefix(1).uppercased() + c.dropFirst())
                j += 1
            }
            if !out.isEmpty { return out.joined(separator: " ") }
        }
        return nil
    }

    static let forSomeoneElseCues = PhraseSet([
        "for my son", "for my daughter", "for my kid", "for my child", "for my sister", "for my brother", "for my wife",
        "for my husband", "for my mom", "for my mother", "for my dad", "for my father", "for my partner", "calling for my",
        "booking for my", "booking for", "calling on behalf", "on behalf of", "para mi hijo", "para mi hija", "para mi esposo",
        "para mi esposa", "para mi mama", "it's for", "its for", "the appointment is for", "appointment for my",
    ])

    /// "her name is Lily Chen", "it's for Lily Chen", "he's Tyler Wells": the patient when booking for someone else.
    static func patientCueName(_ raw: String, strong: Bool) -> String? {
        let words = raw.replacingOccurrences(of: "\u{2019}", with: "'").split(whereSeparator: { " ,.!?;".contains($0) }).map(String.init)
        let always: [[String]] = [["it's", "for"], ["its", "for"], ["appointment", "is", "for"]]
        let pronoun: [[String]] = [["her", "name", "is"], ["his", "name", "is"], ["her", "name's"], ["his", "name's"], ["her", "names"],
                                   ["his", "names"], ["he's"], ["hes"], ["she's"], ["shes"], ["se", "llama"]]
        for cue in always + (strong ? pronoun : []) {
            for i in words.indices where i + cue.count < words.count
                && zip(cue, words[i..<(i + cue.count)]).allSatisfy({ $0 == $1.lowercased() }) {
                var out: [String] = []
                var j = i + cue.count
                while j < words.count, out.count < 3 {
                    let c = words[j], low = WordMatcher.fold(c)
                    guard c.count > 1, c.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" }), !notNameWords.contains(low),
                          !nameStopWords.contains(low), !numberWords.contains(low), c.first!.isUppercase || raw == raw.lowercased() else { break }
                    out.append(c.prefix(1).uppercased() + c.dropFirst()); j += 1
                }
                if !out.isEmpty { return out.joined(separator: " ") }
            }
        }
        return nil
    }

    /// Words that follow "my son …" and are not his name.
    static let relativeVerbs: Set<String> = [
        "has", "had", "is", "was", "needs", "need", "wants", "want", "got", "gets", "just", "keeps", "can", "will", "would",
        "woke", "fell", "broke", "said", "says", "thinks", "hurt", "hurts", "feels", "felt", "isn't", "isnt", "doesn't",
        "doesnt", "didn't", "didnt", "won't", "wont", "can't", "cant", "and", "who", "that", "he", "she", "they", "also",
        "really", "still", "hasn't", "hasnt", "started", "seems", "looks", "threw", "ate", "took", "went", "came", "tiene",
        "esta", "necesita", "quiere", "loves", "likes", "recommended", "told", "goes", "sees", "uses", "referred", "love", "like", "suggested", "mentioned", "raves", "swears",
    ]

    static let numberWords: Set<String> = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                                           "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
                                           "twenty", "years", "year", "old", "months", "weeks"]

    static let nameStopWords: Set<String> = [
        "a", "an", "the", "calling", "call", "need", "needs", "want", "wanted", "would", "like", "new", "here", "just", "not",
        "trying", "looking", "having", "going", "gonna", "wondering", "so", "really", "very", "sorry", "fine", "good", "ok",
        "okay", "on", "in", "at", "for", "with", "about", "to", "from", "of", "calling", "a", "urgent", "an", "emergency",
        "interested", "pregnant", "nervous", "worried", "scared", "sick", "patient", "client", "existing", "returning",
        "paciente", "nuevo", "nueva", "de", "la", "el", "que", "y", "and", "i", "my", "me", "you", "your", "we", "he", "she",
        "they", "it", "is", "was", "be", "been", "his", "her", "their", "our", "this", "that", "there", "who", "what",
    ]

    static let pharmacyWords = ["walgreens", "cvs", "rite aid", "walmart", "costco", "kroger", "target", "publix", "heb", "pharmacy"]

    /// Analyse one caller turn. `today` resolves relative dates; `expectingName` lets a bare "Priya Shah." be a name.
    public func analyze(_ raw: String, today: LocalDate, language: Language, expectingName: Bool = false,
                        knownPetNames: [String] = []) -> TurnAnalysis {
        let raw = raw.count > 1_000 ? String(raw.prefix(1_000)) : raw
        var a = TurnAnalysis()
        a.rawText = raw
        let folded = WordMatcher.fold(raw)
        let words = WordMatcher.words(of: folded)
        for (intent, set) in IntentLexicon.table where set.matches(words) { a.intents.insert(intent) }
        a.answer = Self.leadingAnswer(words)
        a.ownAppointment = WordMatcher.find(["my", "appointment"], in: words) != nil || WordMatcher.find(["mi", "cita"], in: words) != nil
            || WordMatcher.find(["my", "session"], in: words) != nil || WordMatcher.find(["my", "next"], in: words) != nil
            || words.contains(where: { $0.hasSuffix("'s") || $0 == "her" || $0 == "his" }) && words.contains(where: { $0.hasPrefix("appointment") })
        a.isQuestion = raw.contains("?") || raw.contains("¿") || words.first.map(Self.questionOpeners.contains) == true
            || Self.questionPhrases.matches(words)
        if WordMatcher.find(["when", "is", "my"], in: words) != nil || WordMatcher.find(["when's", "my"], in: words) != nil
            || WordMatcher.find(["whens", "my"], in: words) != nil || WordMatcher.find(["what", "time", "is", "my"], in: words) != nil
            || WordMatcher.find(["what", "day", "is", "my"], in: words) != nil {
            a.intents.insert(.appointmentLookup)
        }
        // "move Friday's session", "push back Biscuit's appointment": a verb of moving near an appointment word.
        for (i, w) in words.enumerated() where ["move", "moving", "push", "switch", "change", "bump", "mover", "cambiar"].contains(w) {
            let window = words[(i + 1)..<min(words.count, i + 5)]
            if window.contains(where: { $0.hasPrefix("appointment") || $0.hasPrefix("appt") || ["session", "sessions", "visit", "cita", "cleaning", "checkup", "exam", "consult", "consultation"].contains($0) }) {
                a.intents.insert(.reschedule)
            }
        }
        // "When is …'s appointment?", "What time is the appointment for …?": a look-up, whoever it is for.
        if (words.contains("when") || WordMatcher.find(["what", "time"], in: words) != nil || words.contains("cuando"))
            && words.contains(where: { $0.hasPrefix("appointment") || $0 == "cita" || $0 == "session" || $0 == "visit" })
            && a.intents.isDisjoint(with: [.book, .reschedule, .cancel, .hours]) {
            a.intents.insert(.appointmentLookup)
        }
        let spoken = Self.clearLanguage(raw)
        a.soundsSpanish = spoken == .es
        a.soundsEnglish = spoken == .en

        let text = NormalizedText(raw)
        a.dateOfBirth = TimeExpressions.dateOfBirth(in: text, today: today, language: language)
        let timeText = Self.fillers.reduce(" " + raw + " ") { $0.replacingOccurrences(of: " \($1) ", with: " ", options: .caseInsensitive) }
        a.when = TimeExpressions.extract(from: timeText == " " + raw + " " ? text : NormalizedText(timeText), today: today, language: language)
        if let w = a.when, words.contains("anytime") || WordMatcher.find(["any", "time"], in: words) != nil || words.contains("whenever") {
            a.when = DateConstraint(date: w.date, weekdayOnly: w.weekdayOnly, firstAvailable: w.firstAvailable)
            a.anyTime = true
        } else if words.contains("anytime") || WordMatcher.find(["any", "time"], in: words) != nil {
            a.anyTime = true
        }
        a.personName = PersonalDetails.personName(in: text, expectingName: expectingName && a.answer == nil)
        a.phone = PersonalDetails.phoneNumber(in: text)
        if a.personName == nil { a.personName = Self.possessiveName(raw) ?? bareName(raw) ?? lowercaseCueName(words) }

        let stems = Self.stemmed(words)
        var bestType: (at: Int, length: Int)?
        var mentions: [(start: Int, end: Int, length: Int, id: String, weak: Bool)] = []
        for m in typeMatchers {
            var from = 0
            while let at = WordMatcher.find(m.phrase, in: stems, from: from) {
                let negated = at > 0 && ["not", "no"].contains(stems[at - 1])
                let end = at + m.phrase.count
                if !negated { mentions.append((at, end, m.phrase.count, m.id, m.phrase.allSatisfy(Self.statusWords.contains))) }
                if !negated, bestType == nil || end > bestType!.at || (end == bestType!.at && m.phrase.count > bestType!.length) {
                    bestType = (end, m.phrase.count); a.appointmentTypeID = m.id
                    a.typeIsWeak = m.phrase.allSatisfy(Self.statusWords.contains)
                }
                from = at + 1
            }
        }
        for m in providerMatchers where WordMatcher.find(m.phrase, in: words) != nil { a.providerID = m.id; break }
        for c in carriers where WordMatcher.find(c.phrase, in: words) != nil && !(a.personName.map { WordMatcher.fold($0).contains(c.phrase.joined(separator: " ")) } ?? false) {
            a.carrier = profile.insurance.accepted.first { WordMatcher.fold($0) == WordMatcher.fold(c.name) }
                ?? profile.insurance.accepted.first { w in WordMatcher.words(of: WordMatcher.fold(w)).starts(with: c.phrase) }
                ?? c.name
            break
        }
        if a.carrier == nil, profile.practice.vertical != .veterinary, let named = Self.namedCarrier(raw) { a.carrier = named }
        if Self.noInsuranceCues.matches(words) { a.noInsurance = true; a.carrier = nil; a.intents.remove(.insurance) }
        if a.carrier != nil, Self.acceptQuestionCues.matches(words) { a.intents.insert(.insurance) }
        let clauses = raw.lowercased().split(whereSeparator: { ",.;!?".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }
        if Self.newCues.matches(words) || clauses.contains(where: { ["new", "new here", "nuevo", "nueva", "no, new", "new one"].contains($0) }) {
            a.isNewPatient = true
        } else if Self.existingCues.matches(words) { a.isNewPatient = false }
        // Mentions in order, a longer phrase covering a shorter one kept alone ("lost a filling", not "filling").
        if mentions.isEmpty {
            for m in typeMatchers where m.phrase.count == 2 {
                guard let i = stems.firstIndex(of: m.phrase[1]), let j = stems.firstIndex(of: m.phrase[0]), j > i, j - i <= 3 else { continue }
                mentions.append((i, j + 1, 2, m.id, false)); a.appointmentTypeID = m.id; break
            }
        }
        let kept = mentions.filter { m in !mentions.contains { o in o.length > m.length && o.start <= m.start && o.end >= m.end } }
        for m in kept.sorted(by: { $0.start < $1.start }) where !a.appointmentTypeIDs.contains(m.id) { a.appointmentTypeIDs.append(m.id) }
        // "erin walsh, we're new": a clause that is only a name, beside a new/existing statement.
        if a.personName == nil, a.isNewPatient != nil {
            for clause in raw.split(whereSeparator: { ",.;!?".contains($0) }) {
                let ws = clause.split(separator: " ")
                guard (2...3).contains(ws.count), !Self.newCues.matches(WordMatcher.words(of: WordMatcher.fold(String(clause)))),
                      !Self.existingCues.matches(WordMatcher.words(of: WordMatcher.fold(String(clause)))) else { continue }
                if let n = PersonalDetails.personName(in: NormalizedText(String(clause)), expectingName: true),
                   !WordMatcher.words(of: WordMatcher.fold(n)).contains(where: { vocabulary.contains($0) || Self.notNameWords.contains($0) }) {
                    a.personName = n; break
                }
            }
        }
        let nameWords = Set((a.personName.map { WordMatcher.words(of: WordMatcher.fold($0)) } ?? []))
        let topicWords = nameWords.isEmpty ? words : words.filter { !nameWords.contains($0) }
        for f in faqMatchers where WordMatcher.find(f.phrase, in: topicWords) != nil { a.faqTopic = f.topic; a.intents.insert(.faq); break }
        a.thirdParty = Self.thirdPartyCues.matches(words)
        if profile.practice.vertical != .veterinary {
            a.forSomeoneElse = Self.forSomeoneElseCues.matches(words)
            a.patientName = Self.relativeName(raw) ?? Self.patientCueName(raw, strong: a.forSomeoneElse)
            a.pronounName = Self.patientCueName(raw, strong: true)
        }
        a.declines = Self.declineCues.matches(words)
        a.billing = Self.billingCues.matches(words)
        a.complaint = Self.complaintCues.matches(words)
        if profile.practice.vertical == .mentalHealth, a.intents.contains(.human),
           WordMatcher.find(["someone", "about"], in: words) != nil || WordMatcher.find(["talk", "to", "a", "therapist"], in: words) != nil
            || WordMatcher.find(["talk", "to", "a", "counselor"], in: words) != nil,
           !Self.staffCues.matches(words) {
            a.intents.remove(.human); a.intents.insert(.book)
        }
        a.mentionsProblem = Self.problemCues.matches(words)

        if profile.practice.vertical == .veterinary {
            // "his appointment" on a vet line is the pet's; only people ("my friend's") make it someone else's.
            a.thirdParty = a.thirdParty && !(words.contains("his") || words.contains("her") || words.contains("its"))
            var pet = PersonalDetails.pet(in: text, knownPetNames: knownPetNames)
            // An explicit "her name's Daisy" beats a guess from "my dog's breath".
            if let cue = Self.petNameCue(raw) { pet.name = cue }
            if pet.name == nil, let known = knownPetNames.first(where: { k in words.contains { $0 == WordMatcher.fold(k) || $0 == WordMatcher.fold(k) + "s" || $0 == WordMatcher.fold(k) + "'s" } }) {
                pet.name = known
            }
            a.petName = pet.name; a.species = pet.species
            if let p = a.petName, let n = a.personName, p.lowercased() == n.lowercased() { a.personName = nil }
        }
        if a.intents.contains(.refill) {
            a.medication = Self.medication(in: words)
            if let i = Self.pharmacyWords.firstIndex(where: { WordMatcher.find(WordMatcher.words(of: $0), in: words) != nil }) {
                a.pharmacy = Self.pharmacyWords[i].capitalized
            }
            if a.pharmacy == nil || a.pharmacy == "Pharmacy" { a.pharmacy = Self.pharmacyPhrase(raw) ?? a.pharmacy }
        }
        // "I'm Jess Park" is not a request for Dr. Park.
        if a.providerID != nil, let n = a.personName ?? a.patientName {
            let nameWords = WordMatcher.words(of: WordMatcher.fold(n))
            let spoken = providerMatchers.filter { $0.id == a.providerID }.map(\.phrase)
            let explicit = spoken.contains { p in p.count > 1 && WordMatcher.find(p, in: words) != nil && !p.allSatisfy(nameWords.contains) }
            if !explicit, spoken.contains(where: { p in p.allSatisfy(nameWords.contains) }) { a.providerID = nil }
        }
        // Nothing read from the caller's words may carry health information into a record.
        if let n = a.personName, Self.isSensitive(n) { a.personName = nil }
        if let n = a.patientName, Self.isSensitive(n) { a.patientName = nil }
        if let n = a.pronounName, Self.isSensitive(n) { a.pronounName = nil }
        if let n = a.petName, Self.isSensitive(n) { a.petName = nil }
        if let c = a.carrier, Self.isSensitive(c) { a.carrier = nil }
        if let p = a.pharmacy, Self.isSensitive(p) { a.pharmacy = nil }
        // The caller's own name must not be a provider's or a carrier's.
        if let n = a.personName, carriers.contains(where: { WordMatcher.fold($0.name) == WordMatcher.fold(n) }) { a.personName = nil }
        return a
    }

    /// Words that carry health information. A name, carrier, medication or pharmacy read from caller text
    /// that contains one is dropped, so a condition can never reach a record or the staff summary.
    static let sensitiveWords: Set<String> = [
        "hiv", "aids", "positive", "negative", "cancer", "tumor", "autistic", "autism", "adhd", "add", "ptsd", "ocd", "bipolar",
        "schizophrenia", "schizophrenic", "depression", "depressed", "depressive", "anxiety", "anxious", "panic", "pregnant",
        "pregnancy", "diabetic", "diabetes", "epilepsy", "epileptic", "seizure", "seizures", "asthma", "asthmatic", "std", "sti",
        "herpes", "hepatitis", "covid", "addict", "addiction", "alcoholic", "sober", "rehab", "clinic", "methadone", "suboxone",
        "psych", "psychiatric", "mental", "disabled", "disability", "dementia", "alzheimers", "alzheimer's", "stroke", "heart",
        "kidney", "liver", "dialysis", "chemo", "chemotherapy", "infection", "infected", "sick", "ill", "pain", "painful",
        "abortion", "miscarriage", "ivf", "fertility", "transgender", "trans", "hormone", "hormones", "testosterone",
        "estrogen", "insulin", "opioid", "opioids", "pills", "meds", "medication", "medications", "medicine", "drug", "drugs",
        "deaf", "blind", "wheelchair", "allergic", "allergy", "allergies", "embarazada", "deprimido", "deprimida", "ansiedad",
        "diabetico", "diabetica", "enfermo", "enferma", "dolor", "cancer", "vih", "sida",
    ]
    /// Does a value read from caller text carry health information?
    public static func isSensitive(_ value: String) -> Bool {
        WordMatcher.words(of: WordMatcher.fold(value)).contains { sensitiveWords.contains($0) }
    }

    /// "Maria Gonzalez's appointment" → "Maria Gonzalez": a capitalised name owning an appointment or visit.
    static func possessiveName(_ raw: String) -> String? {
        let words = raw.replacingOccurrences(of: "\u{2019}", with: "'").split(whereSeparator: { $0 == " " || $0 == "," || $0 == "?" || $0 == "." })
        for (i, w) in words.enumerated() where w.hasSuffix("'s") && i + 1 < words.count {
            let next = words[i + 1].lowercased()
            guard ["appointment", "next", "visit", "session", "cleaning", "exam", "checkup", "upcoming"].contains(next) else { continue }
            var parts = [String(w.dropLast(2))]
            if i > 0, let f = words[i - 1].first, f.isUppercase, !["I", "Is", "When", "What", "Where", "Does", "Do", "My", "Can"].contains(String(words[i - 1])) {
                parts.insert(String(words[i - 1]), at: 0)
            }
            guard parts.allSatisfy({ $0.first?.isUppercase == true }) else { continue }
            return parts.joined(separator: " ")
        }
        return nil
    }

    /// Yes/no said at the start of the turn ("Yes, that works", "Sí, está bien", "No thanks").
    static func leadingAnswer(_ words: [String]) -> TurnAnalysis.YesNo? {
        let head = Array(words.prefix(4))
        let yes: Set<String> = ["yes", "yeah", "yep", "yup", "sure", "ok", "okay", "correct", "right", "perfect", "great",
                                "si", "claro", "vale", "absolutely", "definitely", "fine", "alright", "sounds", "please",
                                "correcto", "perfecto", "bueno", "exactly", "certainly", "yea", "ya"]
        let no: Set<String> = ["no", "nope", "nah", "incorrect", "wrong", "neither"]
        guard let first = head.first else { return nil }
        if no.contains(first) { return .no }
        if yes.contains(first) { return .yes }
        if head.starts(with: ["that", "works"]) || head.starts(with: ["that's", "fine"]) || head.starts(with: ["that's", "right"])
            || head.starts(with: ["that", "is", "fine"]) || head.starts(with: ["esta", "bien"]) || head.starts(with: ["de", "acuerdo"])
            || head.starts(with: ["this", "number"]) || head.starts(with: ["that's", "correct"]) || head.starts(with: ["that", "time"])
            || head.starts(with: ["go", "ahead"]) || head.starts(with: ["please", "do"]) || head.starts(with: ["of", "course"])
            || head.starts(with: ["works", "for"]) || head.starts(with: ["sounds", "good"]) || head.starts(with: ["that's", "perfect"]) {
            return .yes
        }
        if head.starts(with: ["not", "really"]) || head.starts(with: ["that", "doesn't"]) || head.starts(with: ["that", "won't"]) {
            return .no
        }
        return nil
    }

    static let knownMedications: Set<String> = [
        "amoxicillin", "lisinopril", "metformin", "atorvastatin", "sertraline", "lexapro", "escitalopram", "zoloft",
        "prozac", "fluoxetine", "wellbutrin", "bupropion", "adderall", "xanax", "ibuprofen", "gabapentin", "levothyroxine",
        "amlodipine", "omeprazole", "losartan", "albuterol", "prednisone", "tretinoin", "apoquel", "rimadyl", "carprofen",
        "heartgard", "nexgard", "simparica", "bravecto", "clindamycin", "chlorhexidine", "penicillin", "trazodone",
        "lamotrigine", "lithium", "seroquel", "abilify", "buspirone", "hydroxyzine", "insulin", "vetmedin", "proin",
    ]

    /// The medication named in a refill request: a known medication name only (never "my depression pills").
    static func medication(in words: [String]) -> String? {
        words.first { knownMedications.contains($0) }
    }

    /// A short answer to "Which medication?": one or two words that name no condition ("Lisinopril", "the Apoquel").
    public static func medicationAnswer(_ raw: String) -> String? {
        var words = WordMatcher.words(of: WordMatcher.fold(raw))
        if let known = medication(in: words) { return known }
        while let f = words.first, ["the", "my", "it's", "its", "um", "uh", "el", "la", "mi", "for", "it", "is"].contains(f) { words.removeFirst() }
        guard (1...2).contains(words.count), !isSensitive(raw), words.allSatisfy({ $0.count > 2 && !notNameWords.contains($0) && !nameStopWords.contains($0) }) else { return nil }
        return words.joined(separator: " ")
    }
}


