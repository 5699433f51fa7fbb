public import SwitchboardCore

/// Slows down password guessing. After `freeFailures` failed sign-ins for one username, or four
/// times as many from one address, every further try is refused for a time that doubles with each
/// failure, up to `maximumLockSeconds`. A success clears the username's count.
public actor SignInThrottle {
    struct Entry { var failures: Int; var lockedUntil: Instant; var lastFailure: Instant }

    let clock: any WallClock
    let freeFailures: Int
    let maximumLockSeconds: Int64
    /// Failures older than this are forgotten.
    let windowSeconds: Int64
    private var byUser: [String: Entry] = [:]
    private var byAddress: [String: Entry] = [:]

    public init(clock: any WallClock, freeFailures: Int = 5, maximumLockSeconds: Int64 = 900, windowSeconds: Int64 = 900) {
        self.clock = clock
        self.freeFailures = freeFailures
        self.maximumLockSeconds = maximumLockSeconds
        self.windowSeconds = windowSeconds
    }

    /// Throws `AuthError.throttled` while the username or the address is locked.
    public func check(username: String, address: String) throws(AuthError) {
        let now = clock.now()
        for entry in [byUser[username.lowercased()], byAddress[address]] {
            if let entry, entry.lockedUntil > now {
                throw .throttled(retryAfterSeconds: Int((entry.lockedUntil.millisecondsSince1970 - now.millisecondsSince1970 + 999) / 1000))
            }
        }
    }

    public func recordFailure(username: String, address: String) {
        let now = clock.now()
        bump(&byUser[username.lowercased()], free: freeFailures, now: now)
        bump(&byAddress[address], free: freeFailures * 4, now: now)
        // Bound memory under a spray of usernames or addresses: forget entries no longer locked.
        if byUser.count > 100_000 { byUser = byUser.filter { $0.value.lockedUntil > now } }
        if byAddress.count > 100_000 { byAddress = byAddress.filter { $0.value.lockedUntil > now } }
    }

    public func recordSuccess(username: String) {
        byUser[username.lowercased()] = nil
    }

    private func bump(_ entry: inout Entry?, free: Int, now: Instant) {
        var e = entry ?? Entry(failures: 0, lockedUntil: now, lastFailure: now)
        if now.millisecondsSince1970 - e.lastFailure.millisecondsSince1970 > windowSeconds * 1000 { e.failures = 0 }
        e.failures += 1
        e.lastFailure = now
        if e.failures >= free {
            let seconds = min(maximumLockSeconds, Int64(1) << Int64(min(20, e.failures - free)))
            e.lockedUntil = now.adding(milliseconds: seconds * 1000)
        }
        entry = e
    }
}
