import Synchronization
public import SwitchboardCore

/// Resolved API tokens, kept for a few seconds so a busy integration costs one database query per
/// request (its record), not three. Revoking evicts at once on this node; other nodes, and changes
/// to the token's user (role, deactivation), take effect within `lifetimeMilliseconds`.
public final class TokenCache: Sendable {
    private let entries = Mutex<[String: (principal: Principal, expires: Instant)]>([:])
    let clock: any WallClock
    public let lifetimeMilliseconds: Int64
    let capacity: Int

    public init(clock: any WallClock, lifetimeMilliseconds: Int64 = 5000, capacity: Int = 10_000) {
        self.clock = clock
        self.lifetimeMilliseconds = lifetimeMilliseconds
        self.capacity = capacity
    }

    func principal(hash: String) -> Principal? {
        let now = clock.now()
        return entries.withLock { entries in
            guard let entry = entries[hash] else { return nil }
            if entry.expires <= now {
                entries[hash] = nil
                return nil
            }
            return entry.principal
        }
    }

    func store(_ principal: Principal, hash: String) {
        guard lifetimeMilliseconds > 0 else { return }
        let expires = clock.now().adding(milliseconds: lifetimeMilliseconds)
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[hash] = (principal, expires)
        }
    }

    /// Forgets every cached use of the token with this id.
    func evict(tokenID: String) {
        entries.withLock { entries in entries = entries.filter { $0.value.principal.kind != .token(id: tokenID) } }
    }
}
