import Access
import Foundation
import FrontDeskCore
import Hummingbird
import Vault

extension StaffDashboard {
    /// The navigation: only the pages the role may open.
    static let navigation: [(path: String, label: String, needs: Permission)] = [
        ("/", "Calls", .viewCalls), ("/messages", "Messages", .viewMessages), ("/refills", "Refills", .viewRefills),
        ("/appointments", "Appointments", .viewAppointments), ("/audit", "Audit trail", .viewAudit),
        ("/practice", "Practice", .viewPractice),
    ]

    /// A signed-in page: the header (practice name, the user, sign out), navigation, then `body`.
    func layout(_ s: Signed, title: String, current: String?, body: Markup) -> Markup {
        let links: [Markup] = Self.navigation.filter { s.principal.can($0.needs) }.map { item in
            item.path == current ? "<li><a href=\"\(item.path)\" aria-current=\"page\">\(item.label)</a></li>"
                : "<li><a href=\"\(item.path)\">\(item.label)</a></li>"
        }
        let header: Markup = """
            <header class="top" role="banner"><div class="bar">\(Pages.brand(profile.practice.name))
            <div class="who"><span class="user"><span class="email">\(s.principal.email)</span> <span class="role">\(Format.role(s.principal.role))</span></span>
            <form method="post" action="/logout" class="signout"><input type="hidden" name="csrf" value="\(s.csrf)"><button type="submit" class="quiet">Sign out</button></form></div></div>
            <nav aria-label="Main"><ul>\(links)</ul></nav></header>
            """
        return Pages.document(title: title, practice: profile.practice.name, header: header, body: body)
    }

    var today: LocalDate { profile.timeZone.local(clock.now()).date }

    func day(_ text: String?) -> LocalDate { text.flatMap(LocalDate.init(iso:)) ?? today }

    func dayNav(_ path: String, _ day: LocalDate) -> Markup {
        let isToday = day == today
        return """
            <nav class="daynav" aria-label="Choose a day">
            <a href="\(path)?day=\(day.adding(days: -1).iso)" rel="prev">← <span class="sr">Previous day, </span>\(Format.shortDate(day.adding(days: -1)))</a>
            <form method="get" action="\(path)" class="inline"><label for="day" class="sr">Day</label><input id="day" type="date" name="day" value="\(day.iso)"><button type="submit" class="quiet">Go</button></form>
            \(isToday ? Markup.empty : "<a href=\"\(path)\">Today</a>")
            <a href="\(path)?day=\(day.adding(days: 1).iso)" rel="next"><span class="sr">Next day, </span>\(Format.shortDate(day.adding(days: 1))) →</a>
            </nav>
            """
    }

    func badges(_ outcomes: [Outcome]) -> Markup {
        var seen = Set<Outcome>()
        let list = outcomes.filter { seen.insert($0).inserted }.sorted { Format.isUrgent([$0]) && !Format.isUrgent([$1]) }
        if list.isEmpty { return "<span class=\"badge muted\">No outcome</span>" }
        return Markup.join(list.map { Format.badge($0, emergencyLine: profile.handoff.emergency, crisisLine: profile.handoff.crisis) }, separator: " ")
    }

    func unreadableNote(_ n: Int, _ what: String) -> Markup {
        n == 0 ? .empty : "<p class=\"alert\" role=\"status\">\(n) \(what) could not be decrypted and are not shown (recorded in the audit trail).</p>"
    }

    // MARK: - Calls

