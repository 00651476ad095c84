import FrontDeskCore

/// How the receptionist says dates, times, numbers and lists, per language. Numbers are digits.
enum Spoken {
    static let monthsEN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                           "October", "November", "December"]
    static let monthsES = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
                           "octubre", "noviembre", "diciembre"]

    /// "Tuesday, March 10" / "el martes 10 de marzo".
    static func date(_ d: LocalDate, _ lang: Language) -> String {
        switch lang {
        case .en: return "\(d.weekday.englishName), \(monthsEN[d.month - 1]) \(d.day)"
        case .es: return "el \(d.weekday.spanishName) \(d.day) de \(monthsES[d.month - 1])"
        }
    }

    static func time(_ t: TimeOfDay, _ lang: Language) -> String {
        lang == .en ? t.spokenEnglish : t.spokenSpanish
    }

    /// "Tuesday, March 10 at 9 AM" / "el martes 10 de marzo a las 9 de la mañana".
    static func dateTime(_ t: LocalDateTime, _ lang: Language) -> String {
        lang == .en ? "\(date(t.date, .en)) at \(time(t.time, .en))" : "\(date(t.date, .es)) a \(time(t.time, .es))"
    }

    /// "+13125550177" → "312-555-0177"; short codes as they are.
    static func phone(_ e164: String) -> String {
        let digits = e164.filter(\.isNumber)
        if digits.count == 11, digits.hasPrefix("1") {
            let d = Array(digits.dropFirst())
            return "\(String(d[0..<3]))-\(String(d[3..<6]))-\(String(d[6..<10]))"
        }
        return e164
    }

    /// "a, b and c" / "a, b y c".
    static func list(_ items: [String], _ lang: Language, conjunction: String? = nil) -> String {
        let and = conjunction ?? (lang == .en ? "and" : "y")
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return "\(items[0]) \(and) \(items[1])"
        default: return items.dropLast().joined(separator: ", ") + ", \(and) " + items.last!
        }
    }

    /// Weekly hours grouped by equal ranges: "Monday to Wednesday 8 AM to 5 PM, Thursday 10 AM to 7 PM, …".
    static func weeklyHours(_ profile: PracticeProfile, _ lang: Language) -> String {
        var groups: [(first: Weekday, last: Weekday, range: OpenRange?)] = []
        for d in Weekday.allCases {
            let r = profile.hours[d]
            if let g = groups.last, g.range == r, g.last.rawValue == d.rawValue - 1 {
                groups[groups.count - 1].last = d
            } else {
                groups.append((d, d, r))
            }
        }
        let parts: [String] = groups.compactMap { g in
            guard let r = g.range else { return nil }
            let dayName = { (w: Weekday) in lang == .en ? w.englishName : w.spanishName }
            let days = g.first == g.last ? dayName(g.first)
                : (lang == .en ? "\(dayName(g.first)) to \(dayName(g.last))" : "de \(dayName(g.first)) a \(dayName(g.last))")
            return lang == .en ? "\(days) \(range(r, .en))" : "\(days) \(range(r, .es))"
        }
        let closed = groups.filter { $0.range == nil }.flatMap { g in (g.first.rawValue...g.last.rawValue).map { Weekday(rawValue: $0)! } }
        var s = list(parts, lang)
        if !closed.isEmpty {
            let names = closed.map { lang == .en ? $0.englishName + "s" : $0.spanishName }
            let weekend = Set(closed) == [.sat, .sun]
            s += lang == .en ? "; closed " + (weekend ? "on weekends" : "on " + list(names, .en))
                : "; cerrado " + (weekend ? "los fines de semana" : "los " + list(names, .es))
        }
        return s
    }

    static func range(_ r: OpenRange, _ lang: Language) -> String {
        lang == .en ? "\(time(r.start, .en)) to \(time(r.end, .en))" : "de \(bareSpanish(r.start)) a \(bareSpanish(r.end))"
    }

    /// "8 de la mañana", "7:30 de la tarde" (no article, for ranges).
    static func bareSpanish(_ t: TimeOfDay) -> String {
        let s = t.spokenSpanish
        for article in ["las ", "la "] where s.hasPrefix(article) { return String(s.dropFirst(article.count)) }
        return s
    }

    /// "los lunes", "los sábados".
    static func spanishPlural(_ d: Weekday) -> String {
        d == .sat || d == .sun ? d.spanishName + "s" : d.spanishName
    }

    /// A provider's name as spoken: "Dr. Anika Patel", "Carmen Alvarez" (credentials after a comma dropped).
    static func provider(_ p: Provider) -> String {
        p.name.split(separator: ",").first.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? p.name
    }

    /// Generic words in appointment type names, spoken in lower case; brand names keep theirs
    /// ("a Botox consultation", "a HydraFacial", "a dental exam").
    static let genericWords: Set<String> = [
        "cleaning", "exam", "dental", "consultation", "consult", "visit", "session", "new", "client", "patient", "intake",
        "therapy", "wellness", "sick", "pet", "laser", "hair", "removal", "dermal", "filler", "whitening", "same-day",
        "emergency", "checkup", "check-up", "follow-up", "annual", "physical", "teeth", "initial", "appointment",
        "vaccine", "vaccines", "vaccination", "counseling", "medication", "management", "urgent", "care", "well", "child",
        "adult", "sports", "acute", "evaluation", "limpieza", "examen", "consulta", "revisión", "facial", "peel",
        "chemical", "microneedling", "injection", "injections", "psychiatric", "family", "couples", "individual", "group",
        "free", "aesthetic", "treatment", "shot", "shots", "flu", "kitten", "puppy", "nail", "trim", "x-rays", "with",
    ]

    /// The spoken name of an appointment type, optionally with "a"/"an".
    static func typeName(_ t: AppointmentType, _ lang: Language, article: Bool = false) -> String {
        let words = t.name(in: lang).split(separator: " ").map { w -> String in
            genericWords.contains(w.lowercased()) ? w.lowercased() : String(w)
        }
        let name = words.joined(separator: " ")
        guard article, lang == .en else { return name }
        let vowel = name.first.map { "aeiouAEIOU".contains($0) } ?? false
        return (vowel ? "an " : "a ") + name
    }

    static func capitalized(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

    static func firstName(_ name: String) -> String {
        String(name.split(separator: " ").first ?? Substring(name))
    }
}
