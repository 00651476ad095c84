import FrontDeskCore

// MARK: - Public API

/// When the caller wants to come in, as far as they said it.
public struct DateConstraint: Sendable, Equatable {
    /// A resolved day.
    public var date: LocalDate?
    /// Set when only a weekday was said ("Tuesday", "next Monday"); `date` then holds its resolution.
    public var weekdayOnly: Weekday?
    public var part: DayPart?
    /// "3pm", "at 10", "10:30", "noon".
    public var exactTime: TimeOfDay?
    /// "after 4" (16:00), "después de las 4", "any time after lunch" (13:00).
    public var notBefore: TimeOfDay?
    /// "before 10", "antes de las 10".
    public var notAfter: TimeOfDay?
    /// "first available", "earliest", "as soon as possible", "lo antes posible".
    public var firstAvailable: Bool
    /// Reserved.
    public var spokenDate: String?

    public init(date: LocalDate? = nil, weekdayOnly: Weekday? = nil, part: DayPart? = nil, exactTime: TimeOfDay? = nil,
                notBefore: TimeOfDay? = nil, notAfter: TimeOfDay? = nil, firstAvailable: Bool = false,
                spokenDate: String? = nil) {
        self.date = date; self.weekdayOnly = weekdayOnly; self.part = part; self.exactTime = exactTime
        self.notBefore = notBefore; self.notAfter = notAfter; self.firstAvailable = firstAvailable
        self.spokenDate = spokenDate
    }
}

/// Rule-based date and time expressions (Duckling/SUTime style): the grammar is data (`TimeGrammar`),
/// matched by a tiny backtracking matcher over pre-computed token features, then resolved against `today`.
public enum TimeExpressions {
    /// Resolve date/time phrases about an appointment against `today` (practice-local).
    /// Dates of birth, phone numbers, past events ("since last night", "yesterday") and negated
    /// mentions ("not Tuesday", "Tuesday doesn't work") are ignored. Nil when nothing temporal was said.
    public static func extract(from text: NormalizedText, today: LocalDate, language: Language) -> DateConstraint? {
        TimeGrammar.Context.with(text, language) { ctx in
            var masked = [Bool](repeating: false, count: ctx.n)
            for m in dobMatches(ctx, today: today, forMasking: true) { for i in m.range { masked[i] = true } }
            for r in PersonalDetails.phoneSpans(in: text, features: text.features) { for i in r where i < ctx.n { masked[i] = true } }
            return masked.withUnsafeBufferPointer { TimeGrammar.shared.resolve(ctx, masked: $0, today: today) }
        }
    }

    /// A date of birth anywhere in the text: "July 12th, 1984", "12 July 1984", "7/12/1984", "07-12-84",
    /// "1984-07-12", "born February 3rd 1979", "February third, nineteen seventy-nine",
    /// "doce de julio de 1984", "el 3 de febrero de 1979". Only a past date at most 120 years back.
    public static func dateOfBirth(in text: NormalizedText, today: LocalDate) -> LocalDate? {
        dateOfBirth(in: text, today: today, language: .en)
    }

    /// As `dateOfBirth(in:today:)`; `language` decides numeric order (es: day/month/year).
    public static func dateOfBirth(in text: NormalizedText, today: LocalDate, language: Language) -> LocalDate? {
        TimeGrammar.Context.with(text, language) { dobMatches($0, today: today).first?.date }
    }

    /// Token ranges holding a date of birth (so other extractors can skip them).
    public static func dateOfBirthSpans(in text: NormalizedText, today: LocalDate, language: Language = .en) -> [Range<Int>] {
        TimeGrammar.Context.with(text, language) { dobMatches($0, today: today).map(\.range) }
    }

    static func dobMatches(_ ctx: TimeGrammar.Context, today: LocalDate, forMasking: Bool = false) -> [(date: LocalDate, range: Range<Int>)] {
        let g = TimeGrammar.shared
        let none = [Bool](repeating: false, count: ctx.n)
        var out: [(LocalDate, Range<Int>)] = []
        let found = none.withUnsafeBufferPointer { g.scan(ctx, rules: g.dobRules, index: g.dobIndex, masked: $0) }
        for m in found {
            guard case .monthDay(let mo, let d, let y) = m.fact, y != nil else { continue }
            var year = y!
            if year < 0 { // two-digit year: the most recent century that puts the date in the past
                year = 2000 + (-year - 1)
                if let soon = Self.valid(year, mo, d), soon >= today {
                    // "3/16/26" said today is an upcoming day, not a birth date a century ago.
                    if forMasking && today.days(until: soon) <= 400 { continue }
                    year -= 100
                } else if year > today.year {
                    year -= 100
                }
            }
            guard let date = Self.valid(year, mo, d), date < today, year >= today.year - 120 else { continue }
            out.append((date, m.start..<m.end))
        }
        return out
    }

    static func valid(_ y: Int, _ m: Int, _ d: Int) -> LocalDate? {
        LocalDate.isValid(year: y, month: m, day: d) ? LocalDate(year: y, month: m, day: d) : nil
    }
}

// MARK: - Lexicon and token features

/// What the lexicon knows about one folded word.
struct WordInfo: Sendable {
    var id: Int32 = -1
    var weekday: Int8 = -1
    var month: Int8 = -1
    /// English / Spanish cardinal value (0...99; hyphenated compounds included), -1 when not one.
    var cardEn: Int16 = -1
    var cardEs: Int16 = -1
    /// Spanish hundreds ("novecientos" = 900).
    var hundreds: Int16 = -1
    /// Ordinal word value ("third" = 3, "twenty-first" = 21, "primero" = 1), 0 when not one.
    var ordinal: Int8 = 0
    /// Digit word for spoken phone numbers ("oh" = 0, "cinco" = 5), -1 when not one.
    var digit: Int8 = -1
    /// 0 am, 1 pm, -1 neither.
    var meridiem: Int8 = -1
    /// Index into `PersonalDetails.speciesNames` for pet words ("puppy" → dog), -1 otherwise.
    var species: Int8 = -1
    /// Word-class bits (below).
    var flags: UInt32 = 0
    static let noon: UInt32 = 1
    /// A unit or counted noun: a number before it is not a time or a day ("3 months", "at 2 locations").
    static let unit: UInt32 = 2
    static let negBefore: UInt32 = 4
    static let negAfter: UInt32 = 8
    static let pseudoNeg: UInt32 = 16
    static let historical: UInt32 = 32
    static let birth: UInt32 = 64
    static let breaker: UInt32 = 128
    static let determiner: UInt32 = 256
    /// "double", "triple" in spoken phone numbers.
    static let double: UInt32 = 512
    static let triple: UInt32 = 1024
    /// ( ) - , . between phone digits.
    static let phoneSeparator: UInt32 = 2048
    /// Never part of a caller's name ("new", "calling", "urgent", "paciente").
    static let nameStop: UInt32 = 4096
    /// First word of a name trigger ("my", "i'm", "this", "me", "soy").
    static let nameTrigger: UInt32 = 8192
    /// "new", "patient", "existing" … (a name may follow that clause).
    static let status: UInt32 = 16384
    /// "named", "called", "llamado", "llama", "name" (a pet's name may follow).
    static let petCue: UInt32 = 32768
    /// "appointment", "shots", … after a pet's possessive name.
    static let petVisit: UInt32 = 65536
    /// Verbs and such that are not a pet's name ("my dog ate").
    static let petStop: UInt32 = 131072
}

/// Lexicon ids of words the matcher tests directly (compared as integers, not strings).
struct HotWords: Sendable {
    var of: Int32 = -1, de: Int32 = -1, del: Int32 = -1, the: Int32 = -1, y: Int32 = -1, menos: Int32 = -1
    var hundred: Int32 = -1, oh: Int32 = -1, o: Int32 = -1, two: Int32 = -1, thousand: Int32 = -1, and: Int32 = -1
    var dos: Int32 = -1, mil: Int32 = -1, oclock: Int32 = -1, oclock2: Int32 = -1, midnight: Int32 = -1
    var media: Int32 = -1, cuarto: Int32 = -1, la: Int32 = -1, en: Int32 = -1, por: Int32 = -1, manana: Int32 = -1
    var madrugada: Int32 = -1, tarde: Int32 = -1, noche: Int32 = -1, mediodia: Int32 = -1, noon: Int32 = -1
    var midday: Int32 = -1, colon: Int32 = -1, slash: Int32 = -1, comma: Int32 = -1, instead: Int32 = -1
    var other: Int32 = -1, rather: Int32 = -1, than: Int32 = -1, from: Int32 = -1, ago: Int32 = -1, no: Int32 = -1
    var lparen: Int32 = -1, period: Int32 = -1
}

/// Per-token features, computed once per `NormalizedText` (kept small: the matcher copies them).
struct TokenFeatures: Sendable {
    var id: Int32 = -1
    var info = WordInfo()
    var isPunct = false
    var isBreak = false
    var num32: Int32 = -1
    var nDigits8: Int8 = 0
    var ord8: Int8 = 0
    var clockH8: Int8 = -1
    var clockM8: Int8 = -1
    var yy8: Int8 = -1
    /// All-digit token value (up to 9 digits), -1 otherwise.
    var num: Int { Int(num32) }
    var nDigits: Int { Int(nDigits8) }
    /// "16th" → 16.
    var ordNum: Int { Int(ord8) }
    /// "10:30" → 10, 30.
    var clockH: Int { Int(clockH8) }
    var clockM: Int { Int(clockM8) }
    /// "'84" → 84.
    var apostropheYY: Int { Int(yy8) }
    /// Numeric date parts ("3/16/2026", "07-12-84", "1984-07-12"): up to three numbers and their digit counts.
    var ndCount: Int8 = 0
    var nd0: Int16 = 0, nd1: Int16 = 0, nd2: Int16 = 0
    var ndLen0: Int8 = 0, ndLen1: Int8 = 0, ndLen2: Int8 = 0
    /// "/", "-" or "." as a byte.
    var ndSep: UInt8 = 0
    /// `TimeGrammar.Kind` bits: what rules this token can start.
    var kinds: UInt16 = 0

    var card: Int { info.cardEn >= 0 ? Int(info.cardEn) : Int(info.cardEs) }
}

// MARK: - Grammar

/// The time grammar as data: token patterns with the facts they produce.
struct TimeGrammar: Sendable {
    static let shared = TimeGrammar()

