import Logging
public import ServiceLifecycle

/// Keeps the database open while the server runs and closes it cleanly after graceful shutdown,
/// once the HTTP server (listed after it in the service group) has finished its requests.
public struct DatabaseService: Service {
    public let database: Database
    public init(database: Database) { self.database = database }

    public func run() async throws {
        try? await gracefulShutdown()
        try await database.shutdown()
    }
}
