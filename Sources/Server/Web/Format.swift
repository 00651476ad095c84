import Access
import Foundation
import FrontDeskCore
import Vault

/// Formatting for the pages: practice-local times, phone numbers, role and outcome names.
enum Format {
    static func time(_ t: TimeOfDay) -> String {
        let h = t.hour % 12 == 0 ? 12 : t.hour % 12
        return "\(h):" + String(format: "%02d", t.minute) + (t.hour < 12 ? " AM" : " PM")
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]

    static func date(_ d: LocalDate) -> String { "\(d.weekday.englishName), \(months[d.month - 1]) \(d.day), \(d.year)" }
    static func shortDate(_ d: LocalDate) -> String { "\(months[d.month - 1].prefix(3)) \(d.day)" }

    static func dateTime(_ t: LocalDateTime) -> String { "\(shortDate(t.date)), \(time(t.time))" }

    /// `+13125550177` → `(312) 555-0177`; other numbers as given.
    static func phone(_ e164: String?) -> String {
        guard let p = e164, !p.isEmpty else { return "Unknown number" }
        let digits = p.filter(\.isNumber)
        if p.hasPrefix("+1"), digits.count == 11 {
            let d = Array(digits.dropFirst())
            return "(\(String(d[0..<3]))) \(String(d[3..<6]))-\(String(d[6..<10]))"
        }
        return p
    }

    static func duration(_ from: Date, _ to: Date?) -> String {
        guard let to else { return "in progress" }
        let s = max(0, Int(to.timeIntervalSince(from).rounded()))
        return s < 60 ? "\(s) s" : "\(s / 60) min \(s % 60) s"
    }

    static func role(_ r: UserRole) -> String {
        switch r {
        case .owner: return "Owner"
        case .admin: return "Administrator"
        case .frontDesk: return "Front desk"
        case .clinician: return "Clinician"
        case .auditor: return "Auditor"
        }
    }

    static func permission(_ p: Permission) -> String {
        switch p {
        case .viewCalls: return "the call list"
        case .viewCallSummaries: return "call summaries"
        case .viewTranscripts: return "call transcripts"
        case .viewMessages: return "the message inbox"
        case .handleMessages: return "handling messages"
        case .viewRefills: return "the refill queue"
        case .handleRefills: return "handling refill requests"
        case .viewAppointments: return "the appointment book"
        case .manageAppointments: return "changing appointments"
        case .searchPatients: return "patient search"
        case .exportPatients: return "patient export"
        case .erasePatients: return "patient erasure"
        case .viewAudit: return "the audit trail"
        case .manageUsers: return "staff accounts"
        case .viewPractice: return "the practice profile"
        }
    }

    static func reason(_ r: MessageReason) -> String {
        switch r {
        case .appointment: return "About an appointment"
        case .cancellation: return "Cancellation"
        case .billing: return "Billing"
        case .speakToStaff: return "Wants to speak to staff"
        case .records: return "Records"
        case .general: return "General"
        }
    }

    /// An outcome badge: label and style; emergencies and crises are `urgent` (they must stand out).
    static func badge(_ o: Outcome, emergencyLine: String, crisisLine: String) -> BadgeView {
        switch o {
        case .emergencyTransfer: return BadgeView("Emergency · sent to \(emergencyLine)", "urgent")
        case .crisisReferral: return BadgeView("Crisis · referred to \(crisisLine)", "urgent")
        case .booked: return BadgeView("Booked", "good")
        case .rescheduled: return BadgeView("Rescheduled", "good")
        case .confirmed: return BadgeView("Confirmed", "good")
        case .cancelled: return BadgeView("Cancelled", "muted")
        case .infoAnswered: return BadgeView("Question answered", "info")
        case .messageTaken: return BadgeView("Message taken", "action")
        case .refillRequested: return BadgeView("Refill request", "action")
        case .humanTransfer: return BadgeView("Transferred to staff", "info")
        case .clinicalDeflected: return BadgeView("Clinical question deferred", "info")
        case .identityVerified: return BadgeView("Identity verified", "muted")
        case .identityFailed: return BadgeView("Identity not verified", "warn")
        }
    }

    /// Up to two initials of the practice's capitalised words, for its mark ("Lakeview Family Dental" → "LF").
    static func initials(_ name: String) -> String {
        let words = name.split(whereSeparator: { !$0.isLetter }).filter { $0.first?.isUppercase == true }
        let s = String(words.prefix(2).compactMap(\.first))
        return s.isEmpty ? "FD" : s
    }

    /// What people see for a refused sign-in: one message for everything but a lock-out.
    static func refusal(_ r: SignInRefusal, timeZone: TimeZone) -> String {
        switch r {
        case .locked(let until):
            return "This account is locked after too many failed attempts. Try again after \(time(timeZone.local(until).time)), or ask the practice owner."
        case .challengeExpired:
            return "Your sign-in took too long. Please enter your email and password again."
        default:
            return "The email or password is not right, or this account can’t sign in here."
        }
    }

    /// A record id as one URL path segment (anything but unreserved characters percent-encoded).
    static func pathSegment(_ id: String) -> String {
        id.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// Who an audit actor is, for people: the staff member's email for `user:<id>`, else a plain name.
    static func actor(_ actor: String, emails: [String: String]) -> String {
        if let email = emails[actor] { return email }
        switch actor {
        case "system:engine": return "Receptionist (system)"
        case "cli": return "Command line"
        default: return actor.hasPrefix("token:") ? "API token \(actor.dropFirst("token:".count))" : actor
        }
    }

    static func isUrgent(_ outcomes: [Outcome]) -> Bool { outcomes.contains(.emergencyTransfer) || outcomes.contains(.crisisReferral) }
}
