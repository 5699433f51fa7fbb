import SQLKit
import SwitchboardCore

/// Creates each object's table, adds columns for fields added to the schema since, and creates the
/// indexes the repositories rely on. Additive and idempotent, so a new field in the core schema
/// needs no hand-written migration; renames and removals still do.
struct ObjectTableSync {
    let backend: Database.Backend

    func sync(_ objects: [ObjectSchema], on db: any SQLDatabase) async throws {
        for object in objects {
            let existing = try await columns(of: object.table, on: db)
            if existing.isEmpty {
                let columns = object.fields.map { field in
                    field.name == "Id" ? "id \(SQLTypes.text(backend)) PRIMARY KEY" : "\(field.column) \(columnType(field))"
                }
                try await db.raw("CREATE TABLE \(ident: object.table) (\(unsafeRaw: columns.joined(separator: ", ")))").run()
            } else {
                for field in object.fields where !existing.contains(field.column) {
                    try await db.raw("ALTER TABLE \(ident: object.table) ADD COLUMN \(ident: field.column) \(unsafeRaw: columnType(field))").run()
                }
            }
            for field in object.fields {
                let index = "\(object.table)_\(field.column)"
                if field.unique {
                    try await db.raw("CREATE UNIQUE INDEX IF NOT EXISTS \(ident: index) ON \(ident: object.table) (lower(\(ident: field.column)))").run()
                } else if field.indexed && SQLValues.comparesIgnoringCase(field) {
                    // Text filters compare lower(column), so that is what the index holds.
                    try await db.raw("CREATE INDEX IF NOT EXISTS \(ident: index) ON \(ident: object.table) (lower(\(ident: field.column)))").run()
                } else if case .reference = field.type, !Self.unindexedAuditFields.contains(field.name) {
                    try await db.raw("CREATE INDEX IF NOT EXISTS \(ident: index) ON \(ident: object.table) (\(ident: field.column))").run()
                } else if field.indexed || field.name == object.nameField || field.name == "LastModifiedDate" {
                    try await db.raw("CREATE INDEX IF NOT EXISTS \(ident: index) ON \(ident: object.table) (\(ident: field.column))").run()
                }
            }
            if object.fields.contains(where: { if case .autoNumber = $0.type { true } else { false } }) {
                let exists = try await db.select().column("object").from("sb_autonumber").where("object", .equal, object.name).first()
                if exists == nil {
                    try await db.insert(into: "sb_autonumber").columns("object", "last_value").values(SQLBind(object.name), SQLBind(Int64(0))).run()
                }
            }
        }
    }

    /// Who created and last changed a record are shown, not searched; an index on each would cost
    /// every insert (a call log writes two records) for a lookup only a user's deletion makes.
    static let unindexedAuditFields: Set<String> = ["CreatedById", "LastModifiedById"]

    private func columnType(_ field: FieldSchema) -> String {
        switch field.type.storage {
        case .text: SQLTypes.text(backend)
        case .integer: SQLTypes.integer(backend)
        case .double: SQLTypes.double(backend)
        }
    }

    private func columns(of table: String, on db: any SQLDatabase) async throws -> Set<String> {
        switch backend {
        case .sqlite:
            let rows = try await db.raw("PRAGMA table_info(\(ident: table))").all()
            return Set(try rows.map { try $0.decode(column: "name", as: String.self) })
        case .postgres:
            let rows = try await db.raw("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = \(bind: table)").all()
            return Set(try rows.map { try $0.decode(column: "column_name", as: String.self) })
        }
    }
}
