import Foundation
import SQLiteNIO
import Synchronization

/// Point reads on the SQLite file without SQLiteNIO's thread hop: a few connections of its own,
/// each keeping its prepared statements, stepped on the caller's thread.
///
/// Why: a screen pop reads the caller's index entry, the record and the user — three lookups of a
/// few microseconds each in SQLite — but through SQLiteNIO each costs ~230 µs (a hop to its thread
/// pool and back, and a statement prepared anew), which kept the lookup far from its 100 µs target.
/// Only short indexed reads belong here: they hold a cooperative thread while SQLite steps.
///
/// Every statement runs in its own read transaction (autocommit), so it sees whatever any
/// connection or process committed before it began — a record saved a moment ago is found.
final class DirectSQLiteReader: Sendable {
    private let path: String
    private let connections: [Slot]
    private let next = Atomic<Int>(0)

    /// - Parameter count: connections to keep; about one per core, as each is stepped on a thread.
    init(path: String, connections count: Int = Swift.max(2, ProcessInfo.processInfo.activeProcessorCount)) {
        self.path = path
        connections = (0..<Swift.max(1, count)).map { _ in Slot() }
    }

    /// The rows `sql` returns with `binds` for its `?` parameters, in order.
    func rows(_ sql: String, _ binds: [SQLiteData]) throws -> [DirectSQLiteRow] {
        // Take a free connection if there is one, else wait for one in turn.
        let start = next.add(1, ordering: .relaxed).newValue
        for offset in 0..<connections.count {
            let slot = connections[(start + offset) % connections.count]
            if let rows = try slot.connection.withLockIfAvailable({ try Self.run(sql, binds, on: &$0, path: path) }) { return rows }
        }
        return try connections[start % connections.count].connection.withLock { try Self.run(sql, binds, on: &$0, path: path) }
    }

    /// Closes the connections; a later read opens them again.
    func close() {
        for slot in connections { slot.connection.withLock { $0 = nil } }
    }

    private static func run(_ sql: String, _ binds: [SQLiteData], on connection: inout DirectSQLiteConnection?, path: String) throws -> [DirectSQLiteRow] {
        if connection == nil { connection = try DirectSQLiteConnection(path: path, mode: .read) }
        return try connection!.rows(sql, binds)
    }

    /// A connection, opened on first use, and the lock that lends it to one reader at a time.
    final class Slot: Sendable {
        let connection = Mutex<DirectSQLiteConnection?>(nil)
    }
}
