/// RFC 3261's timers (§17, Table 4) with RFC 6026's L and M.
public enum SIPTimer: String, Sendable, Hashable, CaseIterable {
    case A, B, D, E, F, G, H, I, J, K, L, M
}

/// T1, T2, T4 in milliseconds; the other timers follow from them.
public struct SIPTimerValues: Sendable, Hashable {
    public var t1: Int64 = 500
    public var t2: Int64 = 4_000
    public var t4: Int64 = 5_000

    public init(t1: Int64 = 500, t2: Int64 = 4_000, t4: Int64 = 5_000) {
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
    }

    /// 64·T1: timers B, F, H, J (unreliable), L and M.
    public var long: Int64 { 64 * t1 }
}

/// What a transaction asks of the layer that runs it (the transport and the clock), in order.
public enum TransactionAction: Sendable, Hashable {
    /// Send this message to the transaction's peer (a retransmission included).
    case send(SIPMessage)
    /// Give this message to the transaction user (the gateway's call logic).
    case deliver(SIPMessage)
    /// Start (or restart) the timer; when it fires, call the transaction's `fire`.
    case start(SIPTimer, milliseconds: Int64)
    case stop(SIPTimer)
    /// No final answer came in time (Timer B or F): the request failed.
    case timedOut
    /// The transaction is over; forget it.
    case terminated
}
