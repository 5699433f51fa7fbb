import Logging
import SwitchboardApp

/// The `switchboard` executable: sets up logging, then hands over to the commands.
@main
enum Entrypoint {
    static func main() async {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .info
            return handler
        }
        await SwitchboardCommand.start()
    }
}
