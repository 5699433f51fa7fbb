public import Foundation

/// Which calls a report covers: started in `[from, to)`, optionally one agent, queue, call type
/// or call center.
public struct CallReportFilter: Sendable, Hashable {
    public var from: Instant
    public var to: Instant
    public var userID: RecordID?
    public var queue: String?
    public var callType: String?
    public var callCenterID: RecordID?

    public init(from: Instant, to: Instant, userID: RecordID? = nil, queue: String? = nil, callType: String? = nil, callCenterID: RecordID? = nil) {
        self.from = from
        self.to = to
        self.userID = userID
        self.queue = queue
        self.callType = callType
        self.callCenterID = callCenterID
    }

    /// The longest range one report covers, so a typo cannot ask for a century of days.
    public static let maximumDays: Int64 = 1_100
}

/// A supervisor's call report: totals, and the same figures by hour of day, by day, by agent,
/// by queue and by call type, in the report's time zone.
public struct CallReport: Sendable {
    /// One row of a breakdown: its key (an hour "09", a day "2026-11-21", an agent's id, a
    /// queue, a call type), what to show, and the figures.
    public struct Row: Sendable, Hashable {
        public var key: String
        public var label: String
        public var tally: CallTally
        public init(key: String, label: String, tally: CallTally) {
            self.key = key
            self.label = label
            self.tally = tally
        }
    }

    public var filter: CallReportFilter
    public var timeZone: TimeZone
    public var summary = CallTally()
    /// All 24 hours of the day, in order.
    public var byHour: [Row]
    /// Every day of the range, in order, also days without calls.
    public var byDay: [Row]
    /// Busiest first; agents are labelled by the caller (`label(agents:)`).
    public var byAgent: [Row] = []
    public var byQueue: [Row] = []
    public var byCallType: [Row] = []

    /// Builds the report from the store's two groupings: by quarter-hour, and by agent, queue and type.
    public init(filter: CallReportFilter, timeZone: TimeZone, byTime: [CallAggregate], byDimension: [CallAggregate]) {
        self.filter = filter
        self.timeZone = timeZone
        byHour = (0..<24).map { Row(key: pad2($0), label: "\(pad2($0)):00", tally: CallTally()) }
        var dayIndex: [String: Int] = [:]
        byDay = []
        for day in CallReport.localDays(from: filter.from, to: filter.to, in: timeZone) {
            dayIndex[day] = byDay.count
            byDay.append(Row(key: day, label: day, tally: CallTally()))
        }
        for row in byTime {
            summary.add(row)
            guard let quarter = row.quarterHour else { continue }
            let (day, hour) = CallReport.localDayAndHour(Instant(millisecondsSince1970: quarter * CallAggregate.quarterHourMilliseconds), in: timeZone)
            byHour[hour].tally.add(row)
            if let i = dayIndex[day] { byDay[i].tally.add(row) }
        }
        byAgent = CallReport.group(byDimension) { $0.userID?.eighteen ?? "" }
        byQueue = CallReport.group(byDimension) { $0.queue ?? "" }
        byCallType = CallReport.group(byDimension) { $0.callType ?? "" }
        for i in byAgent.indices where byAgent[i].key.isEmpty { byAgent[i].label = "(no agent)" }
        for i in byQueue.indices where byQueue[i].key.isEmpty { byQueue[i].label = "(no queue)" }
    }

    /// Names the agent rows, e.g. with users' names; unknown ids keep their id.
    public mutating func label(agents names: [String: String]) {
        for i in byAgent.indices { if let name = names[byAgent[i].key] { byAgent[i].label = name } }
    }

    private static func group(_ rows: [CallAggregate], by key: (CallAggregate) -> String) -> [Row] {
        var tallies: [String: CallTally] = [:]
        for row in rows { tallies[key(row), default: CallTally()].add(row) }
        return tallies.map { Row(key: $0.key, label: $0.key, tally: $0.value) }
            .sorted { ($0.tally.calls, $1.key) > ($1.tally.calls, $0.key) }
    }

    /// The local calendar day and hour of an instant.
    public static func localDayAndHour(_ instant: Instant, in zone: TimeZone) -> (day: String, hour: Int) {
        let seconds = Double(instant.millisecondsSince1970) / 1000
        let offset = Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))) * 1000
        let local = instant.millisecondsSince1970 + offset
        let days = local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000
        let hour = Int((local - days * 86_400_000) / 3_600_000)
        let (y, m, d) = CivilDate.civil(fromDays: days)
        return ("\(y)-\(pad2(Int(m)))-\(pad2(Int(d)))", hour)
    }

    /// The local days from the one holding `from` to the one holding the last millisecond before `to`.
    static func localDays(from: Instant, to: Instant, in zone: TimeZone) -> [String] {
        guard to > from else { return [] }
        var days: [String] = []
        var cursor = from
        let last = localDayAndHour(to.adding(milliseconds: -1), in: zone).day
        while true {
            let day = localDayAndHour(cursor, in: zone).day
            if days.last != day { days.append(day) }
            if day == last || days.count > Int(CallReportFilter.maximumDays) + 1 { break }
            cursor = cursor.adding(milliseconds: 3_600_000)
        }
        return days
    }
}

private func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
