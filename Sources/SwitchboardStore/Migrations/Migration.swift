import SQLKit

/// One versioned change to the database, applied once, in a transaction.
struct Migration: Sendable {
    /// Sorts in application order, e.g. `0001_accounts`.
    let id: String
    let summary: String
    let prepare: @Sendable (any SQLDatabase, Database.Backend) async throws -> Void
}

/// SQL that differs by engine, kept in one place.
enum SQLTypes {
    static func text(_ backend: Database.Backend) -> String {
        // PostgreSQL sorts text by locale unless told otherwise; "C" sorts by code point like
        // SQLite, so both engines return lists in the same order.
        backend == .postgres ? "TEXT COLLATE \"C\"" : "TEXT"
    }
    static func integer(_ backend: Database.Backend) -> String { backend == .postgres ? "BIGINT" : "INTEGER" }
    static func double(_ backend: Database.Backend) -> String { backend == .postgres ? "DOUBLE PRECISION" : "REAL" }
    /// SQLite keeps a table with this suffix in its primary key's b-tree only (no rowid tree).
    static func clustered(_ backend: Database.Backend) -> String { backend == .postgres ? "" : " WITHOUT ROWID" }
}
