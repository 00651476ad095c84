import Foundation
import FrontDeskCore
import Hummingbird
import HummingbirdTesting
@testable import Server
import Testing
import Vault

/// Caller-provided text never becomes markup: in every field of every page, in element content and in
/// attributes, including text built to slip past a grapheme-by-grapheme escaper.
@Suite("Dashboard escaping", .serialized) struct DashboardEscapingTests {
    /// Hostile values: plain tags, attribute break-outs, and the same glued to combining or prepending marks
    /// (a quote or `<` that shares a grapheme cluster with its neighbour).
    static let hostile = [
        "<script>alert(1)</script>",
        "\"><img src=x onerror=alert(1)>",
        "'\u{301} onmouseover=alert(2) x='",
        "\"\u{301}><svg onload=alert(3)>",
        "\u{600}<iframe src=x>",
        "a\u{200D}\"\u{903} autofocus onfocus=alert(4) b=\"",
        "&lt;already&gt; & \0 nul",
    ]

    /// Byte sequences that must never appear in a page (checked on UTF-8 bytes: `String.contains` compares
    /// grapheme clusters and would miss `<` glued to a mark).
    static let forbidden = ["<script", "<img", "<svg", "<iframe", "\"\u{301}", "'\u{301}", "\u{600}<", "\"\u{903}", "\u{200D}\"", "\0"]

    static func rawContains(_ haystack: String, _ needle: String) -> Bool {
        Data(haystack.utf8).range(of: Data(needle.utf8)) != nil
    }

    static func expectInert(_ body: String, _ page: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for bad in forbidden {
            #expect(!rawContains(body, bad), "\(page) contains \(bad.debugDescription) raw", sourceLocation: sourceLocation)
        }
    }

    @Test func isolateGivesEverySpecialCharacterItsOwnCluster() {
        for text in Self.hostile {
            let out = TemplateScope.isolate(text)
            for c in out where c.unicodeScalars.contains(where: TemplateScope.special.contains) {
                #expect(c.unicodeScalars.count == 1, "\(text.debugDescription) → \(out.debugDescription)")
            }
            #expect(!out.unicodeScalars.contains("\0"))
        }
        // Ordinary text, accents and emoji included, is left alone.
        for text in ["Ana Ruiz", "José Núñez", "O'Brien & Sons", "👩🏽‍⚕️ Dr. Lee", "\"quoted\""] {
            #expect(TemplateScope.isolate(text) == text)
        }
    }

    @Test func templatesNeverWriteUnescapedValues() throws {
        let dir = Fixtures.repo.appendingPathComponent("Sources/Server/Web/Templates")
        let files = try #require(FileManager.default.enumerator(atPath: dir.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".mustache") }
        #expect(files.count >= 13)
        for file in files {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            #expect(!text.contains("{{{"), "\(file) uses triple braces")
            #expect(!text.contains("{{&"), "\(file) uses {{& }}")
            #expect(!text.contains("{{%"), "\(file) sets a pragma (CONTENT_TYPE would turn escaping off)")
            #expect(!text.contains("{{="), "\(file) changes delimiters")
            #expect(!text.contains("<script"), "\(file) has a script")
            #expect(!text.contains("style=\""), "\(file) has an inline style (the CSP refuses them)")
        }
    }

    @Test func partialsEscapeWhatTheyAreGiven() throws {
        let templates = try DashboardTemplates.bundled()
        let quotes = { (s: String) in s.unicodeScalars.filter { $0 == "\"" }.count }
        let plain = templates.render(named: "partials/handled-form", ["action": "/messages/x/handled", "csrf": "c", "status": "open", "what": "w"])
        #expect(quotes(plain) >= 20)
        for text in Self.hostile {
            let badges = templates.render(named: "partials/badges", ["badges": [BadgeView(text, "info")]])
            Self.expectInert(badges, "badges")
            #expect(badges.hasPrefix("<span class=\"badge info\">"))
            let form = templates.render(named: "partials/handled-form", ["action": "/messages/x/handled", "csrf": text, "status": text, "what": text])
            Self.expectInert(form, "handled-form")
            #expect(quotes(form) == quotes(plain), "only the template's own quotes: \(form)")
        }
    }

