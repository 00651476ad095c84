import Access
import Foundation
import FrontDeskCore
import Hummingbird
import Vault

/// The message inbox and the refill queue: open items first, each with a "Mark handled" form for roles
/// that may handle it; `?status=open|handled|all` filters. Marking handled uses the same Vault calls as the
/// JSON API (`markMessageHandled(id:)`, `markRefillHandled(id:)`), acting as the signed-in user, so the
/// mark is an audit event `handle message/<id>` under `user:<id>`.
extension StaffDashboard {
    /// Which items a queue page lists.
    enum QueueFilter: String, CaseIterable, Sendable {
        case open, handled, all

        /// `?status=`; anything else is `open`.
        init(_ text: String?) { self = text.flatMap(QueueFilter.init(rawValue:)) ?? .open }

        func keeps(_ handled: Bool) -> Bool {
            switch self { case .all: return true; case .open: return !handled; case .handled: return handled }
        }

        var label: String { switch self { case .open: return "Open"; case .handled: return "Handled"; case .all: return "All" } }
    }

    /// A handled item's mark, for people.
    struct HandledView { let when: String; let by: String }
    /// An open item's form (`partials/handled-form`); the CSRF token comes from the page.
    struct HandledForm { let action: String; let status: String; let what: String }

    /// One message in the inbox.
    struct MessageRow {
        let received: String
        let caller: String
        let callback: String
        let reason: String
        let handled: HandledView?
        let form: HandledForm?
        /// Open, and this role may not mark it handled.
        let openOnly: Bool
    }

    /// One refill request in the queue.
    struct RefillRow {
        let received: String
        let caller: String
        let onFile: Bool
        let callback: String
        let medication: String
        let pharmacy: String
        let handled: HandledView?
        let form: HandledForm?
        let openOnly: Bool
    }

    /// A queue page: counts, the filter tabs, the rows.
    struct QueueView<Row> {
        struct Table { let rows: [Row] }
        let openCount: Int
        let totalCount: Int
        let tabsLabel: String
        let tabs: [StatusTab]
        let unreadable: String?
        let caption: String
        let emptyText: String
        let table: Table?

        /// The view of one queue: `rows` already filtered by `filter`; `handled` of `total` records are handled.
        init(rows: [Row], filter: QueueFilter, handled: Int, total: Int, unreadable: String?, path: String,
             noun: String, empty: (handled: String, open: String, all: String)) {
            openCount = total - handled
            totalCount = total
            tabsLabel = "Which \(noun)"
            tabs = QueueFilter.allCases.map { f in
                StatusTab(href: f == .open ? path : "\(path)?status=\(f.rawValue)", label: f.label,
                          count: f == .open ? total - handled : f == .handled ? handled : total, current: f == filter)
            }
            self.unreadable = unreadable
            caption = "\(filter.label) \(noun), newest first"
            emptyText = filter == .handled ? empty.handled : filter == .open ? empty.open : empty.all
            table = rows.isEmpty ? nil : Table(rows: rows)
        }
    }

    /// Emails by audit actor (`user:<id>`), to name who handled what or appears in the trail.
    func staffEmails() async throws -> [String: String] {
        var people: [String: String] = [:]
        for u in try await authenticator.store.users() { people["user:\(u.id)"] = u.username }
        return people
    }

    func handledView(_ mark: HandledMark?, _ people: [String: String]) -> HandledView? {
        mark.map { HandledView(when: Format.dateTime(profile.timeZone.local($0.at)), by: Format.actor($0.actor, emails: people)) }
    }

    // MARK: - Messages

    func messagesPage(_ s: Signed, status: String?) async throws -> Response {
        let filter = QueueFilter(status)
        let report = try await s.store.messagesReport()
        let marks = try await s.store.handledMessages()
        let people = try await staffEmails()
        let mayHandle = s.principal.can(.handleMessages)
        let tz = profile.timeZone
        let rows = report.records.filter { filter.keeps(marks[$0.id] != nil) }.sorted { $0.createdAt > $1.createdAt }.map { m in
            let received = Format.dateTime(tz.local(m.createdAt))
            let open = marks[m.id] == nil
            return MessageRow(
                received: received, caller: m.callerName ?? "Not given", callback: m.callbackNumber.map(Format.phone) ?? "Not given",
                reason: Format.reason(m.reason), handled: handledView(marks[m.id], people),
                form: open && mayHandle ? HandledForm(action: "/messages/\(Format.pathSegment(m.id))/handled", status: filter.rawValue,
                                                      what: "message from \(m.callerName ?? "an unnamed caller"), received \(received)") : nil,
                openOnly: open && !mayHandle)
        }
        let view = QueueView(rows: rows, filter: filter, handled: report.records.filter { marks[$0.id] != nil }.count,
                             total: report.records.count, unreadable: unreadableNote(report.unreadable.count, "messages"),
                             path: "/messages", noun: "messages",
                             empty: ("No handled messages yet.", "No open messages. The inbox is clear.", "No messages."))
        return page(s, .messages, title: "Messages", current: "/messages", view)
    }

