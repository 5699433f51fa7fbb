import Foundation
import SQLKit
public import SwitchboardCore

extension SQLRecordRepository {
    public func bulkLoad() async throws -> any BulkRecordLoad {
        let load = SQLBulkLoad(repository: self, marker: "search.index.pending." + UUID().uuidString)
        // Until finish, a crash leaves records without index rows: the marker makes the next
        // start rebuild the index (ensurePhoneIndex).
        try await database.withConnection { db in
            try await db.insert(into: "sb_setting").columns("key", "value").values(SQLBind(load.marker), SQLBind("bulk load")).run()
        }
        return load
    }
}

/// A bulk load over SQL: records go in at once; their index rows are gathered and written sorted
/// every `flushRows` rows (500,000 measured best: see docs/benchmarks.md). One commit per 1,000 records would otherwise dirty index pages all over
/// the b-tree each time (measured: 1M Contacts took 111 s that way).
final class SQLBulkLoad: BulkRecordLoad, @unchecked Sendable {
    let repository: SQLRecordRepository
    let marker: String
    static let flushRows = 500_000
    private let lock = NSLock()
    private var gathered = SQLRecordRepository.IndexRows()

    init(repository: SQLRecordRepository, marker: String) {
        self.repository = repository
        self.marker = marker
    }

    func insert(_ records: [Record]) async throws -> [Record] {
        // The index rows (normalizing every number) are worked out while SQLite writes the records.
        let repository = self.repository
        async let computed = repository.indexRows(records)
        let stored = try await repository.insert(records, indexRows: SQLRecordRepository.IndexRows())
        let rows = await computed
        let full = lock.withLock { () -> SQLRecordRepository.IndexRows? in
            gathered.phones += rows.phones
            gathered.folds += rows.folds
            guard gathered.phones.count + gathered.folds.count >= Self.flushRows else { return nil }
            defer { gathered = SQLRecordRepository.IndexRows() }
            return gathered
        }
        if let full { try await write(full) }
        return stored
    }

    func finish() async throws {
        let rest = lock.withLock { () -> SQLRecordRepository.IndexRows in
            defer { gathered = SQLRecordRepository.IndexRows() }
            return gathered
        }
        try await write(rest)
        try await repository.database.withConnection { db in
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind(marker)).run()
        }
    }

    private func write(_ rows: SQLRecordRepository.IndexRows) async throws {
        guard !rows.phones.isEmpty || !rows.folds.isEmpty else { return }
        let sorted = SQLRecordRepository.IndexRows(phones: rows.phones.sorted { $0.key < $1.key }, folds: rows.folds)
        try await repository.database.transaction { db in try await repository.insertIndexRows(sorted, on: db) }
    }
}
