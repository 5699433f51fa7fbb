import HTTPTypes
import Hummingbird
import Logging

/// Gives each request an id: the caller's `X-Request-Id` when it is sane, else a new one. It is
/// echoed in the response and put on every log line of the request as `request.id`.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let given = request.headers[.requestID]
        let id = given.flatMap { $0.count <= 64 && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } ? $0 : nil } ?? context.id
        context.logger[metadataKey: "request.id"] = .string(id)
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }
}

extension HTTPField.Name {
    static let requestID = Self("X-Request-Id")!
    static let csrfToken = Self("X-CSRF-Token")!
}
