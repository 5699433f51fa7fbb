import Foundation
import Testing
import SwitchboardCore

@Suite("Call facts and reports")
struct CallReportTests {
    func call(_ fields: [String: FieldValue]) -> Record {
        var record = Record(object: StandardObjects.voiceCall, id: RecordID(unchecked: "0LQ000000000001"), values: fields)
        RecordDerivation.apply(to: &record, previous: nil, now: Instant(iso8601: "2026-11-21T12:00:00Z")!)
        return record
    }
    func t(_ s: String) -> FieldValue { .dateTime(Instant(iso8601: s)!) }

    @Test("outcome, talk, wait and handle time come from the call's times")
    func facts() {
        let answered = call(["CallType": .text("Inbound"), "CallQueuedDateTime": t("2026-11-20T09:00:00Z"), "CallConnectDateTime": t("2026-11-20T09:00:42Z"),
                             "CallEndDateTime": t("2026-11-20T09:05:42Z"), "AfterCallWorkSeconds": .integer(30)])
        #expect(answered["Outcome"] == .text("Answered") && answered["CallDurationInSeconds"] == .integer(300))
        #expect(answered["WaitDurationInSeconds"] == .integer(42) && answered["HandleTimeInSeconds"] == .integer(330))
        #expect(answered["CallStartDateTime"] == t("2026-11-20T09:00:00Z"))
        let abandoned = call(["CallType": .text("Inbound"), "CallQueuedDateTime": t("2026-11-20T09:00:00Z"), "CallEndDateTime": t("2026-11-20T09:01:10Z"),
                              "DisconnectReason": .text("Caller-Hangup")])
        #expect(abandoned["Outcome"] == .text("Abandoned") && abandoned["WaitDurationInSeconds"] == .integer(70) && abandoned["HandleTimeInSeconds"] == .null)
        let missed = call(["CallType": .text("Inbound"), "CallQueuedDateTime": t("2026-11-20T09:00:00Z"), "CallEndDateTime": t("2026-11-20T09:01:10Z"),
                           "DisconnectReason": .text("NoAgentAnswered")])
        #expect(missed["Outcome"] == .text("Missed"))
        let ringing = call(["CallType": .text("Inbound")])
        #expect(ringing["Outcome"] == .text("Ongoing") && ringing["CallStartDateTime"] == t("2026-11-21T12:00:00Z"))
    }

    func aggregate(_ quarter: String, _ type: String, _ outcome: CallOutcome, _ calls: Int64, handled: Int64 = 0, handle: Int64 = 0, waitMax: Int64 = 0) -> CallAggregate {
        CallAggregate(quarterHour: Instant(iso8601: quarter)!.millisecondsSince1970 / CallAggregate.quarterHourMilliseconds,
                      callType: type, outcome: outcome, calls: calls, handledCalls: handled, handleSecondsTotal: handle,
                      waitedCalls: calls, waitSecondsTotal: calls * 10, longestWaitSeconds: waitMax)
    }

    @Test("hours and days are local to the report's time zone, also across a DST change and for half-hour zones")
    func localBuckets() throws {
        let paris = try #require(TimeZone(identifier: "Europe/Paris"))
        // 2026-10-25: Paris leaves summer time at 03:00 local (01:00 UTC).
        #expect(CallReport.localDayAndHour(Instant(iso8601: "2026-10-24T22:30:00Z")!, in: paris) == ("2026-10-25", 0))
        #expect(CallReport.localDayAndHour(Instant(iso8601: "2026-10-25T22:30:00Z")!, in: paris) == ("2026-10-25", 23))
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        #expect(CallReport.localDayAndHour(Instant(iso8601: "2026-11-20T18:45:00Z")!, in: kolkata) == ("2026-11-21", 0))
        #expect(CallReport.localDayAndHour(Instant(iso8601: "2026-11-20T18:15:00Z")!, in: kolkata) == ("2026-11-20", 23))
    }

    @Test("the report adds up: rates over inbound calls that ended, every day of the range, busiest agent first")
    func report() throws {
        let utc = try #require(TimeZone(identifier: "UTC"))
        let filter = CallReportFilter(from: Instant(iso8601: "2026-11-16T00:00:00Z")!, to: Instant(iso8601: "2026-11-19T00:00:00Z")!)
        let byTime = [
            aggregate("2026-11-16T09:00:00Z", "Inbound", .answered, 8, handled: 8, handle: 800, waitMax: 40),
            aggregate("2026-11-16T09:15:00Z", "Inbound", .abandoned, 1, waitMax: 95),
            aggregate("2026-11-18T14:45:00Z", "Inbound", .missed, 1),
            aggregate("2026-11-18T14:45:00Z", "Outbound", .answered, 2, handled: 2, handle: 100),
        ]
        let agentA = RecordID(unchecked: "005000000000001"), agentB = RecordID(unchecked: "005000000000002")
        let byDimension = [
            CallAggregate(userID: agentA, queue: "Sales", callType: "Inbound", outcome: .answered, calls: 3),
            CallAggregate(userID: agentB, queue: "Sales", callType: "Inbound", outcome: .answered, calls: 5),
            CallAggregate(userID: nil, queue: "Support", callType: "Inbound", outcome: .abandoned, calls: 1),
        ]
        var report = CallReport(filter: filter, timeZone: utc, byTime: byTime, byDimension: byDimension)
        #expect(report.summary.calls == 12 && report.summary.inboundEnded == 10)
        #expect(report.summary.answerRate == 0.8 && report.summary.abandonRate == 0.1)
        #expect(report.summary.averageHandleSeconds == 90 && report.summary.longestWaitSeconds == 95)
        #expect(report.byDay.map(\.key) == ["2026-11-16", "2026-11-17", "2026-11-18"])
        #expect(report.byDay.map(\.tally.calls) == [9, 0, 3])
        #expect(report.byHour.count == 24 && report.byHour[9].tally.calls == 9 && report.byHour[14].tally.calls == 3)
        report.label(agents: [agentB.eighteen: "Grace Hopper"])
        #expect(report.byAgent.map(\.label) == ["Grace Hopper", agentA.eighteen, "(no agent)"])
        #expect(report.byQueue.map(\.key) == ["Sales", "Support"])
    }

    @Test("dispositions: trimmed, no blanks, no repeats in any case, at most 255 characters")
    func dispositions() throws {
        #expect(try DispositionList.check([" Resolved ", "Call back"]).get() == ["Resolved", "Call back"])
        guard case .failure(let error) = DispositionList.check(["Resolved", "resolved", " ", String(repeating: "x", count: 256)]) else {
            Issue.record("accepted a bad list")
            return
        }
        #expect(error.issues.map(\.field) == ["dispositions[1]", "dispositions[2]", "dispositions[3]"])
        #expect(DispositionList.match("CALL BACK", in: ["Resolved", "Call back"]) == "Call back")
    }
}
