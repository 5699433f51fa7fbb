import Foundation
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/softphonelayouts`: layouts (supervisors read, admins change) and the
/// `getSoftphoneLayout` answer (opencti-spec.md §4.8) for a user or for oneself.
struct SoftphoneLayoutController {
    let layouts: SoftphoneLayoutService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("softphonelayouts", use: list)
        group.post("softphonelayouts", use: create)
        group.get("softphonelayouts/effective", use: effective)
        group.get("softphonelayouts/:key", use: get)
        group.put("softphonelayouts/:key", use: replace)
        group.delete("softphonelayouts/:key", use: delete)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await layouts.all(by: try context.requirePrincipal())
        return Responses.json(.object([("layouts", .array(all.map(Self.json)))]))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        Responses.json(Self.json(try await layouts.get(try context.parameters.require("key"), by: try context.requirePrincipal())))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (layout, users) = try await Self.decode(request, context)
        let saved = try await layouts.save(layout, users: users, replacing: nil, by: principal)
        return Responses.json(Self.json(saved), status: .created, headers: [.location: "/api/v1/softphonelayouts/\(saved.id.eighteen)"])
    }

    @Sendable func replace(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let existing = try await layouts.get(try context.parameters.require("key"), by: principal)
        let (layout, users) = try await Self.decode(request, context)
        return Responses.json(Self.json(try await layouts.save(layout, users: users, replacing: existing.id, by: principal)))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await layouts.delete(try context.parameters.require("key"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    /// `getSoftphoneLayout` for the caller, or `?user=` (supervisors): the §4.8 JSON.
    @Sendable func effective(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let layout: SoftphoneLayout
        if let user = request.uri.queryParameters["user"] {
            layout = try await layouts.layout(forUser: String(user), by: principal)
        } else {
            layout = try await layouts.layout(for: principal.userID)
        }
        return Responses.json(Self.softphoneLayout(layout), headers: [.init("X-Softphone-Layout")!: layout.name])
    }

    /// The answer `getSoftphoneLayout` gives softphones.
    static func softphoneLayout(_ layout: SoftphoneLayout) -> JSON {
        .object(CallTypeName.allCases.map { type in
            let part = layout[type]
            var pops: [(String, JSON)] = []
            for (match, action) in [("NoMatch", part.noMatch), ("SingleMatch", part.singleMatch), ("MultipleMatches", part.multipleMatches)] {
                guard let action else { continue }
                var members: [(String, JSON)] = [("screenPopType", .string(action.type.rawValue))]
                if let data = action.data, !data.isEmpty { members.append(("screenPopData", .string(data))) }
                pops.append((match, .object(members)))
            }
            if !pops.isEmpty { pops.insert(("screenPopsOpenWithin", .string(part.screenPopsOpenWithin)), at: 0) }
            return (type.rawValue, .object([
                ("callRelatedFields", .array(part.callRelatedFields.map { .string($0.rawValue) })),
                ("objects", .object(part.objects.map { o in (o.object, .array(o.fields.map { .object([("displayName", .string($0.displayName)), ("apiName", .string($0.apiName))]) })) })),
                ("screenPopSettings", .object(pops)),
            ]))
        })
    }

    /// A layout with its id, name and assignments, and its call types in the answer's shape.
    static func json(_ layout: SoftphoneLayout) -> JSON {
        .object([
            ("id", .string(layout.id.eighteen)), ("name", .string(layout.name)), ("isDefault", .bool(layout.isDefault)),
            ("roles", .array(layout.roles.map { .string($0.rawValue) })), ("users", .array(layout.userIDs.map { .string($0.eighteen) })),
            ("callTypes", softphoneLayout(layout)),
        ])
    }

    /// The body: `{"name", "isDefault", "roles": [], "users": [usernames or ids], "callTypes": {"Inbound": {"callRelatedFields": [],
    /// "objects": [{"object": "Contact", "fields": [{"apiName", "displayName"}]}], "NoMatch": {"screenPopType", "screenPopData"}, …}}}`.
    struct Body: Decodable {
        struct Pop: Decodable { var screenPopType: String; var screenPopData: String? }
        struct Field: Decodable { var apiName: String; var displayName: String? }
        struct Object: Decodable { var object: String; var fields: [Field] }
        struct CallType: Decodable {
            var callRelatedFields: [String]?
            var objects: [Object]?
            var screenPopsOpenWithin: String?
            var NoMatch: Pop?, SingleMatch: Pop?, MultipleMatches: Pop?
        }
        var name: String
        var isDefault: Bool?
        var roles: [String]?
        var users: [String]?
        var callTypes: [String: CallType]?
    }

    static func decode(_ request: Request, _ context: AppRequestContext) async throws -> (SoftphoneLayout, [String]) {
        let body = try await CallCenterController.decode(Body.self, request, context)
        var problems: [String] = []
        func pop(_ p: Body.Pop?, _ where_: String) -> ScreenPopAction? {
            guard let p else { return nil }
            guard let kind = ScreenPopAction.Kind(rawValue: p.screenPopType) else {
                problems.append("\(where_): screenPopType '\(p.screenPopType)' is not one of \(ScreenPopAction.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            return ScreenPopAction(type: kind, data: p.screenPopData)
        }
        func part(_ name: CallTypeName) -> CallTypeLayout {
            guard let c = body.callTypes?[name.rawValue] else { return CallTypeLayout() }
            var fields: [CallRelatedField] = []
            for f in c.callRelatedFields ?? [] {
                if let field = CallRelatedField(rawValue: f.uppercased()) { fields.append(field) } else { problems.append("\(name.rawValue): '\(f)' is not ANI, DNIS, SEGMENT or QUEUE") }
            }
            return CallTypeLayout(
                callRelatedFields: fields,
                objects: (c.objects ?? []).map { o in LayoutObject(object: StandardObjects.named(o.object)?.name ?? o.object, fields: o.fields.map {
                    LayoutField(StandardObjects.named(o.object)?.field(named: $0.apiName)?.name ?? $0.apiName, $0.displayName ?? $0.apiName) }) },
                screenPopsOpenWithin: c.screenPopsOpenWithin ?? "ExistingWindow",
                noMatch: pop(c.NoMatch, "\(name.rawValue) NoMatch"), singleMatch: pop(c.SingleMatch, "\(name.rawValue) SingleMatch"),
                multipleMatches: pop(c.MultipleMatches, "\(name.rawValue) MultipleMatches"))
        }
        for key in (body.callTypes ?? [:]).keys where CallTypeName(rawValue: key) == nil {
            problems.append("callTypes: '\(key)' is not Inbound, Outbound or Internal")
        }
        var roles: [Role] = []
        for r in body.roles ?? [] {
            if let role = Role(rawValue: r.lowercased()) { roles.append(role) } else { problems.append("roles: '\(r)' is not agent, supervisor or admin") }
        }
        let layout = SoftphoneLayout(id: RecordID(unchecked: "04B000000000000"), name: body.name, isDefault: body.isDefault ?? false, roles: roles,
                                     inbound: part(.inbound), outbound: part(.outbound), internal: part(.internal))
        if !problems.isEmpty { throw SoftphoneLayoutError.invalid(problems) }
        return (layout, body.users ?? [])
    }
}
