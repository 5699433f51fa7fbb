import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardServices

/// Imports a generated 1 MiB definition with 2,000 custom items, several times, each into a new
/// call center, and reports the times (target: under a second each).
struct CallCenterBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "callcenter", abstract: "Times importing a 1 MiB definition with 2,000 custom items (target: under 1 s).")
    @OptionGroup var options: BenchCommand.Options
    @Option(help: "Custom items in the file.") var items = 2000
    @Option(help: "How many imports to time.") var runs = 5

    func run() async throws {
        let (app, folder) = try await options.open()
        var timings: [Double] = []
        var size = 0
        let clock = ContinuousClock()
        for run in 0..<runs {
            let text = Self.definition(internalName: "Bench\(run)", items: items)
            size = text.utf8.count
            let start = clock.now
            _ = try await app.callCenters.importFile(Array(text.utf8), fileName: nil, by: app.system)
            timings.append((clock.now - start).seconds * 1000)
        }
        try await app.close()
        try? FileManager.default.removeItem(at: folder)
        let sorted = timings.sorted()
        print(String(format: "callcenter: %d imports of %.2f MiB with %d custom items: median %.1f ms, slowest %.1f ms",
                     runs, Double(size) / 1_048_576, items, sorted[sorted.count / 2], sorted.last!))
        try options.write("callcenter", json: [
            "runs": runs, "bytes": size, "items": items, "milliseconds": timings, "medianMs": sorted[sorted.count / 2], "maxMs": sorted.last!, "targetMs": 1000,
        ], svg: SVGChart.bars(title: "Importing a \(String(format: "%.1f", Double(size) / 1_048_576)) MiB definition with \(items) items (ms)",
                              bars: timings.enumerated().map { ("run \($0.offset + 1)", $0.element) }, unit: "milliseconds", target: (1000, "target 1 s")))
    }

    /// A valid import-format file of about 1 MiB: the required sections plus custom sections of long items.
    static func definition(internalName: String, items: Int) -> String {
        var sections = ""
        let perSection = 100
        let filler = String(repeating: "x", count: 430)
        for s in 0..<(items + perSection - 1) / perSection {
            sections += "  <section sortOrder=\"\(s + 2)\" name=\"vendor\(s)\" label=\"Vendor settings \(s)\">\n"
            for i in 0..<min(perSection, items - s * perSection) {
                sections += "    <item sortOrder=\"\(i)\" name=\"setting\(i)\" label=\"Setting \(s).\(i) &amp; more\">value-\(s)-\(i)-\(filler)</item>\n"
            }
            sections += "  </section>\n"
        }
        return DemoData.lightningDefinition(internalName: internalName, displayName: "Benchmark \(internalName)", adapterURL: "https://softphone.example/",
                                            width: 300, height: 400, extraSections: sections)
    }
}
