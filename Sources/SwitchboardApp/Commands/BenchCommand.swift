import ArgumentParser
import Configuration
import Foundation
import SwitchboardCore
import SwitchboardServices

/// `switchboard bench import|read`: the project's own benchmarks, each on a fresh throw-away
/// database, writing a JSON result and an SVG chart to `bench-results/`.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Runs a benchmark and writes its figures and chart to bench-results/.",
        subcommands: [ImportBench.self, ReadBench.self, CallCenterBench.self, ScreenPopBench.self, SaveLogBench.self, ReportBench.self, CallControlBench.self])

    struct Options: ParsableArguments {
        @Option(name: .customLong("database-url"), help: "Run on this database instead of a fresh SQLite file (it must be empty).")
        var databaseURL: String?
        @Option(name: .customLong("output"), help: "Where results go.") var output = "bench-results"

        /// A fresh Switchboard on a temporary SQLite file (or the given database).
        func open(port: Int = 0) async throws -> (Switchboard, URL) {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-bench-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let url = databaseURL ?? folder.appendingPathComponent("bench.sqlite").path
            var global = try GlobalOptions.parse([])
            global.databaseURL = url
            global.logLevel = "warning"
            let app = try await global.open([
                "auth.bcryptCost": ConfigValue(.int(4), isSecret: false), "http.port": ConfigValue(.int(port), isSecret: false),
            ], quietMigrations: true)
            return (app, folder)
        }

        func write(_ name: String, json: [String: Any], svg: String) throws {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
            let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: output).appendingPathComponent("\(name).json"))
            try svg.write(to: URL(fileURLWithPath: output).appendingPathComponent("\(name).svg"), atomically: true, encoding: .utf8)
            Terminal.status("Wrote \(output)/\(name).json and \(output)/\(name).svg")
        }
    }
}

/// Imports N Contacts from a generated CSV file through the same path as `records import`.
struct ImportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "import", abstract: "Times a CSV import of generated Contacts (target: 1,000,000 in under 60 s).")
    @OptionGroup var options: BenchCommand.Options
    @Option(help: "How many Contacts.") var rows = 1_000_000

    func run() async throws {
        let (app, folder) = try await options.open()
        let file = folder.appendingPathComponent("contacts.csv")
        Terminal.status("Generating \(rows) Contacts in \(file.path)…")
        try ContactCSV.write(rows: rows, to: file)
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        guard let handle = FileHandle(forReadingAtPath: file.path) else { throw CommandFailure("cannot read \(file.path)") }
        var job = try CSVImport(service: app.records, object: StandardObjects.contact, principal: app.system)
        let clock = ContinuousClock()
        let start = clock.now
        var samples: [(Double, Double)] = [(0, 0)]
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            try await job.feed(chunk)
            let t = (clock.now - start).seconds
            samples.append((t, Double(job.report.created)))
            Terminal.progress(fraction: Double(job.report.bytesRead) / Double(max(1, size)), detail: "\(job.report.created) rows, \(String(format: "%.1f", t)) s")
        }
        let report = try await job.finish()
        let seconds = (clock.now - start).seconds
        Terminal.endProgress()
        samples.append((seconds, Double(report.created)))
        let stored = try await app.records.repository.count(StandardObjects.contact)
        try await app.close()
        try? FileManager.default.removeItem(at: folder)
        let peak = ProcessMemory.peakMiB() ?? 0
        print("""
            import: \(report.created) Contacts (\(report.failed) failed, \(stored) stored) from \(size / 1_048_576) MiB of CSV \
            in \(String(format: "%.2f", seconds)) s = \(Int(Double(report.created) / seconds)) rows/s; peak memory \(Int(peak)) MiB
            """)
        try options.write("import", json: [
            "rows": report.created, "failed": report.failed, "stored": stored, "seconds": seconds, "rowsPerSecond": Double(report.created) / seconds,
            "csvBytes": size, "peakMemoryMiB": peak, "database": options.databaseURL == nil ? "sqlite" : "given", "targetSeconds": 60,
        ], svg: SVGChart.line(title: "CSV import: Contacts stored over time (\(String(format: "%.1f", seconds)) s, target 60 s)",
                              points: samples, xUnit: "s", yUnit: "rows imported"))
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Generated Contacts with realistic names and phone numbers.
enum ContactCSV {
    static func write(rows: Int, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        guard let out = FileHandle(forWritingAtPath: url.path) else { throw CommandFailure("cannot write \(url.path)") }
        defer { try? out.close() }
        var rng = SplitMix64(seed: 1)
        var chunk = CSVWriter.row(["FirstName", "LastName", "Email", "Phone", "MobilePhone", "Title", "MailingCity", "MailingCountry", "LeadSource"])
        for i in 0..<rows {
            let country = Country.all[i % Country.all.count]
            let (first, last) = country.person(&rng)
            chunk += CSVWriter.row([first, last, "\(DemoData.ascii(first)).\(DemoData.ascii(last)).\(i)@example.com".lowercased(), country.phone(&rng),
                                    country.mobile(&rng), DemoData.titles[i % DemoData.titles.count], country.cities[i % country.cities.count], country.name, "Web"])
            if chunk.utf8.count > 1 << 20 {
                out.write(Data(chunk.utf8))
                chunk = ""
            }
        }
        out.write(Data(chunk.utf8))
    }
}
