public import HTTPTypes
import Hummingbird
public import SwitchboardCore

/// An error with an HTTP status and a body that says what was wrong and where:
/// `{"error": {"status": 400, "message": "…", "issues": [{"field": "…", "message": "…"}]}}`.
public struct APIError: Error, Sendable {
    public let status: HTTPResponse.Status
    public let message: String
    public let issues: [FieldIssue]
    public var headers: HTTPFields = [:]
    /// Extra members of the error object (an import's report, say).
    var details: [(String, JSON)] = []

    public init(_ status: HTTPResponse.Status, _ message: String, issues: [FieldIssue] = []) {
        self.status = status
        self.message = message
        self.issues = issues
    }

    var json: JSON {
        var members: [(String, JSON)] = [("status", .int(Int64(status.code))), ("message", .string(message))]
        if !issues.isEmpty {
            members.append(("issues", .array(issues.map { .object([("field", .string($0.field)), ("message", .string($0.message))]) })))
        }
        members += details
        return .object([("error", .object(members))])
    }

    func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: json.serialized())))
    }
}