    enum Class: Sendable {
        case weekday, month
        /// Day of month in any form: 16, 16th, sixteenth, sixteen, dieciséis (bare numbers need a date-like follower).
        case dom
        /// Explicitly ordinal day: 16th, sixteenth, twenty first.
        case domOrd
        /// Bare digits 1...31 followed by something date-like.
        case domBare
        /// 4-digit or spoken year.
        case year
        /// Year for a birth date: also '84 and a trailing 2-digit number.
        case yearDOB
        case countEn, countEs
        case numDate, numDateYear
        /// A time: "10:30", "3pm", "3 o'clock", "noon", "three thirty pm".
        case timeStrong
        /// Also a bare hour ("at 10", "after 4").
        case timeWeak
        /// Spanish time after "a las": "3", "tres y media", "10:30", "cuatro menos cuarto", "3 de la tarde".
        case timeEs
        case anyWord
    }

    /// One compiled pattern element: literal ids live in `idPool[idStart ..< idStart + idCount]`.
    struct Elem: Sendable {
        var idStart: Int32 = 0
        var idCount: Int32 = 0
        var cls: Class?
        var optional = false
    }

    /// The element and id pools as buffers, for the matcher.
    struct Pools {
        let elems: UnsafeBufferPointer<Elem>
        let ids: UnsafeBufferPointer<Int32>
    }

    enum WeekdayMode: Sendable, Equatable { case upcoming, next, weekFrom(Int) }

    struct TimeSpec: Sendable, Equatable {
        private var h8: Int8, m8: Int8, mer8: Int8
        var hour: Int { get { Int(h8) } set { h8 = Int8(clamping: newValue) } }
        var minute: Int { get { Int(m8) } set { m8 = Int8(clamping: newValue) } }
        /// 0 am, 1 pm, -1 unsaid.
        var meridiem: Int { get { Int(mer8) } set { mer8 = Int8(clamping: newValue) } }
        init(hour: Int, minute: Int, meridiem: Int) {
            h8 = Int8(clamping: hour); m8 = Int8(clamping: minute); mer8 = Int8(clamping: meridiem)
        }

        func resolved(part: DayPart?) -> TimeOfDay {
            var h = hour
            if meridiem == 0 { if h == 12 { h = 0 } }
            else if meridiem == 1 { if h < 12 { h += 12 } }
            else if h >= 13 || h == 0 { }
            else if let p = part {
                if p != .morning && h < 12 { h += 12 }
            } else if h <= 7 { h += 12 }
            return TimeOfDay(hour: min(h, 24), minute: h >= 24 ? 0 : minute)
        }
    }

    enum Fact: Sendable {
        case rel(Int)
        case weekday(Int, WeekdayMode)
        case weekdayDom(Int, Int)
        /// "next week" (1), "the week after next" (2).
        case weekAhead(Int)
        case dom(Int)
        /// Year nil when unsaid; negative -(yy+1) for a 2-digit year.
        case monthDay(Int, Int, Int?)
        case part(DayPart)
        case window(Int?, Int?)
        case exact(TimeSpec)
        case after(TimeSpec)
        case before(TimeSpec)
        case firstAvailable
        case sink

        var isDate: Bool {
            switch self {
            case .rel, .weekday, .weekdayDom, .weekAhead, .dom, .monthDay: return true
            default: return false
            }
        }
    }

    struct Caps: Sendable {
        private var w: Int8 = -1, mo: Int8 = -1, d: Int8 = -1, c: Int8 = -1
        private var y: Int16 = 0
        private var hasYear = false
        var time0: TimeSpec?, time1: TimeSpec?
        var weekday: Int { get { Int(w) } set { w = Int8(newValue) } }
        var month: Int { get { Int(mo) } set { mo = Int8(newValue) } }
        var day: Int { get { Int(d) } set { d = Int8(newValue) } }
        var count: Int { get { Int(c) } set { c = Int8(clamping: newValue) } }
        var year: Int? {
            get { hasYear ? Int(y) : nil }
            set { hasYear = newValue != nil; y = Int16(clamping: newValue ?? 0) }
        }
        mutating func addTime(_ t: TimeSpec) { if time0 == nil { time0 = t } else { time1 = t } }
    }

    struct Rule: Sendable {
        /// `elemPool[elemStart ..< elemEnd]`.
        var elemStart: Int
        var elemEnd: Int
        var action: @Sendable (Caps) -> [Fact]
    }

    struct Match: Sendable {
        var fact: Fact
        var start: Int
        var end: Int
    }

    /// Per-utterance view: tokens and their features, as buffers (no reference counting in the matcher).
    struct Context {
        let f: UnsafeBufferPointer<TokenFeatures>
        let tokens: UnsafeBufferPointer<Token>
        let n: Int
        let language: Language
        static func with<R>(_ text: NormalizedText, _ language: Language, _ body: (Context) -> R) -> R {
            text.features.withUnsafeBufferPointer { f in
                text.tokens.withUnsafeBufferPointer { t in
                    body(Context(f: f, tokens: t, n: min(f.count, t.count), language: language))
                }
            }
        }
    }
    typealias Mask = UnsafeBufferPointer<Bool>

    /// Rules indexed by the lexicon id / class that can start them.
    struct RuleIndex: Sendable {
        /// Rules a token with this lexicon id can start (array indexed by id), beyond those found by kind.
        var byId: [[Int32]] = []
        /// Rules that can start with a token class, and the token kinds that can start them.
        var classRule: [Int32] = []
        var classKinds: [UInt16] = []
        /// Element ranges of every rule (kept apart from the actions so the matcher touches no closures).
        var elemStart: [Int32] = []
        var elemEnd: [Int32] = []
    }

    /// Token kinds, for a cheap "can this token start that rule" test.
    enum Kind {
        static let weekday: UInt16 = 1, month: UInt16 = 2, digits: UInt16 = 4, ordinal: UInt16 = 8, cardinal: UInt16 = 16
        static let clock: UInt16 = 32, numDate: UInt16 = 64, noon: UInt16 = 128, apostropheYY: UInt16 = 256
        static let word: UInt16 = 512
    }

    static func kinds(of f: TokenFeatures) -> UInt16 {
        var k: UInt16 = 0
        if f.isPunct { return 0 }
        k |= Kind.word
        if f.info.weekday >= 0 { k |= Kind.weekday }
        if f.info.month >= 0 { k |= Kind.month }
        if f.num >= 0 { k |= Kind.digits }
        if f.ordNum > 0 || f.info.ordinal > 0 { k |= Kind.ordinal }
        if f.info.cardEn >= 0 || f.info.cardEs >= 0 || f.info.hundreds >= 0 { k |= Kind.cardinal }
        if f.clockH >= 0 { k |= Kind.clock }
        if f.ndCount > 0 { k |= Kind.numDate }
        if f.apostropheYY >= 0 { k |= Kind.apostropheYY }
        if f.info.flags & WordInfo.noon != 0 { k |= Kind.noon }
        return k
    }

    static func startKinds(_ c: Class) -> UInt16 {
        switch c {
        case .weekday: return Kind.weekday
        case .month: return Kind.month
        case .dom: return Kind.digits | Kind.ordinal | Kind.cardinal
        case .domOrd: return Kind.ordinal | Kind.cardinal
        case .domBare: return Kind.digits
        case .year, .yearDOB: return Kind.digits | Kind.cardinal | Kind.apostropheYY
        case .countEn, .countEs: return Kind.digits | Kind.cardinal
        case .numDate, .numDateYear: return Kind.numDate
        case .timeStrong, .timeWeak: return Kind.clock | Kind.digits | Kind.cardinal | Kind.noon
        case .timeEs: return Kind.clock | Kind.digits | Kind.cardinal
        case .anyWord: return Kind.word
        }
    }

    private(set) var lexicon: [String: WordInfo] = [:]
    /// `lexicon` frozen into an open-addressing table with an FNV-1a hash (cheaper than `Dictionary` hashing).
    private var slots: [Int32] = []
    private var slotHashes: [UInt64] = []
    private var keys: [String] = []
    private var infos: [WordInfo] = []
    private var slotMask = 0
    private(set) var hot = HotWords()
    private(set) var elemPool: [Elem] = []
    private(set) var idPool: [Int32] = []
    private(set) var timeRules: [Rule] = []
    private(set) var dobRules: [Rule] = []
    private(set) var timeIndex = RuleIndex()
    private(set) var dobIndex = RuleIndex()
    private var nextId: Int32 = 0

    // Word sets used by the context checks (folded).
    let unitWords: Set<String> = [
        "minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day", "days", "week", "weeks", "month", "months",
        "year", "years", "yr", "yrs", "times", "time", "kids", "children", "people", "patients", "percent", "%", "dollars",
        "bucks", "pounds", "lbs", "lb", "kg", "kilos", "mg", "ml", "teeth", "tooth", "cavities", "pills", "tablets", "units",
        "syringes", "cats", "dogs", "pets", "sessions", "visits", "appointments", "point", "points", "others", "more",
        "minutos", "horas", "dias", "semanas", "meses", "anos", "veces", "personas", "ninos", "hijos", "dientes", "pastillas",
        "ago", "hace", "old", "weeks'", "o'clock", "oclock", "am", "pm", "ish", "hundred", "thousand", "mil", "cientos",
        "floor", "street", "avenue", "ave", "grade", "birthday", "anniversary", "place", "dose", "doses", "round", "molar",
        "cycle", "trimester", "piso", "calle", "avenida", "vez",
    ]
    let negationBefore: Set<String> = [
        "not", "no", "can't", "cannot", "cant", "couldn't", "can’t", "except", "besides", "excepto", "salvo", "ni",
        "don't", "dont", "won't", "isn't", "aren't",
    ]
    let negationAfter: Set<String> = [
        "doesn't", "doesnt", "won't", "wont", "wouldn't", "isn't", "can't", "cannot", "cant", "don't", "dont", "no", "not",
        "aren't",
    ]
    let pseudoNegationNext: Set<String> = ["until", "hasta", "only", "just", "matter", "problem", "rush", "preference", "later", "earlier"]
    let historicalBefore: Set<String> = ["since", "desde", "from", "last", "past", "every", "each", "cada", "todos", "todas", "ultimo", "pasado", "previous"]
    let birthWords: Set<String> = ["born", "birthday", "birth", "birthdate", "dob", "nacimiento", "naci", "nacio", "cumpleanos", "nacido", "nacida"]
    let determiners: Set<String> = ["the", "this", "el", "la", "los", "las", "on"]
    let clusterBreakers: Set<String> = ["or", "o", "u", "instead", "actually", "rather", "but", "pero", "mejor", "otherwise", "and", "y", "then"]

