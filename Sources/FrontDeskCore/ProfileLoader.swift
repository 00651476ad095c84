import Foundation
import Yams

/// One problem in a practice profile, reported as `FILE: key.path: reason`.
public struct ProfileIssue: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file as it was named to the loader.
    public var file: String
    /// Where the problem is, e.g. `hours.thu` or `providers[1].appointment_types[0]`; empty for the whole file.
    public var keyPath: String
    /// What is wrong, e.g. `"10:00-nineteen" is not HH:MM-HH:MM`.
    public var reason: String

    public init(file: String, keyPath: String, reason: String) {
        self.file = file; self.keyPath = keyPath; self.reason = reason
    }

    public var description: String {
        keyPath.isEmpty ? "\(file): \(reason)" : "\(file): \(keyPath): \(reason)"
    }
}

/// Every problem found in a practice profile (never just the first).
public struct ProfileError: Error, Sendable, CustomStringConvertible {
    public var issues: [ProfileIssue]
    public init(issues: [ProfileIssue]) { self.issues = issues }
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// Reads and validates practice profiles (`docs/practice-profile.md`, format 1).
public enum ProfileLoader {
    /// Loads the profile at `path`; issues name the file as `path`.
    public static func load(path: String) throws(ProfileError) -> PracticeProfile {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let s = String(data: data, encoding: .utf8) else {
                throw ProfileError(issues: [ProfileIssue(file: path, keyPath: "", reason: "cannot read file: it is not UTF-8 text")])
            }
            text = s
        } catch let e as ProfileError {
            throw e
        } catch {
            let why = FileManager.default.fileExists(atPath: path) ? "cannot read file" : "cannot read file: no such file"
            throw ProfileError(issues: [ProfileIssue(file: path, keyPath: "", reason: why)])
        }
        return try load(yaml: text, file: path)
    }

    /// Loads a profile from YAML text; issues name the file as `file`.
    public static func load(yaml: String, file: String) throws(ProfileError) -> PracticeProfile {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ProfileError(issues: [ProfileIssue(file: file, keyPath: "", reason: yamlReason(error))])
        }
        guard let root, !root.isNull else {
            throw ProfileError(issues: [ProfileIssue(file: file, keyPath: "", reason: "the file is empty")])
        }
        var v = Validator(file: file)
        let profile = v.profile(root)
        if let profile, v.issues.isEmpty { return profile }
        throw ProfileError(issues: v.sortedIssues)
    }

    /// The parser's complaint, with its line.
    static func yamlReason(_ error: any Error) -> String {
        guard let e = error as? YamlError else { return "invalid YAML: \(error)" }
        switch e {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            var s = "invalid YAML at line \(mark.line), column \(mark.column): \(problem)"
            if let context { s += " (\(context.text) at line \(context.mark.line))" }
            return s
        case let .reader(problem, _, _, _):
            return "invalid YAML: \(problem)"
        case let .duplicatedKeysInMapping(duplicates, context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return "invalid YAML at line \(context.mark.line): duplicate key \(keys) in the same block"
        default:
            return "invalid YAML: \(e)"
        }
    }
}

// MARK: - Rules shared with the docs and tests

extension ProfileLoader {
    static let topLevelKeys = ["format", "practice", "hours", "closures", "appointment_types", "providers",
                               "insurance", "handoff", "faq", "refills", "slot_step_minutes"]
    static let practiceKeys = ["id", "name", "vertical", "timezone", "phone", "address", "state", "hipaa_covered",
                               "languages", "recording"]
    static let appointmentTypeKeys = ["id", "name", "names", "minutes", "synonyms", "new_patients", "price"]
    static let providerKeys = ["id", "name", "appointment_types", "hours"]
    static let insuranceKeys = ["accepted", "ask_carrier"]
    static let handoffKeys = ["front_desk", "on_call", "emergency", "crisis", "after_hours"]
    static let faqKeys = ["topic", "answer"]
    static let minutesRange = 1...480
    static let slotStepRange = 5...240
    static let usStates: Set<String> = [
        "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY", "LA",
        "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH", "OK",
        "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY",
        "DC", "PR", "GU", "VI", "AS", "MP",
    ]

