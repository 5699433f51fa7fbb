import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/tokens`: API tokens for integrations (admins only). A new token is shown once.
struct TokenController {
    let auth: AuthService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("tokens", use: list)
        group.post("tokens", use: create)
        group.delete("tokens/:id", use: revoke)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let tokens = try await auth.tokens(by: try context.requirePrincipal())
        return Responses.json(.object([("tokens", .array(tokens.map { Self.json($0, plain: nil) }))]))
    }

    /// `{"name": "PBX bridge", "role": "agent"}` → 201 with the token, shown this once.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await Responses.strings(request, context: context)
        guard case .string(let name)? = body["name"] else {
            throw APIError(.badRequest, "send {\"name\": \"…\", \"role\": \"agent|supervisor|admin\"}", issues: [FieldIssue(field: "name", message: "is required")])
        }
        var role = Role.agent
        if let raw = body["role"] {
            guard case .string(let text) = raw, let parsed = Role(rawValue: text.lowercased()) else {
                throw APIError(.badRequest, "unknown role", issues: [FieldIssue(field: "role", message: "must be agent, supervisor or admin")])
            }
            role = parsed
        }
        let (plain, token) = try await auth.createToken(name: name, role: role, by: principal)
        return Responses.json(Self.json(token, plain: plain), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await auth.revokeToken(id: try context.parameters.require("id"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    static func json(_ token: APIToken, plain: String?) -> JSON {
        var members: [(String, JSON)] = [
            ("id", .string(token.id)), ("name", .string(token.name)), ("role", .string(token.role.rawValue)),
            ("userId", .string(token.userID.eighteen)), ("createdDate", .string(token.createdAt.salesforceFormat)),
            ("revokedDate", token.revokedAt.map { .string($0.salesforceFormat) } ?? .null),
        ]
        if let plain { members.append(("token", .string(plain))) }
        return .object(members)
    }
}
