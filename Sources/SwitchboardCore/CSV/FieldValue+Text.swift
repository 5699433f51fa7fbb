extension FieldValue {
    /// The value as text for CSV exports and messages: ids in the 18-character form, instants
    /// in Salesforce's REST format, booleans as `true`/`false`, nulls as empty.
    public var exportText: String {
        switch self {
        case .null: ""
        case .text(let s), .date(let s): s
        case .id(let id): id.eighteen
        case .integer(let i): String(i)
        case .double(let d): d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        case .boolean(let b): b ? "true" : "false"
        case .dateTime(let i): i.salesforceFormat
        }
    }
}
