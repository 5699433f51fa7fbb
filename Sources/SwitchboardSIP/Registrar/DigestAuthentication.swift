import Crypto
import Foundation

/// HTTP Digest authentication for SIP (RFC 3261 §22, RFC 7616 and RFC 8760 for SHA-256), as a
/// registrar uses it: a challenge, and the check of the Authorization a phone answers with.
/// Nonces carry their issue time and an HMAC of it, so the server keeps no nonce table and a
/// forged or stale nonce is told apart from a wrong password.
public struct DigestAuthentication: Sendable {
    public enum Algorithm: String, Sendable, CaseIterable {
        case md5 = "MD5"
        case sha256 = "SHA-256"

        func hash(_ text: String) -> String {
            switch self {
            case .md5: Insecure.MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
            case .sha256: SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
            }
        }
    }

    public let realm: String
    let secret: SymmetricKey
    /// How long a nonce may be answered.
    public let nonceLifetimeSeconds: Int64
    /// What challenges offer, in order; credentials in another algorithm are refused.
    public let algorithms: [Algorithm]

    public init(realm: String, secret: [UInt8], nonceLifetimeSeconds: Int64 = 300, algorithms: [Algorithm] = [.md5, .sha256]) {
        self.realm = realm
        self.secret = SymmetricKey(data: secret)
        self.nonceLifetimeSeconds = nonceLifetimeSeconds
        self.algorithms = algorithms
    }

    /// What is stored for a user: HA1 = H(username:realm:password), for each algorithm, so the
    /// password itself is never kept.
    public func ha1(username: String, password: String, algorithm: Algorithm) -> String {
        algorithm.hash("\(username):\(realm):\(password)")
    }

    /// The `WWW-Authenticate` values of a challenge, one per algorithm offered, in order. With
    /// both, MD5 comes first: RFC 8760 would list the preferred one first, but many phones (and
    /// SIPp) answer the first challenge only and know MD5 alone.
    public func challenges(at seconds: Int64, stale: Bool = false) -> [String] {
        let nonce = self.nonce(at: seconds)
        return algorithms.map { algorithm in
            "Digest realm=\"\(realm)\", nonce=\"\(nonce)\", algorithm=\(algorithm.rawValue), qop=\"auth\"" + (stale ? ", stale=true" : "")
        }
    }

