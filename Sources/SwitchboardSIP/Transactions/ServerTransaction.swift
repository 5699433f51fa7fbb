/// A server transaction (RFC 3261 §17.2 with RFC 6026's Accepted state): a pure state machine.
/// The layer that runs it feeds it the request's retransmissions, the transaction user's
/// responses and fired timers, and performs the actions it returns — so it is tested with no
/// sockets and no clock.
public struct ServerTransaction: Sendable {
    public enum State: String, Sendable, Hashable {
        /// Non-INVITE: the request arrived, no response yet.
        case trying
        case proceeding
        case completed
        /// INVITE: the ACK for a non-2xx final response arrived.
        case confirmed
        /// INVITE: a 2xx was sent (RFC 6026): INVITE retransmissions are absorbed until Timer L.
        case accepted
        case terminated
    }

    public let request: SIPMessage
    public let isInvite: Bool
    /// TCP and other reliable transports: no retransmissions, and the waiting timers are 0.
    public let reliable: Bool
    public let timers: SIPTimerValues
    public private(set) var state: State
    /// The latest response sent, resent when the request is retransmitted.
    public private(set) var lastResponse: SIPMessage?
    private var retransmitInterval: Int64

    /// Starts a transaction for a new request. - Returns: the transaction and its first actions:
    /// an INVITE is answered 100 Trying at once (§17.2.1), then the request goes to the user.
    public static func start(_ request: SIPMessage, reliable: Bool, timers: SIPTimerValues = SIPTimerValues()) -> (ServerTransaction, [TransactionAction]) {
        let isInvite = request.method == "INVITE"
        var transaction = ServerTransaction(request: request, isInvite: isInvite, reliable: reliable, timers: timers,
                                            state: isInvite ? .proceeding : .trying, lastResponse: nil, retransmitInterval: timers.t1)
        var actions: [TransactionAction] = []
        if isInvite {
            let trying = SIPMessage.response(to: request, code: 100, reason: "Trying")
            transaction.lastResponse = trying
            actions.append(.send(trying))
        }
        actions.append(.deliver(request))
        return (transaction, actions)
    }

    /// The same request again (a retransmission), or an ACK matched to this INVITE transaction.
    public mutating func receive(_ message: SIPMessage) -> [TransactionAction] {
        if message.method == "ACK" {
            guard isInvite else { return [] }
            switch state {
            case .completed:
                // The non-2xx was received: stop resending it, absorb ACK retransmissions for T4.
                state = .confirmed
                if reliable { return [.stop(.G), .stop(.H)] + terminate() }
                return [.stop(.G), .stop(.H), .start(.I, milliseconds: timers.t4)]
            default:
                return []  // confirmed: a retransmitted ACK; accepted: 2xx ACKs are the dialog's
            }
        }
        switch state {
        case .proceeding, .completed:
            return lastResponse.map { [.send($0)] } ?? []
        case .trying, .confirmed, .accepted, .terminated:
            return []  // no response yet, or after the final one was taken care of
        }
    }

    /// The transaction user's response.
    public mutating func respond(_ response: SIPMessage) -> [TransactionAction] {
        guard let code = response.statusCode else { return [] }
        switch (state, code) {
        case (.trying, 100..<200), (.proceeding, 100..<200):
            state = .proceeding
            lastResponse = response
            return [.send(response)]
        case (.proceeding, 200..<300) where isInvite:
            // RFC 6026: the 2xx is the dialog's to retransmit; the transaction absorbs INVITE retransmissions.
            state = .accepted
            lastResponse = response
            return [.send(response), .start(.L, milliseconds: timers.long)]
        case (.accepted, 200..<300):
            return [.send(response)]  // the dialog layer retransmitting its 2xx
        case (.proceeding, 300..<700) where isInvite:
            state = .completed
            lastResponse = response
            var actions: [TransactionAction] = [.send(response)]
            if !reliable { actions.append(.start(.G, milliseconds: retransmitInterval)) }
            actions.append(.start(.H, milliseconds: timers.long))
            return actions
        case (.trying, 200..<700), (.proceeding, 200..<700):
            state = .completed
            lastResponse = response
            if reliable { return [.send(response)] + terminate() }
            return [.send(response), .start(.J, milliseconds: timers.long)]
        default:
            return []  // a response after the final one: ignored
        }
    }

    /// A timer fired.
    public mutating func fire(_ timer: SIPTimer) -> [TransactionAction] {
        switch (timer, state) {
        case (.G, .completed):
            // Resend the final response, the interval doubling up to T2.
            retransmitInterval = min(retransmitInterval * 2, timers.t2)
            return (lastResponse.map { [.send($0)] } ?? []) + [.start(.G, milliseconds: retransmitInterval)]
        case (.H, .completed):
            return [.stop(.G), .timedOut] + terminate()  // no ACK came
        case (.I, .confirmed), (.J, .completed), (.L, .accepted):
            return terminate()
        default:
            return []
        }
    }

    private mutating func terminate() -> [TransactionAction] {
        state = .terminated
        return [.terminated]
    }
}
