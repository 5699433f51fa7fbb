import Foundation
import SwitchboardCore
import SwitchboardServices

/// The demo org: five users, about 2,000 Accounts, Contacts and Leads with realistic names and
/// phone numbers written the many ways people write them, in nine countries, plus a few Cases and
/// call Tasks. Generated from a fixed seed, so every demo is the same.
enum DemoData {
    struct DemoUser { let username: String; let first: String; let last: String; let role: Role }

    static let password = "switchboard-demo"
    static let users = [
        DemoUser(username: "admin", first: "Ada", last: "Admin", role: .admin),
        DemoUser(username: "supervisor", first: "Sam", last: "Supervisor", role: .supervisor),
        DemoUser(username: "agent1", first: "Alex", last: "Rivera", role: .agent),
        DemoUser(username: "agent2", first: "Priya", last: "Natarajan", role: .agent),
        DemoUser(username: "agent3", first: "Jonas", last: "Becker", role: .agent),
    ]
    static let accountCount = 400, contactCount = 1000, leadCount = 600, caseCount = 25, taskCount = 40

    /// Seeds an empty database; returns false (and changes nothing) when the demo admin exists.
    static func seedIfEmpty(_ app: Switchboard, status: (String) -> Void) async throws -> Bool {
        let username = StandardObjects.user.field(named: "Username")!
        let existing = try await app.records.list(StandardObjects.user, RecordQuery(filters: [FieldFilter(field: username, op: .eq, value: .text("admin"))], limit: 1), by: app.system)
        if !existing.records.isEmpty { return false }
        status("Creating demo data…")
        var userIDs: [RecordID] = []
        for u in users {
            let user = try await app.auth.createUser(username: u.username, email: "\(u.username)@demo.switchboard.invalid", firstName: u.first, lastName: u.last, role: u.role, password: password, by: app.system)
            userIDs.append(user.id)
        }
        var rng = SplitMix64(seed: 20_280_228)
        let agentIDs = Array(userIDs[2...])

        let accounts = try await app.records.createMany(StandardObjects.account, (0..<accountCount).map { i in
            let country = Country.all[i % Country.all.count]
            return [("Name", .string(companyName(&rng, country: country, index: i))), ("Phone", .string(country.phone(&rng))),
                    ("BillingCity", .string(country.cities.randomElement(using: &rng)!)), ("BillingCountry", .string(country.name)),
                    ("Industry", .string(industries.randomElement(using: &rng)!)), ("Type", .string(["Customer - Direct", "Prospect", "Partner"].randomElement(using: &rng)!)),
                    ("Website", .string("https://www.example.com/\(i)")), ("OwnerId", .string(agentIDs[i % agentIDs.count].eighteen))]
        }, by: app.system)
        status("  \(accounts.count) Accounts")

        var contactInputs: [[(String, RawValue)]] = []
        for i in 0..<contactCount {
            let account = accounts[i % accounts.count]
            let country = Country.all[(i % accounts.count) % Country.all.count]
            let (first, last) = country.person(&rng)
            var input: [(String, RawValue)] = [
                ("FirstName", .string(first)), ("LastName", .string(last)), ("AccountId", .string(account.id.eighteen)),
                ("Email", .string("\(ascii(first)).\(ascii(last))\(i)@example.com".lowercased())), ("Phone", .string(country.phone(&rng))),
                ("Title", .string(titles.randomElement(using: &rng)!)), ("MailingCountry", .string(country.name)),
                ("OwnerId", .string(agentIDs[i % agentIDs.count].eighteen)),
            ]
            if rng.next() % 3 != 0 { input.append(("MobilePhone", .string(country.mobile(&rng)))) }
            contactInputs.append(input)
        }
        // The caller of the README's `calls simulate` example, so the demo's first call pops someone.
        let caller: [(String, RawValue)] = [("FirstName", .string("Dana")), ("LastName", .string("Whitfield")), ("Phone", .string(demoCaller)),
                                            ("Title", .string("Office manager")), ("Email", .string("dana.whitfield@example.com"))]
        let contacts = try await app.records.createMany(StandardObjects.contact, contactInputs + [caller], by: app.system)
        status("  \(contacts.count) Contacts")

        let leads = try await app.records.createMany(StandardObjects.lead, (0..<leadCount).map { i in
            let country = Country.all[(i * 7) % Country.all.count]
            let (first, last) = country.person(&rng)
            return [("FirstName", .string(first)), ("LastName", .string(last)), ("Company", .string(companyName(&rng, country: country, index: 1000 + i))),
                    ("Phone", .string(country.phone(&rng))), ("Email", .string("\(ascii(first)).\(ascii(last))@example.org".lowercased())),
                    ("Status", .string(["Open - Not Contacted", "Working - Contacted", "Closed - Not Converted"].randomElement(using: &rng)!)),
                    ("LeadSource", .string(["Web", "Phone Inquiry", "Partner Referral"].randomElement(using: &rng)!)), ("Country", .string(country.name)),
                    ("OwnerId", .string(agentIDs[i % agentIDs.count].eighteen))]
        }, by: app.system)
        status("  \(leads.count) Leads")

        let cases = try await app.records.createMany(StandardObjects.caseObject, (0..<caseCount).map { i in
            let contact = contacts[(i * 37) % contacts.count]
            return [("Subject", .string(caseSubjects[i % caseSubjects.count])), ("ContactId", .string(contact.id.eighteen)),
                    ("AccountId", .string(contact["AccountId"].exportText)), ("Origin", .string("Phone")),
                    ("Status", .string(["New", "Working", "Escalated", "Closed"][i % 4])), ("Priority", .string(["High", "Medium", "Low"][i % 3]))]
        }, by: app.system)
        status("  \(cases.count) Cases")

        let tasks = try await app.records.createMany(StandardObjects.task, (0..<taskCount).map { i in
            let contact = contacts[(i * 53) % contacts.count]
            let type = ["Inbound", "Outbound"][i % 2]
            return [("Subject", .string("\(type) call")), ("Status", .string("Completed")), ("Type", .string("Call")), ("TaskSubtype", .string("Call")),
                    ("CallType", .string(type)), ("CallDurationInSeconds", .integer(Int64(30 + rng.next() % 900))),
                    ("CallDisposition", .string(["Resolved", "Left voicemail", "Follow-up needed", "Wrong number"][i % 4])),
                    ("CallObject", .string("demo-call-\(i + 1)")), ("WhoId", .string(contact.id.eighteen)),
                    ("WhatId", .string(contact["AccountId"].exportText)), ("OwnerId", .string(agentIDs[i % agentIDs.count].eighteen)),
                    ("ActivityDate", .string("2026-11-\(String(format: "%02d", 1 + i % 20))")),
                    ("Description", .string("Demo call log \(i + 1).")),
            ]
        }, by: app.system)
        status("  \(tasks.count) call Tasks")

        let (callCenter, _) = try await app.callCenters.importFile(Array(callCenterDefinition.utf8), fileName: nil, by: app.system)
        let report = try await app.callCenters.assign(users.filter { $0.role == .agent }.enumerated().map { ($0.offset + 1, $0.element.username) },
                                                      to: callCenter.definition.internalName, move: false, by: app.system)
        status("  call center \(callCenter.definition.displayName) with \(report.applied) agents")
        _ = try await app.calls.setDispositions(callCenter: callCenter.id.eighteen, dispositions, by: app.system)
        // Calls to the demo DNIS ring the available agent idle longest; the agents start Available.
        _ = try await app.callCenters.update(callCenter.id.eighteen, [], dnisNumbers: [demoDNIS], by: app.system)
        // agent1 starts Available (so the first simulated call rings whoever tries the demo as agent1); the others sign in first.
        for (user, id) in zip(users, userIDs) where user.username == "agent1" {
            _ = try await app.presence.choose(.available, reason: nil, by: Principal(userID: id, username: user.username, role: .agent, kind: .system))
        }
        let migrated = try await TaskCallMigration(calls: app.calls).run(by: app.system)
        let calls = try await app.records.createMany(StandardObjects.voiceCall, callHistory(
            &rng, now: SystemWallClock().now(), agents: agentIDs, contacts: contacts, callCenter: callCenter.id), by: app.system)
        status("  DNIS \(demoDNIS); agent1 Available")
        status("  \(migrated.migrated + calls.count) VoiceCalls (\(migrated.migrated) from the call Tasks), dispositions \(dispositions.joined(separator: ", "))")
        return true
    }

