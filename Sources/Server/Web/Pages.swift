import Access
import Foundation
import FrontDeskCore
import Vault

/// The dashboard's page pieces, as small functions returning `Markup` (every string they interpolate is
/// escaped). Pages that need the store are in `DashboardPages.swift`.
enum Pages {
    /// The document shell: head, skip link, header with the practice's name, navigation, main, footer.
    static func document(title: String, practice: String, header: Markup, body: Markup) -> Markup {
        """
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>\(title) · \(practice) · FrontDesk</title>
        <link rel="stylesheet" href="/static/app.css">
        </head>
        <body>
        <a class="skip" href="#main">Skip to main content</a>
        \(header)
        <main id="main" tabindex="-1">
        \(body)
        </main>
        <footer class="foot"><p>FrontDesk · every view of patient information is recorded in the audit trail.</p></footer>
        </body>
        </html>
        """
    }

    static func brand(_ practice: String) -> Markup {
        """
        <a class="brand" href="/"><span class="mark" aria-hidden="true">\(initials(practice))</span><span class="names"><span class="practice">\(practice)</span><span class="product">FrontDesk staff</span></span></a>
        """
    }

    /// A page without navigation (sign-in, errors before sign-in).
    static func bare(practice: String, title: String, body: Markup) -> Markup {
        document(title: title, practice: practice, header: """
            <header class="top" role="banner"><div class="bar">\(brand(practice))</div></header>
            """, body: """
            <div class="narrow">\(body)</div>
            """)
    }

    static func initials(_ name: String) -> String {
        let words = name.split(whereSeparator: { !$0.isLetter }).filter { $0.first?.isUppercase == true }
        let s = String(words.prefix(2).compactMap(\.first))
        return s.isEmpty ? "FD" : s
    }

    // MARK: - Sign-in

    static func errorBox(_ error: Markup?) -> Markup {
        guard let error else { return .empty }
        return """
        <div class="alert" role="alert"><strong>Couldn’t sign you in.</strong> \(error)</div>
        """
    }

    static func login(practice: String, csrf: String, error: Markup?, email: String) -> Markup {
        bare(practice: practice, title: "Sign in", body: """
            <section class="card signin" aria-labelledby="signin-title">
            <h1 id="signin-title">Sign in</h1>
            <p class="muted">Staff access to \(practice)’s phone receptionist.</p>
            \(errorBox(error))
            <form method="post" action="/login" class="stack">
            <input type="hidden" name="csrf" value="\(csrf)">
            <div class="field"><label for="email">Email</label>
            <input id="email" name="email" type="email" autocomplete="username" autocapitalize="none" spellcheck="false" required value="\(email)"></div>
            <div class="field"><label for="password">Password</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required></div>
            <button type="submit" class="primary">Continue</button>
            </form>
            </section>
            """)
    }

    static func mfa(practice: String, csrf: String, error: Markup?) -> Markup {
        bare(practice: practice, title: "Verification code", body: """
            <section class="card signin" aria-labelledby="mfa-title">
            <h1 id="mfa-title">Enter your verification code</h1>
            <p class="muted">Open your authenticator app and enter the 6-digit code for FrontDesk.</p>
            \(errorBox(error))
            <form method="post" action="/login/mfa" class="stack">
            <input type="hidden" name="csrf" value="\(csrf)">
            <div class="field"><label for="code">6-digit code</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required autofocus class="code"></div>
            <button type="submit" class="primary">Verify and sign in</button>
            </form>
            <p class="muted small"><a href="/login">Start over</a></p>
            </section>
            """)
    }

    static func password(csrf: String, email: String, error: Markup?) -> Markup {
        """
        <div class="narrow"><section class="card" aria-labelledby="pw-title">
        <h1 id="pw-title">Choose a new password</h1>
        <p class="muted">At least 12 characters. A few unrelated words work well. Common passwords are refused.</p>
        \(error.map { "<div class=\"alert\" role=\"alert\">\($0)</div>" as Markup } ?? .empty)
        <form method="post" action="/password" class="stack">
        <input type="hidden" name="csrf" value="\(csrf)">
        <input type="hidden" name="username" autocomplete="username" value="\(email)">
        <div class="field"><label for="current">Current password</label>
        <input id="current" name="current" type="password" autocomplete="current-password" required></div>
        <div class="field"><label for="new">New password</label>
        <input id="new" name="new" type="password" autocomplete="new-password" minlength="12" required></div>
        <div class="field"><label for="confirm">New password again</label>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="12" required></div>
        <button type="submit" class="primary">Save password</button>
        </form></section></div>
        """
    }

    /// What people see for a refused sign-in: one message for everything but a lock-out.
    static func refusal(_ r: SignInRefusal, timeZone: TimeZone) -> Markup {
        switch r {
        case .locked(let until):
            return "This account is locked after too many failed attempts. Try again after \(Format.time(timeZone.local(until).time)), or ask the practice owner."
        case .challengeExpired:
            return "Your sign-in took too long. Please enter your email and password again."
        default:
            return "The email or password is not right, or this account can’t sign in here."
        }
    }

    // MARK: - Errors

    static func forbidden(_ role: UserRole, _ needs: Permission) -> Markup {
        """
        <section class="card" aria-labelledby="denied-title">
        <h1 id="denied-title">Not available for your role</h1>
        <p>The \(Format.role(role)) role doesn’t include \(Format.permission(needs)).
        If you need it, ask the practice owner or an administrator.</p>
        <p><a href="/">Back to the dashboard</a></p>
        </section>
        """
    }

    static func notFound(_ what: String) -> Markup {
        """
        <section class="card"><h1>Not found</h1><p>There is no \(what) here. It may have been removed under the practice’s retention rules.</p>
        <p><a href="/">Back to today’s calls</a></p></section>
        """
    }
}

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

    /// An outcome badge: label, style, and whether it must stand out (emergency, crisis).
    static func badge(_ o: Outcome, emergencyLine: String, crisisLine: String) -> Markup {
        switch o {
        case .emergencyTransfer: return "<span class=\"badge urgent\"><span aria-hidden=\"true\">▲ </span>Emergency · sent to \(emergencyLine)</span>"
        case .crisisReferral: return "<span class=\"badge urgent\"><span aria-hidden=\"true\">▲ </span>Crisis · referred to \(crisisLine)</span>"
        case .booked: return "<span class=\"badge good\">Booked</span>"
        case .rescheduled: return "<span class=\"badge good\">Rescheduled</span>"
        case .confirmed: return "<span class=\"badge good\">Confirmed</span>"
        case .cancelled: return "<span class=\"badge muted\">Cancelled</span>"
        case .infoAnswered: return "<span class=\"badge info\">Question answered</span>"
        case .messageTaken: return "<span class=\"badge action\">Message taken</span>"
        case .refillRequested: return "<span class=\"badge action\">Refill request</span>"
        case .humanTransfer: return "<span class=\"badge info\">Transferred to staff</span>"
        case .clinicalDeflected: return "<span class=\"badge info\">Clinical question deferred</span>"
        case .identityVerified: return "<span class=\"badge muted\">Identity verified</span>"
        case .identityFailed: return "<span class=\"badge warn\">Identity not verified</span>"
        }
    }

    static func isUrgent(_ outcomes: [Outcome]) -> Bool { outcomes.contains(.emergencyTransfer) || outcomes.contains(.crisisReferral) }
}
