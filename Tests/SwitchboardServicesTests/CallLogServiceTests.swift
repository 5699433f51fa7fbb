import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport

@Suite("Call records: saveLog linking, duplicates, wrap-up, calls from phone systems")
struct CallLogServiceTests {
    static let voiceCall = StandardObjects.voiceCall
    static let task = StandardObjects.task

    func all(_ s: TestServices, _ object: ObjectSchema) async throws -> [Record] {
        try await s.records.repository.scan(object, after: nil, limit: 1000)
    }

    @Test("a call Task saved with saveLog gets a VoiceCall linked to it, with the call's facts")
    func saveLogMakesVoiceCall() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let contact = try await s.records.create(StandardObjects.contact, [("LastName", .string("Lovelace"))], by: agent)
        s.clock.set(Instant(iso8601: "2026-11-20T10:00:00Z")!)
        let saved = try await s.openCTI.saveLog([
            ("entityApiName", .string("Task")), ("Subject", .string("Inbound call")), ("CallType", .string("Inbound")),
            ("CallDurationInSeconds", .integer(125)), ("CallObject", .string("pbx-77")), ("whoId", .string(contact.id.eighteen)),
            ("Phone", .string("+1 415 555 0134")), ("CallDisposition", .string("Resolved")),
        ], by: agent)
        let calls = try await all(s, Self.voiceCall)
        #expect(calls.count == 1)
        let call = try #require(calls.first)
        #expect(call["ActivityId"] == .id(saved.record.id))
        #expect(call["VendorCallKey"] == .text("pbx-77") && call["CallType"] == .text("Inbound"))
        #expect(call["RelatedRecordId"] == .id(contact.id) && call["UserId"] == .id(agent.userID))
        #expect(call["FromPhoneNumber"] == .text("+1 415 555 0134") && call["CallDisposition"] == .text("Resolved"))
        #expect(call["CallDurationInSeconds"] == .integer(125) && call["Outcome"] == .text("Answered"))
        #expect(call["CallEndDateTime"] == .dateTime(Instant(iso8601: "2026-11-20T10:00:00Z")!))
        #expect(call["CallConnectDateTime"] == .dateTime(Instant(iso8601: "2026-11-20T09:57:55Z")!))
        try await s.close()
    }

    @Test("logging the same call twice (same CallObject) updates the first Task; one VoiceCall", arguments: [false, true])
    func duplicateSaveLog(concurrently: Bool) async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let first: [(String, RawValue)] = [("entityApiName", .string("Task")), ("Subject", .string("Call")), ("CallType", .string("Inbound")), ("CallObject", .string("KEY-1"))]
        let second: [(String, RawValue)] = [("entityApiName", .string("Task")), ("Subject", .string("Call with notes")), ("CallType", .string("Inbound")),
                                            ("CallObject", .string("key-1")), ("Description", .string("Wants a callback"))]
        let ids: [RecordID]
        if concurrently {
            async let a = s.openCTI.saveLog(first, by: agent)
            async let b = s.openCTI.saveLog(second, by: agent)
            ids = [try await a.record.id, try await b.record.id]
        } else {
            ids = [try await s.openCTI.saveLog(first, by: agent).record.id, try await s.openCTI.saveLog(second, by: agent).record.id]
        }
        #expect(ids[0] == ids[1])
        let tasks = try await all(s, Self.task)
        #expect(tasks.count == 1)
        #expect(try await all(s, Self.voiceCall).count == 1)
        if !concurrently { #expect(tasks[0]["Subject"] == .text("Call with notes") && tasks[0]["Description"] == .text("Wants a callback")) }
        try await s.close()
    }

    @Test("a saveLog missing a required field, or with a bad value, writes neither Task nor VoiceCall")
    func refusedLogsWriteNothing() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        await #expect { _ = try await s.openCTI.saveLog([("entityApiName", .string("Contact")), ("FirstName", .string("Ada"))], by: agent) }
            throws: { ($0 as? RecordValidationError)?.issues.map(\.field) == ["LastName"] }
        await #expect { _ = try await s.openCTI.saveLog([("entityApiName", .string("Task")), ("CallType", .string("Inbound")), ("CallObject", .string("k-1")),
                                                          ("CallDurationInSeconds", .string("long"))], by: agent) }
            throws: { ($0 as? RecordValidationError)?.issues.map(\.field) == ["CallDurationInSeconds"] }
        await #expect { _ = try await s.openCTI.saveLog([("entityApiName", .string("Task")), ("CallType", .string("Inbound")), ("CallObject", .string("k-2")),
                                                          ("WhoId", .string("003000000000001AAA"))], by: agent) }
            throws: { $0 is RecordError }
        let (tasks, calls, contacts) = (try await all(s, Self.task), try await all(s, Self.voiceCall), try await all(s, StandardObjects.contact))
        #expect(tasks.isEmpty && calls.isEmpty && contacts.isEmpty)
        try await s.close()
    }

    @Test("a phone system's call is found by its vendor key: the softphone's log links to it instead of making another")
    func logLinksToRecordedCall() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let (call, created) = try await s.calls.recordCall([
            ("CallType", .string("Inbound")), ("VendorCallKey", .string("cx-9")), ("FromPhoneNumber", .string("+33 1 42 68 53 00")),
            ("CallQueuedDateTime", .string("2026-11-20T09:00:00Z")), ("CallConnectDateTime", .string("2026-11-20T09:00:30Z")),
            ("CallEndDateTime", .string("2026-11-20T09:05:30Z")), ("UserId", .string(agent.userID.eighteen)),
        ], by: s.system)
        #expect(created && call["CallDurationInSeconds"] == .integer(300) && call["WaitDurationInSeconds"] == .integer(30))
        let (again, createdAgain) = try await s.calls.recordCall([("VendorCallKey", .string("cx-9")), ("RecordingUrl", .string("https://pbx.example.com/rec/9"))], by: s.system)
        #expect(!createdAgain && again.id == call.id && again["RecordingUrl"] == .text("https://pbx.example.com/rec/9"))
        let log = try await s.openCTI.saveLog([("entityApiName", .string("Task")), ("CallType", .string("Inbound")), ("CallObject", .string("cx-9")),
                                               ("CallDurationInSeconds", .integer(999))], by: agent)
        let calls = try await all(s, Self.voiceCall)
        #expect(calls.count == 1)
        #expect(calls[0]["ActivityId"] == .id(log.record.id))
        // The phone system's times win over the softphone's duration.
        #expect(calls[0]["CallDurationInSeconds"] == .integer(300))
        try await s.close()
    }

    @Test("wrap-up: the disposition must be one of the call center's; notes and after-call work land on the call and a new linked Task")
    func wrapUp() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let other = try await s.user("other", role: .agent)
        let (center, _) = try await s.callCenters.importFile(try CallCenterSamples.bytes("lightning-basic.xml"), fileName: "lightning-basic.xml", by: s.system)
        _ = try await s.calls.setDispositions(callCenter: center.id.eighteen, ["Resolved", " Call back "], by: s.system)
        #expect(try await s.calls.dispositions(callCenter: center.definition.internalName) == ["Resolved", "Call back"])
        let contact = try await s.records.create(StandardObjects.contact, [("LastName", .string("Hopper"))], by: agent)
        let (call, _) = try await s.calls.recordCall([
            ("CallType", .string("Inbound")), ("FromPhoneNumber", .string("+14155550134")), ("CallCenterId", .string(center.id.eighteen)),
            ("UserId", .string(agent.userID.eighteen)), ("RelatedRecordId", .string(contact.id.eighteen)),
            ("CallConnectDateTime", .string("2026-11-20T09:00:00Z")), ("CallEndDateTime", .string("2026-11-20T09:02:00Z")),
        ], by: s.system)
        await #expect { _ = try await s.calls.wrapUp(callID: call.id.eighteen, .init(disposition: "Sold"), by: agent) }
            throws: { ($0 as? RecordValidationError)?.issues.first?.message.contains("Resolved, Call back") == true }
        await #expect { _ = try await s.calls.wrapUp(callID: call.id.eighteen, .init(disposition: "Resolved"), by: other) } throws: { $0 is AuthError }
        #expect(try await all(s, Self.task).isEmpty)
        let (wrapped, task) = try await s.calls.wrapUp(callID: call.id.eighteen, .init(disposition: "call back", notes: "Send the quote", afterCallWorkSeconds: 45), by: agent)
        #expect(wrapped["CallDisposition"] == .text("Call back") && wrapped["AfterCallWorkSeconds"] == .integer(45))
        #expect(wrapped["HandleTimeInSeconds"] == .integer(165) && wrapped["ActivityId"] == .id(task.id))
        #expect(task["Subject"] == .text("Inbound call from +14155550134") && task["WhoId"] == .id(contact.id))
        #expect(task["Description"] == .text("Send the quote") && task["Status"] == .text("Completed") && task["CallDurationInSeconds"] == .integer(120))
        // A second wrap-up edits the same Task.
        let (_, again) = try await s.calls.wrapUp(callID: call.id.eighteen, .init(notes: "Quote sent"), by: agent)
        #expect(again.id == task.id && again["Description"] == .text("Quote sent"))
        #expect(try await all(s, Self.task).count == 1)
        await #expect { _ = try await s.calls.setDispositions(callCenter: center.id.eighteen, ["A", "a", ""], by: s.system) }
            throws: { ($0 as? RecordValidationError)?.issues.map(\.field) == ["dispositions[1]", "dispositions[2]"] }
        #expect(try await s.calls.dispositions(callCenter: center.id.eighteen) == ["Resolved", "Call back"])
        try await s.close()
    }

    @Test("a record's timeline lists its calls and tasks, newest first, a call with its Task")
    func timeline() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let contact = try await s.records.create(StandardObjects.contact, [("LastName", .string("Curie"))], by: agent)
        s.clock.set(Instant(iso8601: "2026-11-19T10:00:00Z")!)
        let note = try await s.records.create(Self.task, [("Subject", .string("Send brochure")), ("WhoId", .string(contact.id.eighteen))], by: agent)
        s.clock.set(Instant(iso8601: "2026-11-20T10:00:00Z")!)
        let log = try await s.openCTI.saveLog([("entityApiName", .string("Task")), ("CallType", .string("Outbound")), ("WhoId", .string(contact.id.eighteen))], by: agent)
        let entries = try await s.calls.timeline(of: contact.id.eighteen, by: agent)
        #expect(entries.map(\.record.object.name) == ["VoiceCall", "Task", "Task"])
        #expect(entries[0].linkedID == log.record.id && entries[2].record.id == note.id)
        try await s.close()
    }
}
