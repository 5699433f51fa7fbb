import Hummingbird
import SwitchboardCore

/// `/api/v1/objects[/{object}]`: what objects and fields there are (Salesforce's "describe").
struct ObjectController {
    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("objects", use: list)
        group.get("objects/:object", use: describe)
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        return Responses.json(.object([("objects", .array(StandardObjects.all.map { summary($0) }))]))
    }

    @Sendable func describe(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let name = try context.parameters.require("object")
        guard let object = StandardObjects.named(name) else { throw RecordError.unknownObject(name) }
        var members = summary(object).objectMembers
        members.append(("fields", .array(object.fields.map(Self.field))))
        return Responses.json(.object(members))
    }

    private func summary(_ object: ObjectSchema) -> JSON {
        .object([("name", .string(object.name)), ("keyPrefix", .string(object.keyPrefix)), ("nameField", .string(object.nameField))])
    }

    static func field(_ f: FieldSchema) -> JSON {
        var members: [(String, JSON)] = [
            ("name", .string(f.name)), ("type", .string(f.type.name)),
            ("required", .bool(f.required)), ("readOnly", .bool(f.readOnly)), ("unique", .bool(f.unique)),
        ]
        if let max = f.type.maxLength { members.append(("maxLength", .int(Int64(max)))) }
        if case .picklist(let values, let restricted) = f.type {
            members.append(("picklistValues", .array(values.map { .string($0) })))
            members.append(("restrictedPicklist", .bool(restricted)))
        }
        if case .reference(let targets) = f.type { members.append(("referenceTo", .array(targets.map { .string($0) }))) }
        if let d = f.defaultValue { members.append(("defaultValue", RecordJSON.value(d))) }
        return .object(members)
    }
}

extension JSON {
    var objectMembers: [(String, JSON)] {
        if case .object(let m) = self { return m }
        return []
    }
}
