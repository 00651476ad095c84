import FrontDeskCore

/// What a caller's words are about, when they are about danger.
public enum SafetyConcern: String, Sendable, CaseIterable {
    case cardiac, breathing, choking, bleeding, stroke, unresponsive, seizure, anaphylaxis, overdose, poisoning, trauma
    case vascularOcclusion, visionLoss, airwaySwelling, urinaryBlockage, bloat
    /// Severe pain: recorded (`SafetyDetector.mentionsSeverePain`) but never an emergency by itself.
    case severePain
    case suicidalIdeation, selfHarm, suicideAttempt, harmToOthers
    case other

    /// Concerns that belong to the crisis (988) family.
    public var isCrisisFamily: Bool {
        switch self {
        case .suicidalIdeation, .selfHarm, .suicideAttempt, .harmToOthers: return true
        default: return false
        }
    }
}

/// One emergency or crisis found in a caller utterance.
public struct SafetyFinding: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Call 911 (or the practice's emergency line) now.
        case emergency
        /// Refer to the 988 Lifeline; `immediateDanger` adds 911.
        case crisis(immediateDanger: Bool)
    }
    public var kind: Kind
    public var concern: SafetyConcern

    public init(kind: Kind, concern: SafetyConcern) {
        self.kind = kind
        self.concern = concern
    }

    public static func emergency(_ c: SafetyConcern) -> SafetyFinding { .init(kind: .emergency, concern: c) }
    public static func crisis(_ c: SafetyConcern, immediateDanger: Bool = false) -> SafetyFinding {
        .init(kind: .crisis(immediateDanger: immediateDanger), concern: c)
    }
}

// MARK: - Lexicon model (internal)

/// Which verticals a rule applies to.
struct VMask: OptionSet, Sendable {
    let rawValue: UInt8
    static let dental = VMask(rawValue: 1)
    static let medspa = VMask(rawValue: 2)
    static let veterinary = VMask(rawValue: 4)
    static let mentalHealth = VMask(rawValue: 8)
    static let medical = VMask(rawValue: 16)
    static let all: VMask = [.dental, .medspa, .veterinary, .mentalHealth, .medical]

    init(rawValue: UInt8) { self.rawValue = rawValue }
    init(_ v: Vertical) {
        switch v {
        case .dental: self = .dental
        case .medspa: self = .medspa
        case .veterinary: self = .veterinary
        case .mentalHealth: self = .mentalHealth
        case .medical: self = .medical
        }
    }
    static func except(_ m: VMask) -> VMask { VMask.all.subtracting(m) }
}

/// How time cues affect a rule (ConText "historical").
enum Timing: Sendable {
    /// A state (chest pain, can't breathe): "yesterday" with a past verb, "last week", "years ago" make it history.
    case state
    /// An event whose danger lasts (ate chocolate, took pills, hit by a car): only "last week" or older is history.
    case event
    /// Crisis language: only clearly old cues ("years ago", "used to", "as a teen") make it history.
    case crisis
}

enum RuleOutcome: Sendable, Equatable {
    case emergency
    case crisis(immediate: Bool)
    /// A named cue that only counts in a combination (`Combo`) or as an extra signal.
    case signal(String)
}

struct Rule: Sendable {
    var concern: SafetyConcern
    var outcome: RuleOutcome
    var verticals: VMask
    var timing: Timing
    var pattern: String
}

/// A finding that needs several signals in one utterance (any clause): each inner list is "any of".
struct Combo: Sendable {
    var concern: SafetyConcern
    var outcome: RuleOutcome
    var verticals: VMask
    var requires: [[String]]
}

/// A known figure of speech; findings overlapping it are ignored.
struct Idiom: Sendable {
    var pattern: String
    /// nil: suppresses every concern.
    var concerns: Set<SafetyConcern>?
    var verticals: VMask
}

enum CueKind: Sendable, Equatable {
    case negation, pseudoNegation, negationEnd
    case hypothetical, pseudoHypothetical, hypotheticalEnd, strongPresent
    /// After the finding: "is chest pain a side effect of…?" (only in a clause that opens as a question),
    /// "short of breath when I climb stairs" (habitual, any clause).
    case hypotheticalAfter(questionOnly: Bool)
    /// Cancels a historical cue when it stands between the cue and the finding.
    case present
    /// "again", "it's back": the clause is about now whatever else it says.
    case recurrence
    /// level 3: years ago / used to …; 2: last week / days ago; 1: yesterday / last night (needs a past verb).
    case historical(level: Int, crisis: Bool)
}

enum DetectorTag: Sendable {
    case rule(Int32)
    case cue(CueKind)
    case idiom(Int32)
}
