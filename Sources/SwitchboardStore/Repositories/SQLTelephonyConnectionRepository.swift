public import SwitchboardCore

/// Telephony connections as settings documents (key `telephony.connection.<token id>`, the
/// connection as JSON): a handful per installation.
public struct SQLTelephonyConnectionRepository: TelephonyConnectionRepository {
    let documents: SQLSettingDocuments<TelephonyConnection>

    public init(database: Database) { documents = SQLSettingDocuments(database: database) }

    static let prefix = "telephony.connection."

    public func find(id: String) async throws -> TelephonyConnection? { try await documents.find(Self.prefix + id) }

    public func all() async throws -> [TelephonyConnection] { try await documents.all(prefix: Self.prefix) }

    public func save(_ connection: TelephonyConnection) async throws { try await documents.save(connection, at: Self.prefix + connection.id) }

    public func delete(id: String) async throws { try await documents.delete(Self.prefix + id) }
}
