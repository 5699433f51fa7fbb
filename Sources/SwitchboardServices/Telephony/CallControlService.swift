import Foundation
public import SwitchboardCore

/// The call control API's commands (docs/call-control.md): what an agent does in the softphone
/// becomes a call event, applied at once so every screen follows, and a command to the phone
/// system that carries the call (`ProviderCommands`). The phone system is told first: a command it
/// refuses changes nothing.
public struct CallControlService: Sendable {
    let telephony: TelephonyEventService
    let calls: CallLogService
    public let providers: ProviderCommands
    let clock: any WallClock

    public init(telephony: TelephonyEventService, calls: CallLogService, providers: ProviderCommands, clock: any WallClock) {
        self.telephony = telephony
        self.calls = calls
        self.providers = providers
        self.clock = clock
    }

    public var channels: AgentChannels { telephony.channels }

    /// What a softphone gets when it connects: its presence and its calls, and the frames it
    /// missed when it gives the last sequence number it saw (nil when they are gone: start afresh).
    public struct Welcome: Sendable {
        public var seq: Int64
        public var presence: AgentPresenceView
        public var calls: [AgentCallView]
        public var missed: [AgentChannels.Frame]?
    }

    /// Connects the agent's softphone (replacing any other) and says where it stands.
    public func connect(_ principal: Principal, resumeAfter seq: Int64?, epoch: String?) async throws -> (AgentChannels.Connection, Welcome) {
        let connection = await channels.connect(principal.userID)
        let latest = await channels.latestSeq(of: principal.userID)
        let missed: [AgentChannels.Frame]? = if let seq, epoch == channels.epoch { await channels.frames(of: principal.userID, after: seq) } else { nil }
        let presence = try await telephony.presence.presence(of: principal.userID)
        let active = try await telephony.activeCalls(of: principal.userID)
        return (connection, Welcome(seq: latest, presence: AgentPresenceView(presence), calls: active, missed: missed))
    }

    /// What a command did, for the reply.
    public enum Result: Sendable {
        case call(AgentCallView)
        case presence(AgentPresenceView)
        case wrappedUp(voiceCallID: RecordID, taskID: RecordID)
        case sent
    }

    /// Performs one command for the signed-in agent.
    /// - Throws: `RecordValidationError` for a command that is not right, `CallTransitionError`
    ///   when the call cannot do it now, `RecordError.notFound`, `AuthError.forbidden` for
    ///   another agent's call, `PresenceError`, `ProviderError` when the phone system refuses.
    public func perform(_ command: CallControlCommand, by principal: Principal) async throws -> Result {
        let issues = command.issues
        guard issues.isEmpty else { throw RecordValidationError(object: "command", issues: issues) }
        switch command.op {
        case .presence:
            guard let status = PresenceStatus.allCases.first(where: { $0.rawValue.lowercased() == command.status!.trimmingSpaces.lowercased() }) else {
                throw RecordValidationError(object: "command", issues: [FieldIssue(field: "status", message: "'\(command.status!)' is not a status; choose Available, Away or Offline")])
            }
            return .presence(AgentPresenceView(try await telephony.presence.choose(status, reason: command.reason, by: principal)))
        case .dial:
            return .call(try await dial(command.number!, by: principal))
        case .wrapUp:
            let (progress, callID) = try await telephony.call(command.callKey!)
            guard progress.phase == .ended else { throw CallTransitionError(message: "call \(progress.callKey) is \(progress.phase.rawValue); wrap up after it ends") }
            let (call, task) = try await calls.wrapUp(callID: callID.eighteen, .init(disposition: command.disposition, notes: command.notes), by: principal)
            return .wrappedUp(voiceCallID: call.id, taskID: task.id)
        default:
            return try await act(on: command, by: principal)
        }
    }

