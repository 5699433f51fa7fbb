import Foundation
import Logging
import Metrics
import NIOCore
import SwitchboardCore
import SwitchboardServices
import SwitchboardSIP

/// One call through the gateway, back to back: the trunk's leg (Switchboard answers it as a UAS)
/// and the leg to the phone of the agent it rings or talks to (Switchboard calls it as a UAC),
/// SDP passed through both ways.
struct SIPCall: Sendable {
    var callKey: String
    var trunkInvite: SIPMessage
    var trunkSource: SocketAddress
    var trunkKey: TransactionKey
    var trunkTag: String
    /// The agent routing rings or who answered.
    var agent: RecordID?
    /// The Call-ID of the phone leg ringing or answered now (`SIPGateway.legs`).
    var phone: String?
    var answered = false
    var confirmed = false
    /// The session descriptions each side last gave: the trunk's (its INVITE's, or its ACK's with
    /// a delayed offer) and the answering phone's. Re-INVITEs are answered from the other side's.
    var trunkSDP: [UInt8] = []
    var phoneSDP: [UInt8] = []
    /// The agent's phone put the call on hold (a re-INVITE offering sendonly or inactive).
    var phoneHeld = false
    /// The agent put the call on hold in the softphone: both legs were offered `inactive`.
    var agentHeld = false
    /// The direction each side last offered in a re-INVITE; a change is passed to the other side.
    var trunkDirection = SDPDirection.sendrecv
    var phoneDirection = SDPDirection.sendrecv
    /// What each side last got from us, so the next description continues its session (`o=`).
    var sentToTrunk: [UInt8] = []
    var sentToPhone: [UInt8] = []
    /// A transfer is moving the call to another agent's phone: invited without SDP, its offer
    /// goes to the trunk in a re-INVITE, whose answer its ACK carries (RFC 3725 flow I).
    var bridging = false
    /// The gateway called out through the trunk (click-to-dial): our INVITE, the agent's phone first.
    var outbound = false
    /// An answered call sent back to a queue (a transfer to a queue): the trunk is held while the
    /// next agent's phone rings; when it answers, it is bridged and the call answered again.
    var requeued = false
    /// The phone leg that asked for this transfer with a REFER: it is told how the transfer went
    /// (sipfrag NOTIFYs) and hangs up itself. Its final NOTIFY waits until the REFER is accepted
    /// (`referAccepted`): the transfer may be done before that.
    var referrer: String?
    var referAccepted = false
    var referOutcome: String?
    var referNotified = false
    /// The trunk leg's dialog (for a dial-out, once the customer answered).
    var trunkDialog: Dialog?
    /// The trunk's INVITE came without SDP (delayed offer): the phone's 200 carries the offer and
    /// the trunk's ACK the answer, which the phone's ACK then carries.
    var delayedOffer: Bool { trunkInvite.body.isEmpty }
}

/// A leg to an agent's phone. A leg routing moved away from (no answer, declined) is kept until
/// the call ends, so late answers to it are still understood.
struct PhoneLeg: Sendable {
    /// The trunk call's Call-ID.
    var callID: String
    var agent: RecordID
    var address: SocketAddress
    var invite: SIPMessage
    var key: TransactionKey?
    /// Its dialog, once the phone answered.
    var dialog: Dialog?
    var answered = false
    /// The 2xx's ACK, waiting for the trunk's answer SDP (delayed offer).
    var pendingAck: SIPMessage?
    var sipCallID: String { invite.callID ?? "" }
}

/// The call layer: INVITE from a trunk to a DNIS → the telephony events service routes it → the
/// agent's registered phone is invited → 180 and 200 go back to the trunk → BYE or CANCEL from
/// either side ends both legs. Transactions are the pure state machines of `SwitchboardSIP`,
/// run here with real timers.
extension SIPGateway {
    // MARK: Transactions at work

    func perform(_ actions: [TransactionAction], key: TransactionKey, peer: SocketAddress?, client: Bool) async {
        for action in actions {
            switch action {
            case .send(let message):
                if let peer { await send(message, to: peer) }
            case .deliver(let message):
                if client {
                    if offers[key] != nil { await offerResponse(message, key: key) } else if pings[key] != nil { pingAnswered(key) } else { await phoneLegResponse(message) }
                }
            case .start(let timer, let milliseconds):
                let name = "\(key.value)|\(timer.rawValue)"
                timers[name]?.cancel()
                // Detached: the timer sleeps, and is cancelled (most are), off the gateway's actor;
                // only firing comes back to it. A task started here would otherwise start,
                // wake and end on the actor — a few thousand needless turns of it a second at 500 calls/s.
                timers[name] = Task.detached { [weak self] in
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    guard !Task.isCancelled else { return }
                    await self?.fire(timer, key: key, client: client)
                }
            case .stop(let timer):
                timers.removeValue(forKey: "\(key.value)|\(timer.rawValue)")?.cancel()
            case .timedOut:
                if client { if offers[key] != nil { await offerTimedOut(key) } else { await phoneLegTimedOut(key) } }
            case .terminated:
                if client { clients[key] = nil; clientDestinations[key] = nil; offers[key] = nil; pings[key] = nil } else { servers[key] = nil; serverSources[key] = nil }
                for timer in SIPTimer.allCases { timers.removeValue(forKey: "\(key.value)|\(timer.rawValue)")?.cancel() }
            }
        }
    }

