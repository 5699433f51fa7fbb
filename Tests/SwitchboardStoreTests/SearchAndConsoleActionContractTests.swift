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

    @Test("search matches name prefixes in any case and phone numbers whatever their punctuation", arguments: backends)
    func search(backend: Database.Backend) async throws {
        try await withDatabase(backend) { database in
        let repo = SQLRecordRepository(database: database)
        let ids = TimeOrderedIDGenerator(nowMillis: { 1_795_000_000_000 })
        let contact = StandardObjects.contact
        func person(_ first: String, _ last: String, _ phone: String, modified: Int64) -> Record {
            Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: [
                "FirstName": .text(first), "LastName": .text(last), "Name": .text("\(first) \(last)"), "MobilePhone": .text(phone),
                "LastModifiedDate": .dateTime(Instant(millisecondsSince1970: modified)),
            ])
        }
        let ada = person("Ada", "Lovelace", "(415) 555-0134", modified: 1)
        let alan = person("Alan", "Turing", "+44 20 7946 0018", modified: 2)
        let percent = person("100%", "Sure_Thing", "020 7946 0999", modified: 3)
        _ = try await repo.insert([ada, alan, percent])
        let text = ["Name", "FirstName", "LastName"].compactMap { contact.field(named: $0) }
        let phones = contact.phoneFields

        let byName = try await repo.search(contact, text: "LOVE", textFields: text, phoneDigits: nil, phoneFields: phones, limit: 10)
        #expect(byName.map(\.id) == [ada.id])
        let byFirst = try await repo.search(contact, text: "a", textFields: text, phoneDigits: nil, phoneFields: phones, limit: 10)
        #expect(byFirst.map(\.id) == [alan.id, ada.id], "most recently changed first")
        let wildcard = try await repo.search(contact, text: "100%", textFields: text, phoneDigits: nil, phoneFields: phones, limit: 10)
        #expect(wildcard.map(\.id) == [percent.id], "% and _ are literal")
        #expect(try await repo.search(contact, text: "Sure_", textFields: text, phoneDigits: nil, phoneFields: phones, limit: 10).map(\.id) == [percent.id])
        #expect(try await repo.search(contact, text: "Sure%", textFields: text, phoneDigits: nil, phoneFields: phones, limit: 10).isEmpty)
        let byPhone = try await repo.search(contact, text: nil, textFields: text, phoneDigits: "4155550134", phoneFields: phones, limit: 10)
        #expect(byPhone.map(\.id) == [ada.id])
        let uk = try await repo.search(contact, text: nil, textFields: text, phoneDigits: "2079460018", phoneFields: phones, limit: 10)
        #expect(uk.map(\.id) == [alan.id])
        #expect(try await repo.search(contact, text: nil, textFields: text, phoneDigits: nil, phoneFields: phones, limit: 10).isEmpty)
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
