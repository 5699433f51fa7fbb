/// The rules for a call center's dispositions (the "Call Result" an agent picks at wrap-up).
public enum DispositionList {
    public static let maximumCount = 100
    public static let maximumLength = 255

    /// Trims the labels and checks them: not empty, at most 255 characters, no repeats (in any case).
    public static func check(_ labels: [String]) -> Result<[String], RecordValidationError> {
        check(labels, field: "dispositions", maximumLength: maximumLength, object: "CallCenter", fits: "CallDisposition")
    }

    /// Checks a list of labels an admin defines (dispositions, away reasons): trimmed, not
    /// empty, at most `maximumLength` characters, no repeats in any case, at most 100.
    public static func check(_ labels: [String], field: String, maximumLength: Int, object: String, fits: String) -> Result<[String], RecordValidationError> {
        var issues: [FieldIssue] = []
        var seen: Set<String> = []
        var clean: [String] = []
        if labels.count > maximumCount {
            issues.append(FieldIssue(field: field, message: "has \(labels.count) entries; at most \(maximumCount) are allowed"))
        }
        for (i, raw) in labels.enumerated() {
            let label = raw.trimmingSpaces
            if label.isEmpty {
                issues.append(FieldIssue(field: "\(field)[\(i)]", message: "is empty; remove the line or give it a name"))
            } else if label.count > maximumLength {
                issues.append(FieldIssue(field: "\(field)[\(i)]", message: "is \(label.count) characters long; at most \(maximumLength) fit in \(fits)"))
            } else if !seen.insert(label.lowercased()).inserted {
                issues.append(FieldIssue(field: "\(field)[\(i)]", message: "'\(label)' is listed twice"))
            } else {
                clean.append(label)
            }
        }
        return issues.isEmpty ? .success(clean) : .failure(RecordValidationError(object: object, issues: issues))
    }

    /// The defined label matching `value` in any case; nil when the list does not have it.
    public static func match(_ value: String, in labels: [String]) -> String? {
        let wanted = value.trimmingSpaces.lowercased()
        return labels.first { $0.lowercased() == wanted }
    }
}
