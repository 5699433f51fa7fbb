public import Foundation
public import SwitchboardCore

/// Supervisors' call reports and the calls behind them.
public struct CallReportService: Sendable {
    let records: RecordService
    let store: any CallReportRepository
    let clock: any WallClock

    public init(records: RecordService, store: any CallReportRepository, clock: any WallClock) {
        self.records = records
        self.store = store
        self.clock = clock
    }

    /// `parseFilter` with the default range ending now.
    public func filter(_ parameters: [(String, String)]) -> Result<(CallReportFilter, TimeZone), RecordValidationError> {
        Self.parseFilter(parameters, now: clock.now())
    }

    /// Reads a report's filter from query parameters: `from` and `to` (dates or date-times, `to`
    /// exclusive; a date `to` includes that whole day), `timeZone` (IANA, default UTC), `agent`
    /// (a user id), `queue`, `callType`, `callCenter`. Every problem is reported at once.
    /// - Parameter now: the default range is the 7 days up to now.
    public static func parseFilter(_ parameters: [(String, String)], now: Instant) -> Result<(CallReportFilter, TimeZone), RecordValidationError> {
        var issues: [FieldIssue] = []
        var values: [String: String] = [:]
        for (key, value) in parameters { values[key] = value.trimmingSpaces }
        var zone = TimeZone(identifier: "UTC")!
        if let name = values["timeZone"], !name.isEmpty {
            if let found = TimeZone(identifier: name) { zone = found } else {
                issues.append(FieldIssue(field: "timeZone", message: "'\(name)' is not a time zone; use an IANA name such as Europe/Paris or America/New_York"))
            }
        }
        func instant(_ key: String, endOfDay: Bool) -> Instant? {
            guard let text = values[key], !text.isEmpty else { return nil }
            guard let parsed = Instant(iso8601: text) else {
                issues.append(FieldIssue(field: key, message: "'\(text)' is not a date; use 2026-11-21 or 2026-11-21T09:00"))
                return nil
            }
            // A plain date is a local day of the report's time zone.
            guard text.count == 10 else { return parsed }
            let local = parsed.adding(milliseconds: endOfDay ? 86_400_000 : 0)
            let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(local.millisecondsSince1970) / 1000))) * 1000
            return local.adding(milliseconds: -offset)
        }
        let to = instant("to", endOfDay: true) ?? now
        let from = instant("from", endOfDay: false) ?? to.adding(milliseconds: -7 * 86_400_000)
        if from >= to { issues.append(FieldIssue(field: "from", message: "must be before to")) }
        if to.millisecondsSince1970 - from.millisecondsSince1970 > CallReportFilter.maximumDays * 86_400_000 {
            issues.append(FieldIssue(field: "to", message: "the range is longer than \(CallReportFilter.maximumDays) days; narrow it"))
        }
        var filter = CallReportFilter(from: from, to: to)
        if let agent = values["agent"], !agent.isEmpty {
            if let id = try? RecordID(parsing: agent), id.keyPrefix == StandardObjects.user.keyPrefix { filter.userID = id } else {
                issues.append(FieldIssue(field: "agent", message: "'\(agent)' is not a user id (005…)"))
            }
        }
        if let callCenter = values["callCenter"], !callCenter.isEmpty {
            if let id = try? RecordID(parsing: callCenter), id.keyPrefix == CallCenter.keyPrefix { filter.callCenterID = id } else {
                issues.append(FieldIssue(field: "callCenter", message: "'\(callCenter)' is not a call center id (04v…)"))
            }
        }
        if let queue = values["queue"], !queue.isEmpty { filter.queue = queue }
        if let type = values["callType"], !type.isEmpty {
            if StandardObjects.voiceCallTypes.contains(type) { filter.callType = type } else {
                issues.append(FieldIssue(field: "callType", message: "'\(type)' is not a call type; use one of \(StandardObjects.voiceCallTypes.joined(separator: ", "))"))
            }
        }
        if !issues.isEmpty { return .failure(RecordValidationError(object: "report", issues: issues)) }
        return .success((filter, zone))
    }

    /// The report for the filter, agents named by their users' names. Supervisors and admins.
    public func report(_ filter: CallReportFilter, timeZone: TimeZone, by principal: Principal) async throws -> CallReport {
        try authorize(principal)
        async let byTime = store.aggregateByTime(filter)
        async let byDimension = store.aggregateByDimension(filter)
        var report = CallReport(filter: filter, timeZone: timeZone, byTime: try await byTime, byDimension: try await byDimension)
        var names: [String: String] = [:]
        for row in report.byAgent where !row.key.isEmpty {
            if let id = try? RecordID(parsing: row.key), let user = try await records.repository.find(StandardObjects.user, id: id) {
                names[row.key] = user["Name"].textValue ?? user["Username"].textValue
            }
        }
        report.label(agents: names)
        return report
    }

    /// The calls behind a report, page by page in id order: `after` is the last id of the previous page.
    public func calls(_ filter: CallReportFilter, after: RecordID?, limit: Int, by principal: Principal) async throws -> [Record] {
        try authorize(principal)
        let object = StandardObjects.voiceCall
        func field(_ name: String) -> FieldSchema { object.field(named: name)! }
        var filters = [
            FieldFilter(field: field("CallStartDateTime"), op: .gte, value: .dateTime(filter.from)),
            FieldFilter(field: field("CallStartDateTime"), op: .lt, value: .dateTime(filter.to)),
        ]
        if let after { filters.append(FieldFilter(field: field("Id"), op: .gt, value: .id(after))) }
        if let user = filter.userID { filters.append(FieldFilter(field: field("UserId"), op: .eq, value: .id(user))) }
        if let queue = filter.queue { filters.append(FieldFilter(field: field("QueueName"), op: .eq, value: .text(queue))) }
        if let type = filter.callType { filters.append(FieldFilter(field: field("CallType"), op: .eq, value: .text(type))) }
        if let callCenter = filter.callCenterID { filters.append(FieldFilter(field: field("CallCenterId"), op: .eq, value: .id(callCenter))) }
        var query = RecordQuery(filters: filters, sort: [SortKey(field: field("Id"), descending: false)], limit: limit)
        query.countsTotal = false
        return try await records.repository.list(object, query: query).records
    }

    func authorize(_ principal: Principal) throws {
        guard principal.role >= .supervisor else {
            throw AuthError.forbidden(action: "read call reports", needs: .supervisor, has: principal.role)
        }
    }
}
