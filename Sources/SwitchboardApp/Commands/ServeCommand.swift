import ArgumentParser
import Configuration
import Foundation

/// `switchboard serve`: runs the server on the configured database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Runs the server on the configured database (migrating it first).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The address to listen on (default 127.0.0.1). Env: SWITCHBOARD_HTTP_HOST.") var host: String?
    @Option(help: "The port to listen on (default 8080; 0 picks a free one). Env: SWITCHBOARD_HTTP_PORT.") var port: Int?

    func run() async throws {
        var extra: [AbsoluteConfigKey: ConfigValue] = [:]
        if let host { extra["http.host"] = ConfigValue(.string(host), isSecret: false) }
        if let port { extra["http.port"] = ConfigValue(.int(port), isSecret: false) }
        let app = try await global.open(extra)
        let host = app.configuration.host
        try await app.run { port in
            Terminal.say("Switchboard \(Switchboard.version) is listening on http://\(host):\(port)/")
        }
    }
}

/// `switchboard migrate`: brings the database up to date and exits.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Applies pending database migrations and exits.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let app = try await global.open()
        try await app.close()
        print("The database is up to date.")
    }
}
