/// Turns raw input into typed values for one object, checking every field against the schema and
/// collecting every problem, so one answer tells the caller all there is to fix.
public struct RecordValidator: Sendable {
    public let object: ObjectSchema

    public init(object: ObjectSchema) { self.object = object }

    /// What to do with a field that the object does not have, or that may not be written.
    public enum ExtraFieldPolicy: Sendable {
        /// Refuse the input (the REST API and CSV import).
        case reject
        /// Drop the field and report it as a warning (saveLog, §1.7.3).
        case ignore
    }

    /// The outcome: the checked values, warnings for dropped fields, or the issues found.
    public struct Checked: Sendable {
        public var values: [String: FieldValue]
        public var warnings: [FieldIssue]
    }

    /// Checks the input of a create: required fields, defaults, types and lengths.
    public func checkCreate(
        _ input: [(String, RawValue)], extraFields: ExtraFieldPolicy = .reject
    ) -> Result<Checked, RecordValidationError> {
        check(input, existing: nil, extraFields: extraFields)
    }

    /// Checks the input of an update to `existing`: only the given fields change; required fields
    /// may not be cleared.
    public func checkUpdate(
        _ input: [(String, RawValue)], existing: Record, extraFields: ExtraFieldPolicy = .reject
    ) -> Result<Checked, RecordValidationError> {
        check(input, existing: existing, extraFields: extraFields)
    }

    /// Checks a create whose fields the caller has already looked up (a CSV import resolves its
    /// header once instead of once per cell).
    public func checkCreate(resolved input: [(FieldSchema, RawValue)]) -> Result<Checked, RecordValidationError> {
        check(input.map { ($0.0.name, $0.0, $0.1) }, existing: nil, extraFields: .reject)
    }

    private func check(
        _ input: [(String, RawValue)], existing: Record?, extraFields: ExtraFieldPolicy
    ) -> Result<Checked, RecordValidationError> {
        check(input.map { ($0.0, object.field(named: $0.0), $0.1) }, existing: existing, extraFields: extraFields)
    }

    private func check(
        _ input: [(String, FieldSchema?, RawValue)], existing: Record?, extraFields: ExtraFieldPolicy
    ) -> Result<Checked, RecordValidationError> {
        var values: [String: FieldValue] = [:]
        values.reserveCapacity(input.count + 4)
        var issues: [FieldIssue] = []
        var warnings: [FieldIssue] = []
        var seen: Set<String> = []
        for (name, field, raw) in input {
            guard let field else {
                let issue = FieldIssue(field: name, message: "\(object.name) has no field '\(name)'")
                if extraFields == .reject { issues.append(issue) } else { warnings.append(issue) }
                continue
            }
            if !seen.insert(field.name).inserted {
                issues.append(FieldIssue(field: name, message: "given more than once (field names ignore case)"))
                continue
            }
            if field.readOnly {
                // Echoing a record's own Id back is harmless; any other read-only field is an error.
                if field.name == "Id", case .string(let s) = raw, let existing, (try? RecordID(parsing: s)) == existing.id {
                    continue
                }
                let issue = FieldIssue(field: field.name, message: "is read-only; it is set by Switchboard")
                if extraFields == .reject { issues.append(issue) } else { warnings.append(issue) }
                continue
            }
            switch FieldCoercion.coerce(raw, to: field) {
            case .success(let value):
                if value.isNull && field.required {
                    issues.append(FieldIssue(field: field.name, message: "is required and cannot be empty"))
                } else {
                    values[field.name] = value
                }
            case .failure(let issue): issues.append(issue)
            }
        }
        if existing == nil {
            for field in object.fields where values[field.name] == nil && !field.readOnly && !seen.contains(field.name) {
                if let d = field.defaultValue {
                    values[field.name] = d
                } else if field.required {
                    issues.append(FieldIssue(field: field.name, message: "is required; give a value"))
                }
            }
        }
        if !issues.isEmpty { return .failure(RecordValidationError(object: object.name, issues: issues)) }
        return .success(Checked(values: values, warnings: warnings))
    }
}

/// An input was refused; `issues` names each field and what is wrong with it.
public struct RecordValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public let object: String
    public let issues: [FieldIssue]
    public init(object: String, issues: [FieldIssue]) {
        self.object = object
        self.issues = issues
    }
    public var description: String {
        "\(object) not saved: " + issues.map(\.description).joined(separator: "; ")
    }
}
