import FrontDeskCore

/// Names, phone numbers and pets from caller text.
public enum PersonalDetails {

    // MARK: - Person name

    /// The caller's own name: "my name is Sam Rivera", "I'm Alex Chen", "this is Kevin O'Brien",
    /// "it's Maria Gonzalez", "name's Alex Chen", "me llamo Luis Torres", "soy Luis Torres",
    /// "mi nombre es …"; "I'm new, Chris Park, …" after a new/existing-patient clause; and a bare
    /// "Priya Shah." when `expectingName`. Never "I'm new", "I'm calling", "this is urgent", "soy paciente nuevo".
    /// Capitalisation is kept as written (capitalised when the caller typed lower case); up to 3 words.
    public static func personName(in text: NormalizedText, expectingName: Bool) -> String? {
        let toks = text.tokens
        let f = text.features
        let n = min(toks.count, f.count)
        guard n > 0 else { return nil }
        // 1. Trigger phrases, earliest first.
        for i in 0..<n where f[i].info.flags & WordInfo.nameTrigger != 0 {
            for trig in nameTriggers where trig.words[0] == toks[i].folded {
                let p = trig.words
                guard i + p.count <= n else { continue }
                var ok = true
                for k in 1..<max(p.count, 1) where toks[i + k].folded != p[k] { ok = false; break }
                guard ok else { continue }
                if trig.needsClauseStart, i > 0, toks[i - 1].kind != .punct, !clauseOpeners.contains(toks[i - 1].folded) {
                    continue
                }
                var start = i + p.count
                // "soy la señora Gómez", "this is Mrs. Chen"
                if start < n, titles.contains(toks[start].folded) { start += 1 }
                else if start + 1 < n, toks[start].folded == "la" || toks[start].folded == "el", titles.contains(toks[start + 1].folded) { start += 2 }
                if start < n, toks[start].folded == "." { start += 1 }
                if var name = readName(text, from: start, strong: trig.strong, maxWords: trig.spanish ? 4 : 3) {
                    // "it's Marcus, Marcus Lee": a fuller repetition wins.
                    if name.end + 1 < n, toks[name.end].folded == ",",
                       let again = readName(text, from: name.end + 1, strong: trig.strong, maxWords: 3),
                       again.words > name.words, again.text.hasPrefix(name.text + " ") {
                        name = again
                    }
                    return name.text
                }
            }
        }
        // 2. A clause that is only a name: after "I'm new," / "I'm an existing patient," or when expected.
        var clauses: [Range<Int>] = []
        var s = 0
        for i in 0...n {
            if i == n || toks[i].kind == .punct {
                if i > s { clauses.append(s..<i) }
                s = i + 1
            }
        }
        for (ci, cl) in clauses.enumerated() {
            var lower = cl.lowerBound
            while lower < cl.upperBound, greetings.contains(toks[lower].folded) { lower += 1 }
            guard lower < cl.upperBound else { continue }
            // "Sam Rivera here", "Dana Whitfield calling about …"
            if let name = readName(text, from: lower, strong: false, maxWords: 3, requireCaps: !expectingName),
               name.end < cl.upperBound, selfIntroSuffixes.contains(toks[name.end].folded),
               text.isCased || expectingName || name.words >= 2 {
                return name.text
            }
            let afterStatus = ci > 0 && clauses[ci - 1].contains { f[$0].info.flags & WordInfo.status != 0 }
            guard expectingName || afterStatus else { continue }
            guard let name = readName(text, from: lower, strong: false, maxWords: 3, requireCaps: !expectingName),
                  name.end == cl.upperBound else { continue }
            if !expectingName && name.words < 2 { continue }
            return name.text
        }
        return nil
    }

    struct NameTrigger: Sendable {
        let words: [String]
        /// Strong triggers ("my name is") accept lower-case names even in cased text.
        let strong: Bool
        /// Must start a clause ("name's Alex Chen", not "her name's …").
        let needsClauseStart: Bool
        /// Spanish names often have four words (two surnames).
        var spanish = false
    }