    func callsPage(_ s: Signed, day text: String?) async throws -> Response {
        let day = day(text)
        let tz = profile.timeZone
        let report = try await s.store.callsReport()
        let calls = report.records.filter { tz.local($0.startedAt).date == day }.sorted { $0.startedAt > $1.startedAt }
        let urgent = calls.filter { Format.isUrgent($0.outcomes) }.count
        let rows: [Markup] = calls.map { c in
            let t = tz.local(c.startedAt)
            let cls: Markup = Format.isUrgent(c.outcomes) ? " class=\"urgent\"" : ""
            return """
                <tr\(cls)><td data-label="Time"><a href="/calls/\(c.id)">\(Format.time(t.time))</a></td>
                <td data-label="Caller">\(Format.phone(c.callerNumber))</td>
                <td data-label="Outcome">\(badges(c.outcomes))</td>
                <td data-label="Length">\(Format.duration(c.startedAt, c.endedAt))</td>
                <td class="go"><a href="/calls/\(c.id)" aria-label="Open the call at \(Format.time(t.time))">Open</a></td></tr>
                """
        }
        let heading = day == today ? "Today’s calls" : "Calls"
        let table: Markup = calls.isEmpty ? "<p class=\"empty\">No calls on this day.</p>" : """
            <table class="list"><caption class="sr">Calls on \(Format.date(day)), newest first</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Caller</th><th scope="col">Outcome</th><th scope="col">Length</th><th scope="col"><span class="sr">Open</span></th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let alert: Markup = urgent == 0 ? .empty : """
            <p class="alert urgent-alert" role="status"><strong>\(urgent) urgent \(urgent == 1 ? "call" : "calls")</strong> (emergency or crisis) on this day. Review \(urgent == 1 ? "it" : "them") first.</p>
            """
        let body: Markup = """
            <div class="pagehead"><h1>\(heading)</h1><p class="muted">\(Format.date(day)) · \(calls.count) \(calls.count == 1 ? "call" : "calls")</p></div>
            \(dayNav("/", day))
            \(alert)
            \(unreadableNote(report.unreadable.count, "calls"))
            <section class="card flush" aria-label="Calls">\(table)</section>
            """
        return html(.ok, layout(s, title: heading, current: "/", body: body))
    }

    func callPage(_ s: Signed, id: String) async throws -> Response {
        let call: CallRecord?
        do { call = try await s.store.call(id: id) } catch VaultError.unreadable {
            return html(.internalServerError, layout(s, title: "Unreadable", current: "/", body: """
                <section class="card"><h1>This call can’t be read</h1><p>Its record could not be decrypted. The attempt is in the audit trail.</p></section>
                """))
        }
        guard let c = call else { return html(.notFound, layout(s, title: "Not found", current: "/", body: Pages.notFound("call with this id"))) }
        let tz = profile.timeZone
        let start = tz.local(c.startedAt)
        let transcript: Markup
        if s.principal.can(.viewTranscripts) {
            let lines: [Markup] = c.transcript.map { e in
                let who = e.speaker == "caller" ? "Caller" : "Receptionist"
                let cls = e.speaker == "caller" ? "caller" : "agent"
                return "<li class=\"\(cls)\"><span class=\"who\">\(who) <time>\(Format.time(tz.local(e.at).time))</time></span><p>\(e.text)</p></li>"
            }
            transcript = lines.isEmpty ? "<p class=\"empty\">No transcript was recorded.</p>" : "<ol class=\"transcript\">\(lines)</ol>"
        } else {
            transcript = "<p class=\"muted\">Transcripts are not shown to the \(Format.role(s.principal.role)) role. The summary above is built from the call’s structured details only.</p>"
        }
        let urgent = Format.isUrgent(c.outcomes)
        let banner: Markup = !urgent ? .empty : """
            <p class="alert urgent-alert" role="status"><strong>Urgent call.</strong> The receptionist handed this caller to emergency or crisis services. Follow up per the practice’s protocol.</p>
            """
        let body: Markup = """
            <p class="crumb"><a href="/?day=\(start.date.iso)">← Calls on \(Format.shortDate(start.date))</a></p>
            <div class="pagehead"><h1>Call from \(Format.phone(c.callerNumber))</h1>
            <p class="muted">\(Format.date(start.date)) at \(Format.time(start.time)) · \(Format.duration(c.startedAt, c.endedAt))</p></div>
            \(banner)
            <div class="grid">
            <section class="card" aria-labelledby="sum-title"><h2 id="sum-title">Summary</h2>
            <div class="badges">\(badges(c.outcomes))</div>
            \(c.summary.map { "<p class=\"summary\">\($0)</p>" as Markup } ?? "<p class=\"empty\">No summary yet (the call may still be in progress).</p>")
            <dl class="facts"><div><dt>Caller number</dt><dd>\(Format.phone(c.callerNumber))</dd></div>
            <div><dt>Patient on file</dt><dd>\(c.patientID == nil ? "Not identified" : "Yes")</dd></div>
            <div><dt>Call id</dt><dd><code>\(c.id)</code></dd></div></dl>
            </section>
            <section class="card" aria-labelledby="tr-title"><h2 id="tr-title">Transcript</h2>\(transcript)</section>
            </div>
            """
        return html(.ok, layout(s, title: "Call", current: "/", body: body))
    }

    // MARK: - Messages and refills

    func messagesPage(_ s: Signed) async throws -> Response {
        let report = try await s.store.messagesReport()
        let tz = profile.timeZone
        let rows: [Markup] = report.records.sorted { $0.createdAt > $1.createdAt }.map { m in
            """
            <tr><td data-label="Received">\(Format.dateTime(tz.local(m.createdAt)))</td>
            <td data-label="Caller">\(m.callerName ?? "Not given")</td>
            <td data-label="Call back">\(m.callbackNumber.map(Format.phone) ?? "Not given")</td>
            <td data-label="Reason"><span class="badge info">\(Format.reason(m.reason))</span></td></tr>
            """
        }
        let table: Markup = rows.isEmpty ? "<p class=\"empty\">No messages. The inbox is clear.</p>" : """
            <table class="list"><caption class="sr">Messages, newest first</caption>
            <thead><tr><th scope="col">Received</th><th scope="col">Caller</th><th scope="col">Call back</th><th scope="col">Reason</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return html(.ok, layout(s, title: "Messages", current: "/messages", body: """
            <div class="pagehead"><h1>Messages</h1><p class="muted">Callers who asked for a call back · \(report.records.count) in total</p></div>
            \(unreadableNote(report.unreadable.count, "messages"))
            <section class="card flush" aria-label="Messages">\(table)</section>
            """))
    }

