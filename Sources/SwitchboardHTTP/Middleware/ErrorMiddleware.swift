import Hummingbird
import Logging
import Logging

/// Turns every thrown error into a JSON error response. Unknown errors become a 500 that reveals
/// nothing, and are logged in full at `error` with the request id.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            if let apiError = APIError.from(error) {
                if apiError.status.code >= 500 { context.logger.error("request failed", metadata: ["error": "\(error)"]) }
                return apiError.response()
            }
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, "something went wrong on the server; the request id in X-Request-Id finds it in the logs").response()
        }
    }
}