    static let nameTriggers: [NameTrigger] = {
        func t(_ s: String, strong: Bool, start: Bool = false) -> NameTrigger {
            let w = Phrase(s).words
            return NameTrigger(words: w, strong: strong, needsClauseStart: start,
                               spanish: ["me", "mi", "soy", "le", "habla"].contains(w[0]))
        }
        return [
            t("my name is", strong: true), t("my name's", strong: true), t("my full name is", strong: true),
            t("my first name is", strong: true), t("name is", strong: true, start: true), t("name's", strong: true, start: true),
            t("the name is", strong: true, start: true), t("me llamo", strong: true), t("mi nombre es", strong: true),
            t("mi nombre", strong: true), t("this is", strong: false), t("it's", strong: false), t("it is", strong: false),
            t("i'm", strong: false), t("i am", strong: false), t("im", strong: false), t("soy", strong: false),
            t("le habla", strong: false), t("habla", strong: false, start: true), t("call me", strong: false),
            t("you can call me", strong: true), t("names", strong: true, start: true),
        ]
    }()

    static let titles: Set<String> = ["mr", "mrs", "ms", "miss", "mister", "senor", "senora", "senorita", "sr", "sra", "srta", "don", "dona"]
    static let greetings: Set<String> = ["hi", "hello", "hey", "there", "yes", "yeah", "oh", "good", "morning", "afternoon",
                                         "evening", "hola", "buenos", "buenas", "dias", "tardes", "noches", "um", "uh", "so"]
    static let clauseOpeners: Set<String> = ["and", "hi", "hello", "hey", "y", "hola", "oh", "yes", "yeah", "si", "ok", "okay", "well"]
    static let selfIntroSuffixes: Set<String> = ["here", "calling", "speaking", "hablando"]
    static let statusWords: Set<String> = ["new", "patient", "client", "existing", "returning", "nuevo", "nueva", "paciente",
                                           "cliente", "nuevos", "current", "customer"]