    // MARK: - Refills

    func refillsPage(_ s: Signed, status: String?) async throws -> Response {
        let filter = QueueFilter(status)
        let report = try await s.store.refillsReport()
        let marks = try await s.store.handledRefills()
        let people = try await staffEmails()
        let mayHandle = s.principal.can(.handleRefills)
        let tz = profile.timeZone
        let rows = report.records.filter { filter.keeps(marks[$0.id] != nil) }.sorted { $0.createdAt > $1.createdAt }.map { r in
            let received = Format.dateTime(tz.local(r.createdAt))
            let open = marks[r.id] == nil
            return RefillRow(
                received: received, caller: r.callerName ?? "Not given", onFile: r.patientID != nil,
                callback: r.callbackNumber.map(Format.phone) ?? "Not given", medication: r.medication ?? "Not given",
                pharmacy: r.pharmacy ?? "Not given", handled: handledView(marks[r.id], people),
                form: open && mayHandle ? HandledForm(action: "/refills/\(Format.pathSegment(r.id))/handled", status: filter.rawValue,
                                                      what: "refill request from \(r.callerName ?? "an unnamed caller"), received \(received)") : nil,
                openOnly: open && !mayHandle)
        }
        let view = QueueView(rows: rows, filter: filter, handled: report.records.filter { marks[$0.id] != nil }.count,
                             total: report.records.count, unreadable: unreadableNote(report.unreadable.count, "refill requests"),
                             path: "/refills", noun: "refill requests",
                             empty: ("No handled refill requests yet.", "No refill requests waiting.", "No refill requests."))
        return page(s, .refills, title: "Refill requests", current: "/refills", view)
    }

    // MARK: - Mark handled

    /// What `POST /messages/{id}/handled` and `POST /refills/{id}/handled` act on.
    enum QueueKind: Sendable {
        case message, refill

        var permission: Permission { self == .message ? .handleMessages : .handleRefills }
        var path: String { self == .message ? "/messages" : "/refills" }
        var noun: String { self == .message ? "message" : "refill request" }
    }

    /// Marks one item handled for the signed-in user: anonymous → /login; a role without the permission →
    /// 403; a missing or wrong CSRF token → 403 "form expired" and nothing changes; an id not in this
    /// practice → 404; else the Vault records `handle <type>/<id>` as the user, and the browser is sent
    /// back to the list (303). Marking an item already handled changes nothing and also returns to the list.
    func markHandled(_ req: Request, channel: String, kind: QueueKind, id: String) async throws -> Response {
        try await authorized(req, channel, needs: kind.permission) { s in
            guard let token = req.cookies[WebSecurity.sessionCookie]?.value,
                  let f = try await form(req), security.csrfValid(f["csrf"], "session", token) else {
                logger.notice("dashboard: mark handled refused: CSRF token missing or wrong", metadata: ["user_id": .string(s.principal.userID)])
                return formExpired(back: LinkView(href: kind.path, label: "Go back and try again"))
            }
            let mark = switch kind {
            case .message: try await s.store.markMessageHandled(id: id)
            case .refill: try await s.store.markRefillHandled(id: id)
            }
            guard mark != nil else {
                return notFound(s, "\(kind.noun) with this id", current: kind.path, back: LinkView(href: kind.path, label: "Back to the list"))
            }
            logger.info("dashboard: \(kind.noun) marked handled", metadata: ["user_id": .string(s.principal.userID)])
            let back = QueueFilter(f["status"])
            return redirect(back == .open ? kind.path : "\(kind.path)?status=\(back.rawValue)")
        }
    }
}
