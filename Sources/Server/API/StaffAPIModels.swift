import Access
import Foundation
import FrontDeskCore
import Hummingbird
import Vault

/// A refusal of the staff API: an HTTP status and a reason, answered as JSON
/// (`{"error": "bad_request", "reason": "…"}`). Reasons never hold PHI: they name parameters, not values.
public struct StaffAPIError: HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    /// Why, for people and logs (no PHI).
    public var reason: String

    public init(_ status: HTTPResponse.Status, _ reason: String) { self.status = status; self.reason = reason }

    /// 400: an argument is missing or malformed.
    public static func badRequest(_ reason: String) -> Self { .init(.badRequest, reason) }
    /// 401: no valid credential.
    public static let unauthorized = Self(.unauthorized, "a valid API token (Authorization: Bearer) or session cookie is required")
    /// 403: the role lacks the route's permission.
    public static func forbidden(_ permission: Permission) -> Self { .init(.forbidden, "your role does not have the \(permission.rawValue) permission") }
    /// 404: no such record in this practice (the same for another practice's id).
    public static func notFound(_ what: String) -> Self { .init(.notFound, "no such \(what)") }
    /// 409: the booking conflicts, or the record's state forbids the change.
    public static func conflict(_ reason: String) -> Self { .init(.conflict, reason) }

    /// The short machine-readable code: `bad_request`, `unauthorized`, `forbidden`, `not_found`, `conflict`…
    public var code: String {
        switch status.code {
        case 400: return "bad_request"
        case 401: return "unauthorized"
        case 403: return "forbidden"
        case 404: return "not_found"
        case 405: return "method_not_allowed"
        case 409: return "conflict"
        case 413: return "payload_too_large"
        case 415: return "unsupported_media_type"
        default: return status.code >= 500 ? "internal_error" : "error"
        }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var r = StaffJSON.response(status, ["error": code, "reason": reason] as [String: String])
        if status == .unauthorized { r.headers[.wwwAuthenticate] = "Bearer realm=\"frontdesk\"" }
        return r
    }
}

/// JSON encoding for the staff API: sorted keys, no-store caching.
enum StaffJSON {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    static func response(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return response(status, data: data)
    }

    static func response(_ status: HTTPResponse.Status, data: Data) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

// MARK: - Response bodies

/// A call in the list.
struct CallItem: Encodable {
    var id: String
    /// Practice-local `YYYY-MM-DDTHH:MM`.
    var started: String
    var ended: String?
    /// The same instants in UTC, ISO 8601.
    var startedAt: String
    var endedAt: String?
    var caller: String?
    var outcomes: [String]
    var summary: String?
}

/// A call in full.
struct CallDetail: Encodable {
    struct Event: Encodable { var outcome: String; var turn: Int; var appointmentId: String? }
    struct Line: Encodable { var speaker: String; var text: String; var at: String }
    var id: String
    var started: String
    var ended: String?
    var startedAt: String
    var endedAt: String?
    var caller: String?
    var patientId: String?
    var outcomes: [String]
    var events: [Event]
    var summary: String?
    var transcript: [Line]?
}

struct AppointmentItem: Encodable {
    var id: String
    var patientId: String?
    var type: String?
    var provider: String
    var start: String
    var end: String
    var minutes: Int
    var status: String

    init(_ a: Appointment) {
        id = a.id; patientId = a.patientID; type = a.typeID; provider = a.providerID
        start = a.start.iso; end = a.end.iso; minutes = a.minutes; status = a.status.rawValue
    }
}

struct MessageItem: Encodable {
    var id: String
    var callerName: String?
    var callbackNumber: String?
    var reason: String
    var created: String
    var createdAt: String
    var handled: Bool
    var handledAt: String?
    var handledBy: String?
}

struct RefillItem: Encodable {
    var id: String
    var patientId: String?
    var callerName: String?
    var callbackNumber: String?
    var medication: String?
    var pharmacy: String?
    var created: String
    var createdAt: String
    var handled: Bool
    var handledAt: String?
    var handledBy: String?
}

struct HandledResult: Encodable {
    var id: String
    var handled: Bool
    var handledAt: String
    var handledBy: String
}

struct PatientItem: Encodable {
    var id: String
    var name: String
    var dateOfBirth: String?
    var phone: String?
    var species: String?
    var owner: String?

    init(_ p: Patient) {
        id = p.id; name = p.name; dateOfBirth = p.dateOfBirth?.iso; phone = p.phone; species = p.species; owner = p.owner
    }
}

struct EraseResult: Encodable {
    var patients: Int
    var appointmentsDeleted: Int
    var appointmentsKeptAsBusy: Int
    var calls: Int
    var messages: Int
    var refills: Int
    var leads: Int
    var consents: Int
    var dataKeys: Int

    init(_ r: EraseReport) {
        patients = r.patients; appointmentsDeleted = r.appointmentsDeleted; appointmentsKeptAsBusy = r.appointmentsKeptAsBusy
        calls = r.calls; messages = r.messages; refills = r.refills; leads = r.leads; consents = r.consents; dataKeys = r.dataKeys
    }
}

struct AuditItem: Encodable {
    var seq: Int64
    var at: String
    var actor: String
    var action: String
    var resourceType: String
    var resourceId: String
    var channel: String
    var outcome: String
    var hash: String

    init(_ e: AuditEvent) {
        seq = e.seq; at = ISOTime.string(millis: e.atMillis); actor = e.actor; action = e.action
        resourceType = e.resourceType; resourceId = e.resourceID; channel = e.channel; outcome = e.outcome
        hash = e.hash.map { String(format: "%02x", $0) }.joined()
    }
}

struct Unreadable: Encodable {
    var resourceType: String
    var id: String
    init(_ u: UnreadableRecord) { resourceType = u.resourceType; id = u.id }
}

/// Limits of the list routes.
enum StaffAPILimits {
    /// Longest appointment range, in days.
    static let maxDays = 93
    /// Most audit events in one answer.
    static let maxAuditEvents = 10_000
}

struct CallListBody: Encodable { var calls: [CallItem]; var unreadable: [Unreadable] }
struct AppointmentListBody: Encodable { var from: String; var to: String; var appointments: [AppointmentItem] }
struct MessageListBody: Encodable { var messages: [MessageItem]; var unreadable: [Unreadable] }
struct RefillListBody: Encodable { var refills: [RefillItem]; var unreadable: [Unreadable] }
struct PatientListBody: Encodable { var patients: [PatientItem]; var unreadable: [Unreadable] }
struct AuditListBody: Encodable { var since: String; var until: String?; var truncated: Bool; var events: [AuditItem] }

// MARK: - Request bodies

struct NewAppointmentBody: Decodable {
    var type: String
    var provider: String
    var start: String
    var patientId: String?
}

struct RescheduleBody: Decodable {
    var start: String
    var provider: String?
}

struct EraseBody: Decodable {
    var confirm: Bool
}