    /// The commands on one of the agent's calls.
    private func act(on command: CallControlCommand, by principal: Principal) async throws -> Result {
        let (progress, callID) = try await telephony.settledCall(command.callKey!)
        let agent = try? await telephony.agent(progress.agent)
        let others = await (progress.otherAgents ?? []).asyncCompactMap { try? await telephony.agent($0) }
        guard agent == principal.userID || others.contains(principal.userID) else {
            throw AuthError.forbidden(action: "\(command.op.rawValue) call \(progress.callKey), which is not yours", needs: .supervisor, has: principal.role)
        }
        let me = principal.userID.eighteen
        func refuse(_ why: String) -> CallTransitionError { CallTransitionError(message: "cannot \(command.op.rawValue) call \(progress.callKey): \(why)") }
        func event(_ kind: TelephonyEvent.Kind, agent: String? = nil, queue: String? = nil, reason: String? = nil) -> TelephonyEvent {
            TelephonyEvent(id: "cc-\(UUID().uuidString.lowercased())", callKey: progress.callKey, kind: kind, at: clock.now(), queue: queue, agent: agent, reason: reason)
        }
        func provider(_ kind: ProviderCommand.Kind, to: String? = nil, digits: String? = nil) async throws {
            try await providers.send(ProviderCommand(id: UUID().uuidString.lowercased(), command: kind, callKey: progress.callKey, agent: principal.username, to: to, digits: digits, at: clock.now()), connection: progress.connection)
        }
        func applied(_ e: TelephonyEvent, routing center: RecordID? = nil) async throws -> Result {
            let outcome = try await telephony.apply(e, by: principal, connection: nil, routingCallCenter: center)
            let agentID = try? await telephony.agent(outcome.progress.agent)
            return .call(AgentCallView(outcome.progress, voiceCallID: outcome.call.id, agentID: agentID, muted: await channels.isMuted(progress.callKey, by: principal.userID)))
        }
        switch command.op {
        case .answer:
            guard progress.phase == .ringing, progress.inbound else { throw refuse("it is \(progress.phase.rawValue), not ringing for you") }
            // The SIP gateway's call rings the agent's SIP phone: the voice is there, so is the answer.
            if progress.connection == ProviderCommands.sipGateway, progress.consultFor == nil { throw refuse("it is ringing on your SIP phone; answer it there") }
            try await provider(.answer)
            return try await applied(event(.answered, agent: me))
        case .decline:
            guard progress.phase == .ringing, progress.inbound else { throw refuse("it is \(progress.phase.rawValue), not ringing for you") }
            try await provider(.decline)
            if progress.consultFor != nil { return try await applied(event(.ended, reason: "ConsultDeclined")) }
            guard let center = progress.routingCallCenter.flatMap({ try? RecordID(parsing: $0) }) else {
                return .sent  // the phone system routes this call; it was told
            }
            _ = try await telephony.offerToNext(progress, center: center, busyRinging: [], excludingTried: true,
                                                awayReason: TelephonyEventService.declinedCallReason, by: principal)
            return .call(AgentCallView(progress, voiceCallID: callID, agentID: nil, muted: false))
        case .hangup:
            guard progress.phase != .ended else { throw refuse("it already ended") }
            try await provider(.hangup)
            if progress.consultFor == nil, !others.isEmpty, progress.phase == .connected || progress.phase == .held {
                // In a conference an agent who hangs up leaves; the others go on with the caller.
                return try await applied(event(.left, agent: me))
            }
            return try await applied(event(.ended, reason: progress.consultFor == nil ? "AgentHangup" : "ConsultEnded"))
        case .hold:
            guard progress.phase == .connected else { throw refuse("it is \(progress.phase.rawValue); only a connected call can be held") }
            try await provider(.hold)
            return try await applied(event(.held))
        case .resume:
            guard progress.phase == .held else { throw refuse("it is \(progress.phase.rawValue), not on hold") }
            try await provider(.resume)
            return try await applied(event(.resumed))
        case .mute, .unmute:
            guard progress.phase == .connected || progress.phase == .held else { throw refuse("it is \(progress.phase.rawValue), not in conversation") }
            try await provider(command.op == .mute ? .mute : .unmute)
            await channels.setMuted(command.op == .mute, callKey: progress.callKey, by: principal.userID)
            let view = AgentCallView(progress, voiceCallID: callID, agentID: principal.userID, muted: command.op == .mute)
            await channels.publish(call: view, to: principal.userID)
            return .call(view)
        case .dtmf:
            guard progress.phase == .connected else { throw refuse("it is \(progress.phase.rawValue); tones go to a connected call") }
            try await provider(.dtmf, digits: command.digits)
            return .sent
        case .transfer:
            guard progress.phase == .connected || progress.phase == .held else { throw refuse("it is \(progress.phase.rawValue); only a call in conversation can be transferred") }
            return try await transfer(progress, to: TransferTarget(parsing: command.to!), by: principal, provider: provider, event: event, applied: applied)
        case .consult:
            return try await consult(progress, to: command.to!, by: principal)
        case .completeTransfer, .conference:
            return try await finishConsult(progress, conference: command.op == .conference, by: principal)
        case .presence, .dial, .wrapUp:
            preconditionFailure("handled by perform")
        }
    }

