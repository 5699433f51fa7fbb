/// Escaping text for the formats Switchboard writes by hand: each format names what it replaces
/// (a table), and one loop does the writing.
public enum Escaping {
    /// Appends `text` to `out`, each Unicode scalar `replacement` gives a text for replaced by it,
    /// the others as they are.
    public static func append(_ text: String, to out: inout String, replacing replacement: (Unicode.Scalar) -> String?) {
        for scalar in text.unicodeScalars {
            if let replaced = replacement(scalar) { out += replaced } else { out.unicodeScalars.append(scalar) }
        }
    }

    /// `\uXXXX`, JSON's escape for any scalar of the Basic Multilingual Plane.
    static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

/// Text inside XML or HTML, in element content or a quoted attribute value: `&`, `<`, `>`, `"`
/// and `'` as entities, and tab, line feed and carriage return as character references, so a
/// parser's whitespace normalization (attribute values, CR LF) gives back exactly what was written.
public enum MarkupText {
    static let references: [Unicode.Scalar: String] = [
        "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;", "\t": "&#9;", "\n": "&#10;", "\r": "&#13;",
    ]

    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        Escaping.append(text, to: &out) { references[$0] }
        return out
    }
}
