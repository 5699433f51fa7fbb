/// Reads the XML that definition files use — elements, attributes, text, CDATA, comments and
/// processing instructions — into `XMLElement` trees, safely:
///
/// - any `<!DOCTYPE …>` is refused where it starts, before anything in it is read, so no entity is
///   ever declared, expanded or fetched (no XXE, no "billion laughs");
/// - the only entities are XML's five (`&lt;` …) and numeric character references;
/// - input size and nesting depth are bounded.
public struct XMLReader: Sendable {
    public let maximumBytes: Int
    public let maximumDepth: Int

    public init(maximumBytes: Int = 4 << 20, maximumDepth: Int = 32) {
        self.maximumBytes = maximumBytes
        self.maximumDepth = maximumDepth
    }

    /// Parses a whole document and returns its root element.
    public func read(_ bytes: [UInt8]) throws(XMLSyntaxError) -> XMLElement {
        guard bytes.count <= maximumBytes else {
            throw XMLSyntaxError(line: 1, column: 1, message: "the file is \(bytes.count) bytes; the most accepted is \(maximumBytes)")
        }
        var cursor = Cursor(bytes: bytes, maximumDepth: maximumDepth)
        return try cursor.document()
    }

    public func read(_ text: String) throws(XMLSyntaxError) -> XMLElement { try read(Array(text.utf8)) }
}

private struct Cursor {
    let bytes: [UInt8]
    let maximumDepth: Int
    var index = 0
    var line = 1
    var column = 1

    init(bytes: [UInt8], maximumDepth: Int) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    var atEnd: Bool { index >= bytes.count }
    var current: UInt8 { bytes[index] }

    func fail(_ message: String) -> XMLSyntaxError { XMLSyntaxError(line: line, column: column, message: message) }

    mutating func advance() {
        if bytes[index] == 0x0A { line += 1; column = 1 } else if bytes[index] & 0xC0 != 0x80 { column += 1 }
        index += 1
    }

    func starts(with text: String) -> Bool {
        let t = Array(text.utf8)
        return index + t.count <= bytes.count && Array(bytes[index..<index + t.count]) == t
    }

    mutating func skip(_ text: String) { for _ in text.utf8 { advance() } }

    mutating func skipSpace() { while !atEnd, isSpace(current) { advance() } }

    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    mutating func document() throws(XMLSyntaxError) -> XMLElement {
        try misc()
        guard !atEnd else { throw fail("the file has no root element") }
        guard current == 0x3C else { throw fail("text before the root element; the file must start with an element such as <callCenter>") }
        let root = try element(depth: 1)
        try misc()
        guard atEnd else { throw fail("content after the root element </\(root.name)>; a file has one root element") }
        return root
    }

    /// Comments, processing instructions and white space outside the root; refuses DTDs.
    mutating func misc() throws(XMLSyntaxError) {
        while true {
            skipSpace()
            if starts(with: "<!--") { try comment() } else if starts(with: "<?") { try processingInstruction() } else if starts(with: "<!DOCTYPE") || starts(with: "<!doctype") {
                throw fail("a document type declaration (<!DOCTYPE …>) is not allowed: definition files need none, and one could declare entities that read files or exhaust memory; remove it")
            } else { return }
        }
    }

    mutating func comment() throws(XMLSyntaxError) {
        let (l, c) = (line, column)
        skip("<!--")
        while !atEnd, !starts(with: "-->") { advance() }
        guard !atEnd else { throw XMLSyntaxError(line: l, column: c, message: "a comment is never closed with -->") }
        skip("-->")
    }

    mutating func processingInstruction() throws(XMLSyntaxError) {
        let (l, c) = (line, column)
        skip("<?")
        while !atEnd, !starts(with: "?>") { advance() }
        guard !atEnd else { throw XMLSyntaxError(line: l, column: c, message: "a processing instruction (<?…) is never closed with ?>") }
        skip("?>")
    }

