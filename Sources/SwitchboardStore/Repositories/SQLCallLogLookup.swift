import SQLKit
public import SwitchboardCore

/// The saveLog duplicate check as one statement over both tables (it runs for every call logged).
public struct SQLCallLogLookup: CallLogLookup {
    let database: Database

    public init(database: Database) { self.database = database }

    public func earlierLog(key: String) async throws -> (taskID: RecordID?, callID: RecordID?, callActivityID: RecordID?) {
        let lowered = key.lowercased()
        let task = StandardObjects.task.table, call = StandardObjects.voiceCall.table
        // Each half uses its lower(column) index; the oldest record of each wins, as in a list sorted by CreatedDate.
        let rows = try await database.withConnection { db in
            try await db.raw("""
                SELECT * FROM (SELECT 'task' AS kind, id, NULL AS activity FROM \(ident: task) WHERE lower(callobject) = \(bind: lowered)
                  ORDER BY createddate, id LIMIT 1) AS t
                UNION ALL
                SELECT * FROM (SELECT 'call' AS kind, id, activityid AS activity FROM \(ident: call) WHERE lower(vendorcallkey) = \(bind: lowered)
                  ORDER BY createddate, id LIMIT 1) AS c
                """).all()
        }
        var result: (taskID: RecordID?, callID: RecordID?, callActivityID: RecordID?) = (nil, nil, nil)
        for row in rows {
            let id = RecordID(unchecked: try row.decode(column: "id", as: String.self))
            if try row.decode(column: "kind", as: String.self) == "task" { result.taskID = id } else {
                result.callID = id
                result.callActivityID = try row.decode(column: "activity", as: String?.self).map(RecordID.init(unchecked:))
            }
        }
        return result
    }
}
