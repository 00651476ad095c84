import Access
import Foundation
import FrontDeskCore
import Hummingbird
import Vault

/// The pages behind sign-in that show the practice's day: the layout around them, today's calls and one
/// call. Messages and refills are in `DashboardQueues.swift`; appointments, audit and practice in
/// `DashboardRecords.swift`.
extension StaffDashboard {
    /// The navigation: only the pages the role may open.
    static let navigation: [(path: String, label: String, needs: Permission)] = [
        ("/", "Calls", .viewCalls), ("/messages", "Messages", .viewMessages), ("/refills", "Refills", .viewRefills),
        ("/appointments", "Appointments", .viewAppointments), ("/audit", "Audit trail", .viewAudit),
        ("/practice", "Practice", .viewPractice),
    ]

    /// A signed-in page: `template` over `view`, inside the layout with the user's bar and navigation.
    func page(_ s: Signed, _ template: DashboardTemplates.Page, title: String, current: String?, narrow: Bool = false,
              status: HTTPResponse.Status = .ok, _ view: Any) -> Response {
        let nav = Self.navigation.filter { s.principal.can($0.needs) }.map { NavLink(path: $0.path, label: $0.label, current: $0.path == current) }
        let user = UserBar(email: s.principal.email, role: Format.role(s.principal.role), csrf: s.csrf, nav: nav)
        return html(status, template, PageView(title: title, practice: profile.practice.name, initials: Format.initials(profile.practice.name),
                                               narrow: narrow, user: user, csrf: s.csrf, page: view))
    }

    /// A page without the user's bar (sign-in, errors before sign-in), in the narrow column.
    func bare(_ template: DashboardTemplates.Page, title: String, status: HTTPResponse.Status = .ok, cookies: [String] = [],
              _ view: Any) -> Response {
        html(status, template, PageView(title: title, practice: profile.practice.name, initials: Format.initials(profile.practice.name),
                                        narrow: true, user: nil, csrf: nil, page: view), cookies: cookies)
    }

    /// A one-message page for a signed-in user.
    func notice(_ s: Signed, _ status: HTTPResponse.Status, title: String, current: String?, heading: String, text: String?,
                link: LinkView? = nil) -> Response {
        page(s, .notice, title: title, current: current, status: status, NoticeView(heading: heading, text: text, link: link))
    }

    /// The 404 page: no such record in this practice.
    func notFound(_ s: Signed, _ what: String, current: String, back: LinkView) -> Response {
        notice(s, .notFound, title: "Not found", current: current, heading: "Not found",
               text: "There is no \(what) here. It may have been removed under the practice’s retention rules.", link: back)
    }

    /// The 403 page for a role without `needs`.
    func forbidden(_ s: Signed, _ needs: Permission) -> Response {
        let home = Self.navigation.first { s.principal.can($0.needs) }.map { LinkView(href: $0.path, label: $0.label.lowercased()) }
            ?? LinkView(href: "/password", label: "your account")
        return page(s, .forbidden, title: "Not available", current: nil, status: .forbidden,
                    ForbiddenView(role: Format.role(s.principal.role), permission: Format.permission(needs), home: home))
    }

    var today: LocalDate { profile.timeZone.local(clock.now()).date }

    func day(_ text: String?) -> LocalDate { text.flatMap(LocalDate.init(iso:)) ?? today }

    func dayNav(_ path: String, _ day: LocalDate) -> DayNavView {
        DayNavView(path: path, iso: day.iso,
                   previous: .init(iso: day.adding(days: -1).iso, label: Format.shortDate(day.adding(days: -1))),
                   next: .init(iso: day.adding(days: 1).iso, label: Format.shortDate(day.adding(days: 1))),
                   showToday: day != today)
    }

    /// Each outcome once, urgent ones first; "No outcome" when there are none.
    func badges(_ outcomes: [Outcome]) -> [BadgeView] {
        var seen = Set<Outcome>()
        let list = outcomes.filter { seen.insert($0).inserted }.sorted { Format.isUrgent([$0]) && !Format.isUrgent([$1]) }
        if list.isEmpty { return [BadgeView("No outcome", "muted")] }
        return list.map { Format.badge($0, emergencyLine: profile.handoff.emergency, crisisLine: profile.handoff.crisis) }
    }

