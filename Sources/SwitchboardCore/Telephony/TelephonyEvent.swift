/// One call event a phone system posts to the telephony events API (or the simulator sends).
public struct TelephonyEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case offered, queued, ringing, answered, held, resumed, transferred, ended
        /// The recording is ready (any time, also after the call ended).
        case recording
        /// Another agent (`agent`) joined the call: a three-way conference.
        case joined
        /// An agent (`agent`) left a conference; the call goes on with the others.
        case left
    }
    /// The provider's id for this event: a repeat with the same id changes nothing.
    public var id: String
    /// The provider's id for the call (the VoiceCall's `VendorCallKey`).
    public var callKey: String
    public var kind: Kind
    /// When it happened at the provider.
    public var at: Instant
    /// `inbound` (default) or `outbound`; read from `offered`.
    public var direction: String?
    public var from: String?
    public var to: String?
    public var queue: String?
    /// The agent (username or user id) a call rings for, is answered or transferred to.
    public var agent: String?
    public var recordingURL: String?
    /// Why the call ended (`CallerHangup`, `NoAnswer`…), on `ended`.
    public var reason: String?

    public init(id: String, callKey: String, kind: Kind, at: Instant, direction: String? = nil, from: String? = nil, to: String? = nil,
                queue: String? = nil, agent: String? = nil, recordingURL: String? = nil, reason: String? = nil) {
        self.id = id
        self.callKey = callKey
        self.kind = kind
        self.at = at
        self.direction = direction
        self.from = from
        self.to = to
        self.queue = queue
        self.agent = agent
        self.recordingURL = recordingURL
        self.reason = reason
    }
}
