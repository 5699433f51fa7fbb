import SQLKit
public import SwitchboardCore

/// SIP credentials in `sb_sip_credential`, keyed by the username in lower case.
public struct SQLSIPCredentialRepository: SIPCredentialRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func find(username: String) async throws -> SIPCredential? {
        let row = try await database.withConnection { db in
            try await db.select().columns("username", "user_id", "ha1_md5", "ha1_sha256").from("sb_sip_credential")
                .where("username", .equal, SQLBind(username.lowercased())).first()
        }
        guard let row else { return nil }
        return SIPCredential(username: try row.decode(column: "username", as: String.self), userID: RecordID(unchecked: try row.decode(column: "user_id", as: String.self)),
                             ha1MD5: try row.decode(column: "ha1_md5", as: String.self), ha1SHA256: try row.decode(column: "ha1_sha256", as: String.self))
    }

    public func save(_ credential: SIPCredential) async throws {
        let key = credential.username.lowercased()
        try await database.transaction { db in
            try await db.delete(from: "sb_sip_credential").where("username", .equal, SQLBind(key)).run()
            try await db.insert(into: "sb_sip_credential").columns("username", "user_id", "ha1_md5", "ha1_sha256")
                .values(SQLBind(key), SQLBind(credential.userID.rawValue), SQLBind(credential.ha1MD5), SQLBind(credential.ha1SHA256)).run()
        }
    }
}
