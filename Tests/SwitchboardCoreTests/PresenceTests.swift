import Testing
import SwitchboardCore

@Suite("Presence and routing")
struct PresenceTests {
    let t0 = Instant(iso8601: "2026-11-21T09:00:00Z")!
    func at(_ seconds: Int64) -> Instant { t0.adding(milliseconds: seconds * 1000) }
    let ada = RecordID(unchecked: "005000000000001"), bob = RecordID(unchecked: "005000000000002"), cy = RecordID(unchecked: "005000000000003")

    @Test("agents choose Available, Away with a reason, or Offline; calls make them Busy, then after-call work ends on its own")
    func presence() throws {
        var p = AgentPresence(userID: ada, since: t0)
        #expect(throws: PresenceError.self) { try p.choose(.busy, reason: nil, at: at(1)) }
        #expect(throws: PresenceError.self) { try p.choose(.away, reason: " ", at: at(1)) }
        try p.choose(.away, reason: "Lunch", at: at(1))
        #expect(p.status == .away && p.reason == "Lunch")
        try p.choose(.available, reason: nil, at: at(10))
        #expect(p.idleSince == at(10) && p.reason == nil)
        p.callStarted(at: at(20))
        #expect(throws: PresenceError.self) { try p.choose(.away, reason: "Break", at: at(30)) }
        #expect(p.status == .busy, "a refused change leaves the presence as it was")
        p.callEnded(at: at(80), afterCallWorkSeconds: 30)
        #expect(p.effective(at: at(109)).status == .afterCallWork)
        let later = p.effective(at: at(110))
        #expect(later.status == .available && later.idleSince == at(110))
        // Ending after-call work early.
        try p.choose(.available, reason: nil, at: at(90))
        #expect(p.status == .available && p.idleSince == at(90))
    }

    @Test("a call goes to the available agent idle longest, not to one already tried, and to nobody when all are busy")
    func routing() throws {
        var a = AgentPresence(userID: ada, since: t0), b = AgentPresence(userID: bob, since: t0), c = AgentPresence(userID: cy, since: t0)
        try a.choose(.available, reason: nil, at: at(30))
        try b.choose(.available, reason: nil, at: at(10))
        try c.choose(.away, reason: "Training", at: at(5))
        #expect(Routing.longestIdle([a, b, c], at: at(60)) == bob)
        #expect(Routing.longestIdle([a, b, c], at: at(60), excluding: [bob]) == ada)
        b.callStarted(at: at(61))
        b.callEnded(at: at(70), afterCallWorkSeconds: 20)
        #expect(Routing.longestIdle([a, b, c], at: at(80)) == ada)
        a.callStarted(at: at(81))
        #expect(Routing.longestIdle([a, b, c], at: at(85)) == nil)
        #expect(Routing.longestIdle([a, b, c], at: at(90)) == bob, "bob's after-call work ended at 90 s")
    }
}
