public import SwitchboardCore

/// SIP trunks as settings documents (key `sip.trunk.<name in lower case>`, the trunk as JSON):
/// a handful per installation, read whole by the gateway.
public struct SQLSIPTrunkRepository: SIPTrunkRepository {
    let documents: SQLSettingDocuments<SIPTrunk>

    public init(database: Database) { documents = SQLSettingDocuments(database: database) }

    static let prefix = "sip.trunk."

    public func all() async throws -> [SIPTrunk] { try await documents.all(prefix: Self.prefix) }

    public func save(_ trunk: SIPTrunk) async throws { try await documents.save(trunk, at: Self.prefix + trunk.name.lowercased()) }

    public func delete(name: String) async throws -> Bool { try await documents.delete(Self.prefix + name.lowercased()) }
}
