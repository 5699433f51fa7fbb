import Testing
import SwitchboardCore

@Suite("The call state machine of the telephony events API")
struct CallProgressTests {
    let start = Instant(iso8601: "2026-11-21T09:00:00Z")!
    func event(_ id: String, _ kind: TelephonyEvent.Kind, _ seconds: Int64, agent: String? = nil, reason: String? = nil, url: String? = nil) -> TelephonyEvent {
        TelephonyEvent(id: id, callKey: "pbx-1", kind: kind, at: start.adding(milliseconds: seconds * 1000), from: "+14155550134", to: "+18005550100",
                       agent: agent, recordingURL: url, reason: reason)
    }

    @Test("a whole call: offered, ringing, answered, two holds, transferred, ended; holds counted and timed")
    func wholeCall() throws {
        var call = try CallProgress(first: event("e1", .offered, 0))
        for (id, kind, t, agent) in [("e2", TelephonyEvent.Kind.ringing, 5, "ada"), ("e3", .answered, 12, "ada"), ("e4", .held, 60, nil), ("e5", .resumed, 90, nil),
                                     ("e6", .held, 100, nil), ("e7", .transferred, 110, "bob"), ("e8", .ended, 200, nil)] as [(String, TelephonyEvent.Kind, Int64, String?)] {
            #expect(try call.apply(event(id, kind, t, agent: agent)))
        }
        #expect(call.phase == .ended && call.agent == "bob" && call.transfers == 1)
        #expect(call.holds == 2 && call.totalHoldMilliseconds == 40_000 && call.longestHoldMilliseconds == 30_000)
        let fields = Dictionary(call.voiceCallFields(agentUserID: nil), uniquingKeysWith: { a, _ in a })
        #expect(fields["NumberOfHolds"] == .integer(2) && fields["CustomerHoldDuration"] == .integer(40) && fields["LongestHoldDuration"] == .integer(30))
        #expect(fields["CallConnectDateTime"] == .string(start.adding(milliseconds: 12_000).salesforceFormat))
    }

    @Test("a repeat changes nothing; impossible transitions are refused with the reason")
    func refusals() throws {
        var call = try CallProgress(first: event("e1", .offered, 0))
        #expect(try call.apply(event("e1", .offered, 0)) == false)
        #expect(throws: CallTransitionError.self) { try call.apply(event("e2", .held, 5)) }
        do { try call.apply(event("e2", .resumed, 5)) } catch { #expect(error.message.contains("the call is offered; resumed follows held")) }
        try call.apply(event("e3", .answered, 10))
        try call.apply(event("e4", .ended, 50))
        do {
            try call.apply(event("e5", .ended, 60))
            Issue.record("a second end was taken")
        } catch { #expect(error.message.contains("already ended")) }
        do {
            try call.apply(event("e6", .held, 20))
            Issue.record("a hold after the end was taken")
        } catch { #expect(error.message.contains("out of order")) }
        #expect(throws: CallTransitionError.self) { _ = try CallProgress(first: event("r", .recording, 0, url: "https://x")) }
    }

    @Test("late events are used where they still make sense: an answer before the end, a recording after it")
    func lateEvents() throws {
        var call = try CallProgress(first: event("e1", .ringing, 0, agent: "ada"))
        try call.apply(event("e3", .ended, 100, reason: "Completed"))
        try call.apply(event("e2", .answered, 10, agent: "ada"))
        try call.apply(event("e4", .recording, 300, url: "https://pbx.example.com/r/1"))
        #expect(call.answeredAt == start.adding(milliseconds: 10_000) && call.phase == .ended && call.recordingURL == "https://pbx.example.com/r/1")
        do {
            try call.apply(event("e5", .answered, 150))
            Issue.record("an answer after the end was taken")
        } catch { #expect(error.message.contains("already answered")) }
        var missed = try CallProgress(first: event("m1", .offered, 0))
        try missed.apply(event("m2", .ended, 30, reason: "CallerHangup"))
        #expect(throws: CallTransitionError.self) { try missed.apply(event("m3", .answered, 40)) }
    }

    @Test("conference: agents join and leave; the call's own agent leaving hands it to the next; the last cannot leave")
    func conference() throws {
        var call = try CallProgress(first: event("e1", .answered, 0, agent: "ada"))
        #expect(throws: CallTransitionError.self) { try call.apply(event("e2", .joined, 1, agent: "ada")) }
        #expect(try call.apply(event("e3", .joined, 2, agent: "bob")))
        #expect(call.agent == "ada" && call.otherAgents == ["bob"])
        #expect(try call.apply(event("e4", .left, 3, agent: "ada")))
        #expect(call.agent == "bob" && call.otherAgents == nil)
        #expect { try call.apply(event("e5", .left, 4, agent: "bob")) } throws: { ($0 as? CallTransitionError)?.message.contains("only agent") == true }
        #expect { try call.apply(event("e6", .left, 4, agent: "cy")) } throws: { ($0 as? CallTransitionError)?.message.contains("not on the call") == true }
    }

    @Test("what an agent's command already did, reported back by the phone system, is a repeat; a transfer to a queue queues the call")
    func echoesAndQueueTransfer() throws {
        var call = try CallProgress(first: event("e1", .answered, 0, agent: "ada"))
        #expect(try call.apply(event("p1", .answered, 1, agent: "ada")) == false)
        #expect(try call.apply(event("e2", .held, 2)))
        #expect(try call.apply(event("p2", .held, 2)) == false)
        #expect(try call.apply(event("e3", .resumed, 4)))
        #expect(try call.apply(event("p3", .resumed, 4)) == false)
        #expect(throws: CallTransitionError.self) { try call.apply(event("p4", .answered, 5, agent: "bob")) }
        var queued = TelephonyEvent(id: "e4", callKey: "pbx-1", kind: .transferred, at: start.adding(milliseconds: 6_000))
        queued.queue = "Billing"
        #expect(try call.apply(queued))
        #expect(call.phase == .queued && call.agent == nil && call.queue == "Billing" && call.transfers == 1)
    }
}
