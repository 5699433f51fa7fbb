/// What a field holds, with the limits Salesforce gives it.
public enum FieldType: Hashable, Sendable {
    case id
    case string(maxLength: Int)
    case textArea(maxLength: Int)
    case email
    case phone
    case url
    /// `restricted` picklists refuse values outside the list; the others take any text of ≤ 255.
    case picklist([String], restricted: Bool)
    /// A lookup to a record of one of these objects (by name).
    case reference([String])
    case boolean
    case integer
    case double
    case date
    case dateTime
    /// Assigned by the store on insert, e.g. `VC-{00000000}`.
    case autoNumber(prefix: String, digits: Int)

    /// The maximum length of the text form, where there is one.
    public var maxLength: Int? {
        switch self {
        case .string(let n), .textArea(let n): n
        case .email: 80
        case .phone: 40
        case .url: 255
        case .picklist: 255
        case .id, .reference: 18
        default: nil
        }
    }

    /// The name used in the describe output and the OpenAPI document.
    public var name: String {
        switch self {
        case .id: "id"
        case .string: "string"
        case .textArea: "textarea"
        case .email: "email"
        case .phone: "phone"
        case .url: "url"
        case .picklist: "picklist"
        case .reference: "reference"
        case .boolean: "boolean"
        case .integer: "int"
        case .double: "double"
        case .date: "date"
        case .dateTime: "datetime"
        case .autoNumber: "autonumber"
        }
    }

    /// How the value is stored: text, a 64-bit integer or a double.
    public var storage: FieldStorage {
        switch self {
        case .boolean, .integer, .dateTime: .integer
        case .double: .double
        default: .text
        }
    }
}

/// The three column kinds used on both engines.
public enum FieldStorage: Sendable { case text, integer, double }

/// One field of an object.
public struct FieldSchema: Hashable, Sendable {
    /// The Salesforce API name, e.g. `MobilePhone`.
    public let name: String
    public let type: FieldType
    /// A create without it (and without a default) is refused.
    public let required: Bool
    /// Set by the system or derived from other fields; writes are refused.
    public let readOnly: Bool
    /// Used on create when the field is not given.
    public let defaultValue: FieldValue?
    /// Values must be unique across the object's records.
    public let unique: Bool
    /// The store keeps an index on it, for lookups and ranges (call times, vendor call keys).
    public let indexed: Bool

    public init(
        _ name: String, _ type: FieldType, required: Bool = false, readOnly: Bool = false,
        default defaultValue: FieldValue? = nil, unique: Bool = false, indexed: Bool = false
    ) {
        self.name = name
        self.type = type
        self.required = required
        self.readOnly = readOnly
        self.defaultValue = defaultValue
        self.unique = unique
        self.indexed = indexed
    }

    /// The column name: the API name in lower case (API names are case-insensitive).
    public var column: String { name.lowercased() }
}
