extension SIPMessage {
    /// A response to `request` (RFC 3261 §8.2.6): its Vias, From, Call-ID and CSeq, its To with
    /// `toTag` added when it has none (not on a 100), an INVITE's Record-Route on 1xx/2xx, and
    /// Content-Length 0.
    public static func response(to request: SIPMessage, code: Int, reason: String, toTag: String? = nil) -> SIPMessage {
        var headers = SIPHeaders()
        for via in request.headers.values("Via") { headers.add("Via", via) }
        if let from = request.headers.first("From") { headers.add("From", from) }
        if var to = request.headers.first("To") {
            if code > 100, let toTag, request.to?.tag == nil { to += ";tag=\(toTag)" }
            headers.add("To", to)
        }
        if let callID = request.callID { headers.add("Call-ID", callID) }
        if let cseq = request.headers.first("CSeq") { headers.add("CSeq", cseq) }
        // A response that makes a dialog carries the request's Record-Route back (RFC 3261 §12.1.1).
        if request.method == "INVITE", (101..<300).contains(code) {
            for route in request.headers.values("Record-Route") { headers.add("Record-Route", route) }
        }
        headers.add("Content-Length", "0")
        return SIPMessage(.response(code: code, reason: reason), headers: headers)
    }

    /// The ACK a client INVITE transaction sends for a non-2xx final response (§17.1.1.3): the
    /// INVITE's Request-URI, top Via, From, Call-ID, CSeq number and Route, the response's To.
    public static func ack(for invite: SIPMessage, response: SIPMessage) -> SIPMessage {
        guard case .request(_, let uri) = invite.startLine else { return invite }
        var headers = SIPHeaders()
        if let via = invite.headers.values("Via").first { headers.add("Via", via) }
        headers.add("Max-Forwards", "70")
        if let from = invite.headers.first("From") { headers.add("From", from) }
        if let to = response.headers.first("To") ?? invite.headers.first("To") { headers.add("To", to) }
        if let callID = invite.callID { headers.add("Call-ID", callID) }
        headers.add("CSeq", "\(invite.cseq?.number ?? 1) ACK")
        for route in invite.headers.values("Route") { headers.add("Route", route) }
        headers.add("Content-Length", "0")
        return SIPMessage(.request(method: "ACK", uri: uri), headers: headers)
    }

    /// The top Via with `received` and `rport` filled in from where the request came from
    /// (RFC 3261 §18.2.1, RFC 3581), so responses go back to that address.
    public mutating func stampSource(host: String, port: Int) {
        let values = headers.values("Via")
        guard var top = values.first.flatMap(Via.init(parsing:)) else { return }
        if top.host != host { top.setParameter("received", host) }
        if top.parameter("rport") != nil { top.setParameter("rport", String(port)); top.setParameter("received", host) }
        headers.remove("Via")
        var rebuilt = SIPHeaders()
        var placed = false
        for field in headers.fields {
            if !placed, ["from", "to", "call-id", "cseq"].contains(SIPHeaders.key(field.name)) {
                rebuilt.add("Via", top.description)
                for rest in values.dropFirst() { rebuilt.add("Via", rest) }
                placed = true
            }
            rebuilt.add(field.name, field.value)
        }
        if !placed {
            rebuilt.add("Via", top.description)
            for rest in values.dropFirst() { rebuilt.add("Via", rest) }
        }
        headers = rebuilt
    }
}
