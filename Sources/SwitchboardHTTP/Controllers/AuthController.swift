import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SwitchboardCore
import SwitchboardServices

/// The sign-in and home pages, sign-out, the current session, and passwords.
struct AuthController {
    let auth: AuthService
    let records: RecordService
    /// Mark the session cookie `Secure` (set when served over HTTPS).
    let secureCookies: Bool

    func register(on router: Router<AppRequestContext>, api: RouterGroup<AppRequestContext>) {
        router.get("/", use: root)
        router.get("/signin", use: signInPage)
        router.post("/signin", use: signIn)
        router.post("/signout", use: signOut)
        router.get("/home", use: home)
        api.get("session", use: session)
        api.post("users/:id/password", use: setPassword)
    }

    @Sendable func root(_ request: Request, context: AppRequestContext) async throws -> Response {
        Responses.redirect(context.principal == nil ? "/signin" : "/home")
    }

    @Sendable func signInPage(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        if context.principal != nil { return Responses.redirect(next) }
        return Responses.html(HTML.signIn(message: nil, username: "", next: next))
    }

    /// Checks the form's username and password; on success sets the session cookie and goes to `next`.
    @Sendable func signIn(_ request: Request, context: AppRequestContext) async throws -> Response {
        try AuthMiddleware.checkSameOrigin(request)
        let form = try await Self.form(request, context: context)
        let username = form["username"] ?? "", password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        do {
            let new = try await auth.signIn(username: username, password: password, address: context.remoteAddress)
            context.logger.info("signed in", metadata: ["user.id": "\(new.principal.userID)"])
            var response = Responses.redirect(next)
            response.setCookie(Cookie(name: AuthMiddleware.cookieName, value: new.cookieToken, maxAge: Int(auth.sessionLifetimeSeconds),
                                      path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        } catch let error as AuthError {
            context.logger.notice("sign-in refused", metadata: ["reason": "\(error)", "peer": "\(context.remoteAddress)"])
            var headers: HTTPFields = [:]
            var status: HTTPResponse.Status = .unauthorized
            if case .throttled(let seconds) = error {
                status = .tooManyRequests
                headers[.retryAfter] = String(seconds)
            }
            return Responses.html(HTML.signIn(message: Self.sentence(error.description), username: username, next: next), status: status, headers: headers)
        }
    }

    @Sendable func signOut(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let principal = context.principal, case .session(let csrf) = principal.kind {
            let form = try await Self.form(request, context: context)
            guard form["csrf"] == csrf || request.headers[.csrfToken] == csrf else { throw AuthError.csrfMismatch }
            if let cookie = request.cookies[AuthMiddleware.cookieName] { try await auth.signOut(sessionToken: cookie.value) }
        }
        var response = Responses.redirect("/signin")
        response.setCookie(Cookie(name: AuthMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    @Sendable func home(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let principal = context.principal, case .session(let csrf) = principal.kind else { return Responses.redirect("/signin?next=/home") }
        let user = try await records.repository.find(StandardObjects.user, id: principal.userID)
        let name = user?["Name"].textValue ?? principal.username
        return Responses.html(HTML.home(name: name, username: principal.username, role: principal.role.rawValue, csrf: csrf))
    }

    /// Who is signed in, and the CSRF token that cookie-authenticated writes must send.
    @Sendable func session(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var members: [(String, JSON)] = [
            ("userId", .string(principal.userID.eighteen)), ("username", .string(principal.username)), ("role", .string(principal.role.rawValue)),
        ]
        switch principal.kind {
        case .session(let csrf): members += [("authenticatedBy", .string("session")), ("csrfToken", .string(csrf))]
        case .token(let id): members += [("authenticatedBy", .string("token")), ("tokenId", .string(id))]
        case .system: members.append(("authenticatedBy", .string("system")))
        }
        return Responses.json(.object(members))
    }

    /// Sets a password: `{"password": "…"}`. Admins may set anyone's; others only their own.
    @Sendable func setPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let id = try records.parseID(try context.parameters.require("id"), of: StandardObjects.user)
        guard principal.role == .admin || principal.userID == id else {
            throw AuthError.forbidden(action: "setting another user's password", needs: .admin, has: principal.role)
        }
        guard try await records.repository.find(StandardObjects.user, id: id) != nil else { throw RecordError.notFound(object: "User", id: id.eighteen) }
        guard case .string(let password)? = try await Responses.strings(request, context: context)["password"] else {
            throw APIError(.badRequest, "send {\"password\": \"…\"}", issues: [FieldIssue(field: "password", message: "is required")])
        }
        try await auth.setPassword(password, userID: id)
        return Response(status: .noContent)
    }

    /// Only same-site paths, so a crafted link cannot send a person elsewhere after sign-in.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\") else { return "/home" }
        return next
    }

    static func sentence(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() + "." }

    /// An `application/x-www-form-urlencoded` body.
    static func form(_ request: Request, context: AppRequestContext) async throws -> [String: String] {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let text = String(buffer: buffer)
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            result[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}
