import ArgumentParser
import Foundation
import Histogram
import ServiceLifecycle
import SwitchboardCore
import SwitchboardServices

/// Screen pop at scale: seeds Contacts, Accounts and Leads with phone numbers written the many
/// ways people write them, then times (1) the lookup in-process — normalize the caller id and
/// read the phone index — and (2) `POST /api/v1/opencti/searchandscreenpop` on loopback at a
/// fixed rate (open loop, latency counted from when each request was due).
struct ScreenPopBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screenpop",
        abstract: "Times caller lookups over 1,000,000 Contacts, 200,000 Accounts and 200,000 Leads (targets: in-process p99 < 100 µs; endpoint p99 < 2 ms at 500/s).")
    @OptionGroup var options: BenchCommand.Options
    @Option(help: "Contacts to seed.") var contacts = 1_000_000
    @Option(help: "Accounts to seed.") var accounts = 200_000
    @Option(help: "Leads to seed.") var leads = 200_000
    @Option(help: "In-process lookups to time.") var lookups = 20_000
    @Option(help: "Endpoint requests per second.") var rate = 500
    @Option(help: "How long to send, in seconds (at most 120).") var seconds = 15
    @Option(help: "Concurrent client connections.") var connections = 16

    /// The i-th seeded number, written one of four ways (NANP numbers, unique per i).
    static func number(_ i: Int) -> (written: String, e164: String) {
        let area = 201 + (i / 8_000_000) % 700, exchange = 200 + (i / 10_000) % 800, line = i % 10_000
        let l = String(format: "%04d", line)
        let written: String
        switch i % 4 {
        case 0: written = "(\(area)) \(exchange)-\(l)"
        case 1: written = "+1 \(area) \(exchange) \(l)"
        case 2: written = "\(area).\(exchange).\(l)"
        default: written = "1-\(area)-\(exchange)-\(l)"
        }
        return (written, "+1\(area)\(exchange)\(l)")
    }

    func run() async throws {
        guard (1...120).contains(seconds), (1...20_000).contains(rate) else { throw CommandFailure("use --seconds 1…120 and --rate 1…20000") }
        let (app, folder) = try await options.open()
        let clock = ContinuousClock()
        let seedStart = clock.now
        var offset = 0
        for (object, count) in [(StandardObjects.account, accounts), (StandardObjects.contact, contacts), (StandardObjects.lead, leads)] {
            for start in stride(from: 0, to: count, by: 5_000) {
                let rows = (start..<min(count, start + 5_000)).map { i -> [(String, RawValue)] in
                    let phone = Self.number(offset + i).written
                    switch object.name {
                    case "Account": return [("Name", .string("Account \(i)")), ("Phone", .string(phone))]
                    case "Lead": return [("LastName", .string("Lead \(i)")), ("Company", .string("Company \(i)")), ("Phone", .string(phone))]
                    default: return [("FirstName", .string("Bench")), ("LastName", .string("Contact \(i)")), ("MobilePhone", .string(phone))]
                    }
                }
                _ = try await app.records.createMany(object, rows, by: app.system)
                let done = min(count, start + 5_000)
                Terminal.progress(fraction: Double(done) / Double(count), detail: "seeding \(object.name)s \(done)/\(count)")
            }
            offset += count
        }
        let total = offset
        let seedSeconds = (clock.now - seedStart).seconds
        Terminal.status(String(format: "Seeded %d records with phone numbers in %.1f s (%.0f/s, phone index included)", total, seedSeconds, Double(total) / seedSeconds))

        // 1. In-process: normalize the caller id, read the index.
        let normalizer = try PhoneNormalizer(defaultCountry: "US")
        let objects = [StandardObjects.account, StandardObjects.contact, StandardObjects.lead]
        var inProcess = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        var normalizing = inProcess, reading = inProcess
        var misses = 0
        for n in 0..<(lookups + 1_000) {
            let query = Self.number((n &* 7919) % total).e164
            let began = clock.now
            guard case .success(let number) = normalizer.normalize(query) else { throw CommandFailure("\(query) did not normalize") }
            let normalized = clock.now
            let hits = try await app.records.repository.phoneMatches(national: number.nationalNumber, objects: objects)
            let ended = clock.now
            if hits.isEmpty { misses += 1 }
            if n >= 1_000 {  // nanoseconds
                _ = inProcess.record(UInt64(max(1, (ended - began).seconds * 1_000_000_000)))
                _ = normalizing.record(UInt64(max(1, (normalized - began).seconds * 1_000_000_000)))
                _ = reading.record(UInt64(max(1, (ended - normalized).seconds * 1_000_000_000)))
            }
        }
        print(String(format: "  of which normalizing µs p50 %.1f  p99 %.1f; reading the index µs p50 %.1f  p99 %.1f",
                     Double(normalizing.valueAtPercentile(50)) / 1000, Double(normalizing.valueAtPercentile(99)) / 1000,
                     Double(reading.valueAtPercentile(50)) / 1000, Double(reading.valueAtPercentile(99)) / 1000))
        func us(_ p: Double) -> Double { Double(inProcess.valueAtPercentile(p)) / 1000 }
        print(String(format: "lookup in-process: %d lookups, %d without a match; µs p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f",
                     lookups, misses, us(50), us(90), us(99), us(99.9), Double(inProcess.max) / 1000))

        // 2. The endpoint at a fixed rate.
        let (token, _) = try await app.auth.createToken(name: "bench", role: .agent, by: app.system)
        let ready = AsyncStream<Int>.makeStream()
        let application = app.application { port in ready.continuation.yield(port) }
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: app.logger)
        let requests = rate * seconds
        var cpuBefore: HostCPU?, cpuAfter: HostCPU?
        let (latencies, sends, errors, elapsed) = try await withThrowingTaskGroup(of: Void.self) { tasks -> ([UInt64], [UInt64], Int, Double) in
            tasks.addTask { try await group.run() }
            var iterator = ready.stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CommandFailure("the server did not start") }
            Terminal.status("Sending \(requests) searchAndScreenPop requests at \(rate)/s for \(seconds) s…")
            cpuBefore = HostCPU.now()
            let outcome = try await HTTPLoad.run(port: port, token: token, rate: rate, total: requests, connections: connections) { i in
                .post("/api/v1/opencti/searchandscreenpop", json: #"{"searchParams": "\#(Self.number((i &* 104_729) % total).e164)", "callType": "inbound", "deferred": true}"#)
            }
            cpuAfter = HostCPU.now()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return (outcome.latencies, outcome.sends, outcome.errors, outcome.elapsed)
        }
        try? FileManager.default.removeItem(at: folder)
        var endpoint = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for l in latencies { _ = endpoint.record(l) }
        var send = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
        for l in sends { _ = send.record(l) }
        func ms(_ p: Double) -> Double { Double(endpoint.valueAtPercentile(p)) / 1000 }
        func sms(_ p: Double) -> Double { Double(send.valueAtPercentile(p)) / 1000 }
        let achieved = Double(latencies.count) / elapsed
        let steal = HostCPU.stealPercent(from: cpuBefore, to: cpuAfter) ?? -1
        print(String(format: "endpoint: %d requests, %d errors, %.0f req/s achieved (asked %d)\n  from due time   ms p50 %.3f  p90 %.3f  p99 %.3f  p99.9 %.3f  max %.3f\n  from send time  ms p50 %.3f  p99 %.3f\n  CPU time stolen by the hypervisor during the run: %.1f %%",
                     latencies.count, errors, achieved, rate, ms(50), ms(90), ms(99), ms(99.9), Double(endpoint.max) / 1000, sms(50), sms(99), steal))
        try options.write("screenpop", json: [
            "records": total, "contacts": contacts, "accounts": accounts, "leads": leads, "seedSeconds": seedSeconds,
            "lookups": lookups, "lookupMisses": misses, "lookupP50us": us(50), "lookupP90us": us(90), "lookupP99us": us(99), "lookupP999us": us(99.9), "targetLookupP99us": 100,
            "requests": latencies.count, "errors": errors, "requestedRate": rate, "achievedRate": achieved,
            "p50ms": ms(50), "p90ms": ms(90), "p99ms": ms(99), "p999ms": ms(99.9), "sendP50ms": sms(50), "sendP99ms": sms(99), "targetP99ms": 2.0, "stealPercent": steal,
            "peakMemoryMiB": ProcessMemory.peakMiB() ?? 0,
        ], svg: SVGChart.bars(
            title: "Screen pop over \(total) records: lookup µs (in-process) and endpoint ms at \(rate)/s",
            bars: [("lookup p50 µs/100", us(50) / 100), ("lookup p99 µs/100", us(99) / 100), ("endpoint p50 ms", ms(50)), ("endpoint p90 ms", ms(90)), ("endpoint p99 ms", ms(99))],
            unit: "ms (lookup bars: µs ÷ 100)", target: (2.0, "endpoint target p99 2 ms; lookup target 100 µs = 1.0")))
    }
}
