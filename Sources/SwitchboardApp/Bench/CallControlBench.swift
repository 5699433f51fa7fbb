import ArgumentParser
import Foundation
import HTTPTypes
import Histogram
import HummingbirdWSClient
import Logging
import NIOCore
import ServiceLifecycle
import SwitchboardCore
import SwitchboardServices

/// The call control API under many connected softphones: N agents hold a WebSocket each; calls
/// offered to the call center's DNIS are routed, and the time from the offer to the ringing frame
/// arriving at the agent's socket is measured (an upper bound of "offer to frame written": it
/// includes the client reading it). Also the memory each connected agent costs.
struct CallControlBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callcontrol",
        abstract: "Times offer → ringing frame with 1,000 agents connected over WebSockets (target p99 < 5 ms) and memory per connected agent.")
    @OptionGroup var options: BenchCommand.Options
    @Option(help: "Agents, each with a softphone connected.") var agents = 1_000
    @Option(help: "Calls to offer, one after another.") var calls = 2_000

    func run() async throws {
        guard (1...5_000).contains(agents), (1...100_000).contains(calls) else { throw CommandFailure("use --agents 1…5000 and --calls 1…100000") }
        let (app, folder) = try await options.open()
        let dnis = "+18005550100"
        let definition = #"<callCenter><section sortOrder="0" name="reqGeneralInfo" label="General"><item sortOrder="0" name="reqInternalName" label="Internal Name">Bench</item><item sortOrder="1" name="reqDisplayName" label="Display Name">Bench</item><item sortOrder="2" name="reqAdapterUrl" label="Adapter">/softphone/</item></section></callCenter>"#
        let (center, _) = try await app.callCenters.importFile(Array(definition.utf8), fileName: "Bench.xml", by: app.system)
        _ = try await app.callCenters.update(center.id.eighteen, [], dnisNumbers: [dnis], by: app.system)
        try await app.calls.setAfterCallWorkSeconds(0, callCenter: center.id.eighteen, by: app.system)

        // Agents sign in with a token acting as themselves (what a softphone that is not a browser
        // page does); making one needs an admin, so the bench's agents are admins.
        var tokens: [String] = []
        for i in 0..<agents {
            let name = "bench-agent-\(i)"
            _ = try await app.auth.createUser(username: name, email: "\(name)@example.com", firstName: nil, lastName: name, role: .admin, password: "bench password", by: app.system)
            let session = try await app.auth.signIn(username: name, password: "bench password", address: "127.0.0.1")
            tokens.append(try await app.auth.createToken(name: "softphone", role: .agent, by: session.principal).plain)
            _ = try await app.presence.choose(.available, reason: nil, by: session.principal)
            if i % 50 == 49 { Terminal.progress(fraction: Double(i + 1) / Double(agents), detail: "agents \(i + 1)/\(agents)") }
        }
        _ = try await app.callCenters.assign((0..<agents).map { (line: $0 + 1, key: "bench-agent-\($0)") }, to: "Bench", move: false, by: app.system)
        let pbx = Principal(userID: app.system.userID, username: "pbx", role: .admin, kind: .system)

        let ready = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(services: [app.application { ready.continuation.yield($0) }], gracefulShutdownSignals: [], logger: app.logger)
        let arrivals = Arrivals()
        let clock = ContinuousClock()
        let result: (latencies: [UInt64], memoryBefore: Double, memoryAfter: Double, connectSeconds: Double) = try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports = ready.stream.makeAsyncIterator()
            guard let port = await ports.next() else { throw CommandFailure("the server did not start") }
            let memoryBefore = ProcessMemory.currentMiB() ?? 0
            let connectStart = clock.now
            var sockets: [Task<Void, Never>] = []
            for token in tokens {
                var headers = HTTPFields()
                headers[.authorization] = "Bearer \(token)"
                sockets.append(Task {
                    _ = try? await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/api/v1/callcontrol", configuration: .init(additionalHeaders: headers),
                                                           logger: Logger(label: "bench")) { inbound, _, _ in
                        for try await message in inbound.messages(maxSize: 1 << 20) {
                            guard case .text(let text) = message else { continue }
                            if text.contains(#""type":"welcome""#) { await arrivals.welcomed() }
                            else if text.contains(#""phase":"ringing""#), let key = Self.callKey(in: text) { await arrivals.arrived(key, at: clock.now) }
                        }
                    }
                })
            }
            try await arrivals.waitForWelcomes(agents, within: .seconds(120))
            let connectSeconds = (clock.now - connectStart).seconds
            let memoryAfter = ProcessMemory.currentMiB() ?? 0
            Terminal.status(String(format: "%d softphones connected in %.1f s; offering %d calls…", agents, connectSeconds, calls))

            var latencies: [UInt64] = []
            for n in 0..<calls {
                let key = "bench-\(n)"
                let at = Instant(millisecondsSince1970: Int64(Date().timeIntervalSince1970 * 1000))
                let offered = clock.now
                let outcome = try await app.telephony.handle(TelephonyEvent(id: "\(key)-1", callKey: key, kind: .offered, at: at, from: "+14155550134", to: dnis), by: pbx)
                guard outcome.progress.phase == .ringing else { throw CommandFailure("call \(n) was not routed to an agent (\(outcome.progress.phase))") }
                let arrived = try await arrivals.wait(for: key, within: .seconds(10))
                latencies.append(UInt64(max(1, (arrived - offered).seconds * 1_000_000)))  // µs
                // Answer and end it, so the next call goes to the next agent (after-call work is 0 s).
                _ = try await app.telephony.handle(TelephonyEvent(id: "\(key)-2", callKey: key, kind: .answered, at: at), by: pbx)
                _ = try await app.telephony.handle(TelephonyEvent(id: "\(key)-3", callKey: key, kind: .ended, at: at.adding(milliseconds: 1)), by: pbx)
                if n % 100 == 99 { Terminal.progress(fraction: Double(n + 1) / Double(calls), detail: "calls \(n + 1)/\(calls)") }
            }
            for socket in sockets { socket.cancel() }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return (latencies, memoryBefore, memoryAfter, connectSeconds)
        }
        try? FileManager.default.removeItem(at: folder)
        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for l in result.latencies { _ = histogram.record(l) }
        func ms(_ p: Double) -> Double { Double(histogram.valueAtPercentile(p)) / 1000 }
        let perAgentKiB = (result.memoryAfter - result.memoryBefore) * 1024 / Double(agents)
        print(String(format: "offer → ringing frame at the agent's socket, %d agents connected, %d calls:\n  ms p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\nmemory: %.1f MiB before the softphones connected, %.1f MiB after: %.1f KiB per connected agent (server and client in this process)",
                     agents, result.latencies.count, ms(50), ms(90), ms(99), ms(99.9), Double(histogram.max) / 1000,
                     result.memoryBefore, result.memoryAfter, perAgentKiB))
        try options.write("callcontrol", json: [
            "agents": agents, "calls": result.latencies.count, "connectSeconds": result.connectSeconds,
            "p50ms": ms(50), "p90ms": ms(90), "p99ms": ms(99), "p999ms": ms(99.9), "maxms": Double(histogram.max) / 1000, "targetP99ms": 5.0,
            "memoryBeforeMiB": result.memoryBefore, "memoryAfterMiB": result.memoryAfter, "perAgentKiB": perAgentKiB,
        ], svg: SVGChart.bars(
            title: "Offer → ringing frame with \(agents) softphones connected (\(result.latencies.count) calls)",
            bars: [("p50", ms(50)), ("p90", ms(90)), ("p99", ms(99)), ("p99.9", ms(99.9))],
            unit: "ms", target: (5.0, "target p99 5 ms")))
    }

    /// The call key in a call frame (`"callKey":"…"`), without parsing all of it.
    static func callKey(in text: String) -> String? {
        guard let start = text.range(of: #""callKey":""#) else { return nil }
        let rest = text[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

/// When each call's ringing frame reached its softphone, and how many softphones are welcomed.
actor Arrivals {
    private var times: [String: ContinuousClock.Instant] = [:]
    private var waiters: [String: CheckedContinuation<ContinuousClock.Instant?, Never>] = [:]
    private var welcomes = 0

    func welcomed() { welcomes += 1 }

    func arrived(_ key: String, at time: ContinuousClock.Instant) {
        if let waiter = waiters.removeValue(forKey: key) { waiter.resume(returning: time) } else if times[key] == nil { times[key] = time }
    }

    /// The time the frame for `key` arrived; throws when it does not within `limit`.
    func wait(for key: String, within limit: Duration) async throws -> ContinuousClock.Instant {
        if let time = times.removeValue(forKey: key) { return time }
        let timeout = Task { [weak self] in
            try await Task.sleep(for: limit)
            await self?.expire(key)
        }
        let time = await withCheckedContinuation { waiters[key] = $0 }
        timeout.cancel()
        guard let time else { throw CommandFailure("no ringing frame for \(key) within \(limit)") }
        return time
    }

    private func expire(_ key: String) { waiters.removeValue(forKey: key)?.resume(returning: nil) }

    func waitForWelcomes(_ count: Int, within limit: Duration) async throws {
        let deadline = ContinuousClock.now + limit
        while welcomes < count {
            guard ContinuousClock.now < deadline else { throw CommandFailure("only \(welcomes) of \(count) softphones connected within \(limit)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
