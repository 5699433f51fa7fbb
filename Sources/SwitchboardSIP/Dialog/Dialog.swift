/// A SIP dialog as one side holds it (RFC 3261 §12): who we are and who the peer is (with tags),
/// where the peer's requests go (its Contact: the remote target), the proxies every request in the
/// dialog passes (the route set, from Record-Route), and both CSeq sequences. It writes our
/// requests in the dialog and checks the peer's for order; it sends nothing itself.
public struct Dialog: Sendable, Hashable {
    public let callID: String
    /// Our From in our requests (a name-addr with our tag).
    public let local: String
    /// The peer's address as our requests' To (with its tag).
    public private(set) var remote: String
    /// Where our requests go: the peer's Contact URI (moved by target refreshes).
    public private(set) var remoteTarget: String
    /// Route header values for our requests, in order.
    public let routeSet: [String]
    public private(set) var localSequence: UInt32
    public private(set) var remoteSequence: UInt32?

    /// As the UAS of a dialog-creating INVITE (RFC 3261 §12.1.1): the route set is its
    /// Record-Route in order, the remote target its Contact (else its From URI), and the peer's
    /// CSeq so far the INVITE's. Nil without Call-ID, From or CSeq.
    public init?(uas invite: SIPMessage, localTag: String) {
        guard let callID = invite.callID, let from = invite.headers.first("From"), let cseq = invite.cseq else { return nil }
        self.callID = callID
        local = (invite.headers.first("To") ?? "") + (invite.to?.tag == nil ? ";tag=\(localTag)" : "")
        remote = from
        remoteTarget = invite.contacts.first?.uri ?? invite.from?.uri ?? ""
        routeSet = invite.headers.values("Record-Route")
        localSequence = 0
        remoteSequence = cseq.number
    }

    /// As the UAC, from the INVITE we sent and the answer that made the dialog (a 2xx, or a 1xx
    /// with a To tag; RFC 3261 §12.1.2): the route set is the answer's Record-Route reversed.
    public init?(uac invite: SIPMessage, answer: SIPMessage) {
        guard let callID = invite.callID, let from = invite.headers.first("From"), let cseq = invite.cseq,
              let to = answer.headers.first("To"), case .request(_, let uri) = invite.startLine else { return nil }
        self.callID = callID
        local = from
        remote = to
        remoteTarget = answer.contacts.first?.uri ?? uri
        routeSet = answer.headers.values("Record-Route").reversed()
        localSequence = cseq.number
        remoteSequence = nil
    }

    /// Our next request in the dialog (RFC 3261 §12.2.1.1): CSeq one more; Request-URI the remote
    /// target with the route set as Route (loose routing), or — when the first route is a strict
    /// router (no `lr`) — that route as Request-URI and the remote target last in Route.
    public mutating func request(_ method: String, via: String, contact: String? = nil, body: [UInt8] = [], contentType: String = "application/sdp") -> SIPMessage {
        localSequence += 1
        var headers = SIPHeaders()
        headers.add("Via", via)
        headers.add("Max-Forwards", "70")
        headers.add("From", local)
        headers.add("To", remote)
        headers.add("Call-ID", callID)
        headers.add("CSeq", "\(localSequence) \(method)")
        var uri = remoteTarget
        var routes = routeSet
        if let first = routeSet.first.flatMap(NameAddress.init(parsing:)), !first.uri.lowercased().contains(";lr") {
            uri = first.uri
            routes = Array(routeSet.dropFirst()) + ["<\(remoteTarget)>"]
        }
        for route in routes { headers.add("Route", route) }
        if let contact { headers.add("Contact", contact) }
        if !body.isEmpty { headers.add("Content-Type", contentType) }
        return SIPMessage(.request(method: method, uri: uri), headers: headers, body: body)
    }

    /// The ACK of a 2xx to our INVITE in this dialog (RFC 3261 §13.2.2.4): a new Via, the INVITE's
    /// CSeq number, routed like any request of the dialog; `body` when the INVITE had no offer.
    public func ack(invite: SIPMessage, via: String, body: [UInt8] = [], contentType: String = "application/sdp") -> SIPMessage {
        var copy = self
        copy.localSequence = (invite.cseq?.number ?? 1) - 1
        var ack = copy.request("ACK", via: via, body: body, contentType: contentType)
        ack.headers.remove("CSeq")
        ack.headers.add("CSeq", "\(invite.cseq?.number ?? 1) ACK")
        return ack
    }

    /// The peer's request in the dialog: false when it is out of order (its CSeq not above the
    /// last one — answer 500, RFC 3261 §12.2.2). ACK and CANCEL carry their INVITE's number and
    /// always pass. A target refresh (re-INVITE, UPDATE) moves the remote target to its Contact.
    public mutating func receive(_ request: SIPMessage) -> Bool {
        guard let method = request.method, let cseq = request.cseq else { return false }
        if method == "ACK" || method == "CANCEL" { return true }
        if let last = remoteSequence, cseq.number <= last { return false }
        remoteSequence = cseq.number
        if method == "INVITE" || method == "UPDATE", let target = request.contacts.first?.uri { remoteTarget = target }
        return true
    }
}

extension Dialog {
    /// A 2xx to our re-INVITE in the dialog may give a new Contact: requests go there from now on.
    public mutating func refresh(from response: SIPMessage) {
        if let target = response.contacts.first?.uri { remoteTarget = target }
    }
}
