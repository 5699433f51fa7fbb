import Foundation
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardServices
import SwitchboardSIP

/// An INVITE the gateway sent in a call (a re-INVITE on a leg, or the dial-out INVITE to the
/// trunk) and what its answer is for.
struct PendingOffer: Sendable {
    enum Purpose: Sendable {
        /// A hold or resume: the leg is told the new direction.
        case direction
        /// A transfer: the trunk gets the new agent's phone's offer; its answer goes in the phone's ACK.
        case bridge
        /// Click-to-dial: the customer gets the agent's phone's offer.
        case dialOut
    }
    var callID: String
    var toTrunk: Bool
    var purpose: Purpose
    var request: SIPMessage
    var attempt = 1
    /// Its 2xx was ACKed (a retransmitted 2xx gets the same ACK again).
    var acked = false
}

/// The gateway's own offers in answered calls: the softphone's Hold and Resume re-INVITE both
/// legs; a hold on one leg is passed to the other; a transfer bridges the trunk to another agent's
/// phone; glare is answered 491 and our own 491 retried (RFC 3261 §14).
extension SIPGateway {
    /// Sends `body` as a new offer on one leg of the call, in its dialog.
    func offer(_ body: [UInt8], callID: String, toTrunk: Bool, purpose: PendingOffer.Purpose, attempt: Int = 1) async {
        guard let call = calls[callID] else { return }
        let message: SIPMessage?, destination: SocketAddress?
        if toTrunk {
            (message, destination) = (trunkRequest("INVITE", call: call, body: body), call.trunkSource)
            calls[callID]?.sentToTrunk = body
        } else {
            guard let phone = call.phone else { return }
            (message, destination) = (phoneRequest("INVITE", sipCallID: phone, body: body), legs[phone]?.address)
            calls[callID]?.sentToPhone = body
        }
        guard let message, let destination, let branch = message.topVia?.branch else { return }
        // Known before it goes: its answer may come before `request` returns.
        offers[TransactionKey(clientBranch: branch, method: "INVITE")] = PendingOffer(callID: callID, toTrunk: toTrunk, purpose: purpose, request: message, attempt: attempt)
        _ = await request(message, to: destination)
    }

