import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket
import ServiceLifecycle
import SwitchboardCore
import SwitchboardServices
import SwitchboardStore
import SwitchboardTestSupport
import Testing
@testable import SwitchboardApp

/// The call control WebSocket on a running server, with a real WebSocket client, real HTTP for
/// the phone system's events, and a real HTTP server standing in for the phone system's webhook.
@Suite("Call control over a WebSocket")
struct CallControlSocketTests {
    @Test("an agent's softphone hears the call ring, answers it over the socket; the phone system's webhook gets the command, signed; a refusal changes nothing; other sites and plain GETs are refused")
    func socket() async throws {
        let app = try await Switchboard.open(try await ServerTests.configuration(try await TestDatabase.makeURL(.sqlite)), logger: Logger(label: "test"))
        let (center, _) = try await app.callCenters.importFile(try CallCenterSamples.bytes("lightning-basic.xml"), fileName: "lightning-basic.xml", by: app.system)
        _ = try await app.callCenters.update(center.id.eighteen, [], dnisNumbers: ["+18005550100"], by: app.system)
        // ada is an admin here so she can make a token acting as herself: a softphone that is not a
        // browser page signs in with one (the browser's cookie path is in E2ETests/test_softphone.py).
        _ = try await app.auth.createUser(username: "ada", email: "ada@example.com", firstName: "Ada", lastName: "Agent", role: .admin, password: "correct horse", by: app.system)
        _ = try await app.callCenters.assign([(1, "ada")], to: center.definition.internalName, move: false, by: app.system)
        let session = try await app.auth.signIn(username: "ada", password: "correct horse", address: "127.0.0.1")
        let (adaToken, _) = try await app.auth.createToken(name: "ada's softphone", role: .agent, by: session.principal)
        let (pbxToken, pbx) = try await app.auth.createToken(name: "pbx", role: .admin, by: app.system)
        let provider = try await FakeProvider.start()
        _ = try await app.connections.set(id: pbx.id, webhookURL: "http://127.0.0.1:\(provider.port)/hook", secret: "a shared secret, 16+", by: app.system)

        try await ServerTests.serving(app) { port in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let cookie = "sb_session=\(session.cookieToken)"

            // A plain GET says it is a WebSocket; a page of another origin cannot open it with the agent's cookie
            // (this client sends Origin ws://127.0.0.1, which is not http://127.0.0.1:<port>).
            var plain = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/callcontrol")
            plain.headers.add(name: "Cookie", value: cookie)
            #expect(try await http.execute(plain, timeout: .seconds(10)).status.code == 426)
            let foreign = SoftphoneSocket(url: "ws://127.0.0.1:\(port)/api/v1/callcontrol", headers: ["Cookie": cookie])
            #expect(await foreign.next(within: .seconds(10)) == nil, "no welcome for another site's page")

            let phone = SoftphoneSocket(url: "ws://127.0.0.1:\(port)/api/v1/callcontrol", headers: ["Authorization": "Bearer \(adaToken)"])
            let welcome = try #require(await phone.next(within: .seconds(10)))
            #expect(welcome["type"] as? String == "welcome" && (welcome["presence"] as? [String: Any])?["status"] as? String == "Offline")
            phone.send(#"{"id":"p1","op":"presence","status":"available"}"#)
            let chosen = try #require(await phone.next(within: .seconds(10)) { $0["type"] as? String == "reply" })
            #expect(chosen["ok"] as? Bool == true && chosen["id"] as? String == "p1")

            // The phone system offers a call to the DNIS: routing rings ada's softphone.
            var offer = HTTPClientRequest(url: "http://127.0.0.1:\(port)/api/v1/telephony/events")
            offer.method = .POST
            offer.headers.add(name: "Authorization", value: "Bearer \(pbxToken)")
            offer.headers.add(name: "Content-Type", value: "application/json")
            offer.body = .bytes(ByteBuffer(string: #"{"id":"e1","callKey":"pbx-1","type":"offered","from":"+14155550134","to":"+18005550100"}"#))
            #expect(try await http.execute(offer, timeout: .seconds(10)).status == .ok)
            let ringing = try #require(await phone.next(within: .seconds(10)) { ($0["call"] as? [String: Any])?["phase"] as? String == "ringing" })
            #expect((ringing["call"] as? [String: Any])?["from"] as? String == "+14155550134" && ringing["seq"] is Int)

            phone.send(#"{"id":"a1","op":"answer","callKey":"pbx-1"}"#)
            let answered = try #require(await phone.next(within: .seconds(10)) { $0["id"] as? String == "a1" })
            #expect(answered["ok"] as? Bool == true && (answered["call"] as? [String: Any])?["phase"] as? String == "connected")
            let hook = try #require(await provider.received.first)
            let body = try #require(JSONSerialization.jsonObject(with: Data(hook.body.utf8)) as? [String: Any])
            #expect(body["command"] as? String == "answer" && body["callKey"] as? String == "pbx-1" && body["agent"] as? String == "ada")
            let timestamp = try #require(hook.signature.split(separator: ",").first.flatMap { Int64($0.dropFirst(2)) })
            #expect(hook.signature == ProviderCommands.signature(body: hook.body, timestamp: timestamp, secret: "a shared secret, 16+"))

            // The phone system refuses the next command: the agent is told, the call stays as it was.
            await provider.refuse()
            phone.send(#"{"id":"h1","op":"hold","callKey":"pbx-1"}"#)
            let refused = try #require(await phone.next(within: .seconds(10)) { $0["id"] as? String == "h1" })
            let error = refused["error"] as? [String: Any]
            #expect(refused["ok"] as? Bool == false && error?["status"] as? Int == 502 && (error?["message"] as? String)?.contains("refused to hold") == true)
            #expect(try await app.telephony.activeCalls(of: session.principal.userID).first?.phase == .connected)

            phone.send(#"{"id":"x","op":"fly"}"#)
            let unknown = try #require(await phone.next(within: .seconds(10)) { $0["type"] as? String == "reply" && $0["ok"] as? Bool == false })
            #expect(((unknown["error"] as? [String: Any])?["message"] as? String)?.contains("answer, decline, hangup") == true)

            phone.close()
            foreign.close()
            try await http.shutdown()
            try await provider.stop()
        }
    }
}

/// A WebSocket client for tests: frames arrive as text and are read as JSON objects; commands go out as text.
final class SoftphoneSocket: Sendable {
    private let messages: AsyncStream<String>
    private let outgoing: AsyncStream<String>.Continuation
    private let task: Task<Void, Never>

    init(url: String, headers: [String: String]) {
        let (messages, incoming) = AsyncStream<String>.makeStream()
        let (commands, outgoing) = AsyncStream<String>.makeStream()
        self.messages = messages
        self.outgoing = outgoing
        var fields = HTTPFields()
        for (name, value) in headers { fields[HTTPField.Name(name)!] = value }
        let configuration = WebSocketClientConfiguration(additionalHeaders: fields)
        task = Task {
            do { _ = try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "softphone")) { inbound, outbound, _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            if case .text(let text) = message { incoming.yield(text) }
                        }
                    }
                    group.addTask {
                        for await command in commands { try await outbound.write(.text(command)) }
                        try await outbound.close(.normalClosure, reason: nil)
                    }
                    _ = try await group.next()
                    group.cancelAll()
                }
            }
            } catch {}  // refused or closed: `next` returns nil
            incoming.finish()
        }
    }

    func send(_ command: String) { outgoing.yield(command) }

    static func object(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:]
    }

