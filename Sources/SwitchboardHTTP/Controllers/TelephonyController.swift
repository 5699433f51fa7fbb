import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// `POST /api/v1/telephony/events`: a phone system's call events (API tokens); the calls they
/// make; the connections (webhooks) agents' commands are sent to.
struct TelephonyController {
    let telephony: TelephonyEventService
    let connections: TelephonyConnectionService

    func register(on api: RouterGroup<AppRequestContext>) {
        api.post("telephony/events", use: event)
        api.get("telephony/waiting", use: waiting)
        api.get("telephony/calls/:callKey", use: call)
        api.get("telephony/connections", use: listConnections)
        api.put("telephony/connections/:id", use: setConnection)
        api.delete("telephony/connections/:id", use: deleteConnection)
    }

    /// One call as its events built it (API tokens and supervisors): a simulator waits on it for the agent's answer.
    @Sendable func call(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let key = try context.parameters.require("callKey")
        let (progress, callID) = try await telephony.call(key, by: principal)
        return Responses.json(.object([
            ("callKey", .string(progress.callKey)), ("voiceCallId", .string(callID.eighteen)), ("phase", .string(progress.phase.rawValue)),
            ("direction", .string(progress.inbound ? "inbound" : "outbound")), ("agent", progress.agent.map(JSON.string) ?? .null),
            ("from", progress.from.map(JSON.string) ?? .null), ("to", progress.to.map(JSON.string) ?? .null),
            ("answeredAt", progress.answeredAt.map { .string($0.salesforceFormat) } ?? .null),
            ("endedAt", progress.endedAt.map { .string($0.salesforceFormat) } ?? .null),
        ]))
    }

    static func connectionJSON(_ c: TelephonyConnection) -> JSON {
        // The secret is never shown again.
        .object([("id", .string(c.id)), ("webhookUrl", .string(c.webhookURL)), ("secretSet", .bool(true))])
    }

    @Sendable func listConnections(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await connections.all(by: try context.requirePrincipal())
        return Responses.json(.object([("connections", .array(all.map(Self.connectionJSON)))]))
    }

    struct ConnectionBody: Decodable {
        var webhookUrl: String?
        var secret: String?
    }

    @Sendable func setConnection(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let example = #"{"webhookUrl": "https://pbx.example.com/switchboard", "secret": "a shared secret of 16+ characters"}"#
        let body = try await OpenCTIController.decode(ConnectionBody.self, request, context, example: example)
        let saved = try await connections.set(id: try context.parameters.require("id"), webhookURL: body.webhookUrl ?? "", secret: body.secret ?? "", by: principal)
        return Responses.json(Self.connectionJSON(saved))
    }

    @Sendable func deleteConnection(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await connections.delete(id: try context.parameters.require("id"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    /// Calls ringing or queued, with their position in their call center's queue (supervisors).
    @Sendable func waiting(_ request: Request, context: AppRequestContext) async throws -> Response {
        let calls = try await telephony.waitingCalls(by: try context.requirePrincipal())
        return Responses.json(.object([("calls", .array(calls.map { c in
            .object([
                ("callKey", .string(c.progress.callKey)), ("voiceCallId", .string(c.voiceCallID.eighteen)),
                ("callCenterId", .string(c.callCenterID.eighteen)), ("phase", .string(c.progress.phase.rawValue)),
                ("position", .int(Int64(c.position))), ("waitingSeconds", .int(c.waitingSeconds)),
                ("from", c.progress.from.map(JSON.string) ?? .null), ("agent", c.progress.agent.map(JSON.string) ?? .null),
            ])
        }))]))
    }

    struct EventBody: Decodable {
        var id: String?
        var callKey: String?
        var type: String?
        var at: String?
        var direction: String?
        var from: String?
        var to: String?
        var queue: String?
        var agent: String?
        var recordingUrl: String?
        var reason: String?
    }

    static let example = #"{"id": "evt-1", "callKey": "pbx-42", "type": "offered", "at": "2026-11-21T09:00:00Z", "from": "+14155550134", "to": "+18005550100"}"#

    /// One event → `{applied, phase, voiceCallId, outcome}`; 200 also for a repeat (`applied`
    /// false), 409 with the reason for an event that cannot apply.
    @Sendable func event(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await OpenCTIController.decode(EventBody.self, request, context, example: Self.example)
        var issues: [FieldIssue] = []
        let kinds = TelephonyEvent.Kind.allCases.map(\.rawValue).joined(separator: ", ")
        let kind = body.type.flatMap { TelephonyEvent.Kind(rawValue: $0.lowercased()) }
        if kind == nil { issues.append(FieldIssue(field: "type", message: "\(body.type.map { "'\($0)' is not an event type" } ?? "is required"); use one of \(kinds)")) }
        if (body.callKey ?? "").trimmingSpaces.isEmpty { issues.append(FieldIssue(field: "callKey", message: "is required: your system's id for the call")) }
        var at = SystemWallClock().now()
        if let text = body.at {
            if let parsed = Instant(iso8601: text) { at = parsed } else { issues.append(FieldIssue(field: "at", message: "'\(text)' is not an ISO 8601 time such as 2026-11-21T09:00:00Z")) }
        }
        if let direction = body.direction, !["inbound", "outbound"].contains(direction.lowercased()) {
            issues.append(FieldIssue(field: "direction", message: "is inbound or outbound, not '\(direction)'"))
        }
        guard issues.isEmpty, let kind, let callKey = body.callKey else { throw APIError(.badRequest, "the event is not right; send e.g. \(Self.example)", issues: issues) }
        // Without an id, the type and time name the event, so a resent event is still a repeat.
        let event = TelephonyEvent(id: body.id ?? "\(kind.rawValue)@\(at.millisecondsSince1970)", callKey: callKey, kind: kind, at: at,
                                   direction: body.direction, from: body.from, to: body.to, queue: body.queue, agent: body.agent,
                                   recordingURL: body.recordingUrl, reason: body.reason)
        let outcome = try await telephony.handle(event, by: principal)
        return Responses.json(.object([
            ("applied", .bool(outcome.applied)), ("phase", .string(outcome.progress.phase.rawValue)),
            ("voiceCallId", .string(outcome.call.id.eighteen)), ("outcome", RecordJSON.value(outcome.call["Outcome"])),
            ("agent", outcome.progress.agent.map(JSON.string) ?? .null),
        ]))
    }
}
