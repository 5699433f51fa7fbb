import Testing
import SwitchboardCore
import SwitchboardStore
import SwitchboardTestSupport

@Suite("Account repository contract")
struct AccountRepositoryContractTests {
    @Test("sessions and tokens are stored, found by hash, expired and revoked", arguments: TestDatabase.backends)
    func sessionsAndTokens(backend: Database.Backend) async throws {
        let database = try await TestDatabase.make(backend)
        let accounts = SQLAccountRepository(database: database)
        let records = SQLRecordRepository(database: database)
        let userID = RecordID(unchecked: "005A0000006Vm9r")
        _ = try await records.insert([Record(object: StandardObjects.user, id: userID, values: [
            "Username": .text("Ada"), "Email": .text("ada@example.com"), "LastName": .text("L"), "Role": .text("supervisor"), "IsActive": .boolean(true),
        ])])
        #expect(try await accounts.credentials(username: "ADA")?.passwordHash == nil)
        try await accounts.setPasswordHash("h1", userID: userID)
        try await accounts.setPasswordHash("h2", userID: userID)
        let credentials = try #require(try await accounts.credentials(username: "ada"))
        #expect(credentials.passwordHash == "h2" && credentials.role == .supervisor && credentials.isActive)

        let t0 = Instant(millisecondsSince1970: 1_000_000)
        try await accounts.insertSession(SessionRecord(tokenHash: "old", userID: userID, csrfToken: "c1", createdAt: t0, expiresAt: t0.adding(milliseconds: 10)))
        try await accounts.insertSession(SessionRecord(tokenHash: "new", userID: userID, csrfToken: "c2", createdAt: t0, expiresAt: t0.adding(milliseconds: 10_000)))
        #expect(try await accounts.session(tokenHash: "new")?.csrfToken == "c2")
        #expect(try await accounts.deleteExpiredSessions(now: t0.adding(milliseconds: 100)) == 1)
        #expect(try await accounts.session(tokenHash: "old") == nil)

        try await accounts.insertToken(APIToken(id: "tok1", name: "PBX", role: .agent, userID: userID, tokenHash: "th", createdAt: t0, revokedAt: nil))
        #expect(try await accounts.token(hash: "th")?.name == "PBX")
        #expect(try await accounts.revokeToken(id: "tok1", at: t0.adding(milliseconds: 5)))
        #expect(try await accounts.token(hash: "th")?.revokedAt == t0.adding(milliseconds: 5))
        #expect(try await accounts.revokeToken(id: "nope", at: t0) == false)
        try await database.shutdown()
    }
}
