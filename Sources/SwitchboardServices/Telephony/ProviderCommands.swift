import Crypto
import Foundation
public import SwitchboardCore

/// The phone system did not take a command; nothing changed.
public struct ProviderError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Sends agents' commands to the phone system that carries each call: the connection's webhook,
/// signed (`X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
/// as Stripe and Slack sign theirs); calls on a connection without a webhook (the simulator)
/// need nobody told, and the built-in simulated far end answers what agents dial out.
public struct ProviderCommands: Sendable {
    let connections: any TelephonyConnectionRepository
    let webhooks: any WebhookClient
    public let simulator: SimulatedFarEnd
    /// The connection new outbound calls go through (a token id with a webhook); nil: the simulated far end.
    public let dialConnection: String?
    let clock: any WallClock

    public init(connections: any TelephonyConnectionRepository, webhooks: any WebhookClient, simulator: SimulatedFarEnd, dialConnection: String?, clock: any WallClock) {
        self.connections = connections
        self.webhooks = webhooks
        self.simulator = simulator
        self.dialConnection = dialConnection
        self.clock = clock
    }

    /// The connection name of calls the SIP gateway carries (`sip.outboundTrunk`): it follows
    /// them itself, so nobody is told.
    public static let sipGateway = "sip"

    /// - Throws: `ProviderError` when the webhook does not answer 2xx in 5 s.
    public func send(_ command: ProviderCommand, connection: String?) async throws {
        if connection == Self.sipGateway { return }
        guard let connection, let configured = try await connections.find(id: connection) else {
            if command.command == .dial { await simulator.dialed(command.callKey, at: clock.now()) }
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var body = try JSONSerialization.jsonObject(with: try encoder.encode(command)) as? [String: Any] ?? [:]
        body["at"] = command.at.salesforceFormat
        let text = String(decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        let timestamp = clock.now().millisecondsSince1970 / 1000
        let signature = Self.signature(body: text, timestamp: timestamp, secret: configured.secret)
        let answer: (status: Int, contentType: String?, body: String)
        do {
            answer = try await webhooks.postJSON(url: configured.webhookURL, body: text, headers: [("X-Switchboard-Signature", signature)], timeoutSeconds: 5)
        } catch {
            throw ProviderError(message: "the phone system (connection \(connection)) could not be reached to \(command.command.rawValue): \(error)")
        }
        guard (200..<300).contains(answer.status) else {
            throw ProviderError(message: "the phone system (connection \(connection)) refused to \(command.command.rawValue): HTTP \(answer.status) \(answer.body.prefix(200))")
        }
    }

    /// `t=<timestamp>,v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`.
    public static func signature(body: String, timestamp: Int64, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(timestamp).\(body)".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return "t=\(timestamp),v1=" + mac.map { String(format: "%02x", $0) }.joined()
    }
}