    func fire(_ timer: SIPTimer, key: TransactionKey, client: Bool) async {
        timers["\(key.value)|\(timer.rawValue)"] = nil
        if client, var transaction = clients[key] {
            let actions = transaction.fire(timer)
            clients[key] = transaction
            if timer == .A || timer == .E { Counter(label: "switchboard_sip_retransmissions_total").increment() }
            await perform(actions, key: key, peer: clientDestinations[key], client: true)
        } else if !client, var transaction = servers[key] {
            let actions = transaction.fire(timer)
            servers[key] = transaction
            if timer == .G { Counter(label: "switchboard_sip_retransmissions_total").increment() }
            await perform(actions, key: key, peer: serverSources[key], client: false)
        }
    }

    func send(_ message: SIPMessage, to peer: SocketAddress) async {
        var message = message
        if message.headers.first("Server") == nil && !message.isRequest { message.headers.add("Server", "Switchboard") }
        if let connection = tcpPeers["\(peer.ipAddress ?? "?"):\(peer.port ?? 0)"] {
            // A peer that reached us over TCP: on its connection, our Via saying so (RFC 3261 §18.1.1).
            if message.isRequest, let via = message.headers.values("Via").first, via.hasPrefix("SIP/2.0/UDP \(localHost):\(boundPort);") {
                message.headers.remove("Via")
                message.headers.prepend("Via", "SIP/2.0/TCP" + via.dropFirst("SIP/2.0/UDP".count))
            }
            logger.debug("SIP sent", metadata: ["call.id": "\(message.callID ?? "")", "message": "\(message.isRequest ? message.method ?? "?" : String(message.statusCode ?? 0))",
                                                "cseq": "\(message.headers.first("CSeq") ?? "")", "to": "tcp:\(peer)"])
            try? await connection.write(ByteBuffer(bytes: message.serialized()))
            return
        }
        logger.debug("SIP sent", metadata: ["call.id": "\(message.callID ?? "")", "message": "\(message.isRequest ? message.method ?? "?" : String(message.statusCode ?? 0))",
                                            "cseq": "\(message.headers.first("CSeq") ?? "")", "to": "\(peer)"])
        try? await udpOut?.write(AddressedEnvelope(remoteAddress: peer, data: ByteBuffer(bytes: message.serialized())))
    }

    /// Answers a request through its server transaction.
    func respond(_ key: TransactionKey, _ response: SIPMessage) async {
        guard var transaction = servers[key] else { return }
        let actions = transaction.respond(response)
        servers[key] = transaction
        await perform(actions, key: key, peer: serverSources[key], client: false)
    }

    /// Sends a request through a new client transaction.
    func request(_ message: SIPMessage, to peer: SocketAddress) async -> TransactionKey? {
        guard let branch = message.topVia?.branch, let method = message.method else { return nil }
        let key = TransactionKey(clientBranch: branch, method: method)
        // Over TCP the transport is reliable: no retransmission timers (RFC 3261 §17.1.1.2).
        let (transaction, actions) = ClientTransaction.start(message, reliable: isTCP(peer))
        clients[key] = transaction
        clientDestinations[key] = peer
        Counter(label: "switchboard_sip_transactions_total", dimensions: [("side", "client"), ("method", method)]).increment()
        await perform(actions, key: key, peer: peer, client: true)
        return key
    }

    var localHost: String { host == "0.0.0.0" ? "127.0.0.1" : host }

    /// Our Contact for a peer: with `;transport=tcp` when it reached us over TCP.
    func contact(for peer: SocketAddress) -> String {
        "<sip:switchboard@\(localHost):\(boundPort)\(isTCP(peer) ? ";transport=tcp" : "")>"
    }

    func isTCP(_ peer: SocketAddress) -> Bool { tcpPeers["\(peer.ipAddress ?? "?"):\(peer.port ?? 0)"] != nil }

    /// The headers of a request that starts a transaction outside any dialog: a new Via, Call-ID and CSeq 1.
    func newRequestHeaders(_ method: String, from: String, to: String, callID: String? = nil) -> SIPHeaders {
        var headers = SIPHeaders()
        headers.add("Via", newVia())
        headers.add("Max-Forwards", "70")
        headers.add("From", from)
        headers.add("To", to)
        headers.add("Call-ID", callID ?? "\(Self.tag())\(Self.tag())@\(localHost)")
        headers.add("CSeq", "1 \(method)")
        return headers
    }

