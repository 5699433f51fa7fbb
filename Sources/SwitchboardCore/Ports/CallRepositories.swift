/// Sums over stored VoiceCalls for reports; both group by call type and outcome as well.
public protocol CallReportRepository: Sendable {
    /// Calls matching the filter, grouped by the quarter-hour they started in.
    func aggregateByTime(_ filter: CallReportFilter) async throws -> [CallAggregate]
    /// Calls matching the filter, grouped by agent and queue.
    func aggregateByDimension(_ filter: CallReportFilter) async throws -> [CallAggregate]
}

/// The dispositions (call results) an admin defines per call center, in the order agents see them.
public protocol DispositionRepository: Sendable {
    func dispositions(callCenter: RecordID) async throws -> [String]
    /// Replaces the whole list in one transaction.
    func replaceDispositions(callCenter: RecordID, with labels: [String]) async throws
    /// How long after-call work lasts at most in the call center; nil when not set.
    func afterCallWorkSeconds(callCenter: RecordID) async throws -> Int64?
    func setAfterCallWorkSeconds(_ seconds: Int64, callCenter: RecordID) async throws
}

/// What saveLog must know before it logs a call: whether that call (by vendor key) is logged.
public protocol CallLogLookup: Sendable {
    /// For each key (compared ignoring case, answered by its lower-case form): the first Task
    /// whose CallObject is the key, and the first VoiceCall whose VendorCallKey is the key with the
    /// Task it points at — for many keys in one round trip.
    func earlierLogs(keys: Set<String>) async throws -> [String: EarlierLog]
}

/// What is stored about one call key; see `CallLogLookup`.
public struct EarlierLog: Sendable, Hashable {
    public var taskID: RecordID?
    public var callID: RecordID?
    public var callActivityID: RecordID?
    public init(taskID: RecordID? = nil, callID: RecordID? = nil, callActivityID: RecordID? = nil) {
        self.taskID = taskID
        self.callID = callID
        self.callActivityID = callActivityID
    }
}

/// Calls the telephony events API follows: each call's progress and its VoiceCall, by call key.
public protocol TelephonyCallRepository: Sendable {
    /// The call with this key (compared ignoring case), or nil.
    func find(callKey: String) async throws -> (progress: CallProgress, voiceCallID: RecordID)?
    /// Stores the call's progress (insert or replace), with the call center that routes it.
    func save(_ progress: CallProgress, voiceCallID: RecordID, callCenterID: RecordID?, at: Instant) async throws
    /// Calls ringing or queued in a call center that routes them, longest waiting first.
    func waiting() async throws -> [(progress: CallProgress, voiceCallID: RecordID, callCenterID: RecordID)]
    /// Calls ringing for an agent or in conversation (connected or held), oldest phase first.
    func active() async throws -> [(progress: CallProgress, voiceCallID: RecordID)]
}

/// Agents' presence, kept on the server.
public protocol PresenceRepository: Sendable {
    func find(userID: RecordID) async throws -> AgentPresence?
    func all() async throws -> [AgentPresence]
    /// The call center's users free to take a call at `now` — Available, or in after-call work
    /// that has ended — leaving out `excluded`, longest idle first (`Routing.longestIdle`'s order:
    /// the time they became free, then the user id), at most `limit` of them.
    func routable(callCenter: RecordID, at now: Instant, excluding excluded: Set<RecordID>, limit: Int) async throws -> [AgentPresence]
    /// Inserts or replaces the agent's presence.
    func save(_ presence: AgentPresence) async throws
    /// The reasons agents may give for Away, in order (empty: any text).
    func awayReasons() async throws -> [String]
    func setAwayReasons(_ reasons: [String]) async throws
}

/// A phone system connected through the telephony events API: the API token it posts events
/// with, and the webhook Switchboard sends the agents' commands to, signed with `secret`.
public struct TelephonyConnection: Sendable, Hashable, Codable {
    /// The API token's id (`switchboard tokens list`).
    public var id: String
    public var webhookURL: String
    public var secret: String

    public init(id: String, webhookURL: String, secret: String) {
        self.id = id
        self.webhookURL = webhookURL
        self.secret = secret
    }
}

/// Where telephony connections are kept.
public protocol TelephonyConnectionRepository: Sendable {
    func find(id: String) async throws -> TelephonyConnection?
    func all() async throws -> [TelephonyConnection]
    /// Inserts or replaces.
    func save(_ connection: TelephonyConnection) async throws
    func delete(id: String) async throws
}

/// An agent's SIP phone credentials: digest HA1 values (never the password), per algorithm.
public struct SIPCredential: Sendable, Hashable {
    /// The SIP username (the Switchboard username, compared ignoring case).
    public var username: String
    public var userID: RecordID
    public var ha1MD5: String
    public var ha1SHA256: String

    public init(username: String, userID: RecordID, ha1MD5: String, ha1SHA256: String) {
        self.username = username
        self.userID = userID
        self.ha1MD5 = ha1MD5
        self.ha1SHA256 = ha1SHA256
    }
}

/// Where SIP credentials are kept.
public protocol SIPCredentialRepository: Sendable {
    func find(username: String) async throws -> SIPCredential?
    /// Inserts or replaces.
    func save(_ credential: SIPCredential) async throws
}