    func nonce(at seconds: Int64) -> String {
        let stamp = String(seconds, radix: 16)
        let mac = HMAC<SHA256>.authenticationCode(for: Data(stamp.utf8), using: secret)
        return stamp + "." + Data(mac).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// Why credentials are not accepted.
    public enum Failure: Error, Sendable, Hashable {
        /// Not a Digest Authorization, or a part missing.
        case malformed(String)
        /// The nonce is not one of ours, or is for another realm.
        case foreignNonce
        /// Ours but too old: the phone should retry with a fresh one (`stale=true`).
        case staleNonce
        /// The response does not match (wrong password or unknown user).
        case wrongResponse
    }

    /// The parts of a `Digest` credentials header.
    public struct Credentials: Sendable, Hashable {
        public var username: String
        public var realm: String
        public var nonce: String
        public var uri: String
        public var response: String
        public var algorithm: Algorithm
        public var qop: String?
        public var nc: String?
        public var cnonce: String?
    }

    /// The `name=value` parameters of a `Digest …` header (names in lower case, quotes removed).
    static func digestFields(_ header: String) -> [String: String]? {
        let trimmed = header.trimmingLWS
        guard trimmed.lowercased().hasPrefix("digest ") else { return nil }
        var fields: [String: String] = [:]
        for part in SIPHeaders.splitList(String(trimmed.dropFirst(7))) {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var value = String(pair[1]).trimmingLWS
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            fields[String(pair[0]).trimmingLWS.lowercased()] = value
        }
        return fields
    }

    /// The answer to a peer's challenge (`WWW-Authenticate` or `Proxy-Authenticate`), as a user
    /// agent client gives it (RFC 2617 §3.2.2, RFC 8760): the `Authorization` (or
    /// `Proxy-Authorization`) value for `method` to `uri`; with `qop=auth` offered, `cnonce` and
    /// nonce count 1. Nil for a challenge that is not Digest or names an algorithm we lack.
    public static func answer(challenge header: String, method: String, uri: String, username: String, password: String,
                              cnonce: String) -> String? {
        guard let fields = digestFields(header), let realm = fields["realm"], let nonce = fields["nonce"] else { return nil }
        guard let algorithm = fields["algorithm"].map({ name in Algorithm.allCases.first { $0.rawValue.lowercased() == name.lowercased() } }) ?? .md5 else { return nil }
        let ha1 = algorithm.hash("\(username):\(realm):\(password)")
        let ha2 = algorithm.hash("\(method):\(uri)")
        let qops = (fields["qop"] ?? "").split(separator: ",").map { String($0).trimmingLWS.lowercased() }
        var value = "Digest username=\"\(username)\", realm=\"\(realm)\", nonce=\"\(nonce)\", uri=\"\(uri)\""
        if qops.contains("auth") {
            let nc = "00000001"
            value += ", response=\"\(algorithm.hash("\(ha1):\(nonce):\(nc):\(cnonce):auth:\(ha2)"))\", qop=auth, nc=\(nc), cnonce=\"\(cnonce)\""
        } else {
            value += ", response=\"\(algorithm.hash("\(ha1):\(nonce):\(ha2)"))\""
        }
        value += ", algorithm=\(algorithm.rawValue)"
        if let opaque = fields["opaque"] { value += ", opaque=\"\(opaque)\"" }
        return value
    }

    /// Reads `Digest username="…", realm="…", …`.
    public static func credentials(_ header: String) -> Credentials? {
        guard let fields = digestFields(header) else { return nil }
        guard let username = fields["username"], let realm = fields["realm"], let nonce = fields["nonce"], let uri = fields["uri"],
              let response = fields["response"] else { return nil }
        let algorithm = fields["algorithm"].flatMap { name in Algorithm.allCases.first { $0.rawValue.lowercased() == name.lowercased() } } ?? (fields["algorithm"] == nil ? .md5 : nil)
        guard let algorithm else { return nil }
        return Credentials(username: username, realm: realm, nonce: nonce, uri: uri, response: response.lowercased(), algorithm: algorithm,
                           qop: fields["qop"], nc: fields["nc"], cnonce: fields["cnonce"])
    }

    /// Checks credentials for `method` against the stored HA1 of their algorithm. With no HA1
    /// (an unknown user) the same work is done against a decoy, so answers take as long.
    /// - Returns: nil when the credentials are right, else why not.
    public func verify(_ credentials: Credentials, method: String, ha1: String?, at seconds: Int64) -> Failure? {
        guard credentials.realm == realm else { return .foreignNonce }
        guard algorithms.contains(credentials.algorithm) else { return .malformed("algorithm \(credentials.algorithm.rawValue) is not offered here") }
        let parts = credentials.nonce.split(separator: ".")
        guard parts.count == 2, let issued = Int64(parts[0], radix: 16), nonce(at: issued) == credentials.nonce else { return .foreignNonce }
        let ha2 = credentials.algorithm.hash("\(method):\(credentials.uri)")
        let key = ha1 ?? credentials.algorithm.hash("decoy:\(realm):\(credentials.nonce)")
        let expected: String
        if let qop = credentials.qop {
            guard qop == "auth", let nc = credentials.nc, let cnonce = credentials.cnonce else { return .malformed("qop=auth needs nc and cnonce") }
            expected = credentials.algorithm.hash("\(key):\(credentials.nonce):\(nc):\(cnonce):\(qop):\(ha2)")
        } else {
            expected = credentials.algorithm.hash("\(key):\(credentials.nonce):\(ha2)")
        }
        guard ha1 != nil, Self.constantTimeEqual(expected, credentials.response) else { return .wrongResponse }
        guard seconds - issued <= nonceLifetimeSeconds, issued <= seconds + 5 else { return .staleNonce }
        return nil
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
