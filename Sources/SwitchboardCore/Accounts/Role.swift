/// What a signed-in person or an API token may do.
public enum Role: String, Sendable, CaseIterable, Codable, Comparable {
    case agent
    case supervisor
    case admin

    private var rank: Int {
        switch self {
        case .agent: 0
        case .supervisor: 1
        case .admin: 2
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// The things a role may be allowed to do to records; one table so the rules read in one place.
public enum RecordAction: String, Sendable {
    case read, create, update, delete, importCSV = "import", exportCSV = "export"

    /// The least role that may do this to records of `object`.
    public func minimumRole(for object: ObjectSchema) -> Role {
        if object.name == "User" { return self == .read ? .agent : .admin }
        switch self {
        case .read, .create, .update: return .agent
        case .delete, .exportCSV: return .supervisor
        case .importCSV: return .admin
        }
    }
}
