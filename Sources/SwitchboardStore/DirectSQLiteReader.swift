import Foundation
import SQLKit
import SQLiteKit
import SQLiteNIO
import Synchronization
import VaporCSQLite

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

    private static func run(_ sql: String, _ binds: [SQLiteData], on connection: inout Connection?, path: String) throws -> [DirectSQLiteRow] {
        if connection == nil { connection = try Connection(path: path) }
        return try connection!.rows(sql, binds)
    }

    /// A connection, opened on first use, and the lock that lends it to one reader at a time.
    final class Slot: Sendable {
        let connection = Mutex<Connection?>(nil)
    }

    /// One connection and its statements; only ever used under its slot's lock.
    final class Connection: @unchecked Sendable {
        private let handle: OpaquePointer
        private var statements: [String: OpaquePointer] = [:]

        init(path: String) throws {
            var handle: OpaquePointer?
            let opened = sqlite_nio_sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
            guard opened == SQLITE_OK, let handle else {
                if let handle { sqlite_nio_sqlite3_close(handle) }
                throw DirectSQLiteError(message: "cannot open \(path) for reading (SQLite code \(opened))")
            }
            self.handle = handle
            // Reads only; wait out a writer's checkpoint rather than fail. The file is mapped into
            // memory, so a page missing from SQLite's cache is a memory read, not a read(2) call:
            // lookup p99 41 µs mapped, 207 µs not (bench screenpop). The price, under writes: SQLite
            // drops the mapping at the first read after each commit (munmap, a TLB shootdown) —
            // 3 % of the server's CPU at 500 SIP calls/s, no change in CPU per call at 100/s.
            for pragma in ["PRAGMA query_only = 1", "PRAGMA busy_timeout = 10000", "PRAGMA cache_size = -32768", "PRAGMA mmap_size = 4294967296"] {
                sqlite_nio_sqlite3_exec(handle, pragma, nil, nil, nil)
            }
        }

        deinit {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            sqlite_nio_sqlite3_close(handle)
        }

        func rows(_ sql: String, _ binds: [SQLiteData]) throws -> [DirectSQLiteRow] {
            let statement = try prepared(sql)
            // Every parameter is bound anew below. Not sqlite3_clear_bindings: it marks a statement
            // whose plan looked at a parameter as expired, and SQLite would prepare it again each time.
            defer { sqlite_nio_sqlite3_reset(statement) }
            for (index, value) in binds.enumerated() {
                let position = Int32(index + 1)
                let bound: Int32
                switch value {
                case .integer(let n): bound = sqlite_nio_sqlite3_bind_int64(statement, position, Int64(n))
                case .float(let d): bound = sqlite_nio_sqlite3_bind_double(statement, position, d)
                case .text(let text): bound = sqlite_nio_sqlite3_bind_text64(statement, position, text, UInt64(text.utf8.count), transient, UInt8(SQLITE_UTF8))
                case .null: bound = sqlite_nio_sqlite3_bind_null(statement, position)
                case .blob: throw DirectSQLiteError(message: "blobs are not bound by the direct reader")
                }
                guard bound == SQLITE_OK else { throw failure("binding parameter \(position)") }
            }
            // Column names are read per query: a re-prepared `SELECT *` may have gained columns.
            let count = sqlite_nio_sqlite3_column_count(statement)
            let names = (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) }
            let columns = DirectSQLiteRow.Columns(names: names)
            var rows: [DirectSQLiteRow] = []
            while true {
                let stepped = sqlite_nio_sqlite3_step(statement)
                if stepped == SQLITE_DONE { return rows }
                guard stepped == SQLITE_ROW else { throw failure("reading rows") }
                rows.append(DirectSQLiteRow(columns: columns, values: (0..<count).map { value(statement, $0) }))
            }
        }

        private func prepared(_ sql: String) throws -> OpaquePointer {
            if let statement = statements[sql] { return statement }
            var statement: OpaquePointer?
            guard sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                throw failure("preparing \(sql)")
            }
            statements[sql] = statement
            return statement
        }

        private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
            switch sqlite_nio_sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
            case SQLITE_FLOAT: .float(sqlite_nio_sqlite3_column_double(statement, column))
            case SQLITE_TEXT: sqlite_nio_sqlite3_column_text(statement, column).map { .text(String(cString: $0)) } ?? .null
            default: .null  // blobs are not stored in the tables read here
            }
        }

        private func failure(_ doing: String) -> DirectSQLiteError {
            DirectSQLiteError(message: "SQLite failed \(doing): \(String(cString: sqlite_nio_sqlite3_errmsg(handle)))")
        }
    }
}

/// SQLite's "copy the bytes now" destructor for bound text.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

struct DirectSQLiteError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// A row read by `DirectSQLiteReader`, decoded through SQLKit's `SQLRow` like a pooled query's.
struct DirectSQLiteRow: SQLRow {
    /// The column names of one query's rows, shared by them.
    final class Columns: Sendable {
        let names: [String]
        let offsets: [String: Int]
        init(names: [String]) {
            self.names = names
            offsets = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [SQLiteData]
    private static let decoder = SQLiteDataDecoder()

    var allColumns: [String] { columns.names }
    func contains(column: String) -> Bool { columns.offsets[column] != nil }
    func decodeNil(column: String) throws -> Bool { columns.offsets[column].map { values[$0] == .null } ?? true }
    func decode<D: Decodable>(column: String, as type: D.Type) throws -> D {
        guard let offset = columns.offsets[column] else { throw DirectSQLiteError(message: "no column \(column) in the row") }
        return try Self.decoder.decode(D.self, from: values[offset])
    }
}
