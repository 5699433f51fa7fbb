import Logging
import SQLKit
import Synchronization

/// SQLite's one writer in this process: every write transaction runs, whole, on one connection of
/// its own, on a thread of its own (`SQLiteWriterThread`), one transaction at a time in arrival
/// order (`WriteGate`). Its statements are stepped right there and kept prepared, so a
/// transaction holds SQLite's write lock for SQLite's work only — not for a hop to another
/// thread and back per statement. Other processes (the CLI) are still kept out by SQLite's lock,
/// and waited for (busy_timeout) on the writer's thread.
final class SQLiteWriter: @unchecked Sendable {
    private let path: String
    private let logger: Logger
    private let thread = SQLiteWriterThread(name: "sqlite-writer")
    private let gate = WriteGate()
    private let busy = Atomic<Bool>(false)
    /// Opened on first use; only touched inside the gate, by one transaction at a time.
    private var connection: DirectSQLiteConnection?

    init(path: String, logger: Logger) {
        self.path = path
        self.logger = logger
    }

    /// Whether a transaction holds the writer now.
    var inUse: Bool { busy.load(ordering: .relaxed) }

    /// Runs `body` in a write transaction: committed when it returns, rolled back when it throws.
    func transaction<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        // Waiting for the gate holds no thread; the transaction then runs whole on the writer's.
        try await gate.run { try await withTaskExecutorPreference(thread) { try await inside(body) } }
    }

    private func inside<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        busy.store(true, ordering: .relaxed)
        defer { busy.store(false, ordering: .relaxed) }
        let connection = try openConnection()
        let db = DirectSQLDatabase(statements: .connection(connection), logger: logger)
        // IMMEDIATE takes SQLite's write lock up front: a writer in another process is waited
        // for here (busy_timeout), not found midway as a failed lock upgrade.
        try connection.run("BEGIN IMMEDIATE", []) { _ in }
        do {
            let result = try await body(db)
            try connection.run("COMMIT", []) { _ in }
            return result
        } catch {
            try? connection.run("ROLLBACK", []) { _ in }
            throw error
        }
    }

    /// Closes the connection and lets the thread end. Call after the last transaction.
    func close() async throws {
        try await gate.run { connection = nil }
        thread.stop()
    }

    private func openConnection() throws -> DirectSQLiteConnection {
        if let connection { return connection }
        let opened = try DirectSQLiteConnection(path: path, mode: .write)
        connection = opened
        return opened
    }
}
