import Testing
import SwitchboardCore
import SwitchboardServices
import SwitchboardStore
import SwitchboardTestSupport

/// Admins' SIP trunks, stored for real on each database.
@Suite("SIP trunks")
struct SIPTrunkServiceTests {
    static let backends = TestDatabase.backends

    @Test("admins define, replace and remove trunks; only password digests are kept; the gateway sees changes at once", arguments: backends)
    func lifecycle(_ backend: Database.Backend) async throws {
        let s = try await TestServices.make(backend, cacheMilliseconds: 60_000)
        let admin = try await s.user("trunk-admin", role: .admin)
        #expect(try await s.sipTrunks.current().isEmpty)
        let saved = try await s.sipTrunks.save(name: "PBX-East", addresses: ["203.0.113.5:5060"], username: "east", password: "a long password", by: admin)
        // HA1 = MD5("east:switchboard:a long password"), as a phone's digest would compute it.
        #expect(saved.ha1MD5 == "26aeaf7856195893da8ce6c369f390e9")
        #expect(saved.ha1SHA256 == "b90f6730f0e239916b2c545d549139fb1c567c7099422a305abf433ef6544210" && !"\(saved)".contains("a long password"))
        #expect(try await s.sipTrunks.current().map(\.name) == ["PBX-East"], "the cached list is read again after a change here")
        _ = try await s.sipTrunks.save(name: "carrier", addresses: ["198.51.100.7"], username: nil, password: nil, by: admin)
        _ = try await s.sipTrunks.save(name: "pbx-east", addresses: [], username: "east", password: "another long one", by: admin)
        let all = try await s.sipTrunks.all(by: admin)
        #expect(all.map(\.name) == ["carrier", "pbx-east"] && all[1].addresses.isEmpty && all[1].ha1MD5 != saved.ha1MD5)
        try await s.sipTrunks.delete(name: "CARRIER", by: admin)
        #expect(try await s.sipTrunks.current().map(\.name) == ["pbx-east"])
        await #expect { try await s.sipTrunks.delete(name: "carrier", by: admin) } throws: { $0 is RecordError }
        try await s.close()
    }

    @Test("a bad definition, a username another trunk has, or someone not an admin changes nothing", arguments: backends)
    func refusals(_ backend: Database.Backend) async throws {
        let s = try await TestServices.make(backend)
        let admin = try await s.user("trunk-admin", role: .admin)
        let supervisor = try await s.user("trunk-supervisor", role: .supervisor)
        _ = try await s.sipTrunks.save(name: "east", addresses: ["203.0.113.5"], username: "pbx", password: "a long password", by: admin)
        await #expect { _ = try await s.sipTrunks.save(name: "west", addresses: [], username: "PBX", password: "a long password", by: admin) } throws: {
            ($0 as? RecordValidationError)?.issues.first?.message.contains("already trunk 'east'") == true
        }
        await #expect { _ = try await s.sipTrunks.save(name: "east", addresses: ["pbx.example.com"], username: nil, password: nil, by: admin) } throws: { $0 is RecordValidationError }
        await #expect { _ = try await s.sipTrunks.save(name: "west", addresses: ["10.0.0.1"], username: nil, password: nil, by: supervisor) } throws: { $0 is AuthError }
        await #expect { _ = try await s.sipTrunks.all(by: supervisor) } throws: { $0 is AuthError }
        await #expect { try await s.sipTrunks.delete(name: "east", by: supervisor) } throws: { $0 is AuthError }
        let all = try await s.sipTrunks.all(by: admin)
        #expect(all.count == 1 && all[0].addresses == ["203.0.113.5"] && all[0].username == "pbx")
        try await s.close()
    }
}
