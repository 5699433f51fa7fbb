import ArgumentParser
import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import NIOHTTP1
import NIOPosix
import ServiceLifecycle
import Synchronization
import SwitchboardCore
import SwitchboardServices

/// Reads Contacts by id over REST on loopback at a fixed request rate and reports latency.
/// Requests are sent on a schedule (open loop) and each latency counts from when the request was
/// due, so a stalled server shows up as latency instead of silently lowering the rate.
struct ReadBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "read", abstract: "Times GET /api/v1/records/Contact/{id} at a fixed rate (target: p99 under 2 ms at 1,000/s).")
    @OptionGroup var options: BenchCommand.Options
    @Option(help: "Requests per second.") var rate = 1000
    @Option(help: "How long to send, in seconds (at most 120).") var seconds = 15
    @Option(help: "Contacts in the database.") var contacts = 10_000
    @Option(help: "Concurrent client connections.") var connections = 32

    func run() async throws {
        guard (1...120).contains(seconds), (1...20_000).contains(rate) else { throw CommandFailure("use --seconds 1…120 and --rate 1…20000") }
        let (app, folder) = try await options.open()
        Terminal.status("Seeding \(contacts) Contacts…")
        var ids: [RecordID] = []
        for start in stride(from: 0, to: contacts, by: 5000) {
            let batch = try await app.records.createMany(StandardObjects.contact, (start..<min(contacts, start + 5000)).map { i in
                [("FirstName", .string("Bench")), ("LastName", .string("Contact \(i)")), ("Phone", .string("+1 415 555 \(String(format: "%04d", i % 10000))")),
                 ("Email", .string("bench\(i)@example.com"))]
            }, by: app.system)
            ids += batch.map(\.id)
        }
        let (token, _) = try await app.auth.createToken(name: "bench", role: .agent, by: app.system)

        let ready = AsyncStream<Int>.makeStream()
        let application = app.application { port in ready.continuation.yield(port) }
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: app.logger)
        let total = rate * seconds
        var cpuBefore: HostCPU?, cpuAfter: HostCPU?
        let result = try await withThrowingTaskGroup(of: Void.self) { tasks -> (latencies: [UInt64], service: [UInt64], errors: Int, elapsed: Double) in
            tasks.addTask { try await group.run() }
            var iterator = ready.stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CommandFailure("the server did not start") }
            Terminal.status("Sending \(total) reads at \(rate)/s to 127.0.0.1:\(port) for \(seconds) s…")
            let seeded = ids
            cpuBefore = HostCPU.now()
            let outcome = try await HTTPLoad.run(port: port, token: token, rate: rate, total: total, connections: connections) { i in
                .get("/api/v1/records/Contact/\(seeded[(i &* 7919) % seeded.count].eighteen)")
            }
            cpuAfter = HostCPU.now()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return (outcome.latencies, outcome.sends, outcome.errors, outcome.elapsed)
        }
        try? FileManager.default.removeItem(at: folder)

        var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for l in result.latencies { _ = histogram.record(l) }
        var service = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for l in result.service { _ = service.record(l) }
        func ms(_ p: Double) -> Double { Double(histogram.valueAtPercentile(p)) / 1000 }
        func sms(_ p: Double) -> Double { Double(service.valueAtPercentile(p)) / 1000 }
        let achieved = Double(result.latencies.count) / result.elapsed
        let steal = HostCPU.stealPercent(from: cpuBefore, to: cpuAfter) ?? -1
        print(String(format: "read: %d requests, %d errors, %.0f req/s achieved (asked %d)\n  from due time   ms p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n  from send time  ms p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n  CPU time stolen by the hypervisor during the run: %.1f %%",
                     result.latencies.count, result.errors, achieved, rate, ms(50), ms(90), ms(99), ms(99.9), Double(histogram.max) / 1000,
                     sms(50), sms(90), sms(99), sms(99.9), Double(service.max) / 1000, steal))
        try options.write("read", json: [
            "requests": result.latencies.count, "errors": result.errors, "requestedRate": rate, "achievedRate": achieved, "seconds": seconds,
            "p50ms": ms(50), "p90ms": ms(90), "p99ms": ms(99), "p999ms": ms(99.9), "maxms": Double(histogram.max) / 1000,
            "targetP99ms": 2.0, "contacts": contacts, "peakMemoryMiB": ProcessMemory.peakMiB() ?? 0,
            "sendP50ms": sms(50), "sendP90ms": sms(90), "sendP99ms": sms(99), "sendP999ms": sms(99.9), "connections": connections, "stealPercent": steal,
        ], svg: SVGChart.bars(
            title: "GET a Contact by id at \(rate)/s: latency percentiles (ms)",
            bars: [("p50", ms(50)), ("p90", ms(90)), ("p99", ms(99)), ("p99.9", ms(99.9)), ("send p50", sms(50)), ("send p99", sms(99))],
            unit: "milliseconds", target: (2.0, "target p99 2 ms")))
    }
}
