import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardTestSupport

@Suite("Record use cases")
struct RecordServiceTests {
    @Test("create fills audit fields and owner; update changes only what was given")
    func createAndUpdate() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let contact = try await s.records.create(StandardObjects.contact, [("FirstName", .string("Ada")), ("LastName", .string("Lovelace"))], by: agent)
        #expect(contact["OwnerId"] == .id(agent.userID) && contact["CreatedById"] == .id(agent.userID))
        #expect(contact["Name"] == .text("Ada Lovelace"))
        s.clock.advance(seconds: 60)
        let updated = try await s.records.update(StandardObjects.contact, id: contact.id.rawValue, [("firstname", .string("Augusta"))], by: s.system)
        #expect(updated["Name"] == .text("Augusta Lovelace"))
        #expect(updated["LastModifiedDate"] == .dateTime(s.clock.now()) && updated["CreatedDate"] == contact["CreatedDate"])
        #expect(try await s.records.get(StandardObjects.contact, id: contact.id.eighteen.lowercased(), by: agent)["Name"] == .text("Augusta Lovelace"))
        try await s.close()
    }

    @Test("a lookup to a record that does not exist is refused and nothing is written")
    func missingLookup() async throws {
        let s = try await TestServices.make()
        await #expect { _ = try await s.records.create(StandardObjects.contact, [("LastName", .string("X")), ("AccountId", .string("001A0000006Vm9r"))], by: s.system) }
            throws: { error in
                guard case RecordError.missingReferences(let issues) = error else { return false }
                return issues.first?.field == "AccountId"
            }
        #expect(try await s.records.repository.count(StandardObjects.contact) == 0)
        try await s.close()
    }

    @Test("roles: agents read and write records, supervisors delete, only admins change users")
    func permissions() async throws {
        let s = try await TestServices.make()
        let agent = try await s.user("agent", role: .agent)
        let supervisor = try await s.user("supervisor", role: .supervisor)
        let lead = try await s.records.create(StandardObjects.lead, [("LastName", .string("L")), ("Company", .string("C"))], by: agent)
        await #expect(throws: AuthError.forbidden(action: "delete on Lead", needs: .supervisor, has: .agent)) {
            try await s.records.delete(StandardObjects.lead, id: lead.id.rawValue, by: agent)
        }
        await #expect(throws: AuthError.self) {
            _ = try await s.records.update(StandardObjects.user, id: agent.userID.rawValue, [("Role", .string("admin"))], by: agent)
        }
        try await s.records.delete(StandardObjects.lead, id: lead.id.rawValue, by: supervisor)
        await #expect(throws: RecordError.notFound(object: "Lead", id: lead.id.rawValue)) { _ = try await s.records.get(StandardObjects.lead, id: lead.id.rawValue, by: agent) }
        await #expect(throws: RecordError.wrongObject(id: lead.id.rawValue, expected: "Contact")) { _ = try await s.records.get(StandardObjects.contact, id: lead.id.rawValue, by: agent) }
        try await s.close()
    }
}
