import Testing
import SwitchboardSIP

/// The transaction state machines, driven by hand: each test plays the network and the clock.
@Suite("SIP transactions")
struct TransactionTests {
    static func request(_ method: String, branch: String = "z9hG4bKtx1") throws -> SIPMessage {
        try SIPParser.parse(datagram: Array("""
            \(method) sip:agent@192.0.2.20 SIP/2.0\r
            Via: SIP/2.0/UDP 192.0.2.10:5060;branch=\(branch)\r
            Max-Forwards: 70\r
            From: <sip:+14155550134@trunk.example.net>;tag=abc\r
            To: <sip:agent@192.0.2.20>\r
            Call-ID: tx-1@192.0.2.10\r
            CSeq: 1 \(method)\r
            Content-Length: 0\r
            \r

            """.utf8))
    }

    func sent(_ actions: [TransactionAction]) -> [Int] {
        actions.compactMap { if case .send(let m) = $0 { m.statusCode ?? 0 } else { nil } }
    }

    func timers(_ actions: [TransactionAction]) -> [String] {
        actions.compactMap { if case .start(let t, let ms) = $0 { "\(t.rawValue)\(ms)" } else { nil } }
    }

    @Test("INVITE server: 100 at once; a retransmitted INVITE gets the latest provisional; a 486 is resent on Timer G (T1, doubling to T2) until the ACK; Timer I ends it")
    func inviteServerFailure() throws {
        let invite = try Self.request("INVITE")
        var (tx, start) = ServerTransaction.start(invite, reliable: false)
        #expect(sent(start) == [100] && start.last == .deliver(invite))
        #expect(sent(tx.respond(SIPMessage.response(to: invite, code: 180, reason: "Ringing", toTag: "gw1"))) == [180])
        #expect(sent(tx.receive(invite)) == [180], "the INVITE again: the 180 again")
        let busy = tx.respond(SIPMessage.response(to: invite, code: 486, reason: "Busy Here", toTag: "gw1"))
        #expect(sent(busy) == [486] && timers(busy) == ["G500", "H32000"] && tx.state == .completed)
        #expect(timers(tx.fire(.G)) == ["G1000"])
        #expect(timers(tx.fire(.G)) == ["G2000"])
        #expect(timers(tx.fire(.G)) == ["G4000"])
        let capped = tx.fire(.G)
        #expect(sent(capped) == [486] && timers(capped) == ["G4000"], "capped at T2")
        #expect(sent(tx.receive(invite)) == [486])
        let ack = SIPMessage.ack(for: invite, response: SIPMessage.response(to: invite, code: 486, reason: "Busy Here", toTag: "gw1"))
        let confirmed = tx.receive(ack)
        #expect(tx.state == .confirmed && confirmed.contains(.stop(.G)) && timers(confirmed) == ["I5000"])
        #expect(tx.receive(ack).isEmpty, "ACK retransmissions are absorbed")
        #expect(tx.fire(.I) == [.terminated] && tx.state == .terminated)
    }

    @Test("INVITE server: no ACK for the 486 within 64·T1 → Timer H ends it as timed out; over TCP nothing is resent")
    func inviteServerNoAck() throws {
        let invite = try Self.request("INVITE")
        var (tx, _) = ServerTransaction.start(invite, reliable: false)
        _ = tx.respond(SIPMessage.response(to: invite, code: 480, reason: "Temporarily Unavailable", toTag: "t"))
        #expect(tx.fire(.H) == [.stop(.G), .timedOut, .terminated])
        var (tcp, _) = ServerTransaction.start(invite, reliable: true)
        let failed = tcp.respond(SIPMessage.response(to: invite, code: 480, reason: "Temporarily Unavailable", toTag: "t"))
        #expect(timers(failed) == ["H32000"], "no Timer G over TCP")
    }

    @Test("INVITE server, RFC 6026: after a 2xx the transaction is Accepted, absorbs INVITE retransmissions, passes the dialog's 2xx retransmissions, ends at Timer L")
    func inviteServerAccepted() throws {
        let invite = try Self.request("INVITE")
        var (tx, _) = ServerTransaction.start(invite, reliable: false)
        let ok = SIPMessage.response(to: invite, code: 200, reason: "OK", toTag: "gw1")
        let accepted = tx.respond(ok)
        #expect(tx.state == .accepted && sent(accepted) == [200] && timers(accepted) == ["L32000"])
        #expect(tx.receive(invite).isEmpty, "absorbed: the 2xx is retransmitted by the dialog, not here")
        #expect(sent(tx.respond(ok)) == [200])
        #expect(tx.fire(.L) == [.terminated])
    }

