import Access
import Foundation
import FrontDeskCore
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import Vault

/// Marking messages and refill requests handled from the dashboard, and the audit viewer's filters.
@Suite("Dashboard queues and audit filters", .serialized) struct DashboardQueueTests {
    static let otherPractice = "other-practice"

    /// The fixture plus a refill request in this practice and a message and refill in another practice.
    static func fixture() async throws -> DashboardFixture {
        let f = try await DashboardFixture()
        let start = f.clock.now().addingTimeInterval(-600)
        try await f.vault.store(practiceID: f.profile.practice.id, context: .engine).save(refill: RefillRequest(
            id: "ref-1", practiceID: f.profile.practice.id, patientID: nil, callerName: "Ana Ruiz", callbackNumber: "+13125550142",
            medication: "amoxicillin", pharmacy: "Walgreens on Main", createdAt: start))
        let other = f.vault.store(practiceID: otherPractice, context: .engine)
        try await other.save(message: StaffMessage(id: "msg-other", practiceID: otherPractice, callerName: "Bo Brown",
                                                   callbackNumber: "+13125550202", reason: .billing, createdAt: start))
        try await other.save(refill: RefillRequest(id: "ref-other", practiceID: otherPractice, patientID: nil, callerName: "Bo Brown",
                                                   callbackNumber: "+13125550202", medication: "ibuprofen", pharmacy: "Corner", createdAt: start))
        return f
    }

