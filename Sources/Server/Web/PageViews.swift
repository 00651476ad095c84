import Access
import Foundation
import FrontDeskCore

// The values the dashboard's templates render. Plain structs of strings, numbers, booleans, optionals and
// arrays: an optional that is nil or an empty array skips its `{{#section}}`; every string is written with
// `{{name}}`, so it is HTML-escaped whatever it holds.

/// The root of every page: `layout.mustache` reads the title, the practice and the user bar; the page's
/// own template reads `page`.
struct PageView {
    /// The page's name, first in the window title.
    let title: String
    /// The practice's name (banner, window title).
    let practice: String
    /// Up to two initials for the practice's mark.
    let initials: String
    /// A narrow centred column (sign-in, password, notices before sign-in).
    let narrow: Bool
    /// The signed-in user's bar and navigation; nil before sign-in.
    let user: UserBar?
    /// The session's CSRF token for the page's forms; nil before sign-in.
    let csrf: String?
    /// The page's own view.
    let page: Any
}

/// The signed-in part of the banner.
struct UserBar {
    let email: String
    let role: String
    let csrf: String
    let nav: [NavLink]
}

/// One navigation link (only pages the role may open are listed).
struct NavLink {
    let path: String
    let label: String
    let current: Bool
}

/// A badge: its text, its style class (`urgent`, `good`, `info`, `action`, `warn`, `muted`), and whether it
/// carries the urgent marker.
struct BadgeView {
    let label: String
    let style: String
    let urgent: Bool

    init(_ label: String, _ style: String) {
        self.label = label; self.style = style; urgent = style == "urgent"
    }
}

/// Previous day, the day, next day (`partials/daynav`).
struct DayNavView {
    struct Day { let iso: String; let label: String }
    let path: String
    let iso: String
    let previous: Day
    let next: Day
    let showToday: Bool
}

/// Open / handled / all links over a list (`partials/status-tabs`).
struct StatusTab {
    let href: String
    let label: String
    let count: Int
    let current: Bool
}

/// A link with its text.
struct LinkView {
    let href: String
    let label: String
}

/// A one-message page (`notice.mustache`).
struct NoticeView {
    let heading: String
    let text: String?
    let link: LinkView?
}

/// The 403 page for a role without the page's permission.
struct ForbiddenView {
    let role: String
    let permission: String
    /// The first page the role may open.
    let home: LinkView
}

/// Sign-in: email and password.
struct LoginView {
    let csrf: String
    let error: String?
    let email: String
}

/// Sign-in: the TOTP code.
struct MFAView {
    let csrf: String
    let error: String?
}

/// The password change form.
struct PasswordView {
    let csrf: String
    let email: String
    let error: String?
}
