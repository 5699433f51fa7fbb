import Testing
import SwitchboardCore
import SwitchboardSIP

@Suite("SIP messages: parsing, framing and writing")
struct SIPParserTests {
    static let invite = """
        INVITE sip:+18005550100@gateway.example.com SIP/2.0\r
        Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds8;rport\r
        Max-Forwards: 70\r
        To: <sip:+18005550100@gateway.example.com>\r
        From: "Dana Whitfield" <sip:+14155550134@trunk.example.net>;tag=1928301774\r
        Call-ID: a84b4c76e66710@trunk.example.net\r
        CSeq: 314159 INVITE\r
        Contact: <sip:+14155550134@192.0.2.10:5060>\r
        Content-Type: application/sdp\r
        Content-Length: 23\r
        \r
        v=0\r
        o=- 1 1 IN IP4 x\r

        """

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test("an INVITE with a body: start line, the headers a gateway reads, the body by Content-Length; written back it reads the same")
    func invite() throws {
        let message = try SIPParser.parse(datagram: Self.bytes(Self.invite))
        #expect(message.startLine == .request(method: "INVITE", uri: "sip:+18005550100@gateway.example.com"))
        #expect(message.callID == "a84b4c76e66710@trunk.example.net" && message.cseq == CSeq(number: 314159, method: "INVITE"))
        let via = try #require(message.vias.first)
        #expect(via.transport == "UDP" && via.host == "192.0.2.10" && via.port == 5060 && via.branch == "z9hG4bKnashds8" && via.hasMagicCookie)
        #expect(via.parameter("rport") == Via.Parameter("rport", nil))
        #expect(message.from?.displayName == "\"Dana Whitfield\"" && message.from?.tag == "1928301774" && message.to?.tag == nil)
        #expect(message.body == Self.bytes("v=0\r\no=- 1 1 IN IP4 x\r\n"))
        let again = try SIPParser.parse(datagram: message.serialized())
        #expect(again == message)
    }

    @Test("what RFC 4475 says a parser must take: folding, bare LF, spaces before colons, any case, compact names, leading zeros, spaced-out Via, unknown headers kept")
    func tortuous() throws {
        let text = "\r\n\r\nINVITE sip:agent@switchboard.example.org;unknownparam SIP/2.0\n"
            + "TO :\n sip:agent@switchboard.example.org ;   tag    = 8821\n"
            + "from   : \"Caller, \\\"the\\\" one\"  <sip:caller@example.net>\n  ;\n  tag = 77aa\n"
            + "MaX-fOrWaRdS: 0069\n"
            + "i: torture.1@192.0.2.7\n"
            + "l   : 0\n"
            + "cseq: 0012\n  INVITE\n"
            + "Via  : SIP  /   2.0\n /UDP\n    192.0.2.7;rport;branch=z9hG4bKtorture1\n"
            + "v: SIP/2.0/TCP proxy.example.org:5070;branch=z9hG4bKp2 , SIP/2.0/UDP 192.0.2.8;branch=z9hG4bKp3\n"
            + "s :\n"
            + "X-Odd-Header:   first part\n\t second part\n"
            + "X-Unusual: ;;,,;;,;\n"
            + "m: \"Desk, 2\" <sip:caller@192.0.2.7:5062>, <sip:caller@192.0.2.7:5064>;expires=60\n"
            + "\n"
        let message = try SIPParser.parse(datagram: Self.bytes(text))
        #expect(message.to?.uri == "sip:agent@switchboard.example.org" && message.to?.tag == "8821")
        #expect(message.from?.tag == "77aa" && message.from?.displayName == "\"Caller, \\\"the\\\" one\"")
        #expect(message.maxForwards == 69 && message.callID == "torture.1@192.0.2.7" && message.cseq == CSeq(number: 12, method: "INVITE"))
        #expect(message.vias.map(\.host) == ["192.0.2.7", "proxy.example.org", "192.0.2.8"] && message.vias.map(\.transport) == ["UDP", "TCP", "UDP"])
        #expect(message.vias[1].port == 5070 && message.vias[0].branch == "z9hG4bKtorture1")
        #expect(message.topVia == message.vias[0], "the top Via, read alone, is the first of the list")
        #expect(message.headers.first("Subject") == "" && message.headers.first("x-odd-header") == "first part second part")
        #expect(message.headers.first("X-Unusual") == ";;,,;;,;", "an unknown header is kept as it came")
        #expect(message.contacts.map(\.uri) == ["sip:caller@192.0.2.7:5062", "sip:caller@192.0.2.7:5064"], "a comma in a quoted name does not split the list")
        #expect(message.body.isEmpty)
        #expect(try SIPParser.parse(datagram: message.serialized()).headers.values("Via") == message.headers.values("Via"))
    }

