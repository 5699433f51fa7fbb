import SwitchboardCore

/// A call's progress as the JSON document `sb_telephony_call.progress` holds: the document
/// `JSONEncoder` writes for `CallProgress` (keys named after its properties, instants as
/// `{"millisecondsSince1970": n}`, absent optionals left out), written by hand, and read back
/// with `JSONDecoder` as before. `JSONEncoder` took 15 % of SQLite's writer thread at 500 SIP
/// calls/s, for a document written at every event of every call.
enum CallProgressDocument {
    static func json(_ p: CallProgress) -> String {
        var out = JSONText()
        out.string("callKey", p.callKey)
        out.string("phase", p.phase.rawValue)
        out.raw("inbound", p.inbound ? "true" : "false")
        out.string("from", p.from)
        out.string("to", p.to)
        out.string("queue", p.queue)
        out.string("agent", p.agent)
        out.instant("offeredAt", p.offeredAt)
        out.instant("queuedAt", p.queuedAt)
        out.instant("ringingAt", p.ringingAt)
        out.instant("answeredAt", p.answeredAt)
        out.instant("endedAt", p.endedAt)
        out.instant("holdStartedAt", p.holdStartedAt)
        out.raw("holds", String(p.holds))
        out.raw("longestHoldMilliseconds", String(p.longestHoldMilliseconds))
        out.raw("totalHoldMilliseconds", String(p.totalHoldMilliseconds))
        out.raw("transfers", String(p.transfers))
        out.string("recordingURL", p.recordingURL)
        out.string("disconnectReason", p.disconnectReason)
        out.instant("lastEventAt", p.lastEventAt)
        out.strings("eventIDs", p.eventIDs)
        out.strings("triedAgents", p.triedAgents)
        out.string("routingCallCenter", p.routingCallCenter)
        out.string("connection", p.connection)
        out.strings("otherAgents", p.otherAgents)
        out.string("consultFor", p.consultFor)
        return out.finished()
    }
}

/// A JSON object written member by member.
private struct JSONText {
    private var text = "{"

    mutating func raw(_ key: String, _ value: String) {
        if text.utf8.count > 1 { text += "," }
        Self.quote(key, into: &text)
        text += ":"
        text += value
    }

    mutating func string(_ key: String, _ value: String?) {
        guard let value else { return }
        raw(key, "")
        Self.quote(value, into: &text)
    }

    mutating func instant(_ key: String, _ value: Instant?) {
        guard let value else { return }
        raw(key, "{\"millisecondsSince1970\":\(value.millisecondsSince1970)}")
    }

    mutating func strings(_ key: String, _ values: [String]?) {
        guard let values else { return }
        raw(key, "[")
        for (i, value) in values.enumerated() {
            if i > 0 { text += "," }
            Self.quote(value, into: &text)
        }
        text += "]"
    }

    func finished() -> String { text + "}" }

    static func quote(_ value: String, into text: inout String) {
        JSONString.append(value, to: &text)
    }
}
