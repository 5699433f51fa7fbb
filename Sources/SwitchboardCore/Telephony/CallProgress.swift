/// Where a call is.
public enum CallPhase: String, Sendable, Codable {
    case offered, queued, ringing, connected, held, ended
}

/// An event that cannot apply to the call as it stands; `message` says why and what is expected.
public struct CallTransitionError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// A call as its events have built it: a pure value; `apply` checks each event against the
/// call's phase and refuses impossible ones with a reason. Repeats (a known event id) change
/// nothing; events that arrive late are used where they still make sense (an answer that
/// happened before the end, a recording after it) and refused otherwise.
public struct CallProgress: Sendable, Hashable, Codable {
    public var callKey: String
    public var phase: CallPhase
    public var inbound: Bool
    public var from: String?
    public var to: String?
    public var queue: String?
    /// The agent as the provider named them, and as resolved to a user.
    public var agent: String?
    public var offeredAt: Instant
    public var queuedAt: Instant?
    public var ringingAt: Instant?
    public var answeredAt: Instant?
    public var endedAt: Instant?
    public var holdStartedAt: Instant?
    public var holds = 0
    public var longestHoldMilliseconds: Int64 = 0
    public var totalHoldMilliseconds: Int64 = 0
    public var transfers = 0
    public var recordingURL: String?
    public var disconnectReason: String?
    /// The time of the latest event applied.
    public var lastEventAt: Instant
    /// Ids of the events applied, most recent last (at most `rememberedEvents`).
    public var eventIDs: [String] = []
    /// Agents the call has rung for, in order (optional so progress stored before it still reads).
    public var triedAgents: [String]?
    /// The call center whose routing offers this call (its id), when Switchboard routes it.
    public var routingCallCenter: String?
    /// The connection (the API token's id) that carries the call: where the agents' commands are sent.
    public var connection: String?
    /// Agents on the call besides `agent`: the others in a conference; on a consult call, the
    /// agent who is consulting.
    public var otherAgents: [String]?
    /// On a consult call (an agent asking another before a transfer): the customer's call key.
    public var consultFor: String?

    static let rememberedEvents = 64

    /// Starts a call from its first event. A call's first event may be any but `recording`
    /// (providers do not always send `offered`).
    public init(first event: TelephonyEvent) throws(CallTransitionError) {
        guard event.kind != .recording else {
            throw CallTransitionError(message: "call \(event.callKey) is unknown; its first event must be offered, queued, ringing, answered or ended, not recording")
        }
        callKey = event.callKey
        phase = .offered
        inbound = event.direction.map { $0.lowercased() != "outbound" } ?? true
        from = event.from
        to = event.to
        queue = event.queue
        offeredAt = event.at
        lastEventAt = event.at
        if event.kind != .offered { try applyTransition(event) }
        remember(event.id)
    }

    /// Applies an event. - Returns: false for a repeat (nothing changed).
    @discardableResult
    public mutating func apply(_ event: TelephonyEvent) throws(CallTransitionError) -> Bool {
        if eventIDs.contains(event.id) { return false }
        if isEcho(event) {
            remember(event.id)
            return false
        }
        if event.from != nil, from == nil { from = event.from }
        if event.to != nil, to == nil { to = event.to }
        if event.queue != nil { queue = event.queue }
        try applyTransition(event)
        lastEventAt = max(lastEventAt, event.at)
        remember(event.id)
        return true
    }

    /// A provider reporting what an agent's command already did (the answer it was told to
    /// connect, a hold it was asked for) changes nothing rather than being refused.
    func isEcho(_ event: TelephonyEvent) -> Bool {
        let sameAgent = event.agent == nil || event.agent == agent
        switch (event.kind, phase) {
        case (.answered, .connected), (.answered, .held): return sameAgent && answeredAt != nil
        case (.held, .held): return true
        case (.resumed, .connected): return holds > 0 && holdStartedAt == nil
        default: return false
        }
    }

    private mutating func remember(_ id: String) {
        eventIDs.append(id)
        if eventIDs.count > Self.rememberedEvents { eventIDs.removeFirst(eventIDs.count - Self.rememberedEvents) }
    }

    private func refuse(_ event: TelephonyEvent, _ why: String) -> CallTransitionError {
        let late = event.at < lastEventAt ? " (it arrived out of order: the call's latest event is at \(lastEventAt.salesforceFormat))" : ""
        return CallTransitionError(message: "\(event.kind.rawValue) at \(event.at.salesforceFormat) cannot apply to call \(callKey): \(why)\(late)")
    }