    /// Every hostile value in every field the pages show: calls (number, summary, transcript), messages
    /// (name, number), refills (name, number, medication, pharmacy), appointments (patient name), audit
    /// (record ids), and the email field of the sign-in page.
    @Test func everyPageEscapesEveryField() async throws {
        let f = try await DashboardFixture(); defer { f.remove() }
        let engine = f.vault.store(practiceID: f.profile.practice.id, context: .engine)
        let start = f.clock.now().addingTimeInterval(-1800)
        let day = f.profile.timeZone.local(f.clock.now()).date
        var ids: [String] = []
        for (i, text) in Self.hostile.enumerated() {
            let callID = i == 0 ? "call-\"'<b>&" : "call-h\(i)"
            ids.append(callID)
            try await engine.begin(call: CallRecord(id: callID, practiceID: f.profile.practice.id, callerNumber: text, startedAt: start))
            try await engine.append(toCall: callID, transcript: [TranscriptEntry(speaker: "caller", text: text, at: start)],
                                    events: [CallRecordEvent(outcome: .messageTaken, turn: 1)])
            try await engine.finish(call: callID, endedAt: start.addingTimeInterval(30), patientID: nil, summary: text, outcomes: [.messageTaken])
            try await engine.save(message: StaffMessage(id: "msg-h\(i)", practiceID: f.profile.practice.id, callerName: text,
                                                        callbackNumber: text, reason: .general, createdAt: start))
            try await engine.save(refill: RefillRequest(id: "ref-h\(i)", practiceID: f.profile.practice.id, patientID: nil, callerName: text,
                                                        callbackNumber: text, medication: text, pharmacy: text, createdAt: start))
            try await engine.upsert(patient: Patient(id: "pat-h\(i)", practiceID: f.profile.practice.id, name: text))
            try await engine.insert(Appointment(id: "appt-h\(i)", practiceID: f.profile.practice.id, patientID: "pat-h\(i)", typeID: "cleaning",
                                                providerID: "hyg-ramirez", start: LocalDateTime(date: day, time: TimeOfDay(minutes: 8 * 60 + 30 * i)),
                                                minutes: 30))
        }
        // One of each handled too, so the handled rows are rendered.
        _ = try await engine.markMessageHandled(id: "msg-h1")
        _ = try await engine.markRefillHandled(id: "ref-h1")
        let token = try await f.session(.owner)
        let callIDs = ids
        let pages = ["/", "/messages?status=all", "/messages?status=handled", "/refills?status=all", "/refills", "/appointments", "/audit", "/practice"]
            + callIDs.map { "/calls/\(Format.pathSegment($0))" }
        try await f.app.test(.router) { client in
            for page in pages {
                try await client.execute(uri: page, method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                    let body = String(buffer: r.body)
                    #expect(r.status == .ok, "\(page)")
                    Self.expectInert(body, page)
                }
            }
            // The escaped text is there (so the checks above looked at pages that do show it).
            try await client.execute(uri: "/refills?status=all", method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                let body = String(buffer: r.body)
                #expect(Self.rawContains(body, "&lt;script&gt;alert(1)&lt;/script&gt;"))
                #expect(Self.rawContains(body, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
                #expect(Self.rawContains(body, "&amp;lt;already&amp;gt;"))
            }
            try await client.execute(uri: "/calls/\(Format.pathSegment(callIDs[0]))", method: .get,
                                     headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
                #expect(Self.rawContains(String(buffer: r.body), "<code>call-&quot;&#39;&lt;b&gt;&amp;</code>"))
            }
            // The sign-in page keeps the typed email, escaped.
            var jar: [String: String] = [:]
            let csrf = try await client.execute(uri: "/login", method: .get) { r in
                jar.merge(Web.cookies(r)) { $1 }
                return try #require(Web.csrf(String(buffer: r.body)))
            }
            for text in Self.hostile {
                try await client.execute(uri: "/login", method: .post, headers: Web.headers(cookies: jar, form: true),
                                         body: Web.form(["email": text, "password": "not-the-password-at-all", "csrf": csrf])) { r in
                    #expect(r.status == .unauthorized)
                    Self.expectInert(String(buffer: r.body), "/login with \(text.debugDescription)")
                }
            }
        }
    }
}
