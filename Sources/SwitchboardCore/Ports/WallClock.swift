/// The time now; a port so tests control it.
public protocol WallClock: Sendable {
    func now() -> Instant
}
