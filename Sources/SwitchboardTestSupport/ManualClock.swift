import Synchronization
public import SwitchboardCore

/// A wall clock that moves only when a test says so.
public final class ManualClock: WallClock {
    private let current: Mutex<Instant>

    public init(_ start: Instant = Instant(iso8601: "2026-11-21T09:00:00Z")!) { current = Mutex(start) }

    public func now() -> Instant { current.withLock { $0 } }

    /// Sets the clock to an instant.
    public func set(_ instant: Instant) {
        current.withLock { $0 = instant }
    }

    /// Moves the clock forward.
    public func advance(seconds: Double) {
        current.withLock { $0 = $0.adding(milliseconds: Int64(seconds * 1000)) }
    }
}
