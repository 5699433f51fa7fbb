import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport

@Suite("Open CTI use cases")
struct OpenCTIServiceTests {
    @Test("saveLog creates with entityApiName and updates with Id; unknown and read-only fields are dropped and named")
    func saveLog() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let contact = try await s.records.create(StandardObjects.contact, [("LastName", .string("Lovelace"))], by: agent)
        let created = try await s.openCTI.saveLog([
            ("entityApiName", .string("Task")), ("subject", .string("Inbound call")), ("WhoId", .string(contact.id.eighteen)),
            ("Phone", .string("+1 415")), ("IsClosed", .boolean(true)), ("CallDurationInSeconds", .integer(42)),
        ], by: agent)
        #expect(created.created && created.record.id.keyPrefix == "00T")
        #expect(created.ignored.map(\.field) == ["Phone", "IsClosed"])
        #expect(created.record["Subject"] == .text("Inbound call") && created.record["OwnerId"] == .id(agent.userID))
        let updated = try await s.openCTI.saveLog([("Id", .string(created.record.id.rawValue)), ("CallDisposition", .string("Resolved"))], by: agent)
        #expect(!updated.created && updated.record.id == created.record.id && updated.record["CallDisposition"] == .text("Resolved"))
        #expect(updated.record["Subject"] == .text("Inbound call"))
        try await s.close()
    }

    @Test("a saveLog with a bad value or no object saves nothing and says what to send")
    func saveLogRefused() async throws {
        let s = try await TestServices.make()
        await #expect { _ = try await s.openCTI.saveLog([("entityApiName", .string("Task")), ("CallType", .string("Sideways")), ("Subject", .string("x"))], by: s.system) }
            throws: { ($0 as? RecordValidationError)?.issues.map(\.field) == ["CallType"] }
        await #expect { _ = try await s.openCTI.saveLog([("Subject", .string("x"))], by: s.system) }
            throws: { ($0 as? RecordValidationError)?.issues.first?.message.contains("entityApiName") == true }
        await #expect { _ = try await s.openCTI.saveLog([("entityApiName", .string("Widget"))], by: s.system) }
            throws: { ($0 as? RecordError) == .unknownObject("Widget") }
        #expect(try await s.records.repository.count(StandardObjects.task) == 0)
        try await s.close()
    }

    @Test("searchAndScreenPop: the layout's objects, one match pops it, none opens a new Contact with the E.164 number, several the search page")
    func searchAndScreenPop() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let account = try await s.records.create(StandardObjects.account, [("Name", .string("Globex")), ("Phone", .string("(415) 555-0134"))], by: agent)
        _ = try await s.records.create(StandardObjects.task, [("Subject", .string("Globex call"))], by: agent)
        let single = try await s.openCTI.searchAndScreenPop("+1 415-555-0134", callType: nil, defaultFieldValues: nil, by: agent)
        #expect(single.callType == .inbound && single.layoutName == "Default")
        #expect(single.matches.map(\.record.id) == [account.id] && single.matches[0].layoutObject?.object == "Account")
        #expect(single.matches[0].reason == MatchReason(query: "+14155550134", field: "Phone", rule: .exactE164, rank: 1))
        #expect(single.target == .record(account.id))
        let none = try await s.openCTI.searchAndScreenPop("+1 212 555 0199", callType: "INBOUND", defaultFieldValues: nil, by: agent)
        #expect(none.matches.isEmpty && none.target == .newRecord(object: "Contact", defaultFieldValues: ["Phone": "+12125550199"]))
        let contact = try await s.records.create(StandardObjects.contact, [("LastName", .string("Scorpio")), ("MobilePhone", .string("415.555.0134 ext. 9"))], by: agent)
        let several = try await s.openCTI.searchAndScreenPop("4155550134", callType: "inbound", defaultFieldValues: nil, by: agent)
        #expect(Set(several.matches.map(\.record.id)) == [account.id, contact.id], "a record saved a moment ago is found at once")
        #expect(several.matches.map(\.reason.rank) == [1, 2])
        #expect(several.target == .search("+14155550134"))
        let outbound = try await s.openCTI.searchAndScreenPop("Globex", callType: "outbound", defaultFieldValues: nil, by: agent)
        #expect(outbound.matches.count == 1 && outbound.target == nil)
        #expect(outbound.matches[0].reason.rule == .name && outbound.matches[0].reason.field == "Name")
        await #expect { _ = try await s.openCTI.searchAndScreenPop("x", callType: "sideways", defaultFieldValues: nil, by: agent) }
            throws: { ($0 as? RecordValidationError)?.issues.first?.field == "callType" }
        try await s.close()
    }

    @Test("numbers imported from CSV are found by the next call")
    func importedNumbers() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        var importer = try CSVImport(service: s.records, object: StandardObjects.contact, principal: s.system, batchSize: 2)
        try await importer.feed(Array("LastName,Phone\nOne,(415) 555-0111\nTwo,+44 20 7946 0222\nThree,020 7946 0333\n".utf8))
        _ = try await importer.finish()
        for (number, name) in [("+14155550111", "One"), ("+442079460222", "Two"), ("+442079460333", "Three")] {
            let found = try await s.openCTI.searchAndScreenPop(number, callType: nil, defaultFieldValues: nil, by: agent)
            #expect(found.matches.map { $0.record["LastName"] } == [.text(name)], "\(number)")
        }
        try await s.close()
    }

    @Test("a withheld, empty or garbled caller id pops the NoMatch action rather than nothing")
    func withheldCallerID() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        for callerID in ["anonymous", "", "Restricted", "12", "+1 415 !!"] {
            let result = try await s.openCTI.searchAndScreenPop(callerID, callType: "inbound", defaultFieldValues: ["Description": "withheld"], by: agent)
            guard case .none = result.query else {
                Issue.record("'\(callerID)' read as \(result.query)")
                continue
            }
            #expect(result.matches.isEmpty && result.target == .newRecord(object: "Contact", defaultFieldValues: ["Description": "withheld"]), "\(callerID)")
        }
        try await s.close()
    }

    @Test("internal calls search Users; emails match by the Email field")
    func internalAndEmail() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let colleague = try await s.user("colleague", role: .agent)
        _ = try await s.records.update(StandardObjects.user, id: colleague.userID.eighteen, [("Phone", .string("+1 415 555 0100"))], by: s.system)
        let internalCall = try await s.openCTI.searchAndScreenPop("+14155550100", callType: "internal", defaultFieldValues: nil, by: agent)
        #expect(internalCall.matches.map(\.record.id) == [colleague.userID] && internalCall.matches[0].reason.rule == .exactE164)
        _ = try await s.records.create(StandardObjects.contact, [("LastName", .string("Doe")), ("Email", .string("jane.doe@example.com"))], by: agent)
        let byEmail = try await s.openCTI.searchAndScreenPop("Jane.Doe@", callType: "inbound", defaultFieldValues: nil, by: agent)
        #expect(byEmail.matches.first?.reason.rule == .email && byEmail.matches.first?.reason.field == "Email")
        try await s.close()
    }

    @Test("the softphone: the user's call center, or why there is none")
    func softphone() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        #expect(try await s.openCTI.softphone(for: agent).reason?.contains("not in a call center") == true)
        let (center, _) = try await s.callCenters.importFile(try CallCenterSamples.bytes("lightning-basic.xml"), fileName: "lightning-basic.xml", by: s.system)
        _ = try await s.callCenters.assign([(line: 1, key: "agent")], to: center.id.eighteen, move: false, by: s.system)
        let softphone = try await s.openCTI.softphone(for: agent)
        #expect(softphone.callCenter?.id == center.id && softphone.reason == nil)
        try await s.close()
    }

    @Test("console actions: admins register valid ones; runApex runs built-ins and names unknown classes as Salesforce does")
    func consoleActions() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let admin = try await s.user("admin", role: .admin)
        await #expect { _ = try await s.consoleActions.register(kind: .apex, name: "Utils.echo", target: "builtin:echo", by: agent) }
            throws: { if case AuthError.forbidden = $0 { true } else { false } }
        await #expect { _ = try await s.consoleActions.register(kind: .apex, name: "echo", target: "ftp://x", by: admin) }
            throws: { ($0 as? ConsoleActionError).map { if case .invalid(let p) = $0 { p.count == 2 } else { false } } ?? false }
        _ = try await s.consoleActions.register(kind: .apex, name: "Utils.echo", target: "builtin:echo", by: admin)
        _ = try await s.consoleActions.register(kind: .apex, name: "Utils.me", target: "builtin:currentUser", by: admin)
        _ = try await s.consoleActions.register(kind: .apex, name: "Utils.remote", target: "https://hooks.invalid/x", by: admin)
        #expect(try await s.consoleActions.runApex(apexClass: "utils", methodName: "ECHO", methodParams: "a=1", by: agent) == .string("a=1"))
        guard case .json(let me) = try await s.consoleActions.runApex(apexClass: "Utils", methodName: "me", methodParams: "", by: agent) else {
            Issue.record("currentUser answers JSON")
            return
        }
        #expect(me.contains("\"Username\":\"agent\""))
        await #expect { _ = try await s.consoleActions.runApex(apexClass: "Nope", methodName: "go", methodParams: "", by: agent) }
            throws: { ($0 as? ConsoleActionError)?.description == "Could not load Apex class: Nope" }
        await #expect { _ = try await s.consoleActions.runApex(apexClass: "Utils", methodName: "remote", methodParams: "", by: agent) }
            throws: { ($0 as? ConsoleActionError)?.description.contains("could not be reached") == true }
        _ = try await s.consoleActions.register(kind: .flow, name: "Create_Case", target: "/lightning/o/Case/new", by: admin)
        #expect(try await s.consoleActions.flowURL("create_case", arguments: [("Subject", "Help me")]) == "/lightning/o/Case/new?Subject=Help%20me")
        try await s.close()
    }

    @Test("methodParams parse like a query string")
    func queryParsing() {
        let pairs = ConsoleActionService.parseQuery("phone=%2B1%20415&name=Ada+Lovelace&flag&=x")
        #expect(pairs.map(\.0) == ["phone", "name", "flag"])
        #expect(pairs.map(\.1) == ["+1 415", "Ada Lovelace", ""])
    }
}