    static let dispositions = ["Resolved", "Left voicemail", "Follow-up needed", "Wrong number"]
    /// The demo call center's number: `switchboard calls simulate --to` it.
    static let demoDNIS = "+18005550100"
    /// Dana Whitfield's number: the README's simulated call comes from it.
    static let demoCaller = "+1 (415) 555-0134"

    /// Two weeks of calls before `now` for the reports: busiest mid-morning and mid-afternoon
    /// (UTC), mostly answered, some missed and abandoned, across three queues.
    static func callHistory(_ rng: inout SplitMix64, now: Instant, agents: [RecordID], contacts: [Record], callCenter: RecordID) -> [[(String, RawValue)]] {
        let hourWeights = [0, 0, 0, 0, 0, 0, 1, 3, 8, 12, 14, 12, 9, 10, 13, 12, 9, 6, 3, 1, 1, 0, 0, 0]
        let today = now.millisecondsSince1970 / 86_400_000 * 86_400_000
        var calls: [[(String, RawValue)]] = []
        for day in 1...14 {
            let dayStart = today - Int64(day) * 86_400_000
            let weekend = (dayStart / 86_400_000 + 3) % 7 >= 5  // 1970-01-01 was a Thursday (Monday = 0)
            let perDay = weekend ? 25 : 120
            for i in 0..<perDay {
                var pick = Int(rng.next() % UInt64(hourWeights.reduce(0, +)))
                var hour = 0
                while pick >= hourWeights[hour] { pick -= hourWeights[hour]; hour += 1 }
                let queued = Instant(millisecondsSince1970: dayStart + Int64(hour) * 3_600_000 + Int64(rng.next() % 3_600_000))
                let wait = Int64(5 + rng.next() % 90) * 1000
                let roll = rng.next() % 100
                let contact = contacts[Int(rng.next() % UInt64(contacts.count))]
                let outbound = i % 5 == 0
                var call: [(String, RawValue)] = [
                    ("CallType", .string(outbound ? "Outbound" : "Inbound")), ("QueueName", .string(["Sales", "Support", "Support", "Billing"][i % 4])),
                    ("CallCenterId", .string(callCenter.eighteen)), ("VendorType", .string("ContactCenter")),
                    ("VendorCallKey", .string("demo-history-\(day)-\(i)")),
                    (outbound ? "ToPhoneNumber" : "FromPhoneNumber", .string(contact["Phone"].exportText)),
                    ("CallStartDateTime", .string(queued.salesforceFormat)),
                ]
                if !outbound { call.append(("CallQueuedDateTime", .string(queued.salesforceFormat))) }
                let agent = agents[Int(rng.next() % UInt64(agents.count))]
                if roll < 80 || outbound {
                    let connected = queued.adding(milliseconds: outbound ? 8000 : wait)
                    let talk = Int64(40 + rng.next() % 600) * 1000
                    call += [("UserId", .string(agent.eighteen)), ("CallConnectDateTime", .string(connected.salesforceFormat)),
                             ("CallEndDateTime", .string(connected.adding(milliseconds: talk).salesforceFormat)),
                             ("AfterCallWorkSeconds", .integer(Int64(10 + rng.next() % 60))), ("RelatedRecordId", .string(contact.id.eighteen)),
                             ("CallDisposition", .string(dispositions[Int(rng.next() % UInt64(dispositions.count))])),
                             ("NumberOfHolds", .integer(Int64(rng.next() % 3)))]
                } else {
                    let left = roll < 92
                    call += [("CallEndDateTime", .string(queued.adding(milliseconds: wait * (left ? 1 : 2)).salesforceFormat)),
                             ("DisconnectReason", .string(left ? "CallerHangup" : "NoAgentAnswered"))]
                }
                calls.append(call)
            }
        }
        return calls
    }

