public import SwitchboardCore

/// Admins connect phone systems: each API token that posts telephony events may have a webhook
/// for the agents' commands, signed with a secret both sides know.
public struct TelephonyConnectionService: Sendable {
    let repository: any TelephonyConnectionRepository
    let auth: AuthService

    public init(repository: any TelephonyConnectionRepository, auth: AuthService) {
        self.repository = repository
        self.auth = auth
    }

    public func all(by principal: Principal) async throws -> [TelephonyConnection] {
        try require(principal, "see telephony connections")
        return try await repository.all()
    }

    /// Sets the webhook of the connection of API token `id`.
    /// - Throws: `RecordValidationError` naming each bad part (an unknown or revoked token, a URL
    ///   that is not http(s), a secret shorter than 16 characters); nothing changes then.
    public func set(id: String, webhookURL: String, secret: String, by principal: Principal) async throws -> TelephonyConnection {
        try require(principal, "connect phone systems")
        var issues: [FieldIssue] = []
        let tokens = try await auth.tokens(by: principal)
        if !tokens.contains(where: { $0.id == id && $0.revokedAt == nil }) {
            issues.append(FieldIssue(field: "id", message: "'\(id)' is not an active API token; a connection is the token a phone system posts events with (switchboard tokens list)"))
        }
        let url = webhookURL.trimmingSpaces
        let lower = url.lowercased()
        if !(lower.hasPrefix("https://") || lower.hasPrefix("http://")) || url.count > 2_000 || url.contains(" ") {
            issues.append(FieldIssue(field: "webhookUrl", message: "'\(url.prefix(80))' is not an http(s) URL"))
        }
        if secret.count < 16 || secret.count > 200 {
            issues.append(FieldIssue(field: "secret", message: "is 16 to 200 characters, shared with the phone system to check signatures"))
        }
        guard issues.isEmpty else { throw RecordValidationError(object: "connection", issues: issues) }
        let connection = TelephonyConnection(id: id, webhookURL: url, secret: secret)
        try await repository.save(connection)
        return connection
    }

    public func delete(id: String, by principal: Principal) async throws {
        try require(principal, "disconnect phone systems")
        guard try await repository.find(id: id) != nil else { throw RecordError.notFound(object: "connection", id: id) }
        try await repository.delete(id: id)
    }

    private func require(_ principal: Principal, _ action: String) throws {
        guard principal.role >= .admin else { throw AuthError.forbidden(action: action, needs: .admin, has: principal.role) }
    }
}