    private func transfer(
        _ progress: CallProgress, to target: TransferTarget, by principal: Principal,
        provider: (ProviderCommand.Kind, String?, String?) async throws -> Void,
        event: (TelephonyEvent.Kind, String?, String?, String?) -> TelephonyEvent,
        applied: (TelephonyEvent, RecordID?) async throws -> Result
    ) async throws -> Result {
        switch target {
        case .agent(let name):
            guard let user = try await telephony.agent(name) else { throw RecordValidationError(object: "command", issues: [FieldIssue(field: "to", message: "name an agent")]) }
            guard user != principal.userID else { throw CallTransitionError(message: "cannot transfer call \(progress.callKey) to yourself") }
            let presence = try await telephony.presence.presence(of: user)
            guard presence.status == .available else {
                throw CallTransitionError(message: "cannot transfer call \(progress.callKey) to \(name): they are \(presence.status.rawValue); choose an available agent or a queue")
            }
            try await provider(.transfer, name, nil)
            return try await applied(event(.transferred, user.eighteen, nil, nil), nil)
        case .queue(let key):
            let center = try await calls.callCenters.find(key)
            try await provider(.transfer, "queue:\(center.definition.internalName)", nil)
            return try await applied(event(.transferred, nil, center.definition.internalName, nil), center.id)
        case .number(let number):
            try await provider(.transfer, number, nil)
            return try await applied(event(.ended, nil, nil, "TransferredOut"), nil)
        }
    }

    /// A supervisor's simulated caller (the agents page's button): rings `to`, a call center's
    /// DNIS number, from `from`; waits up to a minute for an agent and talks for 30 s.
    public func simulateCall(from: String, to: String, by principal: Principal) async throws -> TelephonyEventService.Outcome {
        guard principal.role >= .supervisor else { throw AuthError.forbidden(action: "simulate calls", needs: .supervisor, has: principal.role) }
        var issues: [FieldIssue] = []
        if !from.contains(where: \.isNumber) { issues.append(FieldIssue(field: "from", message: "is the caller's number, e.g. +1 415 555 0134")) }
        if !to.contains(where: \.isNumber) { issues.append(FieldIssue(field: "to", message: "is a call center's DNIS number")) }
        guard issues.isEmpty else { throw RecordValidationError(object: "simulated call", issues: issues) }
        // The simulator acts as a phone system would, through the events API's own path.
        let simulator = Principal(userID: principal.userID, username: principal.username, role: principal.role, kind: .system)
        return try await providers.simulator.call(from: from, to: to, telephony: telephony, by: simulator)
    }

    /// Consult transfer, first step: the customer is held and the agent's colleague (`to`) rings
    /// with a consult call (`consultFor` = the customer's call).
    private func consult(_ customer: CallProgress, to name: String, by principal: Principal) async throws -> Result {
        guard customer.consultFor == nil, customer.phase == .connected || customer.phase == .held else {
            throw CallTransitionError(message: "cannot consult on call \(customer.callKey): it is \(customer.phase.rawValue); consult from a customer's call in conversation")
        }
        guard let colleague = try await telephony.agent(name), colleague != principal.userID else {
            throw RecordValidationError(object: "command", issues: [FieldIssue(field: "to", message: "name another agent to consult")])
        }
        let presence = try await telephony.presence.presence(of: colleague)
        guard presence.status == .available else {
            throw CallTransitionError(message: "cannot consult \(name): they are \(presence.status.rawValue); choose an available agent")
        }
        let now = clock.now()
        try await providers.send(ProviderCommand(id: UUID().uuidString.lowercased(), command: .consult, callKey: customer.callKey, agent: principal.username, to: name, at: now), connection: customer.connection)
        if customer.phase == .connected {
            _ = try await telephony.apply(TelephonyEvent(id: "cc-\(UUID().uuidString.lowercased())", callKey: customer.callKey, kind: .held, at: now), by: principal, connection: nil)
        }
        let key = "consult-\(UUID().uuidString.lowercased())"
        let (me, customerKey, connection) = (principal.userID.eighteen, customer.callKey, customer.connection)
        _ = try await telephony.apply(TelephonyEvent(id: "\(key)-offered", callKey: key, kind: .offered, at: now, direction: "inbound", from: customer.from, to: name, agent: colleague.eighteen),
                                      by: principal, connection: connection) { progress in
            progress.consultFor = customerKey
            progress.otherAgents = [me]
        }
        let ringing = try await telephony.apply(TelephonyEvent(id: "\(key)-ringing", callKey: key, kind: .ringing, at: now, agent: colleague.eighteen), by: principal, connection: nil)
        return .call(AgentCallView(ringing.progress, voiceCallID: ringing.call.id, agentID: colleague, otherAgentIDs: [principal.userID], muted: false))
    }