    /// Words that are never (part of) a caller's name (folded).
    static let nameStop: Set<String> = [
        // function words
        "a", "an", "the", "and", "or", "but", "if", "so", "to", "of", "in", "on", "at", "for", "from", "with", "about",
        "by", "as", "into", "over", "out", "up", "down", "off", "that", "this", "these", "those", "there", "here", "it",
        "its", "it's", "i", "i'm", "im", "me", "my", "mine", "you", "your", "he", "she", "him", "her", "his", "hers", "we",
        "us", "our", "they", "them", "their", "who", "what", "when", "where", "why", "how", "which", "is", "am", "are",
        "was", "were", "be", "been", "being", "have", "has", "had", "do", "does", "did", "will", "would", "can", "could",
        "should", "may", "might", "must", "not", "no", "yes", "yeah", "yep", "nope", "ok", "okay", "sure", "hi", "hello",
        "hey", "thanks", "thank", "please", "sorry", "just", "also", "still", "actually", "really", "very", "too", "quite",
        "pretty", "so", "all", "any", "some", "one", "two", "only", "even", "again", "then", "now", "well", "because",
        "than", "like", "gonna", "wanna", "gotta", "let", "let's", "that's", "what's", "there's", "i've", "i'd", "i'll",
        "don't", "can't", "won't", "isn't", "wasn't", "whether", "maybe", "probably", "definitely",
        // status, feelings, purposes
        "new", "existing", "returning", "current", "patient", "patients", "client", "customer", "member", "calling",
        "call", "interested", "pregnant", "urgent", "emergency", "nervous", "anxious", "scared", "afraid", "worried",
        "concerned", "sick", "ill", "hurt", "injured", "bleeding", "good", "fine", "great", "okay", "alright", "better",
        "worse", "bad", "sad", "happy", "glad", "excited", "ready", "free", "available", "busy", "home", "back", "late",
        "early", "done", "finished", "able", "unable", "allergic", "diabetic", "due", "overdue", "looking", "trying",
        "wondering", "hoping", "having", "going", "getting", "wanting", "needing", "thinking", "planning", "asking",
        "checking", "phoning", "ringing", "following", "reaching", "booking", "scheduling", "confirming", "cancelling",
        "canceling", "moving", "running", "feeling", "sure", "confused", "lost", "stuck", "tired", "exhausted", "in",
        "pain", "agony", "desperate", "frustrated", "annoyed", "upset", "curious", "unsure", "uninsured", "insured",
        "covered", "eligible", "seeing", "coming", "bringing", "taking", "someone", "somebody", "anyone", "nobody",
        "everyone", "something", "nothing", "anything", "everything", "regarding", "re", "about", "concerning", "a",
        "mom", "dad", "mother", "father", "wife", "husband", "son", "daughter", "parent", "friend", "coworker",
        "boss", "owner", "doctor", "dr", "mr", "mrs", "ms", "miss", "nurse", "office", "dental", "dentistry", "clinic",
        "insurance", "appointment", "cleaning", "exam", "checkup", "visit", "consult", "consultation", "therapy",
        "that", "correct", "right", "wrong", "true", "false", "perfect", "fantastic", "awesome", "cool", "bye",
        "goodbye", "morning", "afternoon", "evening", "tonight", "today", "tomorrow", "yesterday", "week", "weekend",
        "noon", "not", "never", "always", "usually", "already", "currently", "recently", "finally", "also", "myself",
        "her", "him", "them", "not", "unemployed", "retired", "pregnant", "over", "under", "out", "away", "off", "on",
        "fine", "ok", "k", "yup", "mhm", "uh", "um", "hmm", "er", "ah", "oh",
        // Spanish
        "de", "del", "la", "el", "los", "las", "un", "una", "unos", "unas", "y", "o", "que", "con", "para", "por", "en",
        "a", "al", "mi", "mis", "su", "sus", "tu", "yo", "es", "soy", "estoy", "esta", "está", "muy", "bien", "mal",
        "si", "no", "hola", "gracias", "paciente", "nuevo", "nueva", "nuevos", "cliente", "aqui", "llamando",
        "interesado", "interesada", "embarazada", "nervioso", "nerviosa", "preocupado", "preocupada", "urgente",
        "emergencia", "enfermo", "enferma", "listo", "lista", "tengo", "quiero", "necesito", "buenos", "buenas", "dias",
        "tardes", "noches", "senor", "senora", "doctor", "doctora", "usted", "ella", "el", "ellos", "quien", "como",
        "cuando", "donde", "porque", "pero", "tambien", "ya", "solo", "nada", "todo", "algo", "alguien", "madre",
        "padre", "esposa", "esposo", "hijo", "hija", "amigo", "amiga", "cita", "limpieza", "seguro", "claro", "vale",
        "perfecto", "correcto", "manana", "hoy",
        // verbs a short answer might start with
        "need", "needs", "want", "wants", "would", "like", "book", "schedule", "make", "get", "see", "come", "go",
        "cancel", "reschedule", "confirm", "move", "change", "ask", "wonder", "think", "know", "hope", "help", "try",
        "talk", "speak", "leave", "take", "give", "tell", "check", "say", "said", "got", "just", "wanted", "needed",
        "called", "named", "works", "work", "sounds", "thats", "whats", "bring", "pay", "paying", "self",
    ]

    /// Stop words that are also given names; accepted when capitalised in cased text ("I'm May Chen").
    static let ambiguousNames: Set<String> = ["may", "will", "hope", "joy", "faith", "grace", "summer", "mark", "bill", "pat", "sue", "art", "dawn", "june", "april", "august", "rose", "ray", "don", "guy", "sol", "luz", "paz", "pilar"]

    /// Lower-case name particles that may sit inside a name ("Maria de la Cruz", "Ludwig van Beethoven").
    static let particles: Set<String> = ["de", "del", "la", "las", "los", "van", "von", "der", "den", "da", "di", "du", "le", "st", "bin", "ibn", "al", "y"]

    struct NameRead { var text: String; var end: Int; var words: Int }