    @Test("messages that cannot be read are refused with the reason", arguments: [
        ("no Call-ID", "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCSeq: 1 OPTIONS\r\n\r\n", "missing Call-ID"),
        ("CSeq of another method", "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n", "does not match"),
        ("a body shorter than its Content-Length", "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 50\r\n\r\nshort", "Content-Length is 50"),
        ("spaces in the Request-URI", "OPTIONS sip:a@b c SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n", "is not METHOD SP Request-URI"),
        ("a Request-URI in angle brackets", "OPTIONS <sip:a@b> SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n", "is not a URI"),
        ("SIP/7.0", "OPTIONS sip:a@b SIP/7.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n", "is not SIP/2.0"),
        ("a status code of four digits", "SIP/2.0 1000 Huge\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n", "is not 100 to 699"),
        ("a negative Max-Forwards", "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nMax-Forwards: -1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n", "Max-Forwards"),
        ("a Via without a transport", "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0 h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n", "a Via is not"),
        ("two different Content-Lengths", "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\nl: 3\r\n\r\nabc", "not one number"),
        ("no empty line after the headers", "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n", "does not end"),
        ("a header line without a colon", "OPTIONS sip:a@b SIP/2.0\r\nVia SIP/2.0/UDP h\r\n\r\n", "has no colon"),
    ])
    func refused(_ what: String, _ text: String, _ reason: String) {
        #expect { _ = try SIPParser.parse(datagram: Self.bytes(text)) } throws: { ($0 as? SIPParseError)?.reason.contains(reason) == true }
    }

    @Test("a datagram's bytes after the Content-Length are dropped; without one the body is the rest")
    func datagramBodies() throws {
        let head = "MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 2 MESSAGE\r\n"
        #expect(try SIPParser.parse(datagram: Self.bytes(head + "Content-Length: 5\r\n\r\nhello and more")).body == Self.bytes("hello"))
        #expect(try SIPParser.parse(datagram: Self.bytes(head + "\r\nall of it")).body == Self.bytes("all of it"))
    }

    @Test("a stream is cut into messages by Content-Length; keep-alive CRLFs are skipped; a message not all there yet waits")
    func streamFraming() throws {
        let one = Self.bytes(Self.invite)
        let stream = Self.bytes("\r\n\r\n") + one + one + one.prefix(40)
        let first = try #require(try SIPParser.frame(stream[...]))
        #expect(first.consumed == 4 + one.count && first.message.callID == "a84b4c76e66710@trunk.example.net")
        let second = try #require(try SIPParser.frame(stream[first.consumed...]))
        #expect(second.consumed == one.count)
        #expect(try SIPParser.frame(stream[(first.consumed + second.consumed)...]) == nil)
        let noLength = Self.bytes("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n")
        #expect { _ = try SIPParser.frame(noLength[...]) } throws: { ($0 as? SIPParseError)?.reason.contains("required on a stream") == true }
    }

    @Test("fuzz: 20,000 mutated messages each parse or are refused with a reason, and what parses writes back the same (seeded, bounded)")
    func fuzz() throws {
        var random = SplitMix64(seed: 4475)
        let seeds = [Self.bytes(Self.invite), Self.bytes("SIP/2.0 180 Ringing\r\nv: SIP/2.0/UDP h:5060;branch=z9hG4bK9;received=192.0.2.1\r\nf: <sip:x@y>;tag=1\r\nt: <sip:a@b>;tag=2\r\ni: c\r\nCSeq: 7 INVITE\r\nl: 0\r\n\r\n")]
        var parsed = 0
        for round in 0..<20_000 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<(1 + Int(random.next() % 4)) {
                guard !bytes.isEmpty else { break }
                let at = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 5 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: at)
                case 2: bytes.remove(at: at)
                case 3: bytes = Array(bytes.prefix(at))
                default: bytes.insert(contentsOf: [13, 10, 32, 58, 59, 44, 60, 62, 34][Int(random.next() % 9)...].prefix(2), at: at)
                }
            }
            do {
                let message = try SIPParser.parse(datagram: bytes)
                parsed += 1
                let again = try SIPParser.parse(datagram: message.serialized())
                #expect(again.startLine == message.startLine && again.body == message.body && again.headers.values("Via") == message.headers.values("Via"))
            } catch {
                #expect(!error.reason.isEmpty)
            }
        }
        #expect(parsed > 100 && parsed < 20_000, "mutations both keep and break messages: \(parsed) parsed")
    }
}
