import Configuration
import Foundation
import Logging
import Testing
@testable import SwitchboardApp

@Suite("Settings")
struct ConfigurationTests {
    @Test("flags win over the environment, which wins over the config file, which wins over defaults")
    func precedence() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-config-\(UUID().uuidString).json")
        try #"{"http": {"port": 9000, "host": "0.0.0.0"}, "log": {"level": "debug"}, "auth": {"sessionHours": 2}}"#.write(to: file, atomically: true, encoding: .utf8)
        setenv("SWITCHBOARD_AUTH_SESSION_HOURS", "5", 1)
        defer { unsetenv("SWITCHBOARD_AUTH_SESSION_HOURS") }
        let reader = try await AppConfiguration.reader(flags: ["http.port": 9100], configFile: file.path)
        let settings = try AppConfiguration(config: reader)
        #expect(settings.port == 9100)  // flag over file
        #expect(settings.sessionHours == 5)  // environment over file
        #expect(settings.host == "0.0.0.0" && settings.logLevel == .debug)  // file over defaults
        #expect(settings.databaseURL == "data/switchboard.sqlite" && settings.bcryptCost == 12)  // defaults
    }

    @Test("a bad setting is refused with what to write instead", arguments: [
        (["http.port": ConfigValue(70000)], "use a port from 0 to 65535"),
        (["log.level": ConfigValue("loud")], "use trace, debug, info"),
        (["auth.bcryptCost": ConfigValue(2)], "use 4 to 31"),
    ] as [([AbsoluteConfigKey: ConfigValue], String)])
    func invalid(flags: [AbsoluteConfigKey: ConfigValue], hint: String) async throws {
        let reader = try await AppConfiguration.reader(flags: flags, configFile: nil)
        #expect { try AppConfiguration(config: reader) } throws: { "\($0)".contains(hint) }
    }

    @Test("a named config file that is missing is an error, not silently ignored")
    func missingFile() async {
        await #expect { _ = try await AppConfiguration.reader(flags: [:], configFile: "/nonexistent/switchboard.json") } throws: { "\($0)".contains("does not exist") }
    }
}

extension ConfigValue {
    init(_ int: Int) { self.init(.int(int), isSecret: false) }
    init(_ string: String) { self.init(.string(string), isSecret: false) }
}
