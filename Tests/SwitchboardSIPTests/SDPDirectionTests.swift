import SwitchboardSIP
import Testing

@Suite("SDP direction: holds read and answered")
struct SDPDirectionTests {
    func sdp(_ extra: String, connection: String = "c=IN IP4 127.0.0.1") -> [UInt8] {
        Array("v=0\r\no=phone 1 7 IN IP4 127.0.0.1\r\ns=-\r\n\(connection)\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\n\(extra)".utf8)
    }

    @Test("an offer's direction: its a= line, sendrecv without one, the old 0.0.0.0 hold as sendonly")
    func reading() {
        #expect(SDPDirection(of: sdp("a=sendonly\r\n")) == .sendonly)
        #expect(SDPDirection(of: sdp("a=rtpmap:0 PCMU/8000\r\na=inactive\r\n")) == .inactive)
        #expect(SDPDirection(of: sdp("")) == .sendrecv)
        #expect(SDPDirection(of: sdp("", connection: "c=IN IP4 0.0.0.0")) == .sendonly)
        #expect(SDPDirection(of: []) == .sendrecv)
    }

    @Test("the answer mirrors the offer: sendonly ↔ recvonly, inactive stays, sendrecv stays")
    func answering() {
        #expect(SDPDirection.allCases.map(\.answer) == [.sendrecv, .recvonly, .sendonly, .inactive])
    }

    @Test("applying a direction replaces the one there (or adds it) and moves the o= version on by one")
    func applying() {
        let held = String(decoding: SDPDirection.recvonly.applied(to: sdp("a=sendrecv\r\na=rtpmap:0 PCMU/8000\r\n")), as: UTF8.self)
        #expect(held.contains("a=recvonly\r\n") && !held.contains("a=sendrecv"))
        #expect(held.contains("o=phone 1 8 IN IP4 127.0.0.1\r\n"))
        #expect(held.contains("a=rtpmap:0 PCMU/8000"))
        let added = String(decoding: SDPDirection.sendonly.applied(to: sdp("")), as: UTF8.self)
        #expect(added.hasSuffix("m=audio 6000 RTP/AVP 0\r\na=sendonly\r\n"))
        #expect(SDPDirection(of: SDPDirection.inactive.applied(to: sdp("a=sendonly\r\n"))) == .inactive)
    }

    @Test("continuing a session: another phone's media under the origin the peer already has, its version one higher")
    func continuing() {
        let sentBefore = Array("v=0\r\no=switchboard 42 9 IN IP4 10.0.0.1\r\ns=-\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n".utf8)
        let next = String(decoding: SDPDirection.sendrecv.applied(to: sdp("a=sendonly\r\n"), continuing: sentBefore), as: UTF8.self)
        #expect(next.contains("o=switchboard 42 10 IN IP4 10.0.0.1\r\n") && !next.contains("o=phone"))
        #expect(next.contains("m=audio 6000 RTP/AVP 0\r\na=sendrecv\r\n") && next.contains("c=IN IP4 127.0.0.1"))
        // Nothing sent before: the body's own origin, one version on.
        #expect(String(decoding: SDPDirection.inactive.applied(to: sdp(""), continuing: []), as: UTF8.self).contains("o=phone 1 8 "))
    }
}
