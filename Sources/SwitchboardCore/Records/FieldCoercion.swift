/// Converts one raw value to one field's type, with a message that says how to fix a bad value.
public enum FieldCoercion {
    public static func coerce(_ raw: RawValue, to field: FieldSchema) -> Result<FieldValue, FieldIssue> {
        func fail(_ message: String) -> Result<FieldValue, FieldIssue> {
            .failure(FieldIssue(field: field.name, message: message))
        }
        if case .null = raw { return .success(.null) }
        // A blank string means "no value" for every type, as in Salesforce's CSV tools.
        if case .string(let s) = raw, s.utf8.allSatisfy(isASCIISpace) {
            return .success(field.type.storage == .text && !s.isEmpty && isFreeText(field.type) ? .text(s) : .null)
        }
        switch field.type {
        case .string, .textArea, .phone, .url, .email:
            guard case .string(let s) = raw else {
                return fail("expects text, got \(raw.shortDescription)")
            }
            // UTF-8 length bounds the character count, so most values skip counting characters.
            if let max = field.type.maxLength, s.utf8.count > max, s.count > max {
                return fail("is \(s.count) characters long; the most is \(max)")
            }
            if field.type == .email, !looksLikeEmail(s) {
                return fail("\(raw.shortDescription) is not an email address (expected name@example.com)")
            }
            return .success(.text(s))
        case .picklist(let values, let restricted):
            guard case .string(let s) = raw else { return fail("expects one of its values as text, got \(raw.shortDescription)") }
            if let canonical = values.first(where: { $0.caseInsensitiveEquals(s) }) { return .success(.text(canonical)) }
            if restricted {
                return fail("\(raw.shortDescription) is not allowed; use one of: \(values.joined(separator: ", "))")
            }
            if s.utf8.count > 255, s.count > 255 { return fail("is \(s.count) characters long; the most is 255") }
            return .success(.text(s))
        case .reference(let targets):
            guard case .string(let s) = raw else { return fail("expects a record id, got \(raw.shortDescription)") }
            let id: RecordID
            do { id = try RecordID(parsing: s.trimmingSpaces) } catch { return fail(error.description) }
            let knownPrefixes = targets.compactMap { StandardObjects.named($0)?.keyPrefix ?? externalPrefixes[$0] }
            guard knownPrefixes.contains(id.keyPrefix) else {
                return fail("\(id) is not the id of a \(targets.joined(separator: " or ")) record")
            }
            return .success(.id(id))
        case .boolean:
            switch raw {
            case .boolean(let b): return .success(.boolean(b))
            case .integer(let i) where i == 0 || i == 1: return .success(.boolean(i == 1))
            case .string(let s):
                switch s.trimmingSpaces.lowercased() {
                case "true", "1", "yes": return .success(.boolean(true))
                case "false", "0", "no": return .success(.boolean(false))
                default: break
                }
            default: break
            }
            return fail("expects true or false, got \(raw.shortDescription)")
        case .integer:
            switch raw {
            case .integer(let i): return .success(.integer(i))
            case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return .success(.integer(Int64(d)))
            case .string(let s): if let i = Int64(s.trimmingSpaces) { return .success(.integer(i)) }
            default: break
            }
            return fail("expects a whole number, got \(raw.shortDescription)")
        case .double:
            switch raw {
            case .integer(let i): return .success(.double(Double(i)))
            case .double(let d) where d.isFinite: return .success(.double(d))
            case .string(let s): if let d = Double(s.trimmingSpaces), d.isFinite { return .success(.double(d)) }
            default: break
            }
            return fail("expects a number, got \(raw.shortDescription)")
        case .date:
            if case .string(let s) = raw, let d = CivilDate.normalize(s.trimmingSpaces) { return .success(.date(d)) }
            return fail("expects a date as YYYY-MM-DD, got \(raw.shortDescription)")
        case .dateTime:
            if case .string(let s) = raw, let i = Instant(iso8601: s.trimmingSpaces) { return .success(.dateTime(i)) }
            if case .integer(let ms) = raw { return .success(.dateTime(Instant(millisecondsSince1970: ms))) }
            return fail("expects a date and time in ISO 8601 (2026-11-21T09:30:00Z), got \(raw.shortDescription)")
        case .id, .autoNumber:
            return fail("is read-only; it is set by Switchboard")
        }
    }

    /// Key prefixes of objects referenced before they are stored here (call centers come later).
    static let externalPrefixes = ["CallCenter": "04v"]

    private static func isFreeText(_ type: FieldType) -> Bool {
        if case .textArea = type { return true }
        return false
    }

    private static func looksLikeEmail(_ s: String) -> Bool {
        let bytes = s.utf8
        guard let at = bytes.firstIndex(of: 0x40), at != bytes.startIndex, !bytes.contains(where: isASCIISpace) else { return false }
        let domain = bytes[bytes.index(after: at)...]
        return !domain.contains(0x40) && domain.contains(0x2E) && domain.first != 0x2E && domain.last != 0x2E
    }
}

func isASCIISpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

extension String {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !isASCIISpace($0) }) else { return "" }
        let last = bytes.lastIndex(where: { !isASCIISpace($0) })!
        if first == bytes.startIndex && last == bytes.index(before: bytes.endIndex) { return self }
        return String(self[first...last])
    }
}
