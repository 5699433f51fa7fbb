import Foundation
import Logging
import Metrics
import NIOCore
import SwitchboardCore
import SwitchboardServices
import SwitchboardSIP

/// One call through the gateway, back to back: the trunk's leg (Switchboard answers it as a UAS)
/// and the agent phone's leg (Switchboard calls it as a UAC), SDP passed through both ways.
struct SIPCall: Sendable {
    var callKey: String
    var trunkInvite: SIPMessage
    var trunkSource: SocketAddress
    var trunkKey: TransactionKey
    var trunkTag: String
    var trunkCSeq: UInt32 = 0
    var phoneAddress: SocketAddress?
    var phoneInvite: SIPMessage?
    var phoneKey: TransactionKey?
    var phoneCallID: String
    var phoneTag: String
    var phoneRemoteTag: String?
    var phoneTarget: String?
    var phoneCSeq: UInt32 = 1
    var agent: RecordID?
    var answered = false
    var confirmed = false
    var ended = false
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
                if client { await phoneLegResponse(message, key: key) }
            case .start(let timer, let milliseconds):
                let name = "\(key.value)|\(timer.rawValue)"
                timers[name]?.cancel()
                timers[name] = Task { [weak self] in
                    try? await Task.sleep(for: .milliseconds(milliseconds))
                    guard !Task.isCancelled else { return }
                    await self?.fire(timer, key: key, client: client)
                }
            case .stop(let timer):
                timers.removeValue(forKey: "\(key.value)|\(timer.rawValue)")?.cancel()
            case .timedOut:
                if client { await phoneLegTimedOut(key) }
            case .terminated:
                if client { clients[key] = nil; clientDestinations[key] = nil } else { servers[key] = nil; serverSources[key] = nil }
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
        guard let branch = message.vias.first?.branch, let method = message.method else { return nil }
        let key = TransactionKey(clientBranch: branch, method: method)
        let (transaction, actions) = ClientTransaction.start(message, reliable: false)
        clients[key] = transaction
        clientDestinations[key] = peer
        Counter(label: "switchboard_sip_transactions_total", dimensions: [("side", "client"), ("method", method)]).increment()
        await perform(actions, key: key, peer: peer, client: true)
        return key
    }

    var localHost: String { host == "0.0.0.0" ? "127.0.0.1" : host }

    func newVia() -> String { "SIP/2.0/UDP \(localHost):\(boundPort);branch=z9hG4bK\(Self.tag())\(Self.tag());rport" }

    // MARK: Requests

    func callRequest(_ request: SIPMessage, from source: SocketAddress) async {
        guard let method = request.method, let key = TransactionKey(request: request) else { return }
        if var existing = servers[key] {
            // A retransmission, or the ACK of a non-2xx final response.
            let actions = existing.receive(request)
            servers[key] = existing
            await perform(actions, key: key, peer: source, client: false)
            return
        }
        if method == "ACK" {
            // The ACK of a 2xx is the dialog's: the trunk confirmed the call.
            if let callID = request.callID, calls[callID] != nil {
                calls[callID]?.confirmed = true
                timers.removeValue(forKey: "2xx|\(callID)")?.cancel()
            }
            return
        }
        let (transaction, actions) = ServerTransaction.start(request, reliable: false)
        servers[key] = transaction
        serverSources[key] = source
        Counter(label: "switchboard_sip_transactions_total", dimensions: [("side", "server"), ("method", method)]).increment()
        await perform(actions.filter { if case .deliver = $0 { false } else { true } }, key: key, peer: source, client: false)
        switch method {
        case "INVITE": await trunkInvite(request, key: key, from: source)
        case "CANCEL": await cancel(request, key: key)
        case "BYE": await bye(request, key: key)
        default: break
        }
    }

    /// A new call from a trunk: route it, then ring the agent's phone.
    func trunkInvite(_ invite: SIPMessage, key: TransactionKey, from source: SocketAddress) async {
        guard let callID = invite.callID else { return }
        let trunkTag = Self.tag()
        func refuse(_ code: Int, _ reason: String) async {
            await respond(key, SIPMessage.response(to: invite, code: code, reason: reason, toTag: trunkTag))
        }
        guard calling.trunks.contains(source.ipAddress ?? "") else {
            logger.notice("SIP INVITE from an unknown source refused", metadata: ["from": "\(source.ipAddress ?? "?")", "call.id": "\(callID)"])
            return await refuse(403, "Forbidden")
        }
        if calls[callID] != nil { return }  // a re-INVITE: not yet
        guard case .request(_, let uri) = invite.startLine else { return }
        let dnis = Self.user(of: uri) ?? ""
        let caller = invite.from.flatMap { Self.user(of: $0.uri) } ?? ""
        let callKey = "sip-\(callID)"
        var call = SIPCall(callKey: callKey, trunkInvite: invite, trunkSource: source, trunkKey: key, trunkTag: trunkTag,
                           phoneCallID: "\(Self.tag())\(Self.tag())@\(localHost)", phoneTag: Self.tag())
        let offered: TelephonyEventService.Outcome
        do {
            offered = try await calling.telephony.handle(TelephonyEvent(id: "\(callKey)-offered", callKey: callKey, kind: .offered, at: clock.now(),
                                                                         direction: "inbound", from: caller, to: dnis), by: calling.principal)
        } catch {
            logger.error("SIP call not recorded", metadata: ["call.id": "\(callID)", "error": "\(error)"])
            return await refuse(500, "Server Internal Error")
        }
        guard offered.progress.phase == .ringing, let agentID = try? RecordID(parsing: offered.progress.agent ?? ""),
              let username = await calling.username(agentID), let binding = contacts(of: username).last,  // the phone registered most recently
              let phone = Self.address(binding.source) else {
            // Nobody with a registered phone to ring: the caller is told, and the call ends.
            await end(callKey, reason: "NoAgentPhone")
            return await refuse(480, "Temporarily Unavailable")
        }
        call.agent = agentID
        call.phoneAddress = phone
        var headers = SIPHeaders()
        headers.add("Via", newVia())
        headers.add("Max-Forwards", "70")
        headers.add("From", "\(invite.from.map { NameAddress(displayName: $0.displayName, uri: $0.uri).description } ?? "<sip:\(caller)@\(localHost)>");tag=\(call.phoneTag)")
        headers.add("To", "<\(binding.contact)>")
        headers.add("Call-ID", call.phoneCallID)
        headers.add("CSeq", "1 INVITE")
        headers.add("Contact", "<sip:switchboard@\(localHost):\(boundPort)>")
        if let type = invite.headers.first("Content-Type") { headers.add("Content-Type", type) }
        let phoneInvite = SIPMessage(.request(method: "INVITE", uri: binding.contact), headers: headers, body: invite.body)
        call.phoneInvite = phoneInvite
        calls[callID] = call
        phoneLegs[call.phoneCallID] = callID
        call.phoneKey = await request(phoneInvite, to: phone)
        calls[callID]?.phoneKey = call.phoneKey
        logger.info("SIP call ringing an agent's phone", metadata: ["call.id": "\(callID)", "agent": "\(username)"])
    }

    /// What the agent's phone answered.
    func phoneLegResponse(_ response: SIPMessage, key: TransactionKey) async {
        guard let phoneCallID = response.callID, let callID = phoneLegs[phoneCallID], var call = calls[callID], let code = response.statusCode else { return }
        guard response.cseq?.method == "INVITE" else { return }  // answers to our BYE or CANCEL
        switch code {
        case 101..<200:
            var ringing = SIPMessage.response(to: call.trunkInvite, code: 180, reason: "Ringing", toTag: call.trunkTag)
            ringing.headers.add("Contact", "<sip:switchboard@\(localHost):\(boundPort)>")
            await respond(call.trunkKey, ringing)
        case 200..<300:
            call.phoneRemoteTag = response.to?.tag
            call.phoneTarget = response.contacts.first?.uri ?? call.phoneInvite.flatMap { if case .request(_, let uri) = $0.startLine { uri } else { nil } }
            if let phone = call.phoneAddress, let invite = call.phoneInvite {
                // The 2xx's ACK is the caller's own (RFC 3261 §13.2.2.4), sent each time the 2xx comes.
                var ack = SIPMessage.ack(for: invite, response: response)
                ack.startLine = .request(method: "ACK", uri: call.phoneTarget ?? "")
                ack.headers.remove("Via")
                ack.headers.prepend("Via", newVia())
                await send(ack, to: phone)
            }
            guard !call.answered else { calls[callID] = call; return }
            call.answered = true
            calls[callID] = call
            var ok = SIPMessage.response(to: call.trunkInvite, code: 200, reason: "OK", toTag: call.trunkTag)
            ok.headers.add("Contact", "<sip:switchboard@\(localHost):\(boundPort)>")
            if let type = response.headers.first("Content-Type") { ok.headers.add("Content-Type", type) }
            ok.body = response.body
            await respond(call.trunkKey, ok)
            retransmit2xx(ok, callID: callID, to: call.trunkSource, interval: 500, elapsed: 0)
            _ = try? await calling.telephony.handle(TelephonyEvent(id: "\(call.callKey)-answered", callKey: call.callKey, kind: .answered, at: clock.now(),
                                                                 agent: call.agent?.eighteen), by: calling.principal)
        default:
            // The phone refused (busy, declined): so is the caller.
            await respond(call.trunkKey, SIPMessage.response(to: call.trunkInvite, code: code == 486 || code == 600 ? 486 : 480,
                                                               reason: code == 486 || code == 600 ? "Busy Here" : "Temporarily Unavailable", toTag: call.trunkTag))
            await end(call.callKey, reason: "AgentDeclined")
            forget(callID)
        }
    }

    /// RFC 6026: the UAS core resends its 2xx (T1 doubling to T2) until the ACK or 64·T1.
    func retransmit2xx(_ ok: SIPMessage, callID: String, to peer: SocketAddress, interval: Int64, elapsed: Int64) {
        timers["2xx|\(callID)"] = Task { [weak self] in
            try? await Task.sleep(for: .milliseconds(interval))
            guard !Task.isCancelled, let self else { return }
            guard await self.calls[callID]?.confirmed == false, elapsed + interval < 32_000 else { return }
            Counter(label: "switchboard_sip_retransmissions_total").increment()
            await self.send(ok, to: peer)
            await self.retransmit2xx(ok, callID: callID, to: peer, interval: min(interval * 2, 4_000), elapsed: elapsed + interval)
        }
    }

    func phoneLegTimedOut(_ key: TransactionKey) async {
        guard let (callID, call) = calls.first(where: { $0.value.phoneKey == key }), !call.answered else { return }
        await respond(call.trunkKey, SIPMessage.response(to: call.trunkInvite, code: 408, reason: "Request Timeout", toTag: call.trunkTag))
        await end(call.callKey, reason: "NoAnswer")
        forget(callID)
    }

    /// CANCEL from the trunk: 200 for it, 487 for the INVITE, and the phone stops ringing.
    func cancel(_ cancel: SIPMessage, key: TransactionKey) async {
        await respond(key, SIPMessage.response(to: cancel, code: 200, reason: "OK", toTag: Self.tag()))
        guard let callID = cancel.callID, let call = calls[callID], !call.answered else { return }
        await respond(call.trunkKey, SIPMessage.response(to: call.trunkInvite, code: 487, reason: "Request Terminated", toTag: call.trunkTag))
        if let invite = call.phoneInvite, let phone = call.phoneAddress {
            // The CANCEL of our INVITE: same Via branch, same Call-ID, From, To and CSeq number.
            var headers = SIPHeaders()
            for name in ["Via", "From", "To", "Call-ID"] { if let value = invite.headers.values(name).first { headers.add(name, value) } }
            headers.add("Max-Forwards", "70")
            headers.add("CSeq", "1 CANCEL")
            if case .request(_, let uri) = invite.startLine { _ = await request(SIPMessage(.request(method: "CANCEL", uri: uri), headers: headers), to: phone) }
        }
        await end(call.callKey, reason: "CallerHangup")
        forget(callID)
    }

    /// BYE from either side: 200, a BYE to the other leg, and the call ends.
    func bye(_ bye: SIPMessage, key: TransactionKey) async {
        guard let byeCallID = bye.callID else { return }
        let fromTrunk = calls[byeCallID] != nil
        guard let callID = fromTrunk ? byeCallID : phoneLegs[byeCallID], let call = calls[callID] else {
            return await respond(key, SIPMessage.response(to: bye, code: 481, reason: "Call/Transaction Does Not Exist", toTag: Self.tag()))
        }
        await respond(key, SIPMessage.response(to: bye, code: 200, reason: "OK", toTag: Self.tag()))
        var headers = SIPHeaders()
        headers.add("Via", newVia())
        headers.add("Max-Forwards", "70")
        if fromTrunk, let phone = call.phoneAddress, let invite = call.phoneInvite {
            headers.add("From", invite.headers.first("From") ?? "")
            headers.add("To", (invite.headers.first("To") ?? "") + (call.phoneRemoteTag.map { ";tag=\($0)" } ?? ""))
            headers.add("Call-ID", call.phoneCallID)
            headers.add("CSeq", "\(call.phoneCSeq + 1) BYE")
            _ = await request(SIPMessage(.request(method: "BYE", uri: call.phoneTarget ?? ""), headers: headers), to: phone)
        } else if !fromTrunk {
            // We are the UAS of the trunk's leg: our From is its To (with our tag), our To its From.
            headers.add("From", "\(call.trunkInvite.headers.first("To") ?? "");tag=\(call.trunkTag)")
            headers.add("To", call.trunkInvite.headers.first("From") ?? "")
            headers.add("Call-ID", callID)
            headers.add("CSeq", "\(call.trunkCSeq + 1) BYE")
            let target = call.trunkInvite.contacts.first?.uri ?? "sip:\(call.trunkSource.ipAddress ?? ""):\(call.trunkSource.port ?? 5060)"
            _ = await request(SIPMessage(.request(method: "BYE", uri: target), headers: headers), to: call.trunkSource)
        }
        await end(call.callKey, reason: fromTrunk ? "CustomerHangup" : "AgentHangup")
        forget(callID)
    }

    func end(_ callKey: String, reason: String) async {
        _ = try? await calling.telephony.handle(TelephonyEvent(id: "\(callKey)-ended", callKey: callKey, kind: .ended, at: clock.now(), reason: reason),
                                               by: calling.principal)
    }

    func forget(_ callID: String) {
        timers.removeValue(forKey: "2xx|\(callID)")?.cancel()
        if let call = calls.removeValue(forKey: callID) { phoneLegs[call.phoneCallID] = nil }
    }

    // MARK: Responses

    func callResponse(_ response: SIPMessage) async {
        guard let key = TransactionKey(response: response), var transaction = clients[key] else {
            // A 2xx retransmitted after its transaction ended: ACK it again through the call.
            if response.statusCode.map({ (200..<300).contains($0) }) == true, let callID = response.callID.flatMap({ phoneLegs[$0] }),
               let call = calls[callID], call.answered, let key = call.phoneKey {
                await phoneLegResponse(response, key: key)
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
