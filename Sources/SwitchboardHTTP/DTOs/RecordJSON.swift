import SwitchboardCore
import SwitchboardServices

/// Records as JSON, shaped like Salesforce's REST API: an `attributes` member, then every field
/// by API name in schema order, ids in the 18-character form, instants as `…T09:30:00.000+0000`.
enum RecordJSON {
    static func json(_ record: Record) -> JSON {
        var members: [(String, JSON)] = [("attributes", .object([
            ("type", .string(record.object.name)),
            ("url", .string("/api/v1/records/\(record.object.name)/\(record.id.eighteen)")),
        ]))]
        for field in record.object.fields { members.append((field.name, value(record[field.name]))) }
        return .object(members)
    }

    static func value(_ value: FieldValue) -> JSON {
        switch value {
        case .null: .null
        case .text(let s), .date(let s): .string(s)
        case .id(let id): .string(id.eighteen)
        case .integer(let i): .int(i)
        case .double(let d): .double(d)
        case .boolean(let b): .bool(b)
        case .dateTime(let i): .string(i.salesforceFormat)
        }
    }

    /// The raw value of a JSON body member, or an issue when it is an object or an array.
    static func raw(_ value: RawJSONValue, field: String) -> Result<RawValue, FieldIssue> {
        switch value {
        case .null: .success(.null)
        case .bool(let b): .success(.boolean(b))
        case .int(let i): .success(.integer(i))
        case .double(let d): .success(.double(d))
        case .string(let s): .success(.string(s))
        case .nested: .failure(FieldIssue(field: field, message: "expects a single value, not an object or an array"))
        }
    }
}

/// An import's report as JSON.
enum ImportReportJSON {
    static func json(_ report: CSVImport.Report) -> JSON {
        .object([
            ("object", .string(report.object)),
            ("rowsRead", .int(Int64(report.rowsRead))),
            ("created", .int(Int64(report.created))),
            ("failed", .int(Int64(report.failed))),
            ("ignoredColumns", .array(report.ignoredColumns.map { .string($0) })),
            ("issues", .array(report.issues.map { issue in
                .object([("line", .int(Int64(issue.line))), ("field", issue.field.map { .string($0) } ?? .null), ("message", .string(issue.message))])
            })),
            ("unlistedIssues", .int(Int64(report.unlistedIssues))),
        ])
    }
}
