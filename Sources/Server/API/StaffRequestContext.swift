import Access
import Hummingbird
import NIOCore

/// A request context the staff JSON API (and the dashboard) can run on: it carries who the request acts as,
/// once `StaffAuthMiddleware` has checked the credential, and where the request came from.
public protocol StaffContext: RequestContext {
    /// The signed-in staff member or API token's user; nil until authenticated (or when no credential was sent).
    var principal: Principal? { get set }
    /// How the principal authenticated on this request: `true` for the session cookie (unsafe methods then
    /// need the CSRF token), `false` for `Authorization: Bearer` or no credential.
    var authenticatedByCookie: Bool { get set }
    /// The client's IP address as the socket saw it (nil in router tests); the audit trail's channel.
    var clientAddress: String? { get }
}

/// The request context of FrontDesk's staff-facing routes: Hummingbird's core context, the remote address of
/// the connection and the authenticated principal. Use it as the context of the server's router
/// (`Router(context: StaffRequestContext.self)`); the Twilio routes ignore the extra fields.
public struct StaffRequestContext: StaffContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public var authenticatedByCookie: Bool
    /// The connected peer (the proxy's address when behind a reverse proxy).
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        principal = nil
        authenticatedByCookie = false
        remoteAddress = source.channel.remoteAddress
    }

    public var clientAddress: String? { remoteAddress?.ipAddress }
}