    /// Consult transfer, last step, from the consult call: the customer goes to the consulted
    /// agent (`conference` false: the consulting agent leaves) or all three talk (`conference` true).
    private func finishConsult(_ consult: CallProgress, conference: Bool, by principal: Principal) async throws -> Result {
        guard let customerKey = consult.consultFor, consult.phase == .connected else {
            throw CallTransitionError(message: "cannot \(conference ? "conference" : "complete the transfer") on call \(consult.callKey): \(consult.consultFor == nil ? "it is not a consult call" : "the consulted agent has not answered")")
        }
        guard (consult.otherAgents ?? []).contains(principal.userID.eighteen), let colleague = try await telephony.agent(consult.agent) else {
            throw AuthError.forbidden(action: "finish a consult you did not start", needs: .supervisor, has: principal.role)
        }
        let (customer, _) = try await telephony.call(customerKey)
        let now = clock.now()
        try await providers.send(ProviderCommand(id: UUID().uuidString.lowercased(), command: conference ? .conference : .completeTransfer, callKey: customerKey,
                                                 agent: principal.username, to: consult.agent, at: now), connection: customer.connection)
        func event(_ key: String, _ kind: TelephonyEvent.Kind, agent: String? = nil, reason: String? = nil) -> TelephonyEvent {
            TelephonyEvent(id: "cc-\(UUID().uuidString.lowercased())", callKey: key, kind: kind, at: now, agent: agent, reason: reason)
        }
        // The consult call ends first, so the colleague's presence goes from it to the customer's call.
        _ = try await telephony.apply(event(consult.callKey, .ended, reason: conference ? "Conferenced" : "TransferCompleted"), by: principal, connection: nil)
        var outcome: TelephonyEventService.Outcome
        if conference {
            outcome = try await telephony.apply(event(customerKey, .joined, agent: colleague.eighteen), by: principal, connection: nil)
            if outcome.progress.phase == .held { outcome = try await telephony.apply(event(customerKey, .resumed), by: principal, connection: nil) }
        } else {
            outcome = try await telephony.apply(event(customerKey, .transferred, agent: colleague.eighteen), by: principal, connection: nil)
        }
        let primary = try await telephony.agent(outcome.progress.agent)
        let others = await (outcome.progress.otherAgents ?? []).asyncCompactMap { try? await telephony.agent($0) }
        return .call(AgentCallView(outcome.progress, voiceCallID: outcome.call.id, agentID: primary, otherAgentIDs: others, muted: false))
    }

    /// Dial out: a new outbound call for the agent, carried by the dial-out connection (the
    /// built-in simulated far end unless one is configured), ringing at the far end.
    private func dial(_ number: String, by principal: Principal) async throws -> AgentCallView {
        let digits = number.filter { $0.isNumber || $0 == "+" }
        guard digits.contains(where: \.isNumber), digits.count <= 32 else {
            throw RecordValidationError(object: "command", issues: [FieldIssue(field: "number", message: "'\(number)' is not a phone number")])
        }
        let key = "sb-\(UUID().uuidString.lowercased())"
        let connection = providers.dialConnection
        try await providers.send(ProviderCommand(id: UUID().uuidString.lowercased(), command: .dial, callKey: key, agent: principal.username, to: number, at: clock.now()), connection: connection)
        let now = clock.now()
        let me = principal.userID.eighteen
        // Busy while dialling, so routing offers the agent nothing else.
        try await telephony.presence.callStarted(principal.userID, at: now)
        _ = try await telephony.apply(TelephonyEvent(id: "\(key)-offered", callKey: key, kind: .offered, at: now, direction: "outbound", to: number, agent: me),
                                      by: principal, connection: connection)
        let outcome = try await telephony.apply(TelephonyEvent(id: "\(key)-ringing", callKey: key, kind: .ringing, at: now, agent: me), by: principal, connection: nil)
        return AgentCallView(outcome.progress, voiceCallID: outcome.call.id, agentID: principal.userID, muted: false)
    }
}
