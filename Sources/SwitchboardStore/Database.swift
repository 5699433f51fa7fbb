@preconcurrency import AsyncKit
import Foundation
public import Logging
import Metrics
import NIOCore
import NIOPosix
import PostgresKit
import PostgresNIO
public import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization

/// The database Switchboard runs on: an embedded SQLite file or a PostgreSQL server, behind one
/// connection pool and one `SQLDatabase` interface. Repositories are written once against it.
public final class Database: Sendable {
    /// Which engine is behind the pool.
    public enum Backend: String, Sendable { case sqlite, postgres }

    private enum Pool: Sendable {
        case sqlite(EventLoopGroupConnectionPool<SQLiteTunedSource>)
        case postgres(EventLoopGroupConnectionPool<PostgresConnectionSource>)
    }

    public let backend: Backend
    private let pool: Pool
    private let logger: Logger
    private let inUse = Atomic<Int>(0)
    /// Point reads on SQLite without the pool's thread hop; nil on PostgreSQL.
    let direct: DirectSQLiteReader?
    /// SQLite's write transactions, one at a time on a thread of their own; nil on PostgreSQL.
    private let writer: SQLiteWriter?
    /// The text of the statements every call writes, built once per shape (`StatementTexts`).
    let statementTexts = StatementTexts()
    private let inUseGauge = Gauge(label: "switchboard_db_connections_in_use")
    private let maxGauge = Gauge(label: "switchboard_db_connections_max")

