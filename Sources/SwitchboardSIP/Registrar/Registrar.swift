/// Where agents' SIP phones can be reached (RFC 3261 §10.3): bindings from a user to contacts,
/// each until it expires. A pure value: the gateway gives it each authenticated REGISTER and the
/// time, and sends back the response it returns.
public struct Registrar: Sendable {
    public struct Binding: Sendable, Hashable {
        public var contact: String
        /// Epoch milliseconds.
        public var expires: Int64
        public var callID: String
        public var cseq: UInt32
        /// Where the REGISTER came from (`host:port`): where to send the phone's INVITEs behind NAT.
        public var source: String
    }

    public var minimumExpires: Int64 = 60
    public var defaultExpires: Int64 = 3600
    public var maximumExpires: Int64 = 7200
    private var bindings: [String: [Binding]] = [:]

    public init(minimumExpires: Int64 = 60, defaultExpires: Int64 = 3600, maximumExpires: Int64 = 7200) {
        self.minimumExpires = minimumExpires
        self.defaultExpires = defaultExpires
        self.maximumExpires = maximumExpires
    }

    /// The user's live contacts at `now`.
    public func contacts(of user: String, at now: Int64) -> [Binding] {
        (bindings[user.lowercased()] ?? []).filter { $0.expires > now }
    }

    /// Applies an authenticated REGISTER for `user`. - Returns: the response (200 with the
    /// bindings, 423 with Min-Expires for too brief an interval, 400 for a bad Contact).
    public mutating func register(_ request: SIPMessage, user: String, at now: Int64, source: String, toTag: String) -> SIPMessage {
        let key = user.lowercased()
        var current = (bindings[key] ?? []).filter { $0.expires > now }
        let headerExpires = request.headers.first("Expires").flatMap { Int64($0) }
        let contacts = request.headers.values("Contact")
        guard let callID = request.callID, let cseq = request.cseq?.number else {
            return SIPMessage.response(to: request, code: 400, reason: "Bad Request", toTag: toTag)
        }
        if contacts == ["*"] {
            guard headerExpires == 0 else { return SIPMessage.response(to: request, code: 400, reason: "Contact * needs Expires 0", toTag: toTag) }
            current.removeAll()
        } else {
            for text in contacts {
                guard let contact = NameAddress(parsing: text), contact.uri != "*" else {
                    return SIPMessage.response(to: request, code: 400, reason: "Bad Contact", toTag: toTag)
                }
                let asked = contact.parameters.first { $0.name.lowercased() == "expires" }?.value.flatMap { Int64($0) } ?? headerExpires ?? defaultExpires
                if asked > 0 && asked < minimumExpires {
                    var brief = SIPMessage.response(to: request, code: 423, reason: "Interval Too Brief", toTag: toTag)
                    brief.headers.add("Min-Expires", String(minimumExpires))
                    return brief
                }
                if let existing = current.firstIndex(where: { $0.contact == contact.uri }) {
                    // A REGISTER that is older than what made the binding changes nothing (§10.3 step 7).
                    if current[existing].callID == callID && current[existing].cseq >= cseq { continue }
                    current.remove(at: existing)
                }
                if asked > 0 {
                    current.append(Binding(contact: contact.uri, expires: now + min(asked, maximumExpires) * 1000, callID: callID, cseq: cseq, source: source))
                }
            }
        }
        bindings[key] = current.isEmpty ? nil : current
        var ok = SIPMessage.response(to: request, code: 200, reason: "OK", toTag: toTag)
        for binding in current { ok.headers.add("Contact", "<\(binding.contact)>;expires=\((binding.expires - now) / 1000)") }
        return ok
    }
}

/// Slows and then refuses an address that keeps failing authentication (password guessing): a
/// pure value over the time it is given.
public struct FailureThrottle: Sendable {
    public enum Decision: Sendable, Hashable {
        case answer
        /// Answer, but only after this long.
        case delay(milliseconds: Int64)
        /// Refuse (403) everything from the address until the block ends.
        case refuse
    }

    struct Record { var failures: Int; var lastAt: Int64; var blockedUntil: Int64? }
    private var records: [String: Record] = [:]
    /// Failures answered at once; after them each waits 1, 2, 4… s; at `blockAfter` the address is refused.
    public var freeFailures = 3
    public var blockAfter = 10
    public var blockMilliseconds: Int64 = 10 * 60 * 1000
    /// Failures older than this are forgotten.
    public var windowMilliseconds: Int64 = 15 * 60 * 1000

    public init() {}

    /// What to do with a request from `address` now.
    public func decision(for address: String, at now: Int64) -> Decision {
        guard let record = records[address] else { return .answer }
        if let until = record.blockedUntil, until > now { return .refuse }
        if now - record.lastAt > windowMilliseconds { return .answer }
        let over = record.failures - freeFailures
        return over <= 0 ? .answer : .delay(milliseconds: min(1000 << min(over - 1, 4), 16_000))
    }

    public mutating func failed(_ address: String, at now: Int64) {
        var record = records[address].flatMap { now - $0.lastAt > windowMilliseconds ? nil : $0 } ?? Record(failures: 0, lastAt: now, blockedUntil: nil)
        record.failures += 1
        record.lastAt = now
        if record.failures >= blockAfter { record.blockedUntil = now + blockMilliseconds }
        records[address] = record
        if records.count > 100_000 { records = records.filter { now - $0.value.lastAt <= windowMilliseconds } }
    }

    public mutating func succeeded(_ address: String) { records[address] = nil }
}
