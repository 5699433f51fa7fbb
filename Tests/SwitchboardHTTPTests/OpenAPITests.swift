import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardTestSupport
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("documents exactly the routes the router has, and every object's fields")
    func matchesRouter() async throws {
        let services = try await TestServices.make()
        let deps = HTTPDependencies(records: services.records, auth: services.auth, callCenters: services.callCenters, layouts: services.layouts, openCTI: services.openCTI, consoleActions: services.consoleActions, calls: services.calls, reports: services.reports, telephony: services.telephony, presence: services.presence, callControl: services.callControl, connections: services.connections, sipTrunks: services.sipTrunks, readiness: { nil }, metrics: { "" }, version: "test")
        let router = buildRouter(deps, logger: Logger(label: "test"))
        let routes = Set(router.routes.map { "\($0.method.rawValue.lowercased()) \("\($0.path)".hasPrefix("/") ? "\($0.path)" : "/\($0.path)")" })
        let app = Application(router: router)
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/api/v1/openapi.json", method: .get)
            let document = try json(response)
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, ops in
                ops.keys.map { "\($0) \(path)" }
            })
            #expect(documented == routes, "undocumented: \(routes.subtracting(documented)); not routed: \(documented.subtracting(routes))")
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]])
            for object in StandardObjects.all {
                let properties = try #require(schemas[object.name]?["properties"] as? [String: Any])
                #expect(Set(properties.keys) == Set(object.fields.map(\.name) + ["attributes"]))
            }
        }
        try await services.close()
    }
}
