/// A SIP request or response (RFC 3261 §7): start line, header fields, body.
public struct SIPMessage: Sendable, Hashable {
    public enum StartLine: Sendable, Hashable {
        case request(method: String, uri: String)
        case response(code: Int, reason: String)
    }

    public var startLine: StartLine
    public var headers: SIPHeaders
    public var body: [UInt8]

    public init(_ startLine: StartLine, headers: SIPHeaders = SIPHeaders(), body: [UInt8] = []) {
        self.startLine = startLine
        self.headers = headers
        self.body = body
    }

    public var isRequest: Bool { if case .request = startLine { true } else { false } }

    /// The request's method, or the method a response answers (from its CSeq).
    public var method: String? {
        switch startLine {
        case .request(let method, _): method
        case .response: cseq?.method
        }
    }

    public var statusCode: Int? { if case .response(let code, _) = startLine { code } else { nil } }

    // MARK: The headers a gateway reads, parsed when asked.

    public var callID: String? { headers.first("Call-ID") }
    public var cseq: CSeq? { headers.first("CSeq").flatMap(CSeq.init(parsing:)) }
    /// Every Via, top first.
    public var vias: [Via] { headers.values("Via").compactMap(Via.init(parsing:)) }
    /// The top Via alone (a transaction's branch), without parsing the others.
    public var topVia: Via? { headers.first("Via").flatMap(Via.init(parsing:)) }
    public var from: NameAddress? { headers.first("From").flatMap(NameAddress.init(parsing:)) }
    public var to: NameAddress? { headers.first("To").flatMap(NameAddress.init(parsing:)) }
    public var contacts: [NameAddress] { headers.values("Contact").compactMap(NameAddress.init(parsing:)) }
    public var maxForwards: Int? { headers.first("Max-Forwards").flatMap { Int($0) } }
    public var contentLength: Int? { headers.first("Content-Length").flatMap { Int($0) } }

    /// The message as bytes: CRLF line ends, header fields as they are, and a Content-Length that
    /// matches the body.
    public func serialized() -> [UInt8] {
        var text: String
        switch startLine {
        case .request(let method, let uri): text = "\(method) \(uri) SIP/2.0\r\n"
        case .response(let code, let reason): text = "SIP/2.0 \(code) \(reason)\r\n"
        }
        var headers = self.headers
        headers.set("Content-Length", String(body.count))
        for field in headers { text += "\(field.name): \(field.value)\r\n" }
        text += "\r\n"
        return Array(text.utf8) + body
    }
}

/// `CSeq: 4711 INVITE`.
public struct CSeq: Sendable, Hashable, CustomStringConvertible {
    public var number: UInt32
    public var method: String

    public init(number: UInt32, method: String) {
        self.number = number
        self.method = method
    }

    /// Nil unless the value is a sequence number below 2³¹ and a method (RFC 3261 §8.1.1.5).
    public init?(parsing text: String) {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count == 2, let number = UInt32(parts[0]), number < 1 << 31, SIPGrammar.isToken(parts[1]) else { return nil }
        self.number = number
        self.method = String(parts[1])
    }

    public var description: String { "\(number) \(method)" }
}
