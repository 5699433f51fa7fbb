import ArgumentParser
import Foundation
import SwitchboardCore

/// `switchboard phone normalize`: shows how Switchboard reads numbers, for admins checking their
/// data and for the test that compares it with libphonenumber.
struct PhoneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "phone", abstract: "Phone number tools.", subcommands: [Normalize.self])

    struct Normalize: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Prints each number in E.164 (tab-separated: input, E.164, extension, error). Numbers come as arguments or, one per line, on standard input.")
        @Option(help: "Where numbers without a country code are from (two letters).") var country = "US"
        @Option(name: .customLong("outside-prefix")) var outsidePrefix = ""
        @Option(name: .customLong("long-distance-prefix")) var longDistancePrefix = ""
        @Option(name: .customLong("international-prefix")) var internationalPrefix = ""
        @Argument(help: "Numbers; none to read standard input.") var numbers: [String] = []

        func run() async throws {
            let normalizer: PhoneNormalizer
            do {
                normalizer = try PhoneNormalizer(defaultCountry: country, dialing: DialingOptions(
                    outsidePrefix: outsidePrefix, longDistancePrefix: longDistancePrefix, internationalPrefix: internationalPrefix))
            } catch { throw CommandFailure("\(error)") }
            var out = ""
            func handle(_ line: String) {
                switch normalizer.normalize(line) {
                case .success(let n): out += "\(line)\t\(n.e164)\t\(n.extension ?? "")\t\n"
                case .failure(let e): out += "\(line)\t\t\t\(e)\n"
                }
                if out.utf8.count > 1 << 16 { FileHandle.standardOutput.write(Data(out.utf8)); out = "" }
            }
            if numbers.isEmpty { while let line = readLine() { handle(line) } } else { numbers.forEach(handle) }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
    }
}
