/// A typed field value as the store keeps it.
public enum FieldValue: Hashable, Sendable {
    case null
    case text(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)
    /// A calendar date, `YYYY-MM-DD`.
    case date(String)
    case dateTime(Instant)
    case id(RecordID)

    public var isNull: Bool { self == .null }

    /// The text of a text-like value (text, date, id), else nil.
    public var textValue: String? {
        switch self {
        case .text(let s), .date(let s): s
        case .id(let id): id.eighteen
        default: nil
        }
    }
}

/// A value as it arrives, before the schema says what it must be: from JSON or a CSV cell.
public enum RawValue: Hashable, Sendable {
    case null
    case string(String)
    case integer(Int64)
    case double(Double)
    case boolean(Bool)

    /// How the value reads in an error message.
    public var shortDescription: String {
        switch self {
        case .null: "null"
        case .string(let s): "'\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
        case .integer(let i): String(i)
        case .double(let d): String(d)
        case .boolean(let b): String(b)
        }
    }
}
