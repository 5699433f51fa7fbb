public import SwitchboardCore

/// `switchboard calls migrate-tasks`: turns call logs kept as Tasks (what Salesforce orgs have)
/// into VoiceCalls linked to them. Idempotent and resumable: each batch of VoiceCalls is one
/// transaction, and Tasks that already have a VoiceCall are skipped, so a rerun after an
/// interruption finishes the job without duplicates.
public struct TaskCallMigration: Sendable {
    /// How far the migration is.
    public struct Progress: Sendable, Hashable {
        /// Tasks read so far, of `totalTasks`.
        public var tasksRead = 0
        public var totalTasks = 0
        /// VoiceCalls made in this run.
        public var migrated = 0
        /// Call Tasks that already had a VoiceCall (an earlier run, or a call recorded live).
        public var alreadyLinked = 0
        /// Tasks that are not call logs.
        public var notCalls = 0
    }

    let calls: CallLogService
    let batchSize: Int

    public init(calls: CallLogService, batchSize: Int = 1000) {
        self.calls = calls
        self.batchSize = max(1, min(batchSize, RecordQuery.maximumLimit))
    }

    /// Runs the migration as `principal` (an admin), telling `progress` after every batch; if
    /// `progress` throws, the run stops there with every finished batch kept.
    public func run(by principal: Principal, progress: @Sendable (Progress) async throws -> Void = { _ in }) async throws -> Progress {
        guard principal.role >= .admin else {
            throw AuthError.forbidden(action: "migrate Task call logs", needs: .admin, has: principal.role)
        }
        let repository = calls.repository
        var state = Progress(totalTasks: try await repository.count(StandardObjects.task))
        var after: RecordID? = nil
        var callCenters: [FieldValue: RecordID?] = [:]
        while true {
            let tasks = try await repository.scan(StandardObjects.task, after: after, limit: batchSize)
            guard let last = tasks.last else { break }
            after = last.id
            state.tasksRead += tasks.count
            let callTasks = tasks.filter(CallLogService.isCallLog)
            state.notCalls += tasks.count - callTasks.count
            let linked = try await linkedTasks(among: callTasks)
            var keysInBatch: Set<String> = []
            var inputs: [[(String, RawValue)]] = []
            for task in callTasks {
                if linked.contains(task.id) { state.alreadyLinked += 1; continue }
                var key = task["CallObject"].textValue
                if let k = key {
                    // Several Tasks of one call (or a call recorded live): the first keeps the key.
                    let taken = try await calls.first(StandardObjects.voiceCall, "VendorCallKey", .text(k)) != nil
                    if !keysInBatch.insert(k.lowercased()).inserted || taken { key = nil }
                }
                let owner = task["OwnerId"]
                let callCenter: RecordID?
                if let known = callCenters[owner] { callCenter = known } else {
                    callCenter = try await calls.callCenter(ofUser: owner)
                    callCenters[owner] = callCenter
                }
                inputs.append(try CallLogService.callFields(fromTask: task, phone: nil, now: calls.clock.now(), key: key, callCenter: callCenter))
            }
            if !inputs.isEmpty {
                _ = try await calls.records.createMany(StandardObjects.voiceCall, inputs, by: principal)
                state.migrated += inputs.count
            }
            try await progress(state)
        }
        return state
    }

    /// Of these Tasks (in id order), those some VoiceCall already points at.
    func linkedTasks(among tasks: [Record]) async throws -> Set<RecordID> {
        guard let first = tasks.first, let last = tasks.last else { return [] }
        let object = StandardObjects.voiceCall
        let activity = object.field(named: "ActivityId")!
        var query = RecordQuery(filters: [
            FieldFilter(field: activity, op: .gte, value: .id(first.id)), FieldFilter(field: activity, op: .lte, value: .id(last.id)),
        ], limit: RecordQuery.maximumLimit)
        query.countsTotal = false
        var found: Set<RecordID> = []
        var offset = 0
        while true {
            query.offset = offset
            let page = try await calls.repository.list(object, query: query).records
            for call in page { if case .id(let id) = call["ActivityId"] { found.insert(id) } }
            if page.count < query.limit { break }
            offset += page.count
        }
        return found
    }
}
