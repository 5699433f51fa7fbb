import ArgumentParser
import Foundation
import SwitchboardCore
import SwitchboardServices

/// `switchboard callcenters import|list|export|clone|assign|delete`.
struct CallCentersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "callcenters", abstract: "Manages call centers and their users.",
        subcommands: [Import.self, List.self, Export.self, Clone.self, Assign.self, Delete.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Imports a definition file (Salesforce import format or Metadata .callCenter); the whole call center or nothing.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The definition file.") var file: String
        @Flag(help: "Show what would be imported, and every warning, without storing anything.") var preview = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            let name = URL(fileURLWithPath: file).lastPathComponent
            let read: ReadDefinition = try await global.withApp { app in
                if preview { return try app.callCenters.preview(Array(data), fileName: name, by: app.system) }
                return try await app.callCenters.importFile(Array(data), fileName: name, by: app.system).1
            }
            let d = read.definition
            print("\(preview ? "Preview of" : "Imported") \(d.internalName): \(d.displayName) (\(read.format == .metadata ? "Metadata API" : "import") format, \(d.compatibilityMode.rawValue))")
            for section in d.sections {
                print("  \(section.name) — \(section.label)")
                for item in section.items { print("    \(item.name) = \(item.value.isEmpty ? "(empty)" : item.value)") }
            }
            for warning in read.warnings { print("warning: \(warning)") }
            if preview { print("Nothing was stored.") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists call centers.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let rows: [(CallCenter, Int)] = try await global.withApp { app in
                var rows: [(CallCenter, Int)] = []
                for c in try await app.callCenters.all(by: app.system) { rows.append((c, try await app.callCenters.users(c.id).count)) }
                return rows
            }
            print("id                  internal name             users  mode                    display name")
            for (c, users) in rows {
                print([c.id.eighteen, pad(c.definition.internalName, 25), pad(String(users), 6), pad(c.definition.compatibilityMode.rawValue, 23), c.definition.displayName].joined(separator: " "))
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Writes a call center's definition file.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Internal name or id.") var callCenter: String
        @Option(help: "import or metadata.") var format = "import"
        @Argument(help: "The file to write; - for standard output.") var file = "-"

        func run() async throws {
            guard let format = DefinitionFormat(rawValue: format) else { throw CommandFailure("--format is '\(format)'; use import or metadata") }
            let (_, text) = try await global.withApp { app in try await app.callCenters.export(callCenter, format: format, by: app.system) }
            if file == "-" { print(text, terminator: "") } else {
                do { try text.write(toFile: file, atomically: true, encoding: .utf8) } catch { throw CommandFailure("cannot write \(file): \(error.localizedDescription)") }
                Terminal.status("Wrote \(file).")
            }
        }
    }

    struct Clone: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copies a call center under a new internal name.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Internal name or id of the call center to copy.") var callCenter: String
        @Argument(help: "The new internal name.") var internalName: String
        @Option(name: .customLong("display-name"), help: "The new display name (default: the original's, with (copy)).") var displayName: String?

        func run() async throws {
            let copy = try await global.withApp { app in try await app.callCenters.clone(callCenter, internalName: internalName, displayName: displayName, by: app.system) }
            print("Cloned to \(copy.definition.internalName) (\(copy.id.eighteen)).")
        }
    }

    struct Assign: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adds the users in a CSV (a username or email column) to a call center; valid rows are applied, the rest listed with the reason.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Internal name or id of the call center.") var callCenter: String
        @Argument(help: "The CSV file.") var file: String
        @Flag(help: "Take users from the call center they are in now.") var move = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw CommandFailure("cannot read \(file)") }
            let report = try await global.withApp { app in
                try await app.callCenters.assignCSV(String(decoding: data, as: UTF8.self), to: callCenter, move: move, by: app.system)
            }
            for row in report.rows { print("line \(row.line), \(row.user): \(row.outcome)") }
            print("\(report.applied) applied, \(report.refused) refused.")
            if report.refused > 0 { throw ExitCode(2) }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Deletes a call center that has no users.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Internal name or id.") var callCenter: String

        func run() async throws {
            try await global.withApp { app in try await app.callCenters.delete(callCenter, by: app.system) }
            print("Deleted \(callCenter).")
        }
    }
}
