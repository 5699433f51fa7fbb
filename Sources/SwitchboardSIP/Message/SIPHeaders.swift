/// One header field as received: its name as written, and its value with line folding undone
/// and surrounding whitespace removed.
public struct SIPHeader: Sendable, Hashable {
    public private(set) var name: String
    public var value: String
    /// The lower-case full name (`SIPHeaders.key`), worked out once: every lookup of a header
    /// compares it with each field's, several times per message.
    let key: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
        key = SIPHeaders.key(name)
    }
}

/// A message's header fields, in order. Unknown headers are kept as they came and written back
/// untouched; the ones a gateway reads are found by any case of their name or their compact form
/// (RFC 3261 §7.3.3) and parsed when asked (`SIPMessage`'s typed accessors).
public struct SIPHeaders: Sendable, Hashable, Sequence {
    public private(set) var fields: [SIPHeader] = []

    public init(_ fields: [SIPHeader] = []) { self.fields = fields }

    /// RFC 3261 §7.3.3 and the registries since: compact form → full name.
    static let compactForms: [String: String] = [
        "i": "call-id", "m": "contact", "f": "from", "t": "to", "v": "via", "l": "content-length", "c": "content-type",
        "k": "supported", "s": "subject", "e": "content-encoding", "o": "event", "r": "refer-to", "b": "referred-by",
        "u": "allow-events", "x": "session-expires", "a": "accept-contact", "j": "reject-contact", "d": "request-disposition", "y": "identity",
    ]

    /// Headers whose value may be a comma-separated list (several fields or one joined field mean the same).
    static let listHeaders: Set<String> = [
        "via", "route", "record-route", "contact", "allow", "supported", "require", "proxy-require", "unsupported", "accept",
        "accept-encoding", "accept-language", "allow-events", "content-encoding", "in-reply-to", "warning",
    ]

    /// The lower-case full name a header is known by (`v` and `VIA` → `via`).
    public static func key(_ name: String) -> String {
        let lower = name.lowercased()
        return compactForms[lower] ?? lower
    }

    public func makeIterator() -> IndexingIterator<[SIPHeader]> { fields.makeIterator() }

    /// The values of every field called `name` (any case, or its compact form), list headers split
    /// at the commas that are not inside quotes or angle brackets.
    public func values(_ name: String) -> [String] {
        let key = Self.key(name)
        var result: [String] = []
        for field in fields where field.key == key {
            if Self.listHeaders.contains(key) { result += Self.splitList(field.value) } else { result.append(field.value) }
        }
        return result
    }

    /// The first value of `name`, or nil.
    public func first(_ name: String) -> String? {
        let key = Self.key(name)
        guard let field = fields.first(where: { $0.key == key }) else { return nil }
        return Self.listHeaders.contains(key) ? Self.splitList(field.value).first : field.value
    }

    public func contains(_ name: String) -> Bool {
        let key = Self.key(name)
        return fields.contains { $0.key == key }
    }

    public mutating func add(_ name: String, _ value: String) { fields.append(SIPHeader(name, value)) }

    /// Puts `value` first among the fields called `name` (a Via a proxy adds, say).
    public mutating func prepend(_ name: String, _ value: String) {
        let key = Self.key(name)
        let index = fields.firstIndex { $0.key == key } ?? fields.endIndex
        fields.insert(SIPHeader(name, value), at: index)
    }

    public mutating func remove(_ name: String) {
        let key = Self.key(name)
        fields.removeAll { $0.key == key }
    }

    /// Replaces every field called `name` with one field holding `value`, where the first one was.
    public mutating func set(_ name: String, _ value: String) {
        let key = Self.key(name)
        let index = fields.firstIndex { $0.key == key } ?? fields.endIndex
        let before = fields[..<index].count
        fields.removeAll { $0.key == key }
        fields.insert(SIPHeader(name, value), at: Swift.min(before, fields.endIndex))
    }

    /// Splits at top-level commas: not inside a quoted string (with its `\` escapes) or `<…>`.
    static func splitList(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inQuotes = false, escaped = false, angle = 0
        for character in value {
            if escaped { escaped = false; current.append(character); continue }
            switch character {
            case "\\" where inQuotes: escaped = true
            case "\"": inQuotes.toggle()
            case "<" where !inQuotes: angle += 1
            case ">" where !inQuotes: angle = Swift.max(0, angle - 1)
            case "," where !inQuotes && angle == 0:
                parts.append(current.trimmingLWS)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        parts.append(current.trimmingLWS)
        return parts.filter { !$0.isEmpty }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (SIP's linear whitespace, once unfolded).
    var trimmingLWS: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
