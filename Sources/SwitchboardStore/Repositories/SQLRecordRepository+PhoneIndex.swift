import SQLKit
import SQLiteNIO
public import SwitchboardCore

/// The phone index (`sb_phone_index`): written in the same transaction as the records, so a
/// record is found by its number the moment it is saved.
extension SQLRecordRepository {
    /// Objects whose phone fields are indexed: the ones screen pop searches.
    static func isIndexed(_ object: ObjectSchema) -> Bool {
        StandardObjects.searchable.contains(object.name) && !object.phoneFields.isEmpty
    }

    /// The index rows of some records: their phone numbers and accent-folded names, computed
    /// before a transaction opens so the write lock is held for the inserts only.
    struct IndexRows: Sendable {
        struct Phone: Sendable {
            var key: Int64
            var recordID: String
            var field: String
            var countryCode: Int64?
        }
        struct Fold: Sendable {
            var object: String
            var folded: String
            var recordID: String
            var field: String
        }
        var phones: [Phone] = []
        var folds: [Fold] = []
    }

    func indexRows(_ records: [Record], fields only: Set<String>? = nil) -> IndexRows {
        var rows = IndexRows()
        guard let object = records.first?.object else { return rows }
        let phoneFields = Self.isIndexed(object) ? object.phoneFields.filter { only?.contains($0.name) ?? true } : []
        let foldFields = Self.foldedFields(object).filter { only?.contains($0.name) ?? true }
        for record in records {
            for field in phoneFields {
                guard let text = record[field.name].textValue, let entry = phoneIndexing.entry(field: field.name, text: text) else { continue }
                rows.phones.append(.init(key: Self.phoneKey(entry.national), recordID: record.id.rawValue, field: field.name, countryCode: Self.countryCode(entry)))
            }
            for field in foldFields {
                guard let text = record[field.name].textValue, TextFolding.needsFolding(text) else { continue }
                rows.folds.append(.init(object: object.name, folded: TextFolding.fold(text), recordID: record.id.rawValue, field: field.name))
            }
        }
        // In key order, a batch's inserts walk the b-tree once instead of jumping around it.
        rows.phones.sort { $0.key < $1.key }
        return rows
    }

    func insertIndexRows(_ rows: IndexRows, on db: any SQLDatabase) async throws {
        for start in stride(from: 0, to: rows.phones.count, by: 5_000) {
            let insert = db.insert(into: "sb_phone_index").columns("phone_key", "record_id", "field", "country_code")
            for row in rows.phones[start..<min(start + 5_000, rows.phones.count)] {
                insert.values(SQLBind(row.key), SQLBind(row.recordID), SQLBind(row.field), SQLBind(row.countryCode))
            }
            try await insert.run()
        }
        for start in stride(from: 0, to: rows.folds.count, by: 5_000) {
            let insert = db.insert(into: "sb_name_fold").columns("object", "folded", "record_id", "field")
            for row in rows.folds[start..<min(start + 5_000, rows.folds.count)] {
                insert.values(SQLBind(row.object), SQLBind(row.folded), SQLBind(row.recordID), SQLBind(row.field))
            }
            try await insert.run()
        }
    }

    /// Removes the index rows an earlier version of a record wrote (all fields, or only `fields`).
    func deleteIndexRows(of old: Record, fields only: Set<String>? = nil, on db: any SQLDatabase) async throws {
        let rows = indexRows([old], fields: only)
        for row in rows.phones {
            try await db.delete(from: "sb_phone_index").where("phone_key", .equal, SQLBind(row.key)).where("record_id", .equal, SQLBind(row.recordID))
                .where("field", .equal, SQLBind(row.field)).run()
        }
        for row in rows.folds {
            try await db.delete(from: "sb_name_fold").where("object", .equal, SQLBind(row.object)).where("folded", .equal, SQLBind(row.folded))
                .where("record_id", .equal, SQLBind(row.recordID)).where("field", .equal, SQLBind(row.field)).run()
        }
    }

    /// Whether writing `fields` of `object` touches an index.
    static func touchesIndex(_ object: ObjectSchema, fields: Set<String>) -> Bool {
        (isIndexed(object) && object.phoneFields.contains { fields.contains($0.name) }) || foldedFields(object).contains { fields.contains($0.name) }
    }

