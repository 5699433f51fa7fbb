import AsyncHTTPClient
import Configuration
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SwitchboardServices
import ServiceLifecycle
import SwitchboardCore
import SwitchboardStore
import SwitchboardTestSupport
import Testing
@testable import SwitchboardApp

@Suite("The running server")
struct ServerTests {
    static func configuration(_ url: String) async throws -> AppConfiguration {
        try AppConfiguration(config: try await AppConfiguration.reader(
            flags: ["db.url": ConfigValue(.string(url), isSecret: true), "http.port": 0, "auth.bcryptCost": 4], configFile: nil))
    }

    /// Runs the app's server (and its services) while `body` runs with its port, then shuts it
    /// down the way SIGTERM does.
    static func serving(_ app: Switchboard, _ body: (Int) async throws -> Void) async throws {
        let ready = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(services: [app.application { ready.continuation.yield($0) }], gracefulShutdownSignals: [], logger: app.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = ready.stream.makeAsyncIterator()
            let port = try #require(await ports.next())
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test("serves on a real socket, then on SIGTERM-style shutdown drains and closes the database", arguments: TestDatabase.backends)
    func liveServer(backend: Database.Backend) async throws {
        let app = try await Switchboard.open(try await Self.configuration(try await TestDatabase.makeURL(backend)), logger: Logger(label: "test"))
        try await Self.serving(app) { port in
            let client = HTTPClient(eventLoopGroupProvider: .singleton)
            let readyz = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/readyz"), timeout: .seconds(10))
            #expect(readyz.status == .ok)
            let metrics = try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
            let text = String(buffer: try await metrics.body.collect(upTo: 1 << 20))
            #expect(text.contains("hb_requests") && text.contains("switchboard_db_connections_in_use"))
            try await client.shutdown()
        }
        // The database was closed by the service group, after the server stopped.
        await #expect(throws: (any Error).self) { try await app.database.ping() }
    }

    @Test("the demo data: five users, about 2,000 people and companies, seeded once")
    func demoData() async throws {
        let app = try await Switchboard.open(try await Self.configuration(try await TestDatabase.makeURL(.sqlite)), logger: Logger(label: "test"))
        #expect(try await DemoData.seedIfEmpty(app) { _ in })
        #expect(try await DemoData.seedIfEmpty(app) { _ in } == false)
        let repo = app.records.repository
        #expect(try await repo.count(StandardObjects.account) == DemoData.accountCount)
        #expect(try await repo.count(StandardObjects.contact) == DemoData.contactCount + 1, "and Dana Whitfield, the README's caller")
        #expect(try await repo.count(StandardObjects.lead) == DemoData.leadCount)
        #expect(try await repo.count(StandardObjects.user) == DemoData.users.count + 1)
        let calls = try await app.records.list(StandardObjects.task, RecordQuery(limit: 100), by: app.system)
        #expect(calls.records.count == DemoData.taskCount && calls.records.allSatisfy { $0["CallType"] != .null && $0["WhoId"] != .null })
        // Numbers are written the many ways people write them: with +, 00, national trunk 0, brackets.
        let phones = try await app.records.list(StandardObjects.contact, RecordQuery(limit: 1000), by: app.system).records.compactMap { $0["Phone"].textValue }
        #expect(phones.contains { $0.hasPrefix("+") } && phones.contains { $0.hasPrefix("00") } && phones.contains { $0.hasPrefix("(") } && phones.contains { $0.hasPrefix("0") && !$0.hasPrefix("00") })
        #expect(Set(phones.compactMap { $0.hasPrefix("+") ? $0.split(separator: " ").first : nil }).count >= 8)
        let callCenters = try await app.callCenters.all(by: app.system)
        #expect(callCenters.map(\.definition.internalName) == ["SwitchboardDemo"])
        #expect(try await app.callCenters.users(callCenters[0].id).count == 3)
        let signIn = try await app.auth.signIn(username: "agent1", password: DemoData.password, address: "test")
        #expect(signIn.principal.role == .agent)
        try await app.close()
    }
}