    func newVia() -> String { "SIP/2.0/UDP \(localHost):\(boundPort);branch=z9hG4bK\(Self.tag())\(Self.tag());rport" }

    // MARK: Requests

    func callRequest(_ request: SIPMessage, from source: SocketAddress, reliable: Bool = false) async {
        guard let method = request.method, let key = TransactionKey(request: request) else { return }
        logger.debug("SIP received", metadata: ["call.id": "\(request.callID ?? "")", "message": "\(method)", "from": "\(source)"])
        if var existing = servers[key] {
            // A retransmission, or the ACK of a non-2xx final response.
            let actions = existing.receive(request)
            servers[key] = existing
            await perform(actions, key: key, peer: source, client: false)
            return
        }
        if method == "ACK" {
            // The ACK of a 2xx is the dialog's: the trunk confirmed the call.
            if let callID = request.callID {
                timers.removeValue(forKey: "2xx|re|\(callID)")?.cancel()
                await trunkAck(request, callID: callID)
            }
            return
        }
        let (transaction, actions) = ServerTransaction.start(request, reliable: reliable)
        servers[key] = transaction
        serverSources[key] = source
        Counter(label: "switchboard_sip_transactions_total", dimensions: [("side", "server"), ("method", method)]).increment()
        await perform(actions.filter { if case .deliver = $0 { false } else { true } }, key: key, peer: source, client: false)
        guard inOrder(request) else {
            // An in-dialog request whose CSeq is not above the last one (RFC 3261 §12.2.2).
            return await respond(key, SIPMessage.response(to: request, code: 500, reason: "Server Internal Error"))
        }
        switch method {
        case "INVITE" where request.to?.tag != nil: await reInvite(request, key: key, from: source)
        case "INVITE": await trunkInvite(request, key: key, from: source)
        case "CANCEL": await cancel(request, key: key)
        case "BYE": await bye(request, key: key)
        case "REFER": await refer(request, key: key)
        default: break
        }
    }

    /// Whether a request in one of our dialogs (trunk or phone leg) comes in CSeq order; the
    /// dialog takes note of it (and of a new target). Requests outside our dialogs pass.
    func inOrder(_ request: SIPMessage) -> Bool {
        guard request.to?.tag != nil, let id = request.callID else { return true }
        if var dialog = calls[id]?.trunkDialog {
            defer { calls[id]?.trunkDialog = dialog }
            return dialog.receive(request)
        }
        if var dialog = legs[id]?.dialog {
            defer { legs[id]?.dialog = dialog }
            return dialog.receive(request)
        }
        return true
    }

    /// A new call from a trunk: 100 is sent; the telephony events service routes it, and the
    /// gateway follows what routing decides (`follow`): the chosen agent's phone rings.
    func trunkInvite(_ invite: SIPMessage, key: TransactionKey, from source: SocketAddress) async {
        guard let callID = invite.callID else { return }
        let trunkTag = Self.tag()
        func refuse(_ code: Int, _ reason: String) async {
            await respond(key, SIPMessage.response(to: invite, code: code, reason: reason, toTag: trunkTag))
        }
        if calls[callID] != nil { return }  // a re-INVITE: not yet
        guard let trunk = await admittedTrunk(invite, key: key, from: source, tag: trunkTag) else { return }
        logger.info("SIP call from trunk", metadata: ["trunk": "\(trunk)", "call.id": "\(callID)"])
        guard case .request(_, let uri) = invite.startLine else { return }
        let dnis = Self.user(of: uri) ?? ""
        let caller = invite.from.flatMap { Self.user(of: $0.uri) } ?? ""
        let callKey = "sip-\(callID)"
        var call = SIPCall(callKey: callKey, trunkInvite: invite, trunkSource: source, trunkKey: key, trunkTag: trunkTag, trunkSDP: invite.body)
        // We are the UAS of the trunk's leg: its Record-Route is the route set of our requests.
        call.trunkDialog = Dialog(uas: invite, localTag: trunkTag)
        calls[callID] = call
        callStarted("inbound")
        // Routing writes the call's records: the datagrams behind this one are not kept waiting.
        Task { await self.route(callID, callKey: callKey, from: caller, to: dnis, refuse: refuse) }
    }

