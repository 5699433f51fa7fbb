import SQLKit
import SQLiteNIO
public import SwitchboardCore

/// Records in one table per object (`obj_contact` …), columns named after the fields.
public struct SQLRecordRepository: RecordRepository {
    let database: Database
    let phoneIndexing: PhoneIndexing

    /// - Parameter phoneIndexing: how phone fields are indexed (the org's default country).
    public init(database: Database, phoneIndexing: PhoneIndexing = .standard) {
        self.database = database
        self.phoneIndexing = phoneIndexing
    }

    /// SQLite allows 32,766 bound values per statement; stay well under it on both engines.
    static let maximumBindsPerStatement = 30_000

    public func inOneTransaction<R: Sendable>(_ body: @Sendable () async throws -> R) async throws -> R {
        try await database.inOneTransaction(body)
    }

    public func insert(_ records: [Record]) async throws -> [Record] {
        try await insert(records, indexRows: indexRows(records))  // auto-numbers are never phones or searched names
    }

    /// Inserts records and the given index rows (none during a bulk load) in one transaction.
    func insert(_ records: [Record], indexRows: IndexRows) async throws -> [Record] {
        guard !records.isEmpty else { return [] }
        return try await database.transaction { db in
            let stored = try await insertRows(records, on: db)
            try await insertIndexRows(indexRows, on: db)
            return stored
        }
    }

    public func insert(groups: [[Record]]) async throws -> [[Record]] {
        let rows = groups.map { indexRows($0) }
        return try await database.transaction { db in
            var stored: [[Record]] = []
            for (records, indexRows) in zip(groups, rows) where !records.isEmpty {
                stored.append(try await insertRows(records, on: db))
                try await insertIndexRows(indexRows, on: db)
            }
            return stored
        }
    }

    /// Inserts records of one object inside a transaction, assigning auto-numbers.
    private func insertRows(_ records: [Record], on db: any SQLDatabase) async throws -> [Record] {
        let object = records[0].object
        precondition(records.allSatisfy { $0.object == object }, "one object per insert")
        try await checkUnique(records, object: object, on: db)
        var stored = records
        for field in object.fields {
            guard case .autoNumber(let prefix, let digits) = field.type else { continue }
            let last = try await reserveNumbers(object: object, count: records.count, on: db)
            for i in stored.indices {
                let n = String(last - Int64(records.count) + Int64(i) + 1)
                stored[i][field.name] = .text(prefix + String(repeating: "0", count: max(0, digits - n.count)) + n)
            }
        }
        // Only columns some record sets are written; the rest default to NULL.
        let fields = object.fields.filter { f in f.name != "Id" && stored.contains { !($0.values[f.name]?.isNull ?? true) } }
        let columns = ["id"] + fields.map(\.column)
        let rowsPerStatement = max(1, Self.maximumBindsPerStatement / columns.count)
        var start = 0
        while start < stored.count {
            let chunk = stored[start..<min(start + rowsPerStatement, stored.count)]
            if chunk.count == 1, let record = chunk.first {
                // One record (a call's VoiceCall, a Task): its statement's text is kept by shape.
                let values = ([SQLBind(record.id.rawValue)] + fields.map { SQLValues.bind(record.values[$0.name] ?? .null, for: $0) }).map(\.encodable)
                try await database.statementTexts.run("insert:\(object.table):\(columns.joined(separator: ","))", values: values, on: db) { values in
                    db.insert(into: object.table).columns(columns).values(values.map(SQLBind.init)).query
                }
            } else {
                let insert = db.insert(into: object.table).columns(columns)
                for record in chunk {
                    insert.values([SQLBind(record.id.rawValue)] + fields.map { SQLValues.bind(record.values[$0.name] ?? .null, for: $0) })
                }
                try await insert.run()
            }
            start += rowsPerStatement
        }
        return stored
    }

    public func update(_ record: Record, fields names: Set<String>) async throws {
        let fields = record.object.fields.filter { names.contains($0.name) && $0.name != "Id" }
        guard !fields.isEmpty else { return }
        let touchesIndex = Self.touchesIndex(record.object, fields: names)
        let newRows = touchesIndex ? indexRows([record], fields: names) : IndexRows()
        try await database.transaction { db in
            try await checkUnique([record], object: record.object, on: db, only: names)
            if touchesIndex, let old = try await db.select().column("*").from(record.object.table).where("id", .equal, SQLBind(record.id.rawValue)).first()
                .map({ try SQLValues.record($0, object: record.object) }) {
                try await deleteIndexRows(of: old, fields: names, on: db)
            }
            // The statement's text is kept by shape: the same few columns change at every call event.
            let values = (fields.map { SQLValues.bind(record.values[$0.name] ?? .null, for: $0) } + [SQLBind(record.id.rawValue)]).map(\.encodable)
            try await database.statementTexts.run("update:\(record.object.table):\(fields.map(\.column).joined(separator: ","))", values: values, on: db) { values in
                let update = db.update(record.object.table)
                for (field, value) in zip(fields, values) { update.set(SQLIdentifier(field.column), to: SQLBind(value)) }
                return update.where("id", .equal, SQLBind(values[fields.count])).query
            }
            try await insertIndexRows(newRows, on: db)
        }
    }

