/// Character classes of RFC 3261 §25.1.
enum SIPGrammar {
    /// `token`: alphanumerics and `-.!%*_+\`'~`.
    static func isToken<S: StringProtocol>(_ text: S) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-.!%*_+`'~".unicodeScalars.contains(scalar))
        }
    }

    /// Parameters after `;`: `name[=value]` pairs (values unquoted as given), in order.
    static func parameters(_ text: Substring) -> [(name: String, value: String?)]? {
        var result: [(String, String?)] = []
        for part in text.split(separator: ";", omittingEmptySubsequences: false).dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            let name = String(pair.first ?? "").trimmingLWS
            guard isToken(name) else { return nil }
            result.append((name, pair.count > 1 ? String(pair[1]).trimmingLWS : nil))
        }
        return result
    }
}

/// `Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK776asdhds;rport`.
public struct Via: Sendable, Hashable, CustomStringConvertible {
    public var transport: String
    public var host: String
    public var port: Int?
    /// In order, as received; a parameter without `=` has a nil value (`rport`).
    public var parameters: [Parameter]

    public struct Parameter: Sendable, Hashable {
        public var name: String
        public var value: String?
        public init(_ name: String, _ value: String?) {
            self.name = name
            self.value = value
        }
    }

    /// Nil unless it is `SIP/2.0/<transport> host[:port]` with parameters (whitespace around
    /// the slashes allowed, as RFC 4475 §3.1.1.1 has it).
    public init?(parsing text: String) {
        let trimmed = text.trimmingLWS
        let semicolon = trimmed.firstIndex(of: ";") ?? trimmed.endIndex
        let head = trimmed[..<semicolon]
        // "SIP / 2.0 / UDP host:port": the protocol's parts may be spaced out.
        let compact = head.replacingSpacesAroundSlashes()
        let parts = compact.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        let protocolParts = parts[0].split(separator: "/")
        guard protocolParts.count == 3, protocolParts[0].uppercased() == "SIP", protocolParts[1] == "2.0", SIPGrammar.isToken(protocolParts[2]) else { return nil }
        transport = protocolParts[2].uppercased()
        let sentBy = parts[1].trimmingCharacters(inSet: " \t")
        if sentBy.hasPrefix("[") {  // IPv6 reference
            guard let close = sentBy.firstIndex(of: "]") else { return nil }
            host = String(sentBy[...close])
            let rest = sentBy[sentBy.index(after: close)...]
            if rest.isEmpty { port = nil } else {
                guard rest.first == ":", let p = Int(rest.dropFirst()), (1...65535).contains(p) else { return nil }
                port = p
            }
        } else {
            let hostPort = sentBy.split(separator: ":", maxSplits: 1)
            guard let first = hostPort.first, !first.isEmpty, !first.contains(" ") else { return nil }
            host = String(first)
            if hostPort.count == 2 {
                guard let p = Int(hostPort[1]), (1...65535).contains(p) else { return nil }
                port = p
            } else { port = nil }
        }
        guard let parameters = SIPGrammar.parameters(trimmed[semicolon...]) else { return nil }
        self.parameters = parameters.map { Parameter($0.name, $0.value) }
    }

    public init(transport: String, host: String, port: Int?, parameters: [Parameter]) {
        self.transport = transport
        self.host = host
        self.port = port
        self.parameters = parameters
    }

    public func parameter(_ name: String) -> Parameter? { parameters.first { $0.name.lowercased() == name.lowercased() } }
    public var branch: String? { parameter("branch")?.value }
    /// Whether the branch has RFC 3261's magic cookie (else the peer is RFC 2543-era).
    public var hasMagicCookie: Bool { branch?.hasPrefix("z9hG4bK") == true }

    public mutating func setParameter(_ name: String, _ value: String?) {
        if let index = parameters.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            parameters[index].value = value
        } else {
            parameters.append(Parameter(name, value))
        }
    }

    public var description: String {
        "SIP/2.0/\(transport) \(host)\(port.map { ":\($0)" } ?? "")" + parameters.map { ";\($0.name)\($0.value.map { "=\($0)" } ?? "")" }.joined()
    }
}

/// `"Alice" <sip:alice@example.com>;tag=1928301774` (From, To, Contact, Route…).
public struct NameAddress: Sendable, Hashable {
    public var displayName: String?
    public var uri: String
    public var parameters: [Via.Parameter]

    /// Nil for text that is neither `[display-name] <uri>;params` nor a bare `uri;params`.
    public init?(parsing text: String) {
        let trimmed = text.trimmingLWS
        if trimmed == "*" {
            (displayName, uri, parameters) = (nil, "*", [])
            return
        }
        var rest: Substring
        if let open = Self.openingAngle(in: trimmed) {
            guard let close = trimmed[open...].firstIndex(of: ">") else { return nil }
            let name = trimmed[..<open].trimmingCharacters(inSet: " \t")
            displayName = name.isEmpty ? nil : String(name)
            uri = String(trimmed[trimmed.index(after: open)..<close])
            rest = trimmed[trimmed.index(after: close)...]
        } else {
            // A bare URI: its parameters after the first ';' belong to the header (RFC 3261 §20.10).
            let semicolon = trimmed.firstIndex(of: ";") ?? trimmed.endIndex
            displayName = nil
            uri = String(trimmed[..<semicolon]).trimmingLWS
            rest = trimmed[semicolon...]
        }
        guard !uri.isEmpty, uri.contains(":") else { return nil }
        let restText = rest.trimmingCharacters(inSet: " \t")
        guard restText.isEmpty || restText.first == ";", let parameters = SIPGrammar.parameters(restText) else { return nil }
        self.parameters = parameters.map { Via.Parameter($0.name, $0.value) }
    }

    public init(displayName: String? = nil, uri: String, parameters: [Via.Parameter] = []) {
        self.displayName = displayName
        self.uri = uri
        self.parameters = parameters
    }

    public var tag: String? { parameters.first { $0.name.lowercased() == "tag" }?.value }

    /// The `<` that opens the URI, outside the quoted display name.
    static func openingAngle(in text: String) -> String.Index? {
        var inQuotes = false, escaped = false
        for index in text.indices {
            let character = text[index]
            if escaped { escaped = false; continue }
            if character == "\\" && inQuotes { escaped = true } else if character == "\"" { inQuotes.toggle() } else if character == "<" && !inQuotes { return index }
        }
        return nil
    }

    public var description: String {
        (displayName.map { "\($0) " } ?? "") + "<\(uri)>" + parameters.map { ";\($0.name)\($0.value.map { "=\($0)" } ?? "")" }.joined()
    }
}

extension StringProtocol {
    func trimmingCharacters(inSet set: String) -> Substring {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return slice
    }

    /// "SIP / 2.0 /UDP host" → "SIP/2.0/UDP host": no whitespace next to a slash, runs of
    /// whitespace elsewhere made one space.
    func replacingSpacesAroundSlashes() -> String {
        var out = ""
        var pendingSpace = false
        for character in self {
            if character == " " || character == "\t" { pendingSpace = true; continue }
            if pendingSpace && character != "/" && out.last != "/" && !out.isEmpty { out.append(" ") }
            pendingSpace = false
            out.append(character)
        }
        return out
    }
}
