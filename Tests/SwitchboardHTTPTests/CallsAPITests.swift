import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport

@Suite("Calls and reports over HTTP")
struct CallsAPITests {
    static func body(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(string: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
    }

    @Test("a phone system posts a call (201), posts it again by vendor key (200), and wraps it up with a disposition")
    func recordAndWrapUp() async throws {
        let t = try await HTTPTestApp.make()
        let (center, _) = try await t.services.callCenters.importFile(try CallCenterSamples.bytes("lightning-basic.xml"), fileName: "lightning-basic.xml", by: t.services.system)
        try await t.test { client in
            let admin = HTTPFields.bearer(t.adminToken), agent = HTTPFields.bearer(t.agentToken)
            let put = try await client.execute(uri: "/api/v1/callcenters/\(center.definition.internalName)/dispositions", method: .put, headers: admin,
                                               body: try Self.body(["dispositions": ["Resolved", "Call back"]]))
            #expect(put.status == .ok)
            let refused = try await client.execute(uri: "/api/v1/callcenters/\(center.id.eighteen)/dispositions", method: .put, headers: agent,
                                                   body: try Self.body(["dispositions": ["x"]]))
            #expect(refused.status == .forbidden)
            let listed = try json(try await client.execute(uri: "/api/v1/callcenters/\(center.id.eighteen)/dispositions", method: .get, headers: agent))
            #expect(listed["dispositions"] as? [String] == ["Resolved", "Call back"])

            let call: [String: Any] = ["CallType": "Inbound", "VendorCallKey": "pbx-1", "FromPhoneNumber": "+14155550134", "CallCenterId": center.id.eighteen,
                                       "CallConnectDateTime": "2026-11-20T09:00:00Z", "CallEndDateTime": "2026-11-20T09:03:00Z"]
            let created = try await client.execute(uri: "/api/v1/calls", method: .post, headers: agent, body: try Self.body(call))
            #expect(created.status == .created)
            let id = try #require(try json(created)["Id"] as? String)
            #expect(try json(created)["Outcome"] as? String == "Answered" && json(created)["CallDurationInSeconds"] as? Int == 180)
            let repeated = try await client.execute(uri: "/api/v1/calls", method: .post, headers: agent, body: try Self.body(["VendorCallKey": "pbx-1", "IsRecorded": true]))
            #expect(try repeated.status == .ok && (json(repeated)["Id"] as? String) == id)
            let bad = try await client.execute(uri: "/api/v1/calls/\(id)/wrapup", method: .post, headers: agent, body: try Self.body(["disposition": "Sold"]))
            #expect(try bad.status == .badRequest && (errorBody(bad).issues.first?.contains("Resolved, Call back") == true))
            let wrapped = try await client.execute(uri: "/api/v1/calls/\(id)/wrapup", method: .post, headers: agent,
                                                   body: try Self.body(["disposition": "Resolved", "notes": "All good", "afterCallWorkSeconds": 20]))
            #expect(wrapped.status == .ok)
            let answer = try json(wrapped)
            let task = try #require(answer["task"] as? [String: Any]), voiceCall = try #require(answer["call"] as? [String: Any])
            #expect(task["CallDisposition"] as? String == "Resolved" && task["Description"] as? String == "All good" && task["CallObject"] as? String == "pbx-1")
            #expect(voiceCall["ActivityId"] as? String == task["Id"] as? String && voiceCall["HandleTimeInSeconds"] as? Int == 200)
            let badBody = try await client.execute(uri: "/api/v1/calls/\(id)/wrapup", method: .post, headers: agent, body: ByteBuffer(string: "[1]"))
            #expect(try badBody.status == .badRequest && (errorBody(badBody).message.contains("disposition")))
        }
    }

    @Test("the report as JSON and CSV, the calls behind it, and who may see them")
    func reports() async throws {
        let t = try await HTTPTestApp.make()
        for (i, minute) in ["09:00", "09:20", "13:05"].enumerated() {
            _ = try await t.services.calls.recordCall([
                ("CallType", .string("Inbound")), ("QueueName", .string(i == 2 ? "Support" : "Sales")),
                ("CallQueuedDateTime", .string("2026-11-18T\(minute):00Z")),
                (i == 1 ? "DisconnectReason" : "CallConnectDateTime", .string(i == 1 ? "Abandoned" : "2026-11-18T\(minute):30Z")),
                ("CallEndDateTime", .string("2026-11-18T\(minute):59Z")),
            ], by: t.services.system)
        }
        try await t.test { client in
            let admin = HTTPFields.bearer(t.adminToken)
            let query = "from=2026-11-18&to=2026-11-18&timeZone=UTC"
            let report = try json(try await client.execute(uri: "/api/v1/reports/calls?\(query)", method: .get, headers: admin))
            let summary = try #require(report["summary"] as? [String: Any])
            #expect(summary["calls"] as? Int == 3 && summary["abandoned"] as? Int == 1 && summary["longestWaitSeconds"] as? Int == 59)
            let hours = try #require(report["byHour"] as? [[String: Any]])
            #expect(hours.count == 24 && hours[9]["calls"] as? Int == 2 && hours[13]["calls"] as? Int == 1)
            let csv = try await client.execute(uri: "/api/v1/reports/calls/export?breakdown=queue&\(query)", method: .get, headers: admin)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(buffer: csv.body).split(separator: "\r\n").map(String.init)
            #expect(lines.first?.hasPrefix("key,label,calls,answered,missed,abandoned") == true)
            #expect(lines.dropFirst().map { $0.split(separator: ",").prefix(6).joined(separator: ",") } == ["Sales,Sales,2,1,0,1", "Support,Support,1,1,0,0"])
            let records = String(buffer: try await client.execute(uri: "/api/v1/reports/calls/records?\(query)", method: .get, headers: admin).body)
            #expect(records.split(separator: "\r\n").count == 4 && records.hasPrefix("Id,CreatedDate"))
            let unknown = try await client.execute(uri: "/api/v1/reports/calls/export?breakdown=weekday", method: .get, headers: admin)
            #expect(unknown.status == .badRequest)
            let agent = try await client.execute(uri: "/api/v1/reports/calls", method: .get, headers: HTTPFields.bearer(t.agentToken))
            #expect(agent.status == .forbidden)
            let badRange = try await client.execute(uri: "/api/v1/reports/calls?from=2026-11-20&to=2026-11-01", method: .get, headers: admin)
            #expect(try badRange.status == .badRequest && (errorBody(badRange).issues == ["from: must be before to"]))
        }
    }
}
