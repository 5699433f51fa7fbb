import SQLKit
import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardStore
import SwitchboardTestSupport

@Suite("Telephony events keep a VoiceCall in step")
struct TelephonyEventServiceTests {
    static let backends = TestDatabase.backends

    @Test("events build the call's VoiceCall; a repeat changes nothing; a refused event leaves it as it was", arguments: backends)
    func events(backend: Database.Backend) async throws {
        let s = try await TestServices.make(backend)
        let agent = try await s.user("ada", role: .agent)
        let (center, _) = try await s.callCenters.importFile(try CallCenterSamples.bytes("lightning-basic.xml"), fileName: "lightning-basic.xml", by: s.system)
        _ = try await s.callCenters.update(center.id.eighteen, [], dnisNumbers: ["+1 (800) 555-0100"], by: s.system)
        let pbx = Principal(userID: s.system.userID, username: "pbx", role: .admin, kind: .token(id: "t1"))
        let t0 = Instant(iso8601: "2026-11-20T09:00:00Z")!
        func send(_ id: String, _ kind: TelephonyEvent.Kind, _ seconds: Int64, agent: String? = nil, reason: String? = nil) async throws -> TelephonyEventService.Outcome {
            try await s.telephony.handle(TelephonyEvent(id: id, callKey: "PBX-7", kind: kind, at: t0.adding(milliseconds: seconds * 1000),
                                                        from: "+14155550134", to: "+18005550100", queue: "Support", agent: agent, reason: reason), by: pbx)
        }
        let offered = try await send("1", .offered, 0)
        #expect(offered.call["Outcome"] == .text("Ongoing") && offered.call["VendorCallKey"] == .text("PBX-7"))
        #expect(offered.call["CallCenterId"] == .id(center.id), "the DNIS number names the call center before any agent is known")
        _ = try await send("2", .ringing, 4, agent: "ADA")
        _ = try await send("3", .answered, 9)
        _ = try await send("4", .held, 30)
        _ = try await send("5", .resumed, 45)
        let repeated = try await send("5", .resumed, 45)
        #expect(!repeated.applied)
        let echo = try await send("6", .resumed, 50)
        #expect(!echo.applied, "a provider reporting a resume that already happened (an agent's command) changes nothing")
        await #expect(throws: CallTransitionError.self) { _ = try await send("6b", .queued, 50) }
        await #expect { _ = try await send("7", .answered, 51, agent: "nobody") } throws: { ($0 as? RecordValidationError)?.issues.first?.field == "agent" }
        let ended = try await send("8", .ended, 129, reason: "CustomerHangup")
        let call = ended.call
        #expect(call["Outcome"] == .text("Answered") && call["UserId"] == .id(agent.userID) && call["CallDurationInSeconds"] == .integer(120))
        #expect(call["WaitDurationInSeconds"] == .integer(9) && call["NumberOfHolds"] == .integer(1) && call["CustomerHoldDuration"] == .integer(15))
        #expect(call["QueueName"] == .text("Support") && call["DisconnectReason"] == .text("CustomerHangup"))
        #expect(try await s.records.repository.count(StandardObjects.voiceCall) == 1)
        // The agent's softphone logs the call afterwards: the Task links to this VoiceCall.
        let log = try await s.openCTI.saveLog([("entityApiName", .string("Task")), ("CallType", .string("Inbound")), ("CallObject", .string("pbx-7"))], by: agent)
        let linked = try await s.records.repository.find(StandardObjects.voiceCall, id: call.id)
        #expect(linked?["ActivityId"] == .id(log.record.id) && linked?["CallDurationInSeconds"] == .integer(120))
        // Softphone sessions cannot post events.
        let softphone = Principal(userID: agent.userID, username: "ada", role: .agent, kind: .session(csrfToken: "c"))
        await #expect { _ = try await s.telephony.handle(TelephonyEvent(id: "x", callKey: "k", kind: .offered, at: t0), by: softphone) } throws: { $0 is AuthError }
        try await s.close()
    }
}

