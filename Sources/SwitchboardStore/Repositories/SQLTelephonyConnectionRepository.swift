import Foundation
import SQLKit
public import SwitchboardCore

/// Telephony connections as settings rows (`sb_setting`, key `telephony.connection.<token id>`,
/// the connection as JSON): a handful per installation.
public struct SQLTelephonyConnectionRepository: TelephonyConnectionRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    static let prefix = "telephony.connection."

    public func find(id: String) async throws -> TelephonyConnection? {
        let text = try await database.withConnection { db in
            try await db.select().column("value").from("sb_setting").where("key", .equal, SQLBind(Self.prefix + id)).first()?.decode(column: "value", as: String.self)
        }
        return try text.map { try JSONDecoder().decode(TelephonyConnection.self, from: Data($0.utf8)) }
    }

    public func all() async throws -> [TelephonyConnection] {
        let rows = try await database.withConnection { db in
            try await db.select().column("value").from("sb_setting").where("key", .like, SQLBind(Self.prefix + "%")).orderBy("key").all()
        }
        return try rows.map { try JSONDecoder().decode(TelephonyConnection.self, from: Data(try $0.decode(column: "value", as: String.self).utf8)) }
    }

    public func save(_ connection: TelephonyConnection) async throws {
        let json = String(decoding: try JSONEncoder().encode(connection), as: UTF8.self)
        try await database.transaction { db in
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind(Self.prefix + connection.id)).run()
            try await db.insert(into: "sb_setting").columns("key", "value").values(SQLBind(Self.prefix + connection.id), SQLBind(json)).run()
        }
    }

    public func delete(id: String) async throws {
        try await database.transaction { db in
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind(Self.prefix + id)).run()
        }
    }
}