    init() {
        buildLexicon()
        timeRules = Self.timeGrammar.map { compile($0) }
        dobRules = Self.dobGrammar.map { compile($0) }
        timeIndex = index(timeRules)
        dobIndex = index(dobRules)
        var cap = 16
        while cap < lexicon.count * 3 { cap <<= 1 }
        slots = Array(repeating: -1, count: cap)
        slotHashes = Array(repeating: 0, count: cap)
        slotMask = cap - 1
        for (k, v) in lexicon {
            let h = Self.fnv(k)
            var i = Int(truncatingIfNeeded: h) & slotMask
            while slots[i] >= 0 { i = (i + 1) & slotMask }
            slots[i] = Int32(keys.count); slotHashes[i] = h
            keys.append(k); infos.append(v)
        }
    }

    @inline(__always) static func fnv(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h
    }

    /// What the lexicon knows about a folded word.
    @inline(__always) func lookup(_ w: String) -> WordInfo? {
        let h = Self.fnv(w)
        var i = Int(truncatingIfNeeded: h) & slotMask
        while true {
            let e = slots[i]
            if e < 0 { return nil }
            if slotHashes[i] == h && keys[Int(e)] == w { return infos[Int(e)] }
            i = (i + 1) & slotMask
        }
    }

    // MARK: Lexicon

    private mutating func intern(_ w: String) -> Int32 {
        if let e = lexicon[w], e.id >= 0 { return e.id }
        var e = lexicon[w] ?? WordInfo()
        e.id = nextId
        nextId += 1
        lexicon[w] = e
        return e.id
    }

    private mutating func set(_ w: String, _ update: (inout WordInfo) -> Void) {
        _ = intern(w)
        update(&lexicon[w]!)
    }

    static let enUnits = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                          "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
    static let enTens = ["twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                         "eighty": 80, "ninety": 90]
    static let esCardinals: [String: Int] = [
        "cero": 0, "uno": 1, "un": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
        "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15,
        "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19, "veinte": 20, "veintiuno": 21,
        "veintiun": 21, "veintiuna": 21, "veintidos": 22, "veintitres": 23, "veinticuatro": 24, "veinticinco": 25,
        "veintiseis": 26, "veintisiete": 27, "veintiocho": 28, "veintinueve": 29, "treinta": 30, "cuarenta": 40,
        "cincuenta": 50, "sesenta": 60, "setenta": 70, "ochenta": 80, "noventa": 90,
    ]
    static let esHundreds: [String: Int] = [
        "cien": 100, "ciento": 100, "doscientos": 200, "trescientos": 300, "cuatrocientos": 400, "quinientos": 500,
        "seiscientos": 600, "setecientos": 700, "ochocientos": 800, "novecientos": 900,
    ]
    static let enOrdinals: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
        "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
        "primero": 1, "primer": 1,
    ]
    static let weekdays: [(String, Int)] = [
        ("monday", 0), ("mon", 0), ("mondays", 0), ("tuesday", 1), ("tue", 1), ("tues", 1), ("tuesdays", 1),
        ("wednesday", 2), ("wed", 2), ("weds", 2), ("wednesdays", 2), ("thursday", 3), ("thu", 3), ("thur", 3),
        ("thurs", 3), ("thursdays", 3), ("friday", 4), ("fri", 4), ("fridays", 4), ("saturday", 5), ("saturdays", 5),
        ("sunday", 6), ("sundays", 6),
        ("lunes", 0), ("martes", 1), ("miercoles", 2), ("jueves", 3), ("viernes", 4), ("sabado", 5), ("sabados", 5),
        ("domingo", 6), ("domingos", 6),
    ]
    static let months: [(String, Int)] = [
        ("january", 1), ("jan", 1), ("february", 2), ("feb", 2), ("march", 3), ("mar", 3), ("april", 4), ("apr", 4),
        ("may", 5), ("june", 6), ("jun", 6), ("july", 7), ("jul", 7), ("august", 8), ("aug", 8), ("september", 9),
        ("sep", 9), ("sept", 9), ("october", 10), ("oct", 10), ("november", 11), ("nov", 11), ("december", 12),
        ("dec", 12),
        ("enero", 1), ("febrero", 2), ("marzo", 3), ("abril", 4), ("mayo", 5), ("junio", 6), ("julio", 7),
        ("agosto", 8), ("septiembre", 9), ("setiembre", 9), ("octubre", 10), ("noviembre", 11), ("diciembre", 12),
    ]

