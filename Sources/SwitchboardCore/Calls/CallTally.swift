/// Counts and sums over a group of calls: what every row of a call report shows.
public struct CallTally: Sendable, Hashable, Codable {
    public var calls: Int64 = 0
    public var answered: Int64 = 0
    public var missed: Int64 = 0
    public var abandoned: Int64 = 0
    public var ongoing: Int64 = 0
    /// Inbound calls that ended (answered, missed or abandoned): what the rates divide by.
    public var inboundEnded: Int64 = 0
    public var inboundAnswered: Int64 = 0
    public var inboundAbandoned: Int64 = 0
    /// Answered calls with a handle time, and its total.
    public var handledCalls: Int64 = 0
    public var handleSecondsTotal: Int64 = 0
    /// Inbound calls with a known wait, its total and its longest.
    public var waitedCalls: Int64 = 0
    public var waitSecondsTotal: Int64 = 0
    public var longestWaitSeconds: Int64 = 0

    public init() {}

    /// Adds one aggregate row of the store.
    public mutating func add(_ row: CallAggregate) {
        calls += row.calls
        switch row.outcome {
        case .answered: answered += row.calls
        case .missed: missed += row.calls
        case .abandoned: abandoned += row.calls
        case .ongoing: ongoing += row.calls
        }
        handledCalls += row.handledCalls
        handleSecondsTotal += row.handleSecondsTotal
        guard CallTally.isInbound(row.callType) else { return }
        if row.outcome != .ongoing { inboundEnded += row.calls }
        if row.outcome == .answered { inboundAnswered += row.calls }
        if row.outcome == .abandoned { inboundAbandoned += row.calls }
        waitedCalls += row.waitedCalls
        waitSecondsTotal += row.waitSecondsTotal
        longestWaitSeconds = max(longestWaitSeconds, row.longestWaitSeconds)
    }

    /// Call types counted as inbound for answer and abandon rates and waits.
    public static func isInbound(_ callType: String?) -> Bool {
        callType == "Inbound" || callType == "Transfer" || callType == "Callback"
    }

    /// Average handle time in seconds (talk, hold and after-call work of answered calls).
    public var averageHandleSeconds: Double? { handledCalls == 0 ? nil : Double(handleSecondsTotal) / Double(handledCalls) }
    /// Answered inbound calls over inbound calls that ended, 0…1.
    public var answerRate: Double? { inboundEnded == 0 ? nil : Double(inboundAnswered) / Double(inboundEnded) }
    /// Abandoned inbound calls over inbound calls that ended, 0…1.
    public var abandonRate: Double? { inboundEnded == 0 ? nil : Double(inboundAbandoned) / Double(inboundEnded) }
    /// Average wait of inbound calls in seconds.
    public var averageWaitSeconds: Double? { waitedCalls == 0 ? nil : Double(waitSecondsTotal) / Double(waitedCalls) }
}

/// One group of calls as the store sums it: grouped by a quarter-hour or by agent, queue and
/// type, always by call type and outcome so the rates can be worked out afterwards.
public struct CallAggregate: Sendable, Hashable {
    /// Quarter-hours since 1970 (UTC) of the calls' start, when grouped by time.
    public var quarterHour: Int64?
    public var userID: RecordID?
    public var queue: String?
    public var callType: String?
    public var outcome: CallOutcome
    public var calls: Int64
    public var handledCalls: Int64
    public var handleSecondsTotal: Int64
    public var waitedCalls: Int64
    public var waitSecondsTotal: Int64
    public var longestWaitSeconds: Int64

    public init(
        quarterHour: Int64? = nil, userID: RecordID? = nil, queue: String? = nil, callType: String?, outcome: CallOutcome,
        calls: Int64, handledCalls: Int64 = 0, handleSecondsTotal: Int64 = 0, waitedCalls: Int64 = 0, waitSecondsTotal: Int64 = 0,
        longestWaitSeconds: Int64 = 0
    ) {
        self.quarterHour = quarterHour
        self.userID = userID
        self.queue = queue
        self.callType = callType
        self.outcome = outcome
        self.calls = calls
        self.handledCalls = handledCalls
        self.handleSecondsTotal = handleSecondsTotal
        self.waitedCalls = waitedCalls
        self.waitSecondsTotal = waitSecondsTotal
        self.longestWaitSeconds = longestWaitSeconds
    }

    /// Milliseconds in the quarter-hours the store groups by (every time zone's offset is a
    /// multiple of 15 minutes, so local hours and days are whole sets of them).
    public static let quarterHourMilliseconds: Int64 = 900_000
}
