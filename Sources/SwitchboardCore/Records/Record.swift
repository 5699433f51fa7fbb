/// One stored record: its object, id and field values keyed by the fields' API names.
public struct Record: Hashable, Sendable {
    public let object: ObjectSchema
    public var id: RecordID
    /// Values by canonical field API name. A missing key means null.
    public var values: [String: FieldValue]

    public init(object: ObjectSchema, id: RecordID, values: [String: FieldValue]) {
        self.object = object
        self.id = id
        self.values = values
    }

    public subscript(field: String) -> FieldValue {
        get { values[object.field(named: field)?.name ?? field] ?? .null }
        set { values[object.field(named: field)?.name ?? field] = newValue }
    }
}

/// One page of a list.
public struct RecordPage: Sendable {
    public var records: [Record]
    /// How many records match the filters, across all pages.
    public var totalSize: Int
    public init(records: [Record], totalSize: Int) {
        self.records = records
        self.totalSize = totalSize
    }
}
