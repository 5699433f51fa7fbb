import Foundation
import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardStore
import SwitchboardTestSupport

/// The call control API's commands and frames, over real services and a manual clock.
@Suite("Call control")
struct CallControlServiceTests {
    /// The frames an agent has been sent, decoded.
    static func frames(_ s: TestServices, _ agent: Principal, after seq: Int64 = 0) async throws -> [[String: Any]] {
        let frames = try #require(await s.callControl.channels.frames(of: agent.userID, after: seq))
        return try frames.map { try #require(JSONSerialization.jsonObject(with: Data($0.text.utf8)) as? [String: Any]) }
    }

    static func callFrames(_ s: TestServices, _ agent: Principal) async throws -> [[String: Any]] {
        try await frames(s, agent).compactMap { $0["call"] as? [String: Any] }
    }

    func command(_ op: CallControlCommand.Op, _ key: String? = nil, to: String? = nil) -> CallControlCommand {
        CallControlCommand(id: "c", op: op, callKey: key, to: to)
    }

    @Test("a routed call rings the agent's softphone; answer, hold, resume, mute and hang up drive the call and presence; others cannot touch it")
    func conversation() async throws {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 30, bobFreeAfter: 5)
        let (s, ada, bob) = (staffed.s, staffed.ada, staffed.bob)
        _ = try await staffed.send("c1", "1", .offered)
        let ringing = try #require(try await Self.callFrames(s, ada).last)
        #expect(ringing["phase"] as? String == "ringing" && ringing["from"] as? String == "+14155550134" && ringing["agentId"] as? String == ada.userID.eighteen)
        let seqs = try await Self.frames(s, ada).compactMap { $0["seq"] as? Int }
        #expect(seqs == Array(1...seqs.count), "every frame is numbered in order: \(seqs)")

        await #expect { _ = try await s.callControl.perform(command(.answer, "c1"), by: bob) } throws: { $0 is AuthError }
        await #expect { _ = try await s.callControl.perform(command(.hold, "c1"), by: ada) } throws: { ($0 as? CallTransitionError)?.message.contains("only a connected call") == true }

        s.clock.advance(seconds: 2)
        guard case .call(let answered) = try await s.callControl.perform(command(.answer, "c1"), by: ada) else { Issue.record("no call"); return }
        #expect(answered.phase == .connected && answered.answeredAt == s.clock.now().millisecondsSince1970)
        #expect(try await s.presence.presence(of: ada.userID).status == .busy)
        let presenceFrames = try await Self.frames(s, ada).compactMap { $0["presence"] as? [String: Any] }
        #expect(presenceFrames.last?["status"] as? String == "Busy", "the softphone hears of its presence too")

        s.clock.advance(seconds: 5)
        _ = try await s.callControl.perform(command(.hold, "c1"), by: ada)
        s.clock.advance(seconds: 7)
        _ = try await s.callControl.perform(command(.resume, "c1"), by: ada)
        guard case .call(let muted) = try await s.callControl.perform(command(.mute, "c1"), by: ada) else { Issue.record("no call"); return }
        let mutedFrame = try await Self.callFrames(s, ada).last
        #expect(muted.muted && mutedFrame?["muted"] as? Bool == true)
        _ = try await s.callControl.perform(CallControlCommand(id: "d", op: .dtmf, callKey: "c1", digits: "12#"), by: ada)
        await #expect { _ = try await s.callControl.perform(CallControlCommand(id: "d", op: .dtmf, callKey: "c1", digits: "12x"), by: ada) } throws: { $0 is RecordValidationError }
        s.clock.advance(seconds: 20)
        guard case .call(let ended) = try await s.callControl.perform(command(.hangup, "c1"), by: ada) else { Issue.record("no call"); return }
        #expect(ended.phase == .ended && ended.disconnectReason == "AgentHangup")
        #expect(try await s.presence.presence(of: ada.userID).status == .afterCallWork)
        let call = try await s.records.get(StandardObjects.voiceCall, id: ended.voiceCallId, by: s.system)
        #expect(call["NumberOfHolds"] == .integer(1) && call["CustomerHoldDuration"] == .integer(7) && call["Outcome"] == .text("Answered"))
        #expect(try await s.telephony.activeCalls(of: ada.userID).isEmpty)

        let wrapped = try await s.callControl.perform(CallControlCommand(id: "w", op: .wrapUp, callKey: "c1", disposition: nil, notes: "asked about the invoice"), by: ada)
        guard case .wrappedUp(let callID, let taskID) = wrapped else { Issue.record("not wrapped up"); return }
        let task = try await s.records.get(StandardObjects.task, id: taskID.eighteen, by: s.system)
        #expect(task["Description"] == .text("asked about the invoice") && callID.eighteen == ended.voiceCallId)
        try await s.close()
    }

