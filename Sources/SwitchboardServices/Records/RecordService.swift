import Logging
public import SwitchboardCore

/// The use cases on records: every read and write goes through here, so validation, derived
/// fields, lookups and permissions are the same for the REST API, CSV imports and the CLI.
public struct RecordService: Sendable {
    public let repository: any RecordRepository
    let ids: any IDGenerator
    let clock: any WallClock

    public init(repository: any RecordRepository, ids: any IDGenerator, clock: any WallClock) {
        self.repository = repository
        self.ids = ids
        self.clock = clock
    }

    /// The object with this API name (any case).
    /// - Throws: `RecordError.unknownObject`.
    public func object(named name: String) throws -> ObjectSchema {
        guard let object = StandardObjects.named(name) else { throw RecordError.unknownObject(name) }
        return object
    }

    /// Checks that `principal` may do `action` to records of `object`.
    public func authorize(_ principal: Principal, _ action: RecordAction, _ object: ObjectSchema) throws {
        let needs = action.minimumRole(for: object)
        guard principal.role >= needs else {
            throw AuthError.forbidden(action: "\(action.rawValue) on \(object.name)", needs: needs, has: principal.role)
        }
    }

    /// Creates one record from raw input.
    /// - Throws: `RecordValidationError` listing every bad field, `RecordError.missingReferences`,
    ///   `RecordError.duplicate`, `AuthError.forbidden`.
    public func create(_ object: ObjectSchema, _ input: [(String, RawValue)], by principal: Principal) async throws -> Record {
        try await create(object, input, extraFields: .reject, by: principal).record
    }

    /// Creates one record; with `.ignore`, fields the object lacks or that are read-only are
    /// dropped and returned as warnings instead of refusing the input (saveLog, §1.7.3).
    public func create(
        _ object: ObjectSchema, _ input: [(String, RawValue)], extraFields: RecordValidator.ExtraFieldPolicy, by principal: Principal
    ) async throws -> (record: Record, warnings: [FieldIssue]) {
        let prepared = try prepareCreate(object, input, extraFields: extraFields, by: principal)
        return (try await insertPrepared([prepared])[0], prepared.warnings)
    }

    /// A new record checked and built (id, owner, derived fields) but not yet stored.
    public struct PreparedRecord: Sendable {
        public var record: Record
        public var warnings: [FieldIssue]
        /// The fields the caller gave; only their lookups are checked (defaults are known good).
        public var givenFields: Set<String>
    }

    /// Checks an input and builds the record it would create, without storing it.
    /// - Throws: `RecordValidationError`, `AuthError.forbidden`.
    public func prepareCreate(
        _ object: ObjectSchema, _ input: [(String, RawValue)], extraFields: RecordValidator.ExtraFieldPolicy = .reject, by principal: Principal
    ) throws -> PreparedRecord {
        try authorize(principal, .create, object)
        let checked = try RecordValidator(object: object).checkCreate(input, extraFields: extraFields).get()
        var record = newRecord(object, checked.values, by: principal)
        RecordDerivation.apply(to: &record, previous: nil, now: clock.now())
        return PreparedRecord(record: record, warnings: checked.warnings, givenFields: Set(checked.values.keys))
    }

