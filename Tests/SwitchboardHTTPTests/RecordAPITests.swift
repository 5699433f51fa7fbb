import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport
import Testing

@Suite("REST records API")
struct RecordAPITests {
    @Test("create, read by either id form, update, list and delete a record")
    func lifecycle() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let created = try await client.execute(uri: "/api/v1/records/contact", method: .post, headers: .bearer(t.adminToken),
                                                   body: ByteBuffer(string: #"{"firstname": "Ada", "LASTNAME": "Lovelace", "Phone": "(415) 555-0134"}"#))
            #expect(created.status == .created)
            let record = try json(created)
            let id = try #require(record["Id"] as? String)
            #expect(id.count == 18 && id.hasPrefix("003") && record["Name"] as? String == "Ada Lovelace")
            #expect(created.headers[.location] == "/api/v1/records/Contact/\(id)")

            let by15 = try await client.execute(uri: "/api/v1/records/Contact/\(id.prefix(15))", method: .get, headers: .bearer(t.agentToken))
            #expect(try by15.status == .ok && (try json(by15))["Phone"] as? String == "(415) 555-0134")

            let patched = try await client.execute(uri: "/api/v1/records/Contact/\(id)", method: .patch, headers: .bearer(t.agentToken), body: ByteBuffer(string: #"{"Title": "Analyst"}"#))
            #expect(try (try json(patched))["Title"] as? String == "Analyst" && (try json(patched))["FirstName"] as? String == "Ada")

            let list = try await client.execute(uri: "/api/v1/records/Contact?LastName.startswith=love&sort=-CreatedDate", method: .get, headers: .bearer(t.agentToken))
            #expect(try json(list)["totalSize"] as? Int == 1)

            #expect(try await client.execute(uri: "/api/v1/records/Contact/\(id)", method: .delete, headers: .bearer(t.agentToken)).status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/records/Contact/\(id)", method: .delete, headers: .bearer(t.adminToken)).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/records/Contact/\(id)", method: .get, headers: .bearer(t.adminToken)).status == .notFound)
        }
    }

    @Test("paging: nextRecordsUrl walks the whole list without overlap")
    func paging() async throws {
        let t = try await HTTPTestApp.make()
        _ = try await t.services.records.createMany(StandardObjects.lead, (0..<23).map { [("LastName", .string("L\($0)")), ("Company", .string("C"))] }, by: t.services.system)
        try await t.test { client in
            var uri: String? = "/api/v1/records/Lead?limit=10&sort=LastName"
            var names: [String] = []
            while let next = uri {
                let page = try json(try await client.execute(uri: next, method: .get, headers: .bearer(t.agentToken)))
                names += (page["records"] as! [[String: Any]]).map { $0["LastName"] as! String }
                uri = page["nextRecordsUrl"] as? String
            }
            #expect(names.count == 23 && Set(names).count == 23)
        }
    }

    @Test("bad input gets the right status and names what is wrong; nothing is written", arguments: [
        ("POST", "/api/v1/records/Contact", #"{"LastName": "", "Email": "x", "Nope": 1}"#, 400, ["LastName: is required and cannot be empty", "Email: 'x' is not an email address (expected name@example.com)", "Nope: Contact has no field 'Nope'"]),
        ("POST", "/api/v1/records/Contact", #"{"LastName": "A", "Phone": {"nested": true}}"#, 400, ["Phone: expects a single value, not an object or an array"]),
        ("POST", "/api/v1/records/Contact", #"{"LastName": "A""#, 400, []),
        ("POST", "/api/v1/records/Contact", #"[1, 2]"#, 400, []),
        ("POST", "/api/v1/records/Contact", "", 400, []),
        ("POST", "/api/v1/records/Contact", #"{"LastName": "A", "AccountId": "001A0000006Vm9r"}"#, 400, ["AccountId: no Account with id 001A0000006Vm9rIAC"]),
        ("POST", "/api/v1/records/Task", #"{"CallType": "Sideways", "CallDurationInSeconds": "long"}"#, 400, ["CallType: 'Sideways' is not allowed; use one of: Inbound, Internal, Outbound", "CallDurationInSeconds: expects a whole number, got 'long'"]),
        ("POST", "/api/v1/records/Widget", #"{}"#, 404, []),
        ("GET", "/api/v1/records/Contact/003A0000006Vm9r", "", 404, []),
        ("GET", "/api/v1/records/Contact/not-an-id", "", 404, []),
        ("GET", "/api/v1/records/Contact/001A0000006Vm9r", "", 400, []),
        ("GET", "/api/v1/records/Contact?limit=5000&sort=Nope", "", 400, ["limit: must be a whole number from 1 to 2000, got '5000'", "sort: Contact has no field 'Nope'"]),
        ("PATCH", "/api/v1/records/Contact/003A0000006Vm9r", #"{"Title": "x"}"#, 404, []),
        ("GET", "/api/v1/nothing-here", "", 404, []),
    ])
    func badInput(method: String, uri: String, body: String, status: Int, issues: [String]) async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try await client.execute(uri: uri, method: HTTPRequest.Method(method)!, headers: .bearer(t.adminToken), body: ByteBuffer(string: body))
            #expect(response.status.code == status)
            let error = try errorBody(response)
            #expect(!error.message.isEmpty)
            for issue in issues { #expect(error.issues.contains(issue), "missing issue \(issue) in \(error.issues)") }
            let contacts = try json(try await client.execute(uri: "/api/v1/records/Contact", method: .get, headers: .bearer(t.adminToken)))
            #expect(contacts["totalSize"] as? Int == 0)
        }
    }

    @Test("a body over 1 MiB is refused with 413")
    func tooLarge() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let body = #"{"LastName": ""# + String(repeating: "x", count: 1_100_000) + #""}"#
            let response = try await client.execute(uri: "/api/v1/records/Contact", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: body))
            #expect(response.status == .contentTooLarge)
            #expect(try errorBody(response).message.contains("1 MiB"))
        }
    }

    @Test("a username clash answers 409")
    func conflict() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let response = try await client.execute(uri: "/api/v1/records/User", method: .post, headers: .bearer(t.adminToken),
                                                    body: ByteBuffer(string: #"{"Username": "AGENT", "Email": "a@example.com", "LastName": "A"}"#))
            #expect(response.status == .conflict)
            #expect(try errorBody(response).message == "another User already has Username 'agent'; Username must be unique")
        }
    }

    @Test("CSV import reports rows; export streams every record")
    func csv() async throws {
        let t = try await HTTPTestApp.make()
        try await t.test { client in
            let csv = "LastName,Company,Email\nOne,A,one@example.com\nTwo,,two@example.com\nThree,C,bad\n"
            let imported = try json(try await client.execute(uri: "/api/v1/records/Lead/import", method: .post, headers: [.authorization: "Bearer \(t.adminToken)", .contentType: "text/csv"], body: ByteBuffer(string: csv)))
            #expect(imported["created"] as? Int == 1 && imported["failed"] as? Int == 2)
            let issues = imported["issues"] as! [[String: Any]]
            #expect(issues.map { $0["line"] as! Int } == [3, 4] && issues.map { $0["field"] as! String } == ["Company", "Email"])

            let header = try await client.execute(uri: "/api/v1/records/Lead/import", method: .post, headers: .bearer(t.adminToken), body: ByteBuffer(string: "LastName,Compny\nA,B\n"))
            #expect(try header.status == .badRequest && (try errorBody(header)).issues == ["Compny: Lead has no field 'Compny'; fix the header or remove the column"])

            let agentImport = try await client.execute(uri: "/api/v1/records/Lead/import", method: .post, headers: .bearer(t.agentToken), body: ByteBuffer(string: csv))
            #expect(agentImport.status == .forbidden)

            let export = try await client.execute(uri: "/api/v1/records/Lead/export", method: .get, headers: .bearer(t.adminToken))
            let lines = String(buffer: export.body).split(separator: "\r\n")
            #expect(export.headers[.contentType]?.hasPrefix("text/csv") == true && lines.count == 2 && lines[0].hasPrefix("Id,CreatedDate,"))
        }
    }
}