    private mutating func buildLexicon() {
        for (i, w) in Self.enUnits.enumerated() { set(w) { $0.cardEn = Int16(i) } }
        for (w, v) in Self.enTens { set(w) { $0.cardEn = Int16(v) } }
        for (w, v) in Self.esCardinals { set(w) { $0.cardEs = Int16(v) } }
        for (w, v) in Self.esHundreds { set(w) { $0.hundreds = Int16(v) } }
        for (w, v) in Self.enOrdinals { set(w) { $0.ordinal = Int8(v) } }
        for (w, v) in Self.weekdays { set(w) { $0.weekday = Int8(v) } }
        for (w, v) in Self.months { set(w) { $0.month = Int8(v) } }
        for (i, w) in ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"].enumerated() {
            set(w) { $0.digit = Int8(i) }
        }
        for (i, w) in ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"].enumerated() {
            set(w) { $0.digit = Int8(i) }
        }
        set("una") { $0.digit = 1 }
        set("oh") { $0.digit = 0 }
        set("o") { $0.digit = 0 }
        set("am") { $0.meridiem = 0 }
        set("pm") { $0.meridiem = 1 }
        // Hyphenated English compounds: "twenty-one" … "ninety-nine", "twenty-first" … "thirty-first".
        let unitOrd = ["first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                       "eighth": 8, "ninth": 9]
        for (t, tv) in Self.enTens {
            for u in 1...9 { set("\(t)-\(Self.enUnits[u])") { $0.cardEn = Int16(tv + u) } }
            if tv <= 30 { for (u, uv) in unitOrd where tv + uv <= 31 { set("\(t)-\(u)") { $0.ordinal = Int8(tv + uv) } } }
        }
        for w in ["noon", "midday", "mediodia"] { set(w) { $0.flags |= WordInfo.noon } }
        for w in ["o'clock", "oclock"] { _ = intern(w) }
        for w in unitWords { set(w) { $0.flags |= WordInfo.unit } }
        for w in negationBefore { set(w) { $0.flags |= WordInfo.negBefore } }
        for w in negationAfter { set(w) { $0.flags |= WordInfo.negAfter } }
        for w in pseudoNegationNext { set(w) { $0.flags |= WordInfo.pseudoNeg } }
        for w in historicalBefore { set(w) { $0.flags |= WordInfo.historical } }
        for w in birthWords { set(w) { $0.flags |= WordInfo.birth } }
        for w in clusterBreakers { set(w) { $0.flags |= WordInfo.breaker } }
        for w in determiners { set(w) { $0.flags |= WordInfo.determiner } }
        set("mil") { $0.hundreds = 1000 }
        for w in PersonalDetails.nameStop { set(w) { $0.flags |= WordInfo.nameStop } }
        for t in PersonalDetails.nameTriggers { set(t.words[0]) { $0.flags |= WordInfo.nameTrigger } }
        for w in PersonalDetails.statusWords { set(w) { $0.flags |= WordInfo.status } }
        for w in ["named", "called", "llamado", "llamada", "llama", "name"] { set(w) { $0.flags |= WordInfo.petCue } }
        for w in PersonalDetails.petVisitWords { set(w) { $0.flags |= WordInfo.petVisit } }
        for w in PersonalDetails.petStop { set(w) { $0.flags |= WordInfo.petStop } }
        for (w, sp) in PersonalDetails.speciesWords {
            if let k = PersonalDetails.speciesNames.firstIndex(of: sp) { set(w) { $0.species = Int8(k) } }
        }
        set("double") { $0.flags |= WordInfo.double }
        set("triple") { $0.flags |= WordInfo.triple }
        for w in ["(", ")", "-", ",", "."] { set(w) { $0.flags |= WordInfo.phoneSeparator } }
        var h = HotWords()
        h.of = intern("of"); h.de = intern("de"); h.del = intern("del"); h.the = intern("the"); h.y = intern("y")
        h.menos = intern("menos"); h.hundred = intern("hundred"); h.oh = intern("oh"); h.o = intern("o")
        h.two = intern("two"); h.thousand = intern("thousand"); h.and = intern("and"); h.dos = intern("dos")
        h.mil = intern("mil"); h.oclock = intern("o'clock"); h.oclock2 = intern("oclock"); h.midnight = intern("midnight")
        h.media = intern("media"); h.cuarto = intern("cuarto"); h.la = intern("la"); h.en = intern("en")
        h.por = intern("por"); h.manana = intern("manana"); h.madrugada = intern("madrugada"); h.tarde = intern("tarde")
        h.noche = intern("noche"); h.mediodia = intern("mediodia"); h.noon = intern("noon"); h.midday = intern("midday")
        h.colon = intern(":"); h.slash = intern("/"); h.comma = intern(","); h.instead = intern("instead")
        h.other = intern("other"); h.rather = intern("rather"); h.than = intern("than"); h.from = intern("from")
        h.ago = intern("ago"); h.no = intern("no"); h.lparen = intern("("); h.period = intern(".")
        hot = h
    }

    private mutating func compile(_ src: TimeRuleSource) -> Rule {
        let start = elemPool.count
        for s in src.elems {
            let idStart = Int32(idPool.count)
            for w in s.words { idPool.append(intern(w)) }
            elemPool.append(Elem(idStart: idStart, idCount: Int32(s.words.count), cls: s.cls, optional: s.optional))
        }
        return Rule(elemStart: start, elemEnd: elemPool.count, action: src.action)
    }

    private func index(_ rules: [Rule]) -> RuleIndex {
        var ix = RuleIndex()
        ix.byId = Array(repeating: [], count: Int(nextId))
        var infoById = [Int32: WordInfo]()
        for (_, v) in lexicon { infoById[v.id] = v }
        for (r, rule) in rules.enumerated() {
            ix.elemStart.append(Int32(rule.elemStart)); ix.elemEnd.append(Int32(rule.elemEnd))
            var kinds: UInt16 = 0
            var ids: [Int32] = []
            for e in elemPool[rule.elemStart..<rule.elemEnd] {
                if let c = e.cls { kinds |= Self.startKinds(c) } else { ids += idPool[Int(e.idStart)..<Int(e.idStart + e.idCount)] }
                if !e.optional { break }
            }
            if kinds != 0 { ix.classRule.append(Int32(r)); ix.classKinds.append(kinds) }
            for id in Set(ids) {
                // A word whose own kinds already select the rule need not list it again.
                if kinds != 0, let info = infoById[id] {
                    var f = TokenFeatures(); f.info = info
                    if Self.kinds(of: f) & kinds != 0 { continue }
                }
                ix.byId[Int(id)].append(Int32(r))
            }
        }
        return ix
    }

    // MARK: Features

    func features(_ tokens: [Token]) -> [TokenFeatures] {
        var out = [TokenFeatures]()
        out.reserveCapacity(tokens.count)
        for t in tokens {
            var f = TokenFeatures()
            switch t.kind {
            case .punct:
                f.isPunct = true
                f.isBreak = t.isSentenceBreak
                if let e = lookup(t.folded) { f.info = e; f.id = e.id }
            case .word:
                if let e = lookup(t.folded) { f.info = e; f.id = e.id }
                else if t.folded.hasSuffix("'s"), let e = lookup(String(t.folded.dropLast(2))) { f.info = e; f.id = e.id } // "tomorrow's"
            case .number:
                numberFeatures(t.folded, &f)
                if let e = lookup(t.folded) { f.info = e; f.id = e.id }
            }
            f.kinds = Self.kinds(of: f)
            out.append(f)
        }
        return out
    }

    private func numberFeatures(_ s: String, _ f: inout TokenFeatures) {
        let u = Array(s.utf8)
        var allDigits = true
        for c in u where !(c >= 48 && c <= 57) { allDigits = false; break }
        if allDigits {
            if u.count <= 9 { f.num32 = Int32(s) ?? -1 }
            f.nDigits8 = Int8(min(u.count, 100))
            return
        }
        // 16th
        if u.count >= 3, let d = u.firstIndex(where: { !($0 >= 48 && $0 <= 57) }), d > 0, d <= 2 {
            let suffix = String(decoding: u[d...], as: UTF8.self)
            if TextNormalizer.ordinalSuffixes.contains(suffix) {
                f.ord8 = Int8(String(decoding: u[..<d], as: UTF8.self)) ?? 0
                return
            }
        }
        // '84
        if u.count == 3, u[0] == 39, u[1] >= 48, u[1] <= 57, u[2] >= 48, u[2] <= 57 {
            f.yy8 = Int8(String(decoding: u[1...], as: UTF8.self)) ?? -1
            return
        }
        // 10:30
        if let c = u.firstIndex(of: 58) {
            let h = u[..<c], m = u[(c + 1)...]
            if (1...2).contains(h.count), m.count == 2, h.allSatisfy({ $0 >= 48 && $0 <= 57 }), m.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                let hv = Int(String(decoding: h, as: UTF8.self))!, mv = Int(String(decoding: m, as: UTF8.self))!
                if hv <= 24 && mv <= 59 { f.clockH8 = Int8(hv); f.clockM8 = Int8(mv) }
            }
            return
        }
        // 3/16, 3/16/2026, 07-12-84, 1984-07-12, 7.12.1984
        for sep: UInt8 in [47, 45, 46] where u.contains(sep) {
            let parts = u.split(separator: sep, omittingEmptySubsequences: false)
            guard (2...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy { $0 >= 48 && $0 <= 57 } })
            else { return }
            if parts.count == 2 && sep != 47 { return }
            let v = parts.map { Int(String(decoding: $0, as: UTF8.self))! }
            f.ndCount = Int8(parts.count)
            f.nd0 = Int16(v[0]); f.nd1 = Int16(v[1]); f.nd2 = v.count > 2 ? Int16(v[2]) : 0
            f.ndLen0 = Int8(parts[0].count); f.ndLen1 = Int8(parts[1].count); f.ndLen2 = parts.count > 2 ? Int8(parts[2].count) : 0
            f.ndSep = sep
            return
        }
    }

    // MARK: Matching

    /// Scan left to right; at each token take the longest rule match, then continue after it.
    func scan(_ ctx: Context, rules: [Rule], index: RuleIndex, masked: Mask) -> [Match] {
        elemPool.withUnsafeBufferPointer { ep in
            idPool.withUnsafeBufferPointer { ip in
                scan(ctx, Pools(elems: ep, ids: ip), rules: rules, index: index, masked: masked)
            }
        }
    }

    private func scan(_ ctx: Context, _ pools: Pools, rules: [Rule], index: RuleIndex, masked: Mask) -> [Match] {
        var out: [Match] = []
        var i = 0
        let n = ctx.n
        while i < n {
            let f = ctx.f[i]
            if masked[i] || (f.id < 0 && f.kinds & ~Kind.word == 0) {
                i += 1; continue
            }
            var bestEnd = i
            var bestCaps = Caps()
            var bestRule = -1
            @inline(__always) func tryRule(_ r: Int) {
                if let (end, caps) = matchSeq(ctx, masked, pools, Int(index.elemStart[r]), Int(index.elemEnd[r]), i, Caps()),
                   end > bestEnd || (end == bestEnd && end > i && r < bestRule) {
                    bestEnd = end; bestCaps = caps; bestRule = r
                }
            }
            if f.id >= 0 && Int(f.id) < index.byId.count { for r in index.byId[Int(f.id)] { tryRule(Int(r)) } }
            if f.kinds != 0 {
                for k in 0..<index.classRule.count where index.classKinds[k] & f.kinds != 0 { tryRule(Int(index.classRule[k])) }
            }
            if bestRule >= 0 && bestEnd > i {
                for fact in rules[bestRule].action(bestCaps) { out.append(Match(fact: fact, start: i, end: bestEnd)) }
                i = bestEnd
            } else {
                i += 1
            }
        }
        return out
    }

    private func matchSeq(_ ctx: Context, _ masked: Mask, _ pools: Pools, _ k: Int, _ end: Int, _ i: Int, _ caps: Caps) -> (Int, Caps)? {
        if k == end { return (i, caps) }
        let e = pools.elems[k]
        var c2 = caps
        let len = matchElem(ctx, masked, pools, e, i, &c2)
        if len > 0, let r = matchSeq(ctx, masked, pools, k + 1, end, i + len, c2) { return r }
        if e.optional { return matchSeq(ctx, masked, pools, k + 1, end, i, caps) }
        return nil
    }

    @inline(__always) private func avail(_ ctx: Context, _ masked: Mask, _ i: Int) -> Bool { i < ctx.n && !masked[i] }

    /// Tokens consumed by `e` at `i` (0 = no match).
    private func matchElem(_ ctx: Context, _ m: Mask, _ pools: Pools, _ e: Elem, _ i: Int, _ caps: inout Caps) -> Int {
        guard avail(ctx, m, i) else { return 0 }
        let f = ctx.f[i]
        guard let cls = e.cls else {
            if f.id >= 0 {
                var k = Int(e.idStart)
                let end = k + Int(e.idCount)
                while k < end { if pools.ids[k] == f.id { return 1 }; k += 1 }
            }
            return 0
        }
        switch cls {
        case .anyWord:
            return f.isPunct ? 0 : 1
        case .weekday:
            guard f.info.weekday >= 0 else { return 0 }
            caps.weekday = Int(f.info.weekday); return 1
        case .month:
            guard f.info.month >= 0 else { return 0 }
            caps.month = Int(f.info.month); return 1
        case .domOrd:
            // Not anchored by a month: "5th Avenue", "the first patient", "the second time" are not days.
            // A spelled ordinal needs an anchor: "the first", "Monday the first", "March first", "first of March" —
            // not "she needs her vaccines first".
            if f.ordNum == 0 {
                let prev = i > 0 ? ctx.tokens[i - 1].folded : ""
                let anchoredBefore = ["the", "el", "on", "this", "next", "del"].contains(prev)
                    || (i > 0 && (ctx.f[i - 1].info.month >= 0 || ctx.f[i - 1].info.weekday >= 0))
                let anchoredAfter = avail(ctx, m, i + 1) && ["of", "de"].contains(ctx.tokens[i + 1].folded)
                if !anchoredBefore && !anchoredAfter { return 0 }
            }
            if let (v, len) = ordinalDay(ctx, m, i), ordinalFollowOK(ctx, m, i + len, word: f.ordNum == 0) { caps.day = v; return len }
            return 0
        case .domBare:
            guard f.num >= 1, f.num <= 31, f.nDigits <= 2, bareNumberOK(ctx, m, i + 1) else { return 0 }
            caps.day = f.num; return 1
        case .dom:
            if let (v, len) = ordinalDay(ctx, m, i) { caps.day = v; return len }
            if f.num >= 1, f.num <= 31, f.nDigits <= 2, bareNumberOK(ctx, m, i + 1) { caps.day = f.num; return 1 }
            if f.num < 0, let (v, len) = cardinal(ctx, m, i, en: true, es: true), v >= 1, v <= 31, bareNumberOK(ctx, m, i + len) {
                caps.day = v; return len
            }
            return 0
        case .year:
            if let (v, len) = year(ctx, m, i) { caps.year = v; return len }
            return 0
        case .yearDOB:
            if let (v, len) = year(ctx, m, i) { caps.year = v; return len }
            if f.apostropheYY >= 0 { caps.year = -f.apostropheYY - 1; return 1 }
            if f.nDigits == 2, f.num >= 0 {
                let next = i + 1
                if !avail(ctx, m, next) || (ctx.f[next].isPunct && ctx.tokens[next].folded != ":") {
                    caps.year = -f.num - 1; return 1
                }
            }
            return 0
        case .countEn, .countEs:
            if f.num >= 1, f.num <= 99, f.nDigits <= 2 { caps.count = f.num; return 1 }
            if let (v, len) = cardinal(ctx, m, i, en: cls == .countEn, es: cls == .countEs), v >= 1 { caps.count = v; return len }
            return 0
        case .numDate, .numDateYear:
            guard f.ndCount > 0 else { return 0 }
            if cls == .numDateYear && f.ndCount < 3 { return 0 }
            guard let (mo, d, y) = numericDate(f, ctx.language) else { return 0 }
            caps.month = mo; caps.day = d; caps.year = y
            return 1
        case .timeStrong, .timeWeak:
            if let (t, len) = time(ctx, m, i, weak: cls == .timeWeak) { caps.addTime(t); return len }
            return 0
        case .timeEs:
            if let (t, len) = timeEs(ctx, m, i) { caps.addTime(t); return len }
            return 0
        }
    }


    /// A bare number at i-1 may be a day of month when what follows is not a unit or a time marker.
    private func bareNumberOK(_ ctx: Context, _ m: Mask, _ j: Int) -> Bool {
        guard avail(ctx, m, j) else { return true }
        let f = ctx.f[j]
        let w = f.id
        if f.isPunct { return w != hot.colon && w != hot.slash }
        if f.info.meridiem >= 0 || f.info.flags & WordInfo.unit != 0 { return false }
        if w == hot.of || w == hot.de || w == hot.del {
            // "the 3 of us" no; "the 16th of March", "16 de marzo" yes; "3 de la tarde" no.
            guard avail(ctx, m, j + 1) else { return false }
            let f2 = ctx.f[j + 1]
            if f2.info.month >= 0 { return true }
            if w == hot.of, f2.id == hot.the, avail(ctx, m, j + 2), ctx.f[j + 2].info.month >= 0 { return true }
            return false
        }
        if w == hot.y || w == hot.menos { return false }
        return true
    }

    /// After an ordinal with no month: digits ("16th") need no unit after them; words ("sixteenth") need
    /// the end of the clause or a date-friendly word after them.
    private func ordinalFollowOK(_ ctx: Context, _ m: Mask, _ j: Int, word: Bool) -> Bool {
        guard bareNumberOK(ctx, m, j) else { return false }
        guard word, avail(ctx, m, j), !ctx.f[j].isPunct else { return true }
        return ctx.f[j].info.month >= 0 || Self.ordinalFollowers.contains(ctx.tokens[j].folded)
    }

    static let ordinalFollowers: Set<String> = [
        "of", "at", "in", "on", "or", "and", "then", "please", "would", "works", "work", "is", "if", "maybe", "instead",
        "for", "morning", "afternoon", "evening", "de", "a", "por", "en", "o", "y", "que", "around", "after", "before",
        "between", "from", "ok", "okay", "because", "so", "too", "possible", "available", "good", "fine", "right",
        "del", "mas", "para", "sounds", "could", "can", "does", "do", "will", "should",
    ]

    /// "16th", "sixteenth", "twenty-first", "twenty first", "primero" → day.
    private func ordinalDay(_ ctx: Context, _ m: Mask, _ i: Int) -> (Int, Int)? {
        let f = ctx.f[i]
        if f.ordNum >= 1 && f.ordNum <= 31 { return (f.ordNum, 1) }
        if f.info.ordinal > 0 { return (Int(f.info.ordinal), 1) }
        if (f.info.cardEn == 20 || f.info.cardEn == 30), avail(ctx, m, i + 1) {
            let o = Int(ctx.f[i + 1].info.ordinal)
            if o >= 1, o <= 9, Int(f.info.cardEn) + o <= 31 { return (Int(f.info.cardEn) + o, 2) }
        }
        return nil
    }

    /// A spoken cardinal 0...99: "seven", "twenty one", "twenty-one", "treinta y uno", "dieciséis".
    func cardinal(_ ctx: Context, _ m: Mask, _ i: Int, en: Bool, es: Bool) -> (Int, Int)? {
        let f = ctx.f[i]
        let v = en && f.info.cardEn >= 0 ? Int(f.info.cardEn) : (es && f.info.cardEs >= 0 ? Int(f.info.cardEs) : -1)
        guard v >= 0 else { return nil }
        if v >= 20, v % 10 == 0, v < 100 {
            if en, f.info.cardEn >= 0, avail(ctx, m, i + 1) {
                let u = Int(ctx.f[i + 1].info.cardEn)
                if u >= 1 && u <= 9 { return (v + u, 2) }
            }
            if es, f.info.cardEs >= 0, avail(ctx, m, i + 2), ctx.f[i + 1].id == hot.y {
                let u = Int(ctx.f[i + 2].info.cardEs)
                if u >= 1 && u <= 9 { return (v + u, 3) }
            }
        }
        return (v, 1)
    }

    /// 4-digit years 1900...2100; spoken "nineteen seventy-nine", "nineteen oh five", "two thousand (and) five",
    /// "twenty twenty-six", "mil novecientos ochenta y cuatro", "dos mil cinco".
    private func year(_ ctx: Context, _ m: Mask, _ i: Int) -> (Int, Int)? {
        let f = ctx.f[i]
        if f.nDigits == 4, f.num >= 1900, f.num <= 2100 { return (f.num, 1) }
        let w = f.id
        // English: <century 11...20> <00...99>
        let c = Int(f.info.cardEn)
        if c >= 11 && c <= 20 {
            let j = i + 1
            if avail(ctx, m, j) {
                if ctx.f[j].id == hot.hundred { return (c * 100, 2) }
                if ctx.f[j].id == hot.oh || ctx.f[j].id == hot.o, avail(ctx, m, j + 1) {
                    let d = Int(ctx.f[j + 1].info.cardEn)
                    if d >= 1 && d <= 9 { return (c * 100 + d, 3) }
                }
                if let (v, len) = cardinal(ctx, m, j, en: true, es: false), v >= 10 {
                    let y = c * 100 + v
                    if y >= 1900 && y <= 2100 { return (y, 1 + len) }
                }
            }
        }
        if w == hot.two, avail(ctx, m, i + 1), ctx.f[i + 1].id == hot.thousand {
            var j = i + 2
            if avail(ctx, m, j), ctx.f[j].id == hot.and { j += 1 }
            if avail(ctx, m, j), let (v, len) = cardinal(ctx, m, j, en: true, es: false), v >= 1 { return (2000 + v, j + len - i) }
            return (2000, 2)
        }
        // Spanish: [dos] mil [novecientos] [ochenta y cuatro]
        var j = i
        var base = 0
        if w == hot.dos, avail(ctx, m, i + 1), ctx.f[i + 1].id == hot.mil { base = 2000; j = i + 2 }
        else if w == hot.mil { base = 1000; j = i + 1 }
        else { return nil }
        if avail(ctx, m, j), ctx.f[j].info.hundreds > 0 { base += Int(ctx.f[j].info.hundreds); j += 1 }
        if avail(ctx, m, j), let (v, len) = cardinal(ctx, m, j, en: false, es: true), v >= 1 { base += v; j += len }
        return base >= 1900 && base <= 2100 ? (base, j - i) : nil
    }

    /// month, day, year (nil; negative -(yy+1) for two digits) of a numeric date token.
    private func numericDate(_ f: TokenFeatures, _ lang: Language) -> (Int, Int, Int?)? {
        let p = [Int(f.nd0), Int(f.nd1), Int(f.nd2)].prefix(Int(f.ndCount)), l = [Int(f.ndLen0), Int(f.ndLen1), Int(f.ndLen2)]
        var mo: Int, d: Int, y: Int? = nil
        if p.count == 3 && l[0] == 4 {
            y = p[0]; mo = p[1]; d = p[2]
        } else {
            guard l[0] <= 2, l[1] <= 2 else { return nil }
            if lang == .es { d = p[0]; mo = p[1] } else { mo = p[0]; d = p[1] }
            if mo > 12 && d <= 12 { swap(&mo, &d) }
            if p.count == 3 {
                if l[2] == 4 { y = p[2] } else if l[2] == 2 { y = -p[2] - 1 } else { return nil }
            }
        }
        guard (1...12).contains(mo), (1...31).contains(d) else { return nil }
        return (mo, d, y)
    }

    /// English hour word or digits 0...24 (words only 1...12).
    private func hour(_ ctx: Context, _ i: Int, es: Bool) -> Int? {
        let f = ctx.f[i]
        if f.num >= 0 && f.nDigits <= 2 && f.num <= 24 { return f.num }
        let v = es ? Int(f.info.cardEs) : Int(f.info.cardEn)
        return v >= 1 && v <= 12 ? v : nil
    }

    /// A time at `i`: clock "10:30 [pm]", "<hour> am/pm", "<hour> o'clock", "noon", "12 noon", "three thirty pm";
    /// with `weak`, also a bare hour "10", "ten thirty" when nothing unit-like follows.
    private func time(_ ctx: Context, _ m: Mask, _ i: Int, weak: Bool) -> (TimeSpec, Int)? {
        let f = ctx.f[i]
        if f.info.flags & WordInfo.noon != 0 { return (TimeSpec(hour: 12, minute: 0, meridiem: 1), 1) }
        func meridiem(_ j: Int) -> Int {
            guard avail(ctx, m, j) else { return -1 }
            return Int(ctx.f[j].info.meridiem)
        }
        if f.clockH >= 0 {
            let mer = meridiem(i + 1)
            if mer >= 0 && f.clockH > 12 { return nil }
            return (TimeSpec(hour: f.clockH, minute: f.clockM, meridiem: mer), mer >= 0 ? 2 : 1)
        }
        guard let h = hour(ctx, i, es: false), h >= 1, h <= 12 else { return nil }
        var j = i + 1
        var minute = 0
        // "three thirty", "ten fifteen", "nine oh five"
        if avail(ctx, m, j) {
            if ctx.f[j].id == hot.oh || ctx.f[j].id == hot.o, avail(ctx, m, j + 1) {
                let d = Int(ctx.f[j + 1].info.cardEn)
                if d >= 1 && d <= 9 { minute = d; j += 2 }
            } else if ctx.f[j].num < 0, let (v, len) = cardinal(ctx, m, j, en: true, es: false), v >= 10, v <= 59 {
                minute = v; j += len
            }
        }
        let mer = meridiem(j)
        if mer >= 0 { return (TimeSpec(hour: h, minute: minute, meridiem: mer), j + 1 - i) }
        if avail(ctx, m, j) {
            let wj = ctx.f[j].id
            if wj == hot.oclock || wj == hot.oclock2 { return (TimeSpec(hour: h, minute: minute, meridiem: -1), j + 1 - i) }
            if h == 12 && (wj == hot.noon || wj == hot.midday) { return (TimeSpec(hour: 12, minute: minute, meridiem: 1), j + 1 - i) }
            if wj == hot.midnight && h == 12 { return (TimeSpec(hour: 0, minute: minute, meridiem: 0), j + 1 - i) }
        }
        guard weak else { return nil }
        guard timeFollowOK(ctx, m, j) else { return nil }
        return (TimeSpec(hour: h, minute: minute, meridiem: -1), j - i)
    }

    /// After a bare hour: nothing unit-like ("at 3 months", "after 4 years", "at 2 locations").
    private func timeFollowOK(_ ctx: Context, _ m: Mask, _ j: Int) -> Bool {
        guard avail(ctx, m, j) else { return true }
        let f = ctx.f[j]
        if f.isPunct { return f.id != hot.slash && ctx.tokens[j].folded != "-" }
        if f.info.flags & WordInfo.unit != 0 || f.id == hot.of { return false }
        return true
    }

    /// Spanish time after "a las"/"de las": "3", "tres y media", "10:30", "cuatro menos cuarto", "3 de la tarde".
    private func timeEs(_ ctx: Context, _ m: Mask, _ i: Int) -> (TimeSpec, Int)? {
        let f = ctx.f[i]
        var h: Int, minute = 0, mer = -1
        var j = i + 1
        if f.clockH >= 0 { h = f.clockH; minute = f.clockM }
        else if let hv = hour(ctx, i, es: true) { h = hv } else { return nil }
        guard h <= 24 else { return nil }
        if avail(ctx, m, j) {
            let w = ctx.f[j].id
            if (w == hot.y || w == hot.menos), avail(ctx, m, j + 1) {
                let w2 = ctx.f[j + 1].id
                var delta: Int? = nil
                if w2 == hot.media { delta = 30 } else if w2 == hot.cuarto { delta = 15 }
                else if let (v, len) = cardinal(ctx, m, j + 1, en: false, es: true), v >= 1, v <= 59, len == 1 { delta = v }
                else if ctx.f[j + 1].num >= 1 && ctx.f[j + 1].num <= 59 { delta = ctx.f[j + 1].num }
                if let d = delta {
                    if w == hot.y { minute = d } else { h -= 1; if h == 0 { h = 12 }; minute = 60 - d }
                    j += 2
                }
            }
        }
        if avail(ctx, m, j), ctx.f[j].info.meridiem >= 0 { mer = Int(ctx.f[j].info.meridiem); j += 1 }
        else if avail(ctx, m, j + 2), ctx.f[j + 1].id == hot.la, case let wj = ctx.f[j].id, wj == hot.de || wj == hot.en || wj == hot.por {
            let w3 = ctx.f[j + 2].id
            if w3 == hot.manana || w3 == hot.madrugada { mer = 0; j += 3 }
            else if w3 == hot.tarde || w3 == hot.noche { mer = 1; j += 3 }
        } else if avail(ctx, m, j + 1), ctx.f[j].id == hot.del, ctx.f[j + 1].id == hot.mediodia { mer = 1; j += 2 }
        return (TimeSpec(hour: h, minute: minute, meridiem: mer), j - i)
    }

    // MARK: Resolution

    func resolve(_ ctx: Context, masked: Mask, today: LocalDate) -> DateConstraint? {
        let matches = scan(ctx, rules: timeRules, index: timeIndex, masked: masked)
        guard !matches.isEmpty else { return nil }
        var kept: [Match] = []
        for mt in matches {
            if case .sink = mt.fact { continue }
            if case .firstAvailable = mt.fact { kept.append(mt); continue }
            if negated(ctx, mt) { continue }
            if mt.fact.isDate || isPartLike(mt.fact) {
                if historical(ctx, mt) { continue }
            }
            if mt.fact.isDate && nearBirthWord(ctx, mt) { continue }
            kept.append(mt)
        }
        guard !kept.isEmpty else { return nil }

        var out = DateConstraint()
        // Times and parts: the last one said wins.
        var exact: TimeSpec?, after: TimeSpec?, before: TimeSpec?
        var nb: Int?, na: Int?
        for mt in kept {
            switch mt.fact {
            case .part(let p): out.part = p
            case .window(let a, let b): if let a { nb = a }; if let b { na = b }
            case .exact(let t): exact = t
            case .after(let t): after = t; nb = nil
            case .before(let t): before = t; na = nil
            case .firstAvailable: out.firstAvailable = true
            default: break
            }
        }
        if let exact { out.exactTime = exact.resolved(part: out.part) }
        if let after { out.notBefore = after.resolved(part: out.part) } else if let nb { out.notBefore = TimeOfDay(minutes: nb) }
        if let before { out.notAfter = before.resolved(part: out.part) } else if let na { out.notAfter = TimeOfDay(minutes: na) }

        // Dates: group adjacent mentions ("Monday the 16th", "this Friday the 13th") and take the last group.
        let dates = kept.filter { $0.fact.isDate }
        if !dates.isEmpty {
            var covered = [Bool](repeating: false, count: ctx.n)
            for mt in kept { for i in mt.start..<mt.end { covered[i] = true } }
            var groupStart = 0
            for k in 1..<max(dates.count, 1) where k < dates.count {
                if !adjacent(ctx, covered, dates[k - 1].end, dates[k].start) { groupStart = k }
            }
            let (date, wd) = resolveDate(Array(dates[groupStart...]).map(\.fact), today: today)
            out.date = date
            out.weekdayOnly = wd
        }
        if out == DateConstraint() { return nil }
        return out
    }

    private func isPartLike(_ f: Fact) -> Bool {
        switch f {
        case .part, .window: return true
        default: return false
        }
    }

    private func adjacent(_ ctx: Context, _ covered: [Bool], _ a: Int, _ b: Int) -> Bool {
        var gap = 0
        var i = a
        while i < b {
            let f = ctx.f[i]
            if f.isBreak { return false }
            if !covered[i] {
                if f.info.flags & WordInfo.breaker != 0 { return false }
                if f.id != hot.comma { gap += 1 }
            }
            i += 1
        }
        return gap <= 3
    }

    /// "not Tuesday", "can't do Tuesday", "Tuesday doesn't work", "el martes no puedo".
    private func negated(_ ctx: Context, _ mt: Match) -> Bool {
        var i = mt.start - 1
        var steps = 0
        while i >= 0 && steps < 3 {
            if ctx.f[i].isPunct { break }
            let w = ctx.f[i]
            if w.info.flags & WordInfo.negBefore != 0 {
                // "not until", "no later" are not negations of the mention.
                if !(i + 1 < ctx.n && ctx.f[i + 1].info.flags & WordInfo.pseudoNeg != 0) { return true }
            }
            if w.id == hot.of && i > 0 && ctx.f[i - 1].id == hot.instead { return true }
            if w.id == hot.than && i > 0 && (ctx.f[i - 1].id == hot.other || ctx.f[i - 1].id == hot.rather) { return true }
            i -= 1; steps += 1
        }
        i = mt.end
        steps = 0
        while i < ctx.n && steps < 3 {
            if ctx.f[i].isPunct { break }
            let w = ctx.f[i]
            if w.info.flags & WordInfo.negAfter != 0 {
                let pseudo = i + 1 < ctx.n && ctx.f[i + 1].info.flags & WordInfo.pseudoNeg != 0
                if !pseudo && !(w.id == hot.no && ctx.language == .en && steps > 0) { return true }
            }
            i += 1; steps += 1
        }
        return false
    }

    /// "since last night", "every morning", "from Thursday (to Friday)", "2 days ago".
    private func historical(_ ctx: Context, _ mt: Match) -> Bool {
        var i = mt.start - 1
        while i >= 0, ctx.f[i].info.flags & WordInfo.determiner != 0 { i -= 1 }
        if i >= 0, ctx.f[i].info.flags & WordInfo.historical != 0 {
            if ctx.f[i].id == hot.from { if case .part = mt.fact { return false } }
            return true
        }
        if mt.end < ctx.n, ctx.f[mt.end].id == hot.ago { return true }
        return false
    }

    private func nearBirthWord(_ ctx: Context, _ mt: Match) -> Bool {
        var i = mt.start - 1
        var steps = 0
        while i >= 0 && steps < 4 {
            if ctx.f[i].isBreak { return false }
            if ctx.f[i].info.flags & WordInfo.birth != 0 { return true }
            i -= 1; steps += 1
        }
        return false
    }

    /// Combine one group of date facts into a day.
    private func resolveDate(_ facts: [Fact], today: LocalDate) -> (LocalDate?, Weekday?) {
        var rel: Int?, wd: Int?, mode = WeekdayMode.upcoming, weeks: Int?, dom: Int?, md: (Int, Int, Int?)?
        for f in facts {
            switch f {
            case .rel(let r): rel = r
            case .weekday(let w, let mo): wd = w; mode = mo
            case .weekdayDom(let w, let d): wd = w; mode = .upcoming; dom = d
            case .weekAhead(let n): weeks = n
            case .dom(let d): dom = d; md = nil
            case .monthDay(let m, let d, let y): md = (m, d, y); dom = nil
            default: break
            }
        }
        if let (m, d, y) = md {
            if var y {
                if y < 0 { y = 2000 - y - 1 }
                return (TimeExpressions.valid(y, m, d), nil)
            }
            for y in today.year...(today.year + 4) {
                if let dt = TimeExpressions.valid(y, m, d), dt >= today { return (dt, nil) }
            }
            return (nil, nil)
        }
        if let d = dom {
            if let w = wd {
                // Prefer a day within ~13 months where weekday and day-of-month agree.
                var cur = today
                for _ in 0..<14 {
                    if let dt = TimeExpressions.valid(cur.year, cur.month, d), dt >= today, dt.weekday.rawValue == w { return (dt, nil) }
                    cur = cur.month == 12 ? LocalDate(year: cur.year + 1, month: 1, day: 1) : LocalDate(year: cur.year, month: cur.month + 1, day: 1)
                }
            }
            var cur = today
            for _ in 0..<13 {
                if let dt = TimeExpressions.valid(cur.year, cur.month, d), dt >= today { return (dt, nil) }
                cur = cur.month == 12 ? LocalDate(year: cur.year + 1, month: 1, day: 1) : LocalDate(year: cur.year, month: cur.month + 1, day: 1)
            }
            return (nil, nil)
        }
        let nextMonday = today.adding(days: 7 - today.weekday.rawValue)
        if let r = rel {
            return (today.adding(days: r), nil)
        }
        if let w = wd {
            let weekday = Weekday(rawValue: w)!
            if let n = weeks, mode == .upcoming || mode == .next {
                return (nextMonday.adding(days: 7 * (n - 1) + w), weekday)
            }
            switch mode {
            case .upcoming:
                var delta = (w - today.weekday.rawValue + 7) % 7
                if delta == 0 { delta = 7 }
                return (today.adding(days: delta), weekday)
            case .next:
                return (nextMonday.adding(days: w), weekday)
            case .weekFrom(let n):
                var delta = (w - today.weekday.rawValue + 7) % 7
                if delta == 0 { delta = 7 }
                return (today.adding(days: delta + 7 * n), weekday)
            }
        }
        if let n = weeks { return (nextMonday.adding(days: 7 * (n - 1)), nil) }
        return (nil, nil)
    }
}

