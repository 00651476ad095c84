import Foundation

/// A practice as described by its profile (`shared/spec/practice-profile.md`, format 1):
/// who it is, when it is open, what can be booked with whom, where calls go on handoff,
/// and which facts the receptionist may state. Built only by `ProfileLoader`, which validates it.
public struct PracticeProfile: Sendable {
    public var format: Int
    public var practice: Practice
    public var hours: WeeklyHours
    public var closures: [LocalDate]
    public var appointmentTypes: [AppointmentType]
    public var providers: [Provider]
    public var insurance: Insurance
    public var handoff: Handoff
    public var faq: [FAQEntry]
    public var refills: RefillPolicy
    /// Minutes between offered slot starts (project key `slot_step_minutes`, default 30).
    public var slotStepMinutes: Int

    public init(format: Int = 1, practice: Practice, hours: WeeklyHours, closures: [LocalDate] = [],
                appointmentTypes: [AppointmentType], providers: [Provider], insurance: Insurance = .init(),
                handoff: Handoff, faq: [FAQEntry] = [], refills: RefillPolicy = .route, slotStepMinutes: Int = 30) {
        self.format = format; self.practice = practice; self.hours = hours; self.closures = closures
        self.appointmentTypes = appointmentTypes; self.providers = providers; self.insurance = insurance
        self.handoff = handoff; self.faq = faq; self.refills = refills; self.slotStepMinutes = slotStepMinutes
    }

    public var timeZone: TimeZone { practice.timeZone }
    public func appointmentType(_ id: String) -> AppointmentType? { appointmentTypes.first { $0.id == id } }
    public func provider(_ id: String) -> Provider? { providers.first { $0.id == id } }
    public func providers(offering typeID: String) -> [Provider] {
        providers.filter { $0.appointmentTypes.contains(typeID) }
    }
    public func isClosure(_ date: LocalDate) -> Bool { closures.contains(date) }

    /// Practice open hours on a date (nil when closed that weekday or a closure day).
    public func openHours(on date: LocalDate) -> OpenRange? {
        if isClosure(date) { return nil }
        return hours[date.weekday]
    }

    /// Is the practice open at this local wall time?
    public func isOpen(at t: LocalDateTime) -> Bool {
        guard let r = openHours(on: t.date) else { return false }
        return r.contains(t.time)
    }
}

/// The `practice:` block.
public struct Practice: Sendable {
    public var id: String
    public var name: String
    public var vertical: Vertical
    public var timeZone: TimeZone
    public var phone: String
    public var address: String
    public var state: String?
    public var hipaaCovered: Bool
    public var languages: [Language]
    public var recording: Bool

    public init(id: String, name: String, vertical: Vertical, timeZone: TimeZone, phone: String, address: String,
                state: String? = nil, hipaaCovered: Bool = true, languages: [Language] = [.en], recording: Bool = false) {
        self.id = id; self.name = name; self.vertical = vertical; self.timeZone = timeZone; self.phone = phone
        self.address = address; self.state = state; self.hipaaCovered = hipaaCovered; self.languages = languages
        self.recording = recording
    }
}

/// The kind of practice; decides emergency lexicons and who the patient is (a pet, for veterinary).
public enum Vertical: String, Sendable, CaseIterable {
    case dental, medspa, veterinary, mentalHealth = "mental_health", medical
}

/// A language the receptionist can converse in.
public enum Language: String, Sendable, CaseIterable, Codable {
    case en, es
}

/// An open interval of the day, `HH:MM-HH:MM`, start before end.
public struct OpenRange: Sendable, Hashable {
    public var start: TimeOfDay
    public var end: TimeOfDay
    public init(start: TimeOfDay, end: TimeOfDay) { self.start = start; self.end = end }

    /// Parses `HH:MM-HH:MM`; nil when malformed. Inverted ranges parse (the validator reports them).
    public init?(parsing s: String) {
        let p = s.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 2,
              let a = TimeOfDay(hhmm: p[0].trimmingCharacters(in: .whitespaces)),
              let b = TimeOfDay(hhmm: p[1].trimmingCharacters(in: .whitespaces)) else { return nil }
        self.init(start: a, end: b)
    }
    public func contains(_ t: TimeOfDay) -> Bool { t >= start && t < end }
    public var text: String { "\(start.hhmm)-\(end.hhmm)" }
}

/// Open hours per weekday; a missing weekday is closed.
public struct WeeklyHours: Sendable {
    public var days: [Weekday: OpenRange]
    public init(_ days: [Weekday: OpenRange] = [:]) { self.days = days }
    public subscript(_ d: Weekday) -> OpenRange? {
        get { days[d] }
        set { days[d] = newValue }
    }
}

/// Something a caller can book (`appointment_types:`).
public struct AppointmentType: Sendable {
    public var id: String
    public var name: String
    /// Spoken name per language, when it differs from `name`.
    public var names: [Language: String]
    public var minutes: Int
    public var synonyms: [String]
    public var newPatients: Bool
    public var price: String?

    public init(id: String, name: String, names: [Language: String] = [:], minutes: Int, synonyms: [String] = [],
                newPatients: Bool = true, price: String? = nil) {
        self.id = id; self.name = name; self.names = names; self.minutes = minutes; self.synonyms = synonyms
        self.newPatients = newPatients; self.price = price
    }
    public func name(in language: Language) -> String { names[language] ?? name }
}

/// A clinician or staff member who can be booked (`providers:`).
public struct Provider: Sendable {
    public var id: String
    public var name: String
    public var appointmentTypes: [String]
    /// Narrower hours than the practice's, per weekday; a weekday absent here follows the practice.
    public var hours: [Weekday: OpenRange?]

    public init(id: String, name: String, appointmentTypes: [String], hours: [Weekday: OpenRange?] = [:]) {
        self.id = id; self.name = name; self.appointmentTypes = appointmentTypes; self.hours = hours
    }
}

/// `insurance:` — carriers accepted, and whether to ask the caller's carrier name.
public struct Insurance: Sendable {
    public var accepted: [String]
    public var askCarrier: Bool
    public init(accepted: [String] = [], askCarrier: Bool = false) { self.accepted = accepted; self.askCarrier = askCarrier }
}

/// `handoff:` — where calls go when a human must take over.
public struct Handoff: Sendable {
    public var frontDesk: String
    public var onCall: String?
    public var emergency: String
    public var crisis: String
    public var afterHours: AfterHoursPolicy
    public init(frontDesk: String, onCall: String? = nil, emergency: String = "911", crisis: String = "988",
                afterHours: AfterHoursPolicy = .message) {
        self.frontDesk = frontDesk; self.onCall = onCall; self.emergency = emergency; self.crisis = crisis
        self.afterHours = afterHours
    }
}

/// What happens to a request for a person when the practice is closed.
public enum AfterHoursPolicy: String, Sendable { case message, onCall = "on_call" }

/// What the receptionist does with a prescription refill request.
public enum RefillPolicy: String, Sendable { case route, refuse }

/// A fact the receptionist may state (`faq:`).
public struct FAQEntry: Sendable {
    public var topic: String
    public var answer: String
    public init(topic: String, answer: String) { self.topic = topic; self.answer = answer }
}