    /// The searched text fields of an object.
    static func foldedFields(_ object: ObjectSchema) -> [FieldSchema] {
        guard StandardObjects.searchable.contains(object.name) else { return [] }
        return object.fields.filter { TextFolding.searchedFields.contains($0.name) }
    }

    public func phoneMatches(national: String, objects: [ObjectSchema]) async throws -> [PhoneIndexHit] {
        guard !objects.isEmpty else { return [] }
        let wanted = Dictionary(uniqueKeysWithValues: objects.map { ($0.keyPrefix, $0.name) })
        func hit(_ row: any SQLRow) throws -> PhoneIndexHit? {
            let id = try row.decode(column: "record_id", as: String.self)
            guard let object = wanted[String(id.prefix(3))] else { return nil }
            let code = try row.decode(column: "country_code", as: Int64?.self)
            return PhoneIndexHit(id: RecordID(unchecked: id), object: object, field: try row.decode(column: "field", as: String.self),
                                 e164: code.map { "+\($0)\(national)" })
        }
        if let direct = database.direct, !database.inUnitOfWork {
            return try direct.rows("SELECT record_id, field, country_code FROM sb_phone_index WHERE phone_key = ?1 ORDER BY record_id, field LIMIT 500",
                                   [.integer(Int(Self.phoneKey(national)))]).compactMap(hit)
        }
        return try await database.withConnection { db in
            try await db.select().columns("record_id", "field", "country_code").from("sb_phone_index")
                .where("phone_key", .equal, SQLBind(Self.phoneKey(national))).orderBy("record_id").orderBy("field").limit(500).all()
                .compactMap(hit)
        }
    }

    /// The index key of a national number: its digits behind a leading 1, so leading zeros count
    /// ("0612…" and "612…" differ) and the key is a compact integer (at most 16 digits).
    static func phoneKey(_ national: String) -> Int64 {
        Int64("1" + national.prefix(17)) ?? 0
    }

    /// The country code of an entry that normalized, from its E.164 form.
    static func countryCode(_ entry: PhoneIndexing.Entry) -> Int64? {
        guard let e164 = entry.e164, e164.hasSuffix(entry.national) else { return nil }
        return Int64(e164.dropFirst().dropLast(entry.national.count))
    }

    static let indexVersionKey = "search.index"
    /// What the search indexes were built with; a change (another country, a new index) rebuilds them.
    static func indexVersion(_ country: String) -> String { "phones+folds/\(country.uppercased())" }

    /// Rebuilds the search indexes (phones, folded names) when they were built for another
    /// default country or by an older version (or never), telling
    /// `progress` how far it is. Run after migrating; cheap when nothing changed.
    public func ensurePhoneIndex(country: String, progress: @Sendable (String) -> Void = { _ in }) async throws {
        let current = try await database.withConnection { db in
            try await db.select().column("value").from("sb_setting").where("key", .equal, SQLBind(Self.indexVersionKey)).first()?
                .decode(column: "value", as: String.self)
        }
        let pending = try await database.withConnection { db in
            try await db.select().column("key").from("sb_setting").where("key", .like, SQLBind("search.index.pending.%")).all().count
        }
        guard current != Self.indexVersion(country) || pending > 0 else { return }
        try await database.withConnection { db in
            try await db.delete(from: "sb_phone_index").run()
            try await db.delete(from: "sb_name_fold").run()
        }
        for object in StandardObjects.all where Self.isIndexed(object) || !Self.foldedFields(object).isEmpty {
            let total = try await count(object)
            var done = 0
            var after: RecordID? = nil
            while true {
                let batch = try await scan(object, after: after, limit: 2_000)
                if batch.isEmpty { break }
                let rows = indexRows(batch)
                try await database.transaction { db in try await insertIndexRows(rows, on: db) }
                done += batch.count
                after = batch.last?.id
                progress("search index: \(object.name) \(done)/\(total)")
            }
        }
        try await database.transaction { db in
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind(Self.indexVersionKey)).run()
            try await db.delete(from: "sb_setting").where("key", .like, SQLBind("search.index.pending.%")).run()
            try await db.insert(into: "sb_setting").columns("key", "value").values(SQLBind(Self.indexVersionKey), SQLBind(Self.indexVersion(country))).run()
        }
    }
}
