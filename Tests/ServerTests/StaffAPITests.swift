import Access
import Foundation
import FrontDeskCore
import Hummingbird
import HummingbirdTesting
import Server
import Testing
import Vault

/// A vault with two practices' records (A: lakeview-dental, the API's; B: another practice), one user and API
/// token per role in practice A, and the staff API over practice A.
final class StaffAPIFixture: @unchecked Sendable {
    static let practiceA = "lakeview-dental"
    static let practiceB = "other-practice"
    // 2026-03-10T16:00Z = Tuesday 11:00 in Chicago (CDT).
    static let now = Date(timeIntervalSince1970: 1_773_158_400)

    let root: URL
    let vault: Vault
    let clock = FixedClock(StaffAPIFixture.now)
    let api: StaffAPI
    var tokens: [UserRole: String] = [:]
    var tokenIDs: [UserRole: String] = [:]
    var userIDs: [UserRole: String] = [:]

    // Practice A's records.
    let patientA = "pat-a1", callA = "call-a1", apptA = "appt-a1", messageA = "msg-a1", refillA = "ref-a1"
    // Practice B's records.
    let patientB = "pat-b1", callB = "call-b1", apptB = "appt-b1", messageB = "msg-b1", refillB = "ref-b1"

    var storeA: VaultStore { vault.store(practiceID: Self.practiceA, context: .engine) }

    init() async throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("api-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let keyFile = root.appendingPathComponent("secrets/frontdesk.key").path
        try KeyRing.create(path: keyFile, now: clock.now())
        vault = try Vault.open(directory: root.appendingPathComponent("data").path, keyFile: keyFile, clock: clock)
        let hasher = PasswordHasher(cost: 4)
        let auth = Authenticator(store: vault.store(practiceID: Self.practiceA, context: .engine), clock: clock, hasher: hasher)
        api = StaffAPI(store: vault.store(practiceID: Self.practiceA, context: .engine), authenticator: auth,
                       profile: Fixtures.dental, clock: clock)
        let accounts = StaffAccounts(store: vault.store(practiceID: Self.practiceA, context: .cli), clock: clock, hasher: hasher)
        for role in UserRole.allCases {
            let email = "\(role.rawValue.replacingOccurrences(of: "_", with: "-"))@lakeview.example"
            let account = try await accounts.add(email: email, role: role)
            let (token, record) = try await accounts.createToken(email: email, name: "tests")
            tokens[role] = token; tokenIDs[role] = record.id; userIDs[role] = account.user.id
        }
        try await seed(Self.practiceA, patient: patientA, call: callA, appt: apptA, message: messageA, refill: refillA,
                       name: "Ana Alvarez", phone: "+13125550101")
        try await seed(Self.practiceB, patient: patientB, call: callB, appt: apptB, message: messageB, refill: refillB,
                       name: "Bo Brown", phone: "+13125550202")
    }

    private func seed(_ practice: String, patient: String, call: String, appt: String, message: String, refill: String,
                      name: String, phone: String) async throws {
        let s = vault.store(practiceID: practice, context: .engine)
        try await s.upsert(patient: Patient(id: patient, practiceID: practice, name: name,
                                            dateOfBirth: LocalDate(year: 1980, month: 4, day: 2), phone: phone))
        let t = Self.now.addingTimeInterval(-3600)
        try await s.begin(call: CallRecord(id: call, practiceID: practice, patientID: patient, callerNumber: phone, startedAt: t,
                                           transcript: [TranscriptEntry(speaker: "caller", text: "my tooth hurts since Sunday", at: t)]))
        try await s.finish(call: call, endedAt: t.addingTimeInterval(120), patientID: patient,
                           summary: "Booked a filling for Thursday 09:00.", outcomes: [.booked])
        try await s.insert(Appointment(id: appt, practiceID: practice, patientID: patient, typeID: "filling", providerID: "dr-okonkwo",
                                       start: LocalDateTime(iso: "2026-03-12T09:00")!, minutes: 60))
        try await s.save(message: StaffMessage(id: message, practiceID: practice, callerName: name, callbackNumber: phone,
                                               reason: .billing, createdAt: t))
        try await s.save(refill: RefillRequest(id: refill, practiceID: practice, patientID: patient, callerName: name, callbackNumber: phone,
                                               medication: "amoxicillin", pharmacy: "Corner Pharmacy", createdAt: t))
    }

    func remove() { try? vault.close(); try? FileManager.default.removeItem(at: root) }

