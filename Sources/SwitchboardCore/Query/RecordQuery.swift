/// What a list asks for: filters, order and a page.
public struct RecordQuery: Sendable, Hashable {
    public var filters: [FieldFilter]
    public var sort: [SortKey]
    public var limit: Int
    public var offset: Int
    /// Whether the page says how many records match in all (a second query); walks that page
    /// by id turn it off. Without it `RecordPage.totalSize` is -1 when the page is full.
    public var countsTotal = true

    public static let defaultLimit = 50
    public static let maximumLimit = 2000

    public init(filters: [FieldFilter] = [], sort: [SortKey] = [], limit: Int = defaultLimit, offset: Int = 0) {
        self.filters = filters
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }
}

/// A comparison of one field with one value.
public struct FieldFilter: Sendable, Hashable {
    public enum Operator: String, Sendable, CaseIterable {
        case eq, ne, lt, lte, gt, gte
        /// Text starts with the value (case-insensitive).
        case startsWith = "startswith"
        /// The field is empty (`true`) or not (`false`).
        case isNull = "null"
    }
    public let field: FieldSchema
    public let op: Operator
    public let value: FieldValue
    public init(field: FieldSchema, op: Operator, value: FieldValue) {
        self.field = field
        self.op = op
        self.value = value
    }
}

/// One sort key; `Id` is always added last so pages never overlap.
public struct SortKey: Sendable, Hashable {
    public let field: FieldSchema
    public let descending: Bool
    public init(field: FieldSchema, descending: Bool) {
        self.field = field
        self.descending = descending
    }
}

extension RecordQuery {
    /// Reads a list query from URL query parameters:
    /// `limit`, `offset`, `sort=LastName,-CreatedDate`, and filters `Field=value` or `Field.op=value`
    /// with op one of eq, ne, lt, lte, gt, gte, startswith, null. Every problem is reported at once.
    public static func parse(_ parameters: [(String, String)], object: ObjectSchema) -> Result<RecordQuery, RecordValidationError> {
        var query = RecordQuery()
        var issues: [FieldIssue] = []
        for (key, value) in parameters {
            switch key {
            case "limit":
                if let n = Int(value), (1...maximumLimit).contains(n) { query.limit = n } else {
                    issues.append(FieldIssue(field: "limit", message: "must be a whole number from 1 to \(maximumLimit), got '\(value)'"))
                }
            case "offset":
                if let n = Int(value), n >= 0 { query.offset = n } else {
                    issues.append(FieldIssue(field: "offset", message: "must be a whole number of 0 or more, got '\(value)'"))
                }
            case "sort":
                for part in value.split(separator: ",") {
                    let descending = part.hasPrefix("-")
                    let name = descending ? String(part.dropFirst()) : String(part)
                    if let field = object.field(named: name) {
                        query.sort.append(SortKey(field: field, descending: descending))
                    } else {
                        issues.append(FieldIssue(field: "sort", message: "\(object.name) has no field '\(name)'"))
                    }
                }
            default:
                let pieces = key.split(separator: ".", maxSplits: 1)
                let name = String(pieces[0])
                let opText = pieces.count > 1 ? String(pieces[1]).lowercased() : "eq"
                guard let field = object.field(named: name) else {
                    issues.append(FieldIssue(field: name, message: "\(object.name) has no field '\(name)' to filter on"))
                    continue
                }
                guard let op = FieldFilter.Operator(rawValue: opText) else {
                    let ops = FieldFilter.Operator.allCases.map(\.rawValue).joined(separator: ", ")
                    issues.append(FieldIssue(field: key, message: "unknown operator '\(opText)'; use one of \(ops)"))
                    continue
                }
                if op == .isNull {
                    guard let flag = Bool(value.lowercased()) else {
                        issues.append(FieldIssue(field: key, message: "expects true or false, got '\(value)'"))
                        continue
                    }
                    query.filters.append(FieldFilter(field: field, op: op, value: .boolean(flag)))
                    continue
                }
                // The filter value is checked like a written value, so `CreatedDate.gte=2026-01-01` works.
                let target = FieldSchema(field.name, filterType(field.type))
                switch FieldCoercion.coerce(.string(value), to: target) {
                case .success(let v) where !v.isNull:
                    if op == .startsWith, v.textValue == nil {
                        issues.append(FieldIssue(field: key, message: "startswith works on text fields only"))
                    } else {
                        query.filters.append(FieldFilter(field: field, op: op, value: v))
                    }
                case .success: issues.append(FieldIssue(field: key, message: "is empty; use \(name).null=true to find empty fields"))
                case .failure(let issue): issues.append(FieldIssue(field: key, message: issue.message))
                }
            }
        }
        if !issues.isEmpty { return .failure(RecordValidationError(object: object.name, issues: issues)) }
        return .success(query)
    }

    private static func filterType(_ type: FieldType) -> FieldType {
        switch type {
        case .id: .reference(StandardObjects.all.map(\.name))
        // A filter value is a search term, not a stored value: part of an email or a phone is fine.
        case .autoNumber, .email, .phone, .url, .textArea: .string(maxLength: 32000)
        default: type
        }
    }
}
