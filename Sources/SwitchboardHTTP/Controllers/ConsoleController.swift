import Foundation
import HTTPTypes
import Hummingbird
import SwitchboardCore
import SwitchboardServices

/// The agent console: one page (an app shell) for `/console` and every Lightning-shaped route
/// (`/lightning/r/{Object}/{Id}/view`, `/lightning/o/{Object}/home` …), so a reload or a shared
/// link lands on the same view. Its Content-Security-Policy frames only the user's call center
/// origins and trusted origins.
struct ConsoleController {
    let publicDirectory: String
    let openCTI: OpenCTIService

    func register(on router: Router<AppRequestContext>) {
        router.get("/console") { request, context in try await page(request, context) }
        // Only the console's own views: its scripts and styles live under /console/ as static files.
        router.get("/console/page") { request, context in try await page(request, context) }
        router.get("/console/worklist") { request, context in try await page(request, context) }
        router.get("/lightning/**") { request, context in try await page(request, context) }
        router.get("/softphone") { _, _ in try demoSoftphone() }
    }

    /// The demo softphone the demo call center frames (`/softphone/`): public like any adapter
    /// page, and framable by the console.
    func demoSoftphone() throws -> Response {
        guard let html = FileManager.default.contents(atPath: (publicDirectory as NSString).appendingPathComponent("softphone/index.html")) else {
            throw APIError(.internalServerError, "the demo softphone is missing from \(publicDirectory)")
        }
        return Responses.html(String(decoding: html, as: UTF8.self), headers: [
            .contentSecurityPolicy: "default-src 'self'; frame-ancestors 'self'; base-uri 'none'; object-src 'none'",
        ])
    }

    func page(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let principal = context.principal, case .session = principal.kind else {
            let next = request.uri.path + (request.uri.query.map { "?\($0)" } ?? "")
            return Responses.redirect("/signin?next=\(ScreenPopTarget.percentEncode(next))")
        }
        guard let html = FileManager.default.contents(atPath: (publicDirectory as NSString).appendingPathComponent("console/index.html")) else {
            throw APIError(.internalServerError, "the console page is missing from \(publicDirectory)")
        }
        let origins = try await openCTI.softphone(for: principal).callCenter?.framedOrigins ?? []
        return Responses.html(String(decoding: html, as: UTF8.self), headers: [
            .contentSecurityPolicy: Self.contentSecurityPolicy(framing: origins),
        ])
    }

    /// Scripts, styles and API calls only from this host; frames only from this host and the
    /// call center's origins; the console itself framed by no one else.
    static func contentSecurityPolicy(framing origins: [String]) -> String {
        let frames = (["'self'"] + origins).joined(separator: " ")
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "frame-src \(frames); frame-ancestors 'self'; base-uri 'none'; form-action 'self'; object-src 'none'"
    }
}
