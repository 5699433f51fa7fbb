public import SwitchboardCore

/// One CSV import in progress. Feed it the file's bytes as they arrive; valid rows are committed
/// in batches while invalid ones are reported with their line, field and reason. A bad header
/// (unknown or repeated columns) stops the import before any row is written.
public struct CSVImport: Sendable {
    /// What happened, for the summary and the API's answer.
    public struct Report: Sendable {
        public var object: String
        public var rowsRead = 0
        public var created = 0
        public var failed: Int { rowsRead - created }
        /// Problems by line; capped at `maximumListedIssues`, `unlistedIssues` counts the rest.
        public var issues: [RowIssue] = []
        public var unlistedIssues = 0
        /// Read-only columns (Id, CreatedDate…) that were skipped.
        public var ignoredColumns: [String] = []
        public var bytesRead = 0
    }

    /// A problem with one row.
    public struct RowIssue: Sendable, Hashable {
        /// The line of the file the row starts on (the header is line 1).
        public let line: Int
        public let field: String?
        public let message: String
    }

    public static let maximumListedIssues = 1000

    let service: RecordService
    let object: ObjectSchema
    let principal: Principal
    let batchSize: Int
    private var reader = CSVReader()
    private let validator: RecordValidator
    private var columns: [FieldSchema?]? = nil
    private var batch: [(line: Int, record: Record)] = []
    /// The batch being written while the next one is read (at most one).
    private var inFlight: Task<BatchOutcome, any Error>? = nil
    /// The store's bulk load: records go in batch by batch, their search index rows in large sorted writes.
    private var load: (any BulkRecordLoad)? = nil
    public private(set) var report: Report

    /// - Throws: `AuthError.forbidden` when the principal may not import this object.
    public init(service: RecordService, object: ObjectSchema, principal: Principal, batchSize: Int = 1000) throws {
        try service.authorize(principal, .importCSV, object)
        self.service = service
        self.object = object
        self.principal = principal
        self.batchSize = batchSize
        self.validator = RecordValidator(object: object)
        self.report = Report(object: object.name)
    }

    /// Reads more of the file, committing full batches.
    /// - Throws: `CSVImportError` for a bad header or a file that is not CSV; rows already
    ///   committed stay, and the report says how far the import got.
    public mutating func feed(_ bytes: some Collection<UInt8>) async throws {
        report.bytesRead += bytes.count
        let rows: [CSVReader.Row]
        do { rows = try reader.feed(bytes) } catch {
            try? await drain()
            try? await finishLoad()
            throw CSVImportError.malformed(error, report: report)
        }
        for row in rows { try await take(row) }
    }

    /// Ends the file: reads the last row and commits what is left.
    public mutating func finish() async throws -> Report {
        let last: CSVReader.Row?
        do { last = try reader.finish() } catch {
            try? await drain()
            try? await finishLoad()
            throw CSVImportError.malformed(error, report: report)
        }
        if let last { try await take(last) }
        if columns == nil { throw CSVImportError.header([FieldIssue(field: "header", message: "the file is empty; the first line must name the columns")]) }
        do {
            try await flush()
            try await drain()
        } catch {
            try? await finishLoad()
            throw error
        }
        try await finishLoad()
        return report
    }

    /// Writes the index rows the bulk load still holds; every committed row is then findable.
    private mutating func finishLoad() async throws {
        guard let load else { return }
        self.load = nil
        try await load.finish()
    }

    private mutating func take(_ row: CSVReader.Row) async throws {
        guard let columns else {
            let (fields, ignored) = try header(row)
            self.columns = fields
            report.ignoredColumns = ignored
            return
        }
        if row.fields.count == 1 && row.fields[0].isEmpty { return }  // a blank line
        report.rowsRead += 1
        guard row.fields.count == columns.count else {
            note(RowIssue(line: row.line, field: nil, message: "has \(row.fields.count) values but the header has \(columns.count) columns"))
            return
        }
        var input: [(FieldSchema, RawValue)] = []
        input.reserveCapacity(columns.count)
        for (field, text) in zip(columns, row.fields) {
            if let field, !text.isEmpty { input.append((field, .string(text))) }
        }
        switch validator.checkCreate(resolved: input) {
        case .failure(let error):
            for issue in error.issues { note(RowIssue(line: row.line, field: issue.field, message: issue.message)) }
        case .success(let checked):
            var record = service.newRecord(object, checked.values, by: principal)
            RecordDerivation.apply(to: &record, previous: nil, now: service.clock.now())
            batch.append((row.line, record))
            if batch.count >= batchSize { try await flush() }
        }
    }