    /// Offers the new call to the telephony events service and rings whom routing chose.
    func route(_ callID: String, callKey: String, from caller: String, to dnis: String, refuse: (Int, String) async -> Void) async {
        let offered: TelephonyEventService.Outcome
        do {
            offered = try await calling.telephony.handle(TelephonyEvent(id: "\(callKey)-offered", callKey: callKey, kind: .offered, at: clock.now(),
                                                                         direction: "inbound", from: caller, to: dnis), by: calling.principal,
                                                         carrier: ProviderCommands.sipGateway)
        } catch {
            logger.error("SIP call not recorded", metadata: ["call.id": "\(callID)", "error": "\(error)"])
            forget(callID)
            return await refuse(500, "Server Internal Error")
        }
        guard calls[callID] != nil else { return }  // the caller gave up meanwhile
        switch offered.progress.phase {
        case .ringing:
            // (Unless the change, heard by `follow` meanwhile, already rang them.)
            if let agent = try? RecordID(parsing: offered.progress.agent ?? ""), calls[callID]?.agent != agent { await ring(callID, agent: agent) }
        case .queued:
            await queued(callID)
        default:
            // Not a DNIS Switchboard routes (or nobody to route to): the caller is told.
            forget(callID)
            await end(callKey, reason: "NotRouted")
            await refuse(480, "Temporarily Unavailable")
        }
    }

    /// Follows a change of one of the gateway's calls made elsewhere — the routing tick moving it
    /// to the next agent or the queue, an agent's command in the softphone: the phone legs do
    /// the same. The gateway's own events come back here too and change nothing.
    func follow(_ view: AgentCallView) async {
        let callID: String
        if view.callKey.hasPrefix("sip-") {
            callID = String(view.callKey.dropFirst(4))
        } else if let dialed = dialed[view.callKey] {
            callID = dialed
        } else {
            // An agent dialling out: through the trunk when one is set for that.
            if view.direction == "outbound", view.phase == .ringing, view.consultFor == nil, calling.outboundTrunk != nil { await dialOut(view) }
            return
        }
        guard let call = calls[callID] else { return }
        switch view.phase {
        case .ringing:
            guard let agent = view.agentId.flatMap({ try? RecordID(parsing: $0) }), agent != call.agent, !call.answered || call.requeued else { return }
            logger.info("SIP call moves to the next agent's phone", metadata: ["call.id": "\(callID)"])
            stopRinging(callID)
            // A requeued call's trunk leg is up: the phone's offer will go to it (a bridge).
            if call.requeued { calls[callID]?.bridging = true }
            await ring(callID, agent: agent, offer: !call.answered)
        case .queued:
            if call.answered, !call.outbound {
                await requeue(callID)
            } else if call.agent != nil, !call.answered {
                stopRinging(callID)
                await queued(callID)
            }
        case .ended:
            await hangUp(callID)
        case .connected, .held:
            guard call.answered, let agent = view.agentId.flatMap({ try? RecordID(parsing: $0) }) else { return }
            if agent != call.agent {
                await transfer(callID, to: agent)
            } else if view.phase == .held, !call.agentHeld, !call.phoneHeld {
                await holdLegs(callID, held: true)
            } else if view.phase == .connected, call.agentHeld {
                await holdLegs(callID, held: false)
            }
        default:
            break
        }
    }

    /// Rings the agent's most recently registered phone: with the caller's SDP offer, or without
    /// one (`offer` false) when the phone's offer is to go to the trunk (a transfer, a dial-out).
    func ring(_ callID: String, agent: RecordID, offer: Bool = true) async {
        guard calls[callID] != nil else { return }
        calls[callID]?.agent = agent
        let username = if let known = registeredNames[agent] { known } else { await calling.username(agent) }
        guard let call = calls[callID], call.agent == agent, offer ? !call.answered : true else { return }  // moved on meanwhile
        guard let username, let binding = contacts(of: username).last, let address = Self.address(binding.source) else {
            logger.notice("SIP call for an agent without a registered phone", metadata: ["call.id": "\(callID)", "agent": "\(username ?? agent.eighteen)"])
            if call.bridging || call.outbound { return await abandon(callID, reason: Self.noPhoneReason) }
            // No phone to ring: as a call the agent did not take; routing tries the next.
            calls[callID]?.agent = nil
            _ = try? await calling.telephony.notAnswered(call.callKey, reason: Self.noPhoneReason, by: calling.principal)
            return
        }
        let invite = call.trunkInvite
        let body = offer ? invite.body : []
        let from: String
        if call.outbound {
            // The agent's phone shows whom it is calling.
            let number = Self.user(of: invite.to?.uri ?? "") ?? ""
            from = "\"\(number)\" <sip:\(number)@\(localHost)>"
        } else {
            let caller = invite.from.flatMap { Self.user(of: $0.uri) } ?? ""
            from = invite.from.map { NameAddress(displayName: $0.displayName, uri: $0.uri).description } ?? "<sip:\(caller)@\(localHost)>"
        }
        var headers = newRequestHeaders("INVITE", from: "\(from);tag=\(Self.tag())", to: "<\(binding.contact)>")
        headers.add("Contact", ourContact)
        if !body.isEmpty { headers.add("Content-Type", invite.headers.first("Content-Type") ?? "application/sdp") }
        var leg = PhoneLeg(callID: callID, agent: agent, address: address,
                           invite: SIPMessage(.request(method: "INVITE", uri: binding.contact), headers: headers, body: body))
        legs[leg.sipCallID] = leg
        legsOfCall[callID, default: []].append(leg.sipCallID)
        calls[callID]?.phone = leg.sipCallID
        calls[callID]?.sentToPhone = body
        leg.key = await request(leg.invite, to: address)
        legs[leg.sipCallID]?.key = leg.key
        logger.info("SIP call ringing an agent's phone", metadata: ["call.id": "\(callID)", "agent": "\(username)"])
    }