    public func find(_ object: ObjectSchema, id: RecordID) async throws -> Record? {
        // The direct reader sees committed rows only: inside a unit of work, its connection.
        if let direct = database.direct, !database.inUnitOfWork {
            return try direct.rows(#"SELECT * FROM "\#(object.table)" WHERE "id" = ?1"#, [.text(id.rawValue)]).first
                .map { try SQLValues.record($0, object: object) }
        }
        return try await database.withConnection { db in
            try await db.select().column("*").from(object.table).where("id", .equal, SQLBind(id.rawValue)).first()
                .map { try SQLValues.record($0, object: object) }
        }
    }

    public func list(_ object: ObjectSchema, query: RecordQuery) async throws -> RecordPage {
        // One record by an indexed field (a call's VoiceCall by its key, a user by username) is a
        // point read; anything longer goes to the pool, off Swift's cooperative threads.
        let pointRead = query.limit == 1 && query.offset == 0 && !query.filters.isEmpty
            && query.filters.allSatisfy { $0.op == .eq && ($0.field.indexed || $0.field.unique || $0.field.name == "Id") }
        return try await pointRead ? database.withPointReads { db in try await list(object, query: query, on: db) }
                                   : database.withConnection { db in try await list(object, query: query, on: db) }
    }

    private func list(_ object: ObjectSchema, query: RecordQuery, on db: any SQLDatabase) async throws -> RecordPage {
        let select = db.select().column("*").from(object.table)
        applyFilters(query.filters, to: select)
        for key in query.sort { select.orderBy(key.field.column, key.descending ? .descending : .ascending) }
        select.orderBy("id", .ascending).limit(query.limit).offset(query.offset)
        let records = try await select.all().map { try SQLValues.record($0, object: object) }
        let total: Int
        if query.offset == 0 && records.count < query.limit {
            total = records.count  // the whole answer fits on this page: no need to count
        } else if !query.countsTotal {
            total = -1
        } else {
            let count = db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(object.table)
            applyFilters(query.filters, to: count)
            total = Int(try await count.first()?.decode(column: "n", as: Int64.self) ?? 0)
        }
        return RecordPage(records: records, totalSize: total)
    }

    public func scan(_ object: ObjectSchema, after: RecordID?, limit: Int) async throws -> [Record] {
        try await database.withConnection { db in
            let select = db.select().column("*").from(object.table)
            if let after { select.where("id", .greaterThan, SQLBind(after.rawValue)) }
            return try await select.orderBy("id").limit(limit).all().map { try SQLValues.record($0, object: object) }
        }
    }

    public func delete(_ object: ObjectSchema, id: RecordID) async throws -> Bool {
        try await database.transaction { db in
            guard let found = try await db.select().column("*").from(object.table).where("id", .equal, SQLBind(id.rawValue)).first() else { return false }
            try await deleteIndexRows(of: try SQLValues.record(found, object: object), on: db)
            try await db.delete(from: object.table).where("id", .equal, SQLBind(id.rawValue)).run()
            // Lookups to the deleted record are cleared, as Salesforce clears non-required lookups.
            for other in StandardObjects.all {
                for field in other.fields {
                    guard case .reference(let targets) = field.type, targets.contains(object.name), !field.readOnly else { continue }
                    try await db.update(other.table).set(SQLIdentifier(field.column), to: SQLBind(String?.none))
                        .where(SQLIdentifier(field.column), .equal, SQLBind(id.rawValue)).run()
                }
            }
            return true
        }
    }

    public func existingIDs(_ ids: Set<RecordID>) async throws -> Set<RecordID> {
        let byPrefix = Dictionary(grouping: ids, by: \.keyPrefix)
        return try await database.withPointReads { db in
            var found: Set<RecordID> = []
            for (prefix, group) in byPrefix {
                guard let object = StandardObjects.withKeyPrefix(prefix) else { continue }
                let list = Array(group)
                for chunkStart in stride(from: 0, to: list.count, by: 900) {
                    let chunk = list[chunkStart..<min(chunkStart + 900, list.count)]
                    let rows = try await db.select().column("id").from(object.table)
                        .where("id", .in, SQLBind.group(chunk.map(\.rawValue))).all()
                    for row in rows { found.insert(RecordID(unchecked: try row.decode(column: "id", as: String.self))) }
                }
            }
            return found
        }
    }

    public func count(_ object: ObjectSchema) async throws -> Int {
        try await database.withConnection { db in
            Int(try await db.select().column(SQLFunction("count", args: SQLLiteral.all), as: "n").from(object.table).first()?
                .decode(column: "n", as: Int64.self) ?? 0)
        }
    }

    public func search(_ object: ObjectSchema, text: String, textFields: [FieldSchema], limit: Int) async throws -> [Record] {
        guard !text.isEmpty, !textFields.isEmpty else { return [] }
        // Case-insensitive prefixes in the columns, for the text as typed and without its accents;
        // names that have accents are found through their folded form in sb_name_fold.
        let folded = TextFolding.fold(text)
        let patterns = Array(Set([Self.likeEscaped(text.lowercased()) + "%", Self.likeEscaped(folded) + "%"]))
        var whereClause = SQLQueryString("(")
        var first = true
        for field in textFields {
            for pattern in patterns {
                if !first { whereClause.appendInterpolation(unsafeRaw: " OR ") }
                first = false
                whereClause.appendInterpolation("lower(\(ident: field.column)) LIKE \(bind: pattern) ESCAPE '\\'" as SQLQueryString)
            }
        }
        let fields = textFields.map(\.name)
        whereClause.appendInterpolation(
            " OR id IN (SELECT record_id FROM sb_name_fold WHERE object = \(bind: object.name) AND folded >= \(bind: folded) AND folded < \(bind: folded + "\u{10FFFF}") AND field IN (\(binds: fields)))" as SQLQueryString)
        whereClause.appendInterpolation(unsafeRaw: ")")
        let lastModified = object.field(named: "LastModifiedDate")?.column ?? "id"
        return try await database.withConnection { db in
            try await db.select().column("*").from(object.table).where(whereClause)
                .orderBy(lastModified, .descending).orderBy("id").limit(limit).all()
                .map { try SQLValues.record($0, object: object) }
        }
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_")
    }

    private func applyFilters(_ filters: [FieldFilter], to select: SQLSelectBuilder) {
        for filter in filters {
            let column = SQLIdentifier(filter.field.column)
            let ignoreCase = SQLValues.comparesIgnoringCase(filter.field)
            let lhs: any SQLExpression = ignoreCase ? SQLFunction("lower", args: column) : column
            func rhs() -> any SQLExpression {
                let bind = SQLValues.bind(filter.value, for: filter.field)
                return ignoreCase ? SQLFunction("lower", args: bind) : bind
            }
            switch filter.op {
            case .eq: select.where(lhs, .equal, rhs())
            case .ne:
                // "not equal" includes records where the field is empty, as a person would expect.
                select.where(SQLGroupExpression(SQLBinaryExpression(
                    SQLBinaryExpression(lhs, .notEqual, rhs()), .or, SQLBinaryExpression(column, .is, SQLLiteral.null))))
            case .lt: select.where(lhs, .lessThan, rhs())
            case .lte: select.where(lhs, .lessThanOrEqual, rhs())
            case .gt: select.where(lhs, .greaterThan, rhs())
            case .gte: select.where(lhs, .greaterThanOrEqual, rhs())
            case .startsWith:
                let text = Self.likeEscaped((filter.value.textValue ?? "").lowercased())
                select.where(SQLQueryString("lower(\(ident: filter.field.column)) LIKE \(bind: text + "%") ESCAPE '\\'"))
            case .isNull:
                select.where(column, filter.value == .boolean(true) ? .is : .isNot, SQLLiteral.null)
            }
        }
    }

    /// Refuses values of unique fields that another record already has (ignoring case).
    private func checkUnique(_ records: [Record], object: ObjectSchema, on db: any SQLDatabase, only: Set<String>? = nil) async throws {
        for field in object.fields where field.unique && (only?.contains(field.name) ?? true) {
            var seen: [String: RecordID] = [:]
            for record in records {
                guard let value = record.values[field.name]?.textValue else { continue }
                if seen.updateValue(record.id, forKey: value.lowercased()) != nil {
                    throw RecordError.duplicate(object: object.name, field: field.name, value: value)
                }
            }
            let keys = Array(seen.keys)
            for chunkStart in stride(from: 0, to: keys.count, by: 900) {
                let chunk = keys[chunkStart..<min(chunkStart + 900, keys.count)]
                let rows = try await db.select().column("id").column(SQLIdentifier(field.column)).from(object.table)
                    .where(SQLFunction("lower", args: SQLIdentifier(field.column)), .in, SQLBind.group(Array(chunk))).all()
                for row in rows {
                    let id = try row.decode(column: "id", as: String.self)
                    let value = try row.decode(column: field.column, as: String.self)
                    if seen[value.lowercased()]?.rawValue != id {
                        throw RecordError.duplicate(object: object.name, field: field.name, value: value)
                    }
                }
            }
        }
    }

    private func reserveNumbers(object: ObjectSchema, count: Int, on db: any SQLDatabase) async throws -> Int64 {
        try await db.update("sb_autonumber").set("last_value", to: SQLRaw("last_value + \(count)"))
            .where("object", .equal, SQLBind(object.name)).run()
        return try await db.select().column("last_value").from("sb_autonumber").where("object", .equal, SQLBind(object.name))
            .first()?.decode(column: "last_value", as: Int64.self) ?? Int64(count)
    }
}
