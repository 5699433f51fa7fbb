import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardServices

/// `switchboard records import|export OBJECT FILE`.
struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records", abstract: "Imports and exports records as CSV.", subcommands: [Import.self, ImportSalesforce.self, Export.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Imports a CSV file whose header names the object's fields. Valid rows are committed in batches; bad rows are listed with line, field and reason.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Account, Contact, Lead, Case, Task, VoiceCall or User.") var object: String
        @Argument(help: "The CSV file.") var file: String
        @Option(name: .customLong("batch-size"), help: "Rows per transaction.") var batchSize = 1000

        func run() async throws {
            guard let handle = FileHandle(forReadingAtPath: file) else { throw CommandFailure("cannot open \(file)") }
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? nil
            let start = Date()
            let report = try await global.withApp { app in
                var job = try CSVImport(service: app.records, object: try app.records.object(named: object), principal: app.system, batchSize: batchSize)
                var lastDraw = Date.distantPast
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    try await job.feed(chunk)
                    if Date().timeIntervalSince(lastDraw) > 0.2 {
                        lastDraw = Date()
                        let r = job.report
                        Terminal.progress(fraction: size.map { Double(r.bytesRead) / Double(max(1, $0)) },
                                          detail: "\(r.rowsRead) rows, \(r.created) imported, \(r.failed) failed, \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
                    }
                }
                Terminal.endProgress()
                return try await job.finish()
            }
            for issue in report.issues {
                print("line \(issue.line)\(issue.field.map { ", \($0)" } ?? ""): \(issue.message)")
            }
            if report.unlistedIssues > 0 { print("… and \(report.unlistedIssues) more problems not listed") }
            if !report.ignoredColumns.isEmpty { print("Ignored read-only columns: \(report.ignoredColumns.joined(separator: ", "))") }
            print("\(report.object): \(report.rowsRead) rows read, \(report.created) imported, \(report.failed) failed in \(String(format: "%.1f", Date().timeIntervalSince(start))) s.")
            if report.failed > 0 { throw ExitCode(2) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Writes every record of the object as CSV.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Account, Contact, Lead, Case, Task, VoiceCall or User.") var object: String
        @Argument(help: "The file to write; - for standard output.") var file = "-"

        func run() async throws {
            let out: FileHandle
            if file == "-" { out = .standardOutput } else {
                guard FileManager.default.createFile(atPath: file, contents: nil), let h = FileHandle(forWritingAtPath: file) else {
                    throw CommandFailure("cannot write \(file)")
                }
                out = h
            }
            let count = try await global.withApp { app in
                try await CSVExport(service: app.records, object: try app.records.object(named: object), principal: app.system)
                    .run { out.write(Data($0.utf8)) }
            }
            if file != "-" { Terminal.status("Wrote \(count) records to \(file).") }
        }
    }

    struct ImportSalesforce: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import-salesforce",
            abstract: "Imports a Salesforce data export (Account.csv, Contact.csv, Lead.csv, Case.csv, Task.csv as Data Loader writes them), keeping the Salesforce ids so links survive. All or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The folder with the CSV files (named after the object: Account.csv or Accounts.csv, any case).") var folder: String
        @Flag(name: .customLong("clear-missing-links"), help: "Clear lookups to records that are neither in the export nor in Switchboard, instead of refusing the import.")
        var clearMissingLinks = false

        func run() async throws {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            guard !names.isEmpty else { throw CommandFailure("\(folder) is not a folder with CSV files") }
            var files: [SalesforceExportImport.File] = []
            for object in SalesforceExportImport.objects {
                let wanted = [object.name.lowercased() + ".csv", object.name.lowercased() + "s.csv", object.name.lowercased() + "es.csv"]
                guard let name = names.first(where: { wanted.contains($0.lowercased()) }) else { continue }
                let path = (folder as NSString).appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read \(path)") }
                files.append(.init(object: object, name: name, bytes: Array(data)))
            }
            guard !files.isEmpty else {
                throw CommandFailure("no Account.csv, Contact.csv, Lead.csv, Case.csv or Task.csv in \(folder)")
            }
            let start = Date()
            let reports = try await global.withApp { app in
                do {
                    return try await SalesforceExportImport(records: app.records, clock: SystemWallClock())
                        .run(files, clearMissingLinks: clearMissingLinks, by: app.system) { Terminal.status($0) }
                } catch let refused as SalesforceExportImport.Refused {
                    Terminal.say(refused.description)
                    throw ExitCode(2)
                }
            }
            for r in reports {
                var notes: [String] = []
                if r.alreadyThere > 0 { notes.append("\(r.alreadyThere) already there") }
                if r.ownersReplaced > 0 { notes.append("\(r.ownersReplaced) owners not in Switchboard set to the importing user") }
                if r.linksToOtherObjects > 0 { notes.append("\(r.linksToOtherObjects) links to objects Switchboard does not keep cleared") }
                if r.missingLinksCleared > 0 { notes.append("\(r.missingLinksCleared) links to missing records cleared") }
                Terminal.say("\(r.file): \(r.imported) of \(r.rows) \(r.object) records imported" + (notes.isEmpty ? "" : "; " + notes.joined(separator: "; ")))
                if !r.ignoredColumns.isEmpty { Terminal.say("  ignored columns: \(r.ignoredColumns.joined(separator: ", "))") }
            }
            Terminal.say("Done in \(String(format: "%.1f", Date().timeIntervalSince(start))) s.")
        }
    }
}