    /// Read up to `maxWords` name words from token `start`.
    static func readName(_ text: NormalizedText, from start: Int, strong: Bool, maxWords: Int, requireCaps: Bool = false) -> NameRead? {
        let toks = text.tokens
        let f = text.features
        var i = start
        var parts: [String] = []
        var words = 0
        var pendingParticles: [String] = []
        while i < toks.count && i < f.count && words < maxWords {
            let t = toks[i]
            guard t.kind == .word else { break }
            var folded = t.folded
            var original = t.original
            var possessive = false
            if folded.utf8.count > 3, folded.hasSuffix("'s"), !nameStop.contains(folded) {
                folded.removeLast(2); original.removeLast(2); possessive = true
            }
            if words > 0, particles.contains(folded), !t.isCapitalized || !text.isCased {
                // A particle only counts when a name word follows.
                if folded == "y" { break }
                pendingParticles.append(original)
                i += 1
                continue
            }
            guard isNameWord(t, f[i].info, folded: folded, text: text, strong: strong, requireCaps: requireCaps) else { break }
            parts.append(contentsOf: pendingParticles)
            pendingParticles.removeAll()
            parts.append(capitalized(original, cased: text.isCased))
            words += 1
            i += 1
            if possessive { break }
        }
        guard words > 0 else { return nil }
        let end = i - pendingParticles.count
        return NameRead(text: parts.joined(separator: " "), end: end, words: words)
    }

    /// `info` is the token's lexicon entry (for a possessive "Gonzalez's", that of "gonzalez" when the whole is unknown).
    static func isNameWord(_ t: Token, _ info: WordInfo, folded: String, text: NormalizedText, strong: Bool, requireCaps: Bool) -> Bool {
        guard folded.utf8.count >= 2 else { return false }
        if info.flags & WordInfo.nameStop != 0 && !(text.isCased && t.isCapitalized && ambiguousNames.contains(folded)) {
            return false
        }
        if info.weekday >= 0 || info.cardEn >= 0 || info.ordinal > 0 || (info.month >= 0 && !(text.isCased && t.isCapitalized)) {
            return false
        }
        // Letters, apostrophes, hyphens only.
        for u in folded.unicodeScalars where !(TextNormalizer.isLetter(u) || u == "'" || u == "-" || u == ".") { return false }
        if text.isCased {
            if !t.isCapitalized && (requireCaps || !strong) { return false }
        } else if !strong {
            // No capitalisation to go by: reject obvious non-names after "I'm"/"this is".
            if folded.hasSuffix("ing") || folded.hasSuffix("ed") || folded.hasSuffix("ly") || folded.hasSuffix("ous")
                || folded.hasSuffix("ful") || folded.hasSuffix("ive") || folded.hasSuffix("able") { return false }
        }
        return true
    }

    /// Keep the caller's capitalisation; capitalise lower-case input ("o'brien" → "O'Brien", "mary-jane" → "Mary-Jane").
    static func capitalized(_ w: String, cased: Bool) -> String {
        if let f = w.unicodeScalars.first, f.properties.isUppercase { return w }
        var out = String.UnicodeScalarView()
        var upNext = true
        var prev: [Unicode.Scalar] = []
        for u in w.unicodeScalars {
            if upNext, TextNormalizer.isLetter(u) {
                out.append(contentsOf: String(u).uppercased().unicodeScalars)
                upNext = false
            } else {
                out.append(u)
            }
            if u == "-" { upNext = true }
            if u == "'" && (prev == ["o"] || prev == ["O"] || prev == ["d"] || prev == ["D"]) { upNext = true }
            prev.append(u)
        }
        return String(out)
    }

    // MARK: - Phone

    /// A phone number: 10 digits with any spacing/dashes/parens/dots, optional +1/1, or spoken digits
    /// ("five one two five five five …", "cinco uno dos …"). Returns E.164 (+1XXXXXXXXXX for NANP).
    public static func phoneNumber(in text: NormalizedText) -> String? {
        for run in digitRuns(text, text.features) {
            if let e = e164(run.digits, plus: run.plus) { return e }
        }
        return nil
    }

    /// Token ranges that hold phone-like digit runs (7 or more digits).
    static func phoneSpans(in text: NormalizedText, features f: [TokenFeatures]) -> [Range<Int>] {
        digitRuns(text, f).filter { $0.digits.count >= 7 }.map(\.range)
    }

