public import SwitchboardCore
import Synchronization

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
    /// Where agents' softphones hear about their calls.
    public let channels: AgentChannels
    /// The call centers with their DNIS numbers, read by every new call (keyed by this node's
    /// count of call center changes, so a change here shows at once).
    let callCenterList: ShortLivedCache<Int, [CallCenter]>

    /// How long a call rings for one agent before it goes to the next.
    public let ringTimeoutSeconds: Int64

    /// - Parameter cacheMilliseconds: how long the call centers' DNIS numbers are reused (0: read each time).
    /// - Parameter ringTimeoutSeconds: how long a routed call rings one agent before the next.
    public init(records: RecordService, calls: CallLogService, store: any TelephonyCallRepository, presence: PresenceService, clock: any WallClock,
                cacheMilliseconds: Int64 = 0, ringTimeoutSeconds: Int64 = 20) {
        self.ringTimeoutSeconds = ringTimeoutSeconds
        self.callCenterList = ShortLivedCache(clock: clock, lifetimeMilliseconds: cacheMilliseconds)
        self.records = records
        self.calls = calls
        self.store = store
        self.presence = presence
        self.clock = clock
        self.channels = presence.channels
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
    /// - Parameter carrier: for a new call, what carries it when the principal is not a connection's
    ///   token (the SIP gateway: `ProviderCommands.sipGateway`).
    public func handle(_ event: TelephonyEvent, by principal: Principal, carrier: String? = nil) async throws -> Outcome {
        if case .session = principal.kind {
            throw AuthError.forbidden(action: "post telephony events (the events API takes API tokens)", needs: .admin, has: principal.role)
        }
        let connection: String? = if case .token(let id) = principal.kind { id } else { carrier }
        return try await apply(event, by: principal, connection: connection)
    }

    /// Applies an event for whoever may: the events API (after its check) and agents' commands.
    /// - Parameter connection: for a new call, the connection that carries it.
    /// - Parameter setUp: for a new call, what the caller knows of it beyond the event (a consult call's customer, say).
    func apply(_ event: TelephonyEvent, by principal: Principal, connection: String?, routingCallCenter: RecordID? = nil,
               setUp: (@Sendable (inout CallProgress) -> Void)? = nil) async throws -> Outcome {
        let key = event.callKey.trimmingSpaces
        guard !key.isEmpty, key.count <= 255 else {
            throw RecordValidationError(object: "event", issues: [FieldIssue(field: "callKey", message: "is required, at most 255 characters")])
        }
        return try await calls.serializer.run(key.lowercased()) { try await Self.$resolvedAgents.withValue(ResolvedAgents()) {
            let agentID = try await agent(event.agent)
            if let (known, callID) = try await store.find(callKey: key) {
                var progress = known
                if let routingCallCenter { progress.routingCallCenter = routingCallCenter.eighteen }
                guard try progress.apply(event) else {
                    return Outcome(applied: false, progress: progress, call: try await records.get(StandardObjects.voiceCall, id: callID.eighteen, by: principal))
                }
                let user = try await agent(progress.agent)
                // The VoiceCall, the call's progress and what the event does to its agents'
                // presence, in one transaction (one write, not two to four).
                let (store, clock, records, saved, fields) = (store, clock, records, progress, progress.voiceCallFields(agentUserID: user ?? agentID))
                let call = try await presence.storingCallChanges(try await presenceChanges(event, before: known, after: progress)) { storePresence in
                    try await records.update(StandardObjects.voiceCall, id: callID.eighteen, fields, by: principal) { call in
                        try await store.save(saved, voiceCallID: call.id, callCenterID: saved.routingCallCenter.flatMap { try? RecordID(parsing: $0) }, at: clock.now())
                        let center: RecordID? = if case .id(let id) = call["CallCenterId"] { id } else { nil }
                        try await storePresence(center)
                    }
                }
                await tell(progress, voiceCallID: call.id, agent: user, previous: try? await agent(known.agent))
                return Outcome(applied: true, progress: progress, call: call)
            }
            var progress = try CallProgress(first: event)
            progress.connection = connection
            setUp?(&progress)
            // An inbound call to a call center's DNIS number belongs to it, answered or not.
            var center: CallCenter? = nil
            if progress.inbound, let dnis = progress.to.map(CallCenter.dnisKey), !dnis.isEmpty {
                let centers = try await callCenterList.value(for: calls.callCenters.changes.value) { try await calls.callCenters.repository.all() }
                center = centers.first { $0.dnisNumbers.map(CallCenter.dnisKey).contains(dnis) }
            }
            var routedTo: RecordID? = nil
            if let center, event.kind == .offered, progress.agent == nil {
                // Switchboard routes: the available agent idle longest, else the queue.
                // Only calls Switchboard routes (to a DNIS, no agent from the provider) are re-routed later.
                progress.routingCallCenter = center.id.eighteen
                routedTo = try await presence.route(callCenter: center.id)
                let next = TelephonyEvent(id: "\(event.id)#routed", callKey: key, kind: routedTo == nil ? .queued : .ringing, at: event.at, agent: routedTo?.eighteen)
                try progress.apply(next)
            }
            var fields = progress.voiceCallFields(agentUserID: agentID ?? routedTo) + [("VendorCallKey", .string(key))]
            if let center { fields.append(("CallCenterId", .string(center.id.eighteen))) }
            // The agent's softphone rings as soon as the call's id is known, before the writes
            // (docs/benchmarks.md); should they fail, it is told the call is gone.
            let (told, ringing) = (RingingTold(), progress)
            do {
                let (store, clock) = (store, clock)
                let (call, _) = try await calls.recordCallHoldingKey(fields, by: principal, beforeWrite: { id in
                    told.id = id
                    await tell(ringing, voiceCallID: id, agent: agentID ?? routedTo, previous: nil)
                }, alongWith: { call in
                    // The VoiceCall and the call's progress in one transaction.
                    try await store.save(ringing, voiceCallID: call.id, callCenterID: ringing.routingCallCenter.flatMap { try? RecordID(parsing: $0) }, at: clock.now())
                })
                if progress.phase == .connected, let user = agentID { try await presence.callStarted(user, at: event.at) }
                return Outcome(applied: true, progress: progress, call: call)
            } catch {
                if let id = told.id {
                    var gone = progress
                    gone.phase = .ended
                    gone.endedAt = event.at
                    gone.disconnectReason = "NotRecorded"
                    await tell(gone, voiceCallID: id, agent: agentID ?? routedTo, previous: nil)
                }
                throw error
            }
        } }
    }

    /// A call waiting for an agent, for the supervisors' view of the queue.
    public struct WaitingCall: Sendable {
        public var progress: CallProgress
        public var voiceCallID: RecordID
        public var callCenterID: RecordID
        /// 1 for the call that will be offered first in its call center.
        public var position: Int
        /// Since the call was offered.
        public var waitingSeconds: Int64
    }

    /// Calls ringing or queued in the call centers Switchboard routes, with their queue position
    /// (ringing calls first, then queued ones, longest waiting first) and how long they have waited.
    public func waitingCalls(by principal: Principal) async throws -> [WaitingCall] {
        guard principal.role >= .supervisor else {
            throw AuthError.forbidden(action: "see waiting calls", needs: .supervisor, has: principal.role)
        }
        let now = clock.now()
        var positions: [RecordID: Int] = [:]
        let waiting = try await store.waiting().sorted { a, b in
            (a.progress.phase == .ringing ? 0 : 1, a.progress.offeredAt) < (b.progress.phase == .ringing ? 0 : 1, b.progress.offeredAt)
        }
        return waiting.map { entry in
            positions[entry.callCenterID, default: 0] += 1
            return WaitingCall(progress: entry.progress, voiceCallID: entry.voiceCallID, callCenterID: entry.callCenterID,
                               position: positions[entry.callCenterID]!,
                               waitingSeconds: max(0, (now.millisecondsSince1970 - entry.progress.offeredAt.millisecondsSince1970) / 1000))
        }
    }

    /// The away reasons routing sets (whatever reasons admins define).
    public static let missedCallReason = "Missed call"
    public static let declinedCallReason = "Declined call"

    /// Routing's clock tick (the app calls it every second; tests call it with a manual clock):
    /// a call that rang `ringTimeoutSeconds` unanswered goes to the next agent who has not had
    /// it, else back to the queue; queued calls, longest waiting first, go to agents as they
    /// become available. - Returns: how many calls were offered anew or queued.
    @discardableResult
    public func tick(by principal: Principal) async throws -> Int {
        let now = clock.now()
        let waiting = try await store.waiting()
        // An agent rings for one call at a time.
        var busyRinging = Set(waiting.compactMap { $0.progress.phase == .ringing ? $0.progress.agent : nil })
        var moved = 0
        for (progress, _, center) in waiting {
            let ringing = progress.phase == .ringing
            if ringing, now.millisecondsSince1970 - progress.phaseSince.millisecondsSince1970 < ringTimeoutSeconds * 1000 { continue }
            do {
                // A queued call stays as it is until somebody is free.
                let next = try await offerToNext(progress, center: center, busyRinging: busyRinging, excludingTried: ringing,
                                                 awayReason: Self.missedCallReason, by: principal)
                if next == nil && !ringing { continue }
                moved += 1
                if let ringing = progress.agent { busyRinging.remove(ringing) }
                if let next { busyRinging.insert(next.eighteen) }
            } catch is CallTransitionError {
                continue  // the call moved on meanwhile (answered, ended)
            }
        }
        return moved
    }

    /// A phone system's word that the agent a routed call rings did not take it — their phone
    /// declined, timed out or is not there: as when a softphone declines or the ring timeout
    /// passes, the agent goes Away with `reason` and the call rings the next agent who has not
    /// had it, else waits in the queue. - Returns: the agent it rings now; nil when queued or
    /// when the call no longer rings (answered, ended, not routed by Switchboard).
    @discardableResult
    public func notAnswered(_ callKey: String, reason: String, by principal: Principal) async throws -> RecordID? {
        let (progress, _) = try await settledCall(callKey)
        guard progress.phase == .ringing, let center = progress.routingCallCenter.flatMap({ try? RecordID(parsing: $0) }) else { return nil }
        return try await offerToNext(progress, center: center, busyRinging: [], excludingTried: true, awayReason: reason, by: principal)
    }

    /// Sends the call as it now stands to its agents' softphones, and to the agent it left (whose
    /// softphone then drops it).
    func tell(_ progress: CallProgress, voiceCallID: RecordID, agent: RecordID?, previous: RecordID?) async {
        let others = await (progress.otherAgents ?? []).asyncCompactMap { try? await self.agent($0) }
        let view = AgentCallView(progress, voiceCallID: voiceCallID, agentID: agent, otherAgentIDs: others, muted: false)
        var told = Set<RecordID>()
        for user in [agent].compactMap({ $0 }) + others + [previous].compactMap({ $0 }) where told.insert(user).inserted {
            await channels.publish(call: view, to: user)
        }
        await channels.changed(view)
    }

    /// The calls ringing for the agent or in conversation with them: what a softphone shows
    /// after a refresh.
    public func activeCalls(of user: RecordID) async throws -> [AgentCallView] {
        var views: [AgentCallView] = []
        for (progress, callID) in try await store.active() {
            let others = await (progress.otherAgents ?? []).asyncCompactMap { try? await self.agent($0) }
            let primary = try await agent(progress.agent)
            guard primary == user || others.contains(user) else { continue }
            views.append(AgentCallView(progress, voiceCallID: callID, agentID: primary, otherAgentIDs: others, muted: await channels.isMuted(progress.callKey, by: user)))
        }
        return views
    }

    /// The call with this key, for phone systems (API tokens) and supervisors.
    public func call(_ key: String, by principal: Principal) async throws -> (progress: CallProgress, voiceCallID: RecordID) {
        if case .session = principal.kind, principal.role < .supervisor {
            throw AuthError.forbidden(action: "look up calls by key", needs: .supervisor, has: principal.role)
        }
        return try await call(key)
    }

    /// The call with this key once any event of it being handled is done (an agent's softphone
    /// hears a call ring before its records are written), or `RecordError.notFound`.
    func settledCall(_ key: String) async throws -> (progress: CallProgress, voiceCallID: RecordID) {
        try await calls.serializer.run(key.trimmingSpaces.lowercased()) { try await call(key) }
    }

    /// The call with this key, or `RecordError.notFound`.
    func call(_ key: String) async throws -> (progress: CallProgress, voiceCallID: RecordID) {
        guard let found = try await store.find(callKey: key.trimmingSpaces) else { throw RecordError.notFound(object: "call", id: key) }
        return found
    }

    /// Offers a call that rang unanswered (or was declined) to the next available agent of its
    /// call center who has not had it, else puts it back in the queue. The agent it rang for is
    /// set Away (`missedCallReason`, `declinedCallReason`) — redirection on no answer, as contact
    /// centers do — so a call does not keep ringing a desk nobody sits at.
    /// - Parameter excludingTried: false for a queued call, which any free agent may take again
    ///   (and which stays as it is, no event, while nobody is free).
    func offerToNext(_ progress: CallProgress, center: RecordID, busyRinging: Set<String>, excludingTried: Bool,
                     awayReason: String? = nil, by principal: Principal) async throws -> RecordID? {
        if progress.phase == .ringing, let reason = awayReason, let missed = try? await agent(progress.agent) {
            try await presence.callMissed(missed, reason: reason)
        }
        var excluded = Set(await busyRinging.asyncCompactMap { try? await agent($0) })
        if excludingTried { excluded.formUnion(await (progress.triedAgents ?? []).asyncCompactMap { try? await agent($0) }) }
        let next = try await presence.route(callCenter: center, excluding: excluded)
        if next == nil && progress.phase == .queued { return nil }
        let now = clock.now()
        let id = "route-\(progress.eventIDs.count)-\(now.millisecondsSince1970)"
        let event = TelephonyEvent(id: id, callKey: progress.callKey, kind: next == nil ? .queued : .ringing, at: now, agent: next?.eighteen)
        _ = try await apply(event, by: principal, connection: nil)
        return next
    }

    /// Keeps agents' presence with the call: Busy when they take it, after-call work when it ends
    /// or is transferred away from them.
    /// What an event does to its agents' presence: Busy when they take the call, after-call work
    /// when they leave it (none for an outbound call nobody answered).
    func presenceChanges(_ event: TelephonyEvent, before: CallProgress, after: CallProgress) async throws -> [(user: RecordID, change: PresenceService.CallChange)] {
        var changes: [(user: RecordID, change: PresenceService.CallChange)] = []
        func started(_ name: String?) async throws { if let user = try await agent(name) { changes.append((user, .started(at: event.at))) } }
        func ended(_ name: String?, afterCallWork: Bool = true) async throws {
            if let user = try await agent(name) { changes.append((user, .ended(at: event.at, afterCallWork: afterCallWork))) }
        }
        switch event.kind {
        case .answered where after.phase == .connected:
            try await started(after.agent)
        case .transferred:
            if before.agent != after.agent { try await ended(before.agent) }
            try await started(after.agent)
        case .ended where after.answeredAt != nil:
            try await ended(after.agent)
            // The rest of a conference ends too; a consult call's consulting agent is still on the customer's call.
            if after.consultFor == nil {
                for other in after.otherAgents ?? [] { try await ended(other) }
            }
        case .joined:
            try await started(event.agent)
        case .left:
            try await ended(event.agent)
        case .ended where !after.inbound:
            // An outbound call nobody answered: nothing to wrap up.
            try await ended(after.agent, afterCallWork: false)
        default:
            break
        }
        return changes
    }

    /// The user an event names by username (any case) or id; nil for none. While an event is
    /// applied, each name is looked up once (`resolvedAgents`), not again by every step.
    func agent(_ name: String?) async throws -> RecordID? {
        guard let name = name?.trimmingSpaces, !name.isEmpty else { return nil }
        let resolved = Self.resolvedAgents
        if let known = resolved?.ids.withLock({ $0[name] }) { return known }
        let user: RecordID
        if let id = try? RecordID(parsing: name), id.keyPrefix == StandardObjects.user.keyPrefix,
           try await records.repository.existingIDs([id]).contains(id) {
            user = id
        } else {
            let username = StandardObjects.user.field(named: "Username")!
            let found = try await records.repository.list(StandardObjects.user, query: RecordQuery(filters: [FieldFilter(field: username, op: .eq, value: .text(name))], limit: 1))
            guard let id = found.records.first?.id else {
                throw RecordValidationError(object: "event", issues: [FieldIssue(field: "agent", message: "'\(name)' is not a Switchboard user (give a username or a user id)")])
            }
            user = id
        }
        resolved?.ids.withLock { $0[name] = user }
        return user
    }

    /// The users named while one event is applied, by the name given.
    final class ResolvedAgents: Sendable {
        let ids = Mutex<[String: RecordID]>([:])
    }

    @TaskLocal static var resolvedAgents: ResolvedAgents?
}

extension Sequence {
    /// The non-nil results of an async transform, in order.
    func asyncCompactMap<T>(_ transform: (Element) async throws -> T?) async rethrows -> [T] {
        var result: [T] = []
        for element in self { if let value = try await transform(element) { result.append(value) } }
        return result
    }
}

/// The VoiceCall id a ringing frame went out with, for the retraction should the writes fail
/// (set and read in one task).
private final class RingingTold {
    var id: RecordID?
}