    mutating func name() throws(XMLSyntaxError) -> String {
        let start = index
        while !atEnd {
            let c = current
            if isSpace(c) || c == 0x3E || c == 0x2F || c == 0x3D || c == 0x3C || c == 0x22 || c == 0x27 { break }
            advance()
        }
        guard index > start else { throw fail("a name was expected here") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    mutating func element(depth: Int) throws(XMLSyntaxError) -> XMLElement {
        guard depth <= maximumDepth else { throw fail("elements are nested more than \(maximumDepth) deep") }
        let (l, c) = (line, column)
        advance()  // <
        let qualified = try name()
        var element = XMLElement(name: localName(qualified), line: l, column: c)
        // Attributes.
        while true {
            skipSpace()
            guard !atEnd else { throw fail("the file ends inside the start tag of <\(qualified)>") }
            if current == 0x2F {  // />
                advance()
                guard !atEnd, current == 0x3E else { throw fail("expected > after / in <\(qualified)>") }
                advance()
                return element
            }
            if current == 0x3E { advance(); break }
            let (al, ac) = (line, column)
            let attributeName = try name()
            skipSpace()
            guard !atEnd, current == 0x3D else { throw fail("expected = after the attribute \(attributeName)") }
            advance()
            skipSpace()
            guard !atEnd, current == 0x22 || current == 0x27 else { throw fail("the value of \(attributeName) must be in quotes") }
            let quote = current
            advance()
            var value: [UInt8] = []
            while !atEnd, current != quote {
                if current == 0x3C { throw fail("< is not allowed in an attribute value; write &lt;") }
                if current == 0x26 { value += try reference() } else { value.append(current); advance() }
            }
            guard !atEnd else { throw fail("the value of \(attributeName) is never closed") }
            advance()
            if element.attributes.contains(where: { $0.name == attributeName }) {
                throw XMLSyntaxError(line: al, column: ac, message: "the attribute \(attributeName) is given twice")
            }
            element.attributes.append(XMLAttribute(name: attributeName, value: String(decoding: value, as: UTF8.self), line: al, column: ac))
        }
        // Content.
        var text: [UInt8] = []
        func flush(_ element: inout XMLElement, _ text: inout [UInt8]) {
            if !text.isEmpty { element.children.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
        }
        while true {
            guard !atEnd else { throw XMLSyntaxError(line: l, column: c, message: "<\(qualified)> is never closed; the file ends at line \(line), column \(column)") }
            if starts(with: "</") {
                skip("</")
                let closing = try name()
                skipSpace()
                guard !atEnd, current == 0x3E else { throw fail("expected > to end </\(closing)") }
                advance()
                guard closing == qualified else {
                    throw fail("</\(closing)> closes <\(qualified)> opened at line \(l), column \(c)")
                }
                flush(&element, &text)
                return element
            } else if starts(with: "<!--") {
                try comment()
            } else if starts(with: "<![CDATA[") {
                let (cl, cc) = (line, column)
                skip("<![CDATA[")
                while !atEnd, !starts(with: "]]>") { text.append(current); advance() }
                guard !atEnd else { throw XMLSyntaxError(line: cl, column: cc, message: "a CDATA section is never closed with ]]>") }
                skip("]]>")
            } else if starts(with: "<?") {
                try processingInstruction()
            } else if starts(with: "<!") {
                throw fail("declarations (<!…>) are not allowed inside elements")
            } else if current == 0x3C {
                flush(&element, &text)
                element.children.append(.element(try self.element(depth: depth + 1)))
            } else if current == 0x26 {
                text += try reference()
            } else {
                text.append(current)
                advance()
            }
        }
    }

    /// `&lt;` and friends, `&#65;`, `&#x41;`. Any other entity is refused, never looked up.
    mutating func reference() throws(XMLSyntaxError) -> [UInt8] {
        let (l, c) = (line, column)
        advance()  // &
        let start = index
        while !atEnd, current != 0x3B, index - start < 12 { advance() }
        guard !atEnd, current == 0x3B else { throw XMLSyntaxError(line: l, column: c, message: "& must start an entity such as &amp; (write &amp; for a literal &)") }
        let name = String(decoding: bytes[start..<index], as: UTF8.self)
        advance()  // ;
        switch name {
        case "lt": return [0x3C]
        case "gt": return [0x3E]
        case "amp": return [0x26]
        case "quot": return [0x22]
        case "apos": return [0x27]
        default:
            if name.hasPrefix("#") {
                let digits = name.dropFirst()
                let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
                if let value, let scalar = Unicode.Scalar(value), value != 0 { return Array(String(Character(scalar)).utf8) }
                throw XMLSyntaxError(line: l, column: c, message: "&\(name); is not a valid character reference")
            }
            throw XMLSyntaxError(line: l, column: c, message: "the entity &\(name); is not defined; only &lt; &gt; &amp; &quot; &apos; and character references are allowed")
        }
    }

    func localName(_ qualified: String) -> String {
        if let colon = qualified.lastIndex(of: ":") { return String(qualified[qualified.index(after: colon)...]) }
        return qualified
    }
}
