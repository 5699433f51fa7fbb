import SQLKit
public import SwitchboardCore

/// The phone index (`sb_phone_index`): written in the same transaction as the records, so a
/// record is found by its number the moment it is saved.
extension SQLRecordRepository {
    /// Objects whose phone fields are indexed: the ones screen pop searches.
    static func isIndexed(_ object: ObjectSchema) -> Bool {
        StandardObjects.searchable.contains(object.name) && !object.phoneFields.isEmpty
    }

    func indexPhones(_ records: [Record], on db: any SQLDatabase) async throws {
        guard let object = records.first?.object, Self.isIndexed(object) else { return }
        var rows: [[any SQLExpression]] = []
        for record in records {
            for entry in phoneIndexing.entries(for: record) {
                rows.append([SQLBind(record.id.rawValue), SQLBind(entry.field), SQLBind(object.name), SQLBind(entry.national),
                             entry.e164.map { SQLBind($0) } ?? SQLBind(String?.none)])
            }
        }
        for start in stride(from: 0, to: rows.count, by: 5_000) {
            let insert = db.insert(into: "sb_phone_index").columns("record_id", "field", "object", "national", "e164")
            for row in rows[start..<min(start + 5_000, rows.count)] { insert.values(row) }
            try await insert.run()
        }
    }

    func reindexPhones(_ record: Record, fields: Set<String>, on db: any SQLDatabase) async throws {
        guard Self.isIndexed(record.object) else { return }
        let changed = record.object.phoneFields.filter { fields.contains($0.name) }
        guard !changed.isEmpty else { return }
        try await db.delete(from: "sb_phone_index").where("record_id", .equal, SQLBind(record.id.rawValue))
            .where("field", .in, SQLBind.group(changed.map(\.name))).run()
        for field in changed {
            guard let text = record[field.name].textValue, let entry = phoneIndexing.entry(field: field.name, text: text) else { continue }
            try await db.insert(into: "sb_phone_index").columns("record_id", "field", "object", "national", "e164")
                .values(SQLBind(record.id.rawValue), SQLBind(entry.field), SQLBind(record.object.name), SQLBind(entry.national),
                        entry.e164.map { SQLBind($0) } ?? SQLBind(String?.none)).run()
        }
    }

    func unindexPhones(_ id: RecordID, on db: any SQLDatabase) async throws {
        try await db.delete(from: "sb_phone_index").where("record_id", .equal, SQLBind(id.rawValue)).run()
    }

    public func phoneMatches(national: String, objects: [ObjectSchema]) async throws -> [PhoneIndexHit] {
        guard !objects.isEmpty else { return [] }
        return try await database.withConnection { db in
            try await db.select().columns("record_id", "field", "object", "e164").from("sb_phone_index")
                .where("national", .equal, SQLBind(national)).where("object", .in, SQLBind.group(objects.map(\.name)))
                .orderBy("object").orderBy("record_id").orderBy("field").limit(500).all()
                .map { row in
                    PhoneIndexHit(id: RecordID(unchecked: try row.decode(column: "record_id", as: String.self)),
                                  object: try row.decode(column: "object", as: String.self),
                                  field: try row.decode(column: "field", as: String.self),
                                  e164: try row.decode(column: "e164", as: String?.self))
                }
        }
    }

    /// Rebuilds the index when it was built for another default country (or never), telling
    /// `progress` how far it is. Run after migrating; cheap when nothing changed.
    public func ensurePhoneIndex(country: String, progress: @Sendable (String) -> Void = { _ in }) async throws {
        let current = try await database.withConnection { db in
            try await db.select().column("value").from("sb_setting").where("key", .equal, SQLBind("phone.indexCountry")).first()?
                .decode(column: "value", as: String.self)
        }
        guard current != country.uppercased() else { return }
        try await database.withConnection { db in try await db.delete(from: "sb_phone_index").run() }
        for object in StandardObjects.all where Self.isIndexed(object) {
            let total = try await count(object)
            var done = 0
            var after: RecordID? = nil
            while true {
                let batch = try await scan(object, after: after, limit: 2_000)
                if batch.isEmpty { break }
                try await database.transaction { db in try await indexPhones(batch, on: db) }
                done += batch.count
                after = batch.last?.id
                progress("phone index: \(object.name) \(done)/\(total)")
            }
        }
        try await database.transaction { db in
            try await db.delete(from: "sb_setting").where("key", .equal, SQLBind("phone.indexCountry")).run()
            try await db.insert(into: "sb_setting").columns("key", "value").values(SQLBind("phone.indexCountry"), SQLBind(country.uppercased())).run()
        }
    }
}
