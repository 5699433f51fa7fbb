import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SwitchboardCore
import SwitchboardHTTP
import SwitchboardServices
import SwitchboardTestSupport

/// The real router over real services on a fresh SQLite database.
struct HTTPTestApp {
    let services: TestServices
    let app: Application<RouterResponder<AppRequestContext>>
    let adminToken: String
    let agentToken: String

    static func make() async throws -> HTTPTestApp {
        let services = try await TestServices.make()
        let deps = HTTPDependencies(records: services.records, auth: services.auth, callCenters: services.callCenters, layouts: services.layouts, openCTI: services.openCTI, consoleActions: services.consoleActions, calls: services.calls, reports: services.reports, telephony: services.telephony, presence: services.presence, callControl: services.callControl, connections: services.connections, sipTrunks: services.sipTrunks, readiness: { nil }, metrics: { "# metrics\n" }, version: "test")
        let router = buildRouter(deps, logger: Logger(label: "test"))
        let admin = try await services.user("admin", role: .admin)
        _ = try await services.user("agent", role: .agent)
        let adminToken = try await services.auth.createToken(name: "admin", role: .admin, by: admin).plain
        let agentToken = try await services.auth.createToken(name: "agent", role: .agent, by: admin).plain
        return HTTPTestApp(services: services, app: Application(router: router), adminToken: adminToken, agentToken: agentToken)
    }

    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await app.test(.router, body)
        try await services.close()
    }
}

extension HTTPFields {
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }
}

/// Decodes a JSON body into a dictionary for assertions.
func json(_ response: TestResponse) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
}

func errorBody(_ response: TestResponse) throws -> (message: String, issues: [String]) {
    let error = try #require(try json(response)["error"] as? [String: Any])
    let issues = (error["issues"] as? [[String: Any]] ?? []).map { "\($0["field"]!): \($0["message"]!)" }
    return (error["message"] as? String ?? "", issues)
}

import Testing
