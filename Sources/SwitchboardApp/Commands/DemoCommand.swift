import ArgumentParser
import Configuration
import Foundation
import SwitchboardCore

/// `switchboard demo`: a ready-to-try server on an embedded SQLite file with demo data.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Starts Switchboard with demo data in a local SQLite file (made on first run, reused after).")

    @Option(name: .customLong("data-dir"), help: "Where the SQLite file lives.") var dataDirectory = "data"
    @Option(help: "The address to listen on.") var host = "127.0.0.1"
    @Option(help: "The port to listen on (0 picks a free one).") var port = 8080
    @Option(name: .customLong("log-level")) var logLevel: String?

    func run() async throws {
        var global = try GlobalOptions.parse([])
        global.databaseURL = URL(fileURLWithPath: dataDirectory).appendingPathComponent("switchboard.sqlite").path
        global.logLevel = logLevel
        let app = try await global.open([
            "http.host": ConfigValue(.string(host), isSecret: false), "http.port": ConfigValue(.int(port), isSecret: false),
            // Demo passwords are public; a cheap hash keeps the first start fast.
            "auth.bcryptCost": ConfigValue(.int(10), isSecret: false),
        ])
        let seeded: Bool
        do { seeded = try await DemoData.seedIfEmpty(app) { Terminal.status($0) } } catch {
            try? await app.close()
            throw CommandFailure("could not create the demo data: \(error)")
        }
        Terminal.status(seeded ? "Demo data created in \(global.databaseURL!)." : "Reusing the demo data in \(global.databaseURL!).")
        let host = self.host
        try await app.run { port in
            Terminal.say("""

                Switchboard \(Switchboard.version) demo is running: http://\(host):\(port)/

                Sign in with one of these demo accounts:
                \(DemoData.users.map { "  \($0.role.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)) \($0.username.padding(toLength: 26, withPad: " ", startingAt: 0)) password: \(DemoData.password)" }.joined(separator: "\n"))

                Press Ctrl-C to stop.
                """)
        }
    }
}