    func unreadableNote(_ n: Int, _ what: String) -> String? {
        n == 0 ? nil : "\(n) \(what) could not be decrypted and are not shown (recorded in the audit trail)."
    }

    // MARK: - Calls

    /// Today's (or `day`'s) calls.
    struct CallsView {
        struct Row { let href: String; let time: String; let caller: String; let badges: [BadgeView]; let length: String; let urgent: Bool }
        struct Table { let rows: [Row] }
        struct UrgentAlert { let headline: String; let advice: String }
        let heading: String
        let dateLong: String
        let countText: String
        let daynav: DayNavView
        let urgentAlert: UrgentAlert?
        let unreadable: String?
        let table: Table?
    }

    func callsPage(_ s: Signed, day text: String?) async throws -> Response {
        let day = day(text)
        let tz = profile.timeZone
        let report = try await s.store.callsReport()
        let calls = report.records.filter { tz.local($0.startedAt).date == day }.sorted { $0.startedAt > $1.startedAt }
        let urgent = calls.filter { Format.isUrgent($0.outcomes) }.count
        let rows = calls.map { c in
            CallsView.Row(href: "/calls/\(Format.pathSegment(c.id))", time: Format.time(tz.local(c.startedAt).time),
                          caller: Format.phone(c.callerNumber), badges: badges(c.outcomes),
                          length: Format.duration(c.startedAt, c.endedAt), urgent: Format.isUrgent(c.outcomes))
        }
        let heading = day == today ? "Today’s calls" : "Calls"
        let view = CallsView(
            heading: heading, dateLong: Format.date(day), countText: "\(calls.count) \(calls.count == 1 ? "call" : "calls")",
            daynav: dayNav("/", day),
            urgentAlert: urgent == 0 ? nil : .init(headline: "\(urgent) urgent \(urgent == 1 ? "call" : "calls")",
                                                   advice: "Review \(urgent == 1 ? "it" : "them") first."),
            unreadable: unreadableNote(report.unreadable.count, "calls"),
            table: rows.isEmpty ? nil : .init(rows: rows))
        return page(s, .calls, title: heading, current: "/", view)
    }

    /// One call: badges, summary, facts, and the transcript for roles that may read it.
    struct CallView {
        struct Line { let speaker: String; let who: String; let time: String; let text: String }
        struct Transcript { let lines: [Line] }
        struct Hidden { let role: String }
        let back: LinkView
        let caller: String
        let dateLong: String
        let time: String
        let length: String
        let urgent: Bool
        let badges: [BadgeView]
        let summary: String?
        let patientOnFile: String
        let id: String
        let transcript: Transcript?
        let noTranscript: Bool
        let hiddenTranscript: Hidden?
    }

    func callPage(_ s: Signed, id: String) async throws -> Response {
        let back = LinkView(href: "/", label: "Today’s calls")
        let call: CallRecord?
        do { call = try await s.store.call(id: id) } catch VaultError.unreadable {
            return notice(s, .internalServerError, title: "Unreadable", current: "/", heading: "This call can’t be read",
                          text: "Its record could not be decrypted. The attempt is in the audit trail.", link: back)
        }
        guard let c = call else { return notFound(s, "call with this id", current: "/", back: back) }
        let tz = profile.timeZone
        let start = tz.local(c.startedAt)
        let mayRead = s.principal.can(.viewTranscripts)
        let lines = c.transcript.map { e in
            CallView.Line(speaker: e.speaker == "caller" ? "caller" : "agent", who: e.speaker == "caller" ? "Caller" : "Receptionist",
                          time: Format.time(tz.local(e.at).time), text: e.text)
        }
        let view = CallView(
            back: LinkView(href: "/?day=\(start.date.iso)", label: "Calls on \(Format.shortDate(start.date))"),
            caller: Format.phone(c.callerNumber), dateLong: Format.date(start.date), time: Format.time(start.time),
            length: Format.duration(c.startedAt, c.endedAt), urgent: Format.isUrgent(c.outcomes), badges: badges(c.outcomes),
            summary: c.summary, patientOnFile: c.patientID == nil ? "Not identified" : "Yes", id: c.id,
            transcript: mayRead && !lines.isEmpty ? .init(lines: lines) : nil,
            noTranscript: mayRead && lines.isEmpty,
            hiddenTranscript: mayRead ? nil : .init(role: Format.role(s.principal.role)))
        return page(s, .call, title: "Call", current: "/", view)
    }
}
