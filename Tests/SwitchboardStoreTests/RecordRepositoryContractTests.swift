import Foundation
import Logging
import SQLKit
import Testing
import SwitchboardCore
import SwitchboardStore
import SwitchboardTestSupport

/// The same contract on SQLite and PostgreSQL: what one engine stores and returns, the other does too.
@Suite("Record repository contract")
struct RecordRepositoryContractTests {
    static let backends = TestDatabase.backends

    func withRepository(_ backend: Database.Backend, _ body: (SQLRecordRepository, TimeOrderedIDGenerator) async throws -> Void) async throws {
        let database = try await TestDatabase.make(backend)
        do {
            try await body(SQLRecordRepository(database: database), TimeOrderedIDGenerator(nowMillis: { 1_795_000_000_000 }))
        } catch {
            try await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }

    @Test("every field type round-trips exactly, instants to the millisecond", arguments: backends)
    func roundTrip(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            let account = Record(object: StandardObjects.account, id: ids.makeID(keyPrefix: "001"), values: [
                "Name": .text("Zoë & Co. — 東京"), "NumberOfEmployees": .integer(Int64.max), "AnnualRevenue": .double(1234.5678),
                "CreatedDate": .dateTime(Instant(millisecondsSince1970: 1_795_253_400_123)), "Phone": .text("+44 20 7946 0958"),
            ])
            let user = Record(object: StandardObjects.user, id: ids.makeID(keyPrefix: "005"), values: [
                "Username": .text("u"), "Email": .text("u@example.com"), "LastName": .text("U"), "IsActive": .boolean(false),
            ])
            let contact = Record(object: StandardObjects.contact, id: ids.makeID(keyPrefix: "003"), values: [
                "LastName": .text("Lovelace"), "AccountId": .id(account.id), "Birthdate": .date("1815-12-10"),
            ])
            _ = try await repo.insert([account])
            _ = try await repo.insert([user])
            _ = try await repo.insert([contact])
            let a = try #require(try await repo.find(StandardObjects.account, id: account.id))
            #expect(a["Name"] == .text("Zoë & Co. — 東京"))
            #expect(a["NumberOfEmployees"] == .integer(Int64.max))
            #expect(a["AnnualRevenue"] == .double(1234.5678))
            #expect(a["CreatedDate"] == .dateTime(Instant(millisecondsSince1970: 1_795_253_400_123)))
            #expect(a["Website"] == .null)
            #expect(try await repo.find(StandardObjects.user, id: user.id)?["IsActive"] == .boolean(false))
            let c = try #require(try await repo.find(StandardObjects.contact, id: contact.id))
            #expect(c["AccountId"] == .id(account.id) && c["Birthdate"] == .date("1815-12-10"))
        }
    }

