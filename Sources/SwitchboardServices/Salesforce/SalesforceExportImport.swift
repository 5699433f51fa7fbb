public import SwitchboardCore

/// Imports a Salesforce data export (CSV files as Data Loader or the weekly export writes them:
/// Salesforce ids and field API names) for Accounts, Contacts, Leads and Tasks, keeping the
/// original ids so lookups between the records survive. All or nothing: every file is read and
/// checked first, then everything is written in one transaction.
public struct SalesforceExportImport: Sendable {
    /// The objects an export may hold, in the order they are written (lookups point backwards).
    public static let objects: [ObjectSchema] = [StandardObjects.account, StandardObjects.contact, StandardObjects.lead, StandardObjects.caseObject, StandardObjects.task]

    /// One file of the export.
    public struct File: Sendable {
        public var object: ObjectSchema
        /// The file's name, for messages.
        public var name: String
        public var bytes: [UInt8]
        public init(object: ObjectSchema, name: String, bytes: [UInt8]) {
            self.object = object
            self.name = name
            self.bytes = bytes
        }
    }

    /// What one file gave.
    public struct FileReport: Sendable, Hashable {
        public var object: String
        public var file: String
        public var rows = 0
        public var imported = 0
        /// Rows whose id Switchboard already has (an earlier import): left as they are.
        public var alreadyThere = 0
        /// Columns Switchboard has no field for, or computes itself.
        public var ignoredColumns: [String] = []
        /// Owners and creators not in Switchboard, replaced by the importing user.
        public var ownersReplaced = 0
        /// Lookups to objects Switchboard does not keep (Opportunity…), cleared.
        public var linksToOtherObjects = 0
        /// Lookups to records in neither the export nor Switchboard, cleared (only with `clearMissingLinks`).
        public var missingLinksCleared = 0
    }

    /// The import was refused; nothing was written. Each issue names the file, line and field.
    public struct Refused: Error, Sendable, CustomStringConvertible {
        public struct Issue: Sendable, Hashable {
            public var file: String
            public var line: Int?
            public var field: String?
            public var message: String
        }
        public var issues: [Issue]
        public var unlisted: Int
        public var description: String {
            let lines = issues.map { "\($0.file)\($0.line.map { " line \($0)" } ?? "")\($0.field.map { ", \($0)" } ?? ""): \($0.message)" }
            return "The export was not imported; nothing was written.\n" + lines.joined(separator: "\n")
                + (unlisted > 0 ? "\n… and \(unlisted) more problems" : "")
        }
    }

    static let maximumListedIssues = 200
    /// Columns the import sets itself from the export rather than through validation.
    static let systemColumns: Set<String> = ["id", "createddate", "lastmodifieddate", "createdbyid", "lastmodifiedbyid", "ownerid", "completeddatetime", "closeddate"]
    /// Read-only closing times an export carries that derivation would otherwise set to the import's time.
    static let historyColumns = ["CompletedDateTime", "ClosedDate"]

    let records: RecordService
    let clock: any WallClock

    public init(records: RecordService, clock: any WallClock) {
        self.records = records
        self.clock = clock
    }

    /// Checks and imports the files (any order; written Accounts, Contacts, Leads, Cases, Tasks).
    /// - Parameters:
    ///   - clearMissingLinks: clear lookups to records found neither in the export nor in
    ///     Switchboard, instead of refusing the import.
    ///   - progress: told what is happening, for the CLI.
    /// - Throws: `Refused` with every problem; `AuthError.forbidden` for non-admins.
    public func run(_ files: [File], clearMissingLinks: Bool = false, by principal: Principal,
                    progress: @Sendable (String) -> Void = { _ in }) async throws -> [FileReport] {
        for object in Self.objects { try records.authorize(principal, .importCSV, object) }
        var issues: [Refused.Issue] = []
        var unlisted = 0
        func problem(_ file: String, _ line: Int?, _ field: String?, _ message: String) {
            if issues.count < Self.maximumListedIssues { issues.append(.init(file: file, line: line, field: field, message: message)) } else { unlisted += 1 }
        }
        let ordered = files.sorted { a, b in
            (Self.objects.firstIndex(of: a.object) ?? 99) < (Self.objects.firstIndex(of: b.object) ?? 99)
        }
        var seenObjects: Set<String> = []
        for file in ordered where !seenObjects.insert(file.object.name).inserted {
            problem(file.name, nil, nil, "a second file of \(file.object.name) records; give one file per object")
        }

        // Read every file.
        var parsed: [(file: File, report: FileReport, rows: [(line: Int, record: Record)])] = []
        var allUsers: Set<RecordID> = []
        var importedIDs: Set<RecordID> = []
        for file in ordered {
            progress("reading \(file.name) (\(file.object.name))")
            var (report, rows) = read(file, problem: problem)
            for (line, record) in rows where !importedIDs.insert(record.id).inserted {
                problem(file.name, line, "Id", "\(record.id.eighteen) appears twice in the export")
            }
            for (_, record) in rows {
                for name in ["OwnerId", "CreatedById", "LastModifiedById"] { if case .id(let id) = record[name] { allUsers.insert(id) } }
            }
            report.rows = rows.count
            parsed.append((file, report, rows))
        }

        // Owners that are Switchboard users stay; others become the importing user.
        let knownUsers = try await records.repository.existingIDs(allUsers)
        let existing = try await records.repository.existingIDs(importedIDs)
        var wanted: Set<RecordID> = []
        for entry in parsed {
            for (_, record) in entry.rows {
                for field in record.object.fields where !Self.systemColumns.contains(field.column) {
                    if case .reference = field.type, case .id(let id) = record.values[field.name], !importedIDs.contains(id) { wanted.insert(id) }
                }
            }
        }
        let linkable = try await records.repository.existingIDs(wanted).union(importedIDs)
        var groups: [[Record]] = []
        let now = clock.now()
        for index in parsed.indices {
            let file = parsed[index].file
            var report = parsed[index].report
            var keep: [Record] = []
            for (line, var record) in parsed[index].rows {
                if existing.contains(record.id) { report.alreadyThere += 1; continue }
                for name in ["OwnerId", "CreatedById", "LastModifiedById"] {
                    if case .id(let id) = record[name], knownUsers.contains(id) { continue }
                    if name == "OwnerId" { report.ownersReplaced += 1 }
                    record[name] = .id(principal.userID)
                }
                for field in record.object.fields where !Self.systemColumns.contains(field.column) {
                    guard case .reference = field.type, case .id(let id) = record.values[field.name], !linkable.contains(id) else { continue }
                    if clearMissingLinks {
                        record.values[field.name] = .null
                        report.missingLinksCleared += 1
                    } else {
                        let target = StandardObjects.withKeyPrefix(id.keyPrefix)?.name ?? "record"
                        problem(file.name, line, field.name, "points at \(target) \(id.eighteen), which is neither in the export nor in Switchboard; add its file, or run with --clear-missing-links")
                    }
                }
                if record["CreatedDate"].isNull { record["CreatedDate"] = .dateTime(now) }
                if record["LastModifiedDate"].isNull { record["LastModifiedDate"] = record["CreatedDate"] }
                // Derived fields are worked out again, as of the record's last change; a closing
                // time the export gives (CompletedDateTime, ClosedDate) is history and is kept.
                let history = Self.historyColumns.compactMap { name in record.values[name].map { (name, $0) } }
                let changed: Instant = if case .dateTime(let t) = record["LastModifiedDate"] { t } else { now }
                RecordDerivation.apply(to: &record, previous: nil, now: changed)
                for (name, value) in history where !record[name].isNull { record[name] = value }
                keep.append(record)
            }
            report.imported = keep.count
            parsed[index].report = report
            groups.append(keep)
        }
        if !issues.isEmpty { throw Refused(issues: issues, unlisted: unlisted) }
        progress("writing \(groups.reduce(0) { $0 + $1.count }) records in one transaction")
        _ = try await records.repository.insert(groups: groups)
        return parsed.map(\.report)
    }