    /// The answer to one of our offers.
    func offerResponse(_ response: SIPMessage, key: TransactionKey) async {
        guard let pending = offers[key], let code = response.statusCode, response.cseq?.method == "INVITE" else { return }
        switch code {
        case 100..<200:
            return
        case 200..<300:
            guard let sipCallID = pending.request.callID, let destination = clientDestinations[key] ?? acks[sipCallID]?.1 else { return }
            if pending.acked {
                if let (ack, to) = acks[sipCallID] { await send(ack, to: to) }
                return
            }
            // The leg's dialog: made by this answer for a dial-out; a 2xx may move its target.
            var dialog: Dialog?
            if pending.toTrunk {
                dialog = pending.purpose == .dialOut ? Dialog(uac: pending.request, answer: response) : calls[pending.callID]?.trunkDialog
            } else {
                dialog = legs[sipCallID]?.dialog
            }
            guard var dialog else { return }
            dialog.refresh(from: response)
            if pending.toTrunk { calls[pending.callID]?.trunkDialog = dialog } else { legs[sipCallID]?.dialog = dialog }
            // The 2xx's ACK: a new transaction, in the dialog (RFC 3261 §13.2.2.4).
            let ack = dialog.ack(invite: pending.request, via: newVia())
            offers[key]?.acked = true
            acks[sipCallID] = (ack, destination)
            await send(ack, to: destination)
            await answered(pending, response: response)
        case 491 where pending.attempt < 3:
            // Glare: both sides offered at once. Again after 2.1–4 s (RFC 3261 §14.1).
            let body = pending.request.body
            Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(Int64.random(in: 2_100...4_000)))
                guard let self, let call = await self.calls[pending.callID] else { return }
                let next = SDPDirection(of: body).applied(to: body, continuing: pending.toTrunk ? call.sentToTrunk : call.sentToPhone)
                await self.offer(next, callID: pending.callID, toTrunk: pending.toTrunk, purpose: pending.purpose, attempt: pending.attempt + 1)
            }
        case 401...407 where (code == 401 || code == 407) && pending.purpose == .dialOut && pending.attempt == 1:
            // The trunk wants our credentials (sip.outboundUsername/Password): the INVITE again, with them.
            if await answerChallenge(pending, response: response, proxy: code == 407) { return }
            await offerFailed(pending, code: code)
        default:
            await offerFailed(pending, code: code)
        }
    }

    func offerTimedOut(_ key: TransactionKey) async {
        guard let pending = offers[key] else { return }
        await offerFailed(pending, code: 408)
    }

    /// An offer was answered: the leg's media and target are known again; a transfer or a
    /// dial-out is complete.
    func answered(_ pending: PendingOffer, response: SIPMessage) async {
        guard var call = calls[pending.callID] else { return }
        if pending.toTrunk {
            if !response.body.isEmpty { call.trunkSDP = response.body }
        } else if call.phone != nil {
            if !response.body.isEmpty { call.phoneSDP = response.body }
        }
        calls[pending.callID] = call
        switch pending.purpose {
        case .direction:
            break
        case .bridge:
            calls[pending.callID]?.bridging = false
            await sendPendingAck(pending.callID, answer: response)
            logger.info("SIP call transferred: the trunk talks to the new agent's phone", metadata: ["call.id": "\(pending.callID)"])
            await referDone(pending.callID, "SIP/2.0 200 OK")
            if call.requeued, let agent = call.agent {
                // Out of the queue: the new agent answered on their phone.
                calls[pending.callID]?.requeued = false
                record(TelephonyEvent(id: "\(call.callKey)-answered-\(pending.request.cseq?.number ?? 0)", callKey: call.callKey, kind: .answered, at: clock.now(), agent: agent.eighteen))
            }
        case .dialOut:
            calls[pending.callID]?.answered = true
            calls[pending.callID]?.confirmed = true
            await sendPendingAck(pending.callID, answer: response)
            logger.info("SIP dial-out answered", metadata: ["call.id": "\(pending.callID)"])
            record(TelephonyEvent(id: "\(call.callKey)-answered", callKey: call.callKey, kind: .answered, at: clock.now(), agent: call.agent?.eighteen))
        }
    }

    /// The phone's 2xx was held back without an ACK (it made the offer): the ACK goes now, with
    /// the trunk's answer.
    func sendPendingAck(_ callID: String, answer: SIPMessage) async {
        guard let phone = calls[callID]?.phone, var ack = legs[phone]?.pendingAck, let address = legs[phone]?.address else { return }
        legs[phone]?.pendingAck = nil
        if !answer.body.isEmpty {
            ack.headers.add("Content-Type", answer.headers.first("Content-Type") ?? "application/sdp")
            ack.body = answer.body
            calls[callID]?.sentToPhone = answer.body
        }
        await send(ack, to: address)
    }

    func offerFailed(_ pending: PendingOffer, code: Int) async {
        switch pending.purpose {
        case .direction:
            // The leg keeps the media it had; the call goes on.
            logger.warning("SIP re-INVITE refused", metadata: ["call.id": "\(pending.callID)", "status": "\(code)"])
        case .bridge:
            await abandon(pending.callID, reason: "TransferFailed")
        case .dialOut:
            let reason = switch code {
            case 486, 600: "Busy"
            case 404, 484, 604: "InvalidNumber"
            case 408, 480, 487: "NoAnswer"
            case 401, 407: "TrunkRefusedCredentials"
            default: "Failed"
            }
            logger.info("SIP dial-out not answered", metadata: ["call.id": "\(pending.callID)", "status": "\(code)"])
            await abandon(pending.callID, reason: reason)
        }
    }

    // MARK: What offers are for

    /// The softphone's Hold (`held`) or Resume: both legs are offered `inactive` (no media either
    /// way while the agent holds) or `sendrecv` again, each from the other side's media.
    func holdLegs(_ callID: String, held: Bool) async {
        guard var call = calls[callID] else { return }
        call.agentHeld = held
        calls[callID] = call
        logger.info(held ? "SIP call held from the softphone" : "SIP call resumed from the softphone", metadata: ["call.id": "\(callID)"])
        let direction: SDPDirection = held ? .inactive : .sendrecv
        await offer(direction.applied(to: call.phoneSDP, continuing: call.sentToTrunk), callID: callID, toTrunk: true, purpose: .direction)
        guard let call = calls[callID] else { return }
        await offer(direction.applied(to: call.trunkSDP, continuing: call.sentToPhone), callID: callID, toTrunk: false, purpose: .direction)
    }

    /// A blind transfer (or a consult transfer completed) to `agent`: the old phone gets a BYE,
    /// the new agent's phone is invited without SDP, and its offer goes to the trunk in a
    /// re-INVITE (`bridge`) whose answer the phone's ACK carries.
    func transfer(_ callID: String, to agent: RecordID) async {
        guard var call = calls[callID], !call.bridging else { return }
        let old = call.phone
        call.bridging = true
        call.agentHeld = false
        call.phoneHeld = false
        call.phoneDirection = .sendrecv
        calls[callID] = call
        logger.info("SIP call transferred to another agent's phone", metadata: ["call.id": "\(callID)"])
        // A phone that REFERred the call hangs up itself once told the transfer worked.
        if let old, old != call.referrer { await byePhone(old) }
        await ring(callID, agent: agent, offer: false)
    }

    /// The call cannot go on (a transfer's phone did not answer, a dial-out failed): every leg is
    /// ended and the call recorded as ended with `reason`.
    func abandon(_ callID: String, reason: String) async {
        guard let call = calls[callID] else { return }
        stopRinging(callID)
        forget(callID)
        if let referrer = call.referrer {
            if !call.referNotified { await notifyReferrer(referrer, "SIP/2.0 503 Service Unavailable") }
            await byePhone(referrer)
        }
        if call.answered { await byeTrunk(call) } else if call.outbound { await cancelTrunk(call) }
        if let phone = call.phone { await byePhone(phone) }
        await end(call.callKey, reason: reason)
    }

    // MARK: Requests in a dialog

    /// A request in the trunk leg's dialog (our CSeq moves on). From the call as given: a BYE
    /// goes after the call is forgotten.
    func trunkRequest(_ method: String, call: SIPCall, body: [UInt8] = []) -> SIPMessage? {
        guard let callID = call.trunkInvite.callID, var dialog = calls[callID]?.trunkDialog ?? call.trunkDialog else { return nil }
        let request = dialog.request(method, via: newVia(), contact: method == "INVITE" ? ourContact : nil, body: body)
        calls[callID]?.trunkDialog = dialog
        return request
    }

    /// A request in a phone leg's dialog (our CSeq moves on).
    func phoneRequest(_ method: String, sipCallID: String, body: [UInt8] = [], contentType: String = "application/sdp") -> SIPMessage? {
        guard var dialog = legs[sipCallID]?.dialog else { return nil }
        let request = dialog.request(method, via: newVia(), contact: method == "INVITE" || method == "NOTIFY" ? ourContact : nil, body: body, contentType: contentType)
        legs[sipCallID]?.dialog = dialog
        return request
    }

    var ourContact: String { "<sip:switchboard@\(localHost):\(boundPort)>" }

    /// CANCEL for our dial-out INVITE to the trunk, while it has no final answer.
    func cancelTrunk(_ call: SIPCall) async {
        guard call.outbound, !call.answered, clients[call.trunkKey] != nil, case .request(_, let uri) = call.trunkInvite.startLine else { return }
        var headers = SIPHeaders()
        for name in ["Via", "From", "To", "Call-ID"] { if let value = call.trunkInvite.headers.values(name).first { headers.add(name, value) } }
        headers.add("Max-Forwards", "70")
        headers.add("CSeq", "1 CANCEL")
        _ = await request(SIPMessage(.request(method: "CANCEL", uri: uri), headers: headers), to: call.trunkSource)
    }
}
