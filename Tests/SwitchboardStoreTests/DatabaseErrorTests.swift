import Logging
import SwitchboardStore
import Testing

@Suite("Database errors operators read")
struct DatabaseErrorTests {
    @Test("a URL's password never appears in messages")
    func redaction() {
        #expect(Database.redact("postgres://ada:s3cret@db:5432/sb") == "postgres://ada:***@db:5432/sb")
        #expect(Database.redact("postgres://ada@db/sb") == "postgres://ada@db/sb")
        #expect(Database.redact("data/switchboard.sqlite") == "data/switchboard.sqlite")
    }

    @Test("an unreachable PostgreSQL is explained, not hidden behind a generic description")
    func unreachable() async throws {
        let database = try Database(url: "postgres://nobody@127.0.0.1:1/none?sslmode=disable", maxConnectionsPerEventLoop: 1, logger: Logger(label: "test"))
        await #expect { try await database.ping() } throws: { Database.explain($0).contains("cannot connect to PostgreSQL") && Database.explain($0).contains("refused") }
        try await database.shutdown()
    }

    @Test("a URL that is neither a file nor postgres:// is refused with what to write")
    func badURL() {
        #expect { _ = try Database(url: "mysql://x", logger: Logger(label: "test")) } throws: { "\($0)".contains("postgres://") }
    }
}
