import Logging
public import SwitchboardCore

/// Signing in and out, sessions, API tokens and passwords.
public struct AuthService: Sendable {
    let accounts: any AccountRepository
    let records: RecordService
    let hasher: PasswordHasher
    let throttle: SignInThrottle
    let clock: any WallClock
    let tokenCache: TokenCache
    /// How long a session lasts after sign-in.
    public let sessionLifetimeSeconds: Int64
    /// A real bcrypt hash of a random string at the same cost, checked when the user does not exist.
    let decoyHash: String

    public init(
        accounts: any AccountRepository, records: RecordService, hasher: PasswordHasher, throttle: SignInThrottle,
        clock: any WallClock, sessionLifetimeSeconds: Int64 = 12 * 3600, tokenCacheMilliseconds: Int64 = 5000
    ) {
        self.tokenCache = TokenCache(clock: clock, lifetimeMilliseconds: tokenCacheMilliseconds)
        self.accounts = accounts
        self.records = records
        self.hasher = hasher
        self.throttle = throttle
        self.clock = clock
        self.sessionLifetimeSeconds = sessionLifetimeSeconds
        self.decoyHash = hasher.hashNow(Secrets.random(24))
    }

    /// A new session: the cookie value (shown once, never stored) and the stored record.
    public struct NewSession: Sendable {
        public let cookieToken: String
        public let session: SessionRecord
        public let principal: Principal
    }

    /// Checks a username and password and opens a session.
    /// - Throws: `AuthError.invalidCredentials` for an unknown user, a wrong password and an
    ///   inactive user alike (so answers do not reveal which usernames exist); `.throttled`.
    public func signIn(username: String, password: String, address: String) async throws -> NewSession {
        try await throttle.check(username: username, address: address)
        let credentials = try await accounts.credentials(username: username)
        // Unknown users still cost one hash check, so timing does not tell them apart either.
        let ok = await hasher.verify(password, hash: credentials?.passwordHash ?? decoyHash)
        guard let credentials, ok, credentials.passwordHash != nil, credentials.isActive else {
            await throttle.recordFailure(username: username, address: address)
            throw AuthError.invalidCredentials
        }
        await throttle.recordSuccess(username: username)
        let token = Secrets.random(43)
        let now = clock.now()
        let session = SessionRecord(
            tokenHash: Secrets.sha256(token), userID: credentials.userID, csrfToken: Secrets.random(32),
            createdAt: now, expiresAt: now.adding(milliseconds: sessionLifetimeSeconds * 1000))
        try await accounts.insertSession(session)
        return NewSession(cookieToken: token, session: session, principal: principal(credentials, .session(csrfToken: session.csrfToken)))
    }

    /// The person behind a session cookie, or nil when it is unknown, expired or the user was deactivated.
    public func principal(sessionToken: String) async throws -> Principal? {
        guard let session = try await accounts.session(tokenHash: Secrets.sha256(sessionToken)) else { return nil }
        guard session.expiresAt > clock.now() else {
            try await accounts.deleteSession(tokenHash: session.tokenHash)
            return nil
        }
        guard let credentials = try await accounts.credentials(userID: session.userID), credentials.isActive else { return nil }
        return principal(credentials, .session(csrfToken: session.csrfToken))
    }

    /// Removes sessions that have expired; returns how many.
    @discardableResult
    public func deleteExpiredSessions() async throws -> Int {
        try await accounts.deleteExpiredSessions(now: clock.now())
    }

    /// Ends a session.
    public func signOut(sessionToken: String) async throws {
        try await accounts.deleteSession(tokenHash: Secrets.sha256(sessionToken))
    }

    /// The integration behind a bearer token.
    /// - Throws: `AuthError.invalidToken` when unknown, revoked, or its user is inactive.
    public func principal(bearerToken: String) async throws -> Principal {
        let hash = Secrets.sha256(bearerToken)
        if let cached = tokenCache.principal(hash: hash) { return cached }
        guard let token = try await accounts.token(hash: hash), token.revokedAt == nil,
            let credentials = try await accounts.credentials(userID: token.userID),
            // The system account never signs in (it is inactive), but tokens made by the CLI act as it.
            credentials.isActive || credentials.username == Self.systemUsername
        else { throw AuthError.invalidToken }
        let principal = Principal(userID: token.userID, username: credentials.username, role: min(token.role, credentials.role), kind: .token(id: token.id))
        tokenCache.store(principal, hash: hash)
        return principal
    }

