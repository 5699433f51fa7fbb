import Foundation
import Logging
import PostgresKit
public import SwitchboardStore

/// Real databases for tests: a fresh SQLite file always, and a fresh PostgreSQL database when
/// `SWITCHBOARD_TEST_POSTGRES_URL` names a server (the test command starts one). Each call gives a
/// new, empty, migrated database, so tests run in parallel without seeing each other's rows.
public enum TestDatabase {
    /// The engines to run contract tests on.
    public static var backends: [Database.Backend] {
        postgresURL == nil ? [.sqlite] : [.sqlite, .postgres]
    }

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["SWITCHBOARD_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The URL of a new empty database on `backend`.
    public static func makeURL(_ backend: Database.Backend) async throws -> String {
        switch backend {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-tests", isDirectory: true)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return folder.appendingPathComponent("\(UUID().uuidString).sqlite").path
        case .postgres:
            guard let base = postgresURL else { throw TestDatabaseError("set SWITCHBOARD_TEST_POSTGRES_URL to run PostgreSQL tests") }
            let name = "sbtest_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            let admin = try Database(url: base, maxConnectionsPerEventLoop: 1, logger: Logger(label: "test-admin"))
            do {
                try await admin.withConnection { db in try await db.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            } catch {
                try? await admin.shutdown()
                throw error
            }
            try await admin.shutdown()
            guard var components = URLComponents(string: base) else { throw TestDatabaseError("cannot read \(base)") }
            components.path = "/" + name
            return components.string!
        }
    }

    /// A new, migrated database on `backend`. Shut it down at the end of the test.
    public static func make(_ backend: Database.Backend) async throws -> Database {
        let database = try Database(url: try await makeURL(backend), maxConnectionsPerEventLoop: 2, logger: Logger(label: "test"))
        try await Migrator(database: database).run()
        return database
    }
}

struct TestDatabaseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
