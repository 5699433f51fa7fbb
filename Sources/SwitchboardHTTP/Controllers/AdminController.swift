import Foundation
import Hummingbird
import SwitchboardCore

/// Admin pages: served only to signed-in admins. The pages are static files that load their data
/// from the REST API; this guard decides who gets them.
struct AdminController {
    let publicDirectory: String

    func register(on router: Router<AppRequestContext>) {
        router.get("/admin/callcenters") { request, context in try page("admin/callcenters.html", request: request, context: context) }
        router.get("/admin/softphonelayouts") { request, context in try page("admin/softphonelayouts.html", request: request, context: context) }
        router.get("/admin/screenpop") { request, context in try page("admin/screenpop.html", request: request, context: context) }
        router.get("/admin/dispositions") { request, context in try page("admin/dispositions.html", request: request, context: context) }
        router.get("/admin/siptrunks") { request, context in try page("admin/siptrunks.html", request: request, context: context) }
        router.get("/admin/agents") { request, context in try page("admin/agents.html", minimum: .supervisor, request: request, context: context) }
        router.get("/admin/reports") { request, context in try page("admin/reports.html", minimum: .supervisor, request: request, context: context) }
    }

    func page(_ file: String, minimum: Role = .admin, request: Request, context: AppRequestContext) throws -> Response {
        guard let principal = context.principal, case .session = principal.kind else {
            return Responses.redirect("/signin?next=\(request.uri.path)")
        }
        guard principal.role >= minimum else {
            return Responses.html(HTML.page(title: "Not allowed", body: "<h1>\(minimum == .admin ? "Admins" : "Supervisors") only</h1><p>This page is for \(minimum.rawValue)s; you are signed in as \(HTML.escape(principal.username)) (\(principal.role.rawValue)).</p><p><a href=\"/home\">Home</a></p>"), status: .forbidden)
        }
        guard let html = FileManager.default.contents(atPath: (publicDirectory as NSString).appendingPathComponent(file)) else {
            throw APIError(.internalServerError, "the page \(file) is missing from \(publicDirectory)")
        }
        return Responses.html(String(decoding: html, as: UTF8.self))
    }
}