    @Test("decline rings the next agent and the first agent's softphone drops the call; a transfer to a busy agent is refused, to an available one moves the call")
    func declineAndTransfer() async throws {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 30, bobFreeAfter: 5)
        let (s, ada, bob) = (staffed.s, staffed.ada, staffed.bob)
        _ = try await staffed.send("c1", "1", .offered)
        _ = try await s.callControl.perform(command(.decline, "c1"), by: ada)
        #expect(try await Self.callFrames(s, ada).last?["agentId"] as? String == bob.userID.eighteen, "ada's softphone learns the call went to bob")
        #expect(try await Self.callFrames(s, bob).last?["phase"] as? String == "ringing")
        _ = try await s.callControl.perform(command(.answer, "c1"), by: bob)
        let declined = try await s.presence.presence(of: ada.userID)
        #expect(declined.status == .away && declined.reason == "Declined call", "no more calls for ada until she is Available again")
        _ = try await s.presence.choose(.available, reason: nil, by: ada)

        _ = try await staffed.send("c2", "1", .offered)
        _ = try await s.callControl.perform(command(.answer, "c2"), by: ada)
        await #expect { _ = try await s.callControl.perform(command(.transfer, "c2", to: "bob"), by: ada) } throws: { ($0 as? CallTransitionError)?.message.contains("they are Busy") == true }
        _ = try await s.callControl.perform(command(.hangup, "c1"), by: bob)
        s.clock.advance(seconds: 31)
        #expect(try await s.presence.presence(of: bob.userID).status == .available)
        guard case .call(let moved) = try await s.callControl.perform(command(.transfer, "c2", to: "bob"), by: ada) else { Issue.record("no call"); return }
        #expect(moved.agentId == bob.userID.eighteen && moved.phase == .connected && moved.transfers == 1)
        let (adaNow, bobNow) = (try await s.presence.presence(of: ada.userID).status, try await s.presence.presence(of: bob.userID).status)
        #expect(adaNow == .afterCallWork && bobNow == .busy)
        #expect(try await s.telephony.activeCalls(of: bob.userID).map(\.callKey) == ["c2"])
        await #expect { _ = try await s.callControl.perform(command(.hangup, "c2"), by: ada) } throws: { $0 is AuthError }

