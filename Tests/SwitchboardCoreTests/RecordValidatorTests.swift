import Testing
@testable import SwitchboardCore

@Suite("Validating record input")
struct RecordValidatorTests {
    let contact = RecordValidator(object: StandardObjects.contact)

    @Test("field names match case-insensitively and take their canonical name")
    func caseInsensitive() throws {
        let checked = try contact.checkCreate([("lastname", .string("Smith")), ("MOBILEPHONE", .string("+1 415 555 0134"))]).get()
        #expect(checked.values["LastName"] == .text("Smith"))
        #expect(checked.values["MobilePhone"] == .text("+1 415 555 0134"))
    }

    @Test("every problem is listed at once, with the field and what to do")
    func allIssues() {
        let result = contact.checkCreate([
            ("Email", .string("not-an-email")), ("Birthdate", .string("2026-02-30")), ("Nope", .integer(1)),
            ("Title", .string(String(repeating: "x", count: 129))), ("Id", .string("003000000000001")),
        ])
        guard case .failure(let error) = result else { Issue.record("expected a failure"); return }
        let fields = Set(error.issues.map(\.field))
        #expect(fields == ["Email", "Birthdate", "Nope", "Title", "Id", "LastName"])
        #expect(error.issues.first { $0.field == "Title" }?.message == "is 129 characters long; the most is 128")
        #expect(error.issues.filter { $0.field == "LastName" }.count == 1)
    }

    @Test("types are converted from JSON and CSV text alike")
    func coercion() throws {
        let task = RecordValidator(object: StandardObjects.task)
        let checked = try task.checkCreate([
            ("CallDurationInSeconds", .string(" 42 ")), ("CallType", .string("inbound")), ("ActivityDate", .string("2026-11-21T10:00:00Z")),
            ("WhoId", .string("003A0000006Vm9rIAC")),
        ]).get()
        #expect(checked.values["CallDurationInSeconds"] == .integer(42))
        #expect(checked.values["CallType"] == .text("Inbound"))  // restricted picklists take the canonical spelling
        #expect(checked.values["ActivityDate"] == .date("2026-11-21"))
        #expect(checked.values["WhoId"] == .id(try RecordID(parsing: "003A0000006Vm9r")))
        #expect(checked.values["Status"] == .text("Not Started"))  // default
    }

    @Test("a lookup must name a record of an allowed object")
    func lookupTarget() {
        let task = RecordValidator(object: StandardObjects.task)
        guard case .failure(let error) = task.checkCreate([("WhoId", .string("001A0000006Vm9r"))]) else { Issue.record("expected a failure"); return }
        #expect(error.issues.first?.message.contains("is not the id of a Contact or Lead record") == true)
    }

    @Test("restricted picklists refuse other values and list the allowed ones")
    func restricted() {
        let task = RecordValidator(object: StandardObjects.task)
        guard case .failure(let error) = task.checkCreate([("CallType", .string("Sideways"))]) else { Issue.record("expected a failure"); return }
        #expect(error.issues.first?.message == "'Sideways' is not allowed; use one of: Inbound, Internal, Outbound")
    }

    @Test("saveLog's policy drops unknown and read-only fields as warnings")
    func ignorePolicy() throws {
        let checked = try contact.checkCreate([("LastName", .string("A")), ("Unknown__c", .string("x")), ("CreatedDate", .string("2026-01-01"))], extraFields: .ignore).get()
        #expect(checked.warnings.map(\.field) == ["Unknown__c", "CreatedDate"])
    }

    @Test("an update may not clear a required field")
    func updateRequired() throws {
        let existing = Record(object: StandardObjects.contact, id: RecordID(unchecked: "003A0000006Vm9r"), values: ["LastName": .text("A")])
        guard case .failure(let error) = contact.checkUpdate([("LastName", .null)], existing: existing) else { Issue.record("expected a failure"); return }
        #expect(error.issues.map(\.field) == ["LastName"])
    }

    @Test("derived fields: Name from first and last, a Task closes with its status")
    func derivation() {
        var task = Record(object: StandardObjects.task, id: RecordID(unchecked: "00TA0000006Vm9r"), values: ["Status": .text("Completed")])
        let now = Instant(millisecondsSince1970: 1000)
        RecordDerivation.apply(to: &task, previous: nil, now: now)
        #expect(task["IsClosed"] == .boolean(true))
        #expect(task["CompletedDateTime"] == .dateTime(now))
        var person = Record(object: StandardObjects.contact, id: RecordID(unchecked: "003A0000006Vm9r"), values: ["FirstName": .text(" Ada "), "LastName": .text("Lovelace")])
        RecordDerivation.apply(to: &person, previous: nil, now: now)
        #expect(person["Name"] == .text("Ada Lovelace"))
    }
}

@Suite("Names that ignore case")
struct CaseInsensitiveTests {
    @Test("ASCII and non-ASCII names compare ignoring case", arguments: [
        ("LastName", "lastname", true), ("LastName", "LastNamf", false), ("Équipe", "équipe", true), ("a@b", "A`b", false), ("Web", "web", true), ("Web", "Wen", false),
    ])
    func compare(a: String, b: String, equal: Bool) {
        #expect(a.caseInsensitiveEquals(b) == equal)
    }
}
