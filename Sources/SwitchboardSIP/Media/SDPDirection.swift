/// The media direction an SDP body says (RFC 3264 §5.1, §6.1; `a=sendrecv` when none is given),
/// and what a B2BUA needs of it: read an offer's direction, answer it from a body it already has.
public enum SDPDirection: String, Sendable, CaseIterable {
    case sendrecv, sendonly, recvonly, inactive

    /// The direction of `body`: its first `a=` direction line (session or media level), else
    /// `sendrecv`; `c=IN IP4 0.0.0.0` (RFC 2543 hold, still sent by old peers) counts as `sendonly`.
    public init(of body: [UInt8]) {
        var found: SDPDirection? = nil
        var zeroAddress = false
        for line in Self.lines(body) {
            if found == nil, line.hasPrefix("a="), let direction = SDPDirection(rawValue: String(line.dropFirst(2))) { found = direction }
            if line.hasPrefix("c=IN IP4 0.0.0.0") { zeroAddress = true }
        }
        self = found ?? (zeroAddress ? .sendonly : .sendrecv)
    }

    /// The direction an answer to an offer in this direction takes (RFC 3264 §6.1).
    public var answer: SDPDirection {
        switch self {
        case .sendonly: .recvonly
        case .recvonly: .sendonly
        case .inactive: .inactive
        case .sendrecv: .sendrecv
        }
    }

    /// `body` saying this direction instead of its own, with its `o=` version one higher
    /// (RFC 3264 §8: a changed session description gets a new version).
    public func applied(to body: [UInt8]) -> [UInt8] {
        var out: [String] = []
        var hasDirection = false
        var mediaSeen = false
        for line in Self.lines(body) {
            if line.hasPrefix("a="), SDPDirection(rawValue: String(line.dropFirst(2))) != nil {
                if !hasDirection { out.append("a=\(rawValue)") }
                hasDirection = true
                continue
            }
            if line.hasPrefix("o=") {
                var fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                if fields.count >= 3, let version = UInt64(fields[2]) { fields[2] = String(version &+ 1) }
                out.append(fields.joined(separator: " "))
                continue
            }
            if line.hasPrefix("m=") { mediaSeen = true }
            out.append(String(line))
        }
        if !hasDirection && mediaSeen { out.append("a=\(rawValue)") }
        return Array((out.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// `body` saying this direction, as the next version of the session a peer already has from
    /// us: the `o=` line of `previous` (the description last sent on that leg) with its version one
    /// higher (RFC 3264 §8: origin and session id stay for the whole session, the version moves
    /// on). A B2BUA needs this when the media behind a leg changes — a transfer to another phone
    /// — so the peer sees one session throughout. With no `o=` in `previous`, as `applied(to:)`.
    public func applied(to body: [UInt8], continuing previous: [UInt8]) -> [UInt8] {
        guard let origin = Self.lines(previous).first(where: { $0.hasPrefix("o=") }) else { return applied(to: body) }
        var fields = origin.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 3, let version = UInt64(fields[2]) else { return applied(to: body) }
        fields[2] = String(version &+ 1)
        let next = fields.joined(separator: " ")
        let out = Self.lines(applied(to: body)).map { $0.hasPrefix("o=") ? next : String($0) }
        return Array((out.joined(separator: "\r\n") + "\r\n").utf8)
    }

    static func lines(_ body: [UInt8]) -> [Substring] {
        String(decoding: body, as: UTF8.self).split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
    }
}
