import Testing
import SwitchboardCore

@Suite("SIP trunk definitions")
struct SIPTrunkTests {
    func fields(_ body: () throws -> Void) -> [String] {
        do {
            try body()
            return []
        } catch let error as RecordValidationError {
            return error.issues.map(\.field)
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test("addresses, credentials or both are taken, trimmed; the hosts are taken and the addresses with a port pinged")
    func valid() throws {
        let both = try SIPTrunk.validate(name: " pbx-east ", addresses: [" 203.0.113.5:5060", "198.51.100.7", ""], username: "east", password: "twelve chars!")
        #expect(both.name == "pbx-east" && both.addresses == ["203.0.113.5:5060", "198.51.100.7"] && both.username == "east")
        let trunk = SIPTrunk(name: both.name, addresses: both.addresses)
        #expect(trunk.hosts == ["203.0.113.5", "198.51.100.7"] && trunk.pingTargets == ["203.0.113.5:5060"])
        #expect(try SIPTrunk.validate(name: "carrier.1", addresses: [], username: "c1", password: "0123456789ab").username == "c1")
        #expect(try SIPTrunk.validate(name: "carrier_2", addresses: ["10.0.0.1"], username: " ", password: "").username == nil)
    }

    @Test("every bad field is named at once, with how to fix it")
    func invalid() {
        #expect(fields { _ = try SIPTrunk.validate(name: "", addresses: ["pbx.example.com", "10.0.0.300", "10.0.0.1:0"], username: nil, password: nil) } == ["name", "addresses", "addresses", "addresses"])
        #expect(fields { _ = try SIPTrunk.validate(name: "east", addresses: [], username: nil, password: nil) } == ["addresses"])
        #expect(fields { _ = try SIPTrunk.validate(name: "east", addresses: [], username: "east", password: nil) } == ["password"])
        #expect(fields { _ = try SIPTrunk.validate(name: "east", addresses: [], username: nil, password: "0123456789ab") } == ["username"])
        #expect(fields { _ = try SIPTrunk.validate(name: "east", addresses: [], username: "east", password: "short") } == ["password"])
        #expect(fields { _ = try SIPTrunk.validate(name: "a b", addresses: ["10.0.0.1"], username: "we:ird", password: "0123456789ab") } == ["name", "username"])
        do {
            _ = try SIPTrunk.validate(name: "east", addresses: ["pbx.example.com"], username: nil, password: nil)
        } catch {
            #expect("\(error)".contains("'pbx.example.com' is not an IPv4 address with an optional port, such as 203.0.113.5"))
        }
    }
}