@Suite("Routing and presence follow telephony events")
struct RoutingServiceTests {
    @Test("a call to a DNIS rings the available agent idle longest; answering makes them Busy; the end starts after-call work; nobody free queues it",
          arguments: TestDatabase.backends)
    func routing(backend: Database.Backend) async throws {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 30, bobFreeAfter: 5, backend: backend)
        let (s, center, ada, bob, send) = (staffed.s, staffed.center, staffed.ada, staffed.bob, staffed.send)
        let first = try await send("c1", "1", .offered)
        #expect(first.progress.phase == .ringing && first.progress.agent == ada.userID.eighteen, "ada has been available longest")
        #expect(first.call["UserId"] == .id(ada.userID) && first.call["CallCenterId"] == .id(center.id))
        s.clock.advance(seconds: 3)
        _ = try await send("c1", "2", .answered)
        #expect(try await s.presence.presence(of: ada.userID).status == .busy)
        let second = try await send("c2", "1", .offered)
        #expect(second.progress.agent == bob.userID.eighteen, "ada is busy")
        _ = try await send("c2", "2", .answered)
        let third = try await send("c3", "1", .offered)
        #expect(third.progress.phase == .queued && third.progress.agent == nil, "nobody is free")
        s.clock.advance(seconds: 60)
        _ = try await send("c1", "3", .ended)
        #expect(try await s.presence.presence(of: ada.userID).status == .afterCallWork)
        s.clock.advance(seconds: 30)
        #expect(try await s.presence.presence(of: ada.userID).status == .available, "after-call work ends at the call center's 30 s limit")
        let supervisor = try await s.user("sup", role: .supervisor)
        let board = try await s.presence.all(by: supervisor)
        #expect(board.map(\.name) == ["ada", "bob"] && board.map(\.presence.status) == [.available, .busy])
        await #expect { _ = try await s.presence.all(by: ada) } throws: { $0 is AuthError }
        try await s.close()
    }

    @Test("an answer whose agent's presence cannot be stored changes nothing — not the VoiceCall, not the call — so the phone system's retry makes the agent Busy",
          arguments: TestDatabase.backends)
    func answerIsWhole(backend: Database.Backend) async throws {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 30, bobFreeAfter: 5, backend: backend)
        let (s, ada, send) = (staffed.s, staffed.ada, staffed.send)
        let offered = try await send("c1", "1", .offered)
        #expect(offered.progress.agent == ada.userID.eighteen)
        s.clock.advance(seconds: 3)
        func renamePresence(_ from: String, _ to: String) async throws {
            try await s.database.withConnection { db in try await db.raw("ALTER TABLE \(ident: from) RENAME TO \(ident: to)").run() }
        }
        try await renamePresence("sb_presence", "sb_presence_moved")
        await #expect(throws: (any Error).self) { _ = try await send("c1", "2", .answered) }
        try await renamePresence("sb_presence_moved", "sb_presence")
        let call = try await s.records.repository.find(StandardObjects.voiceCall, id: offered.call.id)
        #expect(call?["CallAcceptDateTime"] == .null || call?["CallAcceptDateTime"] == nil, "the VoiceCall was not answered")
        #expect(try await s.presence.presence(of: ada.userID).status == .available)
        let retried = try await send("c1", "2", .answered)
        #expect(retried.applied && retried.progress.phase == .connected, "the same event, sent again, is applied")
        #expect(try await s.presence.presence(of: ada.userID).status == .busy)
        try await s.close()
    }
}

@Suite("Away reasons")
struct AwayReasonTests {
    @Test("with a list defined, Away takes one of its reasons (any case); admins set the list; bad lists are refused whole")
    func reasons() async throws {
        let s = try await TestServices.make()
        let ada = try await s.user("ada", role: .agent)
        #expect(try await s.presence.choose(.away, reason: "Dentist", by: ada).reason == "Dentist", "no list: any reason")
        await #expect { _ = try await s.presence.setAwayReasons(["Lunch"], by: ada) } throws: { $0 is AuthError }
        #expect(try await s.presence.setAwayReasons([" Lunch ", "Training"], by: s.system) == ["Lunch", "Training"])
        await #expect { _ = try await s.presence.setAwayReasons(["Lunch", "lunch"], by: s.system) } throws: { ($0 as? RecordValidationError)?.issues.map(\.field) == ["reasons[1]"] }
        #expect(try await s.presence.awayReasons() == ["Lunch", "Training"])
        await #expect { _ = try await s.presence.choose(.away, reason: "Dentist", by: ada) } throws: { ($0 as? PresenceError)?.message.contains("Lunch, Training") == true }
        #expect(try await s.presence.choose(.away, reason: "training", by: ada).reason == "Training")
        try await s.close()
    }
}

