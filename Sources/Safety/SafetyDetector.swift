import FrontDeskCore

/// Finds medical emergencies and crisis (suicide, self-harm, harm to others) in one caller utterance.
///
/// Rule-based and deterministic — no model decides safety. Text is normalised (`TextNormalizer`), split into
/// clauses, and matched against concept families (`EmergencyLexicon`, `CrisisLexicon`) as word patterns.
/// Each match is then put in context, NegEx/ConText style (`ContextLexicon`):
/// negated → dropped; historical → dropped; hypothetical → dropped for emergencies (the engine treats the
/// utterance as a clinical question) but kept for crisis language; experiencer other ("my husband
/// collapsed") → still counts. Known idioms (`IdiomLexicon`) suppress what they overlap.
/// English and Spanish are always both checked; `language` is only a hint.
public struct SafetyDetector: Sendable {
    public let vertical: Vertical
    private let mask: VMask

    public init(vertical: Vertical) {
        self.vertical = vertical
        self.mask = VMask(vertical)
    }

    /// Emergency / crisis in one caller utterance; nil when none. Language is a hint; both en and es phrasing are detected.
    public func assess(_ utterance: String, language: Language) -> SafetyFinding? {
        findings(utterance, language: language).first
    }

    /// Every distinct finding in the utterance, most urgent first (emergencies, then crisis with immediate
    /// danger, then crisis). `assess` returns the first.
    public func findings(_ utterance: String, language: Language) -> [SafetyFinding] {
        let hits = analyze(utterance)
        return Self.rank(hits, vertical: vertical)
    }

    /// Did the caller describe severe pain ("killing me", "worst pain", "dolor insoportable")? Never an
    /// emergency by itself; the engine may use it to offer the first available urgent visit.
    public func mentionsSeverePain(_ utterance: String, language: Language) -> Bool {
        analyze(utterance).signals.contains("severePain")
    }

    // MARK: - Analysis

    struct Hit {
        var rule: Int
        var concern: SafetyConcern
        var outcome: RuleOutcome
    }

    struct Hits {
        var rules: [Hit] = []
        var signals: Set<String> = []
    }

    func analyze(_ utterance: String) -> Hits {
        let lex = Lexicon.shared
        var hits = Hits()
        var seen = Set<Int>()
        for clause in TextNormalizer.clauses(utterance) {
            let ids = lex.patterns.ids(clause.words)
            let matches = lex.patterns.matches(ids)
            if matches.isEmpty { continue }
            var cues: [(CueKind, Int, Int)] = []
            var idioms: [(Int, Int, Int)] = []
            var ruleMatches: [(Int, Int, Int)] = []
            for m in matches {
                switch m.tag {
                case .cue(let k): cues.append((k, m.start, m.end))
                case .idiom(let i): idioms.append((Int(i), m.start, m.end))
                case .rule(let r): ruleMatches.append((Int(r), m.start, m.end))
                }
            }
            if ruleMatches.isEmpty { continue }
            let ctx = ClauseContext(clause: clause, cues: cues)
            for (r, start, end) in ruleMatches {
                if seen.contains(r) { continue }
                let rule = lex.rules[r]
                guard rule.verticals.contains(mask) else { continue }
                if idioms.contains(where: { i in
                    let idiom = lex.idioms[i.0]
                    return i.1 < end && start < i.2 && idiom.verticals.contains(mask)
                        && (idiom.concerns?.contains(rule.concern) ?? true)
                }) { continue }
                if ctx.isNegated(start, end) { continue }
                if ctx.isHistorical(start, end, timing: rule.timing, concern: rule.concern) { continue }
                if rule.timing != .crisis, ctx.isHypothetical(start, end) { continue }
                seen.insert(r)
                switch rule.outcome {
                case .signal(let name): hits.signals.insert(name)
                default: hits.rules.append(Hit(rule: r, concern: rule.concern, outcome: rule.outcome))
                }
            }
        }
        for (k, combo) in lex.combos.enumerated() where combo.verticals.contains(mask) {
            if combo.requires.allSatisfy({ $0.contains(where: hits.signals.contains) }) {
                hits.rules.append(Hit(rule: lex.rules.count + k, concern: combo.concern, outcome: combo.outcome))
            }
        }
        return hits
    }

    /// Concerns whose emergency is the act itself when crisis language is present too.
    static let actConcerns: Set<SafetyConcern> = [.overdose, .poisoning, .bleeding, .trauma, .unresponsive, .choking, .breathing]

