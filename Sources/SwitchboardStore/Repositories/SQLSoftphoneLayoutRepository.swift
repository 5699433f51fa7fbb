import Foundation
import SQLKit
public import SwitchboardCore

/// Softphone layouts in `sb_softphone_layout`, each a JSON document.
public struct SQLSoftphoneLayoutRepository: SoftphoneLayoutRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func all() async throws -> [SoftphoneLayout] {
        try await database.withConnection { db in
            try await db.select().column("*").from("sb_softphone_layout").orderBy("name").all(decoding: Row.self).map { try Self.layout($0) }
        }
    }

    public func save(_ layouts: [SoftphoneLayout]) async throws {
        let rows = try layouts.map(Self.row)
        try await database.transaction { db in
            for row in rows {
                try await db.delete(from: "sb_softphone_layout").where("id", .equal, SQLBind(row.id)).run()
                try await db.insert(into: "sb_softphone_layout").model(row).run()
            }
        }
    }

    public func delete(id: RecordID) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.select().column("id").from("sb_softphone_layout").where("id", .equal, SQLBind(id.rawValue)).first() != nil else { return false }
            try await db.delete(from: "sb_softphone_layout").where("id", .equal, SQLBind(id.rawValue)).run()
            return true
        }
    }

    struct Row: Codable {
        var id: String
        var name: String
        var is_default: Int64
        var layout: String
    }

    struct Stored: Codable {
        struct Pop: Codable { var type: String; var data: String? }
        struct Object: Codable { var object: String; var fields: [[String]] }
        struct CallType: Codable {
            var callRelatedFields: [String]
            var objects: [Object]
            var screenPopsOpenWithin: String
            var noMatch: Pop?, singleMatch: Pop?, multipleMatches: Pop?
        }
        var roles: [String]
        var userIDs: [String]
        var inbound: CallType, outbound: CallType, `internal`: CallType
    }

    static func row(_ l: SoftphoneLayout) throws -> Row {
        func pop(_ a: ScreenPopAction?) -> Stored.Pop? { a.map { .init(type: $0.type.rawValue, data: $0.data) } }
        func part(_ c: CallTypeLayout) -> Stored.CallType {
            .init(callRelatedFields: c.callRelatedFields.map(\.rawValue), objects: c.objects.map { .init(object: $0.object, fields: $0.fields.map { [$0.apiName, $0.displayName] }) },
                  screenPopsOpenWithin: c.screenPopsOpenWithin, noMatch: pop(c.noMatch), singleMatch: pop(c.singleMatch), multipleMatches: pop(c.multipleMatches))
        }
        let stored = Stored(roles: l.roles.map(\.rawValue), userIDs: l.userIDs.map(\.rawValue), inbound: part(l.inbound), outbound: part(l.outbound), internal: part(l.internal))
        return Row(id: l.id.rawValue, name: l.name, is_default: l.isDefault ? 1 : 0, layout: String(decoding: try JSONEncoder().encode(stored), as: UTF8.self))
    }

    static func layout(_ row: Row) throws -> SoftphoneLayout {
        let s = try JSONDecoder().decode(Stored.self, from: Data(row.layout.utf8))
        func pop(_ p: Stored.Pop?) -> ScreenPopAction? { p.flatMap { p in ScreenPopAction.Kind(rawValue: p.type).map { ScreenPopAction(type: $0, data: p.data) } } }
        func part(_ c: Stored.CallType) -> CallTypeLayout {
            CallTypeLayout(callRelatedFields: c.callRelatedFields.compactMap(CallRelatedField.init(rawValue:)),
                           objects: c.objects.map { LayoutObject(object: $0.object, fields: $0.fields.map { LayoutField($0[0], $0.count > 1 ? $0[1] : $0[0]) }) },
                           screenPopsOpenWithin: c.screenPopsOpenWithin, noMatch: pop(c.noMatch), singleMatch: pop(c.singleMatch), multipleMatches: pop(c.multipleMatches))
        }
        return SoftphoneLayout(id: RecordID(unchecked: row.id), name: row.name, isDefault: row.is_default != 0, roles: s.roles.compactMap(Role.init(rawValue:)),
                               userIDs: s.userIDs.map(RecordID.init(unchecked:)), inbound: part(s.inbound), outbound: part(s.outbound), internal: part(s.internal))
    }
}
