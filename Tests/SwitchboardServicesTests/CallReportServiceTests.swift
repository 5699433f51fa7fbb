import Foundation
import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardStore
import SwitchboardTestSupport

/// Reports over real stored calls: the same numbers from SQLite and PostgreSQL.
@Suite("Call reports over stored calls")
struct CallReportServiceTests {
    static let backends = TestDatabase.backends

    /// Nine calls on 2026-11-16/17 (UTC) across two agents, two queues and both directions.
    static func seed(_ s: TestServices, agents: [Principal]) async throws {
        func call(_ type: String, _ queue: String?, _ agent: Principal?, queued: String, connected: String?, ended: String, reason: String? = nil, acw: Int64? = nil) async throws {
            var fields: [(String, RawValue)] = [("CallType", .string(type)), ("CallQueuedDateTime", .string(queued)), ("CallEndDateTime", .string(ended))]
            if let queue { fields.append(("QueueName", .string(queue))) }
            if let agent { fields.append(("UserId", .string(agent.userID.eighteen))) }
            if let connected { fields.append(("CallConnectDateTime", .string(connected))) }
            if let reason { fields.append(("DisconnectReason", .string(reason))) }
            if let acw { fields.append(("AfterCallWorkSeconds", .integer(acw))) }
            _ = try await s.calls.recordCall(fields, by: s.system)
        }
        let (a, b) = (agents[0], agents[1])
        try await call("Inbound", "Sales", a, queued: "2026-11-16T09:00:00.250Z", connected: "2026-11-16T09:00:20.250Z", ended: "2026-11-16T09:04:20.250Z", acw: 20)
        try await call("Inbound", "Sales", a, queued: "2026-11-16T09:10:00Z", connected: "2026-11-16T09:10:10Z", ended: "2026-11-16T09:12:10Z")
        try await call("Inbound", "Sales", b, queued: "2026-11-16T09:50:00Z", connected: "2026-11-16T09:51:00Z", ended: "2026-11-16T09:53:00Z")
        try await call("Inbound", "Support", b, queued: "2026-11-16T14:00:00Z", connected: "2026-11-16T14:00:05Z", ended: "2026-11-16T14:10:05Z")
        try await call("Inbound", "Support", nil, queued: "2026-11-16T14:30:00Z", connected: nil, ended: "2026-11-16T14:32:00Z", reason: "CallerHangup")
        try await call("Inbound", "Support", nil, queued: "2026-11-17T08:00:00Z", connected: nil, ended: "2026-11-17T08:01:00Z", reason: "NoAgentAnswered")
        try await call("Outbound", nil, a, queued: "2026-11-17T10:00:00Z", connected: "2026-11-17T10:00:10Z", ended: "2026-11-17T10:02:10Z")
        try await call("Outbound", nil, b, queued: "2026-11-17T10:30:00Z", connected: nil, ended: "2026-11-17T10:30:40Z")
        // Outside the range: the day before.
        try await call("Inbound", "Sales", a, queued: "2026-11-15T23:59:59.999Z", connected: "2026-11-16T00:00:10Z", ended: "2026-11-16T00:01:00Z")
    }

    @Test("totals, rates, hours, days, agents and queues from stored calls", arguments: backends)
    func report(backend: Database.Backend) async throws {
        let s = try await TestServices.make(backend)
        let supervisor = try await s.user("sup", role: .supervisor)
        let a = try await s.user("ada", role: .agent), b = try await s.user("bob", role: .agent)
        try await Self.seed(s, agents: [a, b])
        let (filter, zone) = try s.reports.filter([("from", "2026-11-16"), ("to", "2026-11-17"), ("timeZone", "UTC")]).get()
        let report = try await s.reports.report(filter, timeZone: zone, by: supervisor)
        let sum = report.summary
        #expect(sum.calls == 8 && sum.answered == 5 && sum.abandoned == 1 && sum.missed == 2)
        #expect(sum.inboundEnded == 6 && sum.answerRate == 4.0 / 6 && sum.abandonRate == 1.0 / 6)
        // Handle: 240+20, 120, 120, 600, and the outbound 120 → 1220 / 5.
        #expect(sum.averageHandleSeconds == 244 && sum.longestWaitSeconds == 120)
        #expect(report.byDay.map(\.tally.calls) == [5, 3])
        #expect(report.byHour[9].tally.calls == 3 && report.byHour[14].tally.calls == 2 && report.byHour[10].tally.calls == 2)
        #expect(report.byAgent.map(\.label) == ["ada", "bob", "(no agent)"] && report.byAgent.map(\.tally.calls) == [3, 3, 2])
        #expect(report.byQueue.map(\.key) == ["Sales", "Support", ""], "ties in calls go by name")
        #expect(report.byQueue[1].tally.abandoned == 1 && report.byQueue[1].tally.missed == 1)
        let outbound = try await s.reports.report(CallReportFilter(from: filter.from, to: filter.to, callType: "Outbound"), timeZone: zone, by: supervisor)
        #expect(outbound.summary.calls == 2 && outbound.summary.answerRate == nil)
        let calls = try await s.reports.calls(filter, after: nil, limit: 5, by: supervisor)
        let rest = try await s.reports.calls(filter, after: calls.last?.id, limit: 5, by: supervisor)
        #expect(calls.count == 5 && rest.count == 3 && Set((calls + rest).map(\.id)).count == 8)
        // Times are exact to the millisecond on both engines.
        let first = try #require((calls + rest).first { $0["CallQueuedDateTime"] == .dateTime(Instant(iso8601: "2026-11-16T09:00:00.250Z")!) })
        #expect(first["CallConnectDateTime"] == .dateTime(Instant(iso8601: "2026-11-16T09:00:20.250Z")!))
        await #expect { _ = try await s.reports.report(filter, timeZone: zone, by: a) } throws: { $0 is AuthError }
        try await s.close()
    }

    @Test("a time zone moves calls to their local hour and day")
    func timeZone() async throws {
        let s = try await TestServices.make()
        let supervisor = try await s.user("sup", role: .supervisor)
        let a = try await s.user("ada", role: .agent), b = try await s.user("bob", role: .agent)
        try await Self.seed(s, agents: [a, b])
        let (filter, zone) = try s.reports.filter([("from", "2026-11-16"), ("to", "2026-11-17"), ("timeZone", "America/New_York")]).get()
        #expect(filter.from == Instant(iso8601: "2026-11-16T05:00:00Z")!)
        let report = try await s.reports.report(filter, timeZone: zone, by: supervisor)
        #expect(report.byHour[4].tally.calls == 3, "09:00 UTC is 04:00 in New York in November")
        #expect(report.summary.calls == 8, "the 15th's 23:59 UTC is 18:59 on the 15th in New York: outside")
        #expect(report.byDay.map(\.tally.calls) == [5, 3])
        try await s.close()
    }

    @Test("bad filters are all named at once")
    func badFilters() {
        guard case .failure(let error) = CallReportService.parseFilter(
            [("from", "2026-13-01"), ("timeZone", "Nowhere/Town"), ("agent", "003000000000001"), ("callType", "Sideways")], now: Instant(iso8601: "2026-11-21T00:00:00Z")!)
        else { Issue.record("accepted bad filters"); return }
        #expect(Set(error.issues.map(\.field)) == ["from", "timeZone", "agent", "callType"])
    }
}