    /// Stores prepared records in one transaction, in order (a record may point at one before
    /// it); their lookups must name stored records or records of this call.
    /// - Parameter alongWith: other writes stored in the same transaction (all or none).
    /// - Throws: `RecordError.missingReferences`, `RecordError.duplicate`.
    public func insertPrepared(_ prepared: [PreparedRecord], alongWith: (@Sendable ([Record]) async throws -> Void)? = nil) async throws -> [Record] {
        let inserting = Set(prepared.map(\.record.id))
        var wanted: Set<RecordID> = []
        for p in prepared {
            for field in p.record.object.fields where !field.readOnly && p.givenFields.contains(field.name) {
                if case .reference = field.type, case .id(let id)? = p.record.values[field.name], !inserting.contains(id),
                   StandardObjects.withKeyPrefix(id.keyPrefix) != nil { wanted.insert(id) }
            }
        }
        let found = wanted.isEmpty ? [] : try await repository.existingIDs(wanted)
        for p in prepared {
            var issues: [FieldIssue] = []
            for field in p.record.object.fields where !field.readOnly && p.givenFields.contains(field.name) {
                guard case .reference = field.type, case .id(let id)? = p.record.values[field.name], wanted.contains(id), !found.contains(id) else { continue }
                issues.append(FieldIssue(field: field.name, message: "no \(StandardObjects.withKeyPrefix(id.keyPrefix)?.name ?? "record") with id \(id)"))
            }
            if !issues.isEmpty { throw RecordError.missingReferences(issues) }
        }
        // Consecutive records of one object go in one statement.
        var groups: [[Record]] = []
        for p in prepared {
            if let last = groups.last?.last, last.object == p.record.object { groups[groups.count - 1].append(p.record) } else { groups.append([p.record]) }
        }
        guard let alongWith else { return try await repository.insert(groups: groups).flatMap { $0 } }
        let (repository, grouped) = (repository, groups)
        return try await repository.inOneTransaction {
            let stored = try await repository.insert(groups: grouped).flatMap { $0 }
            try await alongWith(stored)
            return stored
        }
    }

    /// Creates many records of one object in one transaction: all are stored, or none.
    /// - Throws: `RecordValidationError` for the first bad input, its fields prefixed `[row]`.
    public func createMany(_ object: ObjectSchema, _ inputs: [[(String, RawValue)]], by principal: Principal) async throws -> [Record] {
        try authorize(principal, .create, object)
        let validator = RecordValidator(object: object)
        var records: [Record] = []
        records.reserveCapacity(inputs.count)
        for (row, input) in inputs.enumerated() {
            switch validator.checkCreate(input) {
            case .failure(let error):
                throw RecordValidationError(object: object.name, issues: error.issues.map { FieldIssue(field: "[\(row)].\($0.field)", message: $0.message) })
            case .success(let checked):
                var record = newRecord(object, checked.values, by: principal)
                RecordDerivation.apply(to: &record, previous: nil, now: clock.now())
                records.append(record)
            }
        }
        try await checkReferences(records, only: Set(inputs.flatMap { $0.compactMap { object.field(named: $0.0)?.name } }))
        return try await repository.insert(records)
    }

    /// Builds a new record with its id, owner and audit fields, before derivation.
    func newRecord(_ object: ObjectSchema, _ values: [String: FieldValue], by principal: Principal) -> Record {
        let id = ids.makeID(keyPrefix: object.keyPrefix)
        let now = FieldValue.dateTime(clock.now())
        var values = values
        values["Id"] = .id(id)
        values["CreatedDate"] = now
        values["LastModifiedDate"] = now
        values["CreatedById"] = .id(principal.userID)
        values["LastModifiedById"] = .id(principal.userID)
        if values["OwnerId"]?.isNull ?? true { values["OwnerId"] = .id(principal.userID) }
        return Record(object: object, id: id, values: values)
    }

    /// Reads one record.
    /// - Throws: `RecordError.notFound`, `.wrongObject`, `AuthError.forbidden`.
    public func get(_ object: ObjectSchema, id text: String, by principal: Principal) async throws -> Record {
        try authorize(principal, .read, object)
        let id = try parseID(text, of: object)
        guard let record = try await repository.find(object, id: id) else { throw RecordError.notFound(object: object.name, id: text) }
        return record
    }

    /// Changes the given fields of a record; the others keep their values.
    /// - Parameter alongWith: other writes stored in the same transaction as the change (all or none).
    public func update(_ object: ObjectSchema, id text: String, _ input: [(String, RawValue)], by principal: Principal,
                       alongWith: (@Sendable (Record) async throws -> Void)? = nil) async throws -> Record {
        try await update(object, id: text, input, extraFields: .reject, by: principal, alongWith: alongWith).record
    }