    func refillsPage(_ s: Signed) async throws -> Response {
        let report = try await s.store.refillsReport()
        let tz = profile.timeZone
        let rows: [Markup] = report.records.sorted { $0.createdAt > $1.createdAt }.map { r in
            """
            <tr><td data-label="Received">\(Format.dateTime(tz.local(r.createdAt)))</td>
            <td data-label="Caller">\(r.callerName ?? "Not given")\(r.patientID == nil ? Markup.empty : " <span class=\"badge muted\">on file</span>")</td>
            <td data-label="Call back">\(r.callbackNumber.map(Format.phone) ?? "Not given")</td>
            <td data-label="Medication">\(r.medication ?? "Not given")</td>
            <td data-label="Pharmacy">\(r.pharmacy ?? "Not given")</td></tr>
            """
        }
        let table: Markup = rows.isEmpty ? "<p class=\"empty\">No refill requests waiting.</p>" : """
            <table class="list"><caption class="sr">Refill requests, newest first</caption>
            <thead><tr><th scope="col">Received</th><th scope="col">Caller</th><th scope="col">Call back</th><th scope="col">Medication</th><th scope="col">Pharmacy</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return html(.ok, layout(s, title: "Refill requests", current: "/refills", body: """
            <div class="pagehead"><h1>Refill requests</h1><p class="muted">For clinicians · \(report.records.count) in the queue</p></div>
            \(unreadableNote(report.unreadable.count, "refill requests"))
            <section class="card flush" aria-label="Refill requests">\(table)</section>
            """))
    }

    // MARK: - Appointments

    func appointmentsPage(_ s: Signed, day text: String?) async throws -> Response {
        let day = day(text)
        let list = try await s.store.appointments(practiceID: profile.practice.id, providerID: nil,
                                                  from: LocalDateTime(date: day, time: TimeOfDay(minutes: 0)),
                                                  to: LocalDateTime(date: day.adding(days: 1), time: TimeOfDay(minutes: 0)))
        var names: [String: String] = [:]
        for id in Set(list.compactMap(\.patientID)) {
            if let p = try? await s.store.patient(id: id) { names[id] = p.name }
        }
        let rows: [Markup] = list.map { a in
            let type = a.typeID.flatMap { profile.appointmentType($0)?.name } ?? (a.typeID == nil ? "Reserved" : a.typeID!)
            let status: Markup = switch a.status {
            case .booked: "<span class=\"badge info\">Booked</span>"
            case .confirmed: "<span class=\"badge good\">Confirmed</span>"
            case .cancelled: "<span class=\"badge muted\">Cancelled</span>"
            }
            let cls: Markup = a.status == .cancelled ? " class=\"cancelled\"" : ""
            return """
                <tr\(cls)><td data-label="Time">\(Format.time(a.start.time))–\(Format.time(a.end.time))</td>
                <td data-label="Patient">\(a.patientID.flatMap { names[$0] } ?? (a.patientID == nil ? "—" : "Unavailable"))</td>
                <td data-label="Visit">\(type)</td>
                <td data-label="With">\(profile.provider(a.providerID)?.name ?? a.providerID)</td>
                <td data-label="Status">\(status)</td></tr>
                """
        }
        let table: Markup = rows.isEmpty ? "<p class=\"empty\">Nothing booked on this day.</p>" : """
            <table class="list"><caption class="sr">Appointments on \(Format.date(day))</caption>
            <thead><tr><th scope="col">Time</th><th scope="col">Patient</th><th scope="col">Visit</th><th scope="col">With</th><th scope="col">Status</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let hours: Markup = profile.openHours(on: day).map { "Open \(Format.time($0.start))–\(Format.time($0.end))" as Markup } ?? "Closed"
        return html(.ok, layout(s, title: "Appointments", current: "/appointments", body: """
            <div class="pagehead"><h1>Appointments</h1><p class="muted">\(Format.date(day)) · \(hours) · \(list.filter(\.isActive).count) booked</p></div>
            \(dayNav("/appointments", day))
            <section class="card flush" aria-label="Appointments">\(table)</section>
            """))
    }

