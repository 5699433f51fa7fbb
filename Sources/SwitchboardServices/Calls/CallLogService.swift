public import SwitchboardCore

/// Call records: one VoiceCall per call, however it reached Switchboard (a phone system posting
/// it, a softphone's saveLog), its call Task linked to it, and wrap-up.
public struct CallLogService: Sendable {
    let records: RecordService
    let callCenters: CallCenterService
    let dispositionStore: any DispositionRepository
    let lookup: LookupBatcher
    let clock: any WallClock
    let serializer = KeyedSerializer()
    /// New call Tasks and their VoiceCalls, written in shared transactions.
    let batcher: InsertBatcher
    /// Each user's call center, read for every call they log.
    let userCallCenters: ShortLivedCache<RecordID, RecordID?>

    /// - Parameter cacheMilliseconds: how long a user's call center is reused without reading it (0: never).
    public init(records: RecordService, callCenters: CallCenterService, dispositions: any DispositionRepository, lookup: any CallLogLookup,
                clock: any WallClock, cacheMilliseconds: Int64 = 0) {
        self.records = records
        self.lookup = LookupBatcher(lookup: lookup)
        self.callCenters = callCenters
        self.dispositionStore = dispositions
        self.clock = clock
        self.batcher = InsertBatcher(records: records)
        self.userCallCenters = ShortLivedCache(clock: clock, lifetimeMilliseconds: cacheMilliseconds)
    }

    var repository: any RecordRepository { records.repository }
    static let task = StandardObjects.task
    static let voiceCall = StandardObjects.voiceCall

    // MARK: saveLog

    /// `saveLog` for call logs: a Task with a `CallObject` that an earlier log of the same call
    /// already wrote (its Task, or a VoiceCall with that vendor call key and a Task) is updated
    /// instead of created; every call Task gets its VoiceCall. Other saves pass through unchanged.
    public func saveLog(_ value: [(String, RawValue)], by principal: Principal, save: @Sendable ([(String, RawValue)]) async throws -> OpenCTIService.SavedLog) async throws -> OpenCTIService.SavedLog {
        let entity = value.first { $0.0.lowercased() == "entityapiname" }.flatMap { if case .string(let s) = $0.1 { s } else { nil } }
        let hasID = value.contains { $0.0.lowercased() == "id" && $0.1 != .null && $0.1 != .string("") }
        let callObject = Self.text(value, "CallObject")
        let isTaskCreate = !hasID && entity.map { $0.caseInsensitiveEquals("Task") } == true
        return try await serializer.run(callObject?.lowercased()) {
            var input = value
            var knownCall: Record? = nil
            if isTaskCreate, let callObject {
                let earlier = try await earlierLog(key: callObject)
                knownCall = earlier.call
                if let task = earlier.task {
                    // The same call logged again: update the first log.
                    input = value.filter { $0.0.lowercased() != "entityapiname" } + [("Id", .string(task.eighteen))]
                }
            }
            let stillCreating = isTaskCreate && !input.contains { $0.0 == "Id" }
            if stillCreating, knownCall == nil, Self.isCallLog(input) {
                // A new call: its Task and VoiceCall go in together, in a transaction shared
                // with other softphones' logs.
                let fields = input.filter { $0.0.lowercased() != "entityapiname" }
                let task = try records.prepareCreate(Self.task, fields, extraFields: .ignore, by: principal)
                let callFields = try Self.callFields(fromTask: task.record, phone: Self.text(value, "Phone"), now: clock.now(), key: callObject,
                                                     callCenter: try await callCenter(ofUser: task.record["OwnerId"]))
                let call = try records.prepareCreate(Self.voiceCall, callFields, by: principal)
                let stored = try await batcher.insert([task, call])
                return OpenCTIService.SavedLog(record: stored[0], created: true, ignored: task.warnings)
            }
            let saved = try await save(input)
            if saved.record.object == Self.task, Self.isCallLog(saved.record) {
                try await link(task: saved.record, phone: Self.text(value, "Phone"), known: knownCall, by: principal)
            }
            return saved
        }
    }

    /// Whether saveLog input describes a call: a call type, a call object or the Call subtype.
    static func isCallLog(_ input: [(String, RawValue)]) -> Bool {
        text(input, "CallType") != nil || text(input, "CallObject") != nil || text(input, "TaskSubtype")?.caseInsensitiveEquals("Call") == true
    }

