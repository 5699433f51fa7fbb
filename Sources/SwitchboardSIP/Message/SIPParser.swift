/// A message that cannot be read, and why: the reason phrase of the 400 a server answers with
/// (when it can answer at all), and what the parse-failure counter and the log say.
public struct SIPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

/// Reads SIP messages from bytes (RFC 3261 §7, §18.3): a datagram holds one message; a stream
/// carries them back to back, framed by Content-Length. Lenient where RFC 4475 says a parser must
/// be (line folding, bare LF line ends, whitespace around colons, compact header names, leading
/// CRLFs), strict where the message would be misread otherwise.
public enum SIPParser {
    /// The largest message accepted (UDP datagrams are far smaller; a TCP peer sending more is refused).
    public static let maximumSize = 64 * 1024

    /// One message from a UDP datagram. Bytes after the Content-Length are ignored (RFC 3261
    /// §18.3); a Content-Length larger than what arrived is an error.
    public static func parse(datagram bytes: [UInt8]) throws(SIPParseError) -> SIPMessage {
        guard bytes.count <= maximumSize else { throw SIPParseError("the message is larger than \(maximumSize) bytes") }
        var start = 0
        while start < bytes.count, bytes[start] == 13 || bytes[start] == 10 { start += 1 }  // keep-alives and stray line ends
        guard let (headEnd, bodyStart) = endOfHead(bytes, from: start) else { throw SIPParseError("the header section does not end with an empty line") }
        var message = try head(bytes[start..<headEnd])
        let available = bytes.count - bodyStart
        if let length = try declaredLength(message) {
            guard length <= available else { throw SIPParseError("Content-Length is \(length) but the body has \(available) bytes") }
            message.body = Array(bytes[bodyStart..<(bodyStart + length)])
        } else {
            message.body = Array(bytes[bodyStart...])
        }
        return message
    }

    /// The first message in a stream (TCP) and how many bytes it took, or nil while it is not
    /// all there yet. CRLF keep-alives before it (RFC 5626) are skipped and counted.
    public static func frame(_ bytes: ArraySlice<UInt8>) throws(SIPParseError) -> (message: SIPMessage, consumed: Int)? {
        var start = bytes.startIndex
        while start < bytes.endIndex, bytes[start] == 13 || bytes[start] == 10 { start += 1 }
        guard let (headEnd, bodyStart) = endOfHead(Array(bytes[start...]), from: 0).map({ ($0.0 + start, $0.1 + start) }) else {
            guard bytes.endIndex - start <= maximumSize else { throw SIPParseError("no end of the header section within \(maximumSize) bytes") }
            return nil
        }
        var message = try head(bytes[start..<headEnd])
        guard let length = try declaredLength(message) else { throw SIPParseError("Content-Length is required on a stream") }
        guard length <= maximumSize else { throw SIPParseError("Content-Length \(length) is larger than \(maximumSize)") }
        guard bodyStart + length <= bytes.endIndex else { return nil }
        message.body = Array(bytes[bodyStart..<(bodyStart + length)])
        return (message, bodyStart + length - bytes.startIndex)
    }

    /// Where the header section ends and the body starts: after CRLFCRLF, or LFLF.
    static func endOfHead(_ bytes: [UInt8], from start: Int) -> (Int, Int)? {
        var i = start
        while i < bytes.count {
            if bytes[i] == 10 {
                if i + 1 < bytes.count, bytes[i + 1] == 10 { return (i, i + 2) }
                if i + 2 < bytes.count, bytes[i + 1] == 13, bytes[i + 2] == 10 { return (i, i + 3) }
            }
            i += 1
        }
        return nil
    }

    static func declaredLength(_ message: SIPMessage) throws(SIPParseError) -> Int? {
        let values = message.headers.values("Content-Length")
        guard let first = values.first else { return nil }
        guard values.allSatisfy({ $0 == first }), let length = Int(first), length >= 0 else {
            throw SIPParseError("Content-Length '\(values.joined(separator: ", "))' is not one number of bytes")
        }
        return length
    }

