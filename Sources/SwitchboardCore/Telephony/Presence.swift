/// An agent's presence, as routing and supervisors see it.
public enum PresenceStatus: String, Sendable, Codable, CaseIterable {
    case offline = "Offline"
    case available = "Available"
    /// On a call; set by the call flow.
    case busy = "Busy"
    /// Wrapping up after a call, until the call center's limit; set by the call flow.
    case afterCallWork = "AfterCallWork"
    case away = "Away"
}

/// A presence change that is not allowed, with the reason.
public struct PresenceError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// One agent's presence: a pure value. After-call work ends by itself at its limit — `effective`
/// reads the status at a time, so no timer is needed.
public struct AgentPresence: Sendable, Hashable {
    public var userID: RecordID
    public var status: PresenceStatus
    /// Why the agent is away (`Lunch`, `Training`…).
    public var reason: String?
    public var since: Instant
    /// When after-call work ends on its own.
    public var afterCallWorkUntil: Instant?
    /// Since when the agent has been free for a call: what "idle longest" routing compares.
    public var idleSince: Instant?

    public static let maximumReasonLength = 80

    public init(userID: RecordID, status: PresenceStatus = .offline, since: Instant) {
        self.userID = userID
        self.status = status
        self.since = since
        self.idleSince = status == .available ? since : nil
    }

    /// The presence as it stands at `now`: after-call work past its limit is Available.
    public func effective(at now: Instant) -> AgentPresence {
        guard status == .afterCallWork, let until = afterCallWorkUntil, now >= until else { return self }
        var free = self
        free.status = .available
        free.since = until
        free.idleSince = until
        free.afterCallWorkUntil = nil
        return free
    }

    /// The agent changes their own status: Available, Away (with a reason) or Offline; from
    /// after-call work straight to Available ends it early. Busy and after-call work come from calls.
    public mutating func choose(_ wanted: PresenceStatus, reason: String?, at now: Instant) throws(PresenceError) {
        let current = effective(at: now)
        var newReason: String? = nil
        switch wanted {
        case .busy, .afterCallWork:
            throw PresenceError(message: "\(wanted.rawValue) is set by calls; choose Available, Away or Offline")
        case .away:
            let text = reason?.trimmingSpaces ?? ""
            guard !text.isEmpty, text.count <= Self.maximumReasonLength else {
                throw PresenceError(message: "Away needs a reason of 1 to \(Self.maximumReasonLength) characters, e.g. Lunch")
            }
            newReason = text
        case .available, .offline:
            break
        }
        if current.status == .busy, wanted != .offline {
            throw PresenceError(message: "you are on a call; your status changes when it ends")
        }
        self = current
        self.reason = newReason
        if wanted != status || wanted == .away {
            status = wanted
            since = now
            afterCallWorkUntil = nil
            idleSince = wanted == .available ? now : nil
        }
    }

    /// When the agent is free for a call from: since they became Available, or when their
    /// after-call work ends; nil while Busy, Away or Offline. Routing takes the earliest that has
    /// come (the store keeps it as a column so it can read agents in that order).
    public var freeSince: Instant? {
        switch status {
        case .available: idleSince ?? since
        case .afterCallWork: afterCallWorkUntil
        default: nil
        }
    }

    /// A call was answered by (or transferred to) this agent.
    public mutating func callStarted(at now: Instant) {
        status = .busy
        reason = nil
        since = now
        idleSince = nil
        afterCallWorkUntil = nil
    }

    /// The agent's call ended: after-call work for `afterCallWorkSeconds` (0: straight to Available).
    public mutating func callEnded(at now: Instant, afterCallWorkSeconds: Int64) {
        guard status == .busy else { return }
        since = now
        if afterCallWorkSeconds > 0 {
            status = .afterCallWork
            afterCallWorkUntil = now.adding(milliseconds: afterCallWorkSeconds * 1000)
            idleSince = nil
        } else {
            status = .available
            idleSince = now
        }
    }
}

/// Inbound routing: which agent a call is offered to.
public enum Routing {
    /// The agent who has been available longest (earliest `idleSince`; ties by id), leaving out
    /// those already tried for this call; nil when nobody is available.
    public static func longestIdle(_ agents: [AgentPresence], at now: Instant, excluding tried: Set<RecordID> = []) -> RecordID? {
        agents.map { $0.effective(at: now) }
            .filter { $0.status == .available && !tried.contains($0.userID) }
            .min { ($0.idleSince ?? $0.since, $0.userID.rawValue) < ($1.idleSince ?? $1.since, $1.userID.rawValue) }?
            .userID
    }
}
