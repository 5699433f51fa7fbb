public import SwitchboardCore

extension CallLogService {
    /// One entry of a record's timeline.
    public struct TimelineEntry: Sendable {
        /// A VoiceCall or a Task.
        public var record: Record
        /// When it happened: a call's start, a task's completion (or creation).
        public var at: Instant
        /// For a call, its Task; for a task, its call (when linked).
        public var linkedID: RecordID?
    }

    /// The calls with a record (VoiceCalls related to it) and its tasks (WhoId or WhatId), newest first.
    public func timeline(of recordID: String, limit: Int = 50, by principal: Principal) async throws -> [TimelineEntry] {
        guard let id = try? RecordID(parsing: recordID), let object = StandardObjects.withKeyPrefix(id.keyPrefix) else {
            throw RecordError.notFound(object: "record", id: recordID)
        }
        _ = try await records.get(object, id: recordID, by: principal)
        func page(_ object: ObjectSchema, _ field: String) async throws -> [Record] {
            guard let schema = object.field(named: field), case .reference(let targets) = schema.type,
                  targets.contains(where: { StandardObjects.named($0)?.keyPrefix == id.keyPrefix }) else { return [] }
            var query = RecordQuery(filters: [FieldFilter(field: schema, op: .eq, value: .id(id))],
                                    sort: [SortKey(field: object.field(named: "CreatedDate")!, descending: true)], limit: limit)
            query.countsTotal = false
            return try await repository.list(object, query: query).records
        }
        let calls = try await page(Self.voiceCall, "RelatedRecordId")
        let tasks = try await page(Self.task, "WhoId") + page(Self.task, "WhatId")
        var callOfTask: [RecordID: RecordID] = [:]
        var entries: [TimelineEntry] = []
        for call in calls {
            let task: RecordID? = if case .id(let t) = call["ActivityId"] { t } else { nil }
            if let task { callOfTask[task] = call.id }
            let at: Instant = if case .dateTime(let t) = call["CallStartDateTime"] { t } else { Self.created(call) }
            entries.append(TimelineEntry(record: call, at: at, linkedID: task))
        }
        var seen: Set<RecordID> = []
        for task in tasks where seen.insert(task.id).inserted {
            let at: Instant = if case .dateTime(let t) = task["CompletedDateTime"] { t } else { Self.created(task) }
            entries.append(TimelineEntry(record: task, at: at, linkedID: callOfTask[task.id]))
        }
        return Array(entries.sorted { $0.at > $1.at }.prefix(limit))
    }

    static func created(_ record: Record) -> Instant {
        if case .dateTime(let t) = record["CreatedDate"] { t } else { Instant(millisecondsSince1970: 0) }
    }
}
