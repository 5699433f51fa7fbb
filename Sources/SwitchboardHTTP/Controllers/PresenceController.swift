import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/presence`: the signed-in agent's presence, and everyone's for supervisors.
struct PresenceController {
    let presence: PresenceService

    func register(on api: RouterGroup<AppRequestContext>) {
        api.get("presence", use: mine)
        api.put("presence", use: choose)
        api.get("presence/agents", use: all)
        api.get("presence/reasons", use: reasons)
        api.put("presence/reasons", use: setReasons)
    }

    @Sendable func reasons(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return Responses.json(.object([("reasons", .array(try await presence.awayReasons().map(JSON.string)))]))
    }

    struct ReasonsBody: Decodable { var reasons: [String] }

    /// `{"reasons": ["Lunch", "Training"]}` (admins); an empty list allows any reason.
    @Sendable func setReasons(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await OpenCTIController.decode(ReasonsBody.self, request, context, example: #"{"reasons": ["Lunch", "Training"]}"#)
        return Responses.json(.object([("reasons", .array(try await presence.setAwayReasons(body.reasons, by: principal).map(JSON.string)))]))
    }

    static func json(_ p: AgentPresence) -> [(String, JSON)] {
        [("userId", .string(p.userID.eighteen)), ("status", .string(p.status.rawValue)), ("reason", p.reason.map(JSON.string) ?? .null),
         ("since", .string(p.since.salesforceFormat)), ("afterCallWorkUntil", p.afterCallWorkUntil.map { .string($0.salesforceFormat) } ?? .null),
         ("idleSince", p.idleSince.map { .string($0.salesforceFormat) } ?? .null)]
    }

    @Sendable func mine(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        return Responses.json(.object(Self.json(try await presence.presence(of: principal.userID))))
    }

    struct ChooseBody: Decodable { var status: String; var reason: String? }

    /// `{"status": "Available"}`, `{"status": "Away", "reason": "Lunch"}` or `{"status": "Offline"}`.
    @Sendable func choose(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await OpenCTIController.decode(ChooseBody.self, request, context, example: #"{"status": "Away", "reason": "Lunch"}"#)
        guard let status = PresenceStatus.allCases.first(where: { $0.rawValue.caseInsensitiveEquals(body.status) }) else {
            throw APIError(.badRequest, "'\(body.status)' is not a presence status; choose Available, Away (with a reason) or Offline",
                           issues: [FieldIssue(field: "status", message: "must be Available, Away or Offline")])
        }
        return Responses.json(.object(Self.json(try await presence.choose(status, reason: body.reason, by: principal))))
    }

    @Sendable func all(_ request: Request, context: AppRequestContext) async throws -> Response {
        let rows = try await presence.all(by: try context.requirePrincipal())
        return Responses.json(.object([("agents", .array(rows.map { row in
            .object(Self.json(row.presence) + [("name", .string(row.name)), ("callCenterId", row.callCenterID.map { .string($0.eighteen) } ?? .null)])
        }))]))
    }
}
