public import ArgumentParser

/// `switchboard`: the server and its admin commands.
public struct SwitchboardCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "An open, self-hostable CTI platform that runs Salesforce Open CTI softphones unmodified.",
        subcommands: [
            DemoCommand.self, ServeCommand.self, MigrateCommand.self, UsersCommand.self, TokensCommand.self,
            RecordsCommand.self, CallCentersCommand.self, CallsCommand.self, PhoneCommand.self, BenchCommand.self, VersionCommand.self,
        ])
    public init() {}

    /// Parses the process's arguments and runs the command they name.
    public static func start() async { await main() }
}

struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Prints the version.")
    func run() async throws { print("switchboard \(Switchboard.version)") }
}
