/// Why an operation on records failed, in domain terms; the HTTP layer maps these to statuses.
public enum RecordError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No object of that name.
    case unknownObject(String)
    /// No record of that object with that id.
    case notFound(object: String, id: String)
    /// A unique field already has this value on another record.
    case duplicate(object: String, field: String, value: String)
    /// The id is of another object's record (its key prefix says so).
    case wrongObject(id: String, expected: String)
    /// Lookup fields name records that do not exist.
    case missingReferences([FieldIssue])

    public var description: String {
        switch self {
        case .unknownObject(let name):
            "there is no object '\(name)'; objects are \(StandardObjects.all.map(\.name).joined(separator: ", "))"
        case .notFound(let object, let id): "no \(object) with id \(id)"
        case .duplicate(let object, let field, let value): "another \(object) already has \(field) '\(value)'; \(field) must be unique"
        case .wrongObject(let id, let expected): "\(id) is not the id of a \(expected) record"
        case .missingReferences(let issues): issues.map(\.description).joined(separator: "; ")
        }
    }
}
