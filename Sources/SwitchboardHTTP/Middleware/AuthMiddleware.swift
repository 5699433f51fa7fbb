import HTTPTypes
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardServices

/// Finds who is asking: an API token in `Authorization: Bearer …`, or the session cookie. Writes
/// made with a cookie must come from our own pages: the `Origin`, when sent, must be this host,
/// and API writes must carry the session's CSRF token in `X-CSRF-Token`.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let auth: AuthService

    static let cookieName = "sb_session"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            context.principal = try await auth.principal(bearerToken: String(header.dropFirst(7)).trimmingSpaces)
        } else if let cookie = request.cookies[Self.cookieName], let principal = try await auth.principal(sessionToken: cookie.value) {
            context.principal = principal
            if Self.isWrite(request.method) {
                try Self.checkSameOrigin(request)
                if case .session(let csrf) = principal.kind, request.uri.path.hasPrefix("/api/"),
                    request.headers[.csrfToken] != csrf
                {
                    throw AuthError.csrfMismatch
                }
            }
        }
        if let principal = context.principal {
            context.logger[metadataKey: "user.id"] = .string(principal.userID.eighteen)
        }
        return try await next(request, context)
    }

    static func isWrite(_ method: HTTPRequest.Method) -> Bool {
        ![.get, .head, .options].contains(method)
    }

    /// Refuses a cookie-borne write whose `Origin` (or `Sec-Fetch-Site`) shows it came from another site.
    static func checkSameOrigin(_ request: Request) throws {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin", site != "none" {
            throw APIError(.forbidden, "a write from another site (Sec-Fetch-Site: \(site)) is refused; use an API token for integrations")
        }
        if let origin = request.headers[.origin], origin != "null" {
            let host = request.head.authority ?? ""
            let originHost = origin.split(separator: "/", omittingEmptySubsequences: true).dropFirst().first.map(String.init) ?? ""
            guard originHost.lowercased() == host.lowercased() else {
                throw APIError(.forbidden, "a write from origin \(origin) is refused; Switchboard's pages are served from \(host)")
            }
        }
    }
}

/// Headers on every response: the referrer policy softphones rely on (opencti-spec.md §7),
/// and no MIME sniffing.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[HTTPField.Name("Referrer-Policy")!] = "strict-origin-when-cross-origin"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return response
    }
}