    /// Opens a pool for a database URL: `sqlite:///absolute/path.sqlite`, `sqlite://relative/path`,
    /// a plain file path, or `postgres://user:password@host:port/database`.
    /// - Throws: `DatabaseConfigurationError` when the URL is not understood.
    public init(url: String, maxConnectionsPerEventLoop: Int = 4, logger: Logger) throws {
        self.logger = logger
        let group = MultiThreadedEventLoopGroup.singleton
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let config: SQLPostgresConfiguration
            do { config = try SQLPostgresConfiguration(url: url) } catch {
                throw DatabaseConfigurationError(message: "cannot read the PostgreSQL URL (\(error)); expected postgres://user:password@host:5432/database")
            }
            backend = .postgres
            direct = nil
            writer = nil
            pool = .postgres(EventLoopGroupConnectionPool(
                source: PostgresConnectionSource(sqlConfiguration: config),
                maxConnectionsPerEventLoop: maxConnectionsPerEventLoop, logger: logger, on: group))
        } else {
            var path = url
            for prefix in ["sqlite://", "sqlite:"] where path.hasPrefix(prefix) { path = String(path.dropFirst(prefix.count)); break }
            guard !path.isEmpty, !path.contains("://") else {
                throw DatabaseConfigurationError(message: "'\(url)' is neither a SQLite file path nor a postgres:// URL")
            }
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
                throw DatabaseConfigurationError(message: "cannot create the folder \(directory.path) for the SQLite file: \(error.localizedDescription)")
            }
            backend = .sqlite
            direct = DirectSQLiteReader(path: path)
            writer = SQLiteWriter(path: path, logger: logger)
            pool = .sqlite(EventLoopGroupConnectionPool(
                source: SQLiteTunedSource(base: SQLiteConnectionSource(configuration: .init(storage: .file(path: path), enableForeignKeys: false))),
                maxConnectionsPerEventLoop: maxConnectionsPerEventLoop, logger: logger, on: group))
        }
        maxGauge.record(maxConnectionsPerEventLoop * group.makeIterator().reduce(0) { n, _ in n + 1 })
    }

    /// How many connections are in use now: lent out by the pool, and SQLite's writer in a transaction.
    public var connectionsInUse: Int { inUse.load(ordering: .relaxed) + (writer?.inUse == true ? 1 : 0) }

    /// Runs `body` with one connection held for its whole duration (inside `inOneTransaction`:
    /// that transaction's connection).
    public func withConnection<R: Sendable>(_ body: (any SQLDatabase) async throws -> R) async throws -> R {
        if let joined = joinable { return try await body(joined) }
        inUseGauge.record(inUse.add(1, ordering: .relaxed).newValue)
        defer { inUseGauge.record(inUse.subtract(1, ordering: .relaxed).newValue) }
        switch pool {
        case .sqlite(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(connection.sql(queryLogLevel: .trace))
        case .postgres(let pool):
            let connection = try await pool.requestConnection(logger: logger).get()
            defer { pool.releaseConnection(connection, logger: logger) }
            return try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    /// Runs `body` with a database for short indexed reads — a row by its key, a few by an index:
    /// on SQLite outside a transaction, each statement is stepped at once on the caller's thread
    /// by the direct readers (statements kept prepared, no hop to SQLiteNIO's threads: a SIP call
    /// makes about ten such reads); otherwise on a pooled connection, or the transaction's. Only
    /// such reads belong here: a long one would hold one of Swift's two cooperative threads.
    public func withPointReads<R: Sendable>(_ body: (any SQLDatabase) async throws -> R) async throws -> R {
        if let direct, !inUnitOfWork { return try await body(DirectSQLDatabase(statements: .reader(direct), logger: logger)) }
        return try await withConnection(body)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// Inside `inOneTransaction` it is part of that transaction.
    public func transaction<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        if let joined = joinable { return try await body(joined) }
        guard let writer else { return try await transactionOnConnection(body) }
        return try await writer.transaction(body)
    }

    /// Runs `body` as one transaction: every read and write the repositories over this database
    /// make in it (in this task) use its connection, and are committed together when it returns,
    /// or rolled back together when it throws. SQLite's writer is held throughout, so keep it to
    /// the writes: no waiting on other locks inside (presence's per-agent order, say), which
    /// could wait on this one.
    public func inOneTransaction<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        if joinable != nil { return try await body() }
        return try await transaction { db in
            let work = UnitOfWork(database: ObjectIdentifier(self), connection: db)
            // A task started inside (and still running after the commit) must not use the connection.
            defer { work.open.store(false, ordering: .releasing) }
            return try await Self.$unitOfWork.withValue(work) { try await body() }
        }
    }

    /// Whether this task is inside `inOneTransaction` on this database: reads must then see its writes.
    var inUnitOfWork: Bool { joinable != nil }

    @TaskLocal static var unitOfWork: UnitOfWork?

    private var joinable: (any SQLDatabase)? {
        guard let work = Self.unitOfWork, work.database == ObjectIdentifier(self), work.open.load(ordering: .acquiring) else { return nil }
        return work.connection
    }

    /// A PostgreSQL transaction on a pooled connection (SQLite's go to `SQLiteWriter`).
    private func transactionOnConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await withConnection { db in
            try await db.raw("BEGIN").run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Runs a trivial query; throws when the database does not answer.
    public func ping() async throws {
        try await withConnection { db in try await db.raw("SELECT 1").run() }
    }

    /// Closes every connection. Call once, after the last use.
    public func shutdown() async throws {
        direct?.close()
        try await writer?.close()
        switch pool {
        case .sqlite(let pool): try await pool.shutdownAsync()
        case .postgres(let pool): try await pool.shutdownAsync()
        }
    }
}

extension Database {
    /// A one-line explanation of a database error for operators. PostgresNIO hides details in its
    /// errors' descriptions (they may hold data); the server's message and the connection failure
    /// are what an operator needs and are safe to show.
    public static func explain(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let message = e.serverInfo?[.message] { return "PostgreSQL says: \(message)" }
            if let underlying = e.underlying { return "cannot connect to PostgreSQL: \(underlying)" }
            return "PostgreSQL error \(e.code)"
        }
        return "\(error)"
    }

    /// The URL without its password, for messages.
    public static func redact(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"), scheme.upperBound < at else { return url }
        let credentials = url[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}

/// The transaction `Database.inOneTransaction` runs, seen by the repositories called inside it.
final class UnitOfWork: Sendable {
    let database: ObjectIdentifier
    let connection: any SQLDatabase
    let open = Atomic<Bool>(true)

    init(database: ObjectIdentifier, connection: any SQLDatabase) {
        self.database = database
        self.connection = connection
    }
}

/// A database URL or setting that cannot be used, with what to write instead.
public struct DatabaseConfigurationError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Opens SQLite connections set up for a server: write-ahead logging so readers never wait for the
/// writer, a busy timeout so writers queue instead of failing, NORMAL sync (safe with WAL), and a
/// 32 MiB page cache so index pages stay in memory during large imports, statement journals in
/// memory, and a checkpoint every 10,000 pages (about 40 MiB of WAL) rather than every 1,000.
struct SQLiteTunedSource: ConnectionPoolSource {
    let base: SQLiteConnectionSource
    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        base.makeConnection(logger: logger, on: eventLoop).flatMap { connection in
            connection.query("PRAGMA journal_mode = WAL")
                .flatMap { _ in connection.query("PRAGMA busy_timeout = 10000") }
                .flatMap { _ in connection.query("PRAGMA synchronous = NORMAL") }
                .flatMap { _ in connection.query("PRAGMA cache_size = -32768") }
                // Statement journals in memory, and fewer, larger checkpoints during bulk writes.
                .flatMap { _ in connection.query("PRAGMA temp_store = MEMORY") }
                .flatMap { _ in connection.query("PRAGMA wal_autocheckpoint = 10000") }
                .map { _ in connection }
        }
    }
}
