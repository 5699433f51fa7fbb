/// A client transaction (RFC 3261 §17.1 with RFC 6026's Accepted state): a pure state machine,
/// run like `ServerTransaction`. It sends the request, resends it over UDP until a response
/// comes (Timer A or E), gives up at Timer B or F, ACKs non-2xx final answers to an INVITE and
/// passes every response up to the transaction user.
public struct ClientTransaction: Sendable {
    public enum State: String, Sendable, Hashable {
        /// INVITE sent, nothing heard.
        case calling
        /// Non-INVITE sent, nothing heard.
        case trying
        case proceeding
        case completed
        /// INVITE answered 2xx (RFC 6026): further 2xx go to the user (to ACK them) until Timer M.
        case accepted
        case terminated
    }

    public let request: SIPMessage
    public let isInvite: Bool
    public let reliable: Bool
    public let timers: SIPTimerValues
    public private(set) var state: State
    /// The ACK sent for a non-2xx final response, resent when that response is retransmitted.
    public private(set) var ack: SIPMessage?
    private var retransmitInterval: Int64

    /// Sends `request`. - Returns: the transaction and its first actions.
    public static func start(_ request: SIPMessage, reliable: Bool, timers: SIPTimerValues = SIPTimerValues()) -> (ClientTransaction, [TransactionAction]) {
        let isInvite = request.method == "INVITE"
        let transaction = ClientTransaction(request: request, isInvite: isInvite, reliable: reliable, timers: timers,
                                            state: isInvite ? .calling : .trying, ack: nil, retransmitInterval: timers.t1)
        var actions: [TransactionAction] = [.send(request)]
        if !reliable { actions.append(.start(isInvite ? .A : .E, milliseconds: timers.t1)) }
        actions.append(.start(isInvite ? .B : .F, milliseconds: timers.long))
        return (transaction, actions)
    }

    /// A response matched to this transaction.
    public mutating func receive(_ response: SIPMessage) -> [TransactionAction] {
        guard let code = response.statusCode else { return [] }
        if isInvite {
            switch (state, code) {
            case (.calling, 100..<200), (.proceeding, 100..<200):
                let wasCalling = state == .calling
                state = .proceeding
                return (wasCalling ? [.stop(.A), .stop(.B)] : []) + [.deliver(response)]
            case (.calling, 200..<300), (.proceeding, 200..<300):
                state = .accepted
                return [.stop(.A), .stop(.B), .deliver(response), .start(.M, milliseconds: timers.long)]
            case (.accepted, 200..<300):
                return [.deliver(response)]  // a retransmitted 2xx: the user ACKs it again
            case (.calling, 300..<700), (.proceeding, 300..<700):
                state = .completed
                let ack = SIPMessage.ack(for: request, response: response)
                self.ack = ack
                var actions: [TransactionAction] = [.stop(.A), .stop(.B), .send(ack), .deliver(response)]
                actions.append(reliable ? .terminated : .start(.D, milliseconds: timers.long))  // 32 s, as RFC 3261 asks
                if reliable { state = .terminated }
                return actions
            case (.completed, 300..<700):
                return ack.map { [.send($0)] } ?? []  // the response again: so is the ACK
            default:
                return []
            }
        }
        switch (state, code) {
        case (.trying, 100..<200), (.proceeding, 100..<200):
            state = .proceeding
            return [.deliver(response)]
        case (.trying, 200..<700), (.proceeding, 200..<700):
            state = .completed
            var actions: [TransactionAction] = [.stop(.E), .stop(.F), .deliver(response)]
            if reliable {
                state = .terminated
                actions.append(.terminated)
            } else {
                actions.append(.start(.K, milliseconds: timers.t4))
            }
            return actions
        default:
            return []  // completed: retransmissions absorbed
        }
    }

    /// A timer fired.
    public mutating func fire(_ timer: SIPTimer) -> [TransactionAction] {
        switch (timer, state) {
        case (.A, .calling):
            // Resend; the interval doubles each time (no cap for INVITE).
            retransmitInterval *= 2
            return [.send(request), .start(.A, milliseconds: retransmitInterval)]
        case (.E, .trying):
            retransmitInterval = min(retransmitInterval * 2, timers.t2)
            return [.send(request), .start(.E, milliseconds: retransmitInterval)]
        case (.E, .proceeding):
            return [.send(request), .start(.E, milliseconds: timers.t2)]
        case (.B, .calling), (.F, .trying), (.F, .proceeding):
            state = .terminated
            return [.stop(.A), .stop(.E), .timedOut, .terminated]
        case (.D, .completed), (.K, .completed), (.M, .accepted):
            state = .terminated
            return [.terminated]
        default:
            return []
        }
    }
}
