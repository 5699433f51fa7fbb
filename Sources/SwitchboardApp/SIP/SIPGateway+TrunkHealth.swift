import Logging
import Metrics
import NIOCore
import SwitchboardSIP

/// Trunk keep-alives (RFC 3261 §11): every `sip.trunkPingSeconds` each trunk address with a port
/// (in `sip.trunks` or in a trunk an admin defined), and the outbound trunk, is sent OPTIONS. Any answer means it is up; an OPTIONS still unanswered when
/// the next round starts means it is down. Shown as `switchboard_sip_trunk_up{trunk}` (1 or 0)
/// and logged when it changes.
extension SIPGateway {
    func pingTrunks() async {
        for target in await currentPingTargets() {
            if pinging[target] == true { trunkIs(target, up: false) }
            guard let address = Self.address(target) else { continue }
            var headers = newRequestHeaders("OPTIONS", from: "<sip:switchboard@\(localHost)>;tag=\(Self.tag())", to: "<sip:\(target)>")
            headers.add("Content-Length", "0")
            let options = SIPMessage(.request(method: "OPTIONS", uri: "sip:\(target)"), headers: headers)
            guard let branch = options.topVia?.branch else { continue }
            pings[TransactionKey(clientBranch: branch, method: "OPTIONS")] = target
            pinging[target] = true
            _ = await request(options, to: address)
        }
    }

    /// Any answer to a ping: the trunk is up.
    func pingAnswered(_ key: TransactionKey) {
        guard let target = pings[key] else { return }
        pinging[target] = false
        trunkIs(target, up: true)
    }

    func trunkIs(_ target: String, up: Bool) {
        Gauge(label: "switchboard_sip_trunk_up", dimensions: [("trunk", target)]).record(up ? 1 : 0)
        guard trunkUp[target] != up else { return }
        trunkUp[target] = up
        if up {
            logger.notice("SIP trunk up", metadata: ["trunk": "\(target)"])
        } else {
            logger.warning("SIP trunk down: no answer to OPTIONS", metadata: ["trunk": "\(target)"])
        }
    }
}
