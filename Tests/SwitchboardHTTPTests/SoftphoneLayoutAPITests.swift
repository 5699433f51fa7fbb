import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport
import Testing

@Suite("Softphone layouts over the API")
struct SoftphoneLayoutAPITests {
    static let agentsLayout = #"""
        {"name": "Agents", "roles": ["agent"], "callTypes": {
          "Inbound": {"callRelatedFields": ["ANI", "QUEUE"],
                      "objects": [{"object": "contact", "fields": [{"apiName": "name", "displayName": "Name"}, {"apiName": "MobilePhone", "displayName": "Mobile"}]},
                                  {"object": "Lead", "fields": [{"apiName": "Company"}]}],
                      "NoMatch": {"screenPopType": "PopToEntity", "screenPopData": "Lead"},
                      "SingleMatch": {"screenPopType": "PopToEntity"},
                      "MultipleMatches": {"screenPopType": "PopToSearch"}},
          "Internal": {"callRelatedFields": ["ANI"], "objects": [{"object": "User", "fields": [{"apiName": "Name", "displayName": "Name"}]}]}}}
        """#

    @Test("there is always a default, answering getSoftphoneLayout in Salesforce's shape")
    func standard() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try await client.execute(uri: "/api/v1/softphonelayouts/effective", method: .get, headers: .bearer(t.agentToken))
            #expect(response.headers[HTTPField.Name("X-Softphone-Layout")!] == "Default")
            let layout = try json(response)
            let inbound = try #require(layout["Inbound"] as? [String: Any])
            #expect(inbound["callRelatedFields"] as? [String] == ["ANI", "DNIS"])
            let objects = try #require(inbound["objects"] as? [String: [[String: String]]])
            #expect(objects["Account"]?.first == ["displayName": "Account Name", "apiName": "Name"])
            let pops = try #require(inbound["screenPopSettings"] as? [String: Any])
            #expect(pops["screenPopsOpenWithin"] as? String == "ExistingWindow")
            #expect(pops["NoMatch"] as? [String: String] == ["screenPopType": "PopToEntity", "screenPopData": "Contact"])
            #expect(pops["MultipleMatches"] as? [String: String] == ["screenPopType": "PopToSearch"])
            #expect(((layout["Outbound"] as? [String: Any])?["screenPopSettings"] as? [String: Any])?.isEmpty == true)
            #expect((layout["Internal"] as? [String: Any]).flatMap { ($0["objects"] as? [String: Any])?.keys.first } == "User")
        }
    }

    @Test("a layout for a role applies to its users; a user's own layout wins; the default serves the rest")
    func resolution() async throws {
        let t = try await HTTPTestApp.make()
        _ = try await t.services.user("vip", role: .agent)
        _ = try await t.services.user("boss", role: .supervisor)
        try await t.test { client in
            let created = try await client.execute(uri: "/api/v1/softphonelayouts", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: Self.agentsLayout))
            #expect(created.status == .created)
            let vip = #"{"name": "VIP desk", "users": ["vip"], "callTypes": {"Inbound": {"objects": [{"object": "Account", "fields": [{"apiName": "Name"}]}], "NoMatch": {"screenPopType": "PopToSearch"}}}}"#
            #expect(try await client.execute(uri: "/api/v1/softphonelayouts", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: vip)).status == .created)
            func effective(_ user: String) async throws -> String? {
                try await client.execute(uri: "/api/v1/softphonelayouts/effective?user=\(user)", method: .get, headers: .bearer(t.adminToken)).headers[HTTPField.Name("X-Softphone-Layout")!]
            }
            #expect(try await effective("agent") == "Agents")
            #expect(try await effective("vip") == "VIP desk")
            #expect(try await effective("boss") == "Default")
            let agentsView = try json(try await client.execute(uri: "/api/v1/softphonelayouts/effective?user=agent", method: .get, headers: .bearer(t.adminToken)))
            let inbound = agentsView["Inbound"] as! [String: Any]
            #expect((inbound["objects"] as! [String: Any]).keys.sorted() == ["Contact", "Lead"])  // object and field names canonical
            #expect(((inbound["objects"] as! [String: [[String: String]]])["Contact"]!).map { $0["apiName"]! } == ["Name", "MobilePhone"])
            #expect((inbound["screenPopSettings"] as! [String: Any])["SingleMatch"] as? [String: String] == ["screenPopType": "PopToEntity"])
            #expect(try await client.execute(uri: "/api/v1/softphonelayouts/effective?user=agent", method: .get, headers: .bearer(t.agentToken)).status == .forbidden)
        }
    }

    @Test("bad layouts are refused with every problem; one default; a role in one layout")
    func rules() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let bad = #"{"name": "", "roles": ["agent", "robot"], "callTypes": {"Inbound": {"callRelatedFields": ["ANI", "CALLERID"], "objects": [{"object": "Opportunity", "fields": [{"apiName": "Name"}]}, {"object": "Contact", "fields": [{"apiName": "Shoe"}]}], "NoMatch": {"screenPopType": "PopToFlow"}}}}"#
            let refused = try await client.execute(uri: "/api/v1/softphonelayouts", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: bad))
            #expect(refused.status == .badRequest)
            let problems = try errorBody(refused).issues.joined(separator: "\n")
            #expect(problems.contains("'robot' is not agent") && problems.contains("'CALLERID' is not ANI"))
            let second = #"{"name": "Broken", "callTypes": {"Inbound": {"objects": [{"object": "Opportunity", "fields": [{"apiName": "Name"}]}, {"object": "Contact", "fields": [{"apiName": "Shoe"}]}], "NoMatch": {"screenPopType": "PopToFlow"}}}}"#
            let problems2 = try errorBody(try await client.execute(uri: "/api/v1/softphonelayouts", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: second))).issues.joined(separator: "\n")
            #expect(problems2.contains("'Opportunity' cannot be searched") && problems2.contains("Contact has no field 'Shoe'") && problems2.contains("PopToFlow needs the flow's name"))

            _ = try await client.execute(uri: "/api/v1/softphonelayouts", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: Self.agentsLayout))
            let twice = Self.agentsLayout.replacingOccurrences(of: #""name": "Agents""#, with: #""name": "More agents""#)
            let clash = try await client.execute(uri: "/api/v1/softphonelayouts", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: twice))
            #expect(try errorBody(clash).issues.contains { $0.contains("agent is assigned to Agents already") })

            let makeDefault = Self.agentsLayout.replacingOccurrences(of: #""roles": ["agent"]"#, with: #""roles": ["agent"], "isDefault": true"#)
            #expect(try await client.execute(uri: "/api/v1/softphonelayouts/Agents", method: .put, headers: .bearer(t.adminToken), body: ByteBuffer(string: makeDefault)).status == .ok)
            let all = try json(try await client.execute(uri: "/api/v1/softphonelayouts", method: .get, headers: .bearer(t.adminToken)))["layouts"] as! [[String: Any]]
            #expect(all.filter { $0["isDefault"] as? Bool == true }.map { $0["name"] as! String } == ["Agents"])
            #expect(try await client.execute(uri: "/api/v1/softphonelayouts/Agents", method: .delete, headers: .bearer(t.adminToken)).status == .conflict)
            #expect(try await client.execute(uri: "/api/v1/softphonelayouts/Default", method: .delete, headers: .bearer(t.adminToken)).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/softphonelayouts", method: .post, headers: .bearer(t.agentToken), body: ByteBuffer(string: Self.agentsLayout)).status == .forbidden)
        }
    }
}
