import Synchronization

/// Makes new record ids. A port so tests can make ids they can predict.
public protocol IDGenerator: Sendable {
    /// A new id for a record of the object with this key prefix.
    func makeID(keyPrefix: String) -> RecordID
}

/// Ids that increase with time: the key prefix, two fixed characters, then ten base-62 digits of
/// (milliseconds since 2020 × 2¹⁹ + a counter). New rows land at the end of the primary-key index,
/// which keeps bulk imports fast, and ids made by one process never repeat.
public final class TimeOrderedIDGenerator: IDGenerator {
    private let state = Mutex<(lastMillis: Int64, counter: Int64)>((0, 0))
    private let nowMillis: @Sendable () -> Int64
    private let node: String

    /// - Parameters:
    ///   - node: two base-62 characters that tell nodes apart (Salesforce's "pod" position).
    ///   - nowMillis: the wall clock in milliseconds since 1970.
    public init(node: String = "8S", nowMillis: @escaping @Sendable () -> Int64) {
        precondition(node.utf8.count == 2 && node.utf8.allSatisfy(Base62.isDigit))
        self.node = node
        self.nowMillis = nowMillis
    }

    public func makeID(keyPrefix: String) -> RecordID {
        let epoch2020: Int64 = 1_577_836_800_000
        let now = nowMillis() - epoch2020
        let value: Int64 = state.withLock { state in
            if now > state.lastMillis {
                state = (now, 0)
            } else {
                state.counter += 1
                if state.counter >= 1 << 19 {  // more than 524,288 ids in one millisecond: borrow the next one
                    state = (state.lastMillis + 1, 0)
                }
            }
            return state.lastMillis << 19 | state.counter
        }
        var digits = [UInt8](repeating: Base62.alphabet[0], count: 10)
        var rest = value
        for i in stride(from: 9, through: 0, by: -1) {
            digits[i] = Base62.alphabet[Int(rest % 62)]
            rest /= 62
        }
        return RecordID(unchecked: keyPrefix + node + String(decoding: digits, as: UTF8.self))
    }
}
