import Logging
import SQLKit
import SwitchboardCore

/// Brings a database up to date: applies pending migrations in order, each with its record in
/// `schema_migrations` in the same transaction, then syncs the object tables with the schema.
public struct Migrator: Sendable {
    /// A step's progress, for the CLI's output.
    public struct Progress: Sendable {
        public let step: Int
        public let total: Int
        public let name: String
    }

    let database: Database
    let migrations: [Migration]

    public init(database: Database) {
        self.database = database
        self.migrations = Migrations.all
    }

    /// Ids of migrations not yet applied.
    public func pending() async throws -> [String] {
        try await ensureTable()
        let applied = try await appliedIDs()
        return migrations.map(\.id).filter { !applied.contains($0) }
    }

    /// Applies what is pending and syncs object tables. Safe to run any number of times.
    /// - Returns: the ids of the migrations applied now.
    @discardableResult
    public func run(progress: @Sendable (Progress) -> Void = { _ in }) async throws -> [String] {
        try await ensureTable()
        let applied = try await appliedIDs()
        let todo = migrations.filter { !applied.contains($0.id) }
        let total = todo.count + 1
        let backend = database.backend
        for (i, migration) in todo.enumerated() {
            progress(Progress(step: i + 1, total: total, name: "\(migration.id): \(migration.summary)"))
            try await database.transaction { db in
                try await migration.prepare(db, backend)
                try await db.insert(into: "schema_migrations").columns("id", "applied_at")
                    .values(SQLBind(migration.id), SQLBind(Int64(0))).run()
            }
        }
        progress(Progress(step: total, total: total, name: "object tables: \(StandardObjects.all.map(\.name).joined(separator: ", "))"))
        try await database.transaction { db in
            try await ObjectTableSync(backend: backend).sync(StandardObjects.all, on: db)
            try await SQLCallReportRepository.createIndexes(on: db)
        }
        return todo.map(\.id)
    }

    private func ensureTable() async throws {
        let text = SQLTypes.text(database.backend), int = SQLTypes.integer(database.backend)
        try await database.withConnection { db in
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_migrations (id \(unsafeRaw: text) PRIMARY KEY, applied_at \(unsafeRaw: int) NOT NULL)").run()
        }
    }

    private func appliedIDs() async throws -> Set<String> {
        try await database.withConnection { db in
            Set(try await db.select().column("id").from("schema_migrations").all().map { try $0.decode(column: "id", as: String.self) })
        }
    }
}
