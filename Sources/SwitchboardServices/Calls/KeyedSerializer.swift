/// Runs work for the same key one piece at a time, in this process: two saveLogs for the same
/// call must not both find no Task and both create one. (Switchboard runs as one server process
/// per database; see docs/architecture.md.)
actor KeyedSerializer {
    private var held: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    /// Runs `body` once no other body for `key` runs; nil keys run at once.
    func run<R: Sendable>(_ key: String?, _ body: @Sendable () async throws -> R) async throws -> R {
        guard let key else { return try await body() }
        await acquire(key)
        do {
            let result = try await body()
            release(key)
            return result
        } catch {
            release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        if held.insert(key).inserted { return }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    private func release(_ key: String) {
        if var queue = waiting[key], !queue.isEmpty {
            // Hand the key straight to the next in line; it stays held.
            let next = queue.removeFirst()
            waiting[key] = queue.isEmpty ? nil : queue
            next.resume()
        } else {
            held.remove(key)
        }
    }
}