        // To a queue: back in the call center's queue, and routing rings whoever is free.
        guard case .call(let queued) = try await s.callControl.perform(command(.transfer, "c2", to: "queue:\(staffed.center.definition.internalName)"), by: bob) else { Issue.record("no call"); return }
        #expect(queued.phase == .queued && queued.agentId == nil)
        s.clock.advance(seconds: 31)
        try await s.telephony.tick(by: s.system)
        #expect(try await s.telephony.activeCalls(of: ada.userID).map(\.phase) == [.ringing], "ada's after-call work ended; the queued call rings her")
        try await s.close()
    }

    @Test("dial out rings the far end; the simulated far end answers 2 s later on the clock tick; an unanswered dial leaves the agent Available")
    func dialOut() async throws {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 10, bobFreeAfter: 1)
        let (s, ada) = (staffed.s, staffed.ada)
        guard case .call(let dialled) = try await s.callControl.perform(CallControlCommand(id: "1", op: .dial, number: "+1 (415) 555-0199"), by: ada) else { Issue.record("no call"); return }
        #expect(dialled.direction == "outbound" && dialled.phase == .ringing && dialled.to == "+1 (415) 555-0199")
        #expect(try await s.presence.presence(of: ada.userID).status == .busy, "nothing else is offered while dialling")
        _ = try await staffed.send("in1", "1", .offered)
        #expect(try await s.telephony.activeCalls(of: staffed.bob.userID).map(\.callKey) == ["in1"], "an inbound call goes to bob")

        s.clock.advance(seconds: 1)
        #expect(await s.callControl.providers.simulator.tick(s.telephony, by: s.system) == 0, "not yet")
        s.clock.advance(seconds: 1)
        #expect(await s.callControl.providers.simulator.tick(s.telephony, by: s.system) == 1)
        #expect(try await s.telephony.activeCalls(of: ada.userID).first { $0.callKey == dialled.callKey }?.phase == .connected)
        _ = try await s.callControl.perform(command(.hangup, dialled.callKey), by: ada)
        let call = try await s.records.get(StandardObjects.voiceCall, id: dialled.voiceCallId, by: s.system)
        #expect(call["CallType"] == .text("Outbound") && call["Outcome"] == .text("Answered") && call["UserId"] == .id(ada.userID))

        s.clock.advance(seconds: 11)
        guard case .call(let second) = try await s.callControl.perform(CallControlCommand(id: "2", op: .dial, number: "+14155550199"), by: ada) else { Issue.record("no call"); return }
        _ = try await s.callControl.perform(command(.hangup, second.callKey), by: ada)
        #expect(try await s.presence.presence(of: ada.userID).status == .available, "an unanswered dial has nothing to wrap up")
        await #expect { _ = try await s.callControl.perform(CallControlCommand(id: "3", op: .dial, number: "call me"), by: ada) } throws: { $0 is RecordValidationError }
        try await s.close()
    }

    @Test("a reconnecting softphone gets what it missed and its calls; a second softphone replaces the first; another epoch starts afresh")
    func reconnect() async throws {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 10, bobFreeAfter: 1)
        let (s, ada) = (staffed.s, staffed.ada)
        let (first, welcome) = try await s.callControl.connect(ada, resumeAfter: nil, epoch: nil)
        #expect(welcome.presence.status == .available && welcome.calls.isEmpty && welcome.missed == nil)
        _ = try await staffed.send("c1", "1", .offered)
        _ = try await s.callControl.perform(command(.answer, "c1"), by: ada)
        let (_, again) = try await s.callControl.connect(ada, resumeAfter: welcome.seq, epoch: s.callControl.channels.epoch)
        #expect(again.calls.map(\.callKey) == ["c1"] && again.calls.first?.phase == .connected, "a refreshed page gets its call back")
        #expect(again.missed?.count == Int(again.seq - welcome.seq) && again.missed?.first?.seq == welcome.seq + 1)
        var replaced = false
        for await delivery in first.deliveries where delivery == .replaced { replaced = true }
        #expect(replaced, "the first softphone is told it was replaced, and its stream ends")
        let (_, other) = try await s.callControl.connect(ada, resumeAfter: welcome.seq, epoch: "another-server-run")
        #expect(other.missed == nil && other.calls.count == 1)
        try await s.close()
    }

    @Test("provider commands are signed with HMAC-SHA256 over the timestamp and body")
    func signature() {
        // python3 -c 'import hmac,hashlib;print(hmac.new(b"0123456789abcdef",b"1700000000.{\"a\":1}",hashlib.sha256).hexdigest())'
        #expect(ProviderCommands.signature(body: #"{"a":1}"#, timestamp: 1_700_000_000, secret: "0123456789abcdef")
                == "t=1700000000,v1=9eb18f493f8ec135d9eb2dad817c369bb4e9cbfa818657897a7437c1cd8c3a23")
    }
}

