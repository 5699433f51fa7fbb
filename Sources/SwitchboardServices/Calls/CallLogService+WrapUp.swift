public import SwitchboardCore

extension CallLogService {
    /// What an agent enters after a call.
    public struct WrapUp: Sendable {
        public var disposition: String?
        public var notes: String?
        public var afterCallWorkSeconds: Int64?
        public init(disposition: String? = nil, notes: String? = nil, afterCallWorkSeconds: Int64? = nil) {
            self.disposition = disposition
            self.notes = notes
            self.afterCallWorkSeconds = afterCallWorkSeconds
        }
    }

    /// Wraps a call up: the disposition (one of the call center's, when it defines any), notes
    /// and after-call work go on the VoiceCall, and its call Task is written (created and linked
    /// when there is none) and completed. Only the call's agent or a supervisor may.
    /// - Returns: the VoiceCall and its Task.
    /// - Throws: `RecordValidationError` naming the bad part, `RecordError.notFound`, `AuthError.forbidden`.
    public func wrapUp(callID: String, _ wrapUp: WrapUp, by principal: Principal) async throws -> (call: Record, task: Record) {
        let call = try await records.get(Self.voiceCall, id: callID, by: principal)
        if case .id(let agent) = call["UserId"], agent != principal.userID, principal.role < .supervisor {
            throw AuthError.forbidden(action: "wrap up another agent's call", needs: .supervisor, has: principal.role)
        }
        var issues: [FieldIssue] = []
        var disposition = wrapUp.disposition?.trimmingSpaces
        if disposition?.isEmpty == true { disposition = nil }
        if let given = disposition, case .id(let callCenter) = call["CallCenterId"] {
            let defined = try await dispositionStore.dispositions(callCenter: callCenter)
            if !defined.isEmpty {
                if let match = DispositionList.match(given, in: defined) { disposition = match } else {
                    issues.append(FieldIssue(field: "disposition", message: "'\(given)' is not one of this call center's dispositions: \(defined.joined(separator: ", "))"))
                }
            }
        }
        if let seconds = wrapUp.afterCallWorkSeconds, !(0...86_400).contains(seconds) {
            issues.append(FieldIssue(field: "afterCallWorkSeconds", message: "must be from 0 to 86400 seconds, got \(seconds)"))
        }
        if !issues.isEmpty { throw RecordValidationError(object: "VoiceCall", issues: issues) }

        let key = call["VendorCallKey"].textValue
        let chosen = disposition
        return try await serializer.run(key?.lowercased() ?? call.id.rawValue) {
            var taskFields: [(String, RawValue)] = [("Status", .string("Completed"))]
            if let chosen { taskFields.append(("CallDisposition", .string(chosen))) }
            if let notes = wrapUp.notes { taskFields.append(("Description", .string(notes))) }
            let task: Record
            if case .id(let taskID) = call["ActivityId"], try await repository.find(Self.task, id: taskID) != nil {
                task = try await records.update(Self.task, id: taskID.eighteen, taskFields, by: principal)
            } else {
                task = try await records.create(Self.task, Self.taskFields(forCall: call) + taskFields, by: principal)
            }
            var callFields: [(String, RawValue)] = [("ActivityId", .string(task.id.eighteen))]
            if let chosen { callFields.append(("CallDisposition", .string(chosen))) }
            if let seconds = wrapUp.afterCallWorkSeconds { callFields.append(("AfterCallWorkSeconds", .integer(seconds))) }
            let updated = try await records.update(Self.voiceCall, id: call.id.eighteen, callFields, by: principal)
            return (updated, task)
        }
    }

    /// The call Task for a VoiceCall that has none: subject, type, duration, who it was with.
    static func taskFields(forCall call: Record) -> [(String, RawValue)] {
        let type = call["CallType"].textValue ?? "Inbound"
        let taskType = type == "Outbound" ? "Outbound" : (type == "Internal" || type == "InternalCall" ? "Internal" : "Inbound")
        let number = (taskType == "Outbound" ? call["ToPhoneNumber"] : call["FromPhoneNumber"]).textValue
        var fields: [(String, RawValue)] = [
            ("Subject", .string("\(taskType) call" + (number.map { " \(taskType == "Outbound" ? "to" : "from") \($0)" } ?? ""))),
            ("Type", .string("Call")), ("TaskSubtype", .string("Call")), ("CallType", .string(taskType)),
        ]
        if case .integer(let seconds) = call["CallDurationInSeconds"] { fields.append(("CallDurationInSeconds", .integer(seconds))) }
        if let key = call["VendorCallKey"].textValue { fields.append(("CallObject", .string(key))) }
        if case .dateTime(let started) = call["CallStartDateTime"] { fields.append(("ActivityDate", .string(String(started.salesforceFormat.prefix(10))))) }
        if case .id(let related) = call["RelatedRecordId"] {
            let object = StandardObjects.withKeyPrefix(related.keyPrefix)?.name
            fields.append((object == "Contact" || object == "Lead" ? "WhoId" : "WhatId", .string(related.eighteen)))
        }
        if case .id(let agent) = call["UserId"] { fields.append(("OwnerId", .string(agent.eighteen))) }
        return fields
    }

    // MARK: Dispositions

    /// The call center's dispositions, in order.
    public func dispositions(callCenter key: String) async throws -> [String] {
        try await dispositionStore.dispositions(callCenter: try await parseCallCenterID(key))
    }

    /// Replaces the call center's dispositions (admins).
    /// - Throws: `RecordValidationError` naming each bad label; nothing is changed then.
    public func setDispositions(callCenter key: String, _ labels: [String], by principal: Principal) async throws -> [String] {
        guard principal.role >= .admin else {
            throw AuthError.forbidden(action: "change dispositions", needs: .admin, has: principal.role)
        }
        let callCenter = try await parseCallCenterID(key)
        let clean = try DispositionList.check(labels).get()
        try await dispositionStore.replaceDispositions(callCenter: callCenter, with: clean)
        return clean
    }

    /// The call center's after-call work limit in seconds (`PresenceService.defaultAfterCallWorkSeconds` when not set).
    public func afterCallWorkSeconds(callCenter key: String) async throws -> Int64 {
        try await dispositionStore.afterCallWorkSeconds(callCenter: try await parseCallCenterID(key)) ?? PresenceService.defaultAfterCallWorkSeconds
    }

    /// Sets how long after-call work lasts at most in the call center (admins; 0 to 3600 s).
    public func setAfterCallWorkSeconds(_ seconds: Int64, callCenter key: String, by principal: Principal) async throws {
        guard principal.role >= .admin else {
            throw AuthError.forbidden(action: "change the after-call work limit", needs: .admin, has: principal.role)
        }
        guard (0...3600).contains(seconds) else {
            throw RecordValidationError(object: "CallCenter", issues: [FieldIssue(field: "afterCallWorkSeconds", message: "must be from 0 to 3600 seconds, got \(seconds)")])
        }
        try await dispositionStore.setAfterCallWorkSeconds(seconds, callCenter: try await parseCallCenterID(key))
    }

    /// The id of a stored call center, given its id or internal name.
    /// - Throws: `CallCenterError.notFound`.
    func parseCallCenterID(_ key: String) async throws -> RecordID {
        try await callCenters.find(key).id
    }
}