    /// The start line and header fields.
    static func head(_ bytes: ArraySlice<UInt8>) throws(SIPParseError) -> SIPMessage {
        // Lines end in CRLF or a bare LF (split as bytes: in a Swift String "\r\n" is one
        // character); a line that starts with whitespace continues the header before it.
        var lines: [String] = []
        for raw in bytes.split(separator: 10, omittingEmptySubsequences: false) {
            let trimmed = raw.last == 13 ? raw.dropLast() : raw
            guard let line = String(validating: trimmed, as: UTF8.self) else { throw SIPParseError("the header section is not UTF-8") }
            if let first = trimmed.first, first == 32 || first == 9, lines.count > 1 {
                lines[lines.count - 1] += " " + line.trimmingLWS
            } else {
                lines.append(line)
            }
        }
        guard let first = lines.first, !first.isEmpty else { throw SIPParseError("there is no start line") }
        let startLine = try Self.startLine(first)
        var headers = SIPHeaders()
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw SIPParseError("header line '\(line.prefix(40))' has no colon") }
            let name = String(line[..<colon]).trimmingLWS
            guard SIPGrammar.isToken(name) else { throw SIPParseError("'\(name.prefix(40))' is not a header name") }
            headers.add(name, String(line[line.index(after: colon)...]).trimmingLWS)
        }
        let message = SIPMessage(startLine, headers: headers)
        try check(message)
        return message
    }

    static func startLine(_ line: String) throws(SIPParseError) -> SIPMessage.StartLine {
        if line.hasPrefix("SIP/") || line.uppercased().hasPrefix("SIP/2.0 ") {
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].uppercased() == "SIP/2.0" else { throw SIPParseError("'\(line.prefix(40))' is not SIP/2.0") }
            guard parts[1].count == 3, let code = Int(parts[1]), (100...699).contains(code) else { throw SIPParseError("status code '\(parts[1].prefix(10))' is not 100 to 699") }
            return .response(code: code, reason: parts.count > 2 ? String(parts[2]) : "")
        }
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw SIPParseError("the request line '\(line.prefix(60))' is not METHOD SP Request-URI SP SIP/2.0") }
        guard SIPGrammar.isToken(parts[0]) else { throw SIPParseError("'\(parts[0].prefix(20))' is not a method") }
        guard parts[2].uppercased() == "SIP/2.0" else { throw SIPParseError("version '\(parts[2].prefix(20))' is not SIP/2.0") }
        let uri = parts[1]
        guard let colon = uri.firstIndex(of: ":"), colon != uri.startIndex, !uri.hasPrefix("<") else {
            throw SIPParseError("Request-URI '\(uri.prefix(60))' is not a URI")
        }
        // RFC 3261 §19.1.1: headers ("?…") have no place in a Request-URI (a "?" in the user part is fine).
        let scheme = uri[..<colon].lowercased()
        if scheme == "sip" || scheme == "sips", uri[(uri.lastIndex(of: "@") ?? colon)...].contains("?") {
            throw SIPParseError("Request-URI '\(uri.prefix(60))' carries headers ('?…')")
        }
        return .request(method: String(parts[0]), uri: String(uri))
    }

    /// What every message needs (RFC 3261 §8.1.1): To, From, Call-ID, CSeq and a Via; a request's
    /// CSeq names its method.
    static func check(_ message: SIPMessage) throws(SIPParseError) {
        for name in ["Via", "From", "To", "Call-ID", "CSeq"] where !message.headers.contains(name) {
            throw SIPParseError("missing \(name)")
        }
        guard let cseq = message.cseq else { throw SIPParseError("CSeq '\(message.headers.first("CSeq") ?? "")' is not a number and a method") }
        if case .request(let method, _) = message.startLine, cseq.method != method {
            throw SIPParseError("CSeq method \(cseq.method) does not match the request's \(method)")
        }
        guard message.vias.count == message.headers.values("Via").count else { throw SIPParseError("a Via is not SIP/2.0/transport host[:port];params") }
        // One value only (RFC 4475 §3.3.8: two Call-IDs cannot both be right).
        for name in ["From", "To", "Call-ID", "CSeq", "Max-Forwards", "Content-Type"] where message.headers.values(name).count > 1 {
            throw SIPParseError("more than one \(name)")
        }
        guard message.from != nil else { throw SIPParseError("From is not a name-addr or URI") }
        guard message.to != nil else { throw SIPParseError("To is not a name-addr or URI") }
        for name in ["From", "To", "Contact"] {
            for value in message.headers.values(name) { try checkAddress(value, in: name) }
        }
        if let forwards = message.headers.first("Max-Forwards") {
            guard let value = Int(forwards), (0...255).contains(value) else { throw SIPParseError("Max-Forwards '\(forwards.prefix(20))' is not 0 to 255") }
        }
    }

    /// What RFC 3261 §20.10 and §25.1 ask of a From, To or Contact value, which a lenient reading
    /// would otherwise misread (RFC 4475 §3.1.2.6, §3.1.2.13, §3.1.2.15): quoted strings close, a
    /// display name outside quotes is tokens only, and a URI with headers ("?") is inside "<>".
    static func checkAddress(_ value: String, in name: String) throws(SIPParseError) {
        var quoted = false, escaped = false
        var angle: String.Index? = nil
        for index in value.indices {
            let character = value[index]
            if escaped { escaped = false; continue }
            if quoted {
                if character == "\\" { escaped = true } else if character == "\"" { quoted = false }
            } else if character == "\"" {
                quoted = true
            } else if character == "<" && angle == nil {
                angle = index
            }
        }
        guard !quoted else { throw SIPParseError("\(name) has a quoted string that does not end") }
        if let angle {
            let display = String(value[..<angle]).trimmingLWS
            if !display.isEmpty && !display.hasPrefix("\"") {
                guard display.split(whereSeparator: { $0 == " " || $0 == "\t" }).allSatisfy({ SIPGrammar.isToken($0) }) else {
                    throw SIPParseError("\(name) display name '\(display.prefix(40))' has characters that need quotes")
                }
            }
        } else if value != "*" {
            let uri = value.split(separator: ";", maxSplits: 1).first ?? ""
            guard !uri.contains("?") else { throw SIPParseError("\(name) '\(value.prefix(60))' has URI headers ('?') outside <>") }
        }
    }
}
