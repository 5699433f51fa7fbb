/// A streaming RFC 4180 reader: feed it bytes as they arrive and it hands back whole rows, so an
/// import of any size runs in constant memory. Handles quoted fields with commas, quotes and line
/// breaks, CRLF or LF line ends, and a UTF-8 byte-order mark.
public struct CSVReader: Sendable {
    /// A row and the line of the file it started on (1-based), for error reports.
    public struct Row: Sendable, Equatable {
        public var fields: [String]
        public var line: Int
    }

    /// A cell or row longer than this is refused rather than buffered without end.
    public let maximumRowBytes: Int
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var inQuotes = false
    private var quoteJustClosed = false
    private var atFieldStart = true
    private var rowBytes = 0
    private var line = 1
    private var rowStartLine = 1
    private var sawAnything = false
    private var checkedBOM = false
    private var pendingCR = false

    public init(maximumRowBytes: Int = 1 << 20) { self.maximumRowBytes = maximumRowBytes }

    /// Consumes a chunk and returns the rows it completed.
    public mutating func feed<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(CSVError) -> [Row] {
        var rows: [Row] = []
        for byte in bytes {
            if !checkedBOM {
                field.append(byte)
                if field.count < 3 && [0xEF, 0xBB, 0xBF].starts(with: field) { continue }
                checkedBOM = true
                let pending = field == [0xEF, 0xBB, 0xBF] ? [] : field
                field = []
                for b in pending { try consume(b, into: &rows) }
                continue
            }
            try consume(byte, into: &rows)
        }
        return rows
    }

    /// Ends the input; returns the last row if the file did not end with a line break.
    public mutating func finish() throws(CSVError) -> Row? {
        if !checkedBOM {
            checkedBOM = true
            let pending = field
            field = []
            var rows: [Row] = []
            for b in pending { try consume(b, into: &rows) }
            if let r = rows.first { return r }
        }
        if inQuotes { throw CSVError(line: rowStartLine, message: "a quoted field opened on line \(rowStartLine) is never closed; add the closing \"") }
        guard sawAnything else { return nil }
        return endRow()
    }

    private mutating func consume(_ byte: UInt8, into rows: inout [Row]) throws(CSVError) {
        rowBytes += 1
        if rowBytes > maximumRowBytes {
            throw CSVError(line: rowStartLine, message: "the row is longer than \(maximumRowBytes) bytes; is a quote left open?")
        }
        if pendingCR {
            pendingCR = false
            if byte == 0x0A { return }
        }
        if inQuotes {
            if byte == 0x22 {
                inQuotes = false
                quoteJustClosed = true
            } else {
                if byte == 0x0A { line += 1 }
                field.append(byte)
            }
            return
        }
        switch byte {
        case 0x22:  // "
            if quoteJustClosed {
                field.append(0x22)  // a doubled quote inside a quoted field
                inQuotes = true
                quoteJustClosed = false
            } else if atFieldStart {
                inQuotes = true
                atFieldStart = false
                sawAnything = true
            } else {
                throw CSVError(line: line, message: "a quote in the middle of an unquoted field; quote the whole field and double the quote (\"\")")
            }
        case 0x2C:  // ,
            endField()
            sawAnything = true
        case 0x0D, 0x0A:
            if byte == 0x0D { pendingCR = true }
            line += 1
            if sawAnything || !fields.isEmpty || !field.isEmpty { rows.append(endRow()) } else { rowStartLine = line; rowBytes = 0 }
        default:
            if quoteJustClosed {
                throw CSVError(line: line, message: "text after a closing quote; quote the whole field and double any quote inside (\"\")")
            }
            field.append(byte)
            atFieldStart = false
            sawAnything = true
        }
    }

    private mutating func endField() {
        fields.append(String(decoding: field, as: UTF8.self))
        field.removeAll(keepingCapacity: true)
        atFieldStart = true
        quoteJustClosed = false
    }

    private mutating func endRow() -> Row {
        endField()
        let row = Row(fields: fields, line: rowStartLine)
        fields.removeAll(keepingCapacity: true)
        rowStartLine = line
        rowBytes = 0
        sawAnything = false
        return row
    }
}

/// A CSV file that cannot be read; names the line.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}
