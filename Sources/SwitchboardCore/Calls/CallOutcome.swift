/// How a call ended up, as reports count it.
public enum CallOutcome: String, Sendable, CaseIterable, Codable {
    /// Not ended yet and not answered.
    case ongoing = "Ongoing"
    /// An agent (or, outbound, the far end) picked up.
    case answered = "Answered"
    /// Ended without an answer while the caller was still there: nobody took it, or the far end
    /// of an outbound call did not pick up.
    case missed = "Missed"
    /// An inbound caller hung up before anyone answered.
    case abandoned = "Abandoned"

    /// Disconnect reasons (letters only, lower case) that mean the caller left before an answer.
    /// Phone systems spell them differently; these are the spellings seen in the wild.
    public static let callerLeftReasons: Set<String> = [
        "abandoned", "callerabandoned", "callerhangup", "callerhungup", "customerhangup", "customerhungup",
        "customerdisconnect", "callerdisconnect", "hangupinqueue", "queueabandon",
    ]

    /// Whether a disconnect reason says the caller left.
    public static func callerLeft(_ reason: String?) -> Bool {
        guard let reason else { return false }
        return callerLeftReasons.contains(String(reason.lowercased().filter(\.isLetter)))
    }
}

/// The facts about a call that reports read, worked out from a VoiceCall's times: recomputed on
/// every write so SQL can sum and count them without knowing the rules.
public struct CallFacts: Sendable, Hashable {
    public var outcome: CallOutcome
    /// From queued (or started) to answered (or ended, when nobody answered).
    public var waitSeconds: Int64?
    /// Connected to ended: talk and hold time.
    public var talkSeconds: Int64?
    /// Talk and hold plus after-call work; answered calls only.
    public var handleSeconds: Int64?

    /// Reads the facts of a VoiceCall. `CallDurationInSeconds` given without times is trusted.
    public init(_ call: Record) {
        func time(_ name: String) -> Instant? { if case .dateTime(let t) = call[name] { t } else { nil } }
        func seconds(_ from: Instant?, _ to: Instant?) -> Int64? {
            guard let from, let to, to >= from else { return nil }
            return (to.millisecondsSince1970 - from.millisecondsSince1970 + 500) / 1000
        }
        let connected = time("CallConnectDateTime") ?? time("CallAcceptDateTime")
        let ended = time("CallEndDateTime")
        let waitFrom = time("CallQueuedDateTime") ?? time("CallStartDateTime")
        let given: Int64? = if case .integer(let n) = call["CallDurationInSeconds"] { n } else { nil }
        talkSeconds = seconds(connected, ended) ?? given
        if connected != nil || (ended == nil && (given ?? 0) > 0) {
            // A softphone's log of a call with a duration but no times was answered.
            outcome = .answered
        } else if ended == nil {
            outcome = .ongoing
        } else {
            outcome = CallOutcome.callerLeft(call["DisconnectReason"].textValue) ? .abandoned : .missed
        }
        waitSeconds = seconds(waitFrom, connected ?? ended)
        if outcome == .answered {
            let afterCallWork: Int64 = if case .integer(let n) = call["AfterCallWorkSeconds"] { n } else { 0 }
            handleSeconds = (talkSeconds ?? 0) + afterCallWork
        }
    }
}