    /// Makes an API token. The plain token is returned once and never stored.
    public func createToken(name: String, role: Role, by principal: Principal) async throws -> (plain: String, token: APIToken) {
        guard principal.role == .admin else { throw AuthError.forbidden(action: "creating API tokens", needs: .admin, has: principal.role) }
        let trimmed = name.trimmingSpaces
        guard !trimmed.isEmpty, trimmed.count <= 100 else {
            throw RecordValidationError(object: "APIToken", issues: [FieldIssue(field: "name", message: "give a name of 1 to 100 characters that says what the token is for")])
        }
        let plain = "sbt_" + Secrets.random(40)
        let token = APIToken(id: Secrets.random(10), name: trimmed, role: role, userID: principal.userID,
                             tokenHash: Secrets.sha256(plain), createdAt: clock.now(), revokedAt: nil)
        try await accounts.insertToken(token)
        return (plain, token)
    }

    public func tokens(by principal: Principal) async throws -> [APIToken] {
        guard principal.role == .admin else { throw AuthError.forbidden(action: "listing API tokens", needs: .admin, has: principal.role) }
        return try await accounts.tokens()
    }

    /// Revokes a token; it stops working at once.
    public func revokeToken(id: String, by principal: Principal) async throws {
        guard principal.role == .admin else { throw AuthError.forbidden(action: "revoking API tokens", needs: .admin, has: principal.role) }
        guard try await accounts.revokeToken(id: id, at: clock.now()) else { throw AuthError.unknownToken(id) }
        tokenCache.evict(tokenID: id)
    }

    /// Sets a user's password.
    /// - Throws: `RecordValidationError` when the password is too short or too long.
    public func setPassword(_ password: String, userID: RecordID) async throws {
        guard password.count >= Self.minimumPasswordLength, password.utf8.count <= 72 else {
            throw RecordValidationError(object: "User", issues: [FieldIssue(
                field: "password", message: "must have at least \(Self.minimumPasswordLength) characters and at most 72 bytes")])
        }
        try await accounts.setPasswordHash(await hasher.hash(password), userID: userID)
    }

    /// Creates a user who can sign in: a User record plus a password.
    public func createUser(username: String, email: String, firstName: String?, lastName: String, role: Role, password: String, by principal: Principal) async throws -> Record {
        guard password.count >= Self.minimumPasswordLength, password.utf8.count <= 72 else {
            throw RecordValidationError(object: "User", issues: [FieldIssue(
                field: "password", message: "must have at least \(Self.minimumPasswordLength) characters and at most 72 bytes")])
        }
        var input: [(String, RawValue)] = [("Username", .string(username)), ("Email", .string(email)), ("LastName", .string(lastName)), ("Role", .string(role.rawValue))]
        if let firstName { input.append(("FirstName", .string(firstName))) }
        let user = try await records.create(StandardObjects.user, input, by: principal)
        try await setPassword(password, userID: user.id)
        return user
    }

    /// The account the CLI and the server act as: an inactive admin User that cannot sign in,
    /// made on first use (Salesforce's "Automated Process" user plays this part).
    public func systemPrincipal() async throws -> Principal {
        if let existing = try await accounts.credentials(username: Self.systemUsername) {
            return Principal(userID: existing.userID, username: existing.username, role: .admin, kind: .system)
        }
        let bootstrap = Principal(userID: RecordID(unchecked: "005000000000000"), username: Self.systemUsername, role: .admin, kind: .system)
        let user = try await records.create(StandardObjects.user, [
            ("Username", .string(Self.systemUsername)), ("Email", .string(Self.systemUsername)),
            ("LastName", .string("Switchboard")), ("FirstName", .string("Automated")), ("Role", .string("admin")),
            ("IsActive", .boolean(false)),
        ], by: bootstrap)
        // The first user has no one to be created by: it owns and created itself.
        var owned = user
        for field in ["OwnerId", "CreatedById", "LastModifiedById"] { owned[field] = .id(user.id) }
        try await records.repository.update(owned, fields: ["OwnerId", "CreatedById", "LastModifiedById"])
        return Principal(userID: user.id, username: Self.systemUsername, role: .admin, kind: .system)
    }

    public static let systemUsername = "system@switchboard.invalid"
    public static let minimumPasswordLength = 8

    private func principal(_ c: StoredCredentials, _ kind: Principal.Kind) -> Principal {
        Principal(userID: c.userID, username: c.username, role: c.role, kind: kind)
    }

}
