import Foundation
import SQLKit
public import SwitchboardCore

/// SIP trunks as settings rows (`sb_setting`, key `sip.trunk.<name in lower case>`, the trunk as
/// JSON): a handful per installation, read whole by the gateway.
public struct SQLSIPTrunkRepository: SIPTrunkRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    static let prefix = "sip.trunk."

    public func all() async throws -> [SIPTrunk] {
        let rows = try await database.withConnection { db in
            try await db.select().column("value").from("sb_setting").where("key", .like, SQLBind(Self.prefix + "%")).orderBy("key").all()
        }
        return try rows.map { try JSONDecoder().decode(SIPTrunk.self, from: Data(try $0.decode(column: "value", as: String.self).utf8)) }
    }

    public func save(_ trunk: SIPTrunk) async throws {
        let json = String(decoding: try JSONEncoder().encode(trunk), as: UTF8.self)
        let key = Self.prefix + trunk.name.lowercased()
        try await database.transaction { db in
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind(key)).run()
            try await db.insert(into: "sb_setting").columns("key", "value").values(SQLBind(key), SQLBind(json)).run()
        }
    }

    public func delete(name: String) async throws -> Bool {
        let key = Self.prefix + name.lowercased()
        return try await database.transaction { db in
            let found = try await db.select().column("key").from("sb_setting").where("key", .equal, SQLBind(key)).first() != nil
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind(key)).run()
            return found
        }
    }
}
