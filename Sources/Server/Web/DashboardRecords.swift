import Access
import Foundation
import FrontDeskCore
import Hummingbird
import Vault

/// The appointment book, the audit trail viewer and the read-only practice profile.
extension StaffDashboard {
    // MARK: - Appointments

    /// One day's book.
    struct AppointmentsView {
        struct Row { let time: String; let patient: String; let visit: String; let provider: String; let badges: [BadgeView]; let cancelled: Bool }
        struct Table { let rows: [Row] }
        let dateLong: String
        let hours: String
        let bookedCount: Int
        let daynav: DayNavView
        let table: Table?
    }

    func appointmentsPage(_ s: Signed, day text: String?) async throws -> Response {
        let day = day(text)
        let list = try await s.store.appointments(practiceID: profile.practice.id, providerID: nil,
                                                  from: LocalDateTime(date: day, time: TimeOfDay(minutes: 0)),
                                                  to: LocalDateTime(date: day.adding(days: 1), time: TimeOfDay(minutes: 0)))
        var names: [String: String] = [:]
        for id in Set(list.compactMap(\.patientID)) {
            if let p = try? await s.store.patient(id: id) { names[id] = p.name }
        }
        let rows = list.map { a in
            let status: BadgeView = switch a.status {
            case .booked: BadgeView("Booked", "info")
            case .confirmed: BadgeView("Confirmed", "good")
            case .cancelled: BadgeView("Cancelled", "muted")
            }
            return AppointmentsView.Row(
                time: "\(Format.time(a.start.time))–\(Format.time(a.end.time))",
                patient: a.patientID.map { names[$0] ?? "Unavailable" } ?? "—",
                visit: a.typeID.map { profile.appointmentType($0)?.name ?? $0 } ?? "Reserved",
                provider: profile.provider(a.providerID)?.name ?? a.providerID, badges: [status], cancelled: a.status == .cancelled)
        }
        let hours = profile.openHours(on: day).map { "Open \(Format.time($0.start))–\(Format.time($0.end))" } ?? "Closed"
        let view = AppointmentsView(dateLong: Format.date(day), hours: hours, bookedCount: list.filter(\.isActive).count,
                                    daynav: dayNav("/appointments", day), table: rows.isEmpty ? nil : .init(rows: rows))
        return page(s, .appointments, title: "Appointments", current: "/appointments", view)
    }

    // MARK: - Audit

    /// At most this many events are shown (newest first); narrow the filters for older ones.
    static let auditPageLimit = 500

    /// The audit viewer's filters, from the query string: practice-local days (`until` inclusive), a user
    /// (`user`: a staff email, or an actor such as `system:engine`, `cli`, `token:<id>`), an action and a
    /// record type. Empty or malformed values filter nothing.
    struct AuditFilter: Sendable, Equatable {
        var since: LocalDate?
        var until: LocalDate?
        var user: String?
        var action: String?
        var resourceType: String?

        init(query: [String: String]) {
            func value(_ name: String) -> String? {
                guard let v = query[name]?.trimmingCharacters(in: .whitespaces), !v.isEmpty, v.count <= 200 else { return nil }
                return v
            }
            since = value("since").flatMap(LocalDate.init(iso:))
            until = value("until").flatMap(LocalDate.init(iso:))
            user = value("user")
            action = value("action")
            resourceType = value("type")
        }
    }

    /// The audit viewer: filters (a GET form) and the newest matching events.
    struct AuditView {
        struct Option { let value: String; let label: String; let selected: Bool }
        struct Row { let when: String; let who: String; let action: String; let record: String; let channel: String; let outcome: String; let flag: Bool }
        struct Table { let rows: [Row] }
        let since: String
        let until: String
        let users: [Option]
        let actions: [Option]
        let types: [Option]
        let more: Bool
        let shown: Int
        let total: Int
        let table: Table?
    }

