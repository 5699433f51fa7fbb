import Metrics

/// Lets one SQLite write transaction run at a time in this process, in arrival order: SQLite has
/// one writer anyway, and `SQLiteWriter` one connection for it. Waiting here holds no thread;
/// waiting in SQLite (busy_timeout) would. Other processes (the CLI) are still kept out by
/// SQLite's lock.
///
/// Left through the actor, on a cooperative thread, after the transaction. Handing it on from
/// the writer's thread instead (a lock) made writes cheaper still (busy 21 % of the time at 500
/// SIP calls/s) but let more work in than two cores finish, and the runs collapsed (748 and
/// 1,428 of 5,000 calls failed); see docs/benchmarks.md, session 10.
///
/// The time writers hold the gate is the database's capacity for writes: it is counted in
/// `switchboard_db_write_gate_held_seconds_total` (and the waits for it in `…_waited_seconds_total`),
/// so held seconds per second near 1 means writes are queueing.
actor WriteGate {
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private let held = FloatingPointCounter(label: "switchboard_db_write_gate_held_seconds_total")
    private let waited = FloatingPointCounter(label: "switchboard_db_write_gate_waited_seconds_total")

    func run<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        let arrived = ContinuousClock.now
        await enter()
        let entered = ContinuousClock.now
        waited.increment(by: Self.seconds(entered - arrived))
        defer { held.increment(by: Self.seconds(ContinuousClock.now - entered)) }
        do {
            let result = try await body()
            leave()
            return result
        } catch {
            leave()
            throw error
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
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
