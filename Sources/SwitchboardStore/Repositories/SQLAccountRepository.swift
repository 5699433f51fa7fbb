import SQLKit
public import SwitchboardCore

/// Credentials, sessions and API tokens in `sb_*` tables; users themselves are `User` records.
public struct SQLAccountRepository: AccountRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func credentials(username: String) async throws -> StoredCredentials? {
        try await credentials(where: SQLBinaryExpression(SQLFunction("lower", args: SQLColumn("username", table: "u")), .equal, SQLBind(username.lowercased())))
    }

    public func credentials(userID: RecordID) async throws -> StoredCredentials? {
        try await credentials(where: SQLBinaryExpression(SQLColumn("id", table: "u"), .equal, SQLBind(userID.rawValue)))
    }

    private func credentials(where condition: any SQLExpression) async throws -> StoredCredentials? {
        try await database.withConnection { db in
            guard let row = try await db.select()
                .column(SQLColumn("id", table: "u")).column(SQLColumn("username", table: "u"))
                .column(SQLColumn("role", table: "u")).column(SQLColumn("isactive", table: "u"))
                .column(SQLColumn("password_hash", table: "c"))
                .from(SQLAlias(SQLIdentifier(StandardObjects.user.table), as: SQLIdentifier("u")))
                .join(SQLAlias(SQLIdentifier("sb_credential"), as: SQLIdentifier("c")), method: SQLJoinMethod.left,
                      on: SQLColumn("user_id", table: "c"), .equal, SQLColumn("id", table: "u"))
                .where(condition).first()
            else { return nil }
            return StoredCredentials(
                userID: RecordID(unchecked: try row.decode(column: "id", as: String.self)),
                username: try row.decode(column: "username", as: String.self),
                role: Role(rawValue: try row.decode(column: "role", as: String?.self) ?? "") ?? .agent,
                isActive: (try row.decode(column: "isactive", as: Int64?.self) ?? 1) != 0,
                passwordHash: try row.decode(column: "password_hash", as: String?.self))
        }
    }

    public func setPasswordHash(_ hash: String, userID: RecordID) async throws {
        try await database.transaction { db in
            try await db.delete(from: "sb_credential").where("user_id", .equal, SQLBind(userID.rawValue)).run()
            try await db.insert(into: "sb_credential").columns("user_id", "password_hash", "updated_at")
                .values(SQLBind(userID.rawValue), SQLBind(hash), SQLBind(Int64(0))).run()
        }
    }

    public func insertSession(_ session: SessionRecord) async throws {
        try await database.withConnection { db in
            try await db.insert(into: "sb_session").columns("token_hash", "user_id", "csrf_token", "created_at", "expires_at")
                .values(SQLBind(session.tokenHash), SQLBind(session.userID.rawValue), SQLBind(session.csrfToken),
                        SQLBind(session.createdAt.millisecondsSince1970), SQLBind(session.expiresAt.millisecondsSince1970)).run()
        }
    }

    public func session(tokenHash: String) async throws -> SessionRecord? {
        try await database.withConnection { db in
            guard let row = try await db.select().column("*").from("sb_session").where("token_hash", .equal, SQLBind(tokenHash)).first() else { return nil }
            return SessionRecord(
                tokenHash: tokenHash,
                userID: RecordID(unchecked: try row.decode(column: "user_id", as: String.self)),
                csrfToken: try row.decode(column: "csrf_token", as: String.self),
                createdAt: Instant(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
                expiresAt: Instant(millisecondsSince1970: try row.decode(column: "expires_at", as: Int64.self)))
        }
    }

    public func deleteSession(tokenHash: String) async throws {
        try await database.withConnection { db in
            try await db.delete(from: "sb_session").where("token_hash", .equal, SQLBind(tokenHash)).run()
        }
    }

    public func deleteExpiredSessions(now: Instant) async throws -> Int {
        try await database.withConnection { db in
            let n = try await db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from("sb_session")
                .where("expires_at", .lessThan, SQLBind(now.millisecondsSince1970)).first()?.decode(column: "n", as: Int64.self) ?? 0
            try await db.delete(from: "sb_session").where("expires_at", .lessThan, SQLBind(now.millisecondsSince1970)).run()
            return Int(n)
        }
    }

    public func insertToken(_ token: APIToken) async throws {
        try await database.withConnection { db in
            try await db.insert(into: "sb_api_token").columns("id", "name", "role", "user_id", "token_hash", "created_at", "revoked_at")
                .values(SQLBind(token.id), SQLBind(token.name), SQLBind(token.role.rawValue), SQLBind(token.userID.rawValue),
                        SQLBind(token.tokenHash), SQLBind(token.createdAt.millisecondsSince1970),
                        SQLBind(token.revokedAt?.millisecondsSince1970)).run()
        }
    }

    public func token(hash: String) async throws -> APIToken? {
        try await database.withConnection { db in
            try await db.select().column("*").from("sb_api_token").where("token_hash", .equal, SQLBind(hash)).first().map(Self.token)
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await database.withConnection { db in
            try await db.select().column("*").from("sb_api_token").orderBy("created_at").orderBy("id").all().map(Self.token)
        }
    }

    public func revokeToken(id: String, at instant: Instant) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.select().column("id").from("sb_api_token").where("id", .equal, SQLBind(id)).first() != nil else { return false }
            try await db.update("sb_api_token").set("revoked_at", to: SQLBind(instant.millisecondsSince1970))
                .where("id", .equal, SQLBind(id)).where("revoked_at", .is, SQLLiteral.null).run()
            return true
        }
    }

    private static func token(_ row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.decode(column: "id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .agent,
            userID: RecordID(unchecked: try row.decode(column: "user_id", as: String.self)),
            tokenHash: try row.decode(column: "token_hash", as: String.self),
            createdAt: Instant(millisecondsSince1970: try row.decode(column: "created_at", as: Int64.self)),
            revokedAt: try row.decode(column: "revoked_at", as: Int64?.self).map(Instant.init(millisecondsSince1970:)))
    }
}
