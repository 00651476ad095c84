import Foundation
import FrontDeskCore
import GRDB

/// When a message or refill request was marked handled, and by whom (`user:<id>`, `token:<id>`, `cli`…).
public struct HandledMark: Sendable, Equatable {
    /// When it was marked handled.
    public var at: Date
    /// The audit actor who marked it.
    public var actor: String
    public init(at: Date, actor: String) { self.at = at; self.actor = actor }
}

/// "Handled" state for the message inbox and the refill queue, and audit events for reads the store does
/// not audit itself — for the staff JSON API and the dashboard.
///
/// There is no column for "handled": marking a message or refill request handled appends an audit event
/// (action `handle`, outcome `success`) in the same transaction as the check that the record exists in this
/// practice, and the handled state is read back from the trail. So no schema migration, and the trail says
/// who handled what and when. The mark goes when the audit trail's retention (six years at least) purges
/// the event — long after the message or request itself (a year by default).
extension VaultStore {
    /// The audit action that marks a record handled.
    public static let handledAction = "handle"

    /// Marks a message of this practice handled (audited as `handle message/<id>` under this store's
    /// context). Nil when there is no such message in this practice; the existing mark when it was already
    /// handled (nothing is appended then).
    public func markMessageHandled(id: String) async throws -> HandledMark? {
        try await markHandled(table: "messages", resourceType: "message", id: id)
    }

    /// Marks a refill request of this practice handled; as `markMessageHandled(id:)`.
    public func markRefillHandled(id: String) async throws -> HandledMark? {
        try await markHandled(table: "refills", resourceType: "refill", id: id)
    }

    /// The handled marks of this practice's messages, by message id (the first mark of each).
    public func handledMessages() async throws -> [String: HandledMark] { try await handledMarks(resourceType: "message") }

    /// The handled marks of this practice's refill requests, by id (the first mark of each).
    public func handledRefills() async throws -> [String: HandledMark] { try await handledMarks(resourceType: "refill") }

    /// Appends one audit event for an access this store does not audit by itself (the API's schedule reads,
    /// audit-trail reads): `action resourceType/resourceID` in this practice, under this store's context.
    public func recordAccess(action: String, resourceType: String, resourceID: String, outcome: String = "success") async throws {
        let e = entry(action, resourceType, resourceID, outcome)
        let store = self
        try await pool.write { db in try store.audit(db, [e]) }
    }

    private func markHandled(table: String, resourceType: String, id: String) async throws -> HandledMark? {
        let pid = practiceID, store = self, action = Self.handledAction, ctx = context
        let at = vault.nowMillis
        return try await pool.write { db -> HandledMark? in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table) WHERE id = ? AND practice_id = ?)", arguments: [id, pid]) ?? false else {
                return nil
            }
            if let row = try Row.fetchOne(db, sql: """
                SELECT at_ms, actor FROM audit_events
                WHERE practice_id = ? AND resource_type = ? AND resource_id = ? AND action = ? AND outcome = 'success'
                ORDER BY seq LIMIT 1
                """, arguments: [pid, resourceType, id, action]) {
                return HandledMark(at: ISOTime.date(millis: row[0]), actor: row[1])
            }
            try store.audit(db, [store.entry(action, resourceType, id)])
            return HandledMark(at: ISOTime.date(millis: at), actor: ctx.actor)
        }
    }

    private func handledMarks(resourceType: String) async throws -> [String: HandledMark] {
        let pid = practiceID, action = Self.handledAction
        return try await pool.read { db in
            var out: [String: HandledMark] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT resource_id, at_ms, actor FROM audit_events
                WHERE practice_id = ? AND resource_type = ? AND action = ? AND outcome = 'success' ORDER BY seq
                """, arguments: [pid, resourceType, action]) {
                let id: String = row[0]
                if out[id] == nil { out[id] = HandledMark(at: ISOTime.date(millis: row[1]), actor: row[2]) }
            }
            return out
        }
    }
}
