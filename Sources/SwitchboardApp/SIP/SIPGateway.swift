import Foundation
import Logging
import Metrics
import NIOCore
import NIOPosix
import ServiceLifecycle
import SwitchboardCore
import SwitchboardServices
import SwitchboardSIP

/// The SIP gateway (docs/sip-gateway.md): UDP and TCP listeners on one port; the registrar for
/// agents' SIP phones (digest, identical challenges for every username, guessing slowed then
/// refused); trunks admitted by address or digest (`+Trunks`); calls back to back between trunks and agents' phones, driven by and driving the
/// telephony events service (`SIPGateway+Calls`, `+Offers`, `+Refer`, `+DialOut`); trunk
/// keep-alives (`+TrunkHealth`); and what it does not do answered per RFC 3261 §8.2 (405 with
/// Allow, 501, 420, 415, 416). Responses go to the request's source address (rport/received).
actor SIPGateway: Service {
    let host: String
    let port: Int
    let digest: DigestAuthentication
    let credentials: any SIPCredentialRepository
    let logger: Logger
    let clock: any WallClock
    private var registrar = Registrar()
    /// The username each agent's phone registered under, by user id: a call routed to an agent
    /// finds their phone without a database read.
    var registeredNames: [RecordID: String] = [:]
    var throttle = FailureThrottle()
    /// Called with the bound port once listening.
    let onListening: @Sendable (Int) async -> Void
    /// What calls over SIP need from the rest of Switchboard.
    let calling: Calling

    /// What calls over SIP need: the telephony events service (the same path as a PBX's events),
    /// who acts, agents' usernames, and the trunks' addresses (INVITEs from others are refused).
    struct Calling: Sendable {
        var telephony: TelephonyEventService
        var principal: Principal
        var username: @Sendable (RecordID) async -> String?
        var trunks: Set<String>
        /// The trunks admins defined (`SIPTrunkService.current`): their addresses, their credentials.
        var definedTrunks: @Sendable () async throws -> [SIPTrunk] = { [] }
        /// Where calls agents dial out go (`host:port`, `sip.outboundTrunk`); nil: not through SIP.
        var outboundTrunk: String? = nil
        /// What the gateway answers the outbound trunk's challenges with (`sip.outboundUsername`, `sip.outboundPassword`).
        var outboundCredentials: SIPOutboundCredentials? = nil
        /// Trunks (`ip:port`) sent OPTIONS every `pingSeconds` (0: never) to show them up or down.
        var pingTargets: [String] = []
        var pingSeconds = 0
        /// A transfer asked for by the agent's phone (REFER), performed as the agent's own call
        /// control command: call key, the agent, the target (username or `queue:<call center>`).
        var transfer: @Sendable (_ callKey: String, _ agent: RecordID, _ to: String) async throws -> Void = { _, _, _ in }
    }

    // The call layer's state (SIPGateway+Calls.swift).
    var boundPort = 0
    var udpOut: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>?
    var servers: [TransactionKey: ServerTransaction] = [:]
    var serverSources: [TransactionKey: SocketAddress] = [:]
    var clients: [TransactionKey: ClientTransaction] = [:]
    var clientDestinations: [TransactionKey: SocketAddress] = [:]
    var timers: [String: Task<Void, Never>] = [:]
    var calls: [String: SIPCall] = [:]
    var legs: [String: PhoneLeg] = [:]
    /// The phone legs of each call (by the trunk call's Call-ID), dropped a while after it ends.
    var legsOfCall: [String: [String]] = [:]
    /// Our INVITEs in calls, by transaction, and the last 2xx ACK sent in each dialog (by Call-ID).
    var offers: [TransactionKey: PendingOffer] = [:]
    var acks: [String: (SIPMessage, SocketAddress)] = [:]
    /// Dial-outs through the trunk: call key → the trunk leg's Call-ID.
    var dialed: [String: String] = [:]
    /// Trunk keep-alives (SIPGateway+TrunkHealth.swift): pings in flight, unanswered ones, and each trunk's state.
    var pings: [TransactionKey: String] = [:]
    /// Open TCP connections by the peer's "ip:port": what is sent to that peer goes on it.
    var tcpPeers: [String: NIOAsyncChannelOutboundWriter<ByteBuffer>] = [:]
    var pinging: [String: Bool] = [:]
    var trunkUp: [String: Bool] = [:]

    static let allowed = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, REFER"
    /// Methods SIP defines that this gateway refuses for now (405 with Allow); others get 501.
    static let known: Set<String> = ["NOTIFY", "SUBSCRIBE", "INFO", "UPDATE", "PRACK", "MESSAGE", "PUBLISH"]

    init(host: String, port: Int, realm: String, secret: [UInt8], digestAlgorithms: [DigestAuthentication.Algorithm], credentials: any SIPCredentialRepository, clock: any WallClock, logger: Logger,
         calling: Calling, onListening: @escaping @Sendable (Int) async -> Void = { _ in }) {
        self.calling = calling
        self.host = host
        self.port = port
        self.digest = DigestAuthentication(realm: realm, secret: secret, algorithms: digestAlgorithms)
        self.credentials = credentials
        self.clock = clock
        self.logger = logger
        self.onListening = onListening
    }

    nonisolated func run() async throws {
        let udp = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            // Under load datagrams come in bursts: up to 64 are read per wake-up of the event
            // loop, and up to 1,024 wait for the gateway before reading pauses. The
            // default (reading paused at 10 until 2 are left) made every few datagrams wait for a
            // round trip to the event loop while SIPp's went on queueing in the socket.
            .channelOption(.maxMessagesPerRead, value: 64)
            .bind(host: host, port: port) { [logger] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SIPDatagramDecoder(logger: logger))
                    return try NIOAsyncChannel<ReceivedSIP, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(backPressureStrategy: .init(lowWatermark: 256, highWatermark: 1024)))
                }
            }
        let bound = udp.channel.localAddress?.port ?? port
        await setBoundPort(bound)
        // TCP on the same port number (RFC 3261 §18: a server listens on both).
        let tcp = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: host, port: bound) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        logger.info("SIP listening", metadata: ["address": "udp+tcp:\(host):\(bound)"])
        await onListening(bound)
        // On SIGTERM the listeners stop (a cancellation, not a failure of the service).
        try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await self.serveUDP(udp) }
                if self.calling.pingSeconds > 0 {
                    group.addTask {
                        while !Task.isCancelled {
                            await self.pingTrunks()
                            try await Task.sleep(for: .seconds(self.calling.pingSeconds))
                        }
                    }
                }
                // Routing and agents' commands move calls; the SIP legs follow.
                group.addTask { await self.followCalls() }
                group.addTask {
                    try await tcp.executeThenClose { connections in
                        try await withThrowingDiscardingTaskGroup { each in
                            for try await connection in connections {
                                each.addTask { await self.serveTCP(connection) }
                            }
                        }
                    }
                }
            }
        }
    }

    func setBoundPort(_ port: Int) { boundPort = port }
    func setOutbound(_ outbound: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>) { udpOut = outbound }

    /// The changes routing and agents' commands make to calls, followed on the gateway's actor.
    func followCalls() async {
        for await change in await calling.telephony.channels.watchCalls() { await follow(change) }
    }

    /// Datagrams, parsed on the event loop (`SIPDatagramDecoder`), handled one at a time on the
    /// gateway's actor: the loop runs on the actor, so a burst of datagrams is taken without a hop
    /// per datagram through Swift's cooperative queue (at 500 calls/s that queue was most of a
    /// phone's 180 time to reach the trunk).
    func serveUDP(_ channel: NIOAsyncChannel<ReceivedSIP, AddressedEnvelope<ByteBuffer>>) async throws {
        try await channel.executeThenClose { inbound, outbound in
            self.setOutbound(outbound)
            for try await received in inbound {
                let (reply, delay) = await self.handle(received, transport: "UDP")
                guard let reply else { continue }
                // Back to where the request came from (RFC 3581), whatever its Via says.
                let envelope = AddressedEnvelope(remoteAddress: received.source, data: ByteBuffer(bytes: reply))
                if let delay {
                    // A throttled address waits for its answer; others are not held up.
                    Task {
                        try? await Task.sleep(for: .milliseconds(delay))
                        try? await outbound.write(envelope)
                    }
                } else {
                    try await outbound.write(envelope)
                }
            }
        }
    }

    /// One TCP connection: messages cut by Content-Length; one that cannot be framed ends it.
    nonisolated func serveTCP(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let remote = connection.channel.remoteAddress
        let peer = "\(remote?.ipAddress ?? "?"):\(remote?.port ?? 0)"
        defer { Task { await self.tcpClosed(peer) } }
        try? await connection.executeThenClose { inbound, outbound in
            // Calls' messages to this peer (responses, in-dialog requests) go on this connection.
            await self.tcpOpened(peer, outbound)
            var pending: [UInt8] = []
            for try await chunk in inbound {
                pending += chunk.readableBytesView
                while true {
                    let framed: (message: SIPMessage, consumed: Int)?
                    do {
                        framed = try SIPParser.frame(pending[...])
                    } catch {
                        Counter(label: "switchboard_sip_parse_failures_total").increment()
                        return  // the stream cannot be followed any more: close it
                    }
                    guard let framed, let remote else { break }
                    pending.removeFirst(framed.consumed)
                    let (reply, delay) = await self.handle(ReceivedSIP(message: framed.message, from: remote), transport: "TCP")
                    if let delay { try await Task.sleep(for: .milliseconds(delay)) }
                    if let reply { try await outbound.write(ByteBuffer(bytes: reply)) }
                }
            }
        }
    }

    func tcpOpened(_ peer: String, _ writer: NIOAsyncChannelOutboundWriter<ByteBuffer>) { tcpPeers[peer] = writer }
    func tcpClosed(_ peer: String) { tcpPeers[peer] = nil }

    /// One message (parsed, stamped with its source) → the response to send back (nil: none),
    /// and after how long (milliseconds) when throttled.
    func handle(_ received: ReceivedSIP, transport: String) async -> ([UInt8]?, Int64?) {
        let (request, source, sourceHost, sourcePort) = (received.message, received.source, received.host, received.port)
        guard request.isRequest, let method = request.method else {
            // A response: to one of the call layer's client transactions (UDP).
            await callResponse(request)
            return (nil, nil)
        }
        Counter(label: "switchboard_sip_requests_total", dimensions: [("method", method)]).increment()
        if method != "ACK", let refused = Self.unsupported(request) {
            var response = refused
            response.headers.add("Server", "Switchboard")
            return (response.serialized(), nil)
        }
        if ["INVITE", "ACK", "CANCEL", "BYE", "REFER"].contains(method) {
            await callRequest(request, from: source, reliable: transport == "TCP")
            return (nil, nil)
        }
        var delay: Int64? = nil
        let response: SIPMessage?
        let unsupported = request.headers.values("Require")
        if !unsupported.isEmpty && method != "ACK" && method != "CANCEL" {
            var bad = SIPMessage.response(to: request, code: 420, reason: "Bad Extension", toTag: Self.tag())
            bad.headers.add("Unsupported", unsupported.joined(separator: ", "))
            response = bad
        } else {
            switch method {
            case "OPTIONS":
                var ok = SIPMessage.response(to: request, code: 200, reason: "OK", toTag: Self.tag())
                ok.headers.add("Allow", Self.allowed)
                ok.headers.add("Accept", "application/sdp")
                response = ok
            case "REGISTER":
                (response, delay) = await register(request, source: sourceHost, port: sourcePort)
            case "ACK":
                response = nil
            case let other where Self.known.contains(other):
                var refused = SIPMessage.response(to: request, code: 405, reason: "Method Not Allowed", toTag: Self.tag())
                refused.headers.add("Allow", Self.allowed)
                response = refused
            default:
                response = SIPMessage.response(to: request, code: 501, reason: "Not Implemented", toTag: Self.tag())
            }
        }
        guard var response else { return (nil, nil) }
        response.headers.add("Server", "Switchboard")
        logger.debug("SIP", metadata: ["call.id": "\(request.callID ?? "")", "method": "\(method)", "status": "\(response.statusCode ?? 0)", "transport": "\(transport)"])
        return (response.serialized(), delay)
    }

    /// What no method here can take (RFC 3261 §8.2.1, §8.2.3): a Request-URI scheme other than
    /// sip, sips or tel (416), an INVITE whose body is not SDP (415, with what is accepted).
    static func unsupported(_ request: SIPMessage) -> SIPMessage? {
        guard case .request(let method, let uri) = request.startLine else { return nil }
        let scheme = uri.prefix { $0 != ":" }.lowercased()
        if !["sip", "sips", "tel"].contains(scheme) {
            return SIPMessage.response(to: request, code: 416, reason: "Unsupported URI Scheme", toTag: Self.tag())
        }
        let type = (request.headers.first("Content-Type") ?? "application/sdp").lowercased()
        if method == "INVITE", !request.body.isEmpty, !type.hasPrefix("application/sdp") {
            var refused = SIPMessage.response(to: request, code: 415, reason: "Unsupported Media Type", toTag: Self.tag())
            refused.headers.add("Accept", "application/sdp")
            return refused
        }
        return nil
    }

    /// REGISTER: challenge, check, bind. Unknown and known usernames get the same answers.
    func register(_ request: SIPMessage, source: String, port: Int) async -> (SIPMessage, Int64?) {
        let now = clock.now().millisecondsSince1970
        let seconds = now / 1000
        var delay: Int64? = nil
        switch throttle.decision(for: source, at: now) {
        case .refuse:
            return (SIPMessage.response(to: request, code: 403, reason: "Forbidden", toTag: Self.tag()), nil)
        case .delay(let milliseconds):
            delay = milliseconds
        case .answer:
            break
        }
        func challenge(stale: Bool = false) -> SIPMessage {
            var unauthorized = SIPMessage.response(to: request, code: 401, reason: "Unauthorized", toTag: Self.tag())
            for value in digest.challenges(at: seconds, stale: stale) { unauthorized.headers.add("WWW-Authenticate", value) }
            return unauthorized
        }
        guard let header = request.headers.first("Authorization"), let given = DigestAuthentication.credentials(header) else {
            return (challenge(), delay)
        }
        let aor = request.to.flatMap { Self.user(of: $0.uri) } ?? ""
        let stored = try? await credentials.find(username: given.username)
        let ha1 = stored.map { given.algorithm == .md5 ? $0.ha1MD5 : $0.ha1SHA256 }
        switch digest.verify(given, method: "REGISTER", ha1: aor.lowercased() == given.username.lowercased() ? ha1 : nil, at: seconds) {
        case nil:
            throttle.succeeded(source)
            Counter(label: "switchboard_sip_registrations_total").increment()
            if let stored { registeredNames[stored.userID] = stored.username }
            return (registrar.register(request, user: stored?.username ?? given.username, at: now, source: "\(source):\(port)", toTag: Self.tag()), nil)
        case .staleNonce?:
            return (challenge(stale: true), delay)
        case .some:
            throttle.failed(source, at: now)
            logger.notice("SIP registration refused", metadata: ["from": "\(source)", "username": "\(given.username.prefix(64))"])
            return (challenge(), delay)
        }
    }

    /// The registered contacts of a user now (for routing calls to SIP phones, next).
    func contacts(of username: String) -> [Registrar.Binding] {
        registrar.contacts(of: username, at: clock.now().millisecondsSince1970)
    }

    static func user(of uri: String) -> String? {
        guard let colon = uri.firstIndex(of: ":") else { return nil }
        let rest = uri[uri.index(after: colon)...]
        guard let at = rest.firstIndex(of: "@") else { return nil }
        return String(rest[..<at].split(separator: ";").first ?? "")
    }

    static func tag() -> String { String(UInt64.random(in: 1...UInt64.max), radix: 36) }
}
