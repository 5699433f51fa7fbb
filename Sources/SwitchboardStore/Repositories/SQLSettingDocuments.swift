import Foundation
import SQLKit

/// Small documents kept as JSON in settings rows (`sb_setting`: key, value), one per key: the
/// handful-per-installation things that need no table of their own (telephony connections, SIP
/// trunks, the away reasons). Keys are used as given; callers choose their prefix and case.
struct SQLSettingDocuments<Document: Codable & Sendable>: Sendable {
    let database: Database

    func find(_ key: String) async throws -> Document? {
        let text = try await database.withConnection { db in
            try await db.select().column("value").from("sb_setting").where("key", .equal, SQLBind(key)).first()?.decode(column: "value", as: String.self)
        }
        return try text.map { try JSONDecoder().decode(Document.self, from: Data($0.utf8)) }
    }

    /// Every document whose key starts with `prefix`, in key order.
    func all(prefix: String) async throws -> [Document] {
        let rows = try await database.withConnection { db in
            try await db.select().column("value").from("sb_setting").where("key", .like, SQLBind(prefix + "%")).orderBy("key").all()
        }
        return try rows.map { try JSONDecoder().decode(Document.self, from: Data(try $0.decode(column: "value", as: String.self).utf8)) }
    }

    /// Inserts or replaces the document under `key`.
    func save(_ document: Document, at key: String) async throws {
        let json = String(decoding: try JSONEncoder().encode(document), as: UTF8.self)
        try await database.transaction { db in
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind(key)).run()
            try await db.insert(into: "sb_setting").columns("key", "value").values(SQLBind(key), SQLBind(json)).run()
        }
    }

    /// - Returns: false when there was no document under `key`.
    @discardableResult
    func delete(_ key: String) async throws -> Bool {
        try await database.transaction { db in
            let found = try await db.select().column("key").from("sb_setting").where("key", .equal, SQLBind(key)).first() != nil
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind(key)).run()
            return found
        }
    }
}
