/// Lets one SQLite write transaction run at a time in this process, in arrival order. SQLite has
/// one writer anyway; without the gate, waiting writers block in `BEGIN IMMEDIATE` (busy_timeout)
/// on SQLiteNIO's few threads, and the writer that holds the lock cannot get a thread to finish:
/// measured, 32 concurrent saveLogs stalled for the full timeout. Other processes (the CLI) are
/// still kept out by busy_timeout.
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        await enter()
        do {
            let result = try await body()
            leave()
            return result
        } catch {
            leave()
            throw error
        }
    }

    private func enter() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}