    func events() throws -> [AuditEvent] { try vault.auditEvents() }
}

/// One HTTP exchange's outcome.
struct APIResult: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var body: Data
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
}

extension StaffAPIFixture {
    /// Sends requests to the API's router.
    func send(_ requests: [(method: HTTPRequest.Method, uri: String, headers: HTTPFields, body: String?)]) async throws -> [APIResult] {
        let app = Application(router: api.router())
        return try await app.test(.router) { client in
            var out: [APIResult] = []
            for r in requests {
                var headers = r.headers
                if r.body != nil, headers[.contentType] == nil { headers[.contentType] = "application/json" }
                let res = try await client.execute(uri: r.uri, method: r.method, headers: headers,
                                                   body: r.body.map { ByteBuffer(string: $0) })
                out.append(APIResult(status: res.status, headers: res.headers, body: Data(res.body.readableBytesView)))
            }
            return out
        }
    }

    func send(_ method: HTTPRequest.Method, _ uri: String, role: UserRole?, body: String? = nil, headers: HTTPFields = [:]) async throws -> APIResult {
        var h = headers
        if let role { h[.authorization] = "Bearer \(tokens[role]!)" }
        return try await send([(method, uri, h, body)])[0]
    }
}

/// A route of the API with the permission it must need (written out here, apart from the code), and a
/// request that succeeds for a role holding it.
struct RouteCase: Sendable, CustomStringConvertible {
    var method: HTTPRequest.Method
    var template: String
    var permission: Permission?
    var uri: @Sendable (StaffAPIFixture) -> String
    var body: String? = nil
    var description: String { "\(method) \(template)" }
}