    /// Whether a Task logs a call: it has a call type, a call object or the Call subtype.
    public static func isCallLog(_ task: Record) -> Bool {
        !task["CallType"].isNull || !task["CallObject"].isNull || task["TaskSubtype"].textValue == "Call"
    }

    /// What is already stored about the call with this vendor key: the Task logging it (by the
    /// Task's CallObject, or the Task of the VoiceCall with this key) and its VoiceCall.
    func earlierLog(key: String) async throws -> (task: RecordID?, call: Record?) {
        let found = try await lookup.earlierLog(key: key)
        // The VoiceCall is read whole only when there is one (a phone system recorded the call).
        let call = try await found.callID.asyncMap { try await repository.find(Self.voiceCall, id: $0) } ?? nil
        return (found.taskID ?? found.callActivityID, call)
    }

    /// Makes sure the call Task has its VoiceCall: the one with its CallObject as vendor key, or
    /// the one already linked, or a new one from what the Task says.
    func link(task: Record, phone: String?, known: Record? = nil, by principal: Principal) async throws {
        let key = task["CallObject"].textValue
        var call: Record? = known
        if call == nil, let key { call = try await first(Self.voiceCall, "VendorCallKey", .text(key)) }
        if call == nil { call = try await first(Self.voiceCall, "ActivityId", .id(task.id)) }
        if let call {
            var changes: [(String, RawValue)] = []
            if call["ActivityId"].isNull { changes.append(("ActivityId", .string(task.id.eighteen))) }
            if let disposition = task["CallDisposition"].textValue, call["CallDisposition"].textValue != disposition {
                changes.append(("CallDisposition", .string(disposition)))
            }
            if call["RelatedRecordId"].isNull, let related = Self.relatedRecord(of: task) { changes.append(("RelatedRecordId", .string(related.eighteen))) }
            if call["CallConnectDateTime"].isNull, call["CallEndDateTime"].isNull, case .integer(let d) = task["CallDurationInSeconds"] {
                changes.append(("CallDurationInSeconds", .integer(d)))
            }
            if !changes.isEmpty { _ = try await records.update(Self.voiceCall, id: call.id.eighteen, changes, by: principal) }
            return
        }
        _ = try await records.create(Self.voiceCall, try await Self.callFields(fromTask: task, phone: phone, now: clock.now(), key: key, callCenter: callCenter(ofUser: task["OwnerId"])), by: principal)
    }

    /// The VoiceCall a call Task describes: it ended when the Task was logged (or completed),
    /// and was connected for its duration before that; a log without a duration counts as a
    /// conversation of unknown length.
    static func callFields(fromTask task: Record, phone: String?, now: Instant, key: String?, callCenter: RecordID?) throws -> [(String, RawValue)] {
        let ended: Instant = if case .dateTime(let t) = task["CompletedDateTime"] { t } else if case .dateTime(let t) = task["CreatedDate"] { t } else { now }
        let duration: Int64? = if case .integer(let d) = task["CallDurationInSeconds"] { max(0, d) } else { nil }
        let connected = ended.adding(milliseconds: -(duration ?? 0) * 1000)
        let type = callType(of: task)
        var fields: [(String, RawValue)] = [
            ("CallType", .string(type)),
            ("ActivityId", .string(task.id.eighteen)),
            ("CallStartDateTime", .string(connected.salesforceFormat)),
            ("CallConnectDateTime", .string(connected.salesforceFormat)),
            ("CallEndDateTime", .string(ended.salesforceFormat)),
        ]
        if let key { fields.append(("VendorCallKey", .string(key))) }
        if let disposition = task["CallDisposition"].textValue { fields.append(("CallDisposition", .string(disposition))) }
        if let related = relatedRecord(of: task) { fields.append(("RelatedRecordId", .string(related.eighteen))) }
        if case .id(let owner) = task["OwnerId"] { fields.append(("UserId", .string(owner.eighteen))); fields.append(("OwnerId", .string(owner.eighteen))) }
        if let callCenter { fields.append(("CallCenterId", .string(callCenter.eighteen))) }
        if let phone, !phone.trimmingSpaces.isEmpty {
            fields.append((type == "Outbound" ? "ToPhoneNumber" : "FromPhoneNumber", .string(String(phone.prefix(40)))))
        }
        return fields
    }