    /// `+` then 8–15 digits, the first not 0.
    static func isE164(_ s: String) -> Bool {
        guard s.first == "+" else { return false }
        let digits = s.dropFirst()
        return (8...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber } && digits.first != "0"
    }

    /// 3–6 digits, like 911 or 988.
    static func isShortCode(_ s: String) -> Bool {
        (3...6).contains(s.count) && s.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func isProfileID(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

// MARK: - Node helpers

private extension Node {
    var isNull: Bool {
        guard case let .scalar(s) = self, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }
    var line: Int { mark?.line ?? 0 }
    /// How an issue names what it found: `"text"`, `a list`, `a mapping`, `nothing`.
    var found: String {
        if isNull { return "nothing" }
        switch self {
        case let .scalar(s): return quote(s.string)
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .alias: return "an alias"
        }
    }
}

private func quote(_ s: String) -> String { "\"\(s)\"" }

private func join(_ base: String, _ key: String) -> String { base.isEmpty ? key : "\(base).\(key)" }

/// Edit distance, for "did you mean" hints.
private func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}

private func suggestion(_ word: String, from candidates: [String]) -> String? {
    let w = word.lowercased()
    let best = candidates.map { ($0, distance(w, $0.lowercased())) }.min { $0.1 < $1.1 }
    guard let best, best.1 <= max(1, min(3, best.0.count / 3)) else { return nil }
    return best.0
}

private func oneOf(_ values: [String]) -> String {
    guard values.count > 1 else { return values.first ?? "" }
    return values.dropLast().joined(separator: ", ") + " or " + values.last!
}

// MARK: - Validator

/// Walks the YAML tree, collecting every issue and building the profile when there are none.
private struct Validator {
    let file: String
    private var found: [(line: Int, seq: Int, issue: ProfileIssue)] = []

    init(file: String) { self.file = file }

    var issues: [ProfileIssue] { found.map(\.issue) }
    /// Issues in the order they appear in the file.
    var sortedIssues: [ProfileIssue] {
        found.sorted { ($0.line, $0.seq) < ($1.line, $1.seq) }.map(\.issue)
    }

    mutating func issue(_ path: String, _ reason: String, at node: Node?) {
        found.append((node?.line ?? 0, found.count, ProfileIssue(file: file, keyPath: path, reason: reason)))
    }

    // MARK: Typed readers

    /// The fields of a mapping; reports a non-mapping and every key not in `allowed`.
    mutating func fields(_ node: Node, _ path: String, allowed: [String], what: String = "") -> [String: Node]? {
        guard case let .mapping(m) = node else {
            issue(path, "expected \(what.isEmpty ? "a block of keys" : what), found \(node.found)", at: node)
            return nil
        }
        var out: [String: Node] = [:]
        for (k, v) in m {
            guard case let .scalar(ks) = k else {
                issue(path, "a key must be a plain word, found \(k.found)", at: k)
                continue
            }
            let key = ks.string
            if allowed.contains(key) {
                out[key] = v
            } else {
                var reason = "unknown key"
                if let s = suggestion(key, from: allowed) { reason += " (did you mean \"\(s)\"?)" }
                else { reason += " (allowed here: \(allowed.joined(separator: ", ")))" }
                issue(join(path, key), reason, at: k)
            }
        }
        return out
    }

    /// A text value (any scalar). nil when absent, null or of the wrong type (reported).
    mutating func text(_ f: [String: Node], _ key: String, _ path: String, required: Bool, parent: Node) -> String? {
        let p = join(path, key)
        guard let n = f[key], !n.isNull else {
            if required { issue(p, "missing (required)", at: f[key] ?? parent) }
            return nil
        }
        return scalarText(n, p, nonEmpty: required)
    }

    mutating func scalarText(_ n: Node, _ p: String, nonEmpty: Bool = true) -> String? {
        guard case let .scalar(s) = n, !n.isNull else {
            issue(p, "expected text, found \(n.found)", at: n)
            return nil
        }
        let t = s.string.trimmingCharacters(in: .whitespacesAndNewlines)
        if nonEmpty && t.isEmpty {
            issue(p, "is empty", at: n)
            return nil
        }
        return t
    }

    /// true/false (also yes/no/on/off). Absent → `default`.
    mutating func bool(_ f: [String: Node], _ key: String, _ path: String, default d: Bool) -> Bool {
        guard let n = f[key], !n.isNull else { return d }
        if case let .scalar(s) = n {
            switch s.string.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        issue(join(path, key), "expected true or false, found \(n.found)", at: n)
        return d
    }

    /// A whole number. nil when absent or not a number (reported when `required` or malformed).
    mutating func int(_ f: [String: Node], _ key: String, _ path: String, required: Bool, parent: Node) -> Int? {
        let p = join(path, key)
        guard let n = f[key], !n.isNull else {
            if required { issue(p, "missing (required)", at: f[key] ?? parent) }
            return nil
        }
        guard case let .scalar(s) = n, let i = Int(s.string.trimmingCharacters(in: .whitespaces)) else {
            issue(p, "expected a whole number, found \(n.found)", at: n)
            return nil
        }
        return i
    }

    /// A list's items. nil when absent (reported when `required`) or not a list (reported).
    mutating func list(_ f: [String: Node], _ key: String, _ path: String, required: Bool, parent: Node,
                       what: String = "a list") -> [Node]? {
        let p = join(path, key)
        guard let n = f[key], !n.isNull else {
            if required { issue(p, "missing (required)", at: f[key] ?? parent) }
            return nil
        }
        guard case let .sequence(s) = n else {
            issue(p, "expected \(what), found \(n.found)", at: n)
            return nil
        }
        return Array(s)
    }

    /// A list of text values, each reported on its own when malformed.
    mutating func textList(_ f: [String: Node], _ key: String, _ path: String, required: Bool, parent: Node,
                           what: String) -> [String]? {
        guard let items = list(f, key, path, required: required, parent: parent, what: what) else { return nil }
        var out: [String] = []
        for (i, n) in items.enumerated() {
            if let t = scalarText(n, "\(join(path, key))[\(i)]") { out.append(t) }
        }
        return out
    }

    /// One of a fixed set of words. Absent → nil (reported when `required`).
    mutating func choice<T: RawRepresentable>(_ f: [String: Node], _ key: String, _ path: String, required: Bool,
                                              parent: Node, what: String, _: T.Type) -> T? where T.RawValue == String {
        guard let s = text(f, key, path, required: required, parent: parent) else { return nil }
        if let v = T(rawValue: s) { return v }
        issue(join(path, key), "unknown \(what) \(quote(s)) (expected \(oneOf(Self.raws(T.self))))", at: f[key])
        return nil
    }

    static func raws<T: RawRepresentable>(_: T.Type) -> [String] where T.RawValue == String {
        switch T.self {
        case is Vertical.Type: return Vertical.allCases.map(\.rawValue)
        case is Language.Type: return Language.allCases.map(\.rawValue)
        case is RefillPolicy.Type: return ["route", "refuse"]
        case is AfterHoursPolicy.Type: return ["message", "on_call"]
        default: return []
        }
    }

    // MARK: The profile

    mutating func profile(_ root: Node) -> PracticeProfile? {
        guard let top = fields(root, "", allowed: ProfileLoader.topLevelKeys,
                               what: "a practice profile (a block of keys such as format, practice, hours)") else {
            return nil
        }

        // format
        var format = 1
        if let f = int(top, "format", "", required: true, parent: root) {
            format = f
            if f != 1 { issue("format", "\(f) is not a supported format (expected 1)", at: top["format"]) }
        }

        let practice = practiceBlock(top, root)
        let (hours, hoursOK) = weeklyHours(top, root)
        let closures = closureList(top, root)
        let (types, typeNodes) = appointmentTypes(top, root)
        let providers = providerList(top, root)
        let insurance = insuranceBlock(top)
        let handoff = handoffBlock(top, root)
        let faq = faqList(top, root)
        let refills = choice(top, "refills", "", required: false, parent: root, what: "refills policy",
                             RefillPolicy.self) ?? .route
        var slotStep = 30
        if let s = int(top, "slot_step_minutes", "", required: false, parent: root) {
            if ProfileLoader.slotStepRange.contains(s) { slotStep = s }
            else { issue("slot_step_minutes", "\(s) is not between 5 and 240 minutes", at: top["slot_step_minutes"]) }
        }

        // Cross-checks: providers ↔ appointment types, provider hours ⊆ practice hours.
        if let types, let providers {
            let typeIDs = types.compactMap { $0?.id }
            for (pi, p) in providers.enumerated() {
                guard let p else { continue }
                for (ti, t) in p.provider.appointmentTypes.enumerated() where !typeIDs.contains(t) {
                    var reason = "unknown appointment type \(quote(t))"
                    if let s = suggestion(t, from: typeIDs) { reason += " (did you mean \"\(s)\"?)" }
                    issue("providers[\(pi)].appointment_types[\(ti)]", reason, at: p.typeNodes[ti])
                }
            }
            let offered = Set(providers.compactMap { $0?.provider.appointmentTypes }.joined())
            for (i, t) in types.enumerated() {
                guard let t, !offered.contains(t.id) else { continue }
                issue("appointment_types[\(i)]", "no provider offers \(quote(t.id))", at: typeNodes[i])
            }
        }
        if let providers {
            for (pi, p) in providers.enumerated() {
                guard let p else { continue }
                for day in Weekday.allCases {
                    guard let entry = p.provider.hours[day], let r = entry, hoursOK.contains(day) else { continue }
                    let path = "providers[\(pi)].hours.\(day.key)"
                    if let open = hours[day] {
                        if r.start < open.start || r.end > open.end {
                            issue(path, "\(quote(r.text)) is outside the practice's hours on \(day.englishName) (\(open.text))",
                                  at: p.hourNodes[day])
                        }
                    } else {
                        issue(path, "\(quote(r.text)) is outside the practice's hours (the practice is closed on \(day.englishName))",
                              at: p.hourNodes[day])
                    }
                }
            }
        }
        if let handoff, handoff.afterHours == .onCall, handoff.onCall == nil {
            issue("handoff.after_hours", "is \"on_call\" but handoff.on_call is not set", at: top["handoff"])
        }

        guard found.isEmpty, let practice, let types, let providers, let handoff, let faq else { return nil }
        return PracticeProfile(format: format, practice: practice, hours: hours, closures: closures,
                               appointmentTypes: types.compactMap { $0 }, providers: providers.compactMap { $0?.provider },
                               insurance: insurance, handoff: handoff, faq: faq, refills: refills,
                               slotStepMinutes: slotStep)
    }

    mutating func practiceBlock(_ top: [String: Node], _ root: Node) -> Practice? {
        guard let node = top["practice"], !node.isNull else {
            issue("practice", "missing (required)", at: top["practice"] ?? root)
            return nil
        }
        guard let f = fields(node, "practice", allowed: ProfileLoader.practiceKeys) else { return nil }
        let path = "practice"
        var ok = true

        let id = text(f, "id", path, required: true, parent: node)
        if let id, !ProfileLoader.isProfileID(id) {
            issue("practice.id", "\(quote(id)) may only use lowercase letters a-z, digits and \"-\"", at: f["id"])
            ok = false
        }
        let name = text(f, "name", path, required: true, parent: node)
        let vertical = choice(f, "vertical", path, required: true, parent: node, what: "vertical", Vertical.self)
        var zone: TimeZone?
        if let z = text(f, "timezone", path, required: true, parent: node) {
            zone = TimeZone(identifier: z)
            if zone == nil {
                issue("practice.timezone", "\(quote(z)) is not an IANA time zone (like \"America/Chicago\")", at: f["timezone"])
            }
        }
        let phone = text(f, "phone", path, required: true, parent: node)
        if let phone, !ProfileLoader.isE164(phone) {
            issue("practice.phone", "\(quote(phone)) is not an E.164 number (like \"+13125550100\")", at: f["phone"])
            ok = false
        }
        let address = text(f, "address", path, required: false, parent: node) ?? ""
        var state = text(f, "state", path, required: false, parent: node)
        if let s = state {
            if ProfileLoader.usStates.contains(s.uppercased()) { state = s.uppercased() }
            else { issue("practice.state", "\(quote(s)) is not a two-letter US state code (like \"IL\")", at: f["state"]); ok = false }
        }
        let hipaa = bool(f, "hipaa_covered", path, default: true)
        let recording = bool(f, "recording", path, default: false)
        var languages: [Language] = [.en]
        if let items = list(f, "languages", path, required: false, parent: node, what: "a list like [en, es]") {
            var langs: [Language] = []
            for (i, n) in items.enumerated() {
                guard let s = scalarText(n, "practice.languages[\(i)]") else { ok = false; continue }
                if let l = Language(rawValue: s) { if !langs.contains(l) { langs.append(l) } }
                else {
                    issue("practice.languages[\(i)]", "unknown language \(quote(s)) (expected \(oneOf(Language.allCases.map(\.rawValue))))", at: n)
                    ok = false
                }
            }
            if items.isEmpty { issue("practice.languages", "lists no language (expected at least en)", at: f["languages"]) }
            if !langs.isEmpty { languages = langs }
        }
        guard ok, let id, let name, let vertical, let zone, let phone else { return nil }
        return Practice(id: id, name: name, vertical: vertical, timeZone: zone, phone: phone, address: address,
                        state: state, hipaaCovered: hipaa, languages: languages, recording: recording)
    }

    /// Parses a weekday block. Returns the ranges (nil = closed) and the nodes, per valid weekday.
    mutating func dayMap(_ node: Node, _ path: String) -> [Weekday: (OpenRange?, Node)] {
        guard case let .mapping(m) = node else {
            issue(path, "expected a block of weekdays (mon: \"08:00-17:00\", sat: closed …), found \(node.found)", at: node)
            return [:]
        }
        var out: [Weekday: (OpenRange?, Node)] = [:]
        for (k, v) in m {
            let key = k.string ?? ""
            let p = join(path, key)
            guard let day = Weekday(key: key), key.count == 3 else {
                issue(p, "unknown weekday \(quote(key)) (use mon, tue, wed, thu, fri, sat, sun)", at: k)
                continue
            }
            guard case let .scalar(s) = v, !v.isNull else {
                issue(p, "expected \"closed\" or HH:MM-HH:MM, found \(v.found)", at: v)
                continue
            }
            let t = s.string.trimmingCharacters(in: .whitespaces)
            if t.lowercased() == "closed" { out[day] = (nil, v); continue }
            guard let r = OpenRange(parsing: t) else {
                issue(p, "\(quote(t)) is not HH:MM-HH:MM (or \"closed\")", at: v)
                continue
            }
            guard r.start < r.end else {
                issue(p, "\(quote(t)) is empty or inverted: it must end after it starts", at: v)
                continue
            }
            out[day] = (r, v)
        }
        return out
    }

    /// Practice hours, and the weekdays whose entry was valid (absent counts as valid: closed).
    mutating func weeklyHours(_ top: [String: Node], _ root: Node) -> (WeeklyHours, Set<Weekday>) {
        guard let node = top["hours"], !node.isNull else {
            issue("hours", "missing (required)", at: top["hours"] ?? root)
            return (WeeklyHours(), [])
        }
        let days = dayMap(node, "hours")
        var hours = WeeklyHours()
        var ok = Set(Weekday.allCases)
        if case let .mapping(m) = node {
            for k in m.keys { if let d = Weekday(key: k.string ?? ""), days[d] == nil { ok.remove(d) } }
        } else {
            ok = []
        }
        for (d, (r, _)) in days { hours[d] = r }
        if case .mapping = node, ok.count == 7, hours.days.isEmpty {
            issue("hours", "the practice is closed every day; list at least one open weekday", at: node)
        }
        return (hours, ok)
    }

    mutating func closureList(_ top: [String: Node], _ root: Node) -> [LocalDate] {
        guard let items = list(top, "closures", "", required: false, parent: root,
                               what: "a list of dates like [\"2026-12-24\", \"2026-12-25\"]") else { return [] }
        var out: [LocalDate] = []
        for (i, n) in items.enumerated() {
            let p = "closures[\(i)]"
            guard let s = scalarText(n, p) else { continue }
            guard let d = LocalDate(iso: s) else {
                issue(p, "\(quote(s)) is not a real date (YYYY-MM-DD)", at: n)
                continue
            }
            if out.contains(d) { issue(p, "duplicate closure date \(quote(s))", at: n); continue }
            out.append(d)
        }
        return out
    }

    /// Appointment types (nil entries for broken ones, so indexes stay aligned) and their nodes.
    mutating func appointmentTypes(_ top: [String: Node], _ root: Node) -> ([AppointmentType?]?, [Node]) {
        guard let items = list(top, "appointment_types", "", required: true, parent: root,
                               what: "a list of appointment types (each starting with \"- id:\")") else { return (nil, []) }
        if items.isEmpty { issue("appointment_types", "lists no appointment type", at: top["appointment_types"]) }
        var out: [AppointmentType?] = []
        var seen: [String: Int] = [:]
        for (i, n) in items.enumerated() {
            let path = "appointment_types[\(i)]"
            guard let f = fields(n, path, allowed: ProfileLoader.appointmentTypeKeys,
                                 what: "an appointment type (id, name, minutes …)") else { out.append(nil); continue }
            var ok = true
            let id = text(f, "id", path, required: true, parent: n)
            if let id {
                if let first = seen[id] {
                    issue("\(path).id", "duplicate appointment type id \(quote(id)) (also appointment_types[\(first)])", at: f["id"])
                    ok = false
                } else { seen[id] = i }
            }
            let name = text(f, "name", path, required: true, parent: n)
            var names: [Language: String] = [:]
            if let nn = f["names"], !nn.isNull {
                if case let .mapping(m) = nn {
                    for (k, v) in m {
                        let key = k.string ?? ""
                        guard let lang = Language(rawValue: key) else {
                            issue("\(path).names.\(key)", "unknown language \(quote(key)) (expected \(oneOf(Language.allCases.map(\.rawValue))))", at: k)
                            ok = false; continue
                        }
                        if let t = scalarText(v, "\(path).names.\(key)") { names[lang] = t } else { ok = false }
                    }
                } else {
                    issue("\(path).names", "expected a block of names per language (es: …), found \(nn.found)", at: nn)
                    ok = false
                }
            }
            let minutes = int(f, "minutes", path, required: true, parent: n)
            if let m = minutes, !ProfileLoader.minutesRange.contains(m) {
                issue("\(path).minutes", "\(m) is not between 1 and 480 minutes", at: f["minutes"])
                ok = false
            }
            let synonyms = textList(f, "synonyms", path, required: false, parent: n,
                                    what: "a list of words or phrases like [teeth cleaning, checkup]")
            if let sn = f["synonyms"], case let .sequence(s) = sn, synonyms?.count != s.count { ok = false }
            if let sn = f["synonyms"], !sn.isNull, synonyms == nil { ok = false }
            let newPatients = bool(f, "new_patients", path, default: true)
            var price: String?
            if let pn = f["price"], !pn.isNull {
                price = scalarText(pn, "\(path).price")
                if price == nil { ok = false }
            }
            if ok, let id, let name, let minutes {
                out.append(AppointmentType(id: id, name: name, names: names, minutes: minutes, synonyms: synonyms ?? [],
                                           newPatients: newPatients, price: price))
            } else if let id, seen[id] == i {
                // Keep the id known for cross-checks even when other fields are wrong.
                out.append(AppointmentType(id: id, name: name ?? id, minutes: max(1, minutes ?? 1)))
            } else {
                out.append(nil)
            }
        }
        return (out, items)
    }

    struct ParsedProvider {
        var provider: Provider
        var typeNodes: [Node]
        var hourNodes: [Weekday: Node]
    }

    mutating func providerList(_ top: [String: Node], _ root: Node) -> [ParsedProvider?]? {
        guard let items = list(top, "providers", "", required: true, parent: root,
                               what: "a list of providers (each starting with \"- id:\")") else { return nil }
        if items.isEmpty { issue("providers", "lists no provider", at: top["providers"]) }
        var out: [ParsedProvider?] = []
        var seen: [String: Int] = [:]
        for (i, n) in items.enumerated() {
            let path = "providers[\(i)]"
            guard let f = fields(n, path, allowed: ProfileLoader.providerKeys,
                                 what: "a provider (id, name, appointment_types …)") else { out.append(nil); continue }
            let id = text(f, "id", path, required: true, parent: n)
            if let id {
                if let first = seen[id] {
                    issue("\(path).id", "duplicate provider id \(quote(id)) (also providers[\(first)])", at: f["id"])
                } else { seen[id] = i }
            }
            let name = text(f, "name", path, required: true, parent: n)
            var types: [String] = []
            var typeNodes: [Node] = []
            if let tn = list(f, "appointment_types", path, required: true, parent: n,
                             what: "a list of appointment type ids like [cleaning, exam]") {
                for (ti, t) in tn.enumerated() {
                    if let s = scalarText(t, "\(path).appointment_types[\(ti)]") { types.append(s); typeNodes.append(t) }
                }
                if tn.isEmpty { issue("\(path).appointment_types", "lists no appointment type", at: f["appointment_types"]) }
            }
            var hours: [Weekday: OpenRange?] = [:]
            var hourNodes: [Weekday: Node] = [:]
            if let hn = f["hours"], !hn.isNull {
                for (d, (r, node)) in dayMap(hn, "\(path).hours") {
                    hours[d] = .some(r)
                    hourNodes[d] = node
                }
            }
            out.append(ParsedProvider(provider: Provider(id: id ?? "", name: name ?? "", appointmentTypes: types, hours: hours),
                                      typeNodes: typeNodes, hourNodes: hourNodes))
        }
        return out
    }

    mutating func insuranceBlock(_ top: [String: Node]) -> Insurance {
        guard let node = top["insurance"], !node.isNull,
              let f = fields(node, "insurance", allowed: ProfileLoader.insuranceKeys,
                             what: "a block with accepted and ask_carrier") else { return Insurance() }
        let accepted = textList(f, "accepted", "insurance", required: false, parent: node,
                                what: "a list of carrier names like [Aetna, Cigna]") ?? []
        let ask = bool(f, "ask_carrier", "insurance", default: false)
        return Insurance(accepted: accepted, askCarrier: ask)
    }

    mutating func handoffBlock(_ top: [String: Node], _ root: Node) -> Handoff? {
        guard let node = top["handoff"], !node.isNull else {
            issue("handoff", "missing (required)", at: top["handoff"] ?? root)
            return nil
        }
        guard let f = fields(node, "handoff", allowed: ProfileLoader.handoffKeys,
                             what: "a block with front_desk, on_call, emergency, crisis, after_hours") else { return nil }
        let frontDesk = text(f, "front_desk", "handoff", required: true, parent: node)
        if let s = frontDesk, !ProfileLoader.isE164(s) {
            issue("handoff.front_desk", "\(quote(s)) is not an E.164 number (like \"+13125550101\")", at: f["front_desk"])
        }
        let onCall = text(f, "on_call", "handoff", required: false, parent: node)
        if let s = onCall, !ProfileLoader.isE164(s) {
            issue("handoff.on_call", "\(quote(s)) is not an E.164 number (like \"+13125550199\")", at: f["on_call"])
        }
        var emergency = "911", crisis = "988"
        for (key, example) in [("emergency", "911"), ("crisis", "988")] {
            guard let s = text(f, key, "handoff", required: false, parent: node) else { continue }
            if ProfileLoader.isE164(s) || ProfileLoader.isShortCode(s) {
                if key == "emergency" { emergency = s } else { crisis = s }
            } else {
                issue("handoff.\(key)", "\(quote(s)) is not an E.164 number or a short code like \"\(example)\"", at: f[key])
            }
        }
        let afterHours = choice(f, "after_hours", "handoff", required: false, parent: node, what: "after_hours policy",
                                AfterHoursPolicy.self)
        guard let frontDesk else { return nil }
        let h = Handoff(frontDesk: frontDesk, onCall: onCall, emergency: emergency, crisis: crisis,
                        afterHours: afterHours ?? .message)
        // Returned even when other handoff keys are wrong (for the on_call cross-check); any issue blocks the profile.
        return h
    }

    mutating func faqList(_ top: [String: Node], _ root: Node) -> [FAQEntry]? {
        guard let items = list(top, "faq", "", required: false, parent: root,
                               what: "a list of entries (each \"- topic: …\" with \"answer: …\")") else { return [] }
        var out: [FAQEntry] = []
        for (i, n) in items.enumerated() {
            let path = "faq[\(i)]"
            guard let f = fields(n, path, allowed: ProfileLoader.faqKeys, what: "an entry with topic and answer") else { continue }
            let topic = text(f, "topic", path, required: true, parent: n)
            let answer = text(f, "answer", path, required: true, parent: n)
            if let topic, let answer { out.append(FAQEntry(topic: topic, answer: answer)) }
        }
        return out
    }
}
