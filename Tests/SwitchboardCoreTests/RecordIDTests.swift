import Testing
@testable import SwitchboardCore

@Suite("Record ids")
struct RecordIDTests {
    @Test("the 18-character form adds Salesforce's case checksum")
    func eighteen() throws {
        // A known pair from Salesforce's documentation of the algorithm.
        let id = try RecordID(parsing: "001A0000006Vm9r")
        #expect(id.eighteen == "001A0000006Vm9rIAC")
    }

    @Test("an 18-character id parses to the same record, even with its case folded")
    func caseRestored() throws {
        let id = try RecordID(parsing: "001A0000006Vm9r")
        #expect(try RecordID(parsing: "001A0000006Vm9rIAC") == id)
        #expect(try RecordID(parsing: "001a0000006vm9riac") == id)
        #expect(try RecordID(parsing: "001A0000006VM9RIAC") == id)
    }

    @Test("bad ids say why", arguments: [
        ("00Q1", "15 or 18 characters"), ("001A0000006Vm9r!", "15 or 18 characters"), ("001A0000006Vm9-", "only the letters"),
        ("001A0000006Vm9rZZZ", "checksum"),
    ])
    func invalid(text: String, reason: String) {
        #expect { try RecordID(parsing: text) } throws: { error in "\(error)".contains(reason) }
    }

    @Test("generated ids carry the key prefix, never repeat and sort by creation")
    func generated() {
        let generator = TimeOrderedIDGenerator(nowMillis: { 1_790_000_000_000 })
        let ids = (0..<10_000).map { _ in generator.makeID(keyPrefix: "003") }
        #expect(Set(ids).count == ids.count)
        #expect(ids == ids.sorted())
        #expect(ids.allSatisfy { $0.keyPrefix == "003" && $0.rawValue.count == 15 })
        #expect(ids.allSatisfy { (try? RecordID(parsing: $0.eighteen)) == $0 })
    }
}

@Suite("Instants")
struct InstantTests {
    @Test("format in Salesforce's REST form and parse back", arguments: [
        ("2026-11-21T09:30:00.000+0000", Int64(1_795_253_400_000)),
        ("1970-01-01T00:00:00.000+0000", 0),
        ("2000-02-29T23:59:59.999+0000", 951_868_799_999),
        ("1969-12-31T23:59:59.999+0000", -1),
    ])
    func roundTrip(text: String, millis: Int64) throws {
        let instant = try #require(Instant(iso8601: text))
        #expect(instant.millisecondsSince1970 == millis)
        #expect(instant.salesforceFormat == text)
    }

    @Test("parse the ISO 8601 forms softphones send", arguments: [
        ("2026-11-21T09:30:00Z", "2026-11-21T09:30:00.000+0000"),
        ("2026-11-21T10:30:00+01:00", "2026-11-21T09:30:00.000+0000"),
        ("2026-11-21T04:30:00.5-0500", "2026-11-21T09:30:00.500+0000"),
        ("2026-11-21 09:30", "2026-11-21T09:30:00.000+0000"),
        ("2026-11-21", "2026-11-21T00:00:00.000+0000"),
    ])
    func forms(text: String, expected: String) throws {
        #expect(try #require(Instant(iso8601: text)).salesforceFormat == expected)
    }

    @Test("refuse what is not a date", arguments: ["2026-13-01", "2026-02-30", "yesterday", "2026-11-21T25:00", "2026-11-21T09:30:00Zjunk"])
    func invalid(text: String) {
        #expect(Instant(iso8601: text) == nil)
    }
}
