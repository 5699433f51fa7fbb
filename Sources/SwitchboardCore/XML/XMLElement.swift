/// An element read from an XML document, with where it stands in the file.
public struct XMLElement: Sendable, Hashable {
    /// The name without any namespace prefix (`CallCenter` for `<md:CallCenter>`).
    public var name: String
    public var attributes: [XMLAttribute]
    public var children: [XMLNode]
    public var line: Int
    public var column: Int

    public init(name: String, attributes: [XMLAttribute] = [], children: [XMLNode] = [], line: Int = 0, column: Int = 0) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.line = line
        self.column = column
    }

    /// The attribute with this name, if present.
    public func attribute(_ name: String) -> XMLAttribute? { attributes.first { $0.name == name } }

    /// Child elements, in document order.
    public var elements: [XMLElement] {
        children.compactMap { if case .element(let e) = $0 { e } else { nil } }
    }

    /// Child elements with this name.
    public func elements(named name: String) -> [XMLElement] { elements.filter { $0.name == name } }

    /// The concatenated text directly inside this element.
    public var text: String {
        children.map { if case .text(let t) = $0 { t } else { "" } }.joined()
    }
}

/// One attribute, with its position for error messages.
public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var value: String
    public var line: Int
    public var column: Int
    public init(name: String, value: String, line: Int = 0, column: Int = 0) {
        self.name = name
        self.value = value
        self.line = line
        self.column = column
    }
}

/// A child of an element.
public enum XMLNode: Sendable, Hashable {
    case element(XMLElement)
    case text(String)
}

/// A document that cannot be read, with its line and column.
public struct XMLSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let message: String
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
    public var description: String { "line \(line), column \(column): \(message)" }
}