    @Test("non-INVITE server: nothing resent before an answer; the final answer resent for a retransmitted request until Timer J; at once over TCP")
    func nonInviteServer() throws {
        let options = try Self.request("OPTIONS")
        var (tx, start) = ServerTransaction.start(options, reliable: false)
        #expect(start == [.deliver(options)] && tx.state == .trying)
        #expect(tx.receive(options).isEmpty)
        let done = tx.respond(SIPMessage.response(to: options, code: 200, reason: "OK", toTag: "o"))
        #expect(sent(done) == [200] && timers(done) == ["J32000"])
        #expect(sent(tx.receive(options)) == [200])
        #expect(tx.respond(SIPMessage.response(to: options, code: 500, reason: "Late", toTag: "o")).isEmpty, "one final answer")
        #expect(tx.fire(.J) == [.terminated])
        var (tcp, _) = ServerTransaction.start(options, reliable: true)
        #expect(tcp.respond(SIPMessage.response(to: options, code: 200, reason: "OK", toTag: "o")).last == .terminated)
    }

    @Test("INVITE client: resent on Timer A at 0.5, 1, 2, 4 s…; a 1xx stops that; a 486 is ACKed (and ACKed again when resent); a 2xx is passed up and ends at Timer M; silence ends at Timer B")
    func inviteClient() throws {
        let invite = try Self.request("INVITE", branch: "z9hG4bKout1")
        var (tx, start) = ClientTransaction.start(invite, reliable: false)
        #expect(start.first == .send(invite) && timers(start) == ["A500", "B32000"])
        #expect(timers(tx.fire(.A)) == ["A1000"] && timers(tx.fire(.A)) == ["A2000"] && timers(tx.fire(.A)) == ["A4000"])
        let ringing = SIPMessage.response(to: invite, code: 180, reason: "Ringing", toTag: "phone")
        #expect(tx.receive(ringing) == [.stop(.A), .stop(.B), .deliver(ringing)])
        #expect(tx.fire(.A).isEmpty, "no more resending once the phone answered provisionally")
        let busy = SIPMessage.response(to: invite, code: 486, reason: "Busy Here", toTag: "phone")
        let failed = tx.receive(busy)
        let ack = try #require(tx.ack)
        #expect(failed.contains(.send(ack)) && failed.contains(.deliver(busy)) && timers(failed) == ["D32000"])
        #expect(ack.method == "ACK" && ack.to?.tag == "phone" && ack.vias.first?.branch == "z9hG4bKout1" && ack.cseq == CSeq(number: 1, method: "ACK"))
        #expect(tx.receive(busy) == [.send(ack)])
        #expect(tx.fire(.D) == [.terminated])

        var (answered, _) = ClientTransaction.start(invite, reliable: false)
        let ok = SIPMessage.response(to: invite, code: 200, reason: "OK", toTag: "phone")
        #expect(timers(answered.receive(ok)) == ["M32000"] && answered.state == .accepted)
        #expect(answered.receive(ok) == [.deliver(ok)], "a retransmitted 2xx goes up to be ACKed again")
        #expect(answered.fire(.M) == [.terminated])

        var (silent, _) = ClientTransaction.start(invite, reliable: false)
        #expect(silent.fire(.B) == [.stop(.A), .stop(.E), .timedOut, .terminated])
    }

