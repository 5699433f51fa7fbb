import Synchronization
public import SwitchboardCore

/// Values kept for a few milliseconds, so that what every request reads (softphone layouts, call
/// centers) costs a database query only now and then. Writes on this node evict at once; other
/// nodes' writes show within the lifetime.
public final class ShortLivedCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries = Mutex<[Key: (value: Value, expires: Instant)]>([:])
    let clock: any WallClock
    let lifetimeMilliseconds: Int64

    /// - Parameter lifetimeMilliseconds: 0 turns the cache off.
    public init(clock: any WallClock, lifetimeMilliseconds: Int64) {
        self.clock = clock
        self.lifetimeMilliseconds = lifetimeMilliseconds
    }

    /// The cached value, or `load`'s answer, kept for the lifetime.
    func value(for key: Key, load: () async throws -> Value) async rethrows -> Value {
        let now = clock.now()
        if let hit = entries.withLock({ $0[key] }), hit.expires > now { return hit.value }
        let value = try await load()
        if lifetimeMilliseconds > 0 {
            entries.withLock { entries in
                if entries.count >= 10_000 { entries.removeAll(keepingCapacity: true) }
                entries[key] = (value, now.adding(milliseconds: lifetimeMilliseconds))
            }
        }
        return value
    }

    func removeAll() {
        entries.withLock { $0.removeAll() }
    }
}
