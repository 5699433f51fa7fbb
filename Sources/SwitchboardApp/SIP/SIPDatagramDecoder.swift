import Logging
import Metrics
import NIOCore
import SwitchboardSIP

/// A SIP message as it arrived: parsed, a request's top Via stamped with where it came from.
struct ReceivedSIP: Sendable {
    var message: SIPMessage
    var source: SocketAddress
    var host: String
    var port: Int

    /// Parses what came from `source`; nil for a keep-alive (CRLFs, RFC 5626).
    /// - Throws: `SIPParseError` for a message that cannot be read.
    init?(bytes: [UInt8], from source: SocketAddress) throws(SIPParseError) {
        let parsed: SIPMessage
        do {
            parsed = try SIPParser.parse(datagram: bytes)
        } catch {
            if bytes.allSatisfy({ $0 == 13 || $0 == 10 }) { return nil }
            throw error
        }
        self.init(message: parsed, from: source)
    }

    init(message: SIPMessage, from source: SocketAddress) {
        self.message = message
        self.source = source
        host = source.ipAddress ?? "0.0.0.0"
        port = source.port ?? 0
        // Responses go back where the request came from (RFC 3261 §18.2.1, RFC 3581).
        if message.isRequest { self.message.stampSource(host: host, port: port) }
    }
}

/// Parses datagrams on the event loop that read them, before they reach the gateway: parsing
/// was a third of the gateway actor's time at 500 calls/s, and the actor does one thing at a
/// time while the event loop thread is mostly idle. A datagram that cannot be read is counted
/// and dropped here, without disturbing anything else.
final class SIPDatagramDecoder: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias InboundOut = ReceivedSIP

    let logger: Logger
    let parseFailures = Counter(label: "switchboard_sip_parse_failures_total")

    init(logger: Logger) { self.logger = logger }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        do {
            guard let received = try ReceivedSIP(bytes: Array(envelope.data.readableBytesView), from: envelope.remoteAddress) else { return }
            context.fireChannelRead(wrapInboundOut(received))
        } catch {
            parseFailures.increment()
            logger.debug("SIP message dropped", metadata: ["from": "\(envelope.remoteAddress)", "transport": "UDP", "reason": "\(error.reason)"])
        }
    }
}
