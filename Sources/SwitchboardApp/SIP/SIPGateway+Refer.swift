import Foundation
import Logging
import SwitchboardCore
import SwitchboardSIP

/// REFER from an agent's SIP phone (its Transfer button, RFC 3515): the caller is transferred as
/// the softphone's Transfer does — to an agent (`sip:username@…`) or a queue
/// (`sip:queue:<call center>@…`) — through the call control API, so the same rules hold (an
/// available agent, not yourself). 202 Accepted, a NOTIFY `100 Trying`, and when the new agent's
/// phone is bridged a NOTIFY `200 OK` that ends the subscription; the phone then hangs up its leg
/// itself (RFC 5589). A transfer to a queue is done when the caller is queued.
extension SIPGateway {
    func refer(_ refer: SIPMessage, key: TransactionKey) async {
        func refuse(_ code: Int, _ reason: String, _ why: String) async {
            var refused = SIPMessage.response(to: refer, code: code, reason: reason, toTag: refer.to?.tag == nil ? Self.tag() : nil)
            refused.headers.add("Warning", "399 switchboard \"\(why.replacingOccurrences(of: "\"", with: "'").prefix(200))\"")
            await respond(key, refused)
        }
        guard let id = refer.callID, refer.to?.tag != nil else {
            return await refuse(403, "Forbidden", "REFER is taken only inside a call, from the agent's phone")
        }
        if calls[id] != nil { return await refuse(403, "Forbidden", "a REFER from the caller's side is not taken; the agent transfers") }
        guard let leg = legs[id], let call = calls[leg.callID], call.phone == id, call.answered, !call.bridging, !call.requeued else {
            return await respond(key, SIPMessage.response(to: refer, code: 481, reason: "Call/Transaction Does Not Exist"))
        }
        guard let referTo = refer.headers.first("Refer-To").flatMap(NameAddress.init(parsing:)), let target = Self.user(of: referTo.uri), !target.isEmpty else {
            return await refuse(400, "Bad Request", "Refer-To must name an agent (sip:username@host) or a queue (sip:queue:CallCenter@host)")
        }
        if referTo.uri.lowercased().contains("replaces=") {
            return await refuse(501, "Not Implemented", "attended transfer (Replaces) is not taken yet; transfer blind, or consult in the softphone")
        }
        if !target.contains(where: \.isLetter) {
            return await refuse(403, "Forbidden", "transfers to outside numbers are not carried over SIP yet; transfer to an agent or a queue")
        }
        calls[leg.callID]?.referrer = id
        calls[leg.callID]?.referAccepted = false
        calls[leg.callID]?.referNotified = false
        calls[leg.callID]?.referOutcome = nil
        do {
            try await calling.transfer(call.callKey, leg.agent, target)
        } catch {
            calls[leg.callID]?.referrer = nil
            logger.info("SIP REFER refused", metadata: ["call.id": "\(leg.callID)", "reason": "\(error)"])
            return await refuse(403, "Forbidden", "\(error)")
        }
        logger.info("SIP REFER from the agent's phone", metadata: ["call.id": "\(leg.callID)", "to": "\(target)"])
        await respond(key, SIPMessage.response(to: refer, code: 202, reason: "Accepted"))
        await notifyReferrer(id, "SIP/2.0 100 Trying", terminated: false)
        calls[leg.callID]?.referAccepted = true
        // Done meanwhile (a requeue is at once): the outcome waited for this.
        if let outcome = calls[leg.callID]?.referOutcome { await referDone(leg.callID, outcome) }
    }

    /// The REFERred transfer is done (`status` a sipfrag status line): the phone that asked is
    /// told, once its REFER was accepted.
    func referDone(_ callID: String, _ status: String) async {
        guard let call = calls[callID], let referrer = call.referrer, !call.referNotified else { return }
        guard call.referAccepted else {
            calls[callID]?.referOutcome = status
            return
        }
        calls[callID]?.referNotified = true
        await notifyReferrer(referrer, status)
    }

    /// A NOTIFY in the REFERring phone's dialog with the transfer's progress (`message/sipfrag`).
    func notifyReferrer(_ sipCallID: String, _ status: String, terminated: Bool = true) async {
        guard let leg = legs[sipCallID], leg.answered,
              var notify = phoneRequest("NOTIFY", sipCallID: sipCallID, body: Array("\(status)\r\n".utf8), contentType: "message/sipfrag;version=2.0") else { return }
        notify.headers.add("Event", "refer")
        notify.headers.add("Subscription-State", terminated ? "terminated;reason=noresource" : "active;expires=60")
        _ = await request(notify, to: leg.address)
    }

    /// An answered call transferred to a queue: the agent's phone is let go, and the trunk is held
    /// (`inactive`) while the caller waits; the next agent's phone is bridged to it (`follow`).
    func requeue(_ callID: String) async {
        guard var call = calls[callID], !call.requeued else { return }
        let old = call.phone
        call.requeued = true
        call.agent = nil
        call.phone = nil
        call.agentHeld = false
        call.phoneHeld = false
        call.bridging = false
        calls[callID] = call
        logger.info("SIP call back in the queue", metadata: ["call.id": "\(callID)"])
        // A phone that REFERred the call here hangs up itself; the caller waiting is the transfer done.
        if let old, old != call.referrer { await byePhone(old) }
        await referDone(callID, "SIP/2.0 200 OK")
        await offer(SDPDirection.inactive.applied(to: call.phoneSDP, continuing: call.sentToTrunk), callID: callID, toTrunk: true, purpose: .direction)
    }
}