    /// Changes the given fields; with `.ignore`, unknown and read-only fields become warnings.
    /// - Parameter alongWith: other writes stored in the same transaction as the change (all or none).
    public func update(
        _ object: ObjectSchema, id text: String, _ input: [(String, RawValue)], extraFields: RecordValidator.ExtraFieldPolicy, by principal: Principal,
        alongWith: (@Sendable (Record) async throws -> Void)? = nil
    ) async throws -> (record: Record, warnings: [FieldIssue]) {
        try authorize(principal, .update, object)
        let id = try parseID(text, of: object)
        guard let existing = try await repository.find(object, id: id) else { throw RecordError.notFound(object: object.name, id: text) }
        let checked = try RecordValidator(object: object).checkUpdate(input, existing: existing, extraFields: extraFields).get()
        var record = existing
        for (name, value) in checked.values { record[name] = value }
        record["LastModifiedDate"] = .dateTime(clock.now())
        record["LastModifiedById"] = .id(principal.userID)
        // A lookup given again with the value it has was checked when it was stored (deleting its
        // target clears it); only new values are looked up.
        try await checkReferences([record], only: Set(checked.values.keys.filter { checked.values[$0] != existing.values[$0] }))
        RecordDerivation.apply(to: &record, previous: existing, now: clock.now())
        let changed = Set(record.values.keys.filter { record.values[$0] != existing.values[$0] })
        if let alongWith {
            // Only the writes hold the transaction: what was read and checked above is not in it.
            let (repository, updated) = (repository, record)
            try await repository.inOneTransaction {
                try await repository.update(updated, fields: changed)
                try await alongWith(updated)
            }
        } else {
            try await repository.update(record, fields: changed)
        }
        return (record, checked.warnings)
    }

    /// Deletes a record; lookups to it are cleared.
    public func delete(_ object: ObjectSchema, id text: String, by principal: Principal) async throws {
        try authorize(principal, .delete, object)
        let id = try parseID(text, of: object)
        guard try await repository.delete(object, id: id) else { throw RecordError.notFound(object: object.name, id: text) }
    }

    /// One page of records.
    public func list(_ object: ObjectSchema, _ query: RecordQuery, by principal: Principal) async throws -> RecordPage {
        try authorize(principal, .read, object)
        return try await repository.list(object, query: query)
    }

    /// Parses an id and checks it is one of `object`'s.
    public func parseID(_ text: String, of object: ObjectSchema) throws -> RecordID {
        let id: RecordID
        do { id = try RecordID(parsing: text) } catch { throw RecordError.notFound(object: object.name, id: text) }
        guard id.keyPrefix == object.keyPrefix else { throw RecordError.wrongObject(id: text, expected: object.name) }
        return id
    }

    /// Checks that lookup fields name stored records; returns the issues per record index.
    func missingReferences(_ records: [Record], only: Set<String>? = nil) async throws -> [Int: [FieldIssue]] {
        var wanted: Set<RecordID> = []
        for record in records {
            for field in record.object.fields where !field.readOnly && (only?.contains(field.name) ?? true) {
                if case .reference = field.type, case .id(let id)? = record.values[field.name] { wanted.insert(id) }
            }
        }
        guard !wanted.isEmpty else { return [:] }
        // Ids of objects stored elsewhere (call centers, for now) are not checked here.
        let checkable = wanted.filter { StandardObjects.withKeyPrefix($0.keyPrefix) != nil }
        let found = try await repository.existingIDs(checkable)
        var issues: [Int: [FieldIssue]] = [:]
        for (index, record) in records.enumerated() {
            for field in record.object.fields where !field.readOnly && (only?.contains(field.name) ?? true) {
                guard case .reference = field.type, case .id(let id)? = record.values[field.name], checkable.contains(id), !found.contains(id) else { continue }
                let target = StandardObjects.withKeyPrefix(id.keyPrefix)?.name ?? "record"
                issues[index, default: []].append(FieldIssue(field: field.name, message: "no \(target) with id \(id)"))
            }
        }
        return issues
    }

    private func checkReferences(_ records: [Record], only: Set<String>? = nil) async throws {
        let issues = try await missingReferences(records, only: only)
        if let first = issues.values.first { throw RecordError.missingReferences(first) }
    }
}
