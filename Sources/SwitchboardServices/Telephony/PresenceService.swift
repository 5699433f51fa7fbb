public import SwitchboardCore
import Synchronization

/// Agents' presence, kept on the server: agents choose Available, Away or Offline; calls make
/// them Busy and then After-call work for their call center's limit; supervisors see everyone.
public struct PresenceService: Sendable {
    let repository: any PresenceRepository
    let records: RecordService
    let wrapUp: any DispositionRepository
    let clock: any WallClock
    let serializer = KeyedSerializer()
    /// Agents' softphones, told of every change to their presence.
    public let channels: AgentChannels

    /// The after-call work limit where a call center sets none.
    public static let defaultAfterCallWorkSeconds: Int64 = 60

    public init(repository: any PresenceRepository, records: RecordService, wrapUp: any DispositionRepository, clock: any WallClock,
                channels: AgentChannels = AgentChannels()) {
        self.channels = channels
        self.repository = repository
        self.records = records
        self.wrapUp = wrapUp
        self.clock = clock
    }

    /// The user's presence now (Offline when never set).
    public func presence(of user: RecordID) async throws -> AgentPresence {
        let now = clock.now()
        return try await repository.find(userID: user)?.effective(at: now) ?? AgentPresence(userID: user, since: Instant(millisecondsSince1970: 0))
    }

    /// The signed-in agent chooses a status.
    /// - Throws: `PresenceError` (Busy/After-call work are set by calls; Away needs a reason; not during a call).
    public func choose(_ status: PresenceStatus, reason: String?, by principal: Principal) async throws -> AgentPresence {
        var given = reason
        if status == .away, let text = reason {
            // With a list defined, the reason is one of it (any case).
            let reasons = try await repository.awayReasons()
            if !reasons.isEmpty {
                guard let match = DispositionList.match(text, in: reasons) else {
                    throw PresenceError(message: "'\(text)' is not an away reason; choose one of \(reasons.joined(separator: ", "))")
                }
                given = match
            }
        }
        let chosen = given
        return try await change(principal.userID) { presence, now in try presence.choose(status, reason: chosen, at: now) }
    }

    /// The reasons agents may give for Away (empty: any text).
    public func awayReasons() async throws -> [String] { try await repository.awayReasons() }

    /// Replaces the away reasons (admins).
    /// - Throws: `RecordValidationError` naming each bad reason; nothing changes then.
    public func setAwayReasons(_ reasons: [String], by principal: Principal) async throws -> [String] {
        guard principal.role >= .admin else {
            throw AuthError.forbidden(action: "change away reasons", needs: .admin, has: principal.role)
        }
        let clean = try DispositionList.check(reasons, field: "reasons", maximumLength: AgentPresence.maximumReasonLength, object: "presence", fits: "a reason").get()
        try await repository.setAwayReasons(clean)
        return clean
    }

    /// Everyone's presence with their names, for supervisors.
    public func all(by principal: Principal) async throws -> [(presence: AgentPresence, name: String, callCenterID: RecordID?)] {
        guard principal.role >= .supervisor else {
            throw AuthError.forbidden(action: "see agents' presence", needs: .supervisor, has: principal.role)
        }
        let now = clock.now()
        var rows: [(presence: AgentPresence, name: String, callCenterID: RecordID?)] = []
        for presence in try await repository.all() {
            guard let user = try await records.repository.find(StandardObjects.user, id: presence.userID) else { continue }
            let center: RecordID? = if case .id(let id) = user["CallCenterId"] { id } else { nil }
            rows.append((presence.effective(at: now), user["Name"].textValue ?? user["Username"].textValue ?? presence.userID.eighteen, center))
        }
        return rows.sorted { $0.name < $1.name }
    }

    /// Who an inbound call to this call center is offered to: its available agent idle longest.
    public func route(callCenter: RecordID, excluding tried: Set<RecordID> = []) async throws -> RecordID? {
        // One query whatever the team's size: the store orders the free agents by the same rule.
        let now = clock.now()
        let candidates = try await repository.routable(callCenter: callCenter, at: now, excluding: tried, limit: 1)
        return Routing.longestIdle(candidates, at: now, excluding: tried)
    }