    static func e164(_ d: [UInt8], plus: Bool) -> String? {
        func s(_ a: ArraySlice<UInt8>) -> String { String(decoding: a.map { $0 + 48 }, as: UTF8.self) }
        if d.count == 10, d[0] >= 2 { return "+1" + s(d[...]) }
        if d.count == 11, d[0] == 1, d[1] >= 2 { return "+" + s(d[...]) }
        if plus, d.count >= 8, d.count <= 15 { return "+" + s(d[...]) }
        // Two numbers run together or an extension: take a leading NANP number.
        if d.count > 11 {
            if d[0] == 1, d[1] >= 2 { return "+" + s(d[0..<11]) }
            if d[0] >= 2 { return "+1" + s(d[0..<10]) }
        }
        return nil
    }

    struct DigitRun { var digits: [UInt8]; var range: Range<Int>; var plus: Bool }

    /// Maximal runs of digit tokens, digit words, "double/triple X" and ( ) - , . separators.
    static func digitRuns(_ text: NormalizedText, _ f: [TokenFeatures]) -> [DigitRun] {
        let toks = text.tokens
        let n = min(toks.count, f.count)
        let hot = TimeGrammar.shared.hot
        var runs: [DigitRun] = []
        func phoneToken(_ k: Int) -> [UInt8]? {
            let t = toks[k]
            guard t.kind == .number else { return nil }
            let fk = f[k]
            if fk.clockH >= 0 || fk.ordNum > 0 || fk.apostropheYY >= 0 { return nil }
            if fk.ndCount == 3 && (fk.ndLen0 == 4 || (fk.ndLen0 <= 2 && fk.ndLen1 <= 2)) { return nil }
            if fk.ndCount == 2 && fk.ndSep == 0x2F { return nil }
            var out: [UInt8] = []
            for u in t.folded.utf8 {
                if u >= 48 && u <= 57 { out.append(u - 48) }
                else if u == 45 || u == 46 || u == 43 { continue }
                else { return nil }
            }
            return out
        }
        var i = 0
        while i < n {
            let f0 = f[i]
            // Cheap start test: a number, a digit word ("o" only inside a run), "double/triple", or "(".
            let wordDigit = f0.info.digit >= 0 && !f0.isPunct && f0.id != hot.o
            guard toks[i].kind == .number || wordDigit || f0.info.flags & (WordInfo.double | WordInfo.triple) != 0 || f0.id == hot.lparen else {
                i += 1; continue
            }
            var digits: [UInt8] = []
            var j = i
            var last = i
            let plus = toks[i].kind == .number && toks[i].folded.utf8.first == 43
            while j < n {
                let fj = f[j]
                if toks[j].kind == .number {
                    guard let d = phoneToken(j) else { break }
                    digits += d; last = j; j += 1; continue
                }
                if !fj.isPunct, fj.info.digit >= 0, fj.id != hot.o || !digits.isEmpty {
                    digits.append(UInt8(fj.info.digit)); last = j; j += 1; continue
                }
                if fj.info.flags & (WordInfo.double | WordInfo.triple) != 0, j + 1 < n, f[j + 1].info.digit >= 0, !f[j + 1].isPunct {
                    let d = UInt8(f[j + 1].info.digit)
                    digits += Array(repeating: d, count: fj.info.flags & WordInfo.double != 0 ? 2 : 3)
                    last = j + 1; j += 2; continue
                }
                if fj.isPunct, fj.info.flags & WordInfo.phoneSeparator != 0, !digits.isEmpty || fj.id == hot.lparen {
                    if fj.id == hot.period && !(j + 1 < n && toks[j + 1].kind == .number) { break }
                    j += 1; continue
                }
                break
            }
            if !digits.isEmpty {
                runs.append(DigitRun(digits: digits, range: i..<(last + 1), plus: plus))
                i = last + 1
            } else {
                i += 1
            }
        }
        return runs
    }

    // MARK: - Pet

