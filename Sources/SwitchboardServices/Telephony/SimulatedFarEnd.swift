public import SwitchboardCore

/// The built-in simulated phone system, for demos and tests: the far end of calls agents dial
/// out with no phone system configured (it answers `answerAfterMilliseconds` after the dial), and
/// callers a supervisor starts from the agents page (they wait `patience` for an agent, talk for
/// `talk`, then hang up). Every step goes through `TelephonyEventService.handle` like the events
/// API's, on routing's clock tick, so tests drive it with a manual clock.
public actor SimulatedFarEnd {
    public static let answerAfterMilliseconds: Int64 = 2_000
    private var pendingAnswers: [String: Instant] = [:]
    struct Caller { var ringUntil: Instant; var talkMilliseconds: Int64 }
    private var callers: [String: Caller] = [:]

    public init() {}

    func dialed(_ callKey: String, at time: Instant) {
        pendingAnswers[callKey] = time.adding(milliseconds: Self.answerAfterMilliseconds)
    }

    /// A simulated caller rings `to` (a call center's DNIS number): Switchboard routes the call.
    /// - Returns: the call as the offer left it (ringing an agent, or queued).
    public func call(from: String, to: String, patienceSeconds: Int64 = 60, talkSeconds: Int64 = 30,
                     telephony: TelephonyEventService, by principal: Principal) async throws -> TelephonyEventService.Outcome {
        let now = telephony.clock.now()
        let key = "sim-\(UInt64.random(in: 1...UInt64.max).description.suffix(10))"
        let outcome = try await telephony.handle(TelephonyEvent(id: "\(key)-offered", callKey: key, kind: .offered, at: now, direction: "inbound", from: from, to: to), by: principal)
        callers[key] = Caller(ringUntil: now.adding(milliseconds: patienceSeconds * 1000), talkMilliseconds: talkSeconds * 1000)
        return outcome
    }

    /// Answers the dialled calls that are due; simulated callers hang up when their patience or
    /// their talk is over. - Returns: how many events were sent.
    @discardableResult
    public func tick(_ telephony: TelephonyEventService, by principal: Principal) async -> Int {
        let now = telephony.clock.now()
        var events: [TelephonyEvent] = []
        for key in pendingAnswers.filter({ $0.value <= now }).map(\.key).sorted() {
            pendingAnswers[key] = nil
            events.append(TelephonyEvent(id: "\(key)-far-end-answered", callKey: key, kind: .answered, at: now))
        }
        for (key, caller) in callers.sorted(by: { $0.key < $1.key }) {
            guard let (progress, _) = try? await telephony.call(key) else { continue }
            switch progress.phase {
            case .ended:
                callers[key] = nil
            case .connected, .held:
                if let answered = progress.answeredAt, now >= answered.adding(milliseconds: caller.talkMilliseconds) {
                    callers[key] = nil
                    events.append(TelephonyEvent(id: "\(key)-hangup", callKey: key, kind: .ended, at: now, reason: "CustomerHangup"))
                }
            case .offered, .queued, .ringing:
                if now >= caller.ringUntil {
                    callers[key] = nil
                    events.append(TelephonyEvent(id: "\(key)-gave-up", callKey: key, kind: .ended, at: now, reason: "CallerHangup"))
                }
            }
        }
        var sent = 0
        for event in events {
            // The agent may have hung up meanwhile: then there is nothing to do.
            if (try? await telephony.handle(event, by: principal))?.applied == true { sent += 1 }
        }
        return sent
    }
}
