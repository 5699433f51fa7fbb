import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// `SQLDatabase` over a `DirectSQLiteConnection`: each statement is stepped at once, on the
/// calling thread, so only its owner may use it, one statement at a time.
struct DirectSQLDatabase: SQLDatabase {
    let connection: DirectSQLiteConnection
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
        try connection.run(sql, try binds.map { try Self.encoder.encode($0) }) { onRow($0) }
    }
}
