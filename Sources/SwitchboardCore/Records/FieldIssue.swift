/// One thing wrong with one field of one input; a rejected input lists them all.
public struct FieldIssue: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field as it was given (or its API name).
    public let field: String
    /// What is wrong and how to fix it.
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { "\(field): \(message)" }
}
