/// A trunk or PBX the SIP gateway takes calls from, defined by an admin (docs/sip-gateway.md):
/// known by the addresses its INVITEs come from, by digest credentials it answers a challenge
/// with, or both. INVITEs from anyone else are refused.
public struct SIPTrunk: Sendable, Hashable, Codable {
    /// How admins and the logs call it: 1–64 letters, digits, `.`, `_` or `-`; unique ignoring case.
    public var name: String
    /// IPv4 addresses, each with an optional port (`203.0.113.5`, `203.0.113.5:5060`). INVITEs
    /// from these hosts are taken without a challenge; those with a port are sent keep-alive OPTIONS.
    public var addresses: [String]
    /// The digest username the trunk answers challenges with (unique among trunks, ignoring case),
    /// and the HA1 digests of its password per algorithm — never the password.
    public var username: String?
    public var ha1MD5: String?
    public var ha1SHA256: String?

    public init(name: String, addresses: [String], username: String? = nil, ha1MD5: String? = nil, ha1SHA256: String? = nil) {
        self.name = name
        self.addresses = addresses
        self.username = username
        self.ha1MD5 = ha1MD5
        self.ha1SHA256 = ha1SHA256
    }

    /// The hosts whose INVITEs are taken without a challenge.
    public var hosts: Set<String> { Set(addresses.map { String($0.prefix { $0 != ":" }) }) }

    /// The addresses given with a port: where keep-alives go.
    public var pingTargets: [String] { addresses.filter { $0.contains(":") } }

    /// Checks what an admin gave for a trunk, naming every problem at once. `password` is needed
    /// with `username` (and only then); at least one of addresses and credentials is needed.
    /// - Throws: `RecordValidationError` with one issue per bad field.
    public static func validate(name: String, addresses: [String], username: String?, password: String?) throws -> (name: String, addresses: [String], username: String?) {
        var issues: [FieldIssue] = []
        let name = name.trimmingSpaces
        if name.isEmpty || name.count > 64 || !name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) {
            issues.append(FieldIssue(field: "name", message: "'\(name.prefix(80))' is not a trunk name; use 1 to 64 letters, digits, '.', '_' or '-'"))
        }
        let addresses = addresses.map(\.trimmingSpaces).filter { !$0.isEmpty }
        for address in addresses where !isAddress(address, portRequired: false) {
            issues.append(FieldIssue(field: "addresses", message: "'\(address.prefix(80))' is not an IPv4 address with an optional port, such as 203.0.113.5 or 203.0.113.5:5060"))
        }
        if addresses.count > 100 { issues.append(FieldIssue(field: "addresses", message: "has \(addresses.count) entries; at most 100")) }
        let username = username?.trimmingSpaces.nilIfEmpty
        let password = password?.nilIfEmpty
        if let username, username.count > 64 || !username.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != "\"" && $0 != ":" }) {
            issues.append(FieldIssue(field: "username", message: "'\(username.prefix(80))' cannot be a digest username; use up to 64 printable characters without spaces, quotes or ':'"))
        }
        switch (username, password) {
        case (.some, nil):
            issues.append(FieldIssue(field: "password", message: "is required with a username: the password the trunk answers challenges with"))
        case (nil, .some):
            issues.append(FieldIssue(field: "username", message: "is required with a password"))
        case (.some, .some(let secret)) where secret.count < 12 || secret.count > 200:
            issues.append(FieldIssue(field: "password", message: "is 12 to 200 characters (it is guessed over the network otherwise)"))
        case (nil, nil) where addresses.isEmpty:
            issues.append(FieldIssue(field: "addresses", message: "give the trunk's addresses, a username and password, or both; a trunk with neither could never call in"))
        default:
            break
        }
        guard issues.isEmpty else { throw RecordValidationError(object: "SIP trunk", issues: issues) }
        return (name, addresses, username)
    }

    /// Whether `text` is an IPv4 address with (or, unless `portRequired`, without) a port 1–65535.
    public static func isAddress(_ text: String, portRequired: Bool) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        let octets = parts.first?.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) } ?? []
        guard octets.count == 4, parts.count <= 2, parts.count == 2 || !portRequired else { return false }
        return parts.count == 1 || Int(parts[1]).map { (1...65535).contains($0) } == true
    }
}

/// Where admin-defined SIP trunks are kept.
public protocol SIPTrunkRepository: Sendable {
    /// Every trunk, by name.
    func all() async throws -> [SIPTrunk]
    /// Inserts or replaces the trunk with this name (ignoring case).
    func save(_ trunk: SIPTrunk) async throws
    /// - Returns: false when there was no such trunk.
    func delete(name: String) async throws -> Bool
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
