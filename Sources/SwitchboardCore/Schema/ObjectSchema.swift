/// An object (Account, Contact, …): its key prefix, table and fields.
public struct ObjectSchema: Hashable, Sendable {
    /// The API name, e.g. `Contact`.
    public let name: String
    /// The three-character id prefix, e.g. `003`.
    public let keyPrefix: String
    /// Every field, system fields first.
    public let fields: [FieldSchema]
    /// How `Name` is made: given, derived from first and last name, or an auto-number.
    public let nameField: String
    private let byLowercasedName: [String: Int]
    private let byName: [String: Int]

    public init(name: String, keyPrefix: String, nameField: String = "Name", fields: [FieldSchema]) {
        self.name = name
        self.keyPrefix = keyPrefix
        self.nameField = nameField
        self.fields = fields
        var index: [String: Int] = [:]
        for (i, f) in fields.enumerated() { index[f.name.lowercased()] = i }
        self.byLowercasedName = index
        self.byName = Dictionary(uniqueKeysWithValues: fields.enumerated().map { ($1.name, $0) })
    }

    /// The table name: the object name in lower case, prefixed so it never clashes with SQL words.
    public var table: String { "obj_" + name.lowercased() }

    /// Looks a field up by name, ignoring case, as Salesforce does.
    public func field(named name: String) -> FieldSchema? {
        if let i = byName[name] { return fields[i] }  // the usual case: the canonical spelling
        return byLowercasedName[name.lowercased()].map { fields[$0] }
    }

    /// Fields whose value is a phone number.
    public var phoneFields: [FieldSchema] { fields.filter { $0.type == .phone } }

    /// Whether `Name` is built from `FirstName` and `LastName`.
    public var hasCompoundName: Bool { field(named: "FirstName") != nil && field(named: "LastName") != nil }
}