    /// The next message matching `predicate`, or nil when none comes within `limit` (or the socket closed).
    func next(within limit: Duration, where predicate: @escaping @Sendable ([String: Any]) -> Bool = { _ in true }) async -> [String: Any]? {
        let messages = self.messages
        let found = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                for await message in messages where predicate(Self.object(message)) { return message }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: limit)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        return found.map(Self.object)
    }

    func close() { outgoing.finish() }
}

/// A phone system's webhook endpoint: records each command and its signature; answers 200, or
/// 503 after `refuse()`.
final class FakeProvider: Sendable {
    struct Received: Sendable { let body: String; let signature: String }
    actor State {
        var received: [Received] = []
        var refusing = false
        func add(_ r: Received) { received.append(r) }
        func refuse() { refusing = true }
    }
    let state: State
    let port: Int
    private let task: Task<Void, any Error>
    private let group: ServiceGroup

    var received: [Received] { get async { await state.received } }
    func refuse() async { await state.refuse() }

    private init(port: Int, task: Task<Void, any Error>, group: ServiceGroup, state: State) {
        self.port = port
        self.task = task
        self.group = group
        self.state = state
    }

    static func start() async throws -> FakeProvider {
        let state = State()
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            await state.add(Received(body: body, signature: request.headers[HTTPField.Name("X-Switchboard-Signature")!] ?? ""))
            return Response(status: await state.refusing ? .serviceUnavailable : .ok)
        }
        let ready = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { ready.continuation.yield($0.localAddress?.port ?? 0) })
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: Logger(label: "provider"))
        let task = Task { try await group.run() }
        var ports = ready.stream.makeAsyncIterator()
        let port = await ports.next() ?? 0
        return FakeProvider(port: port, task: task, group: group, state: state)
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
