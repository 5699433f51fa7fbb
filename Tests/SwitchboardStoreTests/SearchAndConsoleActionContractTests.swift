import Foundation
import Testing
import SwitchboardCore
import SwitchboardStore
import SwitchboardTestSupport

/// Record search and console actions behave the same on SQLite and PostgreSQL.
@Suite("Search and console action contract")
struct SearchAndConsoleActionContractTests {
    static let backends = TestDatabase.backends

    func withDatabase(_ backend: Database.Backend, _ body: (Database) async throws -> Void) async throws {
        let database = try await TestDatabase.make(backend)
        do { try await body(database) } catch {
            try await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }

    /// A repository on a fresh database, with an id generator.
    func withRepository(_ backend: Database.Backend, _ body: (SQLRecordRepository, TimeOrderedIDGenerator) async throws -> Void) async throws {
        try await withDatabase(backend) { database in
            try await body(SQLRecordRepository(database: database), TimeOrderedIDGenerator(nowMillis: { 1_795_000_000_000 }))
        }
    }

    @Test("search matches name prefixes in any case, with % and _ taken literally", arguments: backends)
    func search(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            let contact = StandardObjects.contact
            func person(_ first: String, _ last: String, modified: Int64) -> Record {
                Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: [
                    "FirstName": .text(first), "LastName": .text(last), "Name": .text("\(first) \(last)"),
                    "LastModifiedDate": .dateTime(Instant(millisecondsSince1970: modified)),
                ])
            }
            let ada = person("Ada", "Lovelace", modified: 1)
            let alan = person("Alan", "Turing", modified: 2)
            let percent = person("100%", "Sure_Thing", modified: 3)
            _ = try await repo.insert([ada, alan, percent])
            let text = ["Name", "FirstName", "LastName"].compactMap { contact.field(named: $0) }
            #expect(try await repo.search(contact, text: "LOVE", textFields: text, limit: 10).map(\.id) == [ada.id])
            #expect(try await repo.search(contact, text: "a", textFields: text, limit: 10).map(\.id) == [alan.id, ada.id], "most recently changed first")
            #expect(try await repo.search(contact, text: "100%", textFields: text, limit: 10).map(\.id) == [percent.id])
            #expect(try await repo.search(contact, text: "Sure_", textFields: text, limit: 10).map(\.id) == [percent.id])
            #expect(try await repo.search(contact, text: "Sure%", textFields: text, limit: 10).isEmpty)
        }
    }

    @Test("names match without their accents, both ways, and follow updates and deletes", arguments: backends)
    func accents(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            let contact = StandardObjects.contact
            let text = ["Name", "FirstName", "LastName"].compactMap { contact.field(named: $0) }
            let zoe = Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: ["FirstName": .text("Zoë"), "LastName": .text("Ångström"), "Name": .text("Zoë Ångström")])
            let plain = Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: ["FirstName": .text("Zoe"), "LastName": .text("Smith"), "Name": .text("Zoe Smith")])
            _ = try await repo.insert([zoe, plain])
            #expect(Set(try await repo.search(contact, text: "zoe", textFields: text, limit: 10).map(\.id)) == [zoe.id, plain.id])
            #expect(Set(try await repo.search(contact, text: "ZOË", textFields: text, limit: 10).map(\.id)) == [zoe.id, plain.id])
            #expect(try await repo.search(contact, text: "angst", textFields: text, limit: 10).map(\.id) == [zoe.id])
            var renamed = zoe
            renamed["LastName"] = .text("Lindqvist")
            renamed["Name"] = .text("Zoë Lindqvist")
            try await repo.update(renamed, fields: ["LastName", "Name"])
            #expect(try await repo.search(contact, text: "angst", textFields: text, limit: 10).isEmpty)
            #expect(try await repo.search(contact, text: "zoe lind", textFields: text, limit: 10).map(\.id) == [zoe.id])
            #expect(try await repo.delete(contact, id: zoe.id))
            #expect(try await repo.search(contact, text: "zoe", textFields: text, limit: 10).map(\.id) == [plain.id])
        }
    }

    @Test("the phone index follows every create, update and delete, and finds numbers however they were stored", arguments: backends)
    func phoneIndex(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            let contact = StandardObjects.contact, account = StandardObjects.account
            let ada = Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: [
                "LastName": .text("Lovelace"), "Phone": .text("(415) 555-0134"), "MobilePhone": .text("+1 415 555 0134 x 22"),
            ])
            let alan = Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: ["LastName": .text("Turing"), "Phone": .text("020 7946 0018")])
            let globex = Record(object: account, id: ids.makeID(keyPrefix: "001"), values: ["Name": .text("Globex"), "Phone": .text("+44 20 7946 0018")])
            _ = try await repo.insert([ada, alan])
            _ = try await repo.insert([globex])

            let us = try await repo.phoneMatches(national: "4155550134", objects: [contact, account])
            #expect(Set(us.map(\.field)) == ["Phone", "MobilePhone"], "the extension does not stop the main number matching")
            #expect(us.allSatisfy { $0.id == ada.id && $0.e164 == "+14155550134" })
            let uk = try await repo.phoneMatches(national: "2079460018", objects: [contact, account])
            #expect(Set(uk.map(\.id)) == [alan.id, globex.id], "stored without a country code, it matches by national number")
            #expect(uk.first { $0.id == globex.id }?.e164 == "+442079460018")
            #expect(uk.first { $0.id == alan.id }?.e164 == nil)
            #expect(try await repo.phoneMatches(national: "2079460018", objects: [account]).map(\.id) == [globex.id], "only the objects asked for")

            var moved = ada
            moved["Phone"] = .text("+1 212 555 0199")
            try await repo.update(moved, fields: ["Phone"])
            #expect(try await repo.phoneMatches(national: "2125550199", objects: [contact]).map(\.field) == ["Phone"])
            #expect(try await repo.phoneMatches(national: "4155550134", objects: [contact]).map(\.field) == ["MobilePhone"], "fields not written keep their entries")
            #expect(try await repo.delete(contact, id: ada.id))
            #expect(try await repo.phoneMatches(national: "2125550199", objects: [contact]).isEmpty)
            #expect(try await repo.phoneMatches(national: "4155550134", objects: [contact]).isEmpty)
        }
    }

    @Test("a bulk load's records are findable once it finishes; one cut short is re-indexed at the next start", arguments: backends)
    func bulkLoad(backend: Database.Backend) async throws {
        try await withDatabase(backend) { database in
            let repo = SQLRecordRepository(database: database)
            try await repo.ensurePhoneIndex(country: "US")
            let ids = TimeOrderedIDGenerator(nowMillis: { 1_795_000_000_000 })
            let contact = StandardObjects.contact
            func person(_ phone: String) -> Record {
                Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: ["LastName": .text("Bulk"), "Phone": .text(phone)])
            }
            let load = try await repo.bulkLoad()
            let first = person("(415) 555-0101")
            _ = try await load.insert([first])
            try await load.finish()
            #expect(try await repo.phoneMatches(national: "4155550101", objects: [contact]).map(\.id) == [first.id])

            let cut = try await repo.bulkLoad()
            let second = person("(415) 555-0102")
            _ = try await cut.insert([second])  // the process "dies" here: no finish
            #expect(try await repo.phoneMatches(national: "4155550102", objects: [contact]).isEmpty)
            try await repo.ensurePhoneIndex(country: "US")
            #expect(try await repo.phoneMatches(national: "4155550102", objects: [contact]).map(\.id) == [second.id])
            #expect(try await repo.phoneMatches(national: "4155550101", objects: [contact]).map(\.id) == [first.id])
        }
    }

    @Test("the index is rebuilt for another default country, and left alone otherwise", arguments: backends)
    func rebuild(backend: Database.Backend) async throws {
        try await withDatabase(backend) { database in
            let us = SQLRecordRepository(database: database)
            let ids = TimeOrderedIDGenerator(nowMillis: { 1_795_000_000_000 })
            let alan = Record(object: StandardObjects.contact, id: ids.makeID(keyPrefix: "003"), values: ["LastName": .text("Turing"), "Phone": .text("020 7946 0018")])
            _ = try await us.insert([alan])
            try await us.ensurePhoneIndex(country: "US")
            #expect(try await us.phoneMatches(national: "2079460018", objects: [StandardObjects.contact]).first?.e164 == nil)
            let gb = SQLRecordRepository(database: database, phoneIndexing: try PhoneIndexing(defaultCountry: "GB"))
            let steps = ProgressLog()
            try await gb.ensurePhoneIndex(country: "GB") { steps.append($0) }
            #expect(try await gb.phoneMatches(national: "2079460018", objects: [StandardObjects.contact]).first?.e164 == "+442079460018")
            #expect(steps.lines.contains("search index: Contact 1/1"))
            let again = ProgressLog()
            try await gb.ensurePhoneIndex(country: "GB") { again.append($0) }
            #expect(again.lines.isEmpty)
        }
    }

    @Test("console actions are unique by kind and name in any case; replace and delete", arguments: backends)
    func consoleActions(backend: Database.Backend) async throws {
        try await withDatabase(backend) { database in
        let repo = SQLConsoleActionRepository(database: database)
        let at = Instant(millisecondsSince1970: 1_795_000_000_000)
        try await repo.save(ConsoleAction(kind: .apex, name: "Utils.lookup", target: "builtin:echo", createdAt: at))
        try await repo.save(ConsoleAction(kind: .flow, name: "Utils.lookup", target: "/x", createdAt: at))
        try await repo.save(ConsoleAction(kind: .apex, name: "UTILS.LOOKUP", target: "https://hooks.example/a", createdAt: at))
        let all = try await repo.all()
        #expect(all.map(\.kind) == [.apex, .flow])
        #expect(all[0].name == "UTILS.LOOKUP" && all[0].target == "https://hooks.example/a" && all[0].createdAt == at)
        #expect(try await repo.delete(kind: .apex, name: "utils.lookup"))
        #expect(try await repo.delete(kind: .apex, name: "utils.lookup") == false)
        #expect(try await repo.all().map(\.kind) == [.flow])
        }
    }
}

/// Collects progress lines from a @Sendable callback.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
