import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport
import Testing

@Suite("Call centers over the API")
struct CallCenterAPITests {
    static func sample(_ name: String) throws -> ByteBuffer { ByteBuffer(bytes: try CallCenterSamples.bytes(name)) }
    static let xml: HTTPFields = [.contentType: "application/xml"]
    func admin(_ t: HTTPTestApp) -> HTTPFields { [.authorization: "Bearer \(t.adminToken)", .contentType: "application/xml"] }

    @Test("each sample gives its documented outcome, and a rejected file stores nothing", arguments: [
        ("lightning-basic.xml", 201, "SwitchboardDemo"), ("standby-and-vendor-settings.xml", 201, "AcmeVoiceEU"),
        ("metadata-format.callCenter", 201, "metadata-format"), ("lenient-real-world.xml", 201, "LegacyPhone"),
        ("invalid-missing-internal-name.xml", 400, "reqInternalName is missing"), ("invalid-bad-names.xml", 400, "reserved word"),
        ("invalid-external-entity.xml", 400, "document type declaration"), ("invalid-entity-expansion.xml", 400, "document type declaration"), ("invalid-truncated.xml", 400, "never closed"),
    ])
    func samples(name: String, status: Int, expected: String) async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try await client.execute(uri: "/api/v1/callcenters?fileName=\(name)", method: .post, headers: admin(t), body: try Self.sample(name))
            #expect(response.status.code == status)
            let body = String(buffer: response.body)
            #expect(body.contains(expected), "\(body.prefix(400))")
            let list = try json(try await client.execute(uri: "/api/v1/callcenters", method: .get, headers: admin(t)))
            #expect((list["callCenters"] as! [Any]).count == (status == 201 ? 1 : 0))
        }
    }

    @Test("a preview shows the definition and warnings and stores nothing")
    func preview() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try json(try await client.execute(uri: "/api/v1/callcenters?preview=true", method: .post, headers: admin(t), body: try Self.sample("lenient-real-world.xml")))
            #expect((response["warnings"] as! [[String: Any]]).count >= 3)
            #expect(((response["preview"] as! [String: Any])["sections"] as! [Any]).count == 2)
            let list = try json(try await client.execute(uri: "/api/v1/callcenters", method: .get, headers: admin(t)))
            #expect((list["callCenters"] as! [Any]).isEmpty)
            let agent = try await client.execute(uri: "/api/v1/callcenters?preview=true", method: .post, headers: [.authorization: "Bearer \(t.agentToken)"], body: try Self.sample("lenient-real-world.xml"))
            #expect(agent.status == .forbidden)
        }
    }

    @Test("edit with validation, clone, export in both formats, settings, duplicate refused")
    func lifecycle() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            _ = try await client.execute(uri: "/api/v1/callcenters", method: .post, headers: admin(t), body: try Self.sample("lightning-basic.xml"))
            let again = try await client.execute(uri: "/api/v1/callcenters", method: .post, headers: admin(t), body: try Self.sample("lightning-basic.xml"))
            #expect(again.status == .conflict)

            let edit = #"{"changes": [{"section": "reqGeneralInfo", "item": "reqSoftphoneWidth", "value": "360"}, {"section": "vendorSettings", "item": "region", "value": "eu", "label": "Region"}]}"#
            let edited = try json(try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo", method: .patch, headers: admin(t), body: ByteBuffer(string: edit)))
            #expect((edited["callCenter"] as! [String: Any])["internalName"] as? String == "SwitchboardDemo")
            let bad = #"{"changes": [{"section": "reqGeneralInfo", "item": "reqSoftphoneWidth", "value": "wide"}, {"section": "reqGeneralInfo", "item": "reqInternalName", "value": "Other"}]}"#
            let refused = try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo", method: .patch, headers: admin(t), body: ByteBuffer(string: bad))
            #expect(refused.status == .badRequest)
            #expect(String(buffer: refused.body).contains("whole number of pixels") && String(buffer: refused.body).contains("cannot be changed after import"))

            let settings = try json(try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo/settings", method: .get, headers: admin(t)))
            #expect(settings["/reqGeneralInfo/reqSoftphoneWidth"] as? String == "360" && settings["/vendorSettings/region"] as? String == "eu")

            let clone = try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo/clone", method: .post, headers: admin(t), body: ByteBuffer(string: #"{"internalName": "DemoCopy"}"#))
            #expect(try clone.status == .created && (try json(clone))["displayName"] as? String == "Switchboard Demo Call Center (copy)")

            for format in ["import", "metadata"] {
                let exported = try await client.execute(uri: "/api/v1/callcenters/DemoCopy/export?format=\(format)", method: .get, headers: admin(t))
                let read = try CallCenterDefinitionReader.read(Array(exported.body.readableBytesView), fileName: "DemoCopy.callCenter")
                #expect(read.definition.settings["/vendorSettings/region"] == "eu" && read.definition.internalName == "DemoCopy")
            }
        }
    }

    @Test("DNIS numbers belong to one call center; trusted origins are checked and framed")
    func numbersAndOrigins() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            _ = try await client.execute(uri: "/api/v1/callcenters", method: .post, headers: admin(t), body: try Self.sample("lightning-basic.xml"))
            _ = try await client.execute(uri: "/api/v1/callcenters", method: .post, headers: admin(t), body: try Self.sample("standby-and-vendor-settings.xml"))
            let set = try json(try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo", method: .patch, headers: admin(t),
                body: ByteBuffer(string: #"{"dnisNumbers": ["+1 415 555 0100"], "trustedOrigins": ["https://crm.example.com:443"]}"#)))
            let c = set["callCenter"] as! [String: Any]
            #expect(c["dnisNumbers"] as? [String] == ["+1 415 555 0100"] && c["trustedOrigins"] as? [String] == ["https://crm.example.com"])
            let clash = try await client.execute(uri: "/api/v1/callcenters/AcmeVoiceEU", method: .patch, headers: admin(t),
                body: ByteBuffer(string: #"{"dnisNumbers": ["14155550100"], "trustedOrigins": ["http://evil.example/x"]}"#))
            #expect(clash.status == .badRequest)
            let text = String(buffer: clash.body)
            #expect(text.contains("already routes to Switchboard Demo Call Center") && text.contains("has a path"))
            let acme = try json(try await client.execute(uri: "/api/v1/callcenters/AcmeVoiceEU", method: .get, headers: admin(t)))
            #expect(acme["dnisNumbers"] as? [String] == [] && (acme["framedOrigins"] as? [String])?.first == "https://phone.acme-voice.example")
        }
    }

    @Test("users: one call center each, a CSV report row by row, move, and delete refused while users remain")
    func users() async throws {
        let t = try await HTTPTestApp.make()
        _ = try await t.services.user("ann", role: .agent)
        _ = try await t.services.user("bob", role: .agent)
        try await t.test { client in
            _ = try await client.execute(uri: "/api/v1/callcenters", method: .post, headers: admin(t), body: try Self.sample("lightning-basic.xml"))
            _ = try await client.execute(uri: "/api/v1/callcenters", method: .post, headers: admin(t), body: try Self.sample("standby-and-vendor-settings.xml"))
            let csv = "Username\nann\nnobody\nagent\n"
            let report = try json(try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo/users", method: .post,
                                                            headers: [.authorization: "Bearer \(t.adminToken)", .contentType: "text/csv"], body: ByteBuffer(string: csv)))
            #expect(report["applied"] as? Int == 2 && report["refused"] as? Int == 1)
            #expect((report["rows"] as! [[String: Any]]).map { $0["line"] as! Int } == [2, 3, 4])

            let elsewhere = try json(try await client.execute(uri: "/api/v1/callcenters/AcmeVoiceEU/users", method: .post, headers: admin(t), body: ByteBuffer(string: #"{"users": ["ann@example.com", "bob"]}"#)))
            let rows = elsewhere["rows"] as! [[String: Any]]
            #expect(rows[0]["applied"] as? Bool == false && (rows[0]["outcome"] as! String).contains("is in Switchboard Demo Call Center"))
            #expect(rows[1]["applied"] as? Bool == true)
            let moved = try json(try await client.execute(uri: "/api/v1/callcenters/AcmeVoiceEU/users", method: .post, headers: admin(t), body: ByteBuffer(string: #"{"users": ["ann"], "move": true}"#)))
            #expect(moved["applied"] as? Int == 1)

            let members = try json(try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo/users", method: .get, headers: admin(t)))
            #expect((members["users"] as! [[String: Any]]).map { $0["Username"] as! String } == ["agent"])
            let delete = try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo", method: .delete, headers: admin(t))
            #expect(delete.status == .conflict && String(buffer: delete.body).contains("still has 1 user"))
            #expect(try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo/users/agent", method: .delete, headers: admin(t)).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/callcenters/SwitchboardDemo", method: .delete, headers: admin(t)).status == .noContent)

            // An agent reads their own call center's settings, not another's.
            let agentSettings = try await client.execute(uri: "/api/v1/callcenters/AcmeVoiceEU/settings", method: .get, headers: [.authorization: "Bearer \(t.agentToken)"])
            #expect(agentSettings.status == .forbidden)
        }
    }
}
