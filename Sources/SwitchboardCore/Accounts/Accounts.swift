/// The identity behind a request: who acts, with which role, and how they signed in.
public struct Principal: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A person signed in with a session cookie; writes must carry the session's CSRF token.
        case session(csrfToken: String)
        /// An integration using an API token.
        case token(id: String)
        /// The CLI or the server itself.
        case system
    }
    /// The User record that acts (for CreatedById and friends).
    public let userID: RecordID
    public let username: String
    public let role: Role
    public let kind: Kind

    public init(userID: RecordID, username: String, role: Role, kind: Kind) {
        self.userID = userID
        self.username = username
        self.role = role
        self.kind = kind
    }
}

/// What sign-in needs of a user.
public struct StoredCredentials: Sendable, Hashable {
    public let userID: RecordID
    public let username: String
    public let role: Role
    public let isActive: Bool
    /// Nil until a password is set.
    public let passwordHash: String?
    public init(userID: RecordID, username: String, role: Role, isActive: Bool, passwordHash: String?) {
        self.userID = userID
        self.username = username
        self.role = role
        self.isActive = isActive
        self.passwordHash = passwordHash
    }
}

/// A signed-in browser session. Only a hash of the cookie's token is stored.
public struct SessionRecord: Sendable, Hashable {
    public let tokenHash: String
    public let userID: RecordID
    public let csrfToken: String
    public let createdAt: Instant
    public let expiresAt: Instant
    public init(tokenHash: String, userID: RecordID, csrfToken: String, createdAt: Instant, expiresAt: Instant) {
        self.tokenHash = tokenHash
        self.userID = userID
        self.csrfToken = csrfToken
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// An API token for integrations: shown once when made, stored hashed, revocable.
public struct APIToken: Sendable, Hashable {
    /// A short public id, used to list and revoke.
    public let id: String
    public let name: String
    public let role: Role
    /// The user the token acts as (the admin who made it).
    public let userID: RecordID
    public let tokenHash: String
    public let createdAt: Instant
    public var revokedAt: Instant?
    public init(id: String, name: String, role: Role, userID: RecordID, tokenHash: String, createdAt: Instant, revokedAt: Instant?) {
        self.id = id
        self.name = name
        self.role = role
        self.userID = userID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// Why signing in or authorizing failed. Unknown user and wrong password read the same on purpose.
public enum AuthError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidCredentials
    case throttled(retryAfterSeconds: Int)
    case notSignedIn
    case invalidToken
    case forbidden(action: String, needs: Role, has: Role)
    case csrfMismatch
    case unknownToken(String)

    public var description: String {
        switch self {
        case .invalidCredentials: "the username or password is wrong"
        case .throttled(let s): "too many failed sign-ins; try again in \(s) seconds"
        case .notSignedIn: "sign in first, or send an API token as 'Authorization: Bearer <token>'"
        case .invalidToken: "the API token is unknown or revoked"
        case .forbidden(let action, let needs, let has):
            "\(action) needs the \(needs.rawValue) role; you are \(has == .agent ? "an" : "a") \(has.rawValue)"
        case .csrfMismatch:
            "a write with a session cookie must send the session's CSRF token in the X-CSRF-Token header (GET /api/v1/session gives it)"
        case .unknownToken(let id): "no API token with id \(id)"
        }
    }
}