@Suite("The simulated caller")
struct SimulatedCallerTests {
    @Test("a supervisor's simulated caller rings the DNIS, talks 30 s after the answer and hangs up; unanswered it gives up after a minute")
    func caller() async throws {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 10, bobFreeAfter: 1)
        let (s, ada) = (staffed.s, staffed.ada)
        let supervisor = try await s.user("sue", role: .supervisor)
        await #expect { _ = try await s.callControl.simulateCall(from: "+14155550134", to: "+18005550100", by: ada) } throws: { $0 is AuthError }
        await #expect { _ = try await s.callControl.simulateCall(from: "nobody", to: "+18005550100", by: supervisor) } throws: { ($0 as? RecordValidationError)?.issues.map(\.field) == ["from"] }
        let rung = try await s.callControl.simulateCall(from: "+14155550134", to: "+1 800 555 0100", by: supervisor)
        #expect(rung.progress.phase == .ringing && rung.progress.agent == ada.userID.eighteen)
        s.clock.advance(seconds: 3)
        _ = try await s.callControl.perform(CallControlCommand(id: "1", op: .answer, callKey: rung.progress.callKey), by: ada)
        let simulator = s.callControl.providers.simulator
        s.clock.advance(seconds: 29)
        #expect(await simulator.tick(s.telephony, by: s.system) == 0, "still talking")
        s.clock.advance(seconds: 1)
        #expect(await simulator.tick(s.telephony, by: s.system) == 1)
        let call = try await s.records.get(StandardObjects.voiceCall, id: rung.call.id.eighteen, by: s.system)
        #expect(call["DisconnectReason"] == .text("CustomerHangup") && call["CallDurationInSeconds"] == .integer(30))

        // Everybody away: the caller waits in the queue, then gives up.
        _ = try await s.presence.choose(.away, reason: "Lunch", by: ada)
        _ = try await s.presence.choose(.away, reason: "Lunch", by: staffed.bob)
        let queued = try await s.callControl.simulateCall(from: "+14155550135", to: "+18005550100", by: supervisor)
        #expect(queued.progress.phase == .queued)
        s.clock.advance(seconds: 60)
        #expect(await simulator.tick(s.telephony, by: s.system) == 1)
        let abandoned = try await s.records.get(StandardObjects.voiceCall, id: queued.call.id.eighteen, by: s.system)
        #expect(abandoned["Outcome"] == .text("Abandoned"))
        try await s.close()
    }
}

@Suite("Consult transfer and conference")
struct ConsultTests {
    func command(_ op: CallControlCommand.Op, _ key: String, to: String? = nil) -> CallControlCommand {
        CallControlCommand(id: "c", op: op, callKey: key, to: to)
    }

    /// ada has the customer's call c1, connected; bob is Available.
    static func connected() async throws -> StaffedCallCenter {
        let staffed = try await StaffedCallCenter.make(afterCallWorkSeconds: 10, bobFreeAfter: 1)
        _ = try await staffed.send("c1", "1", .offered)
        _ = try await staffed.s.callControl.perform(CallControlCommand(id: "a", op: .answer, callKey: "c1"), by: staffed.ada)
        return staffed
    }