    static func rank(_ hits: Hits, vertical: Vertical) -> [SafetyFinding] {
        let emergencies = hits.rules.filter { $0.outcome == .emergency }.sorted { $0.rule < $1.rule }
        let crises = hits.rules.filter { if case .crisis = $0.outcome { return true } else { return false } }
            .sorted { $0.rule < $1.rule }
        var out: [SafetyFinding] = []
        func add(_ f: SafetyFinding) { if !out.contains(f) { out.append(f) } }

        // An act of self-harm or suicide in progress outranks everything.
        for h in emergencies where h.concern.isCrisisFamily { add(.emergency(h.concern)) }
        for h in emergencies where !h.concern.isCrisisFamily {
            var concern = h.concern
            if actConcerns.contains(concern) {
                if crises.contains(where: { $0.concern == .selfHarm }) && [.bleeding, .trauma].contains(concern) {
                    concern = .selfHarm
                } else if crises.contains(where: { $0.concern == .suicidalIdeation || $0.concern == .suicideAttempt })
                            && [.overdose, .poisoning, .bleeding, .trauma, .unresponsive].contains(concern) {
                    concern = .suicideAttempt
                } else if vertical == .mentalHealth && (concern == .overdose || concern == .poisoning) {
                    concern = .suicideAttempt
                }
            }
            add(.emergency(concern))
        }
        let urgent = hits.signals.contains("immediacy")
        let immediate = crises.filter { if case .crisis(true) = $0.outcome { return true } else { return false } }
        for h in immediate { add(.crisis(h.concern, immediateDanger: true)) }
        for h in crises where !immediate.contains(where: { $0.rule == h.rule }) {
            add(.crisis(h.concern, immediateDanger: urgent))
        }
        // One crisis entry per concern, the most urgent kept.
        var seen = Set<SafetyConcern>()
        return out.filter { f in
            if case .crisis = f.kind { return seen.insert(f.concern).inserted }
            return true
        }
    }
}

/// ConText properties of a match inside one clause.
struct ClauseContext {
    let clause: Clause
    var negations: [(Int, Int)] = []
    var pseudoNegations: [(Int, Int)] = []
    var negationEnds: [Int] = []
    var hypotheticals: [(Int, Int)] = []
    var pseudoHypotheticals: [(Int, Int)] = []
    var hypotheticalEnds: [Int] = []
    var strongPresent = false
    var hypotheticalAfter: [(Int, Bool)] = []
    var presents: [Int] = []
    var recurrence = false
    var historicals: [(Int, Int, Int, Bool)] = []   // start, end, level, crisis

    init(clause: Clause, cues: [(CueKind, Int, Int)]) {
        self.clause = clause
        for (k, s, e) in cues {
            switch k {
            case .negation: negations.append((s, e))
            case .pseudoNegation: pseudoNegations.append((s, e))
            case .negationEnd: negationEnds.append(s)
            case .hypothetical: hypotheticals.append((s, e))
            case .pseudoHypothetical: pseudoHypotheticals.append((s, e))
            case .hypotheticalEnd: hypotheticalEnds.append(s)
            case .strongPresent: strongPresent = true
            case .hypotheticalAfter(let q): hypotheticalAfter.append((s, q))
            case .present: presents.append(s)
            case .recurrence: recurrence = true
            case .historical(let level, let crisis): historicals.append((s, e, level, crisis))
            }
        }
    }

    private func softBreak(from a: Int, through b: Int) -> Bool {
        var k = max(a, 1)
        while k <= b && k < clause.commaBefore.count {
            if clause.commaBefore[k] { return true }
            k += 1
        }
        return false
    }

    /// NegEx: a trigger within `negationWindow` words before the match, not a pseudo-trigger, no
    /// termination term or comma in between.
    func isNegated(_ start: Int, _ end: Int) -> Bool {
        for (ns, ne) in negations where ne <= start && start - ne <= ContextLexicon.negationWindow {
            if pseudoNegations.contains(where: { $0.0 <= ns && $0.1 >= ne }) { continue }
            // "No, no puedo respirar" / "no not breathing": a trigger right before a finding that carries its
            // own negation is an interjection.
            if start == ne, ContextLexicon.negationWords.contains(clause.words[start]) { continue }
            if negationEnds.contains(where: { $0 >= ne && $0 < start }) { continue }
            if softBreak(from: ne, through: start) { continue }
            return true
        }
        return false
    }

