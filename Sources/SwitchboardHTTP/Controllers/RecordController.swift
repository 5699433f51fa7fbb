import Foundation
import Hummingbird
import Logging
import NIOCore
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/records/{object}[/{id}]`: create, read, update, delete and list records, and CSV
/// import and export per object.
struct RecordController {
    let records: RecordService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("records/:object", use: list)
        group.post("records/:object", use: create)
        group.get("records/:object/export", use: export)
        group.post("records/:object/import", use: importCSV)
        group.get("records/:object/:id", use: get)
        group.patch("records/:object/:id", use: update)
        group.delete("records/:object/:id", use: delete)
    }

    /// Lists records: `?limit=&offset=&sort=Field,-Field&Field=value&Field.op=value`.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let object = try object(context)
        let parameters = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        let query = try RecordQuery.parse(parameters, object: object).get()
        let page = try await records.list(object, query, by: principal)
        var members: [(String, JSON)] = [
            ("totalSize", .int(Int64(page.totalSize))),
            ("done", .bool(query.offset + page.records.count >= page.totalSize)),
        ]
        if query.offset + page.records.count < page.totalSize {
            var next = parameters.filter { $0.0 != "offset" }
            next.append(("offset", String(query.offset + page.records.count)))
            members.append(("nextRecordsUrl", .string("/api/v1/records/\(object.name)?" + next.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&"))))
        }
        members.append(("records", .array(page.records.map(RecordJSON.json))))
        return Responses.json(.object(members))
    }

    /// Creates a record from a JSON object of field names (any case) and values.
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let object = try object(context)
        try records.authorize(principal, .create, object)
        let record = try await records.create(object, try await Responses.fields(request, context: context), by: principal)
        return Responses.json(RecordJSON.json(record), status: .created, headers: [.location: "/api/v1/records/\(object.name)/\(record.id.eighteen)"])
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let record = try await records.get(try object(context), id: try context.parameters.require("id"), by: principal)
        return Responses.json(RecordJSON.json(record))
    }

    /// Changes the fields given; the others keep their values.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let object = try object(context)
        try records.authorize(principal, .update, object)
        let record = try await records.update(object, id: try context.parameters.require("id"), try await Responses.fields(request, context: context), by: principal)
        return Responses.json(RecordJSON.json(record))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        try await records.delete(try object(context), id: try context.parameters.require("id"), by: principal)
        return Response(status: .noContent)
    }

    /// Imports a CSV body (header row of field names), streaming; answers with the report.
    @Sendable func importCSV(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        var job = try CSVImport(service: records, object: try object(context), principal: principal)
        for try await buffer in request.body { try await job.feed(buffer.readableBytesView) }
        let report = try await job.finish()
        context.logger.info("CSV import", metadata: ["object": "\(report.object)", "created": "\(report.created)", "failed": "\(report.failed)"])
        return Responses.json(ImportReportJSON.json(report))
    }

    /// Streams every record of the object as CSV.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let object = try object(context)
        let job = try CSVExport(service: records, object: object, principal: principal)
        return Response(
            status: .ok,
            headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(object.name).csv\""],
            body: ResponseBody { writer in
                try await job.run { text in try await writer.write(ByteBuffer(string: text)) }
                try await writer.finish(nil)
            })
    }

    private func object(_ context: AppRequestContext) throws -> ObjectSchema {
        try records.object(named: try context.parameters.require("object"))
    }
}

func percentEncode(_ s: String) -> String {
    s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._~,"))) ?? s
}