@Suite("Ring timeouts and the queue")
struct RingTimeoutTests {
    @Test("an unanswered call moves to the next agent after the ring timeout and the agent who missed it goes Away, then to the queue; a queued call rings the next agent who is free",
          arguments: TestDatabase.backends)
    func timeouts(backend: Database.Backend) async throws {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 10, bobFreeAfter: 1, backend: backend)
        let (s, ada, bob, pbx, send) = (staffed.s, staffed.ada, staffed.bob, staffed.pbx, staffed.send)
        func agentOf(_ key: String) async throws -> String? {
            try await s.telephony.handle(TelephonyEvent(id: "probe-\(s.clock.now().millisecondsSince1970)", callKey: key, kind: .offered, at: s.clock.now()), by: pbx).progress.agent
        }
        #expect(try await send("c1", "1", .offered).progress.agent == ada.userID.eighteen)
        s.clock.advance(seconds: 19)
        #expect(try await s.telephony.tick(by: s.system) == 0, "still within the ring timeout")
        s.clock.advance(seconds: 2)
        #expect(try await s.telephony.tick(by: s.system) == 1)
        #expect(try await agentOf("c1") == bob.userID.eighteen, "ada did not answer in 20 s")
        let missed = try await s.presence.presence(of: ada.userID)
        #expect(missed.status == .away && missed.reason == "Missed call", "nobody seems to be at ada's desk")
        s.clock.advance(seconds: 21)
        #expect(try await s.telephony.tick(by: s.system) == 1)
        #expect(try await agentOf("c1") == nil, "nobody untried is left: back to the queue")
        s.clock.advance(seconds: 1)
        #expect(try await s.telephony.tick(by: s.system) == 0, "both agents missed it and are Away")
        _ = try await s.presence.choose(.available, reason: nil, by: ada)
        #expect(try await s.telephony.tick(by: s.system) == 1)
        #expect(try await agentOf("c1") == ada.userID.eighteen, "back at her desk, ada gets the queued call")
        _ = try await s.presence.choose(.available, reason: nil, by: bob)
        // A second call while ada and bob are on calls waits in the queue until one is free.
        _ = try await send("c1", "2", .answered)
        let other = try await send("c2", "1", .offered)
        #expect(other.progress.agent == bob.userID.eighteen)
        _ = try await send("c2", "2", .answered)
        let queued = try await send("c3", "1", .offered)
        #expect(queued.progress.phase == .queued)
        s.clock.advance(seconds: 4)
        let supervisor = try await s.user("sup", role: .supervisor)
        let board = try await s.telephony.waitingCalls(by: supervisor)
        #expect(board.map(\.progress.callKey) == ["c3"] && board.first?.position == 1 && board.first?.waitingSeconds == 4)
        await #expect { _ = try await s.telephony.waitingCalls(by: ada) } throws: { $0 is AuthError }
        #expect(try await s.telephony.tick(by: s.system) == 0, "nobody is free")
        _ = try await send("c1", "3", .ended)
        s.clock.advance(seconds: 5)
        #expect(try await s.telephony.tick(by: s.system) == 0, "ada is in after-call work for 10 s")
        s.clock.advance(seconds: 6)
        #expect(try await s.telephony.tick(by: s.system) == 1)
        #expect(try await agentOf("c3") == ada.userID.eighteen)
        try await s.close()
    }
}

/// A call center with the DNIS +1 800 555 0100 and the agents ada and bob in it, both Available
/// (ada first, bob `bobFreeAfter` seconds later), and a phone system's token to post events with.
struct StaffedCallCenter {
    let s: TestServices
    let center: CallCenter
    let ada: Principal
    let bob: Principal
    let pbx: Principal

    static func make(afterCallWorkSeconds: Int64, bobFreeAfter seconds: Double, backend: Database.Backend = .sqlite) async throws -> StaffedCallCenter {
        let s = try await TestServices.make(backend)
        let (center, _) = try await s.callCenters.importFile(try CallCenterSamples.bytes("lightning-basic.xml"), fileName: "lightning-basic.xml", by: s.system)
        _ = try await s.callCenters.update(center.id.eighteen, [], dnisNumbers: ["+18005550100"], by: s.system)
        let ada = try await s.user("ada", role: .agent), bob = try await s.user("bob", role: .agent)
        _ = try await s.callCenters.assign([(1, "ada"), (2, "bob")], to: center.definition.internalName, move: false, by: s.system)
        try await s.calls.setAfterCallWorkSeconds(afterCallWorkSeconds, callCenter: center.id.eighteen, by: s.system)
        _ = try await s.presence.choose(.available, reason: nil, by: ada)
        s.clock.advance(seconds: seconds)
        _ = try await s.presence.choose(.available, reason: nil, by: bob)
        let pbx = Principal(userID: s.system.userID, username: "pbx", role: .admin, kind: .token(id: "t"))
        return StaffedCallCenter(s: s, center: center, ada: ada, bob: bob, pbx: pbx)
    }

    /// Posts an event of call `key` now, from +1 415 555 0134 to the DNIS as people write it.
    func send(_ key: String, _ id: String, _ kind: TelephonyEvent.Kind) async throws -> TelephonyEventService.Outcome {
        try await s.telephony.handle(TelephonyEvent(id: id, callKey: key, kind: kind, at: s.clock.now(), from: "+14155550134", to: "+1 800 555 0100"), by: pbx)
    }
}
