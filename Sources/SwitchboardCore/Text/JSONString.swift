/// JSON string literals (RFC 8259 §7), for the documents Switchboard writes by hand.
public enum JSONString {
    static let escapes: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"]
    /// What HTML-safe JSON escapes besides: nothing in it can end a `<script>` element.
    static let htmlEscapes: [Unicode.Scalar: String] = ["<": "\\u003c", ">": "\\u003e", "\u{2028}": "\\u2028", "\u{2029}": "\\u2029"]

    /// Appends `text` quoted: quotation marks, backslashes and control characters escaped. With
    /// `htmlSafe`, `<`, `>`, U+2028 and U+2029 are escaped too, so the JSON can sit inside HTML.
    public static func append(_ text: String, to out: inout String, htmlSafe: Bool = false) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || (htmlSafe && ($0 == 0x3C || $0 == 0x3E || $0 == 0xE2)) }) {
            // Nothing to escape (the common case): the text as it is.
            out += text
        } else {
            Escaping.append(text, to: &out) { scalar in
                escapes[scalar] ?? (htmlSafe ? htmlEscapes[scalar] : nil) ?? (scalar.value < 0x20 ? Escaping.unicodeEscape(scalar) : nil)
            }
        }
        out += "\""
    }
}