    static let noPhoneReason = "No SIP phone registered"

    /// The caller waits in the queue: the trunk hears 182 Queued until an agent's phone rings.
    func queued(_ callID: String) async {
        guard let call = calls[callID], !call.answered else { return }
        calls[callID]?.agent = nil
        await respond(call.trunkKey, SIPMessage.response(to: call.trunkInvite, code: 182, reason: "Queued", toTag: call.trunkTag))
    }

    /// Stops the phone ringing now (CANCEL); its leg is kept for late answers.
    func stopRinging(_ callID: String) {
        guard let phone = calls[callID]?.phone, let leg = legs[phone] else { return }
        calls[callID]?.phone = nil
        guard !leg.answered else { return }
        // The CANCEL of our INVITE: same Via branch, same Call-ID, From, To and CSeq number.
        var headers = SIPHeaders()
        for name in ["Via", "From", "To", "Call-ID"] { if let value = leg.invite.headers.values(name).first { headers.add(name, value) } }
        headers.add("Max-Forwards", "70")
        headers.add("CSeq", "1 CANCEL")
        if case .request(_, let uri) = leg.invite.startLine {
            let cancel = SIPMessage(.request(method: "CANCEL", uri: uri), headers: headers)
            Task { _ = await self.request(cancel, to: leg.address) }
        }
    }

    /// What an agent's phone answered.
    func phoneLegResponse(_ response: SIPMessage) async {
        guard let sipCallID = response.callID, var leg = legs[sipCallID], let code = response.statusCode,
              response.cseq?.method == "INVITE" else { return }  // answers to our BYE or CANCEL need nothing more
        let current = calls[leg.callID]?.phone == sipCallID
        switch code {
        case 101..<200:
            guard current, let call = calls[leg.callID], !call.answered, !call.outbound else { return }
            var ringing = SIPMessage.response(to: call.trunkInvite, code: 180, reason: "Ringing", toTag: call.trunkTag)
            ringing.headers.add("Contact", contact(for: call.trunkSource))
            await respond(call.trunkKey, ringing)
        case 200..<300:
            if leg.dialog == nil { leg.dialog = Dialog(uac: leg.invite, answer: response) }
            // The 2xx's ACK is the caller's own (RFC 3261 §13.2.2.4), sent each time the 2xx comes.
            guard let ack = leg.dialog?.ack(invite: leg.invite, via: newVia()) else { return }
            let first = !leg.answered
            leg.answered = true
            guard current, var call = calls[leg.callID] else {
                // Picked up after routing moved on (or the caller left): ACK, then BYE.
                legs[sipCallID] = leg
                await send(ack, to: leg.address)
                if first { await byePhone(sipCallID) }
                return
            }
            if call.bridging || call.outbound && !call.answered {
                // Invited without SDP: its offer goes to the trunk, whose answer the ACK carries.
                leg.pendingAck = ack
                legs[sipCallID] = leg
                guard first else { return }
                call.phoneSDP = response.body
                calls[leg.callID] = call
                if call.outbound { return await callTrunk(leg.callID) }
                return await offer(SDPDirection(of: response.body).applied(to: response.body, continuing: call.sentToTrunk), callID: leg.callID, toTrunk: true, purpose: .bridge)
            }
            if call.delayedOffer && !call.confirmed {
                // The phone's SDP is the offer; its ACK waits for the trunk's answer.
                leg.pendingAck = ack
            } else {
                await send(ack, to: leg.address)
            }
            legs[sipCallID] = leg
            guard !call.answered else { return }
            call.answered = true
            call.phoneSDP = response.body
            calls[leg.callID] = call
            var ok = SIPMessage.response(to: call.trunkInvite, code: 200, reason: "OK", toTag: call.trunkTag)
            ok.headers.add("Contact", contact(for: call.trunkSource))
            if let type = response.headers.first("Content-Type") { ok.headers.add("Content-Type", type) }
            ok.body = response.body
            calls[leg.callID]?.sentToTrunk = response.body
            await respond(call.trunkKey, ok)
            retransmit2xx(ok, callID: leg.callID, to: call.trunkSource, interval: 500, elapsed: 0)
            let answered = TelephonyEvent(id: "\(call.callKey)-answered", callKey: call.callKey, kind: .answered, at: clock.now(), agent: leg.agent.eighteen)
            record(answered)
        default:
            guard current, let call = calls[leg.callID] else { return }
            if call.requeued {
                // As any routed call: the next agent is tried.
                calls[leg.callID]?.phone = nil
                calls[leg.callID]?.bridging = false
                _ = try? await calling.telephony.notAnswered(call.callKey, reason: [486, 600, 603].contains(code) ? TelephonyEventService.declinedCallReason : TelephonyEventService.missedCallReason,
                                                            by: calling.principal)
                return
            }
            if call.bridging || call.outbound && !call.answered {
                return await abandon(leg.callID, reason: call.outbound ? "AgentDidNotAnswer" : "TransferFailed")
            }
            // The phone did not take it (busy, declined, unavailable): routing tries the next agent.
            guard !call.answered else { return }
            calls[leg.callID]?.phone = nil
            let declined = [486, 600, 603].contains(code)
            logger.info("SIP agent's phone did not take the call", metadata: ["call.id": "\(leg.callID)", "status": "\(code)"])
            _ = try? await calling.telephony.notAnswered(call.callKey, reason: declined ? TelephonyEventService.declinedCallReason : TelephonyEventService.missedCallReason,
                                                        by: calling.principal)
        }
    }

