import Access
import Vault
import Foundation

/// The OpenAPI 3.0 description of the staff API, served at `GET /api/v1/openapi.json`.
///
/// Written out by hand as a table of operations (`operations`), independent of the router: a test
/// (`StaffAPITests`) checks that every route the router registers is documented and every documented path
/// is registered, and that each operation's `x-permission` is the permission the route enforces.
public enum StaffAPIDocument {
    /// One documented operation.
    public struct Operation: Sendable {
        public var method: String
        /// The path below the server URL (`/api/v1`), OpenAPI style: `/calls/{id}`.
        public var path: String
        /// The permission the route needs; nil for a public route.
        public var permission: Permission?
        public var summary: String
        var query: [Param] = []
        var body: String? = nil
        var ok: (code: String, schema: String)
        var errors: [String] = []
    }

    struct Param: Sendable { var name: String; var description: String; var required = false; var format: String? = nil }

    static let id = "Record id (letters, digits, `-_.:`; at most 128 characters)."

    /// Every operation of the API.
    public static let operations: [Operation] = [
        Operation(method: "get", path: "/openapi.json", permission: nil, summary: "This document.", ok: ("200", "Object")),
        Operation(method: "get", path: "/calls", permission: .viewCalls,
                  summary: "Calls, newest first: times (practice-local and UTC), caller number, outcomes; the staff summary with viewCallSummaries.",
                  query: [Param(name: "from", description: "First practice-local day (YYYY-MM-DD), inclusive.", format: "date"),
                          Param(name: "to", description: "Last practice-local day (YYYY-MM-DD), inclusive.", format: "date")],
                  ok: ("200", "CallList"), errors: ["400"]),
        Operation(method: "get", path: "/calls/{id}", permission: .viewCalls,
                  summary: "One call: outcome events; summary with viewCallSummaries; transcript only with viewTranscripts (omitted otherwise).",
                  ok: ("200", "CallDetail"), errors: ["400", "404"]),
        Operation(method: "get", path: "/appointments", permission: .viewAppointments,
                  summary: "Appointments whose start falls on the practice-local days from…to (inclusive; default today; at most 93 days).",
                  query: [Param(name: "from", description: "First day, YYYY-MM-DD (default today).", format: "date"),
                          Param(name: "to", description: "Last day, YYYY-MM-DD, inclusive (default from).", format: "date"),
                          Param(name: "provider", description: "Only this provider id.")],
                  ok: ("200", "AppointmentList"), errors: ["400"]),
        Operation(method: "post", path: "/appointments", permission: .manageAppointments,
                  summary: "Books an appointment (atomic conflict check). 409 when the slot is taken or not bookable.",
                  body: "NewAppointment", ok: ("201", "Appointment"), errors: ["400", "409", "413", "415"]),
        Operation(method: "post", path: "/appointments/{id}/reschedule", permission: .manageAppointments,
                  summary: "Moves an appointment atomically (the old time is released only if the new one is taken). 409 on conflict.",
                  body: "Reschedule", ok: ("200", "Appointment"), errors: ["400", "404", "409", "413", "415"]),
        Operation(method: "post", path: "/appointments/{id}/cancel", permission: .manageAppointments,
                  summary: "Cancels an appointment; its time is free again at once. 409 when already cancelled.",
                  ok: ("200", "Appointment"), errors: ["400", "404", "409"]),
        Operation(method: "get", path: "/messages", permission: .viewMessages, summary: "The message inbox.",
                  query: [Param(name: "status", description: "open, handled or all (default all).")],
                  ok: ("200", "MessageList"), errors: ["400"]),
        Operation(method: "post", path: "/messages/{id}/handled", permission: .handleMessages,
                  summary: "Marks a message handled (idempotent: the first mark stays).", ok: ("200", "Handled"), errors: ["400", "404"]),
        Operation(method: "get", path: "/refills", permission: .viewRefills, summary: "The refill-request queue.",
                  query: [Param(name: "status", description: "open, handled or all (default all).")],
                  ok: ("200", "RefillList"), errors: ["400"]),
        Operation(method: "post", path: "/refills/{id}/handled", permission: .handleRefills,
                  summary: "Marks a refill request handled (idempotent).", ok: ("200", "Handled"), errors: ["400", "404"]),
        Operation(method: "get", path: "/patients", permission: .searchPatients,
                  summary: "Finds patients by phone number, or by name and date of birth (exact, through blind indexes).",
                  query: [Param(name: "phone", description: "Phone number, 7–15 digits (encode + as %2B)."),
                          Param(name: "name", description: "Full name (with dob)."),
                          Param(name: "dob", description: "Date of birth, YYYY-MM-DD (with name).", format: "date")],
                  ok: ("200", "PatientList"), errors: ["400"]),
        Operation(method: "get", path: "/patients/{id}/export", permission: .exportPatients,
                  summary: "Everything held about the patient (right of access), as `frontdesk patient export` writes it. Audited as export events.",
                  ok: ("200", "Object"), errors: ["400", "404", "409"]),
        Operation(method: "post", path: "/patients/{id}/erase", permission: .erasePatients,
                  summary: "Erases the patient (crypto-shredding) with their calls, messages, refill requests, leads and consents; upcoming appointments stay as de-identified busy slots. Body {\"confirm\": true}. 409 when other patients share the identifiers.",
                  body: "Erase", ok: ("200", "EraseReport"), errors: ["400", "404", "409", "413", "415"]),
        Operation(method: "get", path: "/audit", permission: .viewAudit,
                  summary: "The practice's audit events in [since, until) (default the last 24 hours; at most 10 000, `truncated` says when more).",
                  query: [Param(name: "since", description: "YYYY-MM-DD (practice-local midnight) or ISO 8601 time with Z or an offset; inclusive."),
                          Param(name: "until", description: "As since; exclusive.")],
                  ok: ("200", "AuditList"), errors: ["400"]),
    ]

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }
    static func string(_ description: String? = nil, format: String? = nil, nullable: Bool = false) -> [String: Any] {
        var s: [String: Any] = ["type": "string"]
        if let description { s["description"] = description }
        if let format { s["format"] = format }
        if nullable { s["nullable"] = true }
        return s
    }
    static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }
    static func array(_ items: [String: Any]) -> [String: Any] { ["type": "array", "items": items] }

    static let localTime = "Practice-local time, YYYY-MM-DDTHH:MM."
    static var handledFields: [String: Any] { ["handled": ["type": "boolean"], "handledAt": string("UTC, ISO 8601.", format: "date-time"),
                                               "handledBy": string("Audit actor: user:<id> or token:<id>.")] }

    static var schemas: [String: Any] {
        let unreadable = array(object(["resourceType": string(), "id": string()], required: ["resourceType", "id"]))
        let call: [String: Any] = ["id": string(), "started": string(localTime), "ended": string(localTime),
                                   "startedAt": string(format: "date-time"), "endedAt": string(format: "date-time"),
                                   "caller": string("Caller ID, E.164."), "outcomes": array(string()),
                                   "summary": string("Staff summary; only with viewCallSummaries.")]
        var detail = call
        detail["patientId"] = string()
        detail["events"] = array(object(["outcome": string(), "turn": ["type": "integer"], "appointmentId": string()], required: ["outcome", "turn"]))
        detail["transcript"] = array(object(["speaker": string(), "text": string(), "at": string(format: "date-time")], required: ["speaker", "text", "at"]))
        let appointment: [String: Any] = ["id": string(), "patientId": string(), "type": string(), "provider": string(),
                                          "start": string(localTime), "end": string(localTime), "minutes": ["type": "integer"],
                                          "status": ["type": "string", "enum": ["booked", "confirmed", "cancelled"]]]
        var message: [String: Any] = ["id": string(), "callerName": string(), "callbackNumber": string(), "reason": string(),
                                      "created": string(localTime), "createdAt": string(format: "date-time")]
        message.merge(handledFields) { a, _ in a }
        var refill: [String: Any] = ["id": string(), "patientId": string(), "callerName": string(), "callbackNumber": string(),
                                     "medication": string(), "pharmacy": string(), "created": string(localTime), "createdAt": string(format: "date-time")]
        refill.merge(handledFields) { a, _ in a }
        let patient: [String: Any] = ["id": string(), "name": string(), "dateOfBirth": string(format: "date"), "phone": string(),
                                      "species": string(), "owner": string()]
        let event: [String: Any] = ["seq": ["type": "integer"], "at": string(format: "date-time"), "actor": string(), "action": string(),
                                    "resourceType": string(), "resourceId": string(), "channel": string(), "outcome": string(), "hash": string()]
        let int: [String: Any] = ["type": "integer"]
        return [
            "Object": ["type": "object"],
            "Error": object(["error": string("bad_request, unauthorized, forbidden, not_found, conflict…"), "reason": string()], required: ["error", "reason"]),
            "CallList": object(["calls": array(object(call, required: ["id", "started", "startedAt", "outcomes"])), "unreadable": unreadable], required: ["calls", "unreadable"]),
            "CallDetail": object(detail, required: ["id", "started", "startedAt", "outcomes", "events"]),
            "Appointment": object(appointment, required: ["id", "provider", "start", "end", "minutes", "status"]),
            "AppointmentList": object(["from": string(format: "date"), "to": string(format: "date"), "appointments": array(ref("Appointment"))],
                                      required: ["from", "to", "appointments"]),
            "NewAppointment": object(["type": string("Appointment type id of the practice profile."), "provider": string("Provider id."),
                                      "start": string(localTime), "patientId": string()], required: ["type", "provider", "start"]),
            "Reschedule": object(["start": string(localTime), "provider": string("Provider id (default: the current one).")], required: ["start"]),
            "MessageList": object(["messages": array(object(message, required: ["id", "reason", "created", "createdAt", "handled"])), "unreadable": unreadable],
                                  required: ["messages", "unreadable"]),
            "RefillList": object(["refills": array(object(refill, required: ["id", "created", "createdAt", "handled"])), "unreadable": unreadable],
                                 required: ["refills", "unreadable"]),
            "Handled": object(["id": string(), "handled": ["type": "boolean"], "handledAt": string(format: "date-time"), "handledBy": string()],
                              required: ["id", "handled", "handledAt", "handledBy"]),
            "PatientList": object(["patients": array(object(patient, required: ["id", "name"])), "unreadable": unreadable], required: ["patients", "unreadable"]),
            "Erase": object(["confirm": ["type": "boolean", "enum": [true]]], required: ["confirm"]),
            "EraseReport": object(["patients": int, "appointmentsDeleted": int, "appointmentsKeptAsBusy": int, "calls": int, "messages": int,
                                   "refills": int, "leads": int, "consents": int, "dataKeys": int], required: ["patients"]),
            "AuditList": object(["since": string(format: "date-time"), "until": string(format: "date-time"), "truncated": ["type": "boolean"],
                                 "events": array(object(event, required: ["seq", "at", "actor", "action", "resourceType", "resourceId", "channel", "outcome", "hash"]))],
                                required: ["since", "truncated", "events"]),
        ]
    }

    static let statusText: [String: String] = [
        "200": "OK", "201": "Created", "400": "Invalid argument (the reason says which).", "401": "No valid credential.",
        "403": "The role lacks the permission, or (cookie) the CSRF token is missing or wrong.",
        "404": "No such record in this practice.", "409": "Conflict.", "413": "Body too large.", "415": "Body is not application/json.",
    ]

    static var document: [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for op in operations {
            var o: [String: Any] = ["summary": op.summary, "operationId": "\(op.method)\(op.path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""))"]
            var params: [[String: Any]] = []
            if op.path.contains("{id}") {
                params.append(["name": "id", "in": "path", "required": true, "description": id, "schema": ["type": "string"]])
            }
            for q in op.query {
                var schema: [String: Any] = ["type": "string"]
                if let f = q.format { schema["format"] = f }
                params.append(["name": q.name, "in": "query", "required": q.required, "description": q.description, "schema": schema])
            }
            if !params.isEmpty { o["parameters"] = params }
            if let b = op.body { o["requestBody"] = ["required": true, "content": ["application/json": ["schema": ref(b)]]] }
            var responses: [String: Any] = [op.ok.code: ["description": statusText[op.ok.code] ?? "OK",
                                                         "content": ["application/json": ["schema": ref(op.ok.schema)]]]]
            let errors = op.permission == nil ? op.errors : op.errors + ["401", "403"]
            for e in errors {
                responses[e] = ["description": statusText[e] ?? "Error", "content": ["application/json": ["schema": ref("Error")]]]
            }
            o["responses"] = responses
            if let p = op.permission {
                o["x-permission"] = p.rawValue
                o["x-roles"] = UserRole.allCases.filter { $0.can(p) }.map(\.rawValue)
            } else {
                o["security"] = [[String: Any]]()
            }
            paths[op.path, default: [:]][op.method] = o
        }
        return [
            "openapi": "3.0.3",
            "info": ["title": "FrontDesk staff API", "version": "1",
                     "description": "Calls, appointments, messages, refill requests, patients and the audit trail of one practice. Every PHI read or write is audited as the calling user or token. See docs/api.md."],
            "servers": [["url": "/api/v1"]],
            "security": [["bearer": [String]()], ["session": [String]()]],
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "description": "An API token (fdt_…) from `frontdesk token create`."],
                    "session": ["type": "apiKey", "in": "cookie", "name": StaffAPI.sessionCookie,
                                "description": "The dashboard's session. POST needs the X-CSRF-Token header too."],
                ],
                "schemas": schemas,
            ],
            "paths": paths,
        ]
    }

    /// The document, serialised once (sorted keys).
    public static let json: Data = {
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }()
}
