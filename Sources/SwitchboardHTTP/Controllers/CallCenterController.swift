import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore
import SwitchboardServices

/// `/api/v1/callcenters`: import (with `?preview=true`), list, read, edit, clone, export, delete,
/// the settings map, and the users of each call center.
struct CallCenterController {
    let callCenters: CallCenterService

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("callcenters", use: list)
        group.post("callcenters", use: importFile)
        group.get("callcenters/:key", use: get)
        group.patch("callcenters/:key", use: update)
        group.delete("callcenters/:key", use: delete)
        group.post("callcenters/:key/clone", use: clone)
        group.get("callcenters/:key/export", use: export)
        group.get("callcenters/:key/settings", use: settings)
        group.get("callcenters/:key/users", use: users)
        group.post("callcenters/:key/users", use: assign)
        group.delete("callcenters/:key/users/:user", use: unassign)
    }

    /// The definition file is the body (either format); `?fileName=` names a Metadata file's
    /// internal name; `?preview=true` checks it and stores nothing.
    @Sendable func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let buffer = try await request.body.collect(upTo: CallCenterDefinitionReader.maximumBytes)
        let bytes = Array(buffer.readableBytesView)
        let fileName = request.uri.queryParameters["fileName"].map(String.init)
        if request.uri.queryParameters["preview"] == "true" {
            let read = try callCenters.preview(bytes, fileName: fileName, by: principal)
            return Responses.json(.object([("preview", Self.json(read.definition)), ("format", .string(read.format.rawValue)), ("warnings", Self.json(read.warnings))]))
        }
        let (callCenter, read) = try await callCenters.importFile(bytes, fileName: fileName, by: principal)
        return Responses.json(.object([("callCenter", Self.json(callCenter)), ("format", .string(read.format.rawValue)), ("warnings", Self.json(read.warnings))]),
                              status: .created, headers: [.location: "/api/v1/callcenters/\(callCenter.id.eighteen)"])
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> Response {
        let all = try await callCenters.all(by: try context.requirePrincipal())
        return Responses.json(.object([("callCenters", .array(all.map { Self.summary($0) }))]))
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> Response {
        let callCenter = try await callCenters.get(try context.parameters.require("key"), by: try context.requirePrincipal())
        return Responses.json(Self.json(callCenter))
    }

    /// `{"changes": [{"section": "…", "item": "…", "value": "…", "label": "…"}], "dnisNumbers": […], "trustedOrigins": […]}`.
    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await Self.decode(ChangesBody.self, request, context)
        let changes = (body.changes ?? []).map { CallCenterService.Change(section: $0.section, item: $0.item, value: $0.value, label: $0.label) }
        let (callCenter, warnings) = try await callCenters.update(
            try context.parameters.require("key"), changes, dnisNumbers: body.dnisNumbers, trustedOrigins: body.trustedOrigins, by: principal)
        return Responses.json(.object([("callCenter", Self.json(callCenter)), ("warnings", Self.json(warnings))]))
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await callCenters.delete(try context.parameters.require("key"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    /// `{"internalName": "…", "displayName": "…"}`.
    @Sendable func clone(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await Self.decode(CloneBody.self, request, context)
        let copy = try await callCenters.clone(try context.parameters.require("key"), internalName: body.internalName, displayName: body.displayName, by: principal)
        return Responses.json(Self.json(copy), status: .created, headers: [.location: "/api/v1/callcenters/\(copy.id.eighteen)"])
    }

    /// `?format=import` (default) or `?format=metadata`.
    @Sendable func export(_ request: Request, context: AppRequestContext) async throws -> Response {
        let raw = request.uri.queryParameters["format"].map(String.init) ?? "import"
        guard let format = DefinitionFormat(rawValue: raw) else { throw APIError(.badRequest, "format is '\(raw)'; use import or metadata") }
        let (fileName, text) = try await callCenters.export(try context.parameters.require("key"), format: format, by: try context.requirePrincipal())
        return Response(status: .ok, headers: [.contentType: "application/xml; charset=utf-8", .contentDisposition: "attachment; filename=\"\(fileName)\""],
                        body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The `getCallCenterSettings` map (opencti-spec.md §1.7.4).
    @Sendable func settings(_ request: Request, context: AppRequestContext) async throws -> Response {
        let map = try await callCenters.settings(try context.parameters.require("key"), by: try context.requirePrincipal())
        return Responses.json(.object(map.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
    }

    @Sendable func users(_ request: Request, context: AppRequestContext) async throws -> Response {
        let users = try await callCenters.users(of: try context.parameters.require("key"), by: try context.requirePrincipal())
        return Responses.json(.object([("users", .array(users.map(RecordJSON.json)))]))
    }

    /// JSON `{"users": ["ada", "grace@example.com"], "move": false}`, or a CSV body with a
    /// username or email column (`?move=true`). Answers with a row-by-row report.
    @Sendable func assign(_ request: Request, context: AppRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let key = try context.parameters.require("key")
        let report: CallCenterService.AssignmentReport
        if request.headers[.contentType]?.hasPrefix("text/csv") == true {
            let text = String(buffer: try await request.body.collect(upTo: context.maxUploadSize))
            report = try await callCenters.assignCSV(text, to: key, move: request.uri.queryParameters["move"] == "true", by: principal)
        } else {
            let body = try await Self.decode(AssignBody.self, request, context)
            report = try await callCenters.assign(body.users.enumerated().map { (line: $0.offset + 1, key: $0.element) }, to: key, move: body.move ?? false, by: principal)
        }
        return Responses.json(.object([
            ("applied", .int(Int64(report.applied))), ("refused", .int(Int64(report.refused))),
            ("rows", .array(report.rows.map { .object([("line", .int(Int64($0.line))), ("user", .string($0.user)), ("applied", .bool($0.applied)), ("outcome", .string($0.outcome))]) })),
        ]))
    }

    @Sendable func unassign(_ request: Request, context: AppRequestContext) async throws -> Response {
        try await callCenters.unassign(user: try context.parameters.require("user"), by: try context.requirePrincipal())
        return Response(status: .noContent)
    }

    struct ChangesBody: Decodable {
        struct Change: Decodable { var section: String; var item: String?; var value: String?; var label: String? }
        var changes: [Change]?
        var dnisNumbers: [String]?
        var trustedOrigins: [String]?
    }
    struct CloneBody: Decodable { var internalName: String; var displayName: String? }
    struct AssignBody: Decodable { var users: [String]; var move: Bool? }

    static func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AppRequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        do { return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView)) } catch {
            throw APIError(.badRequest, "the body is not the JSON expected: \(Responses.describe(error)); see /api/v1/openapi.json")
        }
    }

    static func summary(_ c: CallCenter) -> JSON {
        .object([
            ("id", .string(c.id.eighteen)), ("internalName", .string(c.definition.internalName)), ("displayName", .string(c.definition.displayName)),
            ("adapterUrl", .string(c.definition.adapterURL)), ("compatibilityMode", .string(c.definition.compatibilityMode.rawValue)),
            ("lastModifiedDate", .string(c.lastModifiedAt.salesforceFormat)),
        ])
    }

    static func json(_ c: CallCenter) -> JSON {
        .object(summary(c).objectMembers + [
            ("dnisNumbers", .array(c.dnisNumbers.map { .string($0) })), ("trustedOrigins", .array(c.trustedOrigins.map { .string($0) })),
            ("framedOrigins", .array(c.framedOrigins.map { .string($0) })), ("definition", json(c.definition)),
        ])
    }

    static func json(_ d: CallCenterDefinition) -> JSON {
        .object([
            ("internalNameLabel", .string(d.internalNameLabel)), ("displayNameLabel", .string(d.displayNameLabel)),
            ("version", d.version.map { .string($0) } ?? .null),
            ("sections", .array(d.sections.map { s in
                .object([("name", .string(s.name)), ("label", .string(s.label)), ("items", .array(s.items.map { i in
                    .object([("name", .string(i.name)), ("label", .string(i.label)), ("value", .string(i.value))])
                }))])
            })),
        ])
    }

    static func json(_ issues: [DefinitionIssue]) -> JSON {
        .array(issues.map { .object([("line", $0.line.map { .int(Int64($0)) } ?? .null), ("column", $0.column.map { .int(Int64($0)) } ?? .null), ("message", .string($0.message))]) })
    }
}
