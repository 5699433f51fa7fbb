/// A stored call center: its id (`04v…`), its definition, and when it changed.
public struct CallCenter: Sendable, Hashable {
    public let id: RecordID
    public var definition: CallCenterDefinition
    public var createdAt: Instant
    public var lastModifiedAt: Instant

    public init(id: RecordID, definition: CallCenterDefinition, createdAt: Instant, lastModifiedAt: Instant) {
        self.id = id
        self.definition = definition
        self.createdAt = createdAt
        self.lastModifiedAt = lastModifiedAt
    }

    /// The key prefix of call center ids.
    public static let keyPrefix = "04v"
}

/// Why a call center operation failed.
public enum CallCenterError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(String)
    case duplicateInternalName(String)
    case hasUsers(name: String, count: Int)

    public var description: String {
        switch self {
        case .notFound(let key): "no call center '\(key)'"
        case .duplicateInternalName(let name): "a call center with the internal name '\(name)' exists already; internal names are unique (clone it to make a variant)"
        case .hasUsers(let name, let count): "\(name) still has \(count) user\(count == 1 ? "" : "s"); remove them from it first"
        }
    }
}

/// Where call centers live.
public protocol CallCenterRepository: Sendable {
    /// Stores a new call center.
    /// - Throws: `CallCenterError.duplicateInternalName` when the internal name is taken (any case).
    func insert(_ callCenter: CallCenter) async throws
    /// Replaces a call center's definition.
    func update(_ callCenter: CallCenter) async throws
    func find(id: RecordID) async throws -> CallCenter?
    func find(internalName: String) async throws -> CallCenter?
    /// Every call center, by display name.
    func all() async throws -> [CallCenter]
    func delete(id: RecordID) async throws -> Bool
}