    private func header(_ row: CSVReader.Row) throws -> ([FieldSchema?], [String]) {
        var issues: [FieldIssue] = []
        var seen: Set<String> = []
        var fields: [FieldSchema?] = []
        var ignored: [String] = []
        for (i, raw) in row.fields.enumerated() {
            let name = raw.trimmingSpaces
            guard !name.isEmpty else {
                issues.append(FieldIssue(field: "column \(i + 1)", message: "has no name; name every column after a \(object.name) field"))
                fields.append(nil)
                continue
            }
            guard let field = object.field(named: name) else {
                issues.append(FieldIssue(field: name, message: "\(object.name) has no field '\(name)'; fix the header or remove the column"))
                fields.append(nil)
                continue
            }
            if !seen.insert(field.name).inserted {
                issues.append(FieldIssue(field: name, message: "appears twice in the header"))
            }
            if field.readOnly { ignored.append(field.name); fields.append(nil) } else { fields.append(field) }
        }
        if !issues.isEmpty { throw CSVImportError.header(issues) }
        return (fields, ignored)
    }

    /// Hands the full batch to the database and goes on reading. Parsing and checking rows and
    /// SQLite's writing each keep a core busy, so they overlap: one batch is written while the next
    /// is read. The import is driven by the caller's `feed` calls, so the write cannot be a child
    /// of one call; an unstructured task, awaited before the next batch and at the end, carries it.
    private mutating func flush() async throws {
        guard !batch.isEmpty else { return }
        let rows = batch
        batch.removeAll(keepingCapacity: true)
        try await drain()
        if load == nil { load = try await service.repository.bulkLoad() }
        let service = self.service, load = self.load
        inFlight = Task { try await Self.store(rows, service: service, load: load) }
    }

    /// Waits for the batch being written and adds its outcome to the report.
    private mutating func drain() async throws {
        guard let task = inFlight else { return }
        inFlight = nil
        let outcome = try await task.value
        report.created += outcome.created
        for issue in outcome.issues { note(issue) }
    }

    struct BatchOutcome: Sendable {
        var created = 0
        var issues: [RowIssue] = []
    }

    /// Writes one batch: rows whose lookups name missing records are reported, the rest inserted
    /// in one transaction; a unique clash falls back to row by row to find the rows at fault.
    static func store(_ batch: [(line: Int, record: Record)], service: RecordService, load: (any BulkRecordLoad)?) async throws -> BatchOutcome {
        var outcome = BatchOutcome()
        var rows = batch
        let missing = try await service.missingReferences(rows.map(\.record))
        if !missing.isEmpty {
            for (index, issues) in missing.sorted(by: { $0.key < $1.key }) {
                for issue in issues { outcome.issues.append(RowIssue(line: rows[index].line, field: issue.field, message: issue.message)) }
            }
            rows = rows.enumerated().filter { missing[$0.offset] == nil }.map(\.element)
        }
        guard !rows.isEmpty else { return outcome }
        do {
            if let load { _ = try await load.insert(rows.map(\.record)) } else { _ = try await service.repository.insert(rows.map(\.record)) }
            outcome.created += rows.count
        } catch RecordError.duplicate {
            for row in rows {
                do {
                    if let load { _ = try await load.insert([row.record]) } else { _ = try await service.repository.insert([row.record]) }
                    outcome.created += 1
                } catch let error as RecordError {
                    outcome.issues.append(RowIssue(line: row.line, field: nil, message: error.description))
                }
            }
        }
        return outcome
    }

    private mutating func note(_ issue: RowIssue) {
        if report.issues.count < Self.maximumListedIssues { report.issues.append(issue) } else { report.unlistedIssues += 1 }
    }
}

/// Why an import stopped.
public enum CSVImportError: Error, CustomStringConvertible {
    /// The header names unknown or repeated columns; nothing was imported.
    case header([FieldIssue])
    /// The file is not valid CSV at some line; rows before it in committed batches stay.
    case malformed(CSVError, report: CSVImport.Report)

    public var description: String {
        switch self {
        case .header(let issues): "the header is wrong, nothing was imported: " + issues.map(\.description).joined(separator: "; ")
        case .malformed(let error, let report): "the file is not valid CSV at \(error); \(report.created) rows were imported before it"
        }
    }
}