    func auditPage(_ s: Signed, filter: AuditFilter) async throws -> Response {
        let tz = profile.timeZone
        let from = filter.since.flatMap { tz.instant(of: LocalDateTime(date: $0, time: TimeOfDay(minutes: 0))) }
        let to = filter.until.flatMap { tz.instant(of: LocalDateTime(date: $0.adding(days: 1), time: TimeOfDay(minutes: 0))) }
        let inRange = try vault.auditEvents(since: from, until: to).filter { $0.practiceID == profile.practice.id }
        // Who looked at the trail is itself recorded, as the JSON API's `GET /audit` does.
        try await s.store.recordAccess(action: "read", resourceType: "audit_events",
                                       resourceID: "\(filter.since?.iso ?? "")/\(filter.until?.iso ?? "")")
        let people = try await staffEmails()
        // The actor a `user` value names: a staff member by email (any case), else the value as an actor.
        let actor: String? = filter.user.map { u in people.first { $0.value.lowercased() == u.lowercased() }?.key ?? u }
        let matching = inRange.filter { e in
            (actor == nil || e.actor == actor) && (filter.action == nil || e.action == filter.action)
                && (filter.resourceType == nil || e.resourceType == filter.resourceType)
        }
        let shown = matching.suffix(Self.auditPageLimit).reversed()
        let rows = shown.map { e in
            AuditView.Row(when: Format.dateTime(tz.local(e.at)), who: Format.actor(e.actor, emails: people), action: e.action,
                          record: "\(e.resourceType)/\(e.resourceID)", channel: e.channel, outcome: e.outcome, flag: e.outcome != "success")
        }
        // The choices: every staff member and every actor, action and type in the chosen days.
        let selectedActor = actor
        let actors = Set(inRange.map(\.actor)).union(people.keys).union(selectedActor.map { [$0] } ?? [])
        let users = actors.map { a in (value: people[a] ?? a, label: Format.actor(a, emails: people), actor: a) }
            .sorted { $0.label.lowercased() < $1.label.lowercased() }
            .map { AuditView.Option(value: $0.value, label: $0.label, selected: $0.actor == selectedActor) }
        func options(_ values: Set<String>, chosen: String?, any: String) -> [AuditView.Option] {
            [AuditView.Option(value: "", label: any, selected: chosen == nil)]
                + values.union(chosen.map { [$0] } ?? []).sorted().map { AuditView.Option(value: $0, label: $0, selected: $0 == chosen) }
        }
        let view = AuditView(
            since: filter.since?.iso ?? "", until: filter.until?.iso ?? "",
            users: [AuditView.Option(value: "", label: "Anyone", selected: actor == nil)] + users,
            actions: options(Set(inRange.map(\.action)), chosen: filter.action, any: "Any action"),
            types: options(Set(inRange.map(\.resourceType)), chosen: filter.resourceType, any: "Any record type"),
            more: matching.count > Self.auditPageLimit, shown: min(matching.count, Self.auditPageLimit), total: matching.count,
            table: rows.isEmpty ? nil : .init(rows: rows))
        return page(s, .audit, title: "Audit trail", current: "/audit", view)
    }

    // MARK: - Practice

    /// The practice profile, read-only.
    struct PracticeView {
        struct Fact { let term: String; let value: String }
        struct Hours { let day: String; let open: String }
        struct VisitType { let name: String; let length: String; let who: String; let price: String }
        struct Provider { let name: String; let visits: String }
        struct Answer { let topic: String; let answer: String }
        struct FAQ { let faq: [Answer] }
        let name: String
        let contact: [Fact]
        let hours: [Hours]
        let closures: String?
        let types: [VisitType]
        let providers: [Provider]
        let insurance: String
        let faqSection: FAQ?
    }

    func practicePage(_ s: Signed) -> Response {
        let p = profile
        let closures = p.closures.sorted().map { Format.date($0) }.joined(separator: "; ")
        let view = PracticeView(
            name: p.practice.name,
            contact: [
                .init(term: "Phone", value: Format.phone(p.practice.phone)),
                .init(term: "Address", value: p.practice.address),
                .init(term: "Time zone", value: p.timeZone.identifier),
                .init(term: "Languages", value: p.practice.languages.map { $0 == .en ? "English" : "Spanish" }.joined(separator: ", ")),
                .init(term: "Emergency line", value: p.handoff.emergency),
                .init(term: "Crisis line", value: p.handoff.crisis),
                .init(term: "Front desk transfer", value: Format.phone(p.handoff.frontDesk)),
                .init(term: "After hours", value: p.handoff.afterHours == .message ? "Take a message" : "Transfer to the on-call line"),
            ],
            hours: Weekday.allCases.map { d in
                .init(day: d.englishName, open: p.hours[d].map { Format.time($0.start) + "–" + Format.time($0.end) } ?? "Closed")
            },
            closures: closures.isEmpty ? nil : closures,
            types: p.appointmentTypes.map { t in
                .init(name: t.name, length: "\(t.minutes) min", who: t.newPatients ? "New and returning" : "Returning patients", price: t.price ?? "—")
            },
            providers: p.providers.map { v in
                .init(name: v.name, visits: v.appointmentTypes.compactMap { p.appointmentType($0)?.name }.joined(separator: ", "))
            },
            insurance: p.insurance.accepted.isEmpty ? "None listed" : p.insurance.accepted.joined(separator: ", "),
            faqSection: p.faq.isEmpty ? nil : .init(faq: p.faq.map { .init(topic: $0.topic, answer: $0.answer) }))
        return page(s, .practice, title: "Practice", current: "/practice", view)
    }
}
