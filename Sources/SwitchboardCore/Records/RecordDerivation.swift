/// Fields Switchboard computes from others, as Salesforce does: a person's `Name` from first and
/// last name, a Task's and a Case's `IsClosed` and closing time from its status, a VoiceCall's
/// start, outcome, duration, wait and handle time from its times (`CallFacts`).
public enum RecordDerivation {
    /// Recomputes the derived fields of `record` after a change at `now`.
    public static func apply(to record: inout Record, previous: Record?, now: Instant) {
        let object = record.object
        if object.hasCompoundName {
            let parts = [record.values["FirstName"]?.textValue, record.values["LastName"]?.textValue]
                .compactMap { $0?.trimmingSpaces }.filter { !$0.isEmpty }
            record.values["Name"] = parts.isEmpty ? .null : .text(parts.joined(separator: " "))
        }
        switch object.name {
        case "Task":
            let closed = StandardObjects.closedTaskStatuses.contains(record["Status"].textValue?.lowercased() ?? "")
            record["IsClosed"] = .boolean(closed)
            let wasClosed = previous?["IsClosed"] == .boolean(true)
            record["CompletedDateTime"] = closed ? (wasClosed ? previous!["CompletedDateTime"] : .dateTime(now)) : .null
        case "Case":
            let closed = record["Status"].textValue?.lowercased() == "closed"
            record["IsClosed"] = .boolean(closed)
            let wasClosed = previous?["IsClosed"] == .boolean(true)
            record["ClosedDate"] = closed ? (wasClosed ? previous!["ClosedDate"] : .dateTime(now)) : .null
        case "VoiceCall":
            if record["CallStartDateTime"].isNull {
                // Every call has a start, so reports can place it: the earliest time known, else now.
                let times = ["CallQueuedDateTime", "CallAcceptDateTime", "CallConnectDateTime", "CallEndDateTime"]
                    .compactMap { name -> Instant? in if case .dateTime(let t) = record[name] { t } else { nil } }
                record["CallStartDateTime"] = .dateTime(times.min() ?? now)
            }
            let facts = CallFacts(record)
            record["Outcome"] = .text(facts.outcome.rawValue)
            if let talk = facts.talkSeconds { record["CallDurationInSeconds"] = .integer(talk) }
            record["WaitDurationInSeconds"] = facts.waitSeconds.map(FieldValue.integer) ?? .null
            record["HandleTimeInSeconds"] = facts.handleSeconds.map(FieldValue.integer) ?? .null
        default:
            break
        }
    }
}
