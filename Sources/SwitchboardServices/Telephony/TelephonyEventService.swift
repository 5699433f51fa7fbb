public import SwitchboardCore

/// The telephony events API: phone systems that are not SIP post call events with their own
/// call key; each call's progress (`CallProgress`) decides what an event means, and its
/// VoiceCall is kept in step. A repeat changes nothing; an event that cannot apply is refused
/// with the reason (`CallTransitionError`).
public struct TelephonyEventService: Sendable {
    let records: RecordService
    let calls: CallLogService
    let store: any TelephonyCallRepository
    let presence: PresenceService
    let clock: any WallClock

    public init(records: RecordService, calls: CallLogService, store: any TelephonyCallRepository, presence: PresenceService, clock: any WallClock) {
        self.records = records
        self.calls = calls
        self.store = store
        self.presence = presence
        self.clock = clock
    }

    /// What an event did.
    public struct Outcome: Sendable {
        /// False for a repeat.
        public var applied: Bool
        public var progress: CallProgress
        public var call: Record
    }

    /// Applies one event. Events of one call are handled one at a time, in turn with saveLogs
    /// of the same call key.
    /// - Throws: `CallTransitionError`; `RecordValidationError` for an unknown agent;
    ///   `AuthError.forbidden` unless the caller is an integration (API token) or the system.
    public func handle(_ event: TelephonyEvent, by principal: Principal) async throws -> Outcome {
        if case .session = principal.kind {
            throw AuthError.forbidden(action: "post telephony events (the events API takes API tokens)", needs: .admin, has: principal.role)
        }
        let key = event.callKey.trimmingSpaces
        guard !key.isEmpty, key.count <= 255 else {
            throw RecordValidationError(object: "event", issues: [FieldIssue(field: "callKey", message: "is required, at most 255 characters")])
        }
        return try await calls.serializer.run(key.lowercased()) {
            let agentID = try await agent(event.agent)
            if let (known, callID) = try await store.find(callKey: key) {
                var progress = known
                guard try progress.apply(event) else {
                    return Outcome(applied: false, progress: progress, call: try await records.get(StandardObjects.voiceCall, id: callID.eighteen, by: principal))
                }
                let user = try await agent(progress.agent)
                let call = try await records.update(StandardObjects.voiceCall, id: callID.eighteen, progress.voiceCallFields(agentUserID: user ?? agentID), by: principal)
                try await store.save(progress, voiceCallID: call.id, at: clock.now())
                try await followPresence(event, before: known, after: progress, call: call)
                return Outcome(applied: true, progress: progress, call: call)
            }
            var progress = try CallProgress(first: event)
            // An inbound call to a call center's DNIS number belongs to it, answered or not.
            var center: CallCenter? = nil
            if progress.inbound, let dnis = progress.to.map(CallCenter.dnisKey), !dnis.isEmpty {
                center = try await calls.callCenters.repository.all().first { $0.dnisNumbers.map(CallCenter.dnisKey).contains(dnis) }
            }
            var routedTo: RecordID? = nil
            if let center, event.kind == .offered, progress.agent == nil {
                // Switchboard routes: the available agent idle longest, else the queue.
                routedTo = try await presence.route(callCenter: center.id)
                let next = TelephonyEvent(id: "\(event.id)#routed", callKey: key, kind: routedTo == nil ? .queued : .ringing, at: event.at, agent: routedTo?.eighteen)
                try progress.apply(next)
            }
            var fields = progress.voiceCallFields(agentUserID: agentID ?? routedTo) + [("VendorCallKey", .string(key))]
            if let center { fields.append(("CallCenterId", .string(center.id.eighteen))) }
            let (call, _) = try await calls.recordCallHoldingKey(fields, by: principal)
            try await store.save(progress, voiceCallID: call.id, at: clock.now())
            if progress.phase == .connected, let user = agentID { try await presence.callStarted(user, at: event.at) }
            return Outcome(applied: true, progress: progress, call: call)
        }
    }

    /// Keeps agents' presence with the call: Busy when they take it, after-call work when it ends
    /// or is transferred away from them.
    func followPresence(_ event: TelephonyEvent, before: CallProgress, after: CallProgress, call: Record) async throws {
        let center: RecordID? = if case .id(let id) = call["CallCenterId"] { id } else { nil }
        switch event.kind {
        case .answered where after.phase == .connected:
            if let user = try await agent(after.agent) { try await presence.callStarted(user, at: event.at) }
        case .transferred:
            if before.agent != after.agent, let previous = try await agent(before.agent) { try await presence.callEnded(previous, at: event.at, callCenter: center) }
            if let user = try await agent(after.agent) { try await presence.callStarted(user, at: event.at) }
        case .ended where after.answeredAt != nil:
            if let user = try await agent(after.agent) { try await presence.callEnded(user, at: event.at, callCenter: center) }
        default:
            break
        }
    }

    /// The user an event names by username (any case) or id; nil for none.
    func agent(_ name: String?) async throws -> RecordID? {
        guard let name = name?.trimmingSpaces, !name.isEmpty else { return nil }
        if let id = try? RecordID(parsing: name), id.keyPrefix == StandardObjects.user.keyPrefix,
           try await records.repository.find(StandardObjects.user, id: id) != nil { return id }
        let username = StandardObjects.user.field(named: "Username")!
        let found = try await records.repository.list(StandardObjects.user, query: RecordQuery(filters: [FieldFilter(field: username, op: .eq, value: .text(name))], limit: 1))
        guard let user = found.records.first else {
            throw RecordValidationError(object: "event", issues: [FieldIssue(field: "agent", message: "'\(name)' is not a Switchboard user (give a username or a user id)")])
        }
        return user.id
    }
}
