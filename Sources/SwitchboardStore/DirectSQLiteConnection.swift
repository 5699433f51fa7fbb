import SQLKit
import SQLiteKit
import SQLiteNIO
import VaporCSQLite

/// One SQLite connection of Switchboard's own, outside SQLiteNIO: statements stepped on the
/// calling thread and kept prepared. The direct readers and the writer thread each own some.
/// Not thread-safe: its owner lends it to one user at a time.
final class DirectSQLiteConnection: @unchecked Sendable {
    /// What a connection is for; it sets the connection's pragmas.
    enum Mode { case read, write }

    /// Prepared statements kept per connection. The statements a running server repeats are a few
    /// dozen; imports and migrations make one-off ones (multi-row inserts, DDL), which must not
    /// pile up.
    static let keptStatements = 256

    private let handle: OpaquePointer
    private var statements: [String: OpaquePointer] = [:]

    init(path: String, mode: Mode) throws {
        var handle: OpaquePointer?
        // The writer may be first to open a new file; a reader never creates one.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == .write ? SQLITE_OPEN_CREATE : 0)
        let opened = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard opened == SQLITE_OK, let handle else {
            if let handle { sqlite_nio_sqlite3_close(handle) }
            throw DirectSQLiteError(message: "cannot open the SQLite file \(path) (SQLite code \(opened))")
        }
        self.handle = handle
        let pragmas: [String] = switch mode {
        // Reads only; wait out a writer's checkpoint rather than fail. The file is mapped into
        // memory, so a page missing from SQLite's cache is a memory read, not a read(2) call:
        // lookup p99 41 µs mapped, 207 µs not (bench screenpop). The price, under writes: SQLite
        // drops the mapping at the first read after each commit (munmap, a TLB shootdown) —
        // 3 % of the server's CPU at 500 SIP calls/s, no change in CPU per call at 100/s.
        case .read: ["PRAGMA query_only = 1", "PRAGMA busy_timeout = 10000", "PRAGMA cache_size = -32768", "PRAGMA mmap_size = 4294967296"]
        // The pool's settings (`SQLiteTunedSource`): WAL, wait for another process's writer
        // rather than fail, NORMAL sync (safe with WAL), a 32 MiB cache, statement journals in
        // memory, and a checkpoint every 10,000 pages.
        case .write: ["PRAGMA journal_mode = WAL", "PRAGMA busy_timeout = 10000", "PRAGMA synchronous = NORMAL", "PRAGMA cache_size = -32768",
                      "PRAGMA temp_store = MEMORY", "PRAGMA wal_autocheckpoint = 10000"]
        }
        for pragma in pragmas { sqlite_nio_sqlite3_exec(handle, pragma, nil, nil, nil) }
    }

    deinit {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        sqlite_nio_sqlite3_close(handle)
    }

    /// The rows `sql` returns with `binds` for its `?` parameters, in order.
    func rows(_ sql: String, _ binds: [SQLiteData]) throws -> [DirectSQLiteRow] {
        var rows: [DirectSQLiteRow] = []
        try run(sql, binds) { rows.append($0) }
        return rows
    }

    /// Runs `sql` with `binds`, handing each row it returns to `onRow`.
    func run(_ sql: String, _ binds: [SQLiteData], onRow: (DirectSQLiteRow) -> Void) throws {
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
            case .blob: throw DirectSQLiteError(message: "blobs are not stored by Switchboard; parameter \(position) of \(sql) is one")
            }
            guard bound == SQLITE_OK else { throw failure("binding parameter \(position) of \(sql)") }
        }
        // Column names are read per query: a re-prepared `SELECT *` may have gained columns.
        let count = sqlite_nio_sqlite3_column_count(statement)
        let columns = count == 0 ? nil : DirectSQLiteRow.Columns(names: (0..<count).map { String(cString: sqlite_nio_sqlite3_column_name(statement, $0)) })
        while true {
            let stepped = sqlite_nio_sqlite3_step(statement)
            if stepped == SQLITE_DONE { return }
            guard stepped == SQLITE_ROW, let columns else { throw failure("running \(sql)") }
            onRow(DirectSQLiteRow(columns: columns, values: (0..<count).map { value(statement, $0) }))
        }
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        if statements.count >= Self.keptStatements {
            for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
            statements.removeAll(keepingCapacity: true)
        }
        var statement: OpaquePointer?
        guard sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK else {
            throw failure("preparing \(sql)")
        }
        // An empty string or a comment prepares to no statement: nothing to run.
        guard let statement else { throw DirectSQLiteError(message: "there is no SQL statement in '\(sql)'") }
        statements[sql] = statement
        return statement
    }

    private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: .integer(Int(sqlite_nio_sqlite3_column_int64(statement, column)))
        case SQLITE_FLOAT: .float(sqlite_nio_sqlite3_column_double(statement, column))
        case SQLITE_TEXT: sqlite_nio_sqlite3_column_text(statement, column).map { .text(String(cString: $0)) } ?? .null
        default: .null  // Switchboard stores no blobs
        }
    }

    private func failure(_ doing: String) -> DirectSQLiteError {
        DirectSQLiteError(message: "SQLite failed \(doing): \(String(cString: sqlite_nio_sqlite3_errmsg(handle)))")
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
