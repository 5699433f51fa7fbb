import SwitchboardCore

/// Group commit for small inserts that arrive together (softphones logging calls): while one
/// transaction is being written, the inserts that arrive queue up, and the next transaction
/// takes them all. One commit and one statement per object then serve many requests, which is
/// what lets saveLog keep up with a busy call center on one SQLite file (docs/benchmarks.md).
/// When a shared transaction fails, each request is retried alone, so one bad insert only
/// fails its own request.
actor InsertBatcher {
    private let records: RecordService
    private let maximumRequests: Int
    private var pending: [(records: [RecordService.PreparedRecord], done: CheckedContinuation<[Record], any Error>)] = []
    private var draining = false

    init(records: RecordService, maximumRequests: Int = 256) {
        self.records = records
        self.maximumRequests = maximumRequests
    }

    /// Stores the records (in order, in one transaction shared with other requests).
    func insert(_ prepared: [RecordService.PreparedRecord]) async throws -> [Record] {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((prepared, continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumRequests))
            pending.removeFirst(batch.count)
            // Tasks before the calls that point at them: order by the position within each request.
            let ordered = batch.flatMap { request in request.records.enumerated().map { ($0.offset, $0.element) } }
                .sorted { $0.0 < $1.0 }.map(\.1)
            do {
                let stored = try await records.insertPrepared(ordered)
                let byID = Dictionary(stored.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
                for request in batch { request.done.resume(returning: request.records.map { byID[$0.record.id] ?? $0.record }) }
            } catch {
                for request in batch {
                    do { request.done.resume(returning: try await records.insertPrepared(request.records)) } catch {
                        request.done.resume(throwing: error)
                    }
                }
            }
        }
        draining = false
    }
}