/// Every route, in an order where each request still finds its record (reschedule before cancel, export
/// before erase).
let routeCases: [RouteCase] = [
    RouteCase(method: .get, template: "/api/v1/openapi.json", permission: nil, uri: { _ in "/api/v1/openapi.json" }),
    RouteCase(method: .get, template: "/api/v1/calls", permission: .viewCalls, uri: { _ in "/api/v1/calls" }),
    RouteCase(method: .get, template: "/api/v1/calls/{id}", permission: .viewCalls, uri: { "/api/v1/calls/\($0.callA)" }),
    RouteCase(method: .get, template: "/api/v1/appointments", permission: .viewAppointments,
              uri: { _ in "/api/v1/appointments?from=2026-03-10&to=2026-03-13" }),
    RouteCase(method: .post, template: "/api/v1/appointments", permission: .manageAppointments, uri: { _ in "/api/v1/appointments" },
              body: #"{"type":"cleaning","provider":"hyg-ramirez","start":"2026-03-11T10:00"}"#),
    RouteCase(method: .post, template: "/api/v1/appointments/{id}/reschedule", permission: .manageAppointments,
              uri: { "/api/v1/appointments/\($0.apptA)/reschedule" }, body: #"{"start":"2026-03-12T13:00"}"#),
    RouteCase(method: .post, template: "/api/v1/appointments/{id}/cancel", permission: .manageAppointments,
              uri: { "/api/v1/appointments/\($0.apptA)/cancel" }),
    RouteCase(method: .get, template: "/api/v1/messages", permission: .viewMessages, uri: { _ in "/api/v1/messages" }),
    RouteCase(method: .post, template: "/api/v1/messages/{id}/handled", permission: .handleMessages, uri: { "/api/v1/messages/\($0.messageA)/handled" }),
    RouteCase(method: .get, template: "/api/v1/refills", permission: .viewRefills, uri: { _ in "/api/v1/refills?status=open" }),
    RouteCase(method: .post, template: "/api/v1/refills/{id}/handled", permission: .handleRefills, uri: { "/api/v1/refills/\($0.refillA)/handled" }),
    RouteCase(method: .get, template: "/api/v1/patients", permission: .searchPatients, uri: { _ in "/api/v1/patients?phone=%2B13125550101" }),
    RouteCase(method: .get, template: "/api/v1/patients/{id}/export", permission: .exportPatients, uri: { "/api/v1/patients/\($0.patientA)/export" }),
    RouteCase(method: .post, template: "/api/v1/patients/{id}/erase", permission: .erasePatients, uri: { "/api/v1/patients/\($0.patientA)/erase" },
              body: #"{"confirm":true}"#),
    RouteCase(method: .get, template: "/api/v1/audit", permission: .viewAudit, uri: { _ in "/api/v1/audit?since=2026-03-09" }),
]

@Suite("Staff JSON API", .serialized)
struct StaffAPITests {
    static let principals: [UserRole?] = UserRole.allCases.map { Optional($0) } + [nil]

    @Test("authorization matrix: every route × every role and anonymous", arguments: principals)
    func matrix(role: UserRole?) async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        for c in routeCases {
            let r = try await f.send(c.method, c.uri(f), role: role, body: c.body)
            let name = "\(role?.rawValue ?? "anonymous") \(c)"
            if let p = c.permission {
                if let role, role.can(p) {
                    #expect((200..<300).contains(r.status.code), "\(name): \(r.status.code) \(String(decoding: r.body, as: UTF8.self))")
                } else if role == nil {
                    #expect(r.status == .unauthorized, "\(name): \(r.status.code)")
                    #expect(r.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true, "\(name)")
                    #expect(r.json["error"] as? String == "unauthorized")
                } else {
                    #expect(r.status == .forbidden, "\(name): \(r.status.code)")
                    #expect(r.json["error"] as? String == "forbidden")
                }
            } else {
                #expect(r.status == .ok, "\(name): \(r.status.code)")
            }
        }
    }

    @Test("an invalid or malformed credential is a 401")
    func badCredentials() async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        let results = try await f.send([
            (.get, "/api/v1/calls", [.authorization: "Bearer fdt_0000"], nil),
            (.get, "/api/v1/calls", [.authorization: "Basic dXNlcjpwYXNz"], nil),
            (.get, "/api/v1/calls", [.cookie: "frontdesk_session=fds_nope"], nil),
        ])
        for r in results {
            #expect(r.status == .unauthorized)
            #expect(r.headers[.wwwAuthenticate] != nil)
        }
        // A revoked token stops working.
        try await f.vault.store(practiceID: StaffAPIFixture.practiceA, context: .cli).revokeAPIToken(id: f.tokenIDs[.owner]!)
        #expect(try await f.send(.get, "/api/v1/calls", role: .owner).status == .unauthorized)
    }

    @Test("a user of practice A gets 404 for practice B's ids, and never sees B's records in lists")
    func crossPractice() async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        let probes: [(HTTPRequest.Method, String, String?)] = [
            (.get, "/api/v1/calls/\(f.callB)", nil),
            (.post, "/api/v1/appointments/\(f.apptB)/reschedule", #"{"start":"2026-03-12T13:00"}"#),
            (.post, "/api/v1/appointments/\(f.apptB)/cancel", nil),
            (.post, "/api/v1/messages/\(f.messageB)/handled", nil),
            (.post, "/api/v1/refills/\(f.refillB)/handled", nil),
            (.get, "/api/v1/patients/\(f.patientB)/export", nil),
            (.post, "/api/v1/patients/\(f.patientB)/erase", #"{"confirm":true}"#),
            (.get, "/api/v1/calls/call-does-not-exist", nil),
        ]
        for (method, uri, body) in probes {
            let r = try await f.send(method, uri, role: .owner, body: body)
            #expect(r.status == .notFound, "\(method) \(uri): \(r.status.code)")
            #expect(r.json["error"] as? String == "not_found")
        }
        let unknown = try await f.send(.get, "/api/v1/calls/call-does-not-exist", role: .owner)
        let foreign = try await f.send(.get, "/api/v1/calls/\(f.callB)", role: .owner)
        #expect(unknown.body == foreign.body)
        // Lists hold A's records only.
        for uri in ["/api/v1/calls", "/api/v1/messages", "/api/v1/refills", "/api/v1/appointments?from=2026-03-12", "/api/v1/patients?phone=%2B13125550202"] {
            let text = String(decoding: try await f.send(.get, uri, role: .owner).body, as: UTF8.self)
            for id in [f.callB, f.messageB, f.refillB, f.apptB, f.patientB] { #expect(!text.contains(id), "\(uri) leaks \(id)") }
        }
        // B's records were left as they were.
        let b = f.vault.store(practiceID: StaffAPIFixture.practiceB, context: .cli)
        #expect(try await b.appointment(id: f.apptB)?.status == .booked)
        #expect(try await b.handledMessages().isEmpty)
        #expect(try await b.patient(id: f.patientB) != nil)
        // The audit trail (owner) shows practice A's events only.
        let audit = try await f.send(.get, "/api/v1/audit?since=2026-03-01", role: .owner).json
        let practices = Set(((audit["events"] as? [[String: Any]]) ?? []).compactMap { $0["resourceId"] as? String })
        #expect(!practices.contains(f.callB))
    }

    @Test("front desk sees summaries but no transcript; clinicians see the transcript; the auditor sees no call")
    func transcripts() async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        let frontDesk = try await f.send(.get, "/api/v1/calls/\(f.callA)", role: .frontDesk)
        #expect(frontDesk.status == .ok)
        #expect(frontDesk.json["transcript"] == nil)
        #expect(frontDesk.json["summary"] as? String == "Booked a filling for Thursday 09:00.")
        #expect(!String(decoding: frontDesk.body, as: UTF8.self).contains("tooth hurts"))
        #expect(frontDesk.json["started"] as? String == "2026-03-10T10:00")   // practice-local (CDT)
        let clinician = try await f.send(.get, "/api/v1/calls/\(f.callA)", role: .clinician)
        let lines = clinician.json["transcript"] as? [[String: Any]]
        #expect(lines?.first?["text"] as? String == "my tooth hurts since Sunday")
        let list = try await f.send(.get, "/api/v1/calls", role: .frontDesk)
        #expect(!String(decoding: list.body, as: UTF8.self).contains("tooth hurts"))
        #expect(try await f.send(.get, "/api/v1/calls/\(f.callA)", role: .auditor).status == .forbidden)
    }

    @Test("every PHI read and write under the API is audited as the token's user, with the channel")
    func audited() async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        let before = try f.events().count
        let token = "token:\(f.tokenIDs[.frontDesk]!)"
        _ = try await f.send(.get, "/api/v1/calls/\(f.callA)", role: .frontDesk)
        _ = try await f.send(.get, "/api/v1/calls", role: .frontDesk)
        _ = try await f.send(.get, "/api/v1/messages", role: .frontDesk)
        _ = try await f.send(.get, "/api/v1/patients?name=Ana%20Alvarez&dob=1980-04-02", role: .frontDesk)
        _ = try await f.send(.get, "/api/v1/appointments?from=2026-03-12", role: .frontDesk)
        _ = try await f.send(.post, "/api/v1/messages/\(f.messageA)/handled", role: .frontDesk)
        _ = try await f.send(.get, "/api/v1/refills", role: .clinician)
        _ = try await f.send(.get, "/api/v1/patients/\(f.patientA)/export", role: .admin)
        let events = Array(try f.events().dropFirst(before))
        func has(_ actor: String, _ action: String, _ type: String, _ id: String) -> Bool {
            events.contains { $0.actor == actor && $0.action == action && $0.resourceType == type && $0.resourceID == id && $0.outcome == "success" }
        }
        #expect(has(token, "read", "call", f.callA))
        #expect(has(token, "read", "call", "*"))
        #expect(has(token, "read", "message", "*"))
        #expect(has(token, "read", "patient", "lookup:name-dob"))
        #expect(has(token, "read", "appointment", "range:2026-03-12/2026-03-12"))
        #expect(has(token, VaultStore.handledAction, "message", f.messageA))
        #expect(has("token:\(f.tokenIDs[.clinician]!)", "read", "refill", "*"))
        #expect(has("token:\(f.tokenIDs[.admin]!)", "export", "patient", f.patientA))
        #expect(has("token:\(f.tokenIDs[.admin]!)", "export", "call", f.callA))
        // Nobody else acted during those requests, and the channel is set.
        #expect(events.allSatisfy { $0.actor.hasPrefix("token:") })
        #expect(events.allSatisfy { !$0.channel.isEmpty })
        // The handled mark names the user's token.
        let messages = try await f.send(.get, "/api/v1/messages?status=handled", role: .frontDesk).json["messages"] as? [[String: Any]]
        #expect(messages?.first?["handledBy"] as? String == token)
        #expect(try await f.send(.get, "/api/v1/messages?status=open", role: .frontDesk).json["messages"] as? [Any] != nil)
        #expect((try await f.send(.get, "/api/v1/messages?status=open", role: .frontDesk).json["messages"] as? [Any])?.isEmpty == true)
    }

    @Test("cookie sessions: reads work, unsafe methods need the CSRF token; audited as user:<id>")
    func csrf() async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        let store = f.vault.store(practiceID: StaffAPIFixture.practiceA, context: .cli)
        let (session, _) = try await store.createSession(userID: f.userIDs[.frontDesk]!, lifetime: 900, ip: nil, userAgent: "TestBrowser/1")
        let cookie = "\(StaffAPI.sessionCookie)=\(session)"
        let csrf = f.api.csrf.token(forSession: session)
        let handled = "/api/v1/messages/\(f.messageA)/handled"
        let ua = "TestBrowser/1"
        let results = try await f.send([
            (.get, "/api/v1/messages", [.cookie: cookie, .userAgent: ua], nil),
            (.post, handled, [.cookie: cookie, .userAgent: ua], nil),
            (.post, handled, [.cookie: cookie, .userAgent: ua, .init("X-CSRF-Token")!: "wrong"], nil),
            (.post, handled, [.cookie: cookie, .userAgent: ua, .init("X-CSRF-Token")!: f.api.csrf.token(forSession: "fds_other")], nil),
            (.post, handled, [.cookie: cookie, .userAgent: ua, .init("X-CSRF-Token")!: csrf, .init("Sec-Fetch-Site")!: "cross-site"], nil),
            (.post, handled, [.cookie: cookie, .userAgent: "OtherBrowser/2", .init("X-CSRF-Token")!: csrf], nil),
        ])
        #expect(results[0].status == .ok)
        #expect(results[1].status == .forbidden)
        #expect(results[2].status == .forbidden)
        #expect(results[3].status == .forbidden)
        #expect(results[4].status == .forbidden)
        #expect(results[5].status == .unauthorized)   // another browser: the session ends
        #expect(try await store.handledMessages().isEmpty)

        let (session2, _) = try await store.createSession(userID: f.userIDs[.frontDesk]!, lifetime: 900, ip: nil, userAgent: nil)
        let ok = try await f.send([(.post, handled, [.cookie: "\(StaffAPI.sessionCookie)=\(session2)",
                                                     .init("X-CSRF-Token")!: f.api.csrf.token(forSession: session2)], nil)])[0]
        #expect(ok.status == .ok)
        #expect(ok.json["handledBy"] as? String == "user:\(f.userIDs[.frontDesk]!)")
        #expect(try f.events().contains { $0.actor == "user:\(f.userIDs[.frontDesk]!)" && $0.action == "read" && $0.resourceType == "message" })
        // A bearer token needs no CSRF token even with a cookie present.
        let bearer = try await f.send(.post, "/api/v1/refills/\(f.refillA)/handled", role: .clinician, headers: [.cookie: cookie])
        #expect(bearer.status == .ok)
    }

    @Test("arguments are validated: 400 with a reason, 409 on a booking conflict")
    func validation() async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        let bad: [(HTTPRequest.Method, String, String?)] = [
            (.get, "/api/v1/appointments?from=2026-13-01", nil),
            (.get, "/api/v1/appointments?from=2026-03-10&to=2026-03-01", nil),
            (.get, "/api/v1/appointments?from=2026-01-01&to=2026-12-31", nil),
            (.get, "/api/v1/appointments?provider=dr-nobody", nil),
            (.get, "/api/v1/calls?bogus=1", nil),
            (.get, "/api/v1/calls?from=yesterday", nil),
            (.get, "/api/v1/messages?status=maybe", nil),
            (.get, "/api/v1/patients", nil),
            (.get, "/api/v1/patients?phone=12", nil),
            (.get, "/api/v1/patients?phone=%2B13125550101&name=Ana&dob=1980-04-02", nil),
            (.get, "/api/v1/patients?name=Ana%20Alvarez&dob=2099-01-01", nil),
            (.get, "/api/v1/patients?name=&dob=1980-04-02", nil),
            (.get, "/api/v1/audit?since=2026-03-10T10:00", nil),
            (.get, "/api/v1/audit?since=2026-03-10&until=2026-03-09", nil),
            (.get, "/api/v1/calls/bad%20id", nil),
            (.post, "/api/v1/appointments", #"{"type":"cleaning","provider":"hyg-ramirez"}"#),
            (.post, "/api/v1/appointments", #"{"type":"root-canal","provider":"hyg-ramirez","start":"2026-03-11T10:00"}"#),
            (.post, "/api/v1/appointments", #"{"type":"filling","provider":"hyg-ramirez","start":"2026-03-11T10:00"}"#),
            (.post, "/api/v1/appointments", #"{"type":"cleaning","provider":"hyg-ramirez","start":"tomorrow"}"#),
            (.post, "/api/v1/appointments", #"{"type":"cleaning","provider":"hyg-ramirez","start":"2026-03-11T10:00","patientId":"pat-b1"}"#),
            (.post, "/api/v1/appointments", "not json"),
            (.post, "/api/v1/patients/\(f.patientA)/erase", #"{"confirm":false}"#),
        ]
        for (method, uri, body) in bad {
            let r = try await f.send(method, uri, role: .owner, body: body)
            #expect(r.status == .badRequest, "\(method) \(uri) \(body ?? ""): \(r.status.code)")
            #expect((r.json["reason"] as? String)?.isEmpty == false)
        }
        let noJSON = try await f.send(.post, "/api/v1/appointments", role: .owner, body: "{}", headers: [.contentType: "text/plain"])
        #expect(noJSON.status == .unsupportedMediaType)
        let book = #"{"type":"cleaning","provider":"hyg-ramirez","start":"2026-03-11T10:00","patientId":"pat-a1"}"#
        let first = try await f.send(.post, "/api/v1/appointments", role: .frontDesk, body: book)
        #expect(first.status == .created)
        #expect(first.json["start"] as? String == "2026-03-11T10:00")
        #expect(first.json["end"] as? String == "2026-03-11T11:00")
        let second = try await f.send(.post, "/api/v1/appointments", role: .frontDesk, body: book)
        #expect(second.status == .conflict)
        let past = try await f.send(.post, "/api/v1/appointments", role: .frontDesk,
                                    body: #"{"type":"cleaning","provider":"hyg-ramirez","start":"2026-03-09T10:00"}"#)
        #expect(past.status == .conflict)
        // Moving onto the new booking conflicts; the appointment keeps its time.
        let move = try await f.send(.post, "/api/v1/appointments/\(f.apptA)/reschedule", role: .frontDesk,
                                    body: #"{"start":"2026-03-11T10:00","provider":"hyg-ramirez"}"#)
        #expect(move.status == .badRequest)   // the hygienist does not do fillings
        #expect(try await f.send(.post, "/api/v1/appointments/\(f.apptA)/cancel", role: .frontDesk).status == .ok)
        #expect(try await f.send(.post, "/api/v1/appointments/\(f.apptA)/cancel", role: .frontDesk).status == .conflict)
    }

    @Test("erasure removes the patient and their records; the export holds them before")
    func exportAndErase() async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        let export = try await f.send(.get, "/api/v1/patients/\(f.patientA)/export", role: .owner)
        let text = String(decoding: export.body, as: UTF8.self)
        #expect(text.contains("Ana Alvarez") && text.contains("amoxicillin") && text.contains(f.callA))
        let erase = try await f.send(.post, "/api/v1/patients/\(f.patientA)/erase", role: .owner, body: #"{"confirm":true}"#)
        #expect(erase.status == .ok)
        #expect(erase.json["patients"] as? Int == 1)
        #expect(erase.json["calls"] as? Int == 1)
        #expect(try await f.send(.get, "/api/v1/calls/\(f.callA)", role: .owner).status == .notFound)
        #expect(try await f.send(.get, "/api/v1/patients/\(f.patientA)/export", role: .owner).status == .notFound)
    }

    @Test("the OpenAPI document lists exactly the registered routes, with their permissions")
    func openAPI() async throws {
        let f = try await StaffAPIFixture()
        defer { f.remove() }
        let registered = Set(f.api.router().routes.map { "\($0.method.rawValue) \($0.path)" })
        let doc = try #require(try JSONSerialization.jsonObject(with: StaffAPIDocument.json) as? [String: Any])
        #expect(doc["openapi"] as? String == "3.0.3")
        let paths = try #require(doc["paths"] as? [String: [String: Any]])
        var documented = Set<String>()
        var permissions: [String: String] = [:]
        for (path, ops) in paths {
            for (method, op) in ops {
                let key = "\(method.uppercased()) /api/v1\(path)"
                documented.insert(key)
                if let p = (op as? [String: Any])?["x-permission"] as? String { permissions[key] = p }
            }
        }
        #expect(registered == documented, "registered but undocumented: \(registered.subtracting(documented)); documented but not registered: \(documented.subtracting(registered))")
        // This test's own route table covers them all too, with the same permissions.
        let cases = Set(routeCases.map { "\($0.method.rawValue) \($0.template)" })
        #expect(cases == registered)
        for c in routeCases { #expect(permissions["\(c.method.rawValue) \(c.template)"] == c.permission?.rawValue, "\(c)") }
        // Served as JSON without credentials.
        let served = try await f.send(.get, "/api/v1/openapi.json", role: nil)
        #expect(served.status == .ok)
        #expect(served.body == StaffAPIDocument.json)
    }
}
