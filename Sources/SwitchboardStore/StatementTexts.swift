import SQLKit
import Synchronization

/// SQL text built once per statement shape — the table and columns, not the values — and run
/// again with new values. Writing a statement's text (quoting every identifier) took a third of
/// SQLite's writer thread at 500 SIP calls/s, for the same few statements every call.
///
/// A shape's text is kept only after its first build showed that the values a caller passes are
/// the statement's binds in order; otherwise (or past `limit` shapes) it is built every time.
final class StatementTexts: Sendable {
    private let texts = Mutex<[String: String?]>([:])
    let limit: Int

    init(limit: Int = 512) { self.limit = limit }

    /// Runs the statement `build` makes from `values` (as its binds, in that order), with the
    /// text kept for `shape` on this database's dialect.
    func run(_ shape: String, values: [any Encodable & Sendable], on db: any SQLDatabase,
             build: ([any Encodable & Sendable]) -> any SQLExpression) async throws {
        let key = "\(db.dialect.name)|\(shape)"
        if case let text?? = texts.withLock({ $0[key] }) {
            try await db.execute(sql: BoundText(sql: text, binds: values)) { _ in }
            return
        }
        let statement = build(values)
        let (sql, binds) = db.serialize(statement)
        // Kept only when the builder placed exactly these values, in this order.
        let reusable = binds.count == values.count && zip(binds, values).allSatisfy { type(of: $0) == type(of: $1) && "\($0)" == "\($1)" }
        texts.withLock { texts in
            if texts.count < limit { texts[key] = reusable ? sql : String?.none }
        }
        try await db.execute(sql: BoundText(sql: sql, binds: binds)) { _ in }
    }

    /// SQL text with its binds, serialized as is.
    private struct BoundText: SQLExpression {
        let sql: String
        let binds: [any Encodable & Sendable]

        func serialize(to serializer: inout SQLSerializer) {
            serializer.write(sql)
            serializer.binds.append(contentsOf: binds)
        }
    }
}
