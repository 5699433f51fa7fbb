import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/consoleactions`: the apex actions (runApex) and flows (FLOW screen pops) admins
/// register; any signed-in user may list them.
struct ConsoleActionController {
    let actions: ConsoleActionService

    func register(on api: RouterGroup<AppRequestContext>) {
        api.get("consoleactions", use: list)
        api.put("consoleactions/:kind/:name", use: put)
        api.delete("consoleactions/:kind/:name", use: delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await actions.all(by: try context.requirePrincipal())
        return Responses.json(.object([("actions", .array(all.map(Self.json)))]))
    }

    /// `PUT /api/v1/consoleactions/apex/MyClass.myMethod` with `{"target": "https://…"}` or `{"target": "builtin:echo"}`.
    @Sendable func put(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let kind = try Self.kind(context)
        guard case .string(let target)? = try await Responses.strings(request, context: context)["target"] else {
            throw APIError(.badRequest, "send {\"target\": …}: builtin:<name> or an https URL for apex, a path for flows",
                           issues: [FieldIssue(field: "target", message: "is required")])
        }
        let action = try await actions.register(kind: kind, name: try context.parameters.require("name"), target: target, by: principal)
        return Responses.json(Self.json(action))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await actions.delete(kind: try Self.kind(context), name: try context.parameters.require("name"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    static func kind(_ context: AppRequestContext) throws -> ConsoleAction.Kind {
        let text = try context.parameters.require("kind")
        guard let kind = ConsoleAction.Kind(rawValue: text.lowercased()) else {
            throw APIError(.notFound, "'\(text)' is not a kind of console action; use apex or flow")
        }
        return kind
    }

    static func json(_ action: ConsoleAction) -> JSON {
        .object([("kind", .string(action.kind.rawValue)), ("name", .string(action.name)), ("target", .string(action.target)),
                 ("createdDate", .string(action.createdAt.salesforceFormat))])
    }
}
