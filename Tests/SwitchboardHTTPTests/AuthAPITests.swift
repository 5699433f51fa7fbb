import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport
import Testing

@Suite("Signing in over HTTP")
struct AuthAPITests {
    static let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded", .origin: "http://localhost"]

    func signIn(_ client: any TestClientProtocol, _ user: String, _ password: String) async throws -> TestResponse {
        try await client.execute(uri: "/signin", method: .post, headers: Self.form,
                                 body: ByteBuffer(string: "username=\(user)&password=\(password.replacingOccurrences(of: " ", with: "+"))&next=%2Fhome"))
    }

    func cookie(_ response: TestResponse) -> String? {
        response.headers[.setCookie]?.split(separator: ";").first.map(String.init)
    }

    @Test("the session cookie is HttpOnly, and cookie writes need the CSRF token")
    func sessionAndCSRF() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try await signIn(client, "agent", "correct horse")
            #expect(response.status == .seeOther && response.headers[.location] == "/home")
            let setCookie = try #require(response.headers[.setCookie])
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
            let session = try #require(cookie(response))

            let me = try json(try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: session]))
            #expect(me["username"] as? String == "agent" && me["role"] as? String == "agent")
            let csrf = try #require(me["csrfToken"] as? String)

            let body = ByteBuffer(string: #"{"LastName": "Cookie"}"#)
            let noToken = try await client.execute(uri: "/api/v1/records/Contact", method: .post, headers: [.cookie: session], body: body)
            #expect(try noToken.status == .forbidden && (try errorBody(noToken)).message.contains("X-CSRF-Token"))
            let crossSite = try await client.execute(uri: "/api/v1/records/Contact", method: .post,
                                                     headers: [.cookie: session, HTTPField.Name("X-CSRF-Token")!: csrf, .origin: "https://evil.example"], body: body)
            #expect(crossSite.status == .forbidden)
            let ok = try await client.execute(uri: "/api/v1/records/Contact", method: .post, headers: [.cookie: session, HTTPField.Name("X-CSRF-Token")!: csrf], body: body)
            #expect(ok.status == .created)

            let home = try await client.execute(uri: "/home", method: .get, headers: [.cookie: session])
            #expect(String(buffer: home.body).contains("role <strong id=\"role\">agent</strong>"))
            let out = try await client.execute(uri: "/signout", method: .post, headers: [.cookie: session, .contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "csrf=\(csrf)"))
            #expect(out.status == .seeOther)
            #expect(try await client.execute(uri: "/api/v1/session", method: .get, headers: [.cookie: session]).status == .unauthorized)
        }
    }

    @Test("a wrong password shows the form again with a message, and guessing is slowed to 429")
    func wrongPassword() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let wrong = try await signIn(client, "agent", "nope")
            #expect(wrong.status == .unauthorized && String(buffer: wrong.body).contains("The username or password is wrong."))
            #expect(wrong.headers[.setCookie] == nil)
            let unknown = try await signIn(client, "nobody", "nope")
            #expect(unknown.status == .unauthorized && String(buffer: unknown.body).contains("The username or password is wrong."))
            for _ in 0..<4 { _ = try await signIn(client, "agent", "nope") }
            let locked = try await signIn(client, "agent", "correct horse")
            #expect(locked.status == .tooManyRequests && locked.headers[.retryAfter] != nil)
        }
    }

    @Test("a sign-in form posted from another site is refused")
    func crossSiteSignIn() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try await client.execute(uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://evil.example"],
                                                    body: ByteBuffer(string: "username=agent&password=correct+horse"))
            #expect(response.status == .forbidden)
        }
    }

    @Test("after sign-in, only same-site paths are followed")
    func openRedirect() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try await client.execute(uri: "/signin", method: .post, headers: Self.form, body: ByteBuffer(string: "username=agent&password=correct+horse&next=%2F%2Fevil.example"))
            #expect(response.headers[.location] == "/home")
        }
    }

    @Test("tokens: created once by an admin, listed without secrets, revoked")
    func tokens() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let created = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: #"{"name": "PBX", "role": "supervisor"}"#))
            #expect(created.status == .created)
            let token = try json(created)
            let plain = try #require(token["token"] as? String)
            let listed = try await client.execute(uri: "/api/v1/tokens", method: .get, headers: .bearer(t.adminToken))
            #expect(!String(buffer: listed.body).contains(plain))
            #expect(try await client.execute(uri: "/api/v1/tokens", method: .get, headers: .bearer(t.agentToken)).status == .forbidden)
            let id = try #require(token["id"] as? String)
            #expect(try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: .bearer(t.adminToken)).status == .noContent)
            let revoked = try await client.execute(uri: "/api/v1/records/Contact", method: .get, headers: .bearer(plain))
            #expect(try revoked.status == .unauthorized && (try errorBody(revoked)).message == "the API token is unknown or revoked")
            #expect(try await client.execute(uri: "/api/v1/tokens", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: #"{"name": "x", "role": "root"}"#)).status == .badRequest)
        }
    }

    @Test("without credentials the API answers 401 with how to authenticate")
    func anonymous() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try await client.execute(uri: "/api/v1/records/Contact", method: .get)
            #expect(response.status == .unauthorized && response.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/css/app.css", method: .get).status == .ok)
        }
    }

    @Test("users set their own password; only admins set others'")
    func passwords() async throws {
        let t = try await HTTPTestApp.make()
        // (An API token acts as the admin who made it, so sign in to learn the agent's own id.)
        let agent = try await t.services.auth.signIn(username: "agent", password: "correct horse", address: "test").principal
        try await t.test { client in
            let others = try await client.execute(uri: "/api/v1/users/\(agent.userID.eighteen)/password", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: #"{"password": "a new secret"}"#))
            #expect(others.status == .noContent)
            let short = try await client.execute(uri: "/api/v1/users/\(agent.userID.eighteen)/password", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: #"{"password": "x"}"#))
            #expect(short.status == .badRequest)
            #expect(try await signIn(client, "agent", "a new secret").status == .seeOther)
        }
    }
}
