import ArgumentParser
import Foundation
import Histogram
import ServiceLifecycle
import SwitchboardCore
import SwitchboardServices

/// saveLog throughput: call logs posted to `POST /api/v1/opencti/savelog` on loopback as fast as
/// `--connections` clients can (each log makes a Task and its linked VoiceCall; one in ten logs
/// the same call again, which updates the first Task).
struct SaveLogBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "savelog",
        abstract: "Times 50,000 saveLog calls through the API at each number of concurrent softphones (target: over 2,000 logs a second).")
    @OptionGroup var options: BenchCommand.Options
    @Option(help: "saveLog calls to send at each concurrency.") var count = 50_000
    @Option(help: "Concurrent client connections (softphones), comma-separated.") var connections = "8,32,64,128"

    struct Level { let connections: Int; let perSecond: Double; let errors: Int; let p50: Double; let p99: Double }

    func run() async throws {
        let levels = connections.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...1_000_000).contains(count), !levels.isEmpty, levels.allSatisfy({ (1...512).contains($0) }) else {
            throw CommandFailure("use --count 1…1000000 and --connections like 8,32,64 (each 1…512)")
        }
        let (app, folder) = try await options.open()
        let (token, _) = try await app.auth.createToken(name: "bench", role: .agent, by: app.system)
        let contacts = try await app.records.createMany(StandardObjects.contact, (0..<1000).map { [("LastName", .string("Caller \($0)"))] }, by: app.system)
        let whoIDs = contacts.map(\.id.eighteen)
        let ready = AsyncStream<Int>.makeStream()
        let application = app.application { port in ready.continuation.yield(port) }
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: app.logger)
        let count = self.count
        let records = app.records
        let (results, tasksStored, callsStored) = try await withThrowingTaskGroup(of: Void.self) { tasks -> ([Level], Int, Int) in
            tasks.addTask { try await group.run() }
            var iterator = ready.stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CommandFailure("the server did not start") }
            var results: [Level] = []
            for (round, connections) in levels.enumerated() {
                Terminal.status("Sending \(count) saveLog calls over \(connections) connections…")
                let outcome = try await HTTPLoad.run(port: port, token: token, rate: nil, total: count, connections: connections) { i in
                    // Every tenth log repeats the call logged 5 before it (an update of the first log).
                    let call = i % 10 == 9 ? i - 5 : i
                    return .post("/api/v1/opencti/savelog", json: """
                        {"value": {"entityApiName": "Task", "Subject": "Inbound call \(call)", "CallType": "Inbound", "Status": "Completed",
                         "CallDurationInSeconds": \(30 + call % 600), "CallObject": "bench-\(round)-\(call)", "WhoId": "\(whoIDs[call % whoIDs.count])",
                         "CallDisposition": "Resolved", "Phone": "+1415555\(String(format: "%04d", call % 10_000))"}}
                        """)
                }
                let (latencies, errors, elapsed) = (outcome.latencies, outcome.errors, outcome.elapsed)
                var histogram = Histogram<UInt64>(highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: .three)
                for l in latencies { _ = histogram.record(l) }
                let level = Level(connections: connections, perSecond: Double(latencies.count) / elapsed, errors: errors,
                                  p50: Double(histogram.valueAtPercentile(50)) / 1000, p99: Double(histogram.valueAtPercentile(99)) / 1000)
                print(String(format: "savelog: %d calls over %d connections, %d errors in %.2f s = %.0f logs/s; ms p50 %.2f  p99 %.2f",
                             latencies.count, connections, errors, elapsed, level.perSecond, level.p50, level.p99))
                results.append(level)
            }
            // Counted before the server stops: stopping it closes the database.
            let stored = (try await records.repository.count(StandardObjects.task), try await records.repository.count(StandardObjects.voiceCall))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return (results, stored.0, stored.1)
        }
        try? FileManager.default.removeItem(at: folder)
        print("stored: \(tasksStored) Tasks and \(callsStored) VoiceCalls (one per call; every tenth log updated the first)")
        try options.write("savelog", json: [
            "callsPerLevel": count, "targetLogsPerSecond": 2000, "tasksStored": tasksStored, "voiceCallsStored": callsStored,
            "levels": results.map { ["connections": $0.connections, "logsPerSecond": $0.perSecond, "errors": $0.errors, "p50ms": $0.p50, "p99ms": $0.p99] },
            "peakMemoryMiB": ProcessMemory.peakMiB() ?? 0,
        ], svg: SVGChart.bars(
            title: "saveLog through the API: thousands of logs per second by concurrent softphones (\(count) logs each; target 2,000/s)",
            bars: results.map { ("\($0.connections) clients", $0.perSecond / 1000) },
            unit: "thousand logs per second", target: (2.0, "target 2,000 logs/s")))
    }
}

