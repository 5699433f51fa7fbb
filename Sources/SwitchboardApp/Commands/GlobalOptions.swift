import ArgumentParser
import Configuration
import Foundation
import Logging

/// Options every command takes: where the settings and the database are.
struct GlobalOptions: ParsableArguments {
    @Option(help: "A JSON config file (see the README for its keys).")
    var config: String?

    @Option(name: .customLong("database-url"), help: "A SQLite file path, or postgres://user:password@host:5432/db. Env: SWITCHBOARD_DB_URL.")
    var databaseURL: String?

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String?

    /// The settings, with these flags and `extra` on top.
    func configuration(_ extra: [AbsoluteConfigKey: ConfigValue] = [:]) async throws -> AppConfiguration {
        var flags = extra
        if let databaseURL { flags["db.url"] = ConfigValue(.string(databaseURL), isSecret: true) }
        if let logLevel { flags["log.level"] = ConfigValue(.string(logLevel), isSecret: false) }
        return try AppConfiguration(config: try await AppConfiguration.reader(flags: flags, configFile: config))
    }

    /// Runs `body` with Switchboard open, and always closes the database after, even when `body`
    /// throws; errors come out as one plain line.
    func withApp<R>(_ extra: [AbsoluteConfigKey: ConfigValue] = [:], _ body: (Switchboard) async throws -> R) async throws -> R {
        let app = try await open(extra, quietMigrations: true)
        let result: R
        do { result = try await body(app) } catch let error as ExitCode {
            try? await app.close()
            throw error
        } catch {
            try? await app.close()
            throw error is CommandFailure ? error : CommandFailure("\(error)")
        }
        try await app.close()
        return result
    }

    /// Opens Switchboard for a one-off command; migration steps are shown on standard error.
    func open(_ extra: [AbsoluteConfigKey: ConfigValue] = [:], quietMigrations: Bool = false) async throws -> Switchboard {
        let configuration = try await configuration(extra)
        var logger = Logger(label: "switchboard")
        logger.logLevel = configuration.logLevel
        return try await Switchboard.open(configuration, logger: logger) { line in
            if !quietMigrations { Terminal.status("migrate " + line) }
        }
    }
}

/// Output helpers: results on standard output, progress and errors on standard error.
enum Terminal {
    /// Writes a line to standard output at once (print buffers when output is a file or pipe).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func status(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Whether standard error is a terminal, so a progress bar can redraw in place.
    static var isInteractive: Bool { isatty(2) == 1 }

    /// A one-line progress bar: `[#####.....]  52%  520,000 rows  12.3 s`.
    static func progress(fraction: Double?, detail: String) {
        guard isInteractive else { return }
        var line = "\r"
        if let fraction {
            let width = 30, filled = Int((min(1, max(0, fraction)) * Double(width)).rounded())
            line += "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            line += String(format: "%3d%%  ", Int(fraction * 100))
        }
        FileHandle.standardError.write(Data((line + detail + "\u{1B}[K").utf8))
    }

    static func endProgress() {
        if isInteractive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// A command's failure, printed as one clear line without a stack trace.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
