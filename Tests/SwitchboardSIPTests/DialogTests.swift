import Foundation
import SwitchboardSIP
import Testing

@Suite("SIP dialogs: route sets, targets and CSeq order")
struct DialogTests {
    static func message(_ text: String) throws -> SIPMessage {
        try SIPParser.parse(datagram: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8))
    }

    /// A trunk's INVITE that came through two proxies, each recording its route.
    static let invite = """
        INVITE sip:+18005550166@gateway.example.com SIP/2.0
        Via: SIP/2.0/UDP proxy2.example.net;branch=z9hG4bKp2
        Via: SIP/2.0/UDP trunk.example.net;branch=z9hG4bKt1
        Record-Route: <sip:proxy2.example.net;lr>, <sip:proxy1.example.net;lr>
        From: "Caller" <sip:+14155550134@trunk.example.net>;tag=caller1
        To: <sip:+18005550166@gateway.example.com>
        Call-ID: dialog-1@trunk.example.net
        CSeq: 7 INVITE
        Contact: <sip:caller@198.51.100.7:5060>
        Content-Length: 0


        """

    @Test("as the UAS: our requests go to the caller's Contact through the recorded proxies in order, From and To swapped with our tag, our CSeq from 1")
    func uas() throws {
        let invite = try Self.message(Self.invite)
        var dialog = try #require(Dialog(uas: invite, localTag: "ours"))
        let bye = dialog.request("BYE", via: "SIP/2.0/UDP gw.example.com;branch=z9hG4bKb1")
        #expect(bye.startLine == .request(method: "BYE", uri: "sip:caller@198.51.100.7:5060"))
        #expect(bye.headers.values("Route") == ["<sip:proxy2.example.net;lr>", "<sip:proxy1.example.net;lr>"])
        #expect(bye.from?.tag == "ours" && bye.from?.uri == "sip:+18005550166@gateway.example.com")
        #expect(bye.to?.tag == "caller1" && bye.callID == "dialog-1@trunk.example.net" && bye.cseq == CSeq(number: 1, method: "BYE"))
        #expect(dialog.request("INVITE", via: "SIP/2.0/UDP gw;branch=z9hG4bKb2").cseq?.number == 2)
        // The 200 we answer with carries the Record-Route back.
        #expect(SIPMessage.response(to: invite, code: 200, reason: "OK", toTag: "ours").headers.values("Record-Route").count == 2)
    }

    @Test("as the UAC: the route set is the answer's Record-Route reversed, the target its Contact; the ACK keeps the INVITE's number")
    func uac() throws {
        let invite = try Self.message(Self.invite.replacingOccurrences(of: "Record-Route: <sip:proxy2.example.net;lr>, <sip:proxy1.example.net;lr>\n", with: ""))
        let answer = try Self.message("""
            SIP/2.0 200 OK
            Via: SIP/2.0/UDP trunk.example.net;branch=z9hG4bKt1
            Record-Route: <sip:near.example.com;lr>
            Record-Route: <sip:far.example.com;lr>
            From: "Caller" <sip:+14155550134@trunk.example.net>;tag=caller1
            To: <sip:+18005550166@gateway.example.com>;tag=callee9
            Call-ID: dialog-1@trunk.example.net
            CSeq: 7 INVITE
            Contact: <sip:phone@203.0.113.9:5062>
            Content-Length: 0


            """)
        var dialog = try #require(Dialog(uac: invite, answer: answer))
        let ack = dialog.ack(invite: invite, via: "SIP/2.0/UDP trunk.example.net;branch=z9hG4bKa1", body: [65])
        #expect(ack.startLine == .request(method: "ACK", uri: "sip:phone@203.0.113.9:5062") && ack.cseq == CSeq(number: 7, method: "ACK") && ack.body == [65])
        #expect(ack.headers.values("Route") == ["<sip:far.example.com;lr>", "<sip:near.example.com;lr>"])
        let bye = dialog.request("BYE", via: "SIP/2.0/UDP trunk.example.net;branch=z9hG4bKb9")
        #expect(bye.cseq == CSeq(number: 8, method: "BYE") && bye.to?.tag == "callee9" && bye.from?.tag == "caller1")
    }

    @Test("a strict router first (no lr): it becomes the Request-URI and the remote target goes last in Route")
    func strictRouting() throws {
        let invite = try Self.message(Self.invite.replacingOccurrences(of: "<sip:proxy2.example.net;lr>, <sip:proxy1.example.net;lr>", with: "<sip:strict.example.net>"))
        var dialog = try #require(Dialog(uas: invite, localTag: "t"))
        let bye = dialog.request("BYE", via: "SIP/2.0/UDP gw;branch=z9hG4bKs")
        #expect(bye.startLine == .request(method: "BYE", uri: "sip:strict.example.net"))
        #expect(bye.headers.values("Route") == ["<sip:caller@198.51.100.7:5060>"])
    }

    @Test("the peer's requests: in order or refused (500), ACK and CANCEL pass, a re-INVITE moves the target")
    func order() throws {
        var dialog = try #require(Dialog(uas: try Self.message(Self.invite), localTag: "t"))
        func request(_ method: String, _ number: Int, contact: String? = nil) throws -> SIPMessage {
            try Self.message("""
                \(method) sip:gw.example.com SIP/2.0
                Via: SIP/2.0/UDP trunk.example.net;branch=z9hG4bK\(number)\(method)
                From: <sip:+14155550134@trunk.example.net>;tag=caller1
                To: <sip:+18005550166@gateway.example.com>;tag=t
                Call-ID: dialog-1@trunk.example.net
                CSeq: \(number) \(method)
                \(contact.map { "Contact: <\($0)>\n" } ?? "")Content-Length: 0


                """)
        }
        #expect(dialog.receive(try request("ACK", 7)))
        #expect(!dialog.receive(try request("BYE", 7)))  // not above the INVITE's 7
        #expect(dialog.receive(try request("INVITE", 8, contact: "sip:caller@198.51.100.8:5070")))
        #expect(dialog.remoteTarget == "sip:caller@198.51.100.8:5070" && dialog.remoteSequence == 8)
        #expect(!dialog.receive(try request("INVITE", 8)))
        #expect(dialog.receive(try request("BYE", 20)))
    }
}
