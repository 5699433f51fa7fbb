import Foundation
import Logging
import SQLKit
import SwitchboardStore
import SwitchboardTestSupport
import Testing

/// SQLite's write transactions, as users would notice them: they land, wait for another
/// process's writes rather than fail, and vanish whole when rolled back.
@Suite("SQLite writes")
struct SQLiteWriteTests {
    struct Refused: Error {}

    static func ids(_ database: Database) async throws -> [String] {
        try await database.withConnection { db in
            try await db.raw("SELECT id FROM schema_migrations WHERE id LIKE 'test-%' ORDER BY id").all().map { try $0.decode(column: "id", as: String.self) }
        }
    }

    static func insert(_ id: String, on db: any SQLDatabase) async throws {
        try await db.raw("INSERT INTO schema_migrations (id, applied_at) VALUES (\(bind: id), 0)").run()
    }

    @Test("a write while another process writes (the CLI importing, say) waits for it, then lands — it does not fail with 'database is locked'")
    func waitsForAnotherWriter() async throws {
        let url = try await TestDatabase.makeURL(.sqlite)
        let database = try Database(url: url, maxConnectionsPerEventLoop: 2, logger: Logger(label: "test"))
        try await Migrator(database: database).run()
        let other = try Database(url: url, maxConnectionsPerEventLoop: 1, logger: Logger(label: "test-other"))
        let (locked, lockTaken) = AsyncStream<Void>.makeStream()
        let (release, releaseLock) = AsyncStream<Void>.makeStream()
        async let otherWrite: Void = other.withConnection { db in
            try await db.raw("BEGIN IMMEDIATE").run()
            try await Self.insert("test-1-other", on: db)
            lockTaken.yield()
            for await _ in release { break }
            try await db.raw("COMMIT").run()
        }
        for await _ in locked { break }
        async let ourWrite: Void = database.transaction { db in try await Self.insert("test-2-ours", on: db) }
        // Ours finds SQLite locked and waits (busy_timeout) for the other writer, on the writer's
        // own thread rather than one of Swift's two.
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while database.connectionsInUse == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
        #expect(database.connectionsInUse == 1, "the write waits on the writer's connection")
        releaseLock.yield()
        try await otherWrite
        try await ourWrite
        #expect(try await Self.ids(database) == ["test-1-other", "test-2-ours"])
        try await other.shutdown()
        try await database.shutdown()
    }

    @Test("a transaction that fails leaves none of its writes, and the next one lands")
    func rollback() async throws {
        let database = try await TestDatabase.make(.sqlite)
        await #expect(throws: Refused.self) {
            try await database.transaction { db in
                try await Self.insert("test-1-kept-out", on: db)
                throw Refused()
            }
        }
        try await database.transaction { db in try await Self.insert("test-2-lands", on: db) }
        #expect(try await Self.ids(database) == ["test-2-lands"])
        try await database.shutdown()
    }

    @Test("two hundred writes at once all land, each whole, none lost to 'database is locked'")
    func concurrentWritesLand() async throws {
        let database = try await TestDatabase.make(.sqlite)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<200 {
                group.addTask {
                    try await database.transaction { db in
                        try await Self.insert(String(format: "test-%03d-a", n), on: db)
                        try await Self.insert(String(format: "test-%03d-b", n), on: db)
                    }
                }
            }
            try await group.waitForAll()
        }
        let ids = try await Self.ids(database)
        #expect(ids.count == 400)
        #expect(ids == (0..<200).flatMap { [String(format: "test-%03d-a", $0), String(format: "test-%03d-b", $0)] })
        try await database.shutdown()
    }

    @Test("a statement SQLite refuses fails its transaction with SQLite's reason, and leaves none of its writes")
    func refusedStatement() async throws {
        let database = try await TestDatabase.make(.sqlite)
        let error = await #expect(throws: (any Error).self) {
            try await database.transaction { db in
                try await Self.insert("test-1-first", on: db)
                try await Self.insert("test-1-first", on: db)  // the same primary key again
            }
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("UNIQUE constraint failed: schema_migrations.id"))
        #expect(try await Self.ids(database) == [])
        try await database.shutdown()
    }

    @Test("more distinct statements than the writer keeps prepared still run, in one transaction")
    func manyDistinctStatements() async throws {
        let database = try await TestDatabase.make(.sqlite)
        // Each literal id makes a statement of its own (an import's or a migration's one-offs).
        try await database.transaction { db in
            for n in 0..<600 { try await db.raw("INSERT INTO schema_migrations (id, applied_at) VALUES ('test-\(unsafeRaw: String(format: "%03d", n))', 0)").run() }
        }
        #expect(try await Self.ids(database).count == 600)
        try await database.shutdown()
    }
}
