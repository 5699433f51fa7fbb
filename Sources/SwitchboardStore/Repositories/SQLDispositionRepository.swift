import SQLKit
public import SwitchboardCore

/// Dispositions in `sb_disposition`, one row per label with its position in the list.
public struct SQLDispositionRepository: DispositionRepository {
    let database: Database

    public init(database: Database) { self.database = database }

    public func dispositions(callCenter: RecordID) async throws -> [String] {
        try await database.withConnection { db in
            try await db.select().column("label").from("sb_disposition").where("call_center_id", .equal, SQLBind(callCenter.rawValue))
                .orderBy("position").all().map { try $0.decode(column: "label", as: String.self) }
        }
    }

    public func replaceDispositions(callCenter: RecordID, with labels: [String]) async throws {
        try await database.transaction { db in
            try await db.delete(from: "sb_disposition").where("call_center_id", .equal, SQLBind(callCenter.rawValue)).run()
            guard !labels.isEmpty else { return }
            let insert = db.insert(into: "sb_disposition").columns("call_center_id", "position", "label")
            for (i, label) in labels.enumerated() { insert.values(SQLBind(callCenter.rawValue), SQLBind(Int64(i)), SQLBind(label)) }
            try await insert.run()
        }
    }

    public func afterCallWorkSeconds(callCenter: RecordID) async throws -> Int64? {
        try await database.withPointReads { db in
            try await db.select().column("after_call_work_seconds").from("sb_wrap_up").where("call_center_id", .equal, SQLBind(callCenter.rawValue))
                .first()?.decode(column: "after_call_work_seconds", as: Int64.self)
        }
    }

    public func setAfterCallWorkSeconds(_ seconds: Int64, callCenter: RecordID) async throws {
        try await database.transaction { db in
            try await db.delete(from: "sb_wrap_up").where("call_center_id", .equal, SQLBind(callCenter.rawValue)).run()
            try await db.insert(into: "sb_wrap_up").columns("call_center_id", "after_call_work_seconds").values(SQLBind(callCenter.rawValue), SQLBind(seconds)).run()
        }
    }
}
