import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/sip/trunks`: the trunks and PBXs the SIP gateway takes calls from (admins).
struct SIPTrunkController {
    let trunks: SIPTrunkService

    func register(on api: RouterGroup<AppRequestContext>) {
        api.get("sip/trunks", use: list)
        api.put("sip/trunks/:name", use: save)
        api.delete("sip/trunks/:name", use: delete)
    }

    static func json(_ trunk: SIPTrunk) -> JSON {
        // Only whether a password is set; its digests are never shown.
        .object([("name", .string(trunk.name)), ("addresses", .array(trunk.addresses.map(JSON.string))),
                 ("username", trunk.username.map(JSON.string) ?? .null), ("passwordSet", .bool(trunk.ha1MD5 != nil))])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await trunks.all(by: try context.requirePrincipal())
        return Responses.json(.object([("trunks", .array(all.map(Self.json)))]))
    }

    struct Body: Decodable {
        var addresses: [String]?
        var username: String?
        var password: String?
    }

    @Sendable func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let example = #"{"addresses": ["203.0.113.5:5060"], "username": "pbx-east", "password": "a password of 12+ characters"}"#
        let body = try await OpenCTIController.decode(Body.self, request, context, example: example)
        let saved = try await trunks.save(name: try context.parameters.require("name"), addresses: body.addresses ?? [],
                                          username: body.username, password: body.password, by: principal)
        return Responses.json(Self.json(saved))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await trunks.delete(name: try context.parameters.require("name"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }
}