    /// Routing: a call rang out or was declined; the agent is Away with `reason` until they choose
    /// Available again (unless they changed status meanwhile).
    func callMissed(_ user: RecordID, reason: String) async throws {
        _ = try await change(user) { presence, now in
            if presence.status == .available { try presence.choose(.away, reason: reason, at: now) }
        }
    }

    /// The call flow: the agent took a call.
    func callStarted(_ user: RecordID, at time: Instant) async throws {
        _ = try await change(user) { presence, _ in presence.callStarted(at: time) }
    }

    /// What a call event does to one agent's presence.
    enum CallChange: Sendable {
        case started(at: Instant)
        /// After-call work for the call center's limit, or none.
        case ended(at: Instant, afterCallWork: Bool)
    }

    /// Stores what a call event does to agents' presence in the call's own transaction — one
    /// write a call event, not one for the call and one per agent (docs/benchmarks.md, session 12).
    /// `write` runs the call's transaction holding each agent's presence turn (taken in one order
    /// for all, and before the transaction: nothing waits for a turn while holding SQLite's
    /// writer), and calls the closure it is given inside that transaction with the call's call
    /// center. The agents' softphones are told once it has committed.
    func storingCallChanges<R: Sendable>(
        _ changes: [(user: RecordID, change: CallChange)],
        write: @Sendable (_ storeChanges: @escaping @Sendable (_ callCenter: RecordID?) async throws -> Void) async throws -> R
    ) async throws -> R {
        guard !changes.isEmpty else { return try await write { _ in } }
        let stored = StoredPresences()
        let (repository, wrapUp, clock, channels) = (repository, wrapUp, clock, channels)
        return try await holdingTurns(of: Set(changes.map(\.user)).sorted { $0.rawValue < $1.rawValue }[...]) {
            let result = try await write { callCenter in
                let needsLimit = changes.contains { if case .ended(_, true) = $0.change { true } else { false } }
                let limit = needsLimit ? try await callCenter.asyncMap { try await wrapUp.afterCallWorkSeconds(callCenter: $0) } ?? nil : nil
                let now = clock.now()
                for (user, change) in changes {
                    var presence = try await repository.find(userID: user)?.effective(at: now) ?? AgentPresence(userID: user, since: now)
                    switch change {
                    case .started(let at): presence.callStarted(at: at)
                    case .ended(let at, let afterCallWork): presence.callEnded(at: at, afterCallWorkSeconds: afterCallWork ? limit ?? Self.defaultAfterCallWorkSeconds : 0)
                    }
                    try await repository.save(presence)
                    stored.append(presence)
                }
            }
            // Still holding the turns, so a later change of the same agent is told after this one.
            for presence in stored.latestPerUser { await channels.publish(presence: AgentPresenceView(presence), to: presence.userID) }
            return result
        }
    }

    private func holdingTurns<R: Sendable>(of users: ArraySlice<RecordID>, _ body: @Sendable () async throws -> R) async throws -> R {
        guard let first = users.first else { return try await body() }
        return try await serializer.run(first.rawValue) { try await holdingTurns(of: users.dropFirst(), body) }
    }

    private func change(_ user: RecordID, _ body: @Sendable @escaping (inout AgentPresence, Instant) throws -> Void) async throws -> AgentPresence {
        try await serializer.run(user.rawValue) {
            let now = clock.now()
            var presence = try await repository.find(userID: user)?.effective(at: now) ?? AgentPresence(userID: user, since: now)
            try body(&presence, now)
            try await repository.save(presence)
            await channels.publish(presence: AgentPresenceView(presence), to: user)
            return presence
        }
    }
}

/// The presences a call's transaction stored, to tell the agents once it commits.
private final class StoredPresences: Sendable {
    private let presences = Mutex<[AgentPresence]>([])

    func append(_ presence: AgentPresence) { presences.withLock { $0.append(presence) } }

    /// Each agent's last stored presence, in the order stored.
    var latestPerUser: [AgentPresence] {
        presences.withLock { all in all.enumerated().filter { index, p in !all[(index + 1)...].contains { $0.userID == p.userID } }.map(\.element) }
    }
}