    /// The demo's call center: Lightning, the reference softphone's URL on this host.
    static let callCenterDefinition = lightningDefinition(
        internalName: "SwitchboardDemo", displayName: "Switchboard Demo Call Center", adapterURL: "/softphone/", width: 320, height: 420)

    /// A Lightning call center definition in Salesforce's import format, with optional extra sections.
    static func lightningDefinition(internalName: String, displayName: String, adapterURL: String, width: Int, height: Int, extraSections: String = "") -> String {
        """
        <callCenter>
          <section sortOrder="0" name="reqGeneralInfo" label="General Information">
            <item sortOrder="0" name="reqInternalName" label="InternalName">\(internalName)</item>
            <item sortOrder="1" name="reqDisplayName" label="Display Name">\(displayName)</item>
            <item sortOrder="2" name="reqAdapterUrl" label="CTI Adapter URL">\(adapterURL)</item>
            <item sortOrder="3" name="reqUseApi" label="Use CTI API">true</item>
            <item sortOrder="4" name="reqSoftphoneHeight" label="Softphone Height">\(height)</item>
            <item sortOrder="5" name="reqSoftphoneWidth" label="Softphone Width">\(width)</item>
            <item sortOrder="6" name="reqSalesforceCompatibilityMode" label="Salesforce Compatibility Mode">Lightning</item>
          </section>
          <section sortOrder="1" name="reqDialingOptions" label="Dialing Options">
            <item sortOrder="0" name="reqOutsidePrefix" label="Outside Prefix">9</item>
            <item sortOrder="1" name="reqLongDistPrefix" label="Long Distance Prefix">1</item>
            <item sortOrder="2" name="reqInternationalPrefix" label="International Prefix">011</item>
          </section>
        \(extraSections)</callCenter>
        """
    }

