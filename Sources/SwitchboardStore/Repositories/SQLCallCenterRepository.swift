import Foundation
import SQLKit
public import SwitchboardCore

/// Call centers in `sb_call_center`: the definition as JSON, with the columns that are searched.
public struct SQLCallCenterRepository: CallCenterRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func insert(_ callCenter: CallCenter) async throws {
        let row = try Self.row(callCenter)
        try await database.transaction { db in
            let taken = try await db.select().column("id").from("sb_call_center")
                .where(SQLFunction("lower", args: SQLIdentifier("internal_name")), .equal, SQLBind(row.internal_name.lowercased())).first()
            if taken != nil { throw CallCenterError.duplicateInternalName(row.internal_name) }
            try await db.insert(into: "sb_call_center").model(row).run()
        }
    }

    public func update(_ callCenter: CallCenter) async throws {
        let row = try Self.row(callCenter)
        try await database.withConnection { db in
            try await db.update("sb_call_center")
                .set("display_name", to: SQLBind(row.display_name)).set("adapter_url", to: SQLBind(row.adapter_url))
                .set("definition", to: SQLBind(row.definition)).set("last_modified_at", to: SQLBind(row.last_modified_at))
                .where("id", .equal, SQLBind(row.id)).run()
        }
    }

    public func find(id: RecordID) async throws -> CallCenter? {
        try await database.withConnection { db in
            try await db.select().column("*").from("sb_call_center").where("id", .equal, SQLBind(id.rawValue)).first(decoding: Row.self).map(Self.callCenter)
        }
    }

    public func find(internalName: String) async throws -> CallCenter? {
        try await database.withConnection { db in
            try await db.select().column("*").from("sb_call_center")
                .where(SQLFunction("lower", args: SQLIdentifier("internal_name")), .equal, SQLBind(internalName.lowercased()))
                .first(decoding: Row.self).map(Self.callCenter)
        }
    }

    public func all() async throws -> [CallCenter] {
        try await database.withConnection { db in
            try await db.select().column("*").from("sb_call_center").orderBy("display_name").orderBy("id").all(decoding: Row.self).map(Self.callCenter)
        }
    }

    public func delete(id: RecordID) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.select().column("id").from("sb_call_center").where("id", .equal, SQLBind(id.rawValue)).first() != nil else { return false }
            try await db.delete(from: "sb_call_center").where("id", .equal, SQLBind(id.rawValue)).run()
            return true
        }
    }

    /// The table's row. The definition is a document (ordered sections of items), kept whole.
    struct Row: Codable {
        var id: String
        var internal_name: String
        var display_name: String
        var adapter_url: String
        var definition: String
        var created_at: Int64
        var last_modified_at: Int64
    }

    struct StoredDefinition: Codable {
        struct Section: Codable { var name: String; var label: String; var items: [Item] }
        struct Item: Codable { var name: String; var label: String; var value: String }
        var sections: [Section]
        var internalNameLabel: String
        var displayNameLabel: String
        var version: String?
        /// Switchboard's own settings, kept in the same document (absent in older rows).
        var dnisNumbers: [String]?
        var trustedOrigins: [String]?
    }

    static func row(_ c: CallCenter) throws -> Row {
        let d = c.definition
        let stored = StoredDefinition(
            sections: d.sections.map { .init(name: $0.name, label: $0.label, items: $0.items.map { .init(name: $0.name, label: $0.label, value: $0.value) }) },
            internalNameLabel: d.internalNameLabel, displayNameLabel: d.displayNameLabel, version: d.version,
            dnisNumbers: c.dnisNumbers, trustedOrigins: c.trustedOrigins)
        return Row(id: c.id.rawValue, internal_name: d.internalName, display_name: d.displayName, adapter_url: d.adapterURL,
                   definition: String(decoding: try JSONEncoder().encode(stored), as: UTF8.self),
                   created_at: c.createdAt.millisecondsSince1970, last_modified_at: c.lastModifiedAt.millisecondsSince1970)
    }

    static func callCenter(_ row: Row) throws -> CallCenter {
        let s = try JSONDecoder().decode(StoredDefinition.self, from: Data(row.definition.utf8))
        let definition = CallCenterDefinition(
            sections: s.sections.map { CallCenterSection(name: $0.name, label: $0.label, items: $0.items.map { CallCenterItem(name: $0.name, label: $0.label, value: $0.value) }) },
            internalNameLabel: s.internalNameLabel, displayNameLabel: s.displayNameLabel, version: s.version)
        return CallCenter(id: RecordID(unchecked: row.id), definition: definition,
                          createdAt: Instant(millisecondsSince1970: row.created_at), lastModifiedAt: Instant(millisecondsSince1970: row.last_modified_at),
                          dnisNumbers: s.dnisNumbers ?? [], trustedOrigins: s.trustedOrigins ?? [])
    }
}
