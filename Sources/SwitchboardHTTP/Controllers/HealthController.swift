import Hummingbird
import NIOCore

/// `/healthz` (the process answers), `/readyz` (the database answers) and Prometheus `/metrics`.
struct HealthController {
    let readiness: @Sendable () async -> String?
    let metrics: @Sendable () -> String

    func register(on router: Router<AppRequestContext>) {
        router.get("/healthz") { _, _ in Responses.json(.object([("status", .string("ok"))])) }
        router.get("/readyz") { _, _ in
            if let problem = await readiness() {
                return Responses.json(.object([("status", .string("unavailable")), ("reason", .string(problem))]), status: .serviceUnavailable)
            }
            return Responses.json(.object([("status", .string("ready"))]))
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: metrics())))
        }
    }
}