    static func companyName(_ rng: inout SplitMix64, country: Country, index: Int) -> String {
        let stem = country.companyStems.randomElement(using: &rng)!
        let kind = ["Logistics", "Health", "Energy", "Foods", "Systems", "Partners", "Telecom", "Insurance", "Retail", "Labs"].randomElement(using: &rng)!
        return "\(stem) \(kind) \(country.companySuffix)" + (index >= country.companyStems.count * 10 ? " \(index)" : "")
    }

    /// The name in plain ASCII letters and digits, for email addresses.
    static func ascii(_ s: String) -> String {
        String(s.unicodeScalars.compactMap { scalar -> Character? in
            let c = Character(scalar)
            if let m = asciiFolding[c] { return m }
            return c.isASCII && (c.isLetter || c.isNumber) ? c : nil
        })
    }
    static let asciiFolding: [Character: Character] = ["é": "e", "è": "e", "ü": "u", "ö": "o", "ä": "a", "ç": "c", "ã": "a", "í": "i", "ó": "o", "á": "a", "ñ": "n", "ß": "s", "ô": "o", "ú": "u"]

    static let industries = ["Banking", "Healthcare", "Retail", "Technology", "Manufacturing", "Insurance", "Hospitality", "Energy"]
    static let titles = ["Head of Operations", "IT Manager", "Purchasing Lead", "CFO", "Customer Service Manager", "Office Manager", "Director of Sales"]
    static let caseSubjects = ["Cannot log in to the portal", "Invoice shows the wrong amount", "Delivery is late", "Request for a callback",
                               "Phone line drops calls", "Change of billing address", "Cancel subscription"]
}