    /// The VoiceCall type of a call Task: its CallType, else what its subject says, else Inbound.
    static func callType(of task: Record) -> String {
        if let type = task["CallType"].textValue { return type }
        let subject = task["Subject"].textValue?.lowercased() ?? ""
        if subject.contains("outbound") || subject.hasPrefix("call to") { return "Outbound" }
        if subject.contains("internal") { return "Internal" }
        return "Inbound"
    }

    /// Who the call was with: the Task's WhoId (Contact, Lead), else its WhatId (Account, Case).
    static func relatedRecord(of task: Record) -> RecordID? {
        if case .id(let who) = task["WhoId"] { return who }
        if case .id(let what) = task["WhatId"] { return what }
        return nil
    }

    /// The user's call center, reused for `cacheMilliseconds`.
    func callCenter(ofUser user: FieldValue) async throws -> RecordID? {
        guard case .id(let id) = user else { return nil }
        return try await userCallCenters.value(for: id) {
            guard let found = try await repository.find(StandardObjects.user, id: id), case .id(let callCenter) = found["CallCenterId"] else { return nil }
            return callCenter
        }
    }

    // MARK: Calls reported by phone systems and softphones

    /// Records a call a phone system or softphone reports: with a `VendorCallKey` that a stored
    /// VoiceCall has, the given fields update it (a repeat changes nothing); otherwise a new one.
    /// - Returns: the VoiceCall and whether it was created.
    public func recordCall(_ fields: [(String, RawValue)], by principal: Principal) async throws -> (record: Record, created: Bool) {
        try await serializer.run(Self.text(fields, "VendorCallKey")?.lowercased()) {
            try await recordCallHoldingKey(fields, by: principal)
        }
    }

    /// `recordCall` for a caller that already holds the call key's turn in `serializer`.
    /// - Parameter beforeWrite: told the VoiceCall's id once it is known and before it is written
    ///   (the telephony events service rings the agent's softphone then).
    func recordCallHoldingKey(_ fields: [(String, RawValue)], by principal: Principal,
                              beforeWrite: ((RecordID) async -> Void)? = nil,
                              alongWith: (@Sendable (Record) async throws -> Void)? = nil) async throws -> (record: Record, created: Bool) {
        if let key = Self.text(fields, "VendorCallKey"), let existing = try await first(Self.voiceCall, "VendorCallKey", .text(key)) {
            let rest = fields.filter { $0.0.lowercased() != "vendorcallkey" }
            await beforeWrite?(existing.id)
            return (try await records.update(Self.voiceCall, id: existing.id.eighteen, rest, by: principal, alongWith: alongWith), false)
        }
        var input = fields
        // An agent's softphone (a session) reports its own calls; integrations name the agent.
        if !input.contains(where: { $0.0.lowercased() == "userid" }), case .session = principal.kind {
            input.append(("UserId", .string(principal.userID.eighteen)))
        }
        if !input.contains(where: { $0.0.lowercased() == "callcenterid" }), let userID = Self.text(input, "UserId"), let id = try? RecordID(parsing: userID),
           let callCenter = try await callCenter(ofUser: .id(id)) {
            input.append(("CallCenterId", .string(callCenter.eighteen)))
        }
        let prepared = try records.prepareCreate(Self.voiceCall, input, by: principal)
        await beforeWrite?(prepared.record.id)
        var alongWithFirst: (@Sendable ([Record]) async throws -> Void)? = nil
        if let alongWith { alongWithFirst = { stored in try await alongWith(stored[0]) } }
        return (try await records.insertPrepared([prepared], alongWith: alongWithFirst)[0], true)
    }

    // MARK: Helpers

    func first(_ object: ObjectSchema, _ field: String, _ value: FieldValue) async throws -> Record? {
        guard let schema = object.field(named: field) else { return nil }
        var query = RecordQuery(filters: [FieldFilter(field: schema, op: .eq, value: value)],
                                sort: [SortKey(field: object.field(named: "CreatedDate")!, descending: false)], limit: 1)
        query.countsTotal = false  // one record wanted, not how many there are
        return try await repository.list(object, query: query).records.first
    }

    /// The non-empty text of the field called `name` (any case) in raw input.
    static func text(_ input: [(String, RawValue)], _ name: String) -> String? {
        for (key, value) in input where key.caseInsensitiveEquals(name) {
            switch value {
            case .string(let s) where !s.trimmingSpaces.isEmpty: return s.trimmingSpaces
            case .integer(let i): return String(i)
            default: return nil
            }
        }
        return nil
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
