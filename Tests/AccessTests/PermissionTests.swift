import Foundation
import FrontDeskTestSupport
import Testing
import Vault
@testable import Access

@Suite("Roles and permissions")
struct PermissionTests {
    @Test func ownerHoldsEverything() {
        #expect(UserRole.owner.permissions == Set(Permission.allCases))
    }

    @Test func adminHoldsEverythingButTheAuditTrail() {
        #expect(UserRole.admin.permissions == Set(Permission.allCases).subtracting([.viewAudit]))
    }

    @Test func frontDeskSeesSummariesAndMessagesNotTranscriptsOrRefills() {
        #expect(UserRole.frontDesk.permissions == [.viewCalls, .viewCallSummaries, .viewMessages, .handleMessages, .viewAppointments,
                                                   .manageAppointments, .searchPatients, .viewPractice])
        #expect(!UserRole.frontDesk.can(.viewTranscripts) && !UserRole.frontDesk.can(.viewRefills) && !UserRole.frontDesk.can(.viewAudit))
    }

    @Test func cliniciansSeeTheRefillQueueAndTranscripts() {
        #expect(UserRole.clinician.permissions == [.viewCalls, .viewCallSummaries, .viewTranscripts, .viewMessages, .handleMessages,
                                                   .viewRefills, .handleRefills, .viewAppointments, .searchPatients, .viewPractice])
        #expect(!UserRole.clinician.can(.manageAppointments) && !UserRole.clinician.can(.exportPatients) && !UserRole.clinician.can(.manageUsers))
    }

    @Test func auditorsSeeTheAuditTrailAndNoCallContent() {
        #expect(UserRole.auditor.permissions == [.viewAudit, .viewPractice])
        for p in [Permission.viewCalls, .viewCallSummaries, .viewTranscripts, .viewMessages, .viewRefills, .viewAppointments, .searchPatients] {
            #expect(!UserRole.auditor.can(p))
        }
    }

    @Test func onlyOwnerAndAuditorSeeTheAuditTrail() {
        #expect(UserRole.allCases.filter { $0.can(.viewAudit) } == [.owner, .auditor])
    }

    @Test func mfaIsRequiredForOwnerAndAdminOnly() {
        #expect(UserRole.allCases.filter(\.requiresMFA) == [.owner, .admin])
    }

    @Test func whoMayAssignWhichRole() {
        #expect(UserRole.allCases.allSatisfy { UserRole.owner.mayAssign($0) })
        #expect(!UserRole.admin.mayAssign(.owner) && UserRole.admin.mayAssign(.admin) && UserRole.admin.mayAssign(.auditor))
        for r in [UserRole.frontDesk, .clinician, .auditor] { #expect(!UserRole.allCases.contains { r.mayAssign($0) }) }
    }

    @Test func principalAsksItsRole() {
        let p = Principal(userID: "u1", email: "a@b.co", role: .frontDesk, practiceID: "p", credential: .apiToken(id: "tok-1"))
        #expect(p.can(.viewMessages) && !p.can(.viewTranscripts))
        #expect(p.auditContext(channel: "203.0.113.9") == AuditContext(actor: "token:tok-1", channel: "203.0.113.9"))
        let s = Principal(userID: "u1", email: "a@b.co", role: .owner, practiceID: "p", credential: .session(handle: "abcd"))
        #expect(s.auditContext(channel: "ip").actor == "user:u1")
    }

    /// docs/access.md's matrix is the code's: every permission row, every role column.
    @Test func theDocumentedMatrixMatchesTheCode() throws {
        let text = try String(contentsOf: FrontDeskCLI.repo.appendingPathComponent("docs/access.md"), encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        guard let header = lines.first(where: { $0.hasPrefix("| permission |") }) else { Issue.record("no matrix in docs/access.md"); return }
        let cells: (String) -> [String] = { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        let roles = cells(header).dropFirst().map { UserRole(rawValue: $0.replacingOccurrences(of: "`", with: "")) }
        #expect(roles == UserRole.allCases.map { Optional($0) })
        var seen: Set<Permission> = []
        for line in lines where line.hasPrefix("| `") {
            let c = cells(line)
            guard let name = c[0].split(separator: "`").first, let p = Permission(rawValue: String(name)) else {
                Issue.record("docs/access.md: unknown permission in \(c[0])"); continue
            }
            seen.insert(p)
            for (i, role) in UserRole.allCases.enumerated() {
                #expect((c[i + 1] == "✓") == role.can(p), "docs/access.md: \(p.rawValue) for \(role.rawValue)")
            }
        }
        #expect(seen == Set(Permission.allCases))
    }
}
