import SwitchboardSIP
import Testing

/// Every message of RFC 4475 either parses (the valid ones, and the few invalid ones the RFC lets
/// a robust element take) or is refused with the reason a 400 would give — never misread.
@Suite("RFC 4475 torture messages: each parses or is refused with its reason")
struct RFC4475Tests {
    /// What Switchboard does with each message: nil parses; otherwise the refusal's reason contains this.
    static let expected: [String: String?] = [
        // §3.1.1: valid messages — all must parse.
        "wsinv": nil, "intmeth": nil, "esc01": nil, "escnull": nil, "esc02": nil, "lwsdisp": nil, "longreq": nil,
        "dblreq": nil, "semiuri": nil, "transports": nil, "mpart01": nil, "unreason": nil, "noreason": nil,
        // §3.1.2: invalid messages.
        "badinv01": "a Via is not", "clerr": "Content-Length is 9999", "ncl": "Content-Length '-999'", "scalar02": "CSeq '36893488147419103232",
        "scalarlg": "CSeq '9292394834772304023312", "quotbal": "quoted string that does not end", "ltgtruri": "is not a URI",
        "lwsruri": "is not METHOD SP Request-URI SP SIP/2.0", "lwsstart": "is not METHOD SP Request-URI SP SIP/2.0",
        "trws": "is not METHOD SP Request-URI SP SIP/2.0", "escruri": "carries headers",
        "baddate": nil,  // §3.1.2.12: the Date is wrong, the message is fine; a UA ignores Date
        "regbadct": "URI headers ('?') outside <>",
        "badaspec": nil,  // §3.1.2.14: "< sip:… >" — the RFC allows a lenient parser to take it
        "baddn": "display name 'Bell, Alexander' has characters that need quotes", "badvers": "version 'SIP/7.0'",
        "mismatch01": "does not match the request's OPTIONS", "mismatch02": "does not match the request's NEWMETHOD", "bigcode": "status code '4294967301'",
        // §3.2, §3.3, §3.4: well-formed on the wire; what is wrong is for the transaction layer or the core.
        "badbranch": nil, "insuf": "missing From", "unkscm": nil, "novelsc": nil, "unksm2": nil, "bext01": nil, "invut": nil, "regaut01": nil,
        "multi01": "more than one", "mcl01": "Content-Length '13, 5'", "bcast": nil, "zeromf": nil, "cparam01": nil, "cparam02": nil,
        "regescrt": nil, "sdp01": nil, "inv2543": nil,
    ]

    @Test("all 49 messages are here, each with what it must do")
    func corpus() {
        #expect(RFC4475.all.count == 49)
        #expect(Set(RFC4475.all.map(\.name)) == Set(Self.expected.keys))
    }

    @Test("each parses and writes back the same, or is refused with its reason", arguments: RFC4475.all.map(\.name))
    func message(_ name: String) throws {
        let message = try #require(RFC4475.all.first { $0.name == name })
        let expectation = try #require(Self.expected[name])
        do {
            let parsed = try SIPParser.parse(datagram: message.bytes)
            #expect(expectation == nil, "\(message.section) \(name) should be refused (\(expectation ?? "")) but parsed")
            // What parses is understood the same once written back.
            let again = try SIPParser.parse(datagram: parsed.serialized())
            #expect(again.startLine == parsed.startLine && again.callID == parsed.callID && again.cseq == parsed.cseq && again.body == parsed.body)
        } catch {
            let reason = try #require(expectation, "\(message.section) \(name) should parse but was refused: \(error.reason)")
            #expect(error.reason.contains(reason), "\(message.section) \(name): \(error.reason)")
        }
    }

    @Test("what the valid ones say is read right: folded and compact headers, escapes kept, extra datagram bytes ignored, binary bodies whole")
    func details() throws {
        func parsed(_ name: String) throws -> SIPMessage { try SIPParser.parse(datagram: try #require(RFC4475.all.first { $0.name == name }).bytes) }
        let wsinv = try parsed("wsinv")
        #expect(wsinv.to?.tag == "1918181833n" && wsinv.from?.tag == "98asjd8" && wsinv.maxForwards == 68 && wsinv.cseq == CSeq(number: 9, method: "INVITE"))
        #expect(wsinv.vias.map(\.host) == ["192.0.2.2", "spindle.example.com", "192.168.255.111"] && wsinv.vias.map(\.branch) == ["390skdjuw", "z9hG4bK9ikj8", "z9hG4bK30239"])
        #expect(wsinv.headers.first("NewFangledHeader") == "newfangled value continued newfangled value" && wsinv.body.count == 150)
        #expect(try parsed("esc02").method == "RE%47IST%45R")  // % is not an escape in a method
        let dblreq = try parsed("dblreq")
        #expect(dblreq.method == "REGISTER" && dblreq.body.isEmpty)  // the INVITE after it in the datagram is not read
        #expect(try parsed("longreq").vias.count == 34)
        let mpart = try parsed("mpart01")
        #expect(mpart.body.count == 705 && mpart.body.contains(0) && Array(mpart.body.suffix(16)) == RFC4475.crlf("\n--boundary42--\n").suffix(16))
        #expect(try parsed("intmeth").method == "!interesting-Method0123456789_*+`.%indeed'~")
        #expect(try parsed("noreason").startLine == .response(code: 100, reason: ""))
        // RFC 2543: no Content-Length over UDP, the body is the rest of the datagram.
        #expect(try parsed("inv2543").body.count == 105)
    }
}
