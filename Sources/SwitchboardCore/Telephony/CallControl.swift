/// What a softphone asks of the call control API (docs/call-control.md): one JSON object per
/// WebSocket message, `op` naming the command and `id` echoed in the reply.
public struct CallControlCommand: Sendable, Hashable, Codable {
    public enum Op: String, Sendable, Codable, CaseIterable {
        case presence, answer, decline, hangup, hold, resume, mute, unmute, transfer, dtmf, dial, wrapUp
        /// Consult transfer: hold the customer and call another agent (`to`).
        case consult
        /// On a consult call: hand the customer to the consulted agent.
        case completeTransfer
        /// On a consult call: bring the customer in, all three talk.
        case conference
    }
    /// The softphone's id for the command; the reply carries it back.
    public var id: String?
    public var op: Op
    public var callKey: String?
    /// presence: Available, Away or Offline; with `reason` for Away.
    public var status: String?
    public var reason: String?
    /// transfer: an agent's username, `queue:<call center key>`, or a phone number.
    public var to: String?
    /// dtmf: digits 0-9, *, #, A-D.
    public var digits: String?
    /// dial: the number to call.
    public var number: String?
    /// wrapUp: the disposition and notes.
    public var disposition: String?
    public var notes: String?

    public init(id: String? = nil, op: Op, callKey: String? = nil, status: String? = nil, reason: String? = nil, to: String? = nil,
                digits: String? = nil, number: String? = nil, disposition: String? = nil, notes: String? = nil) {
        self.id = id
        self.op = op
        self.callKey = callKey
        self.status = status
        self.reason = reason
        self.to = to
        self.digits = digits
        self.number = number
        self.disposition = disposition
        self.notes = notes
    }

    /// What is missing or wrong for this op, as field issues (empty: fine to perform).
    public var issues: [FieldIssue] {
        var issues: [FieldIssue] = []
        func need(_ value: String?, _ field: String, _ what: String) {
            if (value ?? "").trimmingSpaces.isEmpty { issues.append(FieldIssue(field: field, message: "is required for \(op.rawValue): \(what)")) }
        }
        switch op {
        case .presence: need(status, "status", "Available, Away or Offline")
        case .answer, .decline, .hangup, .hold, .resume, .mute, .unmute: need(callKey, "callKey", "the call's key from its call frame")
        case .consult:
            need(callKey, "callKey", "the customer's call key")
            need(to, "to", "the username of the agent to consult")
        case .completeTransfer, .conference: need(callKey, "callKey", "the consult call's key")
        case .transfer:
            need(callKey, "callKey", "the call's key from its call frame")
            need(to, "to", "an agent's username, queue:<call center key> or a phone number")
        case .dtmf:
            need(callKey, "callKey", "the call's key from its call frame")
            if let digits, !digits.isEmpty, digits.count <= 32, digits.allSatisfy({ "0123456789*#ABCDabcd".contains($0) }) {} else {
                issues.append(FieldIssue(field: "digits", message: "is 1 to 32 of 0-9, *, #, A-D"))
            }
        case .dial: need(number, "number", "the number to call")
        case .wrapUp: need(callKey, "callKey", "the call's key from its call frame")
        }
        return issues
    }
}

/// Where a blind transfer goes.
public enum TransferTarget: Sendable, Hashable {
    case agent(String)
    /// A call center's queue, by its internal name.
    case queue(String)
    case number(String)

    /// Reads `queue:<key>`, a phone number (digits, `+`, spaces and punctuation) or a username.
    public init(parsing text: String) {
        let trimmed = text.trimmingSpaces
        if trimmed.lowercased().hasPrefix("queue:") {
            self = .queue(String(trimmed.dropFirst(6)).trimmingSpaces)
        } else if trimmed.contains(where: \.isNumber), trimmed.allSatisfy({ $0.isNumber || "+-(). ".contains($0) }) {
            self = .number(trimmed)
        } else {
            self = .agent(trimmed)
        }
    }
}

/// A call as an agent's softphone sees it: what the call frames of the call control API carry.
public struct AgentCallView: Sendable, Hashable, Codable {
    public var callKey: String
    public var voiceCallId: String
    public var phase: CallPhase
    /// `inbound` or `outbound`.
    public var direction: String
    public var from: String?
    public var to: String?
    public var queue: String?
    /// The agent the call is with or rings for (their user id); nil while queued.
    public var agentId: String?
    /// The other agents on the call (user ids): the rest of a conference; on a consult call, the
    /// agent consulting.
    public var otherAgentIds: [String]
    /// On a consult call: the customer's call key.
    public var consultFor: String?
    /// Times in epoch milliseconds, so a page can run its call timer from them.
    public var offeredAt: Int64
    public var answeredAt: Int64?
    public var holdStartedAt: Int64?
    public var endedAt: Int64?
    public var muted: Bool
    public var holds: Int
    public var transfers: Int
    public var disconnectReason: String?

    public init(_ progress: CallProgress, voiceCallID: RecordID, agentID: RecordID?, otherAgentIDs: [RecordID] = [], muted: Bool) {
        otherAgentIds = otherAgentIDs.map(\.eighteen)
        consultFor = progress.consultFor
        callKey = progress.callKey
        voiceCallId = voiceCallID.eighteen
        phase = progress.phase
        direction = progress.inbound ? "inbound" : "outbound"
        from = progress.from
        to = progress.to
        queue = progress.queue
        agentId = agentID?.eighteen
        offeredAt = progress.offeredAt.millisecondsSince1970
        answeredAt = progress.answeredAt?.millisecondsSince1970
        holdStartedAt = progress.holdStartedAt?.millisecondsSince1970
        endedAt = progress.endedAt?.millisecondsSince1970
        self.muted = muted
        holds = progress.holds
        transfers = progress.transfers
        disconnectReason = progress.disconnectReason
    }
}

/// What Switchboard asks of the phone system that carries a call, after an agent acts in the
/// softphone: posted, signed, to the connection's webhook (docs/call-control.md).
public struct ProviderCommand: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        case answer, decline, hangup, hold, resume, mute, unmute, transfer, dtmf, dial, consult, completeTransfer, conference
    }
    /// Unique per command, so a provider can drop a resent one.
    public var id: String
    public var command: Kind
    public var callKey: String
    /// The agent acting (username).
    public var agent: String
    /// transfer: the agent's username, `queue:<key>` or the number; dial: the number.
    public var to: String?
    public var digits: String?
    public var at: Instant

    public init(id: String, command: Kind, callKey: String, agent: String, to: String? = nil, digits: String? = nil, at: Instant) {
        self.id = id
        self.command = command
        self.callKey = callKey
        self.agent = agent
        self.to = to
        self.digits = digits
        self.at = at
    }
}
