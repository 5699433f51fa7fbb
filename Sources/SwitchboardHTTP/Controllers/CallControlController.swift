import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOWebSocket
import SwitchboardCore
import SwitchboardServices

/// The call control API: `GET /api/v1/callcontrol` upgraded to a WebSocket (docs/call-control.md).
/// The softphone signs in with the user's session cookie (from Switchboard's own origin) or an
/// API token; the server sends `welcome`, then numbered `call` and `presence` frames; each
/// command the softphone sends gets a `reply` with its `id`.
struct CallControlController {
    let callControl: CallControlService

    static let path = "callcontrol"

    /// The plain-HTTP side: what a request that is not a WebSocket upgrade gets.
    func register(on api: RouterGroup<AppRequestContext>) {
        api.get(RouterPath(stringLiteral: Self.path)) { _, context -> Response in
            _ = try context.requirePrincipal()
            throw APIError(.upgradeRequired, "the call control API is a WebSocket: connect with ws(s)://…/api/v1/callcontrol (see docs/call-control.md)")
        }
        api.post("telephony/simulate", use: simulate)
    }

    struct SimulateBody: Decodable {
        var from: String?
        var to: String?
    }

    /// A simulated caller for demos (supervisors): `{"from": "+14155550134", "to": "+18005550100"}`.
    @Sendable func simulate(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await OpenCTIController.decode(SimulateBody.self, request, context, example: #"{"from": "+14155550134", "to": "+18005550100"}"#)
        let outcome = try await callControl.simulateCall(from: body.from ?? "", to: body.to ?? "", by: principal)
        return Responses.json(.object([
            ("callKey", .string(outcome.progress.callKey)), ("voiceCallId", .string(outcome.call.id.eighteen)),
            ("phase", .string(outcome.progress.phase.rawValue)), ("agent", outcome.progress.agent.map(JSON.string) ?? .null),
        ]), status: .created)
    }

    func register(webSocketsOn router: Router<AppRequestContext>) {
        let callControl = self.callControl
        router.ws("/api/v1/\(Self.path)", shouldUpgrade: { request, context in
            guard let principal = context.principal else { return .dontUpgrade }
            // A page on another site must not drive an agent's calls with their cookie.
            if case .session = principal.kind { try AuthMiddleware.checkSameOrigin(request) }
            return .upgrade([:])
        }, onUpgrade: { inbound, outbound, context in
            guard let principal = context.requestContext.principal else { return }
            let query = context.request.uri.queryParameters
            let since = query["since"].flatMap { Int64(String($0)) }
            let epoch = query["epoch"].map(String.init)
            let (connection, welcome) = try await callControl.connect(principal, resumeAfter: since, epoch: epoch)
            defer { Task { await callControl.channels.disconnect(principal.userID, connection: connection.id) } }
            try await outbound.write(.text(Self.encode(WelcomeFrame(principal: principal, epoch: callControl.channels.epoch, welcome: welcome))))
            for frame in welcome.missed ?? [] { try await outbound.write(.text(frame.text)) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await delivery in connection.deliveries {
                        switch delivery {
                        case .frame(let frame):
                            if frame.seq > welcome.seq { try await outbound.write(.text(frame.text)) }
                        case .replaced:
                            try await outbound.write(.text(#"{"type":"replaced","message":"this agent's softphone was opened elsewhere"}"#))
                            try await outbound.close(.normalClosure, reason: "replaced by another softphone")
                            return
                        }
                    }
                }
                group.addTask {
                    for try await message in inbound.messages(maxSize: 64 * 1024) {
                        guard case .text(let text) = message else { continue }
                        let reply = await Self.perform(text, callControl: callControl, principal: principal, logger: context.logger)
                        try await outbound.write(.text(reply))
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
        })
    }

    /// One command → its reply: `{"type":"reply","id":…,"ok":true,…}` or with `"ok":false` and
    /// the error as the REST API gives it.
    static func perform(_ text: String, callControl: CallControlService, principal: Principal, logger: Logger) async -> String {
        let command: CallControlCommand
        do {
            command = try JSONDecoder().decode(CallControlCommand.self, from: Data(text.utf8))
        } catch {
            let ops = CallControlCommand.Op.allCases.map(\.rawValue).joined(separator: ", ")
            return encode(Reply(id: nil, ok: false, error: .init(APIError(.badRequest, "a command is a JSON object with op (one of \(ops)) and its fields, e.g. {\"id\":\"1\",\"op\":\"answer\",\"callKey\":\"…\"}"))))
        }
        do {
            var reply = Reply(id: command.id, ok: true)
            switch try await callControl.perform(command, by: principal) {
            case .call(let view): reply.call = view
            case .presence(let view): reply.presence = view
            case .wrappedUp(let callID, let taskID): (reply.voiceCallId, reply.taskId) = (callID.eighteen, taskID.eighteen)
            case .sent: break
            }
            return encode(reply)
        } catch {
            let apiError = APIError.from(error) ?? APIError(.internalServerError, "the command failed on the server; it is logged")
            if apiError.status == .internalServerError { logger.error("call control command failed", metadata: ["op": "\(command.op.rawValue)", "error": "\(error)"]) }
            return encode(Reply(id: command.id, ok: false, error: .init(apiError)))
        }
    }

    struct WelcomeFrame: Encodable {
        var type = "welcome"
        /// Who the softphone is signed in as: call frames with another `agentId` are calls that left this agent.
        var agentId: String
        var username: String
        var epoch: String
        var seq: Int64
        var presence: AgentPresenceView
        var calls: [AgentCallView]
        /// True when the frames after the `since` the softphone gave follow at once (numbered up to
        /// `seq`, for its history: the state above is already current); false when they were not kept.
        var resumed: Bool
        init(principal: Principal, epoch: String, welcome: CallControlService.Welcome) {
            agentId = principal.userID.eighteen
            username = principal.username
            self.epoch = epoch
            seq = welcome.seq
            presence = welcome.presence
            calls = welcome.calls
            resumed = welcome.missed != nil
        }
    }

    struct Reply: Encodable {
        struct ErrorBody: Encodable {
            struct Issue: Encodable { var field: String; var message: String }
            var status: Int
            var message: String
            var issues: [Issue]?
            init(_ error: APIError) {
                status = error.status.code
                message = error.message
                issues = error.issues.isEmpty ? nil : error.issues.map { Issue(field: $0.field, message: $0.message) }
            }
        }
        var type = "reply"
        var id: String?
        var ok: Bool
        var call: AgentCallView?
        var presence: AgentPresenceView?
        var voiceCallId: String?
        var taskId: String?
        var error: ErrorBody?
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"type":"error"}"#
    }
}