    /// ConText hypothetical: "if …", "in case …", "what should I do if …" before the match, unless the clause
    /// says "right now".
    func isHypothetical(_ start: Int, _ end: Int) -> Bool {
        if strongPresent { return false }
        let opensAsQuestion = clause.words.first.map(ContextLexicon.questionOpeners.contains) ?? false
        for (hs, questionOnly) in hypotheticalAfter where hs >= end {
            if !questionOnly || opensAsQuestion { return true }
        }
        for (hs, he) in hypotheticals where hs < start && start - he <= ContextLexicon.hypotheticalWindow {
            if he - hs == 1, pseudoHypotheticals.contains(where: { $0.0 <= hs && $0.1 >= he }) { continue }
            if he <= start {
                if hypotheticalEnds.contains(where: { $0 >= he && $0 < start }) { continue }
                if softBreak(from: he, through: start) { continue }
            }
            return true
        }
        return false
    }

    /// ConText historical: a time cue old enough for this kind of finding, with nothing present-tense between.
    func isHistorical(_ start: Int, _ end: Int, timing: Timing, concern: SafetyConcern = .other) -> Bool {
        if recurrence { return false }
        for (hs, he, level, crisisOK) in historicals {
            switch timing {
            case .crisis: if !(level == 3 && crisisOK) { continue }
            case .event: if level < 2 { continue }
            case .state:
                if level == 1 {
                    // "yesterday" only with a past verb at the finding: "I had chest pain yesterday".
                    let before = start > 0 ? clause.words[start - 1] : ""
                    let first = clause.words[start]
                    let beforeTwo = start > 1 ? clause.words[start - 2] : ""
                    let isResolution = clause.words[hs..<he].contains("now") || clause.words[hs..<he].contains("bien")
                    // "… but he's fine now" does not clear chest pain or stroke signs (a TIA is still an emergency).
                    if isResolution && (concern == .cardiac || concern == .stroke) { continue }
                    if !isResolution && !ContextLexicon.pastMarkers.contains(before) && !ContextLexicon.pastMarkers.contains(first)
                        && !ContextLexicon.pastMarkers.contains(beforeTwo) { continue }
                }
            }
            if hs < end && start < he { return true }            // the cue is part of the finding ("committed suicide")
            if he <= start {
                if presents.contains(where: { $0 >= he && $0 < end }) { continue }
                if (he..<start).contains(where: { k in
                    let w = clause.words[k]
                    if ContextLexicon.historicalEnd.contains(w) { return true }
                    guard ContextLexicon.historicalAnd.contains(w), k + 1 < start,
                          ContextLexicon.newSubjects.contains(clause.words[k + 1]) else { return false }
                    let verb = k + 2 < clause.words.count ? clause.words[k + 2] : ""
                    return !ContextLexicon.pastMarkers.contains(verb) && !["was", "were", "had", "'d"].contains(verb)
                }) { continue }
                return true
            }
            if hs >= end {
                if presents.contains(where: { $0 >= start && $0 < hs }) { continue }
                return true
            }
        }
        return false
    }
}

/// The compiled detector lexicon, built once.
struct Lexicon: Sendable {
    let rules: [Rule]
    let combos: [Combo]
    let idioms: [Idiom]
    let patterns: PatternSet<DetectorTag>

    static let shared = Lexicon()

    init() {
        rules = EmergencyLexicon.verticalRules + CrisisLexicon.rules.filter { $0.outcome == .emergency }
            + EmergencyLexicon.generalRules + CrisisLexicon.rules.filter { $0.outcome != .emergency }
            + CrisisLexicon.mentalHealthRules + EmergencyLexicon.signals + CrisisLexicon.signals
            + CrisisLexicon.farewellSignals
        combos = EmergencyLexicon.combos + CrisisLexicon.combos
        idioms = IdiomLexicon.idioms
        var specs: [(String, DetectorTag)] = []
        for (i, r) in rules.enumerated() { specs.append((r.pattern, .rule(Int32(i)))) }
        for (i, idiom) in idioms.enumerated() { specs.append((idiom.pattern, .idiom(Int32(i)))) }
        for (p, k) in ContextLexicon.cues { specs.append((p, .cue(k))) }
        var classes = EmergencyLexicon.classes
        for (k, v) in CrisisLexicon.classes { classes[k] = classes[k].map { $0 + "|" + v } ?? v }
        for (k, v) in IdiomLexicon.classes { classes[k] = classes[k].map { $0 + "|" + v } ?? v }
        patterns = PatternSet(specs, classes: classes)
    }
}
