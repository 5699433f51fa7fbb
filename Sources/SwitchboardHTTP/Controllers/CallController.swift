import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/calls`: calls reported by phone systems and softphones, wrap-up, a record's
/// timeline, and each call center's dispositions.
struct CallController {
    let calls: CallLogService
    let records: RecordService

    func register(on api: RouterGroup<AppRequestContext>) {
        api.post("calls", use: record)
        api.post("calls/:id/wrapup", use: wrapUp)
        api.get("timeline/:id", use: timeline)
        api.get("callcenters/:key/dispositions", use: dispositions)
        api.put("callcenters/:key/dispositions", use: setDispositions)
    }

    /// Records a call (VoiceCall fields); with a known `VendorCallKey` it updates that call:
    /// 201 when created, 200 when updated.
    @Sendable func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let (call, created) = try await calls.recordCall(try await Responses.fields(request, context: context), by: principal)
        return Responses.json(RecordJSON.json(call), status: created ? .created : .ok,
                              headers: [.location: "/api/v1/records/VoiceCall/\(call.id.eighteen)"])
    }

    struct WrapUpBody: Decodable {
        var disposition: String?
        var notes: String?
        var afterCallWorkSeconds: Int64?
    }

    /// `{"disposition": "Resolved", "notes": "…", "afterCallWorkSeconds": 30}` → the call and its Task.
    @Sendable func wrapUp(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await OpenCTIController.decode(WrapUpBody.self, request, context, example: #"{"disposition": "Resolved", "notes": "…", "afterCallWorkSeconds": 30}"#)
        let (call, task) = try await calls.wrapUp(
            callID: try context.parameters.require("id"),
            .init(disposition: body.disposition, notes: body.notes, afterCallWorkSeconds: body.afterCallWorkSeconds), by: principal)
        return Responses.json(.object([("call", RecordJSON.json(call)), ("task", RecordJSON.json(task))]))
    }

    /// The record's calls and tasks, newest first.
    @Sendable func timeline(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let entries = try await calls.timeline(of: try context.parameters.require("id"), by: principal)
        return Responses.json(.object([("entries", .array(entries.map { entry in
            .object([
                ("type", .string(entry.record.object == StandardObjects.voiceCall ? "call" : "task")),
                ("at", .string(entry.at.salesforceFormat)),
                ("linkedId", entry.linkedID.map { .string($0.eighteen) } ?? .null),
                ("record", RecordJSON.json(entry.record)),
            ])
        }))]))
    }

    @Sendable func dispositions(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requirePrincipal()
        let key = try context.parameters.require("key")
        let labels = try await calls.dispositions(callCenter: key)
        return Responses.json(.object([("dispositions", .array(labels.map(JSON.string))),
                                       ("afterCallWorkSeconds", .int(try await calls.afterCallWorkSeconds(callCenter: key)))]))
    }

    struct DispositionsBody: Decodable { var dispositions: [String]; var afterCallWorkSeconds: Int64? }

    /// `{"dispositions": ["Resolved", "Call back", …], "afterCallWorkSeconds": 60}` replaces the
    /// list and sets the after-call work limit (admins).
    @Sendable func setDispositions(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await OpenCTIController.decode(DispositionsBody.self, request, context, example: #"{"dispositions": ["Resolved", "Call back"]}"#)
        let key = try context.parameters.require("key")
        // Both are checked before either is written: a refused request changes nothing.
        if let seconds = body.afterCallWorkSeconds, !(0...3600).contains(seconds) {
            throw APIError(.badRequest, "afterCallWorkSeconds must be from 0 to 3600", issues: [FieldIssue(field: "afterCallWorkSeconds", message: "must be from 0 to 3600 seconds, got \(seconds)")])
        }
        let labels = try await calls.setDispositions(callCenter: key, body.dispositions, by: principal)
        if let seconds = body.afterCallWorkSeconds { try await calls.setAfterCallWorkSeconds(seconds, callCenter: key, by: principal) }
        return Responses.json(.object([("dispositions", .array(labels.map(JSON.string))),
                                       ("afterCallWorkSeconds", .int(try await calls.afterCallWorkSeconds(callCenter: key)))]))
    }
}