    @Test("consult holds the customer and rings the colleague with the customer's number; complete transfer hands the customer over")
    func completeTransfer() async throws {
        let staffed = try await Self.connected()
        let (s, ada, bob) = (staffed.s, staffed.ada, staffed.bob)
        guard case .call(let consult) = try await s.callControl.perform(command(.consult, "c1", to: "bob"), by: ada) else { Issue.record("no call"); return }
        #expect(consult.phase == .ringing && consult.agentId == bob.userID.eighteen && consult.otherAgentIds == [ada.userID.eighteen])
        #expect(consult.consultFor == "c1" && consult.from == "+14155550134", "bob sees whom the consult is about")
        #expect(try await s.telephony.activeCalls(of: ada.userID).first { $0.callKey == "c1" }?.phase == .held)
        await #expect { _ = try await s.callControl.perform(command(.completeTransfer, consult.callKey), by: ada) } throws: { ($0 as? CallTransitionError)?.message.contains("has not answered") == true }
        _ = try await s.callControl.perform(command(.answer, consult.callKey), by: bob)
        await #expect { _ = try await s.callControl.perform(command(.completeTransfer, consult.callKey), by: bob) } throws: { $0 is AuthError }
        s.clock.advance(seconds: 5)
        guard case .call(let handed) = try await s.callControl.perform(command(.completeTransfer, consult.callKey), by: ada) else { Issue.record("no call"); return }
        #expect(handed.callKey == "c1" && handed.agentId == bob.userID.eighteen && handed.phase == .connected && handed.transfers == 1)
        let (adaNow, bobNow) = (try await s.presence.presence(of: ada.userID).status, try await s.presence.presence(of: bob.userID).status)
        #expect(adaNow == .afterCallWork && bobNow == .busy)
        let (adaCalls, bobCalls) = (try await s.telephony.activeCalls(of: ada.userID), try await s.telephony.activeCalls(of: bob.userID))
        #expect(adaCalls.isEmpty && bobCalls.map(\.callKey) == ["c1"])
        let consultCall = try await s.records.get(StandardObjects.voiceCall, id: consult.voiceCallId, by: s.system)
        #expect(consultCall["CallType"] == .text("Consult") && consultCall["DisconnectReason"] == .text("TransferCompleted"))
        let customer = try await s.records.get(StandardObjects.voiceCall, id: handed.voiceCallId, by: s.system)
        #expect(customer["UserId"] == .id(bob.userID) && customer["NumberOfHolds"] == .integer(1) && customer["CustomerHoldDuration"] == .integer(5))
        try await s.close()
    }

    @Test("conference brings all three together; an agent who hangs up leaves, the others go on; the caller's hang-up ends it for everyone")
    func conference() async throws {
        let staffed = try await Self.connected()
        let (s, ada, bob) = (staffed.s, staffed.ada, staffed.bob)
        guard case .call(let consult) = try await s.callControl.perform(command(.consult, "c1", to: "bob"), by: ada) else { Issue.record("no call"); return }
        _ = try await s.callControl.perform(command(.answer, consult.callKey), by: bob)
        guard case .call(let joined) = try await s.callControl.perform(command(.conference, consult.callKey), by: ada) else { Issue.record("no call"); return }
        #expect(joined.callKey == "c1" && joined.phase == .connected && joined.agentId == ada.userID.eighteen && joined.otherAgentIds == [bob.userID.eighteen])
        let bobsFrame = try await CallControlServiceTests.callFrames(s, bob).last
        #expect(bobsFrame?["callKey"] as? String == "c1" && (bobsFrame?["otherAgentIds"] as? [String]) == [bob.userID.eighteen], "bob's softphone has the customer's call")
        // ada leaves; bob carries on with the caller.
        guard case .call(let left) = try await s.callControl.perform(command(.hangup, "c1"), by: ada) else { Issue.record("no call"); return }
        #expect(left.phase == .connected && left.agentId == bob.userID.eighteen && left.otherAgentIds.isEmpty)
        #expect(try await s.presence.presence(of: ada.userID).status == .afterCallWork)
        await #expect { _ = try await s.callControl.perform(command(.hold, "c1"), by: ada) } throws: { $0 is AuthError }
        _ = try await s.telephony.handle(TelephonyEvent(id: "bye", callKey: "c1", kind: .ended, at: s.clock.now(), reason: "CustomerHangup"), by: staffed.pbx)
        #expect(try await s.presence.presence(of: bob.userID).status == .afterCallWork)
        try await s.close()
    }

    @Test("a declined consult ends and the customer stays on hold with the consulting agent")
    func declined() async throws {
        let staffed = try await Self.connected()
        let (s, ada, bob) = (staffed.s, staffed.ada, staffed.bob)
        guard case .call(let consult) = try await s.callControl.perform(command(.consult, "c1", to: "bob"), by: ada) else { Issue.record("no call"); return }
        _ = try await s.callControl.perform(command(.decline, consult.callKey), by: bob)
        #expect(try await s.presence.presence(of: bob.userID).status == .available, "declining a colleague is not a missed customer")
        #expect(try await s.telephony.activeCalls(of: ada.userID).map(\.callKey) == ["c1"])
        _ = try await s.callControl.perform(command(.resume, "c1"), by: ada)
        try await s.close()
    }
}