    @Test("one record at a time, inserted and updated again and again with the same fields (the statement's text kept), each keeps its own values", arguments: backends)
    func repeatedShapes(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            var accounts: [Record] = []
            for n in 0..<5 {
                let account = Record(object: StandardObjects.account, id: ids.makeID(keyPrefix: "001"), values: [
                    "Name": .text("Account \(n)"), "NumberOfEmployees": n == 3 ? .null : .integer(Int64(n)), "Phone": .text("+1 415 555 010\(n)"),
                ])
                _ = try await repo.insert([account])
                accounts.append(account)
            }
            for round in 0..<2 {
                for (n, var account) in accounts.enumerated() {
                    account["Name"] = .text("Account \(n), round \(round)")
                    account["NumberOfEmployees"] = round == 1 && n == 2 ? .null : .integer(Int64(100 * round + n))
                    try await repo.update(account, fields: ["Name", "NumberOfEmployees"])
                }
            }
            for (n, account) in accounts.enumerated() {
                let stored = try #require(try await repo.find(StandardObjects.account, id: account.id))
                #expect(stored["Name"] == .text("Account \(n), round 1"))
                #expect(stored["NumberOfEmployees"] == (n == 2 ? .null : .integer(Int64(100 + n))))
                #expect(stored["Phone"] == .text("+1 415 555 010\(n)"))
            }
        }
    }

    @Test("a call's progress, every field set and text needing escapes, is read back exactly; the stored document is the one JSONEncoder writes", arguments: backends)
    func callProgressDocument(backend: Database.Backend) async throws {
        let database = try await TestDatabase.make(backend)
        defer { Task { try? await database.shutdown() } }
        let calls = SQLTelephonyCallRepository(database: database)
        let at = { (ms: Int64) in Instant(millisecondsSince1970: 1_795_000_000_000 + ms) }
        var full = try CallProgress(first: TelephonyEvent(id: "e-1", callKey: "Full \"quoted\" \\ key", kind: .offered, at: at(0), direction: "inbound",
                                                           from: "+1 415 555 0134\n\t\u{01}", to: "Zoë — 東京 /path"))
        full.phase = .held
        full.queue = "Support"
        full.agent = "0058S8QGqbe2lUmQGI"
        full.queuedAt = at(1); full.ringingAt = at(2); full.answeredAt = at(3); full.endedAt = at(9); full.holdStartedAt = at(4)
        full.holds = 2; full.longestHoldMilliseconds = 1_500; full.totalHoldMilliseconds = -0; full.transfers = 1
        full.recordingURL = "https://rec.example/a?b=1&c=\"d\""
        full.disconnectReason = "CustomerHangup"
        full.lastEventAt = at(9)
        full.eventIDs = ["e-1", "e-2 \u{7F}", ""]
        full.triedAgents = ["agent1", "agent2"]
        full.routingCallCenter = "04v8S8QGqbe2lUmQGI"
        full.connection = "sbt-1"
        full.otherAgents = []
        full.consultFor = "sip-abc"
        let minimal = try CallProgress(first: TelephonyEvent(id: "m-1", callKey: "minimal", kind: .ringing, at: at(0), agent: "agent1"))
        for progress in [full, minimal] {
            try await calls.save(progress, voiceCallID: RecordID(unchecked: "0LQ8S8QGqck65vkWGA"), callCenterID: nil, at: at(10))
            let read = try #require(try await calls.find(callKey: progress.callKey))
            #expect(read.progress == progress)
            let stored = try await database.withConnection { db in
                try await db.raw("SELECT progress FROM sb_telephony_call WHERE call_key = \(bind: progress.callKey.lowercased())").first()?.decode(column: "progress", as: String.self)
            }
            let ours = try JSONSerialization.jsonObject(with: Data(try #require(stored).utf8)) as? NSDictionary
            let foundations = try JSONSerialization.jsonObject(with: JSONEncoder().encode(progress)) as? NSDictionary
            #expect(ours != nil && ours == foundations)
        }
    }

    @Test("lists filter, sort and page the same way on both engines", arguments: backends)
    func listing(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            let names = ["smith", "Smith", "Smithers", "Adams", "Zhang", "Éclair", "ada"]
            let records = names.enumerated().map { i, name in
                Record(object: StandardObjects.contact, id: ids.makeID(keyPrefix: "003"), values: [
                    "LastName": .text(name), "Email": .text("\(i)@example.com"),
                    "CreatedDate": .dateTime(Instant(millisecondsSince1970: Int64(i) * 1000)),
                ] .merging(i == 3 ? ["Title": .text("CEO")] : [:]) { a, _ in a })
            }
            _ = try await repo.insert(records)
            let contact = StandardObjects.contact
            let last = contact.field(named: "LastName")!, created = contact.field(named: "CreatedDate")!, title = contact.field(named: "Title")!

            let sorted = try await repo.list(contact, query: RecordQuery(sort: [SortKey(field: last, descending: false)], limit: 50))
            #expect(sorted.records.map { $0["LastName"].textValue! } == ["Adams", "Smith", "Smithers", "Zhang", "ada", "smith", "Éclair"])  // code-point order on both

            let equal = try await repo.list(contact, query: RecordQuery(filters: [FieldFilter(field: last, op: .eq, value: .text("SMITH"))]))
            #expect(equal.totalSize == 2)  // text equality ignores case

            let prefix = try await repo.list(contact, query: RecordQuery(filters: [FieldFilter(field: last, op: .startsWith, value: .text("smith"))]))
            #expect(prefix.totalSize == 3)

            let recent = try await repo.list(contact, query: RecordQuery(filters: [FieldFilter(field: created, op: .gte, value: .dateTime(Instant(millisecondsSince1970: 5000)))]))
            #expect(Set(recent.records.map { $0["LastName"].textValue! }) == ["Éclair", "ada"])

            let notCEO = try await repo.list(contact, query: RecordQuery(filters: [FieldFilter(field: title, op: .ne, value: .text("CEO")), FieldFilter(field: last, op: .startsWith, value: .text("a"))]))
            #expect(notCEO.records.map { $0["LastName"].textValue! } == ["ada"])  // empty titles count as "not CEO"

            let page = try await repo.list(contact, query: RecordQuery(sort: [SortKey(field: created, descending: true)], limit: 3, offset: 3))
            #expect(page.totalSize == 7 && page.records.map { $0["LastName"].textValue! } == ["Adams", "Smithers", "Smith"])
        }
    }

    @Test("a unique field clashes ignoring case, and the whole insert is refused", arguments: backends)
    func unique(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            func user(_ name: String) -> Record {
                Record(object: StandardObjects.user, id: ids.makeID(keyPrefix: "005"), values: ["Username": .text(name), "Email": .text("x@example.com"), "LastName": .text("X")])
            }
            _ = try await repo.insert([user("Ada")])
            await #expect(throws: RecordError.duplicate(object: "User", field: "Username", value: "Ada")) {
                _ = try await repo.insert([user("grace"), user("ADA")])
            }
            #expect(try await repo.count(StandardObjects.user) == 1)  // "grace" was rolled back with the batch
        }
    }

    @Test("what another process writes is read at once: records by id and numbers in the phone index", arguments: backends)
    func anotherWriterIsSeenAtOnce(backend: Database.Backend) async throws {
        // The server reads while a CLI import or another node writes the same database. On SQLite
        // the reads go through connections of their own with statements kept prepared; neither
        // may serve what was true before the other side's commit.
        let url = try await TestDatabase.makeURL(backend)
        let reader = try Database(url: url, maxConnectionsPerEventLoop: 1, logger: Logger(label: "reader"))
        let writer = try Database(url: url, maxConnectionsPerEventLoop: 1, logger: Logger(label: "writer"))
        do { try await readsWhatTheOtherWrites(reader: reader, writer: writer) } catch {
            try await reader.shutdown()
            try await writer.shutdown()
            throw error
        }
        try await reader.shutdown()
        try await writer.shutdown()
    }

    private func readsWhatTheOtherWrites(reader: Database, writer: Database) async throws {
        try await Migrator(database: writer).run()
        let reads = SQLRecordRepository(database: reader), writes = SQLRecordRepository(database: writer)
        let ids = TimeOrderedIDGenerator(nowMillis: { 1_795_000_000_000 })
        let contact = StandardObjects.contact
        let dana = Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: ["LastName": .text("Whitfield"), "Phone": .text("(415) 555-0134")])
        #expect(try await reads.find(contact, id: dana.id) == nil)
        #expect(try await reads.phoneMatches(national: "4155550134", objects: [contact]).isEmpty)
        _ = try await writes.insert([dana])
        #expect(try await reads.find(contact, id: dana.id)?["LastName"] == .text("Whitfield"))
        #expect(try await reads.phoneMatches(national: "4155550134", objects: [contact]).map(\.id) == [dana.id])
        var moved = dana
        moved["Phone"] = .text("+1 212 555 0193")
        moved["LastName"] = .text("Whitfield-Ng")
        try await writes.update(moved, fields: ["Phone", "LastName"])
        #expect(try await reads.find(contact, id: dana.id)?["LastName"] == .text("Whitfield-Ng"))
        #expect(try await reads.phoneMatches(national: "4155550134", objects: [contact]).isEmpty)
        #expect(try await reads.phoneMatches(national: "2125550193", objects: [contact]).map(\.id) == [dana.id])
        #expect(try await writes.delete(contact, id: dana.id))
        #expect(try await reads.find(contact, id: dana.id) == nil)
        #expect(try await reads.phoneMatches(national: "2125550193", objects: [contact]).isEmpty)
    }

    @Test("writes in one transaction are read back inside it, stored together, and none of them kept when it fails", arguments: backends)
    func oneTransaction(backend: Database.Backend) async throws {
        let database = try await TestDatabase.make(backend)
        do { try await writesTogether(database) } catch {
            try await database.shutdown()
            throw error
        }
        try await database.shutdown()
    }

    private struct Refused: Error {}

    private func writesTogether(_ database: Database) async throws {
        let records = SQLRecordRepository(database: database), calls = SQLTelephonyCallRepository(database: database)
        let ids = TimeOrderedIDGenerator(nowMillis: { 1_795_000_000_000 })
        let contact = StandardObjects.contact
        @Sendable func call(_ key: String) throws -> CallProgress {
            try CallProgress(first: TelephonyEvent(id: "e-\(key)", callKey: key, kind: .offered, at: Instant(millisecondsSince1970: 1_795_000_000_000), direction: "inbound", from: "+14155550134"))
        }
        let kept = Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: ["LastName": .text("Kept"), "Phone": .text("(415) 555-0134")])
        try await records.inOneTransaction {
            _ = try await records.insert([kept])
            try await calls.save(try call("kept"), voiceCallID: kept.id, callCenterID: nil, at: Instant(millisecondsSince1970: 1_795_000_000_000))
            // Inside, its own writes are seen (on SQLite not through the committed-only direct reads).
            #expect(try await records.find(contact, id: kept.id)?["LastName"] == .text("Kept"))
            #expect(try await records.phoneMatches(national: "4155550134", objects: [contact]).map(\.id) == [kept.id])
        }
        #expect(try await records.find(contact, id: kept.id) != nil)
        #expect(try await calls.find(callKey: "kept") != nil)
        let lost = Record(object: contact, id: ids.makeID(keyPrefix: "003"), values: ["LastName": .text("Lost"), "Phone": .text("(415) 555-0135")])
        await #expect(throws: Refused.self) {
            try await records.inOneTransaction {
                _ = try await records.insert([lost])
                var renamed = kept
                renamed["LastName"] = .text("Renamed")
                try await records.update(renamed, fields: ["LastName"])
                try await calls.save(try call("lost"), voiceCallID: lost.id, callCenterID: nil, at: Instant(millisecondsSince1970: 1_795_000_000_000))
                throw Refused()
            }
        }
        #expect(try await records.find(contact, id: lost.id) == nil)
        #expect(try await calls.find(callKey: "lost") == nil)
        #expect(try await records.find(contact, id: kept.id)?["LastName"] == .text("Kept"))
        #expect(try await records.phoneMatches(national: "4155550135", objects: [contact]).isEmpty)
    }

    @Test("deleting a record clears lookups that pointed at it", arguments: backends)
    func deleteClearsLookups(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            let account = Record(object: StandardObjects.account, id: ids.makeID(keyPrefix: "001"), values: ["Name": .text("A")])
            let contact = Record(object: StandardObjects.contact, id: ids.makeID(keyPrefix: "003"), values: ["LastName": .text("C"), "AccountId": .id(account.id)])
            _ = try await repo.insert([account])
            _ = try await repo.insert([contact])
            #expect(try await repo.delete(StandardObjects.account, id: account.id))
            #expect(try await repo.find(StandardObjects.contact, id: contact.id)?["AccountId"] == .null)
            #expect(try await repo.delete(StandardObjects.account, id: account.id) == false)
        }
    }

    @Test("auto-numbers count up per object across inserts", arguments: backends)
    func autoNumbers(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            func call() -> Record { Record(object: StandardObjects.voiceCall, id: ids.makeID(keyPrefix: "0LQ"), values: ["CallType": .text("Inbound")]) }
            let first = try await repo.insert([call(), call()])
            let second = try await repo.insert([call()])
            #expect((first + second).map { $0["Name"].textValue! } == ["VC-00000001", "VC-00000002", "VC-00000003"])
            #expect(try await repo.find(StandardObjects.voiceCall, id: second[0].id)?["Name"] == .text("VC-00000003"))
        }
    }

    @Test("updates write only the named fields; scans walk every record once", arguments: backends)
    func updateAndScan(backend: Database.Backend) async throws {
        try await withRepository(backend) { repo, ids in
            let records = (0..<25).map { i in Record(object: StandardObjects.lead, id: ids.makeID(keyPrefix: "00Q"), values: ["LastName": .text("L\(i)"), "Company": .text("C")]) }
            _ = try await repo.insert(records)
            var changed = records[3]
            changed["Company"] = .text("New Co")
            changed["LastName"] = .text("not written")
            try await repo.update(changed, fields: ["Company"])
            let stored = try #require(try await repo.find(StandardObjects.lead, id: records[3].id))
            #expect(stored["Company"] == .text("New Co") && stored["LastName"] == .text("L3"))
            var seen: [RecordID] = []
            var after: RecordID? = nil
            while true {
                let page = try await repo.scan(StandardObjects.lead, after: after, limit: 10)
                guard let last = page.last else { break }
                seen += page.map(\.id)
                after = last.id
            }
            #expect(seen == records.map(\.id))
            #expect(try await repo.existingIDs(Set([records[0].id, RecordID(unchecked: "00Q000000000000"), RecordID(unchecked: "001000000000000")])) == [records[0].id])
        }
    }

    @Test("migrating twice changes nothing", arguments: backends)
    func migrationsIdempotent(backend: Database.Backend) async throws {
        let database = try await TestDatabase.make(backend)
        let again = try await Migrator(database: database).run()
        #expect(again.isEmpty)
        #expect(try await Migrator(database: database).pending().isEmpty)
        try await database.shutdown()
    }
}