    /// A re-INVITE in an answered call, from the trunk or the agent's phone: a session refresh or
    /// a hold or resume. Answered here from the other side's last session description, in the
    /// direction that answers the offer (RFC 3264 §6.1, §8.4); the 200 is resent until its ACK.
    /// The agent's phone holding or resuming puts the call on hold or takes it off, as the
    /// softphone's buttons do. Unknown dialogs get 481.
    func reInvite(_ invite: SIPMessage, key: TransactionKey, from source: SocketAddress) async {
        guard let id = invite.callID else { return }
        let callID: String, fromPhone: Bool
        if let call = calls[id], call.answered {
            (callID, fromPhone) = (id, false)
        } else if let leg = legs[id], let call = calls[leg.callID], call.phone == id, call.answered {
            (callID, fromPhone) = (leg.callID, true)
        } else {
            return await respond(key, SIPMessage.response(to: invite, code: 481, reason: "Call/Transaction Does Not Exist"))
        }
        guard var call = calls[callID] else { return }
        if offers.values.contains(where: { $0.callID == callID && $0.toTrunk != fromPhone }) || call.bridging {
            // Our own offer on this leg is not answered yet: glare (RFC 3261 §14.2); it retries.
            return await respond(key, SIPMessage.response(to: invite, code: 491, reason: "Request Pending"))
        }
        let other = fromPhone ? call.trunkSDP : call.phoneSDP
        var ok = SIPMessage.response(to: invite, code: 200, reason: "OK")
        ok.headers.add("Contact", contact(for: source))
        if !other.isEmpty {
            ok.headers.add("Content-Type", "application/sdp")
            // No offer in the re-INVITE: ours is the other side's as it stands.
            let direction = invite.body.isEmpty ? SDPDirection.sendrecv : SDPDirection(of: invite.body).answer
            ok.body = direction.applied(to: other, continuing: fromPhone ? call.sentToPhone : call.sentToTrunk)
            if fromPhone { call.sentToPhone = ok.body } else { call.sentToTrunk = ok.body }
        }
        calls[callID] = call
        await respond(key, ok)
        retransmit2xx(ok, callID: id, timer: "2xx|re|\(id)", to: source, interval: 500, elapsed: 0)
        guard !invite.body.isEmpty else { return }
        // A hold or resume on one leg is passed to the other (not a refresh in the same direction).
        let direction = SDPDirection(of: invite.body)
        if fromPhone { call.phoneSDP = invite.body } else { call.trunkSDP = invite.body }
        let changed = direction != (fromPhone ? call.phoneDirection : call.trunkDirection)
        if fromPhone { call.phoneDirection = direction } else { call.trunkDirection = direction }
        calls[callID] = call
        if changed, !call.agentHeld {
            await offer(direction.applied(to: invite.body, continuing: fromPhone ? call.sentToTrunk : call.sentToPhone), callID: callID, toTrunk: fromPhone, purpose: .direction)
        }
        guard fromPhone, var call = calls[callID] else { return }
        let held = [SDPDirection.sendonly, .inactive].contains(direction)
        guard held != call.phoneHeld else { return }
        call.phoneHeld = held
        calls[callID] = call
        logger.info(held ? "SIP agent's phone holds the call" : "SIP agent's phone resumes the call", metadata: ["call.id": "\(callID)"])
        record(TelephonyEvent(id: "\(call.callKey)-\(held ? "held" : "resumed")-\(invite.cseq?.number ?? 0)", callKey: call.callKey,
                              kind: held ? .held : .resumed, at: clock.now()))
    }

