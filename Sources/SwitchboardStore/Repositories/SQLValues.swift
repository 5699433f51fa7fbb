import SQLKit
import SwitchboardCore

/// Converts between field values and the three column kinds used on both engines.
enum SQLValues {
    /// The bind for a value of `field`; nulls are typed so PostgreSQL knows the column type.
    static func bind(_ value: FieldValue, for field: FieldSchema) -> SQLBind {
        switch value {
        case .null:
            switch field.type.storage {
            case .text: SQLBind(String?.none)
            case .integer: SQLBind(Int64?.none)
            case .double: SQLBind(Double?.none)
            }
        case .text(let s), .date(let s): SQLBind(s)
        case .id(let id): SQLBind(id.rawValue)
        case .integer(let i): SQLBind(i)
        case .boolean(let b): SQLBind(Int64(b ? 1 : 0))
        case .dateTime(let instant): SQLBind(instant.millisecondsSince1970)
        case .double(let d): SQLBind(d)
        }
    }

    /// Reads one record from a row that has every column of the object.
    static func record(_ row: any SQLRow, object: ObjectSchema) throws -> Record {
        let id = RecordID(unchecked: try row.decode(column: "id", as: String.self))
        var values: [String: FieldValue] = [:]
        values.reserveCapacity(object.fields.count)
        for field in object.fields where field.name != "Id" {
            if let value = try value(row, field: field) { values[field.name] = value }
        }
        values["Id"] = .id(id)
        return Record(object: object, id: id, values: values)
    }

    private static func value(_ row: any SQLRow, field: FieldSchema) throws -> FieldValue? {
        switch field.type {
        case .boolean:
            return try row.decode(column: field.column, as: Int64?.self).map { .boolean($0 != 0) }
        case .integer:
            return try row.decode(column: field.column, as: Int64?.self).map { .integer($0) }
        case .dateTime:
            return try row.decode(column: field.column, as: Int64?.self).map { .dateTime(Instant(millisecondsSince1970: $0)) }
        case .double:
            return try row.decode(column: field.column, as: Double?.self).map { .double($0) }
        case .date:
            return try row.decode(column: field.column, as: String?.self).map { .date($0) }
        case .reference, .id:
            return try row.decode(column: field.column, as: String?.self).map { .id(RecordID(unchecked: $0)) }
        default:
            return try row.decode(column: field.column, as: String?.self).map { .text($0) }
        }
    }

    /// Whether text comparisons on this field ignore case (names, emails; not ids or picklists).
    static func comparesIgnoringCase(_ field: FieldSchema) -> Bool {
        switch field.type {
        case .string, .textArea, .email, .phone, .url, .autoNumber: true
        default: false
        }
    }
}
