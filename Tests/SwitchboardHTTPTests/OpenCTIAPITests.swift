import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Open CTI over HTTP")
struct OpenCTIAPITests {
    @Test("the libraries are served for any version, without a session, cached, loadable cross-origin")
    func libraries() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            for (path, version) in [("/support/api/57.0/lightning/opencti_min.js", 57), ("/support/api/38.0/lightning/opencti.js", 38), ("/support/api/25.0/interaction.js", 25)] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.contains("javascript") == true)
                #expect(response.headers[.cacheControl] == "public, max-age=3600")
                #expect(response.headers[HTTPField.Name("Cross-Origin-Resource-Policy")!] == "cross-origin")
                #expect(response.headers[.setCookie] == nil)
                let body = String(buffer: response.body)
                #expect(body.contains("var API_VERSION = \(version);") && !body.contains("SWITCHBOARD_API_VERSION"))
                #expect(body.contains("function openctiTransport(") && !body.contains("/*SWITCHBOARD_TRANSPORT*/"), "the shared transport is taken in")
            }
            let bad = try await client.execute(uri: "/support/api/latest/lightning/opencti_min.js", method: .get)
            #expect(bad.status == .notFound)
            #expect(try errorBody(bad).message.contains("/support/api/57.0/lightning/opencti_min.js"))
        }
    }

    @Test("the console needs a session and frames only the call center's origins")
    func consolePage() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let anonymous = try await client.execute(uri: "/lightning/r/Account/001000000000001/view?x=1", method: .get)
            #expect(anonymous.status == .seeOther)
            #expect(anonymous.headers[.location] == "/signin?next=%2Flightning%2Fr%2FAccount%2F001000000000001%2Fview%3Fx%3D1")
            #expect(try await client.execute(uri: "/console/app.js", method: .get).status == .ok, "the console's scripts are static files")
        }
    }

    @Test("saveLog answers the record id and the fields it dropped; a bad value is a 400 naming the field")
    func saveLog() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let body = #"{"value": {"entityApiName": "Task", "Subject": "Call", "Phone": "+1", "CallDurationInSeconds": 30}}"#
            let created = try await client.execute(uri: "/api/v1/opencti/savelog", method: .post, headers: .bearer(t.agentToken), body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let answer = try json(created)
            #expect((answer["recordId"] as? String)?.hasPrefix("00T") == true && answer["created"] as? Bool == true)
            #expect((answer["ignoredFields"] as? [[String: Any]])?.compactMap { $0["field"] as? String } == ["Phone"])
            let bad = try await client.execute(uri: "/api/v1/opencti/savelog", method: .post, headers: .bearer(t.agentToken),
                                               body: ByteBuffer(string: #"{"value": {"entityApiName": "Task", "CallDurationInSeconds": "long"}}"#))
            #expect(bad.status == .badRequest)
            #expect(try errorBody(bad).issues.first?.hasPrefix("CallDurationInSeconds") == true)
            let notJSON = try await client.execute(uri: "/api/v1/opencti/savelog", method: .post, headers: .bearer(t.agentToken), body: ByteBuffer(string: "Subject=x"))
            #expect(try notJSON.status == .badRequest && (errorBody(notJSON).message.contains("entityApiName")))
        }
    }

    @Test("console actions: admins register, agents may not, bad targets are explained; runApex answers {runApex}")
    func consoleActions() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let byAgent = try await client.execute(uri: "/api/v1/consoleactions/apex/Utils.echo", method: .put, headers: .bearer(t.agentToken), body: ByteBuffer(string: #"{"target": "builtin:echo"}"#))
            #expect(byAgent.status == .forbidden)
            let bad = try await client.execute(uri: "/api/v1/consoleactions/apex/Utils.echo", method: .put, headers: .bearer(t.adminToken), body: ByteBuffer(string: #"{"target": "http://hooks.example/"}"#))
            #expect(try bad.status == .badRequest && (errorBody(bad).issues.first?.contains("https") == true))
            let kind = try await client.execute(uri: "/api/v1/consoleactions/macro/Utils.echo", method: .put, headers: .bearer(t.adminToken), body: ByteBuffer(string: #"{"target": "builtin:echo"}"#))
            #expect(kind.status == .notFound)
            let good = try await client.execute(uri: "/api/v1/consoleactions/apex/Utils.echo", method: .put, headers: .bearer(t.adminToken), body: ByteBuffer(string: #"{"target": "builtin:echo"}"#))
            #expect(good.status == .ok)
            let ran = try await client.execute(uri: "/api/v1/opencti/runapex", method: .post, headers: .bearer(t.agentToken),
                                               body: ByteBuffer(string: #"{"apexClass": "Utils", "methodName": "echo", "methodParams": "n=1"}"#))
            #expect(String(buffer: ran.body) == #"{"runApex":"n=1"}"#)
            let unknown = try await client.execute(uri: "/api/v1/opencti/runapex", method: .post, headers: .bearer(t.agentToken),
                                                   body: ByteBuffer(string: #"{"apexClass": "Missing", "methodName": "x"}"#))
            #expect(try unknown.status == .notFound && (errorBody(unknown).message == "Could not load Apex class: Missing"))
            let listed = try json(try await client.execute(uri: "/api/v1/consoleactions", method: .get, headers: .bearer(t.agentToken)))
            #expect((listed["actions"] as? [[String: Any]])?.count == 1)
        }
    }
}
