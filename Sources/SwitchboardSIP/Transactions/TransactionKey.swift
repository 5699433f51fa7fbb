/// What matches a message to its transaction (RFC 3261 §17.1.3, §17.2.3): the top Via's branch
/// and sent-by with the method (ACK and CANCEL… see `matching`); for RFC 2543 peers, whose branch
/// lacks the magic cookie, the Call-ID, From tag, CSeq number and top Via instead.
public struct TransactionKey: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    /// The key of the server transaction a request belongs to; an ACK maps to its INVITE's
    /// (for a non-2xx answer the ACK reuses the INVITE's branch), a CANCEL to its own.
    public init?(request: SIPMessage) {
        guard let via = request.topVia, let method = request.method else { return nil }
        let sentBy = "\(via.host.lowercased()):\(via.port ?? 5060)"
        let matched = method == "ACK" ? "INVITE" : method
        if via.hasMagicCookie, let branch = via.branch {
            value = "\(branch)|\(sentBy)|\(matched)"
        } else {
            guard let callID = request.callID, let cseq = request.cseq else { return nil }
            value = "2543|\(callID)|\(request.from?.tag ?? "")|\(cseq.number)|\(sentBy)|\(matched)"
        }
    }

    /// The key of the INVITE server transaction a CANCEL is for (the same branch, method INVITE).
    public init?(cancelling cancel: SIPMessage) {
        guard cancel.method == "CANCEL" else { return nil }
        var invite = cancel
        invite.startLine = .request(method: "INVITE", uri: "")
        if let cseq = cancel.cseq { invite.headers.set("CSeq", "\(cseq.number) INVITE") }
        self.init(request: invite)
    }

    /// The key of the client transaction a response belongs to: branch and CSeq method.
    public init?(response: SIPMessage) {
        guard let branch = response.topVia?.branch, let method = response.cseq?.method else { return nil }
        value = "client|\(branch)|\(method)"
    }

    /// The key a client transaction registers for the request it sends.
    public init(clientBranch branch: String, method: String) {
        value = "client|\(branch)|\(method == "ACK" ? "INVITE" : method)"
    }

    public var description: String { value }
}