    /// A pet: name and species from "a puppy named Pepper", "my dog Biscuit", "Biscuit's appointment",
    /// "my cat, Luna", "for Max, he's a beagle", "mi perro se llama Max". Species is normalised
    /// (puppy → dog, kitten → cat, perro → dog, gato → cat).
    public static func pet(in text: NormalizedText, knownPetNames: [String]) -> (name: String?, species: String?) {
        let toks = text.tokens
        let f = text.features
        let n = min(toks.count, f.count)
        var species: String?
        var speciesAt: [Int] = []
        for i in 0..<n where f[i].info.species >= 0 {
            if toks[i].folded == "guinea" && !(i + 1 < n && toks[i + 1].folded.hasPrefix("pig")) { continue }
            if species == nil { species = speciesNames[Int(f[i].info.species)] }
            speciesAt.append(i)
        }
        // Known names first.
        for known in knownPetNames {
            let p = Phrase(known)
            if !p.words.isEmpty, text.contains(p) { return (known, species) }
            if p.words.count == 1, text.tokens.contains(where: { $0.folded == p.words[0] + "'s" }) { return (known, species) }
        }
        func nameAt(_ k: Int) -> String? {
            guard k >= 0, k < n else { return nil }
            let t = toks[k]
            guard t.kind == .word else { return nil }
            let info = f[k].info
            var folded = t.folded, original = t.original
            if folded.hasSuffix("'s") { folded.removeLast(2); original.removeLast(2) }
            guard folded.utf8.count >= 2, info.flags & (WordInfo.nameStop | WordInfo.petStop) == 0, info.species < 0,
                  info.weekday < 0, info.month < 0, info.cardEn < 0 else { return nil }
            if text.isCased && !t.isCapitalized { return nil }
            if !text.isCased && (folded.hasSuffix("ing") || folded.hasSuffix("ed")) { return nil }
            return capitalized(original, cased: text.isCased)
        }
        func word(_ k: Int) -> String { k >= 0 && k < n ? toks[k].folded : "" }
        // "named Pepper", "called Pepper", "llamado Max", "se llama Max" / "his name is Max" (with a species said)
        for i in 0..<n where f[i].info.flags & WordInfo.petCue != 0 {
            let w = toks[i].folded
            if w == "llama" {
                if word(i - 1) == "se", !speciesAt.isEmpty, let nm = nameAt(i + 1) { return (nm, species) }
            } else if w == "name" {
                if word(i + 1) == "is", speciesAt.contains(where: { $0 < i && i - $0 <= 3 }), let nm = nameAt(i + 2) { return (nm, species) }
            } else if !selfWords.contains(word(i - 1)), let nm = nameAt(i + 1) {
                return (nm, species)
            }
        }
        // "my dog Biscuit", "my cat, Luna", "mi perro Max"
        for s in speciesAt {
            let before = word(s - 1)
            if petOwners.contains(before) || possessiveBreed(word(s - 2), before) {
                var k = word(s) == "guinea" ? s + 2 : s + 1
                if word(k) == "," { k += 1 }
                if let nm = nameAt(k) { return (nm, species) }
            }
        }
        // "Biscuit's appointment", "Max's shots"
        for i in 0..<n where toks[i].kind == .word && toks[i].folded.hasSuffix("'s") {
            guard i + 1 < n, f[i + 1].info.flags & WordInfo.petVisit != 0
                || (word(i + 1) == "next" && i + 2 < n && f[i + 2].info.flags & WordInfo.petVisit != 0) else { continue }
            if i > 0, toks[i - 1].kind == .word, toks[i - 1].isCapitalized, text.isCased { continue } // "Maria Gonzalez's"
            if i > 0, possessivePronouns.contains(word(i - 1)) { continue }
            if let nm = nameAt(i) { return (nm, species) }
        }
        // "Max, he's a beagle", "for Max, she's a kitten", "Luna is my cat", "Luna, my cat"
        for s in speciesAt {
            var k = s - 1
            if articles.contains(word(k)) { k -= 1 }
            if copulas.contains(word(k)) {
                k -= 1
                if word(k) == "," { k -= 1 }
                if let nm = nameAt(k) { return (nm, species) }
            } else if word(s - 1) == "my" || word(s - 1) == "our" {
                k = s - 2
                if word(k) == "," { k -= 1 }
                if k >= 0, word(k - 1) == "for" || k == 0 || toks[k - 1].kind == .punct, let nm = nameAt(k) { return (nm, species) }
            }
        }
        return (nil, species)
    }

