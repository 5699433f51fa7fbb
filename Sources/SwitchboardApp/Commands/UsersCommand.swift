import ArgumentParser
import SwitchboardSIP
import SwitchboardStore
import Foundation
import SwitchboardCore
import SwitchboardServices

/// `switchboard users add|list|set-password|set-role`.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manages the people who sign in.",
        subcommands: [Add.self, List.self, SetPassword.self, SetSIPPassword.self, SetRole.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a user who can sign in.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "The sign-in name, unique (any case).") var username: String
        @Option(help: "Email address.") var email: String
        @Option(name: .customLong("first-name")) var firstName: String?
        @Option(name: .customLong("last-name")) var lastName: String
        @Option(help: "agent, supervisor or admin.") var role: RoleArgument = RoleArgument(argument: "agent")!
        @Option(help: "The password (at least 8 characters). Prefer --password-stdin.") var password: String?
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordFromStandardInput = false

        func run() async throws {
            let secret = try readPassword(password, fromStandardInput: passwordFromStandardInput)
            let user = try await global.withApp { app in
                try await app.auth.createUser(
                    username: username, email: email, firstName: firstName, lastName: lastName, role: role.role, password: secret, by: app.system)
            }
            print("Added \(username) (\(role.role.rawValue)) with id \(user.id.eighteen).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists users.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let page = try await global.withApp { app in
                try await app.records.list(
                    StandardObjects.user, RecordQuery(sort: [SortKey(field: StandardObjects.user.field(named: "Username")!, descending: false)], limit: RecordQuery.maximumLimit),
                    by: app.system)
            }
            print("id                  username                    role        active  name")
            for user in page.records where user["Username"].textValue != "system@switchboard.invalid" {
                print([user.id.eighteen, pad(user["Username"].exportText, 27), pad(user["Role"].exportText, 11),
                       pad(user["IsActive"].exportText, 7), user["Name"].exportText].joined(separator: " "))
            }
        }
    }

    /// The user and the new password, as both password commands take them.
    struct PasswordTarget: ParsableArguments {
        @Argument(help: "The username.") var username: String
        @Option var password: String?
        @Flag(name: .customLong("password-stdin")) var passwordFromStandardInput = false

        /// Reads the password, finds the user, and runs `set` with both.
        func apply(_ global: GlobalOptions, _ set: @escaping @Sendable (Switchboard, Record, String) async throws -> Void) async throws {
            let secret = try readPassword(password, fromStandardInput: passwordFromStandardInput)
            let username = self.username
            try await global.withApp { app in try await set(app, try await findUser(username, in: app), secret) }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-password", abstract: "Sets a user's password.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PasswordTarget

        func run() async throws {
            try await target.apply(global) { app, user, secret in try await app.auth.setPassword(secret, userID: user.id) }
            print("Password set for \(target.username).")
        }
    }

    struct SetSIPPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-sip-password", abstract: "Sets the password the user's SIP phone registers with (the SIP username is the username).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var target: PasswordTarget

        func run() async throws {
            let fallback = target.username
            try await target.apply(global) { app, user, secret in
                let digest = DigestAuthentication(realm: app.configuration.sipRealm, secret: [])
                let name = user["Username"].textValue ?? fallback
                // Only the digests are kept (HA1 per algorithm), never the password.
                try await SQLSIPCredentialRepository(database: app.database).save(SIPCredential(
                    username: name, userID: user.id,
                    ha1MD5: digest.ha1(username: name, password: secret, algorithm: .md5),
                    ha1SHA256: digest.ha1(username: name, password: secret, algorithm: .sha256)))
            }
            print("SIP password set for \(target.username).")
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Changes a user's role.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The username.") var username: String
        @Argument(help: "agent, supervisor or admin.") var role: RoleArgument

        func run() async throws {
            try await global.withApp { app in
                let user = try await findUser(username, in: app)
                _ = try await app.records.update(StandardObjects.user, id: user.id.rawValue, [("Role", .string(role.role.rawValue))], by: app.system)
            }
            print("\(username) is now \(role.role == .agent ? "an" : "a") \(role.role.rawValue).")
        }
    }
}

/// A role given on the command line, checked with a clear message.
struct RoleArgument: ExpressibleByArgument {
    let role: Role
    init?(argument: String) {
        guard let role = Role(rawValue: argument.lowercased()) else { return nil }
        self.role = role
    }
    static var allValueStrings: [String] { Role.allCases.map(\.rawValue) }
}

func findUser(_ username: String, in app: Switchboard) async throws -> Record {
    let field = StandardObjects.user.field(named: "Username")!
    let page = try await app.records.list(StandardObjects.user, RecordQuery(filters: [FieldFilter(field: field, op: .eq, value: .text(username))], limit: 1), by: app.system)
    guard let user = page.records.first else {
        throw CommandFailure("no user '\(username)'; `switchboard users list` shows who there is")
    }
    return user
}

func readPassword(_ given: String?, fromStandardInput: Bool) throws -> String {
    if let given { return given }
    guard fromStandardInput else { throw CommandFailure("give --password or --password-stdin") }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw CommandFailure("no password on standard input") }
    return line
}

func pad(_ s: String, _ width: Int) -> String { s.padding(toLength: max(width, s.count), withPad: " ", startingAt: 0) }
