import Foundation
import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardStore
import SwitchboardTestSupport

/// Moving from Salesforce: a Data Loader export imported with its ids, then Task call logs
/// turned into VoiceCalls.
@Suite("Migrating from Salesforce")
struct SalesforceMigrationTests {
    static let backends = TestDatabase.backends
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/salesforce-export")

    static func files(replacing name: String? = nil, with text: String? = nil) throws -> [SalesforceExportImport.File] {
        try [("Task.csv", StandardObjects.task), ("Account.csv", StandardObjects.account), ("Lead.csv", StandardObjects.lead), ("Contact.csv", StandardObjects.contact)]
            .map { file, object in
                let bytes = file == name ? Array(text!.utf8) : Array(try Data(contentsOf: folder.appendingPathComponent(file)))
                return .init(object: object, name: file, bytes: bytes)
            }
    }

    func importer(_ s: TestServices) -> SalesforceExportImport { SalesforceExportImport(records: s.records, clock: s.clock) }

    @Test("the export keeps its ids, links, dates and history; other objects' links and unknown owners are reported", arguments: backends)
    func importExport(backend: Database.Backend) async throws {
        let s = try await TestServices.make(backend)
        let reports = try await importer(s).run(try Self.files(), by: s.system)
        #expect(reports.map(\.object) == ["Account", "Contact", "Lead", "Task"], "written in link order whatever the input order")
        #expect(reports.map(\.imported) == [2, 3, 1, 4])
        let account = try #require(try await s.records.repository.find(StandardObjects.account, id: RecordID(parsing: "0015g00000AbCdEAAV")))
        #expect(account["Name"] == .text("Acme Logistics") && account["CreatedDate"] == .dateTime(Instant(iso8601: "2019-03-04T10:11:12Z")!))
        #expect(account["OwnerId"] == .id(s.system.userID))
        let grace = try #require(try await s.records.repository.find(StandardObjects.contact, id: RecordID(parsing: "0035g00000AsDfG")))
        #expect(grace["AccountId"] == .id(account.id) && grace["Name"] == .text("Grace Hopper"))
        let task = try #require(try await s.records.repository.find(StandardObjects.task, id: RecordID(parsing: "00T5g00000TaSk2EAF")))
        #expect(task["WhoId"] == .id(grace.id) && task["WhatId"] == .null)
        let ada = try #require(try await s.records.repository.find(StandardObjects.task, id: RecordID(parsing: "00T5g00000TaSk1EAF")))
        #expect(ada["CompletedDateTime"] == .dateTime(Instant(iso8601: "2024-05-01T09:35:12Z")!) && ada["IsClosed"] == .boolean(true))
        #expect(reports[3].linksToOtherObjects == 1 && reports[0].ownersReplaced == 2)
        #expect(reports[0].ignoredColumns == ["ISDELETED", "MASTERRECORDID", "SYSTEMMODSTAMP", "REGION__C"])
        // The imported numbers are in the phone index at once.
        let hits = try await s.records.repository.phoneMatches(national: "4155550134", objects: [StandardObjects.contact])
        #expect(hits.map(\.id) == [try RecordID(parsing: "0035g00000QwErTAAV")])
        // Importing again changes nothing.
        let again = try await importer(s).run(try Self.files(), by: s.system)
        #expect(again.map(\.imported) == [0, 0, 0, 0] && again.map(\.alreadyThere) == [2, 3, 1, 4])
        #expect(try await s.records.repository.count(StandardObjects.contact) == 3)
        try await s.close()
    }

    @Test("one bad row or a link to nowhere refuses the whole export, naming file, line and field", arguments: backends)
    func allOrNothing(backend: Database.Backend) async throws {
        let s = try await TestServices.make(backend)
        let contacts = try String(contentsOf: Self.folder.appendingPathComponent("Contact.csv"), encoding: .utf8)
        let noLastName = contacts.replacingOccurrences(of: "\"Turing\"", with: "\"\"")
        await #expect { _ = try await importer(s).run(try Self.files(replacing: "Contact.csv", with: noLastName), by: s.system) } throws: { error in
            let issue = (error as? SalesforceExportImport.Refused)?.issues.first
            return issue?.file == "Contact.csv" && issue?.line == 4 && issue?.field == "LastName"
        }
        #expect(try await s.records.repository.count(StandardObjects.account) == 0)
        let dangling = contacts.replacingOccurrences(of: "0015g00000XyZ12AAF", with: "0015g00000Gone1AAF")
        await #expect { _ = try await importer(s).run(try Self.files(replacing: "Contact.csv", with: dangling), by: s.system) } throws: { error in
            (error as? SalesforceExportImport.Refused)?.issues.first?.message.contains("--clear-missing-links") == true
        }
        #expect(try await s.records.repository.count(StandardObjects.task) == 0)
        let reports = try await importer(s).run(try Self.files(replacing: "Contact.csv", with: dangling), clearMissingLinks: true, by: s.system)
        #expect(reports[1].missingLinksCleared == 1 && reports[1].imported == 3)
        try await s.close()
    }

    @Test("migrate-tasks makes one VoiceCall per call Task, and a run stopped part way is finished by running again")
    func migrateTasks() async throws {
        let s = try await TestServices.make()
        _ = try await importer(s).run(try Self.files(), by: s.system)
        let interrupted = TaskCallMigration(calls: s.calls, batchSize: 2)
        struct Stop: Error {}
        await #expect(throws: Stop.self) {
            _ = try await interrupted.run(by: s.system) { progress in if progress.tasksRead >= 2 { throw Stop() } }
        }
        #expect(try await s.records.repository.count(StandardObjects.voiceCall) == 2, "the first batch was kept")
        let finished = try await interrupted.run(by: s.system)
        #expect(finished.migrated == 1 && finished.alreadyLinked == 2 && finished.notCalls == 1)
        let again = try await TaskCallMigration(calls: s.calls).run(by: s.system)
        #expect(again.migrated == 0 && again.alreadyLinked == 3)
        let calls = try await s.records.repository.scan(StandardObjects.voiceCall, after: nil, limit: 10)
        #expect(calls.count == 3)
        let ada = try #require(calls.first { $0["ActivityId"] == .id(try! RecordID(parsing: "00T5g00000TaSk1EAF")) })
        #expect(ada["VendorCallKey"] == .text("CA-1001") && ada["CallDurationInSeconds"] == .integer(312) && ada["CallDisposition"] == .text("Resolved"))
        let adaContact = try RecordID(parsing: "0035g00000QwErT")
        #expect(ada["CallEndDateTime"] == .dateTime(Instant(iso8601: "2024-05-01T09:35:12Z")!) && ada["RelatedRecordId"] == .id(adaContact))
        let second = try #require(calls.first { $0["ActivityId"] == .id(try! RecordID(parsing: "00T5g00000TaSk4EAF")) })
        #expect(second["VendorCallKey"] == .null, "a second log of CA-1001 does not take the key twice")
        let outbound = try #require(calls.first { $0["CallType"] == .text("Outbound") })
        #expect(outbound["ToPhoneNumber"] == .null && outbound["Outcome"] == .text("Answered"))
        let agent = try await s.user("agent", role: .agent)
        await #expect { _ = try await TaskCallMigration(calls: s.calls).run(by: agent) } throws: { $0 is AuthError }
        try await s.close()
    }
}
