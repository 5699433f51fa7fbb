import SQLKit
public import SwitchboardCore

/// Console actions in `sb_console_action`, one row each, unique by kind and name (any case).
public struct SQLConsoleActionRepository: ConsoleActionRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func all() async throws -> [ConsoleAction] {
        try await database.withConnection { db in
            try await db.select().column("*").from("sb_console_action").orderBy("kind").orderBy("name").all(decoding: Row.self)
                .compactMap { row in
                    ConsoleAction.Kind(rawValue: row.kind).map {
                        ConsoleAction(kind: $0, name: row.name, target: row.target, createdAt: Instant(millisecondsSince1970: row.created_at))
                    }
                }
        }
    }

    public func save(_ action: ConsoleAction) async throws {
        try await database.transaction { db in
            try await db.delete(from: "sb_console_action").where("kind", .equal, SQLBind(action.kind.rawValue))
                .where(SQLFunction("lower", args: SQLIdentifier("name")), .equal, SQLBind(action.name.lowercased())).run()
            try await db.insert(into: "sb_console_action").model(Row(
                kind: action.kind.rawValue, name: action.name, target: action.target, created_at: action.createdAt.millisecondsSince1970)).run()
        }
    }

    public func delete(kind: ConsoleAction.Kind, name: String) async throws -> Bool {
        try await database.transaction { db in
            let existing = try await db.select().column("name").from("sb_console_action").where("kind", .equal, SQLBind(kind.rawValue))
                .where(SQLFunction("lower", args: SQLIdentifier("name")), .equal, SQLBind(name.lowercased())).first()
            guard existing != nil else { return false }
            try await db.delete(from: "sb_console_action").where("kind", .equal, SQLBind(kind.rawValue))
                .where(SQLFunction("lower", args: SQLIdentifier("name")), .equal, SQLBind(name.lowercased())).run()
            return true
        }
    }

    struct Row: Codable {
        var kind: String
        var name: String
        var target: String
        var created_at: Int64
    }
}