    /// The trunk's ACK of our 2xx: the call is confirmed; with a delayed offer its SDP is the
    /// answer the phone's ACK carries.
    func trunkAck(_ ack: SIPMessage, callID: String) async {
        guard calls[callID] != nil, calls[callID]?.confirmed == false else { return }
        calls[callID]?.confirmed = true
        timers.removeValue(forKey: "2xx|\(callID)")?.cancel()
        if !ack.body.isEmpty { calls[callID]?.trunkSDP = ack.body }
        guard let phone = calls[callID]?.phone, var pending = legs[phone]?.pendingAck, let address = legs[phone]?.address else { return }
        legs[phone]?.pendingAck = nil
        if let type = ack.headers.first("Content-Type") { pending.headers.add("Content-Type", type) }
        pending.body = ack.body
        await send(pending, to: address)
    }

    /// RFC 6026: the UAS core resends its 2xx (T1 doubling to T2) until the ACK or 64·T1.
    /// - Parameter timer: the name the resending goes by; a 2xx of a re-INVITE stops when its
    ///   timer is removed (by the ACK), the call's first 2xx when the call is confirmed.
    func retransmit2xx(_ ok: SIPMessage, callID: String, timer: String? = nil, to peer: SocketAddress, interval: Int64, elapsed: Int64) {
        let name = timer ?? "2xx|\(callID)"
        timers[name] = Task.detached { [weak self] in
            try? await Task.sleep(for: .milliseconds(interval))
            guard !Task.isCancelled, let self else { return }
            guard elapsed + interval < 32_000 else {
                // The call's 2xx was never ACKed: the session is ended (RFC 3261 §13.3.1.4).
                if timer == nil { await self.noAck(callID) }
                return
            }
            if timer == nil { guard await self.calls[callID]?.confirmed == false else { return } }
            Counter(label: "switchboard_sip_retransmissions_total").increment()
            await self.send(ok, to: peer)
            await self.retransmit2xx(ok, callID: callID, timer: timer, to: peer, interval: min(interval * 2, 4_000), elapsed: elapsed + interval)
        }
    }

    /// No ACK came for the 2xx that answered the trunk's INVITE within 64·T1 — the caller's side
    /// gave up or vanished (RFC 3261 §13.3.1.4): BYE to both legs, and the call ends `NoAck`, so
    /// the agent is free again and nothing of the call is kept.
    func noAck(_ callID: String) async {
        guard let call = calls[callID], !call.confirmed else { return }
        logger.warning("SIP call ended: the trunk never ACKed the answer", metadata: ["call.id": "\(callID)"])
        forget(callID)
        await byeTrunk(call)
        if let phone = call.phone { await byePhone(phone) }
        await end(call.callKey, reason: "NoAck")
    }

    /// The phone never answered our INVITE (Timer B): as a missed call.
    func phoneLegTimedOut(_ key: TransactionKey) async {
        guard let leg = legs.values.first(where: { $0.key == key }), let call = calls[leg.callID], call.phone == leg.sipCallID else { return }
        if call.requeued {
            calls[leg.callID]?.phone = nil
            calls[leg.callID]?.bridging = false
            _ = try? await calling.telephony.notAnswered(call.callKey, reason: TelephonyEventService.missedCallReason, by: calling.principal)
            return
        }
        if call.bridging || call.outbound && !call.answered { return await abandon(leg.callID, reason: call.outbound ? "AgentDidNotAnswer" : "TransferFailed") }
        guard !call.answered else { return }
        calls[leg.callID]?.phone = nil
        _ = try? await calling.telephony.notAnswered(call.callKey, reason: TelephonyEventService.missedCallReason, by: calling.principal)
    }

    /// CANCEL from the trunk: 200 for it, 487 for the INVITE, and the phone stops ringing.
    func cancel(_ cancel: SIPMessage, key: TransactionKey) async {
        await respond(key, SIPMessage.response(to: cancel, code: 200, reason: "OK", toTag: Self.tag()))
        guard let callID = cancel.callID, let call = calls[callID], !call.answered else { return }
        await respond(call.trunkKey, SIPMessage.response(to: call.trunkInvite, code: 487, reason: "Request Terminated", toTag: call.trunkTag))
        stopRinging(callID)
        forget(callID)
        await end(call.callKey, reason: "CallerHangup")
    }

    /// BYE from either side: 200, a BYE to the other leg, and the call ends.
    func bye(_ bye: SIPMessage, key: TransactionKey) async {
        guard let byeCallID = bye.callID else { return }
        let fromTrunk = calls[byeCallID] != nil
        guard let callID = fromTrunk ? byeCallID : legs[byeCallID]?.callID, let call = calls[callID],
              fromTrunk || call.phone == byeCallID else {
            if let leg = legs[byeCallID], leg.answered {
                // A leg already let go (answered too late) hangs up: nothing else to end.
                legs[byeCallID]?.answered = false
                return await respond(key, SIPMessage.response(to: bye, code: 200, reason: "OK", toTag: Self.tag()))
            }
            return await respond(key, SIPMessage.response(to: bye, code: 481, reason: "Call/Transaction Does Not Exist", toTag: Self.tag()))
        }
        await respond(key, SIPMessage.response(to: bye, code: 200, reason: "OK", toTag: Self.tag()))
        forget(callID)
        if fromTrunk {
            if let phone = call.phone { await byePhone(phone) }
        } else {
            await byeTrunk(call)
        }
        await end(call.callKey, reason: fromTrunk ? "CustomerHangup" : "AgentHangup")
    }

