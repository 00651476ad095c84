import FrontDeskCore

extension NoSlotReason {
    /// A one-line English explanation for staff and the CLI, e.g.
    /// `Bright Smile Dental is closed on Friday 2026-03-13 (closure).` Pass `now` (practice-local) to tell
    /// "in the past" from "too late today".
    public func explanation(profile: PracticeProfile, query q: SlotQuery, now: LocalDateTime? = nil,
                            leadMinutes: Int = 30) -> String {
        let typeName = "\"\(q.typeID)\""
        let days = min(max(q.days, 1), Availability.maxDays)
        func day(_ d: LocalDate) -> String { "\(d.weekday.englishName) \(d.iso)" }
        let range = days == 1 ? "on \(day(q.from))" : "from \(day(q.from)) through \(day(q.through))"

        switch self {
        case .unknownType:
            let known = profile.appointmentTypes.map(\.id).joined(separator: ", ")
            return "Unknown appointment type \(typeName); known: \(known)."
        case .providerDoesNotOffer:
            let pid = q.providerID ?? ""
            guard let p = profile.provider(pid) else {
                let known = profile.providers.map(\.id).joined(separator: ", ")
                return "Unknown provider \"\(pid)\"; known: \(known)."
            }
            let others = profile.providers(offering: q.typeID).map(\.id)
            let tail = others.isEmpty ? "" : "; \(q.typeID) is offered by \(others.joined(separator: ", "))"
            return "\(p.name) (\(p.id)) does not offer \(typeName)\(tail)."
        case .noProviderOffersType:
            return "No provider offers \(typeName)."
        case .inThePast:
            if let now, q.through >= now.date {
                let earliest = LocalDateTime(wallMinutes: now.wallMinutes + max(leadMinutes, 1))
                return "Nothing left to book \(range): it is now \(now.iso) and the earliest start is \(earliest.iso)."
            }
            return days == 1 ? "\(q.from.iso) is in the past." : "\(q.from.iso) through \(q.through.iso) is in the past."
        case .practiceClosed(let d):
            let why: String
            if profile.isClosure(d) { why = "closure" }
            else { why = "closed on \(d.weekday.englishName)s" }
            if days == 1 || q.through == d { return "\(profile.practice.name) is closed on \(day(d)) (\(why))." }
            return "\(profile.practice.name) is closed every day from \(day(d)) through \(day(q.through))."
        case .providerNotWorking(let d):
            let span = days == 1 ? "on \(day(d))" : "from \(day(d)) through \(day(q.through))"
            if let pid = q.providerID, let p = profile.provider(pid) {
                return "\(p.name) (\(p.id)) is not working \(span)."
            }
            return "No provider who offers \(typeName) is working \(span)."
        case .noneMatchTime:
            return "Nothing for \(typeName) starts \(Self.timeText(q)) \(range); the practice is open at other times."
        case .fullyBooked:
            let who = q.providerID.map { " with \($0)" } ?? ""
            let when = q.hasTimeFilter ? " \(Self.timeText(q))" : ""
            return "Fully booked: no \(typeName) opening\(who)\(when) \(range)."
        }
    }

    static func timeText(_ q: SlotQuery) -> String {
        var parts: [String] = []
        if let p = q.part { parts.append("in the \(p.rawValue)") }
        if let t = q.notBefore { parts.append("at or after \(t.hhmm)") }
        if let t = q.notAfter { parts.append("before \(t.hhmm)") }
        if let t = q.exactTime { parts.append("at \(t.hhmm)") }
        return parts.isEmpty ? "at that time" : parts.joined(separator: ", ")
    }
}
