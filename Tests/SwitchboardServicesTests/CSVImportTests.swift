import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport

@Suite("CSV import and export")
struct CSVImportTests {
    func run(_ s: TestServices, _ object: ObjectSchema, _ text: String, batchSize: Int = 1000) async throws -> CSVImport.Report {
        var job = try CSVImport(service: s.records, object: object, principal: s.system, batchSize: batchSize)
        // Feed in small pieces, as a network upload arrives.
        let bytes = Array(text.utf8)
        for start in stride(from: 0, to: bytes.count, by: 17) { try await job.feed(bytes[start..<min(bytes.count, start + 17)]) }
        return try await job.finish()
    }

    @Test("valid rows are committed; each bad row is reported with its line, field and reason")
    func perRowReport() async throws {
        let s = try await TestServices.make()
        let report = try await run(s, StandardObjects.contact, """
            firstname,LastName,Email,Birthdate,AccountId
            Ada,Lovelace,ada@example.com,1815-12-10,
            Bad,,nope,,
            "Grace, Admiral",Hopper,grace@example.com,,
            Ghost,Account,g@example.com,,001A0000006Vm9r
            Short,Row

            """, batchSize: 2)
        #expect(report.rowsRead == 5 && report.created == 2 && report.failed == 3)
        #expect(report.issues.map(\.line) == [3, 3, 6, 5])
        #expect(report.issues.map(\.field) == ["Email", "LastName", nil, "AccountId"])
        #expect(try await s.records.repository.count(StandardObjects.contact) == 2)
        try await s.close()
    }

    @Test("a wrong header imports nothing and names every bad column")
    func badHeader() async throws {
        let s = try await TestServices.make()
        await #expect { _ = try await run(s, StandardObjects.contact, "LastName,Emial,LastName,\nA,b,c,d\n") } throws: { error in
            guard case CSVImportError.header(let issues) = error else { return false }
            return issues.map(\.field) == ["Emial", "LastName", "column 4"]
        }
        #expect(try await s.records.repository.count(StandardObjects.contact) == 0)
        try await s.close()
    }

    @Test("duplicates inside a batch fail only their own row")
    func duplicateRows() async throws {
        let s = try await TestServices.make()
        let report = try await run(s, StandardObjects.user, "Username,Email,LastName\nann,a@example.com,A\nbob,b@example.com,B\nANN,c@example.com,C\n")
        #expect(report.created == 2 && report.issues.map(\.line) == [4])
        try await s.close()
    }

    @Test("an export imports back to the same records")
    func roundTrip() async throws {
        let s = try await TestServices.make()
        _ = try await s.records.createMany(StandardObjects.lead, (0..<30).map { i in
            [("LastName", .string("Lead \(i)")), ("Company", .string("Co, \"\(i)\"")), ("Description", .string("line one\nline two"))]
        }, by: s.system)
        var csv = ""
        let exported = try await CSVExport(service: s.records, object: StandardObjects.lead, principal: s.system, pageSize: 7).run { csv += $0 }
        #expect(exported == 30)
        let copy = try await TestServices.make()
        let report = try await run(copy, StandardObjects.lead, csv)
        #expect(report.created == 30 && report.ignoredColumns.contains("Id") && report.issues.isEmpty)
        let originals = try await s.records.list(StandardObjects.lead, RecordQuery(sort: [SortKey(field: StandardObjects.lead.field(named: "LastName")!, descending: false)]), by: s.system)
        let copies = try await copy.records.list(StandardObjects.lead, RecordQuery(sort: [SortKey(field: StandardObjects.lead.field(named: "LastName")!, descending: false)]), by: copy.system)
        for field in ["LastName", "Company", "Description", "Status"] {
            #expect(originals.records.map { $0[field] } == copies.records.map { $0[field] })
        }
        try await s.close()
        try await copy.close()
    }

    @Test("agents may not import; supervisors may export")
    func permissions() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let supervisor = try await s.user("sup", role: .supervisor)
        #expect(throws: AuthError.self) { _ = try CSVImport(service: s.records, object: StandardObjects.contact, principal: agent) }
        #expect(throws: Never.self) { _ = try CSVExport(service: s.records, object: StandardObjects.contact, principal: supervisor) }
        try await s.close()
    }
}
