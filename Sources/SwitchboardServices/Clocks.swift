import Foundation
public import SwitchboardCore

/// The real time, from the system clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Instant {
        Instant(millisecondsSince1970: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}