    static let selfWords: Set<String> = ["i'm", "im", "am", "me"]
    static let petOwners: Set<String> = ["my", "our", "mi", "nuestro", "nuestra", "the", "her", "his"]
    static let possessivePronouns: Set<String> = ["my", "his", "her", "our", "your", "mi"]
    static let articles: Set<String> = ["a", "an", "my", "our", "mi", "un", "una"]
    static let copulas: Set<String> = ["he's", "she's", "it's", "is", "es"]
    static let petAdjectives: Set<String> = ["little", "old", "new", "sweet", "baby", "senior"]

    private static func possessiveBreed(_ a: String, _ b: String) -> Bool {
        (a == "my" || a == "our" || a == "mi") && (speciesWords[b] != nil || petAdjectives.contains(b))
    }

    /// Normalised species names.
    static let speciesNames = ["dog", "cat", "rabbit", "bird", "hamster", "guinea pig", "ferret", "horse", "turtle", "reptile", "snake"]

    static let petVisitWords: Set<String> = [
        "appointment", "appt", "shots", "vaccines", "vaccinations", "vaccination", "booster", "boosters", "checkup",
        "check-up", "visit", "exam", "surgery", "spay", "neuter", "dental", "grooming", "nails", "records", "meds",
        "medication", "prescription", "cita", "vacunas", "wellness", "annual", "follow-up", "followup", "teeth",
    ]
    static let petStop: Set<String> = ["ate", "eats", "has", "had", "keeps", "got", "gets", "needs", "just", "won't",
                                       "can't", "isn't", "seems", "threw", "vomited", "swallowed", "is", "was", "and",
                                       "who", "which", "that", "comio", "tiene", "necesita", "esta"]

    static let speciesWords: [String: String] = {
        var m: [String: String] = [:]
        for w in ["dog", "dogs", "puppy", "puppies", "pup", "pups", "doggy", "doggie", "doggo", "perro", "perra", "perrito",
                  "perrita", "cachorro", "cachorra", "cachorrito", "cachorrita", "beagle", "labrador", "retriever", "poodle",
                  "doodle", "goldendoodle", "labradoodle", "bulldog", "frenchie", "terrier", "chihuahua", "dachshund", "corgi",
                  "pug", "husky", "shepherd", "pitbull", "pittie", "collie", "schnauzer", "yorkie", "maltese", "rottweiler",
                  "doberman", "greyhound", "spaniel", "pomeranian", "shih", "sheepdog", "mastiff", "dalmatian", "weimaraner"] {
            m[w] = "dog"
        }
        for w in ["cat", "cats", "kitten", "kittens", "kitty", "kitties", "gato", "gata", "gatito", "gatita", "siamese",
                  "persian", "tabby", "minino"] {
            m[w] = "cat"
        }
        for w in ["rabbit", "rabbits", "bunny", "bunnies", "conejo", "coneja", "conejito", "conejita"] { m[w] = "rabbit" }
        for w in ["bird", "birds", "parrot", "parakeet", "budgie", "cockatiel", "canary", "pajaro", "loro", "perico", "periquito"] { m[w] = "bird" }
        for w in ["hamster", "hamsters", "hamster's"] { m[w] = "hamster" }
        m["guinea"] = "guinea pig"
        for w in ["ferret", "ferrets", "huron"] { m[w] = "ferret" }
        for w in ["horse", "pony", "caballo", "yegua"] { m[w] = "horse" }
        for w in ["turtle", "tortoise", "tortuga"] { m[w] = "turtle" }
        for w in ["lizard", "gecko", "iguana", "bearded", "lagarto"] { m[w] = "reptile" }
        for w in ["snake", "python", "serpiente"] { m[w] = "snake" }
        return m
    }()
}
