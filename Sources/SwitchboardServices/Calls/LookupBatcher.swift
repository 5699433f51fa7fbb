import SwitchboardCore

/// Gathers the duplicate checks of call logs that arrive together into one query: while one
/// lookup runs, the keys that arrive queue up and the next lookup takes them all (the same idea
/// as `InsertBatcher`, for reads).
actor LookupBatcher {
    private let lookup: any CallLogLookup
    private var pending: [(key: String, done: CheckedContinuation<EarlierLog, any Error>)] = []
    private var draining = false

    init(lookup: any CallLogLookup) { self.lookup = lookup }

    func earlierLog(key: String) async throws -> EarlierLog {
        try await withCheckedThrowingContinuation { continuation in
            pending.append((key.lowercased(), continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(500))
            pending.removeFirst(batch.count)
            do {
                let found = try await lookup.earlierLogs(keys: Set(batch.map(\.key)))
                for request in batch { request.done.resume(returning: found[request.key] ?? EarlierLog()) }
            } catch {
                for request in batch { request.done.resume(throwing: error) }
            }
        }
        draining = false
    }
}