    /// The call ended elsewhere (an agent hung up in the softphone): both legs are ended.
    func hangUp(_ callID: String) async {
        guard let call = calls[callID] else { return }
        stopRinging(callID)
        forget(callID)
        if let referrer = call.referrer { await byePhone(referrer) }
        if call.answered {
            await byeTrunk(call)
            if let phone = call.phone { await byePhone(phone) }
        } else if call.outbound {
            await cancelTrunk(call)
            if let phone = call.phone { await byePhone(phone) }
        } else {
            await respond(call.trunkKey, SIPMessage.response(to: call.trunkInvite, code: 480, reason: "Temporarily Unavailable", toTag: call.trunkTag))
        }
    }

    /// BYE to an answered phone leg, in its dialog.
    func byePhone(_ sipCallID: String) async {
        guard let leg = legs[sipCallID], leg.answered, let bye = phoneRequest("BYE", sipCallID: sipCallID) else { return }
        legs[sipCallID]?.answered = false
        _ = await request(bye, to: leg.address)
    }

    /// BYE to the trunk: we are the UAS of its leg, so our From is its To (with our tag), our To its From.
    func byeTrunk(_ call: SIPCall) async {
        guard let bye = trunkRequest("BYE", call: call) else { return }
        _ = await request(bye, to: call.trunkSource)
    }

    func end(_ callKey: String, reason: String) async {
        record(TelephonyEvent(id: "\(callKey)-ended", callKey: callKey, kind: .ended, at: clock.now(), reason: reason))
    }

    /// Records what happened on the SIP legs through the telephony events service, without
    /// holding up the datagrams behind it (the service keeps one call's events in order).
    func record(_ event: TelephonyEvent) {
        let (telephony, principal, logger) = (calling.telephony, calling.principal, logger)
        Task {
            do { _ = try await telephony.handle(event, by: principal) } catch {
                logger.warning("SIP call event not recorded", metadata: ["call.key": "\(event.callKey)", "event": "\(event.kind)", "error": "\(error)"])
            }
        }
    }

    /// Drops the call; its phone legs are kept a little longer (64·T1) for late answers.
    func forget(_ callID: String) {
        // Its 2xx resends stop with it: the call's own and a re-INVITE's the trunk never ACKed.
        timers.removeValue(forKey: "2xx|\(callID)")?.cancel()
        timers.removeValue(forKey: "2xx|re|\(callID)")?.cancel()
        if let key = calls[callID]?.callKey { dialed[key] = nil }
        calls[callID] = nil
        Gauge(label: "switchboard_sip_calls_active").record(calls.count)
        acks[callID] = nil
        let done = legsOfCall.removeValue(forKey: callID) ?? []
        Task.detached { [weak self] in
            try? await Task.sleep(for: .seconds(32))
            await self?.dropLegs(done)
        }
    }

    func dropLegs(_ ids: [String]) { for id in ids { legs[id] = nil } }

    /// Counts a call taken (inbound from a trunk, outbound by dial-out) and the calls up now.
    func callStarted(_ direction: String) {
        Counter(label: "switchboard_sip_calls_total", dimensions: [("direction", direction)]).increment()
        Gauge(label: "switchboard_sip_calls_active").record(calls.count)
    }

    // MARK: Responses

    func callResponse(_ response: SIPMessage) async {
        logger.debug("SIP received", metadata: ["call.id": "\(response.callID ?? "")", "message": "\(response.statusCode ?? 0)",
                                                "cseq": "\(response.headers.first("CSeq") ?? "")"])
        guard let key = TransactionKey(response: response), var transaction = clients[key] else {
            // A 2xx retransmitted after its transaction ended: ACK it again through the call.
            if response.statusCode.map({ (200..<300).contains($0) }) == true, let leg = response.callID.flatMap({ legs[$0] }), leg.pendingAck == nil,
               response.cseq?.number == leg.invite.cseq?.number {
                await phoneLegResponse(response)
            } else if response.statusCode.map({ (200..<300).contains($0) }) == true, let callID = response.callID, let (ack, to) = acks[callID], ack.cseq?.number == response.cseq?.number {
                await send(ack, to: to)
            }
            return
        }
        let actions = transaction.receive(response)
        clients[key] = transaction
        await perform(actions, key: key, peer: clientDestinations[key], client: true)
    }

    static func address(_ hostPort: String) -> SocketAddress? {
        guard let colon = hostPort.lastIndex(of: ":"), let port = Int(hostPort[hostPort.index(after: colon)...]) else { return nil }
        return try? SocketAddress(ipAddress: String(hostPort[..<colon]), port: port)
    }
}