/// A report over many calls: seeds VoiceCalls spread over 30 days, then times the whole report
/// (totals and the five breakdowns) in-process and through `GET /api/v1/reports/calls`.
struct ReportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Times the call report over 1,000,000 calls (target: under a second).")
    @OptionGroup var options: BenchCommand.Options
    @Option(help: "Calls to seed.") var calls = 1_000_000
    @Option(help: "Reports to time.") var runs = 10

    func run() async throws {
        let (app, folder) = try await options.open()
        let clock = ContinuousClock()
        let agents = try await app.records.createMany(StandardObjects.user, (0..<50).map {
            [("Username", .string("agent\($0)@bench.invalid")), ("Email", .string("agent\($0)@bench.invalid")), ("LastName", .string("Agent \($0)"))]
        }, by: app.system).map(\.id.eighteen)
        let end = Instant(iso8601: "2026-11-01T00:00:00Z")!
        let span: Int64 = 30 * 86_400_000
        var rng = SplitMix64(seed: 6)
        let seedStart = clock.now
        for start in stride(from: 0, to: calls, by: 5_000) {
            let rows = (start..<min(calls, start + 5_000)).map { i -> [(String, RawValue)] in
                let queued = end.adding(milliseconds: -Int64(rng.next() % UInt64(span)))
                let roll = rng.next() % 100
                var row: [(String, RawValue)] = [
                    ("CallType", .string(i % 5 == 0 ? "Outbound" : "Inbound")), ("QueueName", .string(["Sales", "Support", "Billing", "Renewals"][i % 4])),
                    ("CallQueuedDateTime", .string(queued.salesforceFormat)),
                ]
                if roll < 85 {
                    let connected = queued.adding(milliseconds: Int64(rng.next() % 120_000))
                    row += [("UserId", .string(agents[i % agents.count])), ("CallConnectDateTime", .string(connected.salesforceFormat)),
                            ("CallEndDateTime", .string(connected.adding(milliseconds: Int64(30_000 + rng.next() % 900_000)).salesforceFormat)),
                            ("AfterCallWorkSeconds", .integer(Int64(rng.next() % 120)))]
                } else {
                    row += [("CallEndDateTime", .string(queued.adding(milliseconds: Int64(rng.next() % 180_000)).salesforceFormat)),
                            ("DisconnectReason", .string(roll < 95 ? "CallerHangup" : "NoAgentAnswered"))]
                }
                return row
            }
            _ = try await app.records.createMany(StandardObjects.voiceCall, rows, by: app.system)
            let done = min(calls, start + 5_000)
            Terminal.progress(fraction: Double(done) / Double(calls), detail: "seeding calls \(done)/\(calls)")
        }
        Terminal.endProgress()
        let seedSeconds = (clock.now - seedStart).seconds
        Terminal.status(String(format: "Seeded %d VoiceCalls in %.1f s", calls, seedSeconds))

        let filter = CallReportFilter(from: end.adding(milliseconds: -span), to: end)
        let zone = TimeZone(identifier: "Europe/Paris")!
        var inProcess: [Double] = []
        var counted: Int64 = 0
        for _ in 0..<runs {
            let began = clock.now
            let report = try await app.reports.report(filter, timeZone: zone, by: app.system)
            inProcess.append((clock.now - began).seconds * 1000)
            counted = report.summary.calls
        }
        let (token, _) = try await app.auth.createToken(name: "bench", role: .supervisor, by: app.system)
        let ready = AsyncStream<Int>.makeStream()
        let application = app.application { port in ready.continuation.yield(port) }
        let group = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: app.logger)
        let runs = self.runs
        let (latencies, _, errors, _) = try await withThrowingTaskGroup(of: Void.self) { tasks -> ([UInt64], [UInt64], Int, Double) in
            tasks.addTask { try await group.run() }
            var iterator = ready.stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CommandFailure("the server did not start") }
            let outcome = try await HTTPLoad.run(port: port, token: token, rate: nil, total: runs, connections: 1) { _ in
                .get("/api/v1/reports/calls?from=2026-10-02&to=2026-10-31&timeZone=Europe/Paris")
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return (outcome.latencies, outcome.sends, outcome.errors, outcome.elapsed)
        }
        try? FileManager.default.removeItem(at: folder)
        let sorted = inProcess.sorted()
        let http = latencies.map { Double($0) / 1000 }.sorted()
        func median(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs[xs.count / 2] }
        print(String(format: "report over %d calls (%lld in range): in-process ms median %.0f, slowest %.0f; GET /api/v1/reports/calls ms median %.0f, slowest %.0f (%d errors)",
                     calls, counted, median(sorted), sorted.last ?? 0, median(http), http.last ?? 0, errors))
        try options.write("report", json: [
            "calls": calls, "callsInRange": counted, "runs": runs, "seedSeconds": seedSeconds, "inProcessMedianMs": median(sorted),
            "inProcessMaxMs": sorted.last ?? 0, "httpMedianMs": median(http), "httpMaxMs": http.last ?? 0, "errors": errors, "targetMs": 1000,
            "peakMemoryMiB": ProcessMemory.peakMiB() ?? 0,
        ], svg: SVGChart.bars(
            title: "Call report over \(calls) calls (30 days): milliseconds (target 1,000)",
            bars: [("in-process median", median(sorted)), ("in-process slowest", sorted.last ?? 0), ("HTTP median", median(http)), ("HTTP slowest", http.last ?? 0)],
            unit: "milliseconds", target: (1000, "target 1 s")))
    }
}