// MARK: - Grammar source

/// One pattern element in source form.
struct TimeRuleSource: Sendable {
    struct E: Sendable {
        var words: [String] = []
        var cls: TimeGrammar.Class?
        var optional = false
    }
    var elems: [E]
    var action: @Sendable (TimeGrammar.Caps) -> [TimeGrammar.Fact]
    init(_ elems: [E], _ action: @escaping @Sendable (TimeGrammar.Caps) -> [TimeGrammar.Fact]) {
        self.elems = elems; self.action = action
    }
}

/// A word (or alternatives) that must be present.
private func w(_ words: String...) -> TimeRuleSource.E { TimeRuleSource.E(words: words) }
/// Optional word(s).
private func o(_ words: String...) -> TimeRuleSource.E { TimeRuleSource.E(words: words, optional: true) }
/// A token class.
private func c(_ cls: TimeGrammar.Class) -> TimeRuleSource.E { TimeRuleSource.E(cls: cls) }
private func oc(_ cls: TimeGrammar.Class) -> TimeRuleSource.E { TimeRuleSource.E(cls: cls, optional: true) }

extension TimeGrammar {
    typealias F = Fact
    private static func t(_ c: Caps, _ k: Int = 0) -> TimeSpec { k == 1 ? (c.time1 ?? c.time0!) : c.time0! }
    private static func hm(_ h: Int, _ m: Int = 0) -> Int { h * 60 + m }

