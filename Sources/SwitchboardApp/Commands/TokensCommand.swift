import ArgumentParser
import SwitchboardCore
import SwitchboardServices

/// `switchboard tokens create|list|revoke`: API tokens for integrations.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Manages API tokens for integrations.", subcommands: [Create.self, List.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Makes a token and prints it once; only its hash is kept.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "What the token is for, e.g. \"PBX bridge\".") var name: String
        @Option(help: "agent, supervisor or admin.") var role: RoleArgument = RoleArgument(argument: "agent")!
        @Option(name: .customLong("as"), help: "The admin username the token acts as (default: the system account).") var actingUser: String?

        func run() async throws {
            let (plain, token) = try await global.withApp { app in
                var principal = app.system
                if let actingUser {
                    let user = try await findUser(actingUser, in: app)
                    guard user["Role"].textValue == Role.admin.rawValue else { throw CommandFailure("\(actingUser) is not an admin; tokens act as an admin") }
                    principal = Principal(userID: user.id, username: actingUser, role: .admin, kind: .system)
                }
                return try await app.auth.createToken(name: name, role: role.role, by: principal)
            }
            Terminal.status("Token \(token.id) (\(role.role.rawValue)) created. It is shown only now; store it safely:")
            print(plain)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Lists tokens (never their secrets).")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let tokens = try await global.withApp { app in try await app.auth.tokens(by: app.system) }
            print("id          role        created                       revoked                       name")
            for t in tokens {
                print([pad(t.id, 11), pad(t.role.rawValue, 11), pad(t.createdAt.salesforceFormat, 29), pad(t.revokedAt?.salesforceFormat ?? "-", 29), t.name].joined(separator: " "))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revokes a token; it stops working at once.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The token's id (from `tokens list`).") var id: String

        func run() async throws {
            try await global.withApp { app in try await app.auth.revokeToken(id: id, by: app.system) }
            print("Token \(id) revoked.")
        }
    }
}
