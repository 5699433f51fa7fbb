import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport

@Suite("Signing in, sessions and tokens")
struct AuthServiceTests {
    @Test("a right password opens a session; a wrong one and an unknown user read the same")
    func signIn() async throws {
        let s = try await TestServices.make()
        _ = try await s.user("agent", role: .agent, password: "correct horse")
        let session = try await s.auth.signIn(username: "AGENT", password: "correct horse", address: "10.0.0.1")
        #expect(session.principal.role == .agent)
        #expect(try await s.auth.principal(sessionToken: session.cookieToken)?.username == "agent")
        await #expect(throws: AuthError.invalidCredentials) { try await s.auth.signIn(username: "agent", password: "wrong", address: "10.0.0.1") }
        await #expect(throws: AuthError.invalidCredentials) { try await s.auth.signIn(username: "nobody", password: "wrong", address: "10.0.0.1") }
        try await s.close()
    }

    @Test("sessions end when they expire and when the user signs out")
    func expiry() async throws {
        let s = try await TestServices.make()
        _ = try await s.user("agent", role: .agent)
        let first = try await s.auth.signIn(username: "agent", password: "correct horse", address: "a")
        _ = try await s.auth.signIn(username: "agent", password: "correct horse", address: "b")  // never used again
        s.clock.advance(seconds: Double(s.auth.sessionLifetimeSeconds) + 1)
        #expect(try await s.auth.principal(sessionToken: first.cookieToken) == nil)  // removed when met
        #expect(try await s.auth.deleteExpiredSessions() == 1)  // the untouched one is swept
        let second = try await s.auth.signIn(username: "agent", password: "correct horse", address: "a")
        try await s.auth.signOut(sessionToken: second.cookieToken)
        #expect(try await s.auth.principal(sessionToken: second.cookieToken) == nil)
        try await s.close()
    }

    @Test("repeated failures lock the username for a doubling time, even with the right password")
    func throttling() async throws {
        let s = try await TestServices.make()
        _ = try await s.user("agent", role: .agent)
        for _ in 0..<5 {
            await #expect(throws: AuthError.invalidCredentials) { try await s.auth.signIn(username: "agent", password: "guess", address: "b") }
        }
        await #expect(throws: AuthError.throttled(retryAfterSeconds: 1)) { try await s.auth.signIn(username: "agent", password: "correct horse", address: "c") }
        s.clock.advance(seconds: 1.5)
        await #expect(throws: AuthError.invalidCredentials) { try await s.auth.signIn(username: "agent", password: "guess", address: "b") }
        await #expect(throws: AuthError.throttled(retryAfterSeconds: 2)) { try await s.auth.signIn(username: "agent", password: "correct horse", address: "c") }
        s.clock.advance(seconds: 2.5)
        #expect(try await s.auth.signIn(username: "agent", password: "correct horse", address: "c").principal.username == "agent")
        try await s.close()
    }

    @Test("an inactive user cannot sign in, and their open sessions stop working")
    func deactivated() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let session = try await s.auth.signIn(username: "agent", password: "correct horse", address: "a")
        _ = try await s.records.update(StandardObjects.user, id: agent.userID.eighteen, [("IsActive", .boolean(false))], by: s.system)
        #expect(try await s.auth.principal(sessionToken: session.cookieToken) == nil)
        await #expect(throws: AuthError.invalidCredentials) { try await s.auth.signIn(username: "agent", password: "correct horse", address: "a") }
        try await s.close()
    }

    @Test("API tokens: admins make them, they work until revoked, and never exceed their user's role")
    func tokens() async throws {
        let s = try await TestServices.make()
        let admin = try await s.user("admin", role: .admin)
        let agent = try await s.user("agent", role: .agent)
        await #expect(throws: AuthError.forbidden(action: "creating API tokens", needs: .admin, has: .agent)) {
            _ = try await s.auth.createToken(name: "x", role: .agent, by: agent)
        }
        let (plain, token) = try await s.auth.createToken(name: "PBX", role: .supervisor, by: admin)
        #expect(plain.hasPrefix("sbt_") && !token.tokenHash.contains(plain))
        #expect(try await s.auth.principal(bearerToken: plain).role == .supervisor)
        try await s.auth.revokeToken(id: token.id, by: admin)
        await #expect(throws: AuthError.invalidToken) { _ = try await s.auth.principal(bearerToken: plain) }
        await #expect(throws: AuthError.invalidToken) { _ = try await s.auth.principal(bearerToken: "sbt_made_up") }
        try await s.close()
    }

    @Test("a token whose user is deactivated stops working within the cache's lifetime")
    func tokenCacheLifetime() async throws {
        let s = try await TestServices.make()
        let admin = try await s.user("admin", role: .admin)
        let (plain, _) = try await s.auth.createToken(name: "PBX", role: .agent, by: admin)
        #expect(try await s.auth.principal(bearerToken: plain).role == .agent)
        _ = try await s.records.update(StandardObjects.user, id: admin.userID.rawValue, [("IsActive", .boolean(false))], by: s.system)
        s.clock.advance(seconds: 6)
        await #expect(throws: AuthError.invalidToken) { _ = try await s.auth.principal(bearerToken: plain) }
        try await s.close()
    }

    @Test("passwords shorter than 8 characters are refused")
    func passwordRules() async throws {
        let s = try await TestServices.make()
        await #expect { _ = try await s.user("u", role: .agent, password: "short") } throws: { error in
            (error as? RecordValidationError)?.issues.first?.field == "password"
        }
        #expect(try await s.records.repository.count(StandardObjects.user) == 1)  // only the system user; nothing half-made
        try await s.close()
    }
}
