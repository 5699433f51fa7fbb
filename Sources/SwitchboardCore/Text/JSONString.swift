/// JSON string literals (RFC 8259 §7), for the documents Switchboard writes by hand.
public enum JSONString {
    /// Appends `text` quoted: quotation marks, backslashes and control characters escaped. With
    /// `htmlSafe`, `<`, `>`, U+2028 and U+2029 are escaped too, so the JSON can sit inside HTML.
    public static func append(_ text: String, to out: inout String, htmlSafe: Bool = false) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || (htmlSafe && ($0 == 0x3C || $0 == 0x3E || $0 == 0xE2)) }) {
            // Nothing to escape (the common case): the text as it is.
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<" where htmlSafe: out += "\\u003c"
            case ">" where htmlSafe: out += "\\u003e"
            default:
                if scalar.value < 0x20 || htmlSafe && (scalar.value == 0x2028 || scalar.value == 0x2029) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