    static let timeGrammar: [TimeRuleSource] = [
        // --- not appointment times ---
        TimeRuleSource([w("yesterday", "ayer", "anoche", "anteayer")]) { _ in [.sink] },
        TimeRuleSource([w("last"), c(.anyWord)]) { _ in [.sink] },
        TimeRuleSource([w("the"), w("other"), w("day", "night", "week")]) { _ in [.sink] },
        TimeRuleSource([w("good"), w("morning", "afternoon", "evening", "night", "day")]) { _ in [.sink] },
        TimeRuleSource([w("buenos"), w("dias")]) { _ in [.sink] },
        TimeRuleSource([w("buenas"), w("tardes", "noches")]) { _ in [.sink] },
        TimeRuleSource([w("every", "each"), c(.anyWord)]) { _ in [.sink] },
        TimeRuleSource([w("cada"), c(.anyWord)]) { _ in [.sink] },
        TimeRuleSource([w("todos", "todas"), w("los", "las"), c(.anyWord)]) { _ in [.sink] },
        TimeRuleSource([w("in", "on"), w("time")]) { _ in [.sink] },
        TimeRuleSource([w("next"), w("appointment", "visit", "time", "cleaning", "session", "one")]) { _ in [.sink] },

        // --- first available ---
        TimeRuleSource([o("the"), w("first", "earliest", "next", "soonest"), o("available", "possible", "open"), w("available", "opening", "openings", "slot", "spot", "one", "possible")]) { _ in [.firstAvailable] },
        TimeRuleSource([o("the"), w("earliest", "soonest", "asap")]) { _ in [.firstAvailable] },
        TimeRuleSource([w("as"), w("soon", "early"), w("as"), w("possible", "you", "i", "we")]) { _ in [.firstAvailable] },
        TimeRuleSource([w("whenever"), o("is", "you're"), w("soonest", "earliest", "first")]) { _ in [.firstAvailable] },
        TimeRuleSource([w("lo"), w("antes"), o("posible")]) { _ in [.firstAvailable] },
        TimeRuleSource([w("lo"), w("mas"), w("pronto", "temprano"), o("posible")]) { _ in [.firstAvailable] },
        TimeRuleSource([w("cuanto"), w("antes")]) { _ in [.firstAvailable] },
        TimeRuleSource([w("primera", "primer"), o("cita", "hora", "espacio", "fecha"), w("disponible", "libre")]) { _ in [.firstAvailable] },
        TimeRuleSource([w("lo"), w("primero"), w("disponible", "que")]) { _ in [.firstAvailable] },

        // --- relative days ---
        TimeRuleSource([w("today", "hoy")]) { _ in [.rel(0)] },
        TimeRuleSource([w("tomorrow", "tmrw", "tomorow", "tommorow", "tommorrow", "tmr", "manana")]) { _ in [.rel(1)] },
        TimeRuleSource([o("the"), w("day"), w("after"), w("tomorrow")]) { _ in [.rel(2)] },
        TimeRuleSource([w("pasado"), w("manana")]) { _ in [.rel(2)] },
        TimeRuleSource([w("a", "one"), w("week"), w("from"), w("today", "now", "hoy")]) { _ in [.rel(7)] },
        TimeRuleSource([w("a", "one"), w("week"), w("from"), w("tomorrow")]) { _ in [.rel(8)] },
        TimeRuleSource([c(.countEn), w("weeks", "week"), w("from"), w("today", "now")]) { c in [.rel(7 * c.count)] },
        TimeRuleSource([c(.countEn), w("days", "day"), w("from"), w("today", "now")]) { c in [.rel(c.count)] },
        TimeRuleSource([w("in"), w("a", "one"), w("week")]) { _ in [.rel(7)] },
        TimeRuleSource([w("in"), c(.countEn), w("weeks", "week")]) { c in [.rel(7 * c.count)] },
        TimeRuleSource([w("in"), c(.countEn), w("days", "day")]) { c in [.rel(c.count)] },
        TimeRuleSource([w("in"), w("a"), w("couple"), o("of"), w("days")]) { _ in [.rel(2)] },
        TimeRuleSource([w("in"), w("a"), w("few"), w("days")]) { _ in [.rel(3)] },
        TimeRuleSource([w("in"), w("a"), w("couple"), o("of"), w("weeks")]) { _ in [.rel(14)] },
        TimeRuleSource([w("en", "dentro"), o("de"), c(.countEs), w("dias", "dia")]) { c in [.rel(c.count)] },
        TimeRuleSource([w("en", "dentro"), o("de"), c(.countEs), w("semanas", "semana")]) { c in [.rel(7 * c.count)] },

        // --- weeks ---
        TimeRuleSource([o("the"), w("next", "following"), w("week")]) { _ in [.weekAhead(1)] },
        TimeRuleSource([o("the"), w("week"), w("after"), w("next")]) { _ in [.weekAhead(2)] },
        TimeRuleSource([o("la"), w("semana"), w("que"), w("viene")]) { _ in [.weekAhead(1)] },
        TimeRuleSource([o("la"), w("semana"), w("proxima", "entrante")]) { _ in [.weekAhead(1)] },
        TimeRuleSource([o("la"), w("proxima"), w("semana")]) { _ in [.weekAhead(1)] },
        TimeRuleSource([w("this", "the"), w("weekend")]) { _ in [.weekday(5, .upcoming)] },
        TimeRuleSource([o("el", "este"), w("fin"), w("de"), w("semana")]) { _ in [.weekday(5, .upcoming)] },

        // --- weekdays ---
        TimeRuleSource([c(.weekday)]) { c in [.weekday(c.weekday, .upcoming)] },
        TimeRuleSource([w("next", "following"), c(.weekday)]) { c in [.weekday(c.weekday, .next)] },
        TimeRuleSource([w("this"), w("coming"), c(.weekday)]) { c in [.weekday(c.weekday, .upcoming)] },
        TimeRuleSource([o("el"), w("proximo", "proxima"), c(.weekday)]) { c in [.weekday(c.weekday, .next)] },
        TimeRuleSource([c(.weekday), w("proximo")]) { c in [.weekday(c.weekday, .next)] },
        TimeRuleSource([c(.weekday), w("que"), w("viene")]) { c in [.weekday(c.weekday, .next)] },
        TimeRuleSource([w("a", "one"), w("week"), w("from"), o("this", "next"), c(.weekday)]) { c in [.weekday(c.weekday, .weekFrom(1))] },
        TimeRuleSource([c(.countEn), w("weeks"), w("from"), o("this"), c(.weekday)]) { c in [.weekday(c.weekday, .weekFrom(c.count))] },
        TimeRuleSource([c(.weekday), w("after"), w("next")]) { c in [.weekday(c.weekday, .weekFrom(1))] },
        TimeRuleSource([c(.weekday), o(","), w("the"), c(.dom)]) { c in [.weekdayDom(c.weekday, c.day)] },
        TimeRuleSource([c(.weekday), c(.domBare)]) { c in [.weekdayDom(c.weekday, c.day)] },
        TimeRuleSource([c(.weekday), c(.domOrd)]) { c in [.weekdayDom(c.weekday, c.day)] },

        // --- days of month ---
        TimeRuleSource([w("the"), c(.domOrd)]) { c in [.dom(c.day)] },
        TimeRuleSource([w("the"), c(.domBare)]) { c in [.dom(c.day)] },
        TimeRuleSource([c(.domOrd)]) { c in [.dom(c.day)] },
        TimeRuleSource([w("el"), o("dia"), c(.domBare)]) { c in [.dom(c.day)] },
        TimeRuleSource([w("el"), o("dia"), w("primero")]) { _ in [.dom(1)] },
        TimeRuleSource([c(.month), o("."), o("the"), c(.dom), o(","), oc(.year)]) { c in [.monthDay(c.month, c.day, c.year)] },
        TimeRuleSource([o("the"), c(.dom), o("of"), o("the"), c(.month), o(","), oc(.year)]) { c in [.monthDay(c.month, c.day, c.year)] },
        TimeRuleSource([o("el"), o("dia"), c(.dom), w("de"), c(.month), o("de", "del"), oc(.year)]) { c in [.monthDay(c.month, c.day, c.year)] },
        TimeRuleSource([c(.numDate)]) { c in [.monthDay(c.month, c.day, c.year)] },

        // --- parts of the day ---
        TimeRuleSource([w("morning", "mornings")]) { _ in [.part(.morning)] },
        TimeRuleSource([w("afternoon", "afternoons")]) { _ in [.part(.afternoon)] },
        TimeRuleSource([w("evening", "evenings", "night", "nights")]) { _ in [.part(.evening)] },
        TimeRuleSource([w("this"), w("morning")]) { _ in [.rel(0), .part(.morning)] },
        TimeRuleSource([w("this"), w("afternoon")]) { _ in [.rel(0), .part(.afternoon)] },
        TimeRuleSource([w("this"), w("evening")]) { _ in [.rel(0), .part(.evening)] },
        TimeRuleSource([w("tonight", "tonite")]) { _ in [.rel(0), .part(.evening)] },
        TimeRuleSource([w("later"), w("today")]) { _ in [.rel(0)] },
        TimeRuleSource([o("the"), w("first"), w("thing"), o("in"), o("the"), o("morning")]) { _ in [.part(.morning)] },
        TimeRuleSource([w("early"), o("in"), o("the"), w("morning")]) { _ in [.part(.morning)] },
        TimeRuleSource([w("late"), o("in"), o("the"), w("morning")]) { _ in [.part(.morning), .window(hm(10), nil)] },
        TimeRuleSource([w("early"), o("in"), o("the"), w("afternoon")]) { _ in [.part(.afternoon)] },
        TimeRuleSource([w("late"), o("in"), o("the"), w("afternoon")]) { _ in [.part(.afternoon), .window(hm(15), nil)] },
        TimeRuleSource([w("end"), w("of"), o("the"), w("day")]) { _ in [.part(.afternoon), .window(hm(15), nil)] },
        TimeRuleSource([w("late"), w("in"), w("the"), w("day")]) { _ in [.part(.afternoon), .window(hm(15), nil)] },
        TimeRuleSource([w("lunchtime", "lunch")]) { _ in [.window(hm(12), hm(13))] },
        TimeRuleSource([w("lunch"), w("time", "hour", "break")]) { _ in [.window(hm(12), hm(13))] },
        TimeRuleSource([w("after"), w("work")]) { _ in [.window(hm(17), nil)] },
        TimeRuleSource([w("after"), w("school")]) { _ in [.window(hm(15), nil)] },
        TimeRuleSource([o("por", "en", "de", "a", "durante"), w("la"), w("manana")]) { _ in [.part(.morning)] },
        TimeRuleSource([o("por", "en", "de", "a", "durante"), w("las"), w("mananas")]) { _ in [.part(.morning)] },
        TimeRuleSource([o("por", "en", "de", "a", "durante"), w("la"), w("tarde")]) { _ in [.part(.afternoon)] },
        TimeRuleSource([o("por", "en", "de", "a", "durante"), w("las"), w("tardes")]) { _ in [.part(.afternoon)] },
        TimeRuleSource([o("por", "en", "de", "a", "durante"), w("la", "las"), w("noche", "noches")]) { _ in [.part(.evening)] },
        TimeRuleSource([w("temprano")]) { _ in [.part(.morning)] },
        TimeRuleSource([w("esta"), w("manana")]) { _ in [.rel(0), .part(.morning)] },
        TimeRuleSource([w("esta"), w("tarde")]) { _ in [.rel(0), .part(.afternoon)] },
        TimeRuleSource([w("esta"), w("noche")]) { _ in [.rel(0), .part(.evening)] },
        TimeRuleSource([o("a"), w("la"), w("hora"), w("de"), w("comer", "almorzar")]) { _ in [.window(hm(12), hm(13))] },
        TimeRuleSource([o("a"), w("la"), w("hora"), w("del"), w("almuerzo")]) { _ in [.window(hm(12), hm(13))] },
        TimeRuleSource([w("al"), w("final"), w("del"), w("dia")]) { _ in [.part(.afternoon), .window(hm(15), nil)] },

        // --- times ---
        TimeRuleSource([o("at", "around", "about", "@", "say", "for", "by"), o("around", "about"), c(.timeStrong)]) { c in [.exact(t(c))] },
        TimeRuleSource([w("at", "around", "about", "@", "say"), o("around", "about"), c(.timeWeak)]) { c in [.exact(t(c))] },
        TimeRuleSource([c(.timeWeak), w("in"), w("the"), w("morning")]) { c in [.exact(t(c)), .part(.morning)] },
        TimeRuleSource([c(.timeWeak), w("in"), w("the"), w("afternoon")]) { c in [.exact(t(c)), .part(.afternoon)] },
        TimeRuleSource([c(.timeWeak), w("in"), w("the"), w("evening")]) { c in [.exact(t(c)), .part(.evening)] },
        TimeRuleSource([c(.timeWeak), w("at"), w("night")]) { c in [.exact(t(c)), .part(.evening)] },
        TimeRuleSource([c(.timeWeak), w("tonight")]) { c in [.rel(0), .exact(t(c)), .part(.evening)] },
        TimeRuleSource([w("al", "a"), w("mediodia")]) { _ in [.exact(TimeSpec(hour: 12, minute: 0, meridiem: 1))] },
        TimeRuleSource([o("at", "around", "about"), w("half"), w("past"), c(.timeWeak)]) { c in
            var s = t(c); s.minute = 30; return [.exact(s)]
        },
        TimeRuleSource([o("at", "around", "about"), o("a"), w("quarter"), w("past", "after"), c(.timeWeak)]) { c in
            var s = t(c); s.minute = 15; return [.exact(s)]
        },
        TimeRuleSource([o("at", "around", "about"), o("a"), w("quarter"), w("to", "til", "till", "of"), c(.timeWeak)]) { c in
            var s = t(c); s.hour = s.hour == 1 ? 12 : s.hour - 1; s.minute = 45; return [.exact(s)]
        },
        TimeRuleSource([o("sobre", "hacia", "como", "tipo"), w("a"), w("la", "las"), c(.timeEs)]) { c in [.exact(t(c))] },
        TimeRuleSource([w("sobre", "hacia"), w("la", "las"), c(.timeEs)]) { c in [.exact(t(c))] },
        TimeRuleSource([w("after", "past"), o("around", "about"), c(.timeWeak)]) { c in [.after(t(c))] },
        TimeRuleSource([o("any", "anytime", "sometime"), w("later"), w("than"), c(.timeWeak)]) { c in [.after(t(c))] },
        TimeRuleSource([w("no"), w("earlier"), w("than"), c(.timeWeak)]) { c in [.after(t(c))] },
        TimeRuleSource([w("not"), w("before"), c(.timeWeak)]) { c in [.after(t(c))] },
        TimeRuleSource([w("after", "past"), w("lunch", "lunchtime")]) { _ in [.after(TimeSpec(hour: 13, minute: 0, meridiem: 1))] },
        TimeRuleSource([w("before"), c(.timeWeak)]) { c in [.before(t(c))] },
        TimeRuleSource([w("no"), w("later"), w("than"), c(.timeWeak)]) { c in [.before(t(c))] },
        TimeRuleSource([w("not"), w("after"), c(.timeWeak)]) { c in [.before(t(c))] },
        TimeRuleSource([w("earlier"), w("than"), c(.timeWeak)]) { c in [.before(t(c))] },
        TimeRuleSource([w("before"), w("lunch", "lunchtime")]) { _ in [.before(TimeSpec(hour: 12, minute: 0, meridiem: 1))] },
        TimeRuleSource([w("between"), c(.timeWeak), w("and"), c(.timeWeak)]) { c in [.after(t(c, 0)), .before(t(c, 1))] },
        TimeRuleSource([w("from"), c(.timeWeak), w("to", "until", "till", "-"), c(.timeWeak)]) { c in [.after(t(c, 0)), .before(t(c, 1))] },
        TimeRuleSource([w("despues"), w("de"), w("la", "las"), c(.timeEs)]) { c in [.after(t(c))] },
        TimeRuleSource([w("a"), w("partir"), w("de"), w("la", "las"), c(.timeEs)]) { c in [.after(t(c))] },
        TimeRuleSource([w("despues"), w("del"), w("mediodia")]) { _ in [.after(TimeSpec(hour: 12, minute: 0, meridiem: 1))] },
        TimeRuleSource([w("despues"), w("del"), w("almuerzo")]) { _ in [.after(TimeSpec(hour: 13, minute: 0, meridiem: 1))] },
        TimeRuleSource([w("despues"), w("de"), w("comer", "almorzar")]) { _ in [.after(TimeSpec(hour: 13, minute: 0, meridiem: 1))] },
        TimeRuleSource([w("antes"), w("de"), w("la", "las"), c(.timeEs)]) { c in [.before(t(c))] },
        TimeRuleSource([w("antes"), w("del"), w("mediodia", "almuerzo")]) { _ in [.before(TimeSpec(hour: 12, minute: 0, meridiem: 1))] },
        TimeRuleSource([w("antes"), w("de"), w("comer", "almorzar")]) { _ in [.before(TimeSpec(hour: 12, minute: 0, meridiem: 1))] },
        TimeRuleSource([w("entre"), w("la", "las"), c(.timeEs), w("y"), w("la", "las"), c(.timeEs)]) { c in [.after(t(c, 0)), .before(t(c, 1))] },
        TimeRuleSource([w("de"), w("la", "las"), c(.timeEs), w("a"), w("la", "las"), c(.timeEs)]) { c in [.after(t(c, 0)), .before(t(c, 1))] },
    ]

    /// Dates of birth: a full day, month and year.
    static let dobGrammar: [TimeRuleSource] = [
        TimeRuleSource([c(.month), o("."), o("the"), c(.dom), o(","), c(.yearDOB)]) { c in [.monthDay(c.month, c.day, c.year)] },
        TimeRuleSource([o("the", "el"), c(.dom), o("of", "de"), o("the"), c(.month), o(",", "de", "del"), c(.yearDOB)]) { c in [.monthDay(c.month, c.day, c.year)] },
        TimeRuleSource([c(.numDateYear)]) { c in [.monthDay(c.month, c.day, c.year)] },
    ]
}
