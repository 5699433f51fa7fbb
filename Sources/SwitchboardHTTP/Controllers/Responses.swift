import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SwitchboardCore

/// Small helpers shared by the controllers.
enum Responses {
    static func json(_ value: JSON, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: value.serialized())))
    }

    static func html(_ page: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.contentType] = "text/html; charset=utf-8"
        if headers[.contentSecurityPolicy] == nil {
            headers[.contentSecurityPolicy] = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
        }
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
    }

    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.location] = location
        return Response(status: .seeOther, headers: headers)
    }

    /// The body as field name and value pairs.
    /// - Throws: `APIError` 400 naming what is wrong with the JSON; 413 when too large.
    static func fields(_ request: Request, context: AppRequestContext) async throws -> [(String, RawValue)] {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw APIError(.badRequest, "the body is empty; send a JSON object of field names and values") }
        let body: JSONFieldsBody
        do { body = try JSONDecoder().decode(JSONFieldsBody.self, from: Data(buffer.readableBytesView)) } catch {
            throw APIError(.badRequest, "the body is not a JSON object of field names and values: \(describe(error))")
        }
        return try fields(body)
    }

    /// A decoded JSON object's members as field values.
    /// - Throws: `APIError` 400 naming every member that is an object or an array.
    static func fields(_ body: JSONFieldsBody) throws -> [(String, RawValue)] {
        var fields: [(String, RawValue)] = []
        var issues: [FieldIssue] = []
        for (name, value) in body.fields {
            switch RecordJSON.raw(value, field: name) {
            case .success(let raw): fields.append((name, raw))
            case .failure(let issue): issues.append(issue)
            }
        }
        if !issues.isEmpty { throw APIError(.badRequest, "some values are not single values", issues: issues) }
        return fields
    }

    /// A JSON object body as a string dictionary, for small command bodies ({"name": …}).
    static func strings(_ request: Request, context: AppRequestContext) async throws -> [String: RawValue] {
        Dictionary(try await fields(request, context: context).map { ($0.0.lowercased(), $0.1) }, uniquingKeysWith: { a, _ in a })
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let c): return c.underlyingError.map { "\($0)" } ?? c.debugDescription
        case DecodingError.typeMismatch(_, let c): return c.debugDescription
        default: return "\(error)"
        }
    }
}
