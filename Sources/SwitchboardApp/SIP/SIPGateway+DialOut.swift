import NIOCore
import Logging
import Metrics
import SwitchboardCore
import SwitchboardSIP

/// Click-to-dial and the dial pad through the trunk, by third-party call control (RFC 3725
/// flow I): the agent's phone is called first, without SDP; when it answers, its offer goes to
/// the customer in an INVITE through the trunk (`sip.outboundTrunk`), and the customer's answer
/// goes back in the phone's ACK. The call is answered when the customer answers.
extension SIPGateway {
    /// An agent dialled out (the softphone's dial pad or a click on a phone field): their phone rings.
    func dialOut(_ view: AgentCallView) async {
        guard dialed[view.callKey] == nil, let trunk = calling.outboundTrunk, let address = Self.address(trunk),
              let agent = view.agentId.flatMap({ try? RecordID(parsing: $0) }), let number = view.to else { return }
        let digits = number.filter { $0.isNumber || $0 == "+" }
        if trunkUp[trunk] == false { logger.warning("SIP dial-out through a trunk that does not answer OPTIONS", metadata: ["trunk": "\(trunk)"]) }
        let callID = "\(Self.tag())\(Self.tag())@\(localHost)"
        dialed[view.callKey] = callID
        let tag = Self.tag()
        let target = "sip:\(digits)@\(trunk)"
        var headers = newRequestHeaders("INVITE", from: "<sip:switchboard@\(localHost)>;tag=\(tag)", to: "<\(target)>", callID: callID)
        headers.add("Contact", ourContact)
        let invite = SIPMessage(.request(method: "INVITE", uri: target), headers: headers)
        guard let branch = invite.topVia?.branch else { return }
        var call = SIPCall(callKey: view.callKey, trunkInvite: invite, trunkSource: address, trunkKey: TransactionKey(clientBranch: branch, method: "INVITE"), trunkTag: tag)
        call.outbound = true
        calls[callID] = call
        callStarted("outbound")
        logger.info("SIP dial-out: ringing the agent's phone first", metadata: ["call.id": "\(callID)", "call.key": "\(view.callKey)"])
        await ring(callID, agent: agent, offer: false)
    }

    /// The agent's phone answered with its offer: the customer is called with it.
    func callTrunk(_ callID: String) async {
        guard var call = calls[callID], call.outbound, !call.answered else { return }
        call.trunkInvite.headers.add("Content-Type", "application/sdp")
        call.trunkInvite.body = call.phoneSDP
        call.sentToTrunk = call.phoneSDP
        calls[callID] = call
        offers[call.trunkKey] = PendingOffer(callID: callID, toTrunk: true, purpose: .dialOut, request: call.trunkInvite)
        _ = await request(call.trunkInvite, to: call.trunkSource)
    }

    /// The trunk challenged our INVITE (401 `WWW-Authenticate`, 407 `Proxy-Authenticate`): it
    /// goes again, in a new transaction with the next CSeq, answering the challenge with
    /// `sip.outboundUsername`/`sip.outboundPassword` (RFC 3261 §22.2). False when there are no
    /// credentials or the challenge cannot be answered; the dial-out then fails.
    func answerChallenge(_ pending: PendingOffer, response: SIPMessage, proxy: Bool) async -> Bool {
        guard let credentials = calling.outboundCredentials, var call = calls[pending.callID], !call.answered,
              let challenge = response.headers.first(proxy ? "Proxy-Authenticate" : "WWW-Authenticate"),
              case .request(_, let uri) = pending.request.startLine,
              let authorization = DigestAuthentication.answer(challenge: challenge, method: "INVITE", uri: uri, username: credentials.username,
                                                              password: credentials.password, cnonce: Self.tag()) else {
            logger.warning("SIP dial-out: the trunk asked for credentials the gateway does not have (sip.outboundUsername, sip.outboundPassword)",
                           metadata: ["call.id": "\(pending.callID)"])
            return false
        }
        var invite = pending.request
        invite.headers.remove("Via")
        invite.headers.prepend("Via", newVia())
        invite.headers.set("CSeq", "\((pending.request.cseq?.number ?? 1) + 1) INVITE")
        invite.headers.set(proxy ? "Proxy-Authorization" : "Authorization", authorization)
        guard let branch = invite.topVia?.branch else { return false }
        // Hanging up before the answer CANCELs this INVITE, not the challenged one.
        call.trunkInvite = invite
        call.trunkKey = TransactionKey(clientBranch: branch, method: "INVITE")
        calls[pending.callID] = call
        offers[call.trunkKey] = PendingOffer(callID: pending.callID, toTrunk: true, purpose: .dialOut, request: invite, attempt: pending.attempt + 1)
        logger.info("SIP dial-out: the trunk asked for credentials; sent", metadata: ["call.id": "\(pending.callID)"])
        _ = await request(invite, to: call.trunkSource)
        return true
    }
}
