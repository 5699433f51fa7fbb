import SQLKit
public import SwitchboardCore

/// saveLog's duplicate check as one statement over both tables, for many keys at once (it runs
/// for every call logged; `LookupBatcher` gathers the keys of logs arriving together).
public struct SQLCallLogLookup: CallLogLookup {
    let database: Database

    public init(database: Database) { self.database = database }

    public func earlierLogs(keys: Set<String>) async throws -> [String: EarlierLog] {
        guard !keys.isEmpty else { return [:] }
        let lowered = Array(Set(keys.map { $0.lowercased() }))
        let task = StandardObjects.task.table, call = StandardObjects.voiceCall.table
        var found: [String: EarlierLog] = [:]
        for start in stride(from: 0, to: lowered.count, by: 500) {
            let chunk = lowered[start..<min(lowered.count, start + 500)]
            let list = SQLList(chunk.map { SQLBind($0) })
            // Each half uses its lower(column) index; the oldest record per key wins, as in a list sorted by CreatedDate.
            let rows = try await database.withConnection { db in
                try await db.raw("""
                    SELECT 'task' AS kind, lower(callobject) AS k, id, NULL AS activity, createddate FROM \(ident: task) WHERE lower(callobject) IN (\(list))
                    UNION ALL
                    SELECT 'call' AS kind, lower(vendorcallkey) AS k, id, activityid AS activity, createddate FROM \(ident: call) WHERE lower(vendorcallkey) IN (\(list))
                    ORDER BY createddate, id
                    """).all()
            }
            for row in rows {
                let key = try row.decode(column: "k", as: String.self)
                let id = RecordID(unchecked: try row.decode(column: "id", as: String.self))
                var entry = found[key] ?? EarlierLog()
                if try row.decode(column: "kind", as: String.self) == "task" {
                    if entry.taskID == nil { entry.taskID = id }
                } else if entry.callID == nil {
                    entry.callID = id
                    entry.callActivityID = try row.decode(column: "activity", as: String?.self).map(RecordID.init(unchecked:))
                }
                found[key] = entry
            }
        }
        return found
    }
}