    private mutating func applyTransition(_ event: TelephonyEvent) throws(CallTransitionError) {
        switch (event.kind, phase) {
        case (.offered, _):
            // A late offered only fills in what the call did not know.
            if event.at < offeredAt { offeredAt = event.at }
        case (.queued, .offered), (.queued, .ringing):
            queuedAt = queuedAt ?? event.at
            // Back in the queue after ringing unanswered: nobody has the call.
            agent = nil
            phase = .queued
        case (.ringing, .offered), (.ringing, .queued), (.ringing, .ringing):
            // Ringing again is the next agent after a ring timeout.
            ringingAt = event.at
            agent = event.agent ?? agent
            if let rung = event.agent { triedAgents = (triedAgents ?? []) + [rung] }
            phase = .ringing
        case (.answered, .offered), (.answered, .queued), (.answered, .ringing):
            answeredAt = event.at
            agent = event.agent ?? agent
            phase = .connected
        case (.answered, .ended):
            // Answered before it ended, reported after: the call was answered.
            guard answeredAt == nil, let endedAt, event.at <= endedAt else {
                throw refuse(event, answeredAt == nil ? "it ended at \(endedAt?.salesforceFormat ?? "?") before this answer" : "it was already answered")
            }
            answeredAt = event.at
            agent = event.agent ?? agent
        case (.held, .connected):
            holdStartedAt = event.at
            holds += 1
            phase = .held
        case (.resumed, .held):
            closeHold(at: event.at)
            phase = .connected
        case (.transferred, .connected) where event.agent == nil && event.queue != nil,
             (.transferred, .held) where event.agent == nil && event.queue != nil:
            // Transferred to a queue: it waits there for the next free agent.
            closeHold(at: event.at)
            transfers += 1
            agent = nil
            triedAgents = []
            queuedAt = event.at
            phase = .queued
        case (.transferred, .connected), (.transferred, .held):
            closeHold(at: event.at)
            transfers += 1
            agent = event.agent ?? agent
            phase = .connected
        case (.ended, .ended):
            throw refuse(event, "it already ended at \(endedAt!.salesforceFormat)")
        case (.ended, _):
            closeHold(at: event.at)
            endedAt = event.at
            disconnectReason = event.reason ?? disconnectReason
            phase = .ended
        case (.recording, _):
            guard let url = event.recordingURL, !url.isEmpty else { throw refuse(event, "recording needs recordingUrl") }
            recordingURL = url
        case (.joined, .connected), (.joined, .held):
            guard let who = event.agent, who != agent else { throw refuse(event, "joined names the agent who joins, not the call's own agent") }
            if !(otherAgents ?? []).contains(who) { otherAgents = (otherAgents ?? []) + [who] }
        case (.left, .connected), (.left, .held):
            guard let who = event.agent else { throw refuse(event, "left names the agent who leaves") }
            var others = otherAgents ?? []
            if who == agent {
                guard !others.isEmpty else { throw refuse(event, "\(who) is the only agent on the call; end it instead") }
                agent = others.removeFirst()
            } else {
                guard let index = others.firstIndex(of: who) else { throw refuse(event, "\(who) is not on the call") }
                others.remove(at: index)
            }
            otherAgents = others.isEmpty ? nil : others
        default:
            throw refuse(event, "the call is \(phase.rawValue); \(event.kind.rawValue) follows \(Self.allowedBefore[event.kind] ?? "")")
        }
    }

    /// What each event may follow, for the refusal messages.
    static let allowedBefore: [TelephonyEvent.Kind: String] = [
        .queued: "offered or ringing", .ringing: "offered, queued or ringing", .answered: "offered, queued or ringing",
        .held: "connected", .resumed: "held", .transferred: "connected or held", .ended: "any phase but ended",
        .joined: "connected or held", .left: "connected or held",
    ]

    private mutating func closeHold(at time: Instant) {
        guard let started = holdStartedAt else { return }
        let held = max(0, time.millisecondsSince1970 - started.millisecondsSince1970)
        totalHoldMilliseconds += held
        longestHoldMilliseconds = max(longestHoldMilliseconds, held)
        holdStartedAt = nil
    }

    /// Since when the call has been in its phase (for ring timeouts and queue order).
    public var phaseSince: Instant {
        switch phase {
        case .ringing: ringingAt ?? lastEventAt
        case .queued: queuedAt ?? offeredAt
        default: lastEventAt
        }
    }

    /// The VoiceCall fields this call's events give (`CallFacts` works out the rest).
    public func voiceCallFields(agentUserID: RecordID?) -> [(String, RawValue)] {
        func time(_ instant: Instant?) -> RawValue { instant.map { .string($0.salesforceFormat) } ?? .null }
        let queues = inbound && consultFor == nil
        var fields: [(String, RawValue)] = [
            ("CallType", .string(consultFor != nil ? "Consult" : inbound ? "Inbound" : "Outbound")),
            ("CallStartDateTime", time(offeredAt)),
            ("CallQueuedDateTime", time(queues ? (queuedAt ?? offeredAt) : nil)),
            ("CallAcceptDateTime", time(answeredAt)), ("CallConnectDateTime", time(answeredAt)),
            ("CallEndDateTime", time(endedAt)),
            ("NumberOfHolds", .integer(Int64(holds))),
            ("LongestHoldDuration", .integer((longestHoldMilliseconds + 500) / 1000)),
            ("CustomerHoldDuration", .integer((totalHoldMilliseconds + 500) / 1000)),
            ("VendorType", .string("ContactCenter")),
        ]
        if let from { fields.append(("FromPhoneNumber", .string(String(from.prefix(40))))) }
        if let to { fields.append(("ToPhoneNumber", .string(String(to.prefix(40))))) }
        if let queue { fields.append(("QueueName", .string(queue))) }
        if let agentUserID { fields.append(("UserId", .string(agentUserID.eighteen))) }
        if let disconnectReason { fields.append(("DisconnectReason", .string(disconnectReason))) }
        if let recordingURL { fields += [("RecordingUrl", .string(recordingURL)), ("IsRecorded", .boolean(true))] }
        return fields
    }
}