    static func get(_ client: some TestClientProtocol, _ uri: String, _ token: String) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: uri, method: .get, headers: Web.headers(cookies: ["frontdesk_session": token])) { r in
            (r.status, String(buffer: r.body))
        }
    }

    static func post(_ client: some TestClientProtocol, _ uri: String, _ token: String?, _ fields: [String: String]) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: Web.headers(cookies: token.map { ["frontdesk_session": $0] } ?? [:], form: true),
                                 body: Web.form(fields)) { $0 }
    }

    static func handleEvents(_ f: DashboardFixture, _ type: String, _ id: String) throws -> [AuditEvent] {
        try f.vault.auditEvents().filter { $0.action == VaultStore.handledAction && $0.resourceType == type && $0.resourceID == id }
    }

    @Test func frontDeskMarksAMessageHandled() async throws {
        let f = try await Self.fixture(); defer { f.remove() }
        let token = try await f.session(.frontDesk)
        try await f.app.test(.router) { client in
            let (status, page) = try await Self.get(client, "/messages", token)
            #expect(status == .ok)
            #expect(page.contains("action=\"/messages/msg-1/handled\""))
            #expect(page.contains("1 open, 1 in total"))
            let csrf = try #require(Web.csrf(page))
            let r = try await Self.post(client, "/messages/msg-1/handled", token, ["csrf": csrf, "status": "open"])
            #expect(r.status == .seeOther)
            #expect(r.headers[.location] == "/messages")
            Web.expectSecurityHeaders(r)

            let marks = try await f.vault.store(practiceID: f.profile.practice.id, context: .engine).handledMessages()
            #expect(marks["msg-1"]?.actor == "user:\(f.userIDs[.frontDesk]!)")
            let events = try Self.handleEvents(f, "message", "msg-1")
            #expect(events.count == 1)
            #expect(events.first?.actor == "user:\(f.userIDs[.frontDesk]!)" && events.first?.outcome == "success")

            // The open list is clear; the handled list names who handled it; no form is left for it.
            let (_, open) = try await Self.get(client, "/messages", token)
            #expect(open.contains("No open messages") && !open.contains("/messages/msg-1/handled"))
            #expect(open.contains("0 open, 1 in total"))
            let (_, handled) = try await Self.get(client, "/messages?status=handled", token)
            #expect(handled.contains("Handled") && handled.contains("frontdesk@lakeview.example"))
            #expect(!handled.contains("/messages/msg-1/handled"))

            // Again (a second tab): nothing more is recorded, and it returns to the list it came from.
            let again = try await Self.post(client, "/messages/msg-1/handled", token, ["csrf": csrf, "status": "all"])
            #expect(again.status == .seeOther && again.headers[.location] == "/messages?status=all")
            #expect(try Self.handleEvents(f, "message", "msg-1").count == 1)
        }
    }

    @Test func refillsNeedHandleRefills() async throws {
        let f = try await Self.fixture(); defer { f.remove() }
        let frontDesk = try await f.session(.frontDesk)
        let clinician = try await f.session(.clinician)
        try await f.app.test(.router) { client in
            // Front desk: neither sees nor handles refills, even with its own valid CSRF token.
            let csrf = try #require(Web.csrf(try await Self.get(client, "/", frontDesk).1))
            let refused = try await Self.post(client, "/refills/ref-1/handled", frontDesk, ["csrf": csrf])
            #expect(refused.status == .forbidden)
            #expect(String(buffer: refused.body).contains("handling refill requests"))
            #expect(try Self.handleEvents(f, "refill", "ref-1").isEmpty)

            // The clinician may.
            let (status, page) = try await Self.get(client, "/refills", clinician)
            #expect(status == .ok && page.contains("action=\"/refills/ref-1/handled\""))
            let r = try await Self.post(client, "/refills/ref-1/handled", clinician, ["csrf": try #require(Web.csrf(page))])
            #expect(r.status == .seeOther && r.headers[.location] == "/refills")
            let events = try Self.handleEvents(f, "refill", "ref-1")
            #expect(events.count == 1 && events.first?.actor == "user:\(f.userIDs[.clinician]!)")
            let (_, all) = try await Self.get(client, "/refills?status=all", clinician)
            #expect(all.contains("clinician@lakeview.example"))
        }
    }

    @Test func rolesWithoutThePermissionGet403() async throws {
        let f = try await Self.fixture(); defer { f.remove() }
        try await f.app.test(.router) { client in
            for role in UserRole.allCases {
                let token = try await f.session(role)
                let csrf = try #require(Web.csrf(try await Self.get(client, "/practice", token).1))
                for (path, permission) in [("/messages/msg-1/handled", Permission.handleMessages), ("/refills/ref-1/handled", .handleRefills)]
                where !role.can(permission) {
                    let r = try await Self.post(client, path, token, ["csrf": csrf])
                    #expect(r.status == .forbidden, "\(role) \(path)")
                    #expect(String(buffer: r.body).contains("Not available for your role"), "\(role) \(path)")
                }
            }
        }
        #expect(try Self.handleEvents(f, "message", "msg-1").isEmpty)
        #expect(try Self.handleEvents(f, "refill", "ref-1").isEmpty)
    }

    @Test func aMissingOrWrongCSRFTokenChangesNothing() async throws {
        let f = try await Self.fixture(); defer { f.remove() }
        let token = try await f.session(.owner)
        let other = try await f.session(.clinician)
        try await f.app.test(.router) { client in
            let otherCSRF = try #require(Web.csrf(try await Self.get(client, "/messages", other).1))
            for fields in [[:], ["csrf": ""], ["csrf": "0000"], ["csrf": otherCSRF]] {
                for path in ["/messages/msg-1/handled", "/refills/ref-1/handled"] {
                    let r = try await Self.post(client, path, token, fields)
                    #expect(r.status == .forbidden, "\(path) \(fields)")
                    #expect(String(buffer: r.body).contains("This form has expired"))
                    Web.expectSecurityHeaders(r)
                }
            }
            // Not a form at all.
            let json = try await client.execute(uri: "/messages/msg-1/handled", method: .post,
                                                headers: [.cookie: "frontdesk_session=\(token)", .contentType: "application/json"],
                                                body: ByteBuffer(string: "{}")) { $0.status }
            #expect(json == .forbidden)
            // Anonymous: to sign-in.
            let anonymous = try await Self.post(client, "/messages/msg-1/handled", nil, ["csrf": "x"])
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/login")
        }
        #expect(try Self.handleEvents(f, "message", "msg-1").isEmpty)
        #expect(try Self.handleEvents(f, "refill", "ref-1").isEmpty)
    }

    @Test func anotherPracticesItemIsNotFound() async throws {
        let f = try await Self.fixture(); defer { f.remove() }
        let token = try await f.session(.owner)
        try await f.app.test(.router) { client in
            let csrf = try #require(Web.csrf(try await Self.get(client, "/messages", token).1))
            for path in ["/messages/msg-other/handled", "/refills/ref-other/handled", "/messages/msg-nope/handled", "/refills/ref-1x/handled"] {
                let r = try await Self.post(client, path, token, ["csrf": csrf])
                #expect(r.status == .notFound, "\(path)")
                #expect(String(buffer: r.body).contains("Not found"))
            }
            // Another practice's records are not listed either.
            #expect(!(try await Self.get(client, "/messages?status=all", token).1.contains("Bo Brown")))
        }
        #expect(try Self.handleEvents(f, "message", "msg-other").isEmpty)
        #expect(try Self.handleEvents(f, "refill", "ref-other").isEmpty)
        #expect(try await f.vault.store(practiceID: Self.otherPractice, context: .engine).handledMessages().isEmpty)
    }

    // MARK: - Audit filters

    /// The cells of one column (`data-label`) of a page's table, without markup.
    static func column(_ body: String, _ label: String) -> [String] {
        guard let table = body.range(of: "<tbody>") else { return [] }
        return body[table.upperBound...].components(separatedBy: "data-label=\"\(label)\">").dropFirst().map { cell in
            let content = cell.components(separatedBy: "</td>")[0]
            return content.replacingOccurrences(of: "<code>", with: "").replacingOccurrences(of: "</code>", with: "")
        }
    }

    @Test func auditFiltersByUserActionAndRecordType() async throws {
        let f = try await Self.fixture(); defer { f.remove() }
        let clinician = try await f.session(.clinician)
        let frontDesk = try await f.session(.frontDesk)
        let auditor = try await f.session(.auditor)
        try await f.app.test(.router) { client in
            _ = try await Self.get(client, "/calls/\(f.callID)", clinician)             // read call/<id> as the clinician
            let (_, inbox) = try await Self.get(client, "/messages", frontDesk)          // read message/* as the front desk
            _ = try await Self.post(client, "/messages/msg-1/handled", frontDesk, ["csrf": try #require(Web.csrf(inbox))])

            let (status, all) = try await Self.get(client, "/audit", auditor)
            #expect(status == .ok)
            // A GET form with a label for every filter.
            for (id, name) in [("since", "since"), ("until", "until"), ("user", "user"), ("action", "action"), ("type", "type")] {
                #expect(all.contains("<label for=\"\(id)\">"), "\(id)")
                #expect(all.contains("id=\"\(id)\"") && all.contains("name=\"\(name)\""), "\(id)")
            }
            #expect(all.contains("<form method=\"get\" action=\"/audit\""))
            #expect(Set(Self.column(all, "Who")).isSuperset(of: ["clinician@lakeview.example", "frontdesk@lakeview.example"]))

            let (_, byUser) = try await Self.get(client, "/audit?user=clinician%40lakeview.example", auditor)
            let who = Self.column(byUser, "Who")
            #expect(!who.isEmpty && who.allSatisfy { $0 == "clinician@lakeview.example" }, "\(who)")
            #expect(byUser.contains("<option value=\"clinician@lakeview.example\" selected>"))
            // Email case does not matter.
            #expect(Self.column(try await Self.get(client, "/audit?user=Clinician%40Lakeview.example", auditor).1, "Who") == who)

            let (_, byAction) = try await Self.get(client, "/audit?action=handle", auditor)
            #expect(Self.column(byAction, "Action") == ["handle"])
            #expect(Self.column(byAction, "Record") == ["message/msg-1"])
            #expect(Self.column(byAction, "Who") == ["frontdesk@lakeview.example"])
            #expect(byAction.contains("<option value=\"handle\" selected>"))

            let (_, byType) = try await Self.get(client, "/audit?type=message", auditor)
            let records = Self.column(byType, "Record")
            #expect(!records.isEmpty && records.allSatisfy { $0.hasPrefix("message/") }, "\(records)")
            #expect(records.contains("message/*") && records.contains("message/msg-1"))

            let (_, combined) = try await Self.get(client, "/audit?user=frontdesk%40lakeview.example&action=read&type=message", auditor)
            #expect(Self.column(combined, "Record") == ["message/*"])

            let (_, none) = try await Self.get(client, "/audit?user=nobody%40lakeview.example", auditor)
            #expect(none.contains("No events match these filters"))
            let (_, days) = try await Self.get(client, "/audit?since=2026-03-10&until=2026-03-10&type=call", auditor)
            #expect(Self.column(days, "Record").contains("call/\(f.callID)"))

            // Looking at the trail is on the trail: the views above were recorded as the auditor's.
            let (_, views) = try await Self.get(client, "/audit?user=auditor%40lakeview.example&type=audit_events", auditor)
            #expect(Self.column(views, "Action").count >= 2 && Self.column(views, "Action").allSatisfy { $0 == "read" })
        }
    }
}