    @Test("non-INVITE client: Timer E doubles to T2 (and stays at T2 once a 1xx came); Timer F gives up; a final answer waits Timer K, none over TCP")
    func nonInviteClient() throws {
        let options = try Self.request("OPTIONS", branch: "z9hG4bKping")
        var (tx, start) = ClientTransaction.start(options, reliable: false)
        #expect(timers(start) == ["E500", "F32000"])
        #expect(timers(tx.fire(.E)) == ["E1000"] && timers(tx.fire(.E)) == ["E2000"] && timers(tx.fire(.E)) == ["E4000"] && timers(tx.fire(.E)) == ["E4000"])
        _ = tx.receive(SIPMessage.response(to: options, code: 100, reason: "Trying"))
        #expect(timers(tx.fire(.E)) == ["E4000"])
        let ok = SIPMessage.response(to: options, code: 200, reason: "OK", toTag: "t")
        #expect(timers(tx.receive(ok)) == ["K5000"] && tx.state == .completed)
        #expect(tx.receive(ok).isEmpty)
        var (down, _) = ClientTransaction.start(options, reliable: false)
        #expect(down.fire(.F).contains(.timedOut), "a trunk that does not answer OPTIONS is down")
        var (tcp, tcpStart) = ClientTransaction.start(options, reliable: true)
        #expect(timers(tcpStart) == ["F32000"] && tcp.receive(ok).last == .terminated)
    }

    @Test("keys: a request's retransmission and its non-2xx ACK find the INVITE's transaction, a CANCEL its own and the INVITE's, a response its client transaction; RFC 2543 peers by Call-ID and CSeq")
    func keys() throws {
        let invite = try Self.request("INVITE", branch: "z9hG4bKk1")
        let key = try #require(TransactionKey(request: invite))
        let ack = SIPMessage.ack(for: invite, response: SIPMessage.response(to: invite, code: 486, reason: "Busy", toTag: "x"))
        #expect(TransactionKey(request: ack) == key)
        let cancel = try Self.request("CANCEL", branch: "z9hG4bKk1")
        #expect(TransactionKey(request: cancel) != key && TransactionKey(cancelling: cancel) == key)
        let response = SIPMessage.response(to: invite, code: 180, reason: "Ringing", toTag: "x")
        #expect(TransactionKey(response: response) == TransactionKey(clientBranch: "z9hG4bKk1", method: "INVITE"))
        let old = try Self.request("INVITE", branch: "old-style-1")
        let oldKey = try #require(TransactionKey(request: old))
        #expect(oldKey.value.hasPrefix("2543|tx-1@192.0.2.10|abc|1|"))
    }

    @Test("responses go back where the request came from: received and rport on the top Via (RFC 3581)")
    func sourceStamp() throws {
        var invite = try SIPParser.parse(datagram: Array("INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP phone.local:5060;branch=z9hG4bKs;rport\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKup\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: s\r\nCSeq: 1 INVITE\r\n\r\n".utf8))
        invite.stampSource(host: "198.51.100.7", port: 40312)
        let top = try #require(invite.vias.first)
        #expect(top.parameter("received")?.value == "198.51.100.7" && top.parameter("rport")?.value == "40312" && invite.vias.count == 2)
        let response = SIPMessage.response(to: invite, code: 200, reason: "OK", toTag: "gw")
        #expect(response.vias.map(\.branch) == ["z9hG4bKs", "z9hG4bKup"] && response.to?.tag == "gw")
        #expect(SIPMessage.response(to: invite, code: 100, reason: "Trying", toTag: "gw").to?.tag == nil, "no tag on a 100")
    }
}

@Suite("SIP registrar and digest")
struct RegistrarTests {
    static func register(_ extra: String, cseq: Int = 1, callID: String = "reg-1") throws -> SIPMessage {
        try SIPParser.parse(datagram: Array("REGISTER sip:switchboard.example SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.30:5062;branch=z9hG4bKr\(cseq)\r\nFrom: <sip:ada@switchboard.example>;tag=p1\r\nTo: <sip:ada@switchboard.example>\r\nCall-ID: \(callID)\r\nCSeq: \(cseq) REGISTER\r\n\(extra)\r\n".utf8))
    }

