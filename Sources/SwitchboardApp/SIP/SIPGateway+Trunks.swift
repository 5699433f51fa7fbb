import Logging
import NIOCore
import SwitchboardCore
import SwitchboardSIP

/// Which trunk an INVITE comes from: an address in `sip.trunks` or in a trunk an admin defined
/// (`SIPTrunkService`) is taken as it is; otherwise, when some trunk has digest credentials, the
/// INVITE is challenged (401) and taken once it answers with them. Everything else is refused
/// (403). Wrong answers count against the address as wrong REGISTER passwords do: slowed, then
/// refused for a while.
extension SIPGateway {
    /// The trunk's name when the INVITE may start a call; nil when it was answered here (401 or 403).
    func admittedTrunk(_ invite: SIPMessage, key: TransactionKey, from source: SocketAddress, tag: String) async -> String? {
        let host = source.ipAddress ?? ""
        if calling.trunks.contains(host) { return "sip.trunks" }
        let defined = (try? await calling.definedTrunks()) ?? []
        if let trunk = defined.first(where: { $0.hosts.contains(host) }) { return trunk.name }
        let callID = invite.callID ?? ""
        guard defined.contains(where: { $0.username != nil }) else {
            logger.notice("SIP INVITE from an unknown source refused", metadata: ["from": "\(host)", "call.id": "\(callID)"])
            await respond(key, SIPMessage.response(to: invite, code: 403, reason: "Forbidden", toTag: tag))
            return nil
        }
        let now = clock.now().millisecondsSince1970
        var delay: Int64? = nil
        switch throttle.decision(for: host, at: now) {
        case .refuse:
            await respond(key, SIPMessage.response(to: invite, code: 403, reason: "Forbidden", toTag: tag))
            return nil
        case .delay(let milliseconds):
            delay = milliseconds
        case .answer:
            break
        }
        let header = invite.headers.first("Authorization") ?? invite.headers.first("Proxy-Authorization")
        var stale = false
        if let header, let given = DigestAuthentication.credentials(header) {
            let trunk = defined.first { $0.username?.lowercased() == given.username.lowercased() }
            let ha1 = trunk.flatMap { given.algorithm == .md5 ? $0.ha1MD5 : $0.ha1SHA256 }
            switch digest.verify(given, method: "INVITE", ha1: ha1, at: now / 1000) {
            case nil:
                throttle.succeeded(host)
                return trunk?.name
            case .staleNonce?:
                stale = true
            case .some:
                throttle.failed(host, at: now)
                logger.notice("SIP INVITE with wrong trunk credentials", metadata: ["from": "\(host)", "username": "\(given.username.prefix(64))", "call.id": "\(callID)"])
            }
        }
        var challenge = SIPMessage.response(to: invite, code: 401, reason: "Unauthorized", toTag: tag)
        for value in digest.challenges(at: now / 1000, stale: stale) { challenge.headers.add("WWW-Authenticate", value) }
        if let delay {
            // A guessing address waits for its answer; the calls of others are not held up.
            let answer = challenge
            Task {
                try? await Task.sleep(for: .milliseconds(delay))
                await self.respond(key, answer)
            }
        } else {
            await respond(key, challenge)
        }
        return nil
    }

    /// Where keep-alives go: trunks in `sip.trunks` with a port, the outbound trunk, and the
    /// addresses with a port of the trunks admins defined.
    func currentPingTargets() async -> [String] {
        let defined = (try? await calling.definedTrunks()) ?? []
        return Array(Set(calling.pingTargets + defined.flatMap(\.pingTargets))).sorted()
    }
}