    /// Reads one file into records (not yet stored), reporting bad rows through `problem`.
    func read(_ file: File, problem: (String, Int?, String?, String) -> Void) -> (FileReport, [(line: Int, record: Record)]) {
        var report = FileReport(object: file.object.name, file: file.name)
        var reader = CSVReader()
        var rows: [CSVReader.Row]
        do {
            rows = try reader.feed(file.bytes)
            if let last = try reader.finish() { rows.append(last) }
        } catch {
            problem(file.name, error.line, nil, "is not valid CSV: \(error)")
            return (report, [])
        }
        guard let header = rows.first else {
            problem(file.name, nil, nil, "is empty; the first line must name the columns")
            return (report, [])
        }
        let object = file.object
        var columns: [FieldSchema?] = []
        for name in header.fields {
            let field = object.field(named: name.trimmingSpaces)
            // Fields Switchboard works out itself (Name of a person, IsClosed…) come from the other columns.
            if let field, !field.readOnly || Self.systemColumns.contains(field.column) {
                columns.append(field)
            } else {
                report.ignoredColumns.append(name)
                columns.append(nil)
            }
        }
        guard let idColumn = columns.firstIndex(where: { $0?.name == "Id" }) else {
            problem(file.name, 1, "Id", "the export has no Id column; export with the Id field so links between records survive")
            return (report, [])
        }
        let validator = RecordValidator(object: object)
        var records: [(line: Int, record: Record)] = []
        for row in rows.dropFirst() where !(row.fields.count == 1 && row.fields[0].isEmpty) {
            let idText = row.fields.indices.contains(idColumn) ? row.fields[idColumn].trimmingSpaces : ""
            guard let id = try? RecordID(parsing: idText), id.keyPrefix == object.keyPrefix else {
                problem(file.name, row.line, "Id", "'\(idText)' is not a \(object.name) id (\(object.keyPrefix)…, 15 or 18 characters)")
                continue
            }
            var input: [(FieldSchema, RawValue)] = []
            var system: [String: FieldValue] = [:]
            for (i, field) in columns.enumerated() {
                guard let field, field.name != "Id", i < row.fields.count else { continue }
                let cell = row.fields[i]
                if Self.systemColumns.contains(field.column) {
                    guard !cell.trimmingSpaces.isEmpty else { continue }
                    switch FieldCoercion.coerce(.string(cell), to: FieldSchema(field.name, field.type)) {
                    case .success(let value): system[field.name] = value
                    case .failure(let issue): problem(file.name, row.line, field.name, issue.message)
                    }
                    continue
                }
                if case .reference(let targets) = field.type, let linked = try? RecordID(parsing: cell.trimmingSpaces),
                   !targets.contains(where: { StandardObjects.named($0)?.keyPrefix == linked.keyPrefix }) {
                    // A lookup to an object Switchboard does not keep (an Opportunity…).
                    report.linksToOtherObjects += 1
                    continue
                }
                input.append((field, cell.isEmpty ? .null : .string(cell)))
            }
            switch validator.checkCreate(resolved: input) {
            case .failure(let error):
                for issue in error.issues { problem(file.name, row.line, issue.field, issue.message) }
            case .success(let checked):
                var values = checked.values
                for (name, value) in system { values[name] = value }
                values["Id"] = .id(id)
                records.append((row.line, Record(object: object, id: id, values: values)))
            }
        }
        return (report, records)
    }
}