    @Test("digest: a phone's answer to the challenge is checked (MD5 and SHA-256, qop=auth); a wrong password, a forged nonce and a stale nonce are told apart; unknown users fail the same way")
    func digest() throws {
        let digest = DigestAuthentication(realm: "switchboard", secret: Array("a secret for the nonces".utf8))
        let challenges = digest.challenges(at: 1_000)
        #expect(challenges.count == 2 && challenges[0].contains("algorithm=MD5") && challenges[1].contains("algorithm=SHA-256"), "MD5 first: phones that read one challenge know it")
        let nonce = try #require(challenges[0].split(separator: "\"").dropFirst(3).first.map(String.init))
        for algorithm in DigestAuthentication.Algorithm.allCases {
            let ha1 = digest.ha1(username: "ada", password: "correct horse", algorithm: algorithm)
            // What a phone computes (RFC 7616 §3.4.1).
            let ha2 = algorithm == .md5 ? md5("REGISTER:sip:switchboard.example") : sha256("REGISTER:sip:switchboard.example")
            let h = algorithm == .md5 ? md5 : sha256
            let response = h("\(ha1):\(nonce):00000001:c0ffee:auth:\(ha2)")
            let header = "Digest username=\"ada\", realm=\"switchboard\", nonce=\"\(nonce)\", uri=\"sip:switchboard.example\", response=\"\(response)\", algorithm=\(algorithm.rawValue), qop=auth, nc=00000001, cnonce=\"c0ffee\""
            let credentials = try #require(DigestAuthentication.credentials(header))
            #expect(digest.verify(credentials, method: "REGISTER", ha1: ha1, at: 1_010) == nil)
            let wrong = digest.ha1(username: "ada", password: "wrong", algorithm: algorithm)
            #expect(digest.verify(credentials, method: "REGISTER", ha1: wrong, at: 1_010) == .wrongResponse)
            #expect(digest.verify(credentials, method: "REGISTER", ha1: nil, at: 1_010) == .wrongResponse, "an unknown user looks like a wrong password")
            #expect(digest.verify(credentials, method: "REGISTER", ha1: ha1, at: 1_400) == .staleNonce)
            var forged = credentials
            forged.nonce = "3e8.000000000000000000000000"
            #expect(digest.verify(forged, method: "REGISTER", ha1: ha1, at: 1_010) == .foreignNonce)
        }
    }

