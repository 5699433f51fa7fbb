public import Hummingbird
public import HummingbirdWebSocket
public import SwitchboardCore

/// The request context of every route: who is asking (set by `AuthMiddleware`) and from where.
public struct AppRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by the call control route when it upgrades to a WebSocket.
    public let webSocket = WebSocketHandlerReference<AppRequestContext>()
    /// The signed-in person or the API token's integration; nil when anonymous.
    public var principal: Principal?
    /// The peer's IP address, for sign-in throttling and logs.
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// JSON bodies up to 1 MiB; CSV imports stream and are not bound by this.
    public var maxUploadSize: Int { 1 << 20 }

    /// The principal, or `AuthError.notSignedIn`.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw AuthError.notSignedIn }
        return principal
    }
}
