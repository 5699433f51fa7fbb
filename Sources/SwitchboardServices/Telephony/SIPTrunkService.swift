public import SwitchboardCore
import SwitchboardSIP

/// Admins define the trunks and PBXs the SIP gateway takes calls from (docs/sip-gateway.md):
/// addresses, digest credentials or both. Only the HA1 digests of a password are kept.
public struct SIPTrunkService: Sendable {
    let repository: any SIPTrunkRepository
    /// Hashes passwords in the gateway's realm (`sip.realm`).
    let digest: DigestAuthentication
    /// The trunks, read by the gateway for each call from an address outside `sip.trunks`;
    /// a change on this node shows at once, one made by another process within the lifetime.
    let cache: ShortLivedCache<Int, [SIPTrunk]>
    let changes = ChangeCounter()

    /// - Parameter realm: `sip.realm`: the digests are of the password in it.
    public init(repository: any SIPTrunkRepository, realm: String, clock: any WallClock, cacheMilliseconds: Int64 = 5_000) {
        self.repository = repository
        self.digest = DigestAuthentication(realm: realm, secret: [])
        self.cache = ShortLivedCache(clock: clock, lifetimeMilliseconds: cacheMilliseconds)
    }

    /// Every trunk, for admins.
    public func all(by principal: Principal) async throws -> [SIPTrunk] {
        try require(principal, "see SIP trunks")
        return try await repository.all()
    }

    /// Every trunk, for the gateway.
    public func current() async throws -> [SIPTrunk] {
        try await cache.value(for: changes.value) { try await repository.all() }
    }

    /// Creates or replaces the trunk `name`. A new password is needed whenever a username is given
    /// (the old one cannot be read back to rehash).
    /// - Throws: `RecordValidationError` naming every bad field (and a username another trunk
    ///   has); nothing changes then.
    public func save(name: String, addresses: [String], username: String?, password: String?, by principal: Principal) async throws -> SIPTrunk {
        try require(principal, "define SIP trunks")
        let valid = try SIPTrunk.validate(name: name, addresses: addresses, username: username, password: password)
        if let username = valid.username,
           let other = try await repository.all().first(where: { $0.name.lowercased() != valid.name.lowercased() && $0.username?.lowercased() == username.lowercased() }) {
            throw RecordValidationError(object: "SIP trunk", issues: [FieldIssue(field: "username", message: "'\(username)' is already trunk '\(other.name)'s; each trunk has its own")])
        }
        var trunk = SIPTrunk(name: valid.name, addresses: valid.addresses, username: valid.username)
        if let username = valid.username, let password {
            trunk.ha1MD5 = digest.ha1(username: username, password: password, algorithm: .md5)
            trunk.ha1SHA256 = digest.ha1(username: username, password: password, algorithm: .sha256)
        }
        try await repository.save(trunk)
        changes.bump()
        return trunk
    }

    public func delete(name: String, by principal: Principal) async throws {
        try require(principal, "remove SIP trunks")
        guard try await repository.delete(name: name) else { throw RecordError.notFound(object: "SIP trunk", id: name) }
        changes.bump()
    }

    private func require(_ principal: Principal, _ action: String) throws {
        guard principal.role >= .admin else { throw AuthError.forbidden(action: action, needs: .admin, has: principal.role) }
    }
}