    @Test("digest as a client (dial-outs through a trunk that challenges): RFC 2617's worked example, and our own challenges answered and verified in both algorithms")
    func digestClient() throws {
        // RFC 2617 §3.5: Mufasa / "Circle Of Life", qop=auth, cnonce 0a4f113b.
        let answer = try #require(DigestAuthentication.answer(
            challenge: #"Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41""#,
            method: "GET", uri: "/dir/index.html", username: "Mufasa", password: "Circle Of Life", cnonce: "0a4f113b"))
        #expect(answer.contains(#"response="6629fae49393a05397450978507c4ef1""#) && answer.contains("nc=00000001") && answer.contains(#"opaque="5ccc069c403ebaf9f0171e9517f40e41""#))
        let server = DigestAuthentication(realm: "carrier", secret: Array("the carrier's secret".utf8))
        for challenge in server.challenges(at: 2_000) {
            let header = try #require(DigestAuthentication.answer(challenge: challenge, method: "INVITE", uri: "sip:+14155550177@carrier.example",
                                                                   username: "switchboard", password: "trunk password", cnonce: "c0ffee"))
            let credentials = try #require(DigestAuthentication.credentials(header))
            let ha1 = server.ha1(username: "switchboard", password: "trunk password", algorithm: credentials.algorithm)
            #expect(server.verify(credentials, method: "INVITE", ha1: ha1, at: 2_001) == nil, "\(credentials.algorithm)")
        }
        #expect(DigestAuthentication.answer(challenge: #"Digest realm="x", nonce="n", algorithm=SHA-512-256"#, method: "INVITE", uri: "sip:x", username: "u", password: "p", cnonce: "c") == nil)
        #expect(DigestAuthentication.answer(challenge: #"Basic realm="x""#, method: "INVITE", uri: "sip:x", username: "u", password: "p", cnonce: "c") == nil)
    }

    @Test("digest offering MD5 alone (the default setting): one challenge, and SHA-256 credentials are refused as not offered")
    func md5Only() throws {
        let digest = DigestAuthentication(realm: "switchboard", secret: Array("a secret for the nonces".utf8), algorithms: [.md5])
        let challenges = digest.challenges(at: 1_000)
        #expect(challenges.count == 1 && challenges[0].contains("algorithm=MD5"))
        let nonce = try #require(challenges[0].split(separator: "\"").dropFirst(3).first.map(String.init))
        let ha1 = digest.ha1(username: "ada", password: "correct horse", algorithm: .sha256)
        let response = sha256("\(ha1):\(nonce):\(sha256("REGISTER:sip:switchboard.example"))")
        let credentials = try #require(DigestAuthentication.credentials("Digest username=\"ada\", realm=\"switchboard\", nonce=\"\(nonce)\", uri=\"sip:switchboard.example\", response=\"\(response)\", algorithm=SHA-256"))
        #expect(digest.verify(credentials, method: "REGISTER", ha1: ha1, at: 1_010) == .malformed("algorithm SHA-256 is not offered here"))
    }

    @Test("registrar: bindings with expiry, refresh, removal, Contact *; 423 for too brief an interval; an older REGISTER changes nothing")
    func registrar() throws {
        var registrar = Registrar(minimumExpires: 60, defaultExpires: 3600, maximumExpires: 7200)
        let ok = registrar.register(try Self.register("Contact: <sip:ada@192.0.2.30:5062>\r\nExpires: 300\r\n"), user: "ada", at: 0, source: "192.0.2.30:5062", toTag: "r")
        #expect(ok.statusCode == 200 && ok.headers.values("Contact") == ["<sip:ada@192.0.2.30:5062>;expires=300"])
        #expect(registrar.contacts(of: "ADA", at: 299_000).map(\.contact) == ["sip:ada@192.0.2.30:5062"] && registrar.contacts(of: "ada", at: 300_000).isEmpty)
        let brief = registrar.register(try Self.register("Contact: <sip:ada@192.0.2.30:5062>;expires=30\r\n", cseq: 2), user: "ada", at: 1_000, source: "x", toTag: "r")
        #expect(brief.statusCode == 423 && brief.headers.first("Min-Expires") == "60")
        _ = registrar.register(try Self.register("Contact: <sip:ada@192.0.2.30:5062>\r\nExpires: 99999\r\n", cseq: 3), user: "ada", at: 1_000, source: "x", toTag: "r")
        let capped: Int64? = registrar.contacts(of: "ada", at: 1_000).first?.expires
        #expect(capped == 7_201_000, "capped at the maximum")
        _ = registrar.register(try Self.register("Contact: <sip:ada@192.0.2.30:5062>\r\nExpires: 100\r\n", cseq: 2), user: "ada", at: 2_000, source: "x", toTag: "r")
        let kept: Int64? = registrar.contacts(of: "ada", at: 2_000).first?.expires
        #expect(kept == 7_201_000, "CSeq 2 after 3 on the same Call-ID changes nothing")
        _ = registrar.register(try Self.register("Contact: <sip:ada@192.0.2.31:5062>\r\n", cseq: 4), user: "ada", at: 3_000, source: "x", toTag: "r")
        #expect(registrar.contacts(of: "ada", at: 3_000).count == 2)
        #expect(registrar.register(try Self.register("Contact: *\r\n", cseq: 5), user: "ada", at: 4_000, source: "x", toTag: "r").statusCode == 400)
        _ = registrar.register(try Self.register("Contact: *\r\nExpires: 0\r\n", cseq: 6), user: "ada", at: 4_000, source: "x", toTag: "r")
        #expect(registrar.contacts(of: "ada", at: 4_000).isEmpty)
    }

    @Test("password guessing from one address: three failures answered, then slowed 1, 2, 4 s…, then refused for ten minutes; others unaffected")
    func throttle() {
        var throttle = FailureThrottle()
        for i in 0..<3 { throttle.failed("198.51.100.9", at: Int64(i)) }
        #expect(throttle.decision(for: "198.51.100.9", at: 10) == .answer)
        throttle.failed("198.51.100.9", at: 11)
        #expect(throttle.decision(for: "198.51.100.9", at: 12) == .delay(milliseconds: 1000))
        throttle.failed("198.51.100.9", at: 13)
        #expect(throttle.decision(for: "198.51.100.9", at: 14) == .delay(milliseconds: 2000))
        for i in 0..<5 { throttle.failed("198.51.100.9", at: 20 + Int64(i)) }
        #expect(throttle.decision(for: "198.51.100.9", at: 30) == .refuse)
        #expect(throttle.decision(for: "198.51.100.9", at: 30 + 10 * 60 * 1000) != .refuse)
        #expect(throttle.decision(for: "203.0.113.4", at: 30) == .answer)
    }
}

import Crypto
import Foundation
func md5(_ s: String) -> String { Insecure.MD5.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined() }
func sha256(_ s: String) -> String { SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined() }
