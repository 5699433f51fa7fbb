import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// `SQLDatabase` over Switchboard's own SQLite connections: each statement is stepped at once, on
/// the calling thread, with no hop to another thread.
struct DirectSQLDatabase: SQLDatabase {
    /// Where the statements run.
    enum Statements: Sendable {
        /// One connection, owned by the caller (the writer's, inside its transaction).
        case connection(DirectSQLiteConnection)
        /// The direct readers: each statement on whichever is free, in its own read transaction.
        case reader(DirectSQLiteReader)
    }

    let statements: Statements
    let logger: Logger
    private static let encoder = SQLiteDataEncoder()

    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var dialect: any SQLDialect { SQLiteDialect() }
    var queryLogLevel: Logger.Level? { .trace }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<Void> {
        eventLoop.makeCompletedFuture { try run(query, onRow) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        try run(query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }

    private func run(_ query: any SQLExpression, _ onRow: @Sendable (any SQLRow) -> Void) throws {
        let (sql, binds) = serialize(query)
        logger.trace("Executing query", metadata: ["sql": .string(sql), "binds": .array(binds.map { .string("\($0)") })])
        let values = try binds.map { try Self.encoder.encode($0) }
        switch statements {
        case .connection(let connection): try connection.run(sql, values) { onRow($0) }
        case .reader(let reader): for row in try reader.rows(sql, values) { onRow(row) }
        }
    }
}