    // MARK: - Audit

    /// At most this many events are shown (newest first); narrow the dates for older ones.
    static let auditPageLimit = 500

    func auditPage(_ s: Signed, since: String?, until: String?) async throws -> Response {
        let tz = profile.timeZone
        let sinceDay = since.flatMap(LocalDate.init(iso:)), untilDay = until.flatMap(LocalDate.init(iso:))
        let from = sinceDay.flatMap { tz.instant(of: LocalDateTime(date: $0, time: TimeOfDay(minutes: 0))) }
        let to = untilDay.flatMap { tz.instant(of: LocalDateTime(date: $0.adding(days: 1), time: TimeOfDay(minutes: 0))) }
        let all = try vault.auditEvents(since: from, until: to).filter { $0.practiceID == profile.practice.id }
        let shown = all.suffix(Self.auditPageLimit).reversed()
        var people: [String: String] = [:]
        for u in try await authenticator.store.users() { people["user:\(u.id)"] = u.username }
        let rows: [Markup] = shown.map { e in
            let t = tz.local(e.at)
            let cls: Markup = e.outcome == "success" ? "" : " class=\"flag\""
            return """
                <tr\(cls)><td data-label="When">\(Format.dateTime(t))</td>
                <td data-label="Who">\(people[e.actor] ?? e.actor)</td>
                <td data-label="Action">\(e.action)</td>
                <td data-label="Record"><code>\(e.resourceType)/\(e.resourceID)</code></td>
                <td data-label="From">\(e.channel)</td>
                <td data-label="Result">\(e.outcome)</td></tr>
                """
        }
        let table: Markup = rows.isEmpty ? "<p class=\"empty\">No events in this range.</p>" : """
            <table class="list audit"><caption class="sr">Audit events, newest first</caption>
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">Record</th><th scope="col">From</th><th scope="col">Result</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let more: Markup = all.count > Self.auditPageLimit
            ? "<p class=\"muted\">Showing the newest \(Self.auditPageLimit) of \(all.count) events. Narrow the dates, or use <code>frontdesk audit export</code>.</p>" : .empty
        return html(.ok, layout(s, title: "Audit trail", current: "/audit", body: """
            <div class="pagehead"><h1>Audit trail</h1><p class="muted">Who looked at or changed what. Records are named by id only.</p></div>
            <form method="get" action="/audit" class="filters card" aria-label="Filter events">
            <div class="field"><label for="since">From</label><input id="since" type="date" name="since" value="\(sinceDay?.iso)"></div>
            <div class="field"><label for="until">Through</label><input id="until" type="date" name="until" value="\(untilDay?.iso)"></div>
            <button type="submit" class="primary">Show events</button> <a href="/audit" class="quiet">Clear</a>
            </form>
            \(more)
            <section class="card flush" aria-label="Audit events">\(table)</section>
            """))
    }

    // MARK: - Practice

    func practicePage(_ s: Signed) -> Response {
        let p = profile
        let hours: [Markup] = Weekday.allCases.map { d in
            "<tr><th scope=\"row\">\(d.englishName)</th><td>\(p.hours[d].map { Format.time($0.start) + "–" + Format.time($0.end) } ?? "Closed")</td></tr>"
        }
        let types: [Markup] = p.appointmentTypes.map { t in
            "<tr><th scope=\"row\">\(t.name)</th><td>\(t.minutes) min</td><td>\(t.newPatients ? "New and returning" : "Returning patients")</td><td>\(t.price ?? "—")</td></tr>"
        }
        let providers: [Markup] = p.providers.map { v in
            "<li><strong>\(v.name)</strong> <span class=\"muted\">\(v.appointmentTypes.compactMap { p.appointmentType($0)?.name }.joined(separator: ", "))</span></li>"
        }
        let faq: [Markup] = p.faq.map { "<div><dt>\($0.topic)</dt><dd>\($0.answer)</dd></div>" }
        let closures = p.closures.sorted().map { Format.date($0) }.joined(separator: "; ")
        return html(.ok, layout(s, title: "Practice", current: "/practice", body: """
            <div class="pagehead"><h1>\(p.practice.name)</h1><p class="muted">The practice profile the receptionist answers from (read-only; edit the YAML file and restart to change it).</p></div>
            <div class="grid">
            <section class="card" aria-labelledby="contact-title"><h2 id="contact-title">Contact</h2>
            <dl class="facts"><div><dt>Phone</dt><dd>\(Format.phone(p.practice.phone))</dd></div>
            <div><dt>Address</dt><dd>\(p.practice.address)</dd></div>
            <div><dt>Time zone</dt><dd>\(p.timeZone.identifier)</dd></div>
            <div><dt>Languages</dt><dd>\(p.practice.languages.map { $0 == .en ? "English" : "Spanish" }.joined(separator: ", "))</dd></div>
            <div><dt>Emergency line</dt><dd>\(p.handoff.emergency)</dd></div>
            <div><dt>Crisis line</dt><dd>\(p.handoff.crisis)</dd></div>
            <div><dt>Front desk transfer</dt><dd>\(Format.phone(p.handoff.frontDesk))</dd></div>
            <div><dt>After hours</dt><dd>\(p.handoff.afterHours == .message ? "Take a message" : "Transfer to the on-call line")</dd></div></dl></section>
            <section class="card" aria-labelledby="hours-title"><h2 id="hours-title">Hours</h2>
            <table class="plain"><tbody>\(hours)</tbody></table>
            \(closures.isEmpty ? Markup.empty : "<p class=\"muted\">Closed on \(closures).</p>")</section>
            </div>
            <section class="card" aria-labelledby="types-title"><h2 id="types-title">Appointment types</h2>
            <table class="list"><thead><tr><th scope="col">Visit</th><th scope="col">Length</th><th scope="col">Who</th><th scope="col">Price</th></tr></thead><tbody>\(types)</tbody></table></section>
            <div class="grid">
            <section class="card" aria-labelledby="prov-title"><h2 id="prov-title">Providers</h2><ul class="plain">\(providers)</ul></section>
            <section class="card" aria-labelledby="ins-title"><h2 id="ins-title">Insurance accepted</h2>
            <p>\(p.insurance.accepted.isEmpty ? "None listed" : p.insurance.accepted.joined(separator: ", "))</p></section>
            </div>
            \(faq.isEmpty ? Markup.empty : "<section class=\"card\" aria-labelledby=\"faq-title\"><h2 id=\"faq-title\">Answers the receptionist gives</h2><dl class=\"faq\">\(faq)</dl></section>")
            """))
    }
}
