/// Writes CSV rows per RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled.
public enum CSVWriter {
    /// One row, ending in CRLF.
    public static func row(_ fields: [String]) -> String {
        var out = ""
        for (i, f) in fields.enumerated() {
            if i > 0 { out += "," }
            if f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || f.hasPrefix(" ") || f.hasSuffix(" ") {
                out += "\"" + f.replacing("\"", with: "\"\"") + "\""
            } else {
                out += f
            }
        }
        return out + "\r\n"
    }
}
