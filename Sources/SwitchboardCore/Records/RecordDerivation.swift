/// Fields Switchboard computes from others, as Salesforce does: a person's `Name` from first and
/// last name, a Task's and a Case's `IsClosed` and closing time from its status.
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
        default:
            break
        }
    }
}
