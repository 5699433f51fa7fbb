import Foundation

/// A stored call center: its id (`04v…`), its definition, and when it changed.
public struct CallCenter: Sendable, Hashable {
    public let id: RecordID
    public var definition: CallCenterDefinition
    public var createdAt: Instant
    public var lastModifiedAt: Instant
    /// The numbers customers dial to reach this call center (routing uses them).
    public var dnisNumbers: [String]
    /// Origins an admin added to those the console frames (beyond the adapter's and standby's).
    public var trustedOrigins: [String]

    public init(id: RecordID, definition: CallCenterDefinition, createdAt: Instant, lastModifiedAt: Instant, dnisNumbers: [String] = [], trustedOrigins: [String] = []) {
        self.id = id
        self.definition = definition
        self.createdAt = createdAt
        self.lastModifiedAt = lastModifiedAt
        self.dnisNumbers = dnisNumbers
        self.trustedOrigins = trustedOrigins
    }

    /// Every origin the console may frame for this call center: the adapter's and the standby
    /// URL's (absolute ones; a path like `/softphone/` is this host's), then the trusted origins.
    public var framedOrigins: [String] {
        var origins: [String] = []
        for url in [definition.adapterURL, definition.standbyURL ?? ""] {
            if let origin = CallCenter.origin(of: url), !origins.contains(origin) { origins.append(origin) }
        }
        for origin in trustedOrigins where !origins.contains(origin) { origins.append(origin) }
        return origins
    }

    /// `https://host[:port]` of an absolute http(s) URL, lower-cased; nil for relative URLs.
    public static func origin(of url: String) -> String? {
        guard let components = URLParts(url), components.scheme == "https" || components.scheme == "http" else { return nil }
        return components.origin
    }

    /// What is wrong with a trusted origin, or nil: `https://host[:port]`, no path (http only for localhost).
    public static func originProblem(_ text: String) -> String? {
        guard let parts = URLParts(text), parts.scheme == "https" || parts.scheme == "http" else {
            return "'\(text)' is not an origin; write it as https://host or https://host:port"
        }
        if !parts.rest.isEmpty && parts.rest != "/" { return "'\(text)' has a path; an origin is only https://host[:port]" }
        if parts.scheme == "http" && !["localhost", "127.0.0.1", "[::1]"].contains(parts.host) {
            return "'\(text)' uses http; only https origins can be framed (http only for localhost)"
        }
        return nil
    }

    /// What is wrong with a DNIS number, or nil: digits with the usual punctuation, at least 3 digits.
    public static func dnisProblem(_ text: String) -> String? {
        let allowed = Set("0123456789+ -().")
        let digits = text.filter(\.isNumber)
        if text.isEmpty || !text.allSatisfy(allowed.contains) || digits.count < 3 || text.count > 40 || text.dropFirst().contains("+") {
            return "'\(text)' is not a phone number; use digits, optionally with + and spaces, e.g. +1 415 555 0100"
        }
        return nil
    }

    /// The digits of a DNIS, to tell numbers written differently apart from ones that differ.
    public static func dnisKey(_ text: String) -> String { text.filter(\.isNumber) }

    /// The key prefix of call center ids.
    public static let keyPrefix = "04v"
}

/// Why a call center operation failed.
public enum CallCenterError: Error, Hashable, Sendable, CustomStringConvertible {
    case notFound(String)
    case duplicateInternalName(String)
    case hasUsers(name: String, count: Int)

    public var description: String {
        switch self {
        case .notFound(let key): "no call center '\(key)'"
        case .duplicateInternalName(let name): "a call center with the internal name '\(name)' exists already; internal names are unique (clone it to make a variant)"
        case .hasUsers(let name, let count): "\(name) still has \(count) user\(count == 1 ? "" : "s"); remove them from it first"
        }
    }
}

/// Where call centers live.
public protocol CallCenterRepository: Sendable {
    /// Stores a new call center.
    /// - Throws: `CallCenterError.duplicateInternalName` when the internal name is taken (any case).
    func insert(_ callCenter: CallCenter) async throws
    /// Replaces a call center's definition.
    func update(_ callCenter: CallCenter) async throws
    func find(id: RecordID) async throws -> CallCenter?
    func find(internalName: String) async throws -> CallCenter?
    /// Every call center, by display name.
    func all() async throws -> [CallCenter]
    func delete(id: RecordID) async throws -> Bool
}

/// The parts of an absolute URL that make its origin.
struct URLParts {
    let scheme: String
    let host: String
    let port: String?
    /// Everything after the authority.
    let rest: String

    init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        guard let separator = trimmed.range(of: "://") else { return nil }
        scheme = trimmed[..<separator.lowerBound].lowercased()
        let afterScheme = trimmed[separator.upperBound...]
        let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd].lowercased()
        rest = String(afterScheme[authorityEnd...])
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            host = String(authority[..<colon])
            port = String(authority[authority.index(after: colon)...])
            guard let p = port, !p.isEmpty, p.allSatisfy(\.isNumber) else { return nil }
        } else {
            host = authority
            port = nil
        }
        guard !host.isEmpty else { return nil }
    }

    var origin: String {
        let defaultPort = scheme == "https" ? "443" : "80"
        return "\(scheme)://\(host)" + (port.map { $0 == defaultPort ? "" : ":\($0)" } ?? "")
    }
}
