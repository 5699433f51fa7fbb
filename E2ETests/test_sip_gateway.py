"""The SIP gateway against real peers: SIPp (Debian's sip-tester) registers an agent's phone with
digest authentication and pings with OPTIONS; raw datagrams check the answers to what the gateway
does not do, that unknown and known usernames get the same challenge, that a malformed datagram
disturbs nothing, and that password guessing is slowed and then refused."""
import os
import re
import shutil
import socket
import subprocess
import tempfile
import urllib.request
import uuid

import pytest

from conftest import BINARY, PASSWORD, run_cli, serve, wait_for_sip_and_http
from console_support import definition as console_definition
from test_console_lightning import api
from test_telephony import signed_in

HERE = os.path.dirname(os.path.abspath(__file__))


def start_gateway(**settings):
    """A server with the SIP gateway on free ports: users sipadmin, phone1 and phone2 (SIP passwords
    phone-secret-1 and -2) in call center SipCenter (DNIS +1 800 555 0166), trunks from 127.0.0.1,
    ring timeout 3 s; `settings` are more environment variables. Yields what the tests need."""
    assert shutil.which("sipp"), "sipp is not installed (the test command installs sip-tester)"
    data_dir = tempfile.mkdtemp(prefix="switchboard-sip-")
    run_cli(["users", "add", "--username", "sipadmin", "--email", "sipadmin@example.com", "--last-name", "Admin", "--role", "admin", "--password", PASSWORD], data_dir)
    run_cli(["users", "add", "--username", "phone1", "--email", "phone1@example.com", "--last-name", "Phone", "--role", "agent", "--password", PASSWORD], data_dir)
    run_cli(["users", "set-sip-password", "phone1", "--password", "phone-secret-1"], data_dir)
    run_cli(["users", "add", "--username", "phone2", "--email", "phone2@example.com", "--last-name", "Second", "--role", "agent", "--password", PASSWORD], data_dir)
    run_cli(["users", "set-sip-password", "phone2", "--password", "phone-secret-2"], data_dir)
    definition = os.path.join(data_dir, "SipCenter.xml")
    with open(definition, "w") as f:
        f.write(console_definition("SipCenter", "/softphone/"))
    run_cli(["callcenters", "import", definition], data_dir)
    members = os.path.join(data_dir, "members.csv")
    with open(members, "w") as f:
        f.write("username\nphone1\nphone2\n")
    run_cli(["callcenters", "assign", "SipCenter", members], data_dir)
    token = run_cli(["tokens", "create", "--name", "sip-e2e", "--role", "admin", "--as", "sipadmin"], data_dir).stdout.strip().splitlines()[0]
    env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(data_dir, "e2e.sqlite"), SWITCHBOARD_AUTH_BCRYPT_COST="4",
               SWITCHBOARD_SIP_ENABLED="true", SWITCHBOARD_SIP_PORT="0", SWITCHBOARD_SIP_TRUNKS="127.0.0.1",
               SWITCHBOARD_TELEPHONY_RING_TIMEOUT_SECONDS="3")
    env.update(settings)
    process = serve(env, data_dir)
    port, base = wait_for_sip_and_http(process)
    assert api(base, token, "PATCH", "/api/v1/callcenters/SipCenter", {"changes": [], "dnisNumbers": ["+1 800 555 0166"]})[0] == 200
    yield {"port": port, "data_dir": data_dir, "base": base, "token": token}
    process.terminate()
    assert process.wait(timeout=30) == 0
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="module")
def gateway():
    # The customer's end of calls agents dial out: a SIPp UAS on this port, behind the "trunk".
    callee_port = free_udp_port()
    started = start_gateway(SWITCHBOARD_SIP_OUTBOUND_TRUNK=f"127.0.0.1:{callee_port}",
                            # What the trunk's challenges are answered with, if it asks (callee_challenges.xml).
                            SWITCHBOARD_SIP_OUTBOUND_USERNAME="switchboard-out", SWITCHBOARD_SIP_OUTBOUND_PASSWORD="outbound-secret-1",
                            SWITCHBOARD_SIP_TRUNK_PING_SECONDS="0",  # the callee SIPp answers only its INVITE
                            SWITCHBOARD_SIP_DIGEST_ALGORITHMS="MD5,SHA-256")  # both challenges, checked below
    yield dict(next(started), callee_port=callee_port)
    next(started, None)


@pytest.fixture(scope="module")
def patient_gateway():
    """A gateway whose calls ring an agent for 30 s before routing moves on, for tests whose
    caller must stay ringing while the agent acts in the browser."""
    started = start_gateway(SWITCHBOARD_TELEPHONY_RING_TIMEOUT_SECONDS="30", SWITCHBOARD_SIP_TRUNK_PING_SECONDS="0")
    yield next(started)
    next(started, None)


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sipp_command(gateway, scenario, *args, field="phone1", local_port=0, target_port=None, source="127.0.0.1", timeout="15s"):
    users = os.path.join(gateway["data_dir"], f"fields-{uuid.uuid4().hex[:8]}.csv")
    with open(users, "w") as f:
        f.write(f"SEQUENTIAL\n{field};\n")
    return ["sipp", f"127.0.0.1:{target_port or gateway['port']}", "-sf", os.path.join(HERE, "sip", scenario), "-inf", users,
            "-i", source, "-p", str(local_port), "-m", "1", "-nostdin", "-timeout", timeout, "-timeout_error", "-max_retrans", "3", *args]


def sipp(gateway, scenario, *args, field="phone1", local_port=0, target_port=None, source="127.0.0.1", timeout="15s"):
    return subprocess.run(sipp_command(gateway, scenario, *args, field=field, local_port=local_port, target_port=target_port, source=source, timeout=timeout),
                          capture_output=True, text=True, timeout=90, cwd=gateway["data_dir"])


def exchange(port, text, source="127.0.0.1", final=False):
    """Sends one datagram from `source`; returns the response's status line and headers (or None
    after 2 s) — with `final`, the first final response, past provisional ones (100 Trying)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((source, 0))
        s.settimeout(2)
        s.sendto(text.replace("\n", "\r\n").encode(), ("127.0.0.1", port))
        try:
            data = s.recv(65535).decode()
            while final and data.startswith("SIP/2.0 1"):
                data = s.recv(65535).decode()
        except socket.timeout:
            return None
    lines = data.split("\r\n")
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers.setdefault(name.strip().lower(), []).append(value.strip())
    return lines[0], headers


def request(method, user="phone1", extra=""):
    branch = "z9hG4bK" + uuid.uuid4().hex[:12]
    return (f"{method} sip:127.0.0.1 SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch={branch};rport\nMax-Forwards: 70\n"
            f"From: <sip:{user}@127.0.0.1>;tag=t{branch[-6:]}\nTo: <sip:{user}@127.0.0.1>\nCall-ID: {branch}@e2e\nCSeq: 1 {method}\n{extra}Content-Length: 0\n\n")


def test_a_trunk_pings_with_options(gateway):
    result = sipp(gateway, "options.xml")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_sip_over_tcp_frames_messages_by_content_length(gateway):
    result = sipp(gateway, "options.xml", "-t", "t1")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    registered = sipp(gateway, "register.xml", "-t", "t1", "-au", "phone1", "-ap", "phone-secret-1")
    assert registered.returncode == 0, registered.stdout[-2000:] + registered.stderr[-2000:]
    # Two requests and a keep-alive in one write: two answers, in order.
    with socket.create_connection(("127.0.0.1", gateway["port"]), timeout=3) as s:
        first, second = request("OPTIONS").replace("\n", "\r\n"), request("FOO").replace("\n", "\r\n")
        s.sendall(b"\r\n\r\n" + first.encode() + second.encode())
        data = b""
        while data.count(b"SIP/2.0 ") < 2:
            chunk = s.recv(65535)
            assert chunk, "the gateway closed the connection"
            data += chunk
    statuses = [line for line in data.decode().split("\r\n") if line.startswith("SIP/2.0 ")]
    assert statuses == ["SIP/2.0 200 OK", "SIP/2.0 501 Not Implemented"]


def test_an_agent_phone_registers_with_its_password_and_not_with_another(gateway):
    good = sipp(gateway, "register.xml", "-au", "phone1", "-ap", "phone-secret-1")
    assert good.returncode == 0, good.stdout[-2000:] + good.stderr[-2000:]
    bad = sipp(gateway, "register.xml", "-au", "phone1", "-ap", "wrong-guess")
    assert bad.returncode != 0, "a wrong password must not register"


def test_unknown_and_known_users_get_the_same_challenge(gateway):
    answers = []
    for user in ["phone1", "nobody-here"]:
        status, headers = exchange(gateway["port"], request("REGISTER", user, "Contact: <sip:x@127.0.0.1:5999>\n"))
        challenge = [re.sub(r'nonce="[^"]+"', 'nonce="…"', value) for value in headers["www-authenticate"]]
        answers.append((status, challenge))
        fake = 'Authorization: Digest username="%s", realm="switchboard", nonce="1.00", uri="sip:127.0.0.1", response="00000000000000000000000000000000"\n' % user
        status, headers = exchange(gateway["port"], request("REGISTER", user, "Contact: <sip:x@127.0.0.1:5999>\n" + fake))
        answers.append((status, [re.sub(r'nonce="[^"]+"', 'nonce="…"', value) for value in headers["www-authenticate"]]))
    assert answers[0] == answers[2] and answers[1] == answers[3], answers
    assert answers[0][0] == "SIP/2.0 401 Unauthorized" and "algorithm=MD5" in answers[0][1][0] and "algorithm=SHA-256" in answers[0][1][1]


def test_what_the_gateway_does_not_do_is_answered_per_rfc_3261(gateway):
    status, headers = exchange(gateway["port"], request("FOO"))
    assert status == "SIP/2.0 501 Not Implemented"
    status, headers = exchange(gateway["port"], request("SUBSCRIBE"))
    assert status == "SIP/2.0 405 Method Not Allowed" and headers["allow"] == ["INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, REFER"]
    status, headers = exchange(gateway["port"], request("REFER", extra="Refer-To: <sip:phone2@127.0.0.1>\n"))
    assert status == "SIP/2.0 403 Forbidden" and "only inside a call" in headers["warning"][0]
    # RFC 4475 §3.3.2 and §3.3.6: a Request-URI scheme nobody knows, an INVITE body that is not SDP.
    status, headers = exchange(gateway["port"], request("OPTIONS").replace("OPTIONS sip:127.0.0.1", "OPTIONS nobodyKnowsThisScheme:totallyopaquecontent", 1))
    assert status == "SIP/2.0 416 Unsupported URI Scheme"
    body = '<audio>\n <pcmu port="443"/>\n</audio>\n'
    invite = request("INVITE", extra="Content-Type: application/unknownformat\n").replace("Content-Length: 0\n\n", f"Content-Length: {len(body) + 3}\n\n{body}")
    status, headers = exchange(gateway["port"], invite)
    assert status == "SIP/2.0 415 Unsupported Media Type" and headers["accept"] == ["application/sdp"]
    status, headers = exchange(gateway["port"], request("OPTIONS", extra="Require: 100rel\n"))
    assert status == "SIP/2.0 420 Bad Extension" and headers["unsupported"] == ["100rel"]
    status, headers = exchange(gateway["port"], request("OPTIONS"))
    assert headers["via"][0].endswith("received=127.0.0.1") or "rport=" in headers["via"][0]
    assert headers["server"] == ["Switchboard"]


def test_a_malformed_datagram_is_dropped_and_disturbs_nothing(gateway):
    assert exchange(gateway["port"], "INVITE <sip:x> SIP/2.0\nVia: nonsense\n\n") is None
    assert exchange(gateway["port"], "\x00\x01garbage") is None
    assert exchange(gateway["port"], request("OPTIONS"))[0] == "SIP/2.0 200 OK"


def call_through(gateway, phone_scenario, trunk_scenario, caller, trunk_args=(), trunk_source="127.0.0.1", timeout=20):
    """Registers phone1's phone (SIPp on a port of its own), makes phone1 Available, runs the phone
    scenario there and the trunk scenario (from the address `trunk_source`) from `caller` to the
    DNIS; returns the call's VoiceCall."""
    base, token = gateway["base"], gateway["token"]
    phone_port = free_udp_port()
    registered = sipp(gateway, "register.xml", "-au", "phone1", "-ap", "phone-secret-1", local_port=phone_port)
    assert registered.returncode == 0, registered.stdout[-2000:]
    assert signed_in(base, "phone1")("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
    scenario = ["-sn", "uas"] if phone_scenario == "uas" else ["-sf", os.path.join(HERE, "sip", phone_scenario)]
    phone = subprocess.Popen(["sipp", *scenario, "-i", "127.0.0.1", "-p", str(phone_port), "-m", "1", "-nostdin", "-timeout", f"{timeout}s", "-timeout_error"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=gateway["data_dir"])
    try:
        trunk = sipp(gateway, trunk_scenario, "-s", "18005550166", *trunk_args, field=caller, source=trunk_source, timeout=f"{max(15, timeout - 5)}s")
        assert trunk.returncode == 0, trunk.stdout[-3000:]
        assert phone.wait(timeout=timeout + 10) == 0, "the agent's phone went through its whole scenario"
    finally:
        if phone.poll() is None:
            phone.kill()
    return ended_call(gateway, caller)


def ended_call(gateway, caller, field="FromPhoneNumber"):
    """The caller's VoiceCall once its end is recorded (a moment after the last SIP message)."""
    import time
    deadline = time.monotonic() + 10
    while True:
        _, calls = api(gateway["base"], gateway["token"], "GET", f"/api/v1/records/VoiceCall?{field}=" + caller.replace("+", "%2B"))
        if calls["records"] and calls["records"][0]["CallEndDateTime"] or time.monotonic() > deadline:
            return calls["records"][0]
        time.sleep(0.1)


def test_a_trunk_call_to_the_dnis_rings_the_agents_phone_which_answers(gateway):
    """Back to back: the trunk's INVITE to the DNIS is routed to phone1, whose registered phone (a
    SIPp UAS) is invited with the trunk's SDP; 180 and 200 go back; the caller's BYE ends both legs."""
    call = call_through(gateway, "uas", "trunk_call.xml", "+14155550134")
    assert call["VendorCallKey"].startswith("sip-") and call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup"
    _, users = api(gateway["base"], gateway["token"], "GET", "/api/v1/records/User?Username=phone1")
    assert call["UserId"] == users["records"][0]["Id"]


def test_a_caller_who_gives_up_while_the_phone_rings_cancels_both_legs(gateway):
    call = call_through(gateway, "phone_rings_then_cancelled.xml", "trunk_cancel.xml", "+14155550135")
    assert call["Outcome"] == "Abandoned" and call["DisconnectReason"] == "CallerHangup" and call["CallAcceptDateTime"] is None


def test_the_agent_hangs_up_from_the_phone_and_the_trunk_gets_the_bye(gateway):
    call = call_through(gateway, "phone_answers_then_hangs_up.xml", "trunk_agent_hangs_up.xml", "+14155550136")
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "AgentHangup"


def test_a_call_whose_answer_the_trunk_never_acks_is_ended_with_byes_after_32_seconds(gateway):
    """The trunk's side vanishes after the 200 (no ACK): the gateway resends the 200 for 64·T1,
    then ends the session (RFC 3261 §13.3.1.4) — a BYE to the trunk and to the agent's phone
    (SIPp's built-in UAS) — and the call ends `NoAck`, rather than being held forever with the
    agent Busy (found with the benchmark: 1,252 calls still up 40 s after a 500/s run)."""
    call = call_through(gateway, "uas", "trunk_never_acks.xml", "+14155550153", timeout=60)
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "NoAck", call


def sip_retransmissions(gateway):
    """The gateway's count of SIP messages resent (0 before the first)."""
    text = urllib.request.urlopen(gateway["base"] + "/metrics", timeout=10).read().decode()
    values = [float(line.split()[-1]) for line in text.splitlines() if line.startswith("switchboard_sip_retransmissions_total")]
    return sum(values)


def test_the_answer_to_an_unacked_re_invite_is_not_resent_once_the_call_has_ended():
    """The trunk refreshes the session, never ACKs the 200 and hangs up at once. The gateway
    resends that 200 while the call lasts (RFC 6026: at 0.5, 1.5, 3.5 s …) but not after the BYE:
    a trunk would otherwise get answers for a dialog it has ended. A server of its own, so no
    other test's retransmissions are counted."""
    import time
    started = start_gateway(SWITCHBOARD_SIP_TRUNK_PING_SECONDS="0")
    gateway = next(started)
    try:
        call = call_through(gateway, "uas", "trunk_refresh_unacked_then_bye.xml", "+14155550162")
        assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup", call
        ended = sip_retransmissions(gateway)
        time.sleep(4.5)  # longer than the 2xx's resend interval (at most 4 s, T2)
        assert sip_retransmissions(gateway) == ended, "the re-INVITE's 200 was resent after the call ended"
    finally:
        next(started, None)


def test_a_trunk_calls_over_tcp_while_the_phone_is_on_udp(gateway):
    """The trunk's INVITE comes over TCP (SIPp -t t1): 100, 180 and 200 go back on its connection
    (no retransmissions: the transport is reliable), the phone leg is UDP, and when the agent
    hangs up on the phone the gateway's BYE reaches the trunk on its TCP connection."""
    call = call_through(gateway, "phone_answers_then_hangs_up.xml", "trunk_agent_hangs_up.xml", "+14155550152", trunk_args=("-t", "t1"))
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "AgentHangup"


def test_a_call_through_proxies_keeps_their_route_set(gateway):
    """The trunk's INVITE recorded two proxies: the 200 carries the Record-Route back, and when the
    agent hangs up the BYE goes to the caller's Contact with Route: edge, then core (RFC 3261 §12)."""
    call = call_through(gateway, "phone_answers_then_hangs_up.xml", "trunk_through_proxies.xml", "+14155550151")
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "AgentHangup"


def test_a_delayed_offer_gets_its_sdp_from_the_phone_and_the_answer_from_the_trunks_ack(gateway):
    """The trunk's INVITE has no SDP: the phone is invited without one, its 200 carries the offer
    to the trunk, and the trunk's ACK carries the answer to the phone (RFC 3261 §13.2.1)."""
    call = call_through(gateway, "phone_delayed_offer.xml", "trunk_delayed_offer.xml", "+14155550141")
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup"


def test_datagrams_lost_on_both_legs_are_recovered_by_retransmission(gateway):
    """Each leg runs through a lossy link: the trunk's INVITE and BYE, the gateway's 200 to the
    trunk, the gateway's INVITE and BYE to the phone and the phone's 200 are each lost once. Timers
    A and E and the 2xx retransmission (RFC 3261 §17, RFC 6026) recover every one. (Not the trunk's
    ACK: SIPp, playing the trunk, does not send it again when the 200 comes again.)"""
    from lossy_link import LossyLink
    trunk_link = LossyLink(gateway["port"], [("in", "INVITE "), ("out", "SIP/2.0 200"), ("in", "BYE ")])
    phone_link = LossyLink(gateway["port"], [("out", "INVITE "), ("in", "SIP/2.0 200"), ("out", "BYE ")])
    phone = None
    try:
        phone_port = free_udp_port()
        # The phone registers through its link, so the gateway reaches it through it too.
        assert sipp(gateway, "register.xml", "-au", "phone1", "-ap", "phone-secret-1", local_port=phone_port, target_port=phone_link.port).returncode == 0
        assert signed_in(gateway["base"], "phone1")("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
        phone = subprocess.Popen(["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(phone_port), "-m", "1", "-nostdin", "-timeout", "25s", "-timeout_error"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=gateway["data_dir"])
        trunk = subprocess.run(sipp_command(gateway, "trunk_call.xml", "-s", "18005550166", field="+14155550142", target_port=trunk_link.port),
                               capture_output=True, text=True, timeout=60, cwd=gateway["data_dir"])
        assert trunk.returncode == 0, trunk.stderr[-3000:]
        assert phone.wait(timeout=30) == 0
    finally:
        if phone and phone.poll() is None:
            phone.kill()
        trunk_link.close()
        phone_link.close()
    assert trunk_link.pending == [] and phone_link.pending == [], f"every loss happened: {trunk_link.dropped} {phone_link.dropped}"
    call = ended_call(gateway, "+14155550142")
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup"


def test_the_agents_phone_holds_and_resumes_with_re_invites(gateway):
    """The phone's re-INVITE offering sendonly is answered recvonly and puts the call on hold (the
    VoiceCall counts it); sendrecv takes it off. Each is passed on to the trunk in a re-INVITE of
    its own (sendonly, then sendrecv), so the caller's media follows. Then the caller hangs up."""
    call = call_through(gateway, "phone_holds_and_resumes.xml", "trunk_held_by_phone.xml", "+14155550143")
    assert call["Outcome"] == "Answered" and call["NumberOfHolds"] == 1 and call["DisconnectReason"] == "CustomerHangup", call


def test_a_trunks_session_refresh_is_answered_with_the_phones_media(gateway):
    """A re-INVITE from the trunk (a session timer's refresh) gets 200 with the agent phone's SDP
    in the direction that answers it; the call goes on until the caller hangs up."""
    call = call_through(gateway, "uas", "trunk_refreshes_session.xml", "+14155550144")
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup" and call["NumberOfHolds"] in (0, None), call


def test_a_trunks_hold_is_passed_to_the_agents_phone(gateway):
    """The trunk holds (re-INVITE sendonly, answered recvonly) and resumes: the agent's phone is
    re-INVITEd the same way each time, so its media follows. The call itself is not on hold in
    Switchboard: the customer's side held, not the agent."""
    call = call_through(gateway, "phone_held_by_trunk.xml", "trunk_holds_and_resumes.xml", "+14155550148")
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup" and call["NumberOfHolds"] in (0, None), call


def test_a_sip_call_pops_the_caller_in_the_agents_console(gateway, page):
    """The trunk's call reaches the console like any other: the agent's softphone rings with the
    caller and searchAndScreenPop opens the caller's Contact, while the SIP phone rings."""
    from console_support import open_console, own_layout
    from test_softphone import softphone
    base, token = gateway["base"], gateway["token"]
    own_layout({"base": base}, token, "SIP layout", ["phone1"])
    status, contact = api(base, token, "POST", "/api/v1/records/Contact", {"FirstName": "Sipp", "LastName": "Caller", "Phone": "+1 415 555 0137"})
    assert status == 201
    open_console(page, base, "phone1")
    softphone(page).locator("#presence").select_option("Available")
    call = call_through(gateway, "uas", "trunk_call.xml", "+14155550137")
    page.locator("#record-name").filter(has_text="Sipp Caller").wait_for(timeout=15000)
    assert call["Outcome"] == "Answered"


def test_a_sip_call_is_answered_on_the_phone_not_in_the_softphone(patient_gateway, page):
    """While the SIP phone rings, the softphone's Answer is refused with the reason (the voice is
    on the phone); the call goes on ringing there until the caller gives up, 8 s after the ringing
    began — time for the browser to show the call and the agent to try, even on a busy machine."""
    from console_support import open_console
    from test_softphone import softphone
    gateway = patient_gateway
    open_console(page, gateway["base"], "phone1")
    frame = softphone(page)
    frame.locator("#presence").select_option("Available")
    agent_phone = phone(gateway, "phone1", "phone-secret-1", "phone_rings_then_cancelled.xml")
    trunk = subprocess.Popen(sipp_command(gateway, "trunk_cancel_after_ringing.xml", "-s", "18005550166", "-d", "8000", field="+14155550154"),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=gateway["data_dir"])
    frame.locator("#incoming").wait_for(timeout=15000)
    frame.locator("#answer").click()
    frame.locator("#state").filter(has_text="ringing on your SIP phone; answer it there").wait_for(timeout=5000)
    assert finish(trunk, agent_phone) == [0, 0], trunk.stdout.read()[-2000:]
    call = ended_call(gateway, "+14155550154")
    assert call["Outcome"] == "Abandoned" and call["CallAcceptDateTime"] is None and call["DisconnectReason"] == "CallerHangup", call


def test_the_agent_hangs_up_in_the_softphone_and_both_sip_legs_get_a_bye(gateway, page):
    """Call control reaches the SIP legs: the agent answers on the SIP phone, sees the call
    connected in the softphone and hangs up there; the trunk and the phone each get a BYE."""
    from console_support import open_console
    from test_softphone import phase_is, softphone
    base, token = gateway["base"], gateway["token"]
    open_console(page, base, "phone1")
    frame = softphone(page)
    frame.locator("#presence").select_option("Available")
    phone_port = free_udp_port()
    assert sipp(gateway, "register.xml", "-au", "phone1", "-ap", "phone-secret-1", local_port=phone_port).returncode == 0
    phone = subprocess.Popen(["sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", str(phone_port), "-m", "1", "-nostdin", "-timeout", "25s", "-timeout_error"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=gateway["data_dir"])
    trunk = subprocess.Popen(sipp_command(gateway, "trunk_agent_hangs_up.xml", "-s", "18005550166", field="+14155550140"),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=gateway["data_dir"])
    try:
        phase_is(frame, "Connected")
        frame.locator("#hangup").click()
        assert trunk.wait(timeout=30) == 0, trunk.stdout.read()[-3000:]
        assert phone.wait(timeout=30) == 0, "the agent's phone got its BYE"
    finally:
        for process in [phone, trunk]:
            if process.poll() is None:
                process.kill()
    call = ended_call(gateway, "+14155550140")
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "AgentHangup"


def two_phones(gateway, first_scenario, trunk_scenario, caller):
    """phone1 and phone2 register SIP phones and go Available, phone1 first (so it has been idle
    longest and rings first); phone1's phone runs `first_scenario`, phone2's answers. Returns the
    call's VoiceCall and each agent's presence afterwards."""
    base, token = gateway["base"], gateway["token"]
    phones = []
    try:
        for user, password, scenario in [("phone1", "phone-secret-1", ["-sf", os.path.join(HERE, "sip", first_scenario)]), ("phone2", "phone-secret-2", ["-sn", "uas"])]:
            port = free_udp_port()
            registered = sipp(gateway, "register.xml", "-au", user, "-ap", password, field=user, local_port=port)
            assert registered.returncode == 0, registered.stdout[-2000:]
            assert signed_in(base, user)("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
            phones.append(subprocess.Popen(["sipp", *scenario, "-i", "127.0.0.1", "-p", str(port), "-m", "1", "-nostdin", "-timeout", "25s", "-timeout_error"],
                                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=gateway["data_dir"]))
        trunk = sipp(gateway, trunk_scenario, "-s", "18005550166", field=caller)
        assert trunk.returncode == 0, trunk.stdout[-3000:]
        assert [phone.wait(timeout=30) for phone in phones] == [0, 0], "both agents' phones went through their scenarios"
    finally:
        for phone in phones:
            if phone.poll() is None:
                phone.kill()
    call = ended_call(gateway, caller)
    presence = {user: signed_in(base, user)("GET", "/api/v1/presence")[1] for user in ["phone1", "phone2"]}
    # phone2 leaves, so the module's other calls ring phone1 only.
    assert signed_in(base, "phone2")("PUT", "/api/v1/presence", {"status": "Offline"})[0] == 200
    _, users = api(base, token, "GET", "/api/v1/records/User?Username=phone2")
    return call, presence, users["records"][0]["Id"]


def test_a_phone_that_is_not_answered_stops_ringing_and_the_next_agents_phone_rings(gateway):
    """Ring timeout 3 s (telephony.ringTimeoutSeconds): phone1's phone rings unanswered, is
    cancelled, and phone2's phone rings and answers; the caller hears one call throughout."""
    call, presence, phone2 = two_phones(gateway, "phone_rings_then_cancelled.xml", "trunk_call.xml", "+14155550138")
    assert call["Outcome"] == "Answered" and call["UserId"] == phone2 and call["DisconnectReason"] == "CustomerHangup"
    assert presence["phone1"]["status"] == "Away" and presence["phone1"]["reason"] == "Missed call", presence


def test_a_phone_that_declines_passes_the_call_to_the_next_agent(gateway):
    call, presence, phone2 = two_phones(gateway, "phone_declines.xml", "trunk_call.xml", "+14155550139")
    assert call["Outcome"] == "Answered" and call["UserId"] == phone2
    assert presence["phone1"]["status"] == "Away" and presence["phone1"]["reason"] == "Declined call", presence


def phone(gateway, user, password, scenario, *extra):
    """Registers `user`'s SIP phone (SIPp on a port of its own) and starts it running `scenario`."""
    port = free_udp_port()
    registered = sipp(gateway, "register.xml", "-au", user, "-ap", password, field=user, local_port=port)
    assert registered.returncode == 0, registered.stdout[-2000:]
    chosen = ["-sn", "uas"] if scenario == "uas" else ["-sf", os.path.join(HERE, "sip", scenario)]
    return subprocess.Popen(["sipp", *chosen, *extra, "-i", "127.0.0.1", "-p", str(port), "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=gateway["data_dir"])


def finish(*processes):
    """Waits for every SIPp to end its scenario; returns their exit codes (killing any left)."""
    try:
        return [process.wait(timeout=40) for process in processes]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()


def connected_in_the_softphone(gateway, page, phone_scenario, trunk_scenario, caller):
    """phone1 signed in to the console (Chromium) and Available, its SIP phone running
    `phone_scenario`, a trunk calling from `caller` with `trunk_scenario`: returns the softphone
    frame, the phone and the trunk once the softphone shows the call connected."""
    from console_support import open_console
    from test_softphone import phase_is, softphone
    open_console(page, gateway["base"], "phone1")
    frame = softphone(page)
    frame.locator("#presence").select_option("Available")
    agent_phone = phone(gateway, "phone1", "phone-secret-1", phone_scenario)
    trunk = subprocess.Popen(sipp_command(gateway, trunk_scenario, "-s", "18005550166", field=caller),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=gateway["data_dir"])
    phase_is(frame, "Connected")
    return frame, agent_phone, trunk


def test_the_agent_holds_and_resumes_in_the_softphone_and_both_legs_are_re_invited(gateway, page):
    """The softphone's Hold re-INVITEs the trunk and the agent's phone `inactive` (no media either
    way), Resume `sendrecv`; each answered and ACKed. The VoiceCall counts one hold."""
    from test_softphone import phase_is
    frame, agent_phone, trunk = connected_in_the_softphone(gateway, page, "phone_held_from_softphone.xml", "trunk_held_from_softphone.xml", "+14155550145")
    frame.locator("#hold").click()
    phase_is(frame, "On hold")
    frame.locator("#hold").click()
    frame.locator("#hold").filter(has_text="Hold").wait_for(timeout=15000)
    assert finish(trunk, agent_phone) == [0, 0], "the trunk and the phone were each held, resumed and hung up"
    call = ended_call(gateway, "+14155550145")
    assert call["Outcome"] == "Answered" and call["NumberOfHolds"] == 1 and call["DisconnectReason"] == "CustomerHangup", call


def test_glare_is_answered_491_and_the_gateways_offer_is_tried_again(gateway, page):
    """The agent holds in the softphone while the trunk re-INVITEs: the trunk's offer gets 491
    (ours is pending), ours gets 491 from the trunk, is ACKed and sent again 2.1–4 s later
    (RFC 3261 §14.1) and answered; the phone is held once. The caller hangs up on hold."""
    from test_softphone import phase_is
    frame, agent_phone, trunk = connected_in_the_softphone(gateway, page, "phone_held_once.xml", "trunk_glare.xml", "+14155550147")
    frame.locator("#hold").click()
    phase_is(frame, "On hold")
    assert finish(trunk, agent_phone) == [0, 0], trunk.stdout.read()[-3000:]
    call = ended_call(gateway, "+14155550147")
    assert call["Outcome"] == "Answered" and call["NumberOfHolds"] == 1 and call["DisconnectReason"] == "CustomerHangup", call


def test_a_transfer_in_the_softphone_bridges_the_trunk_to_the_other_agents_phone(gateway, page):
    """phone1 answers on the SIP phone and transfers to phone2 in the softphone: phone1's phone
    gets a BYE, phone2's is invited without SDP, its offer goes to the trunk in a re-INVITE (under
    the session's origin) and the trunk's answer comes back in phone2's ACK. The caller then talks
    to phone2 and hangs up; the VoiceCall is phone2's."""
    from console_support import open_console
    from test_softphone import phase_is, softphone
    base = gateway["base"]
    open_console(page, base, "phone1")
    frame = softphone(page)
    frame.locator("#presence").select_option("Available")
    first = phone(gateway, "phone1", "phone-secret-1", "uas")
    second = phone(gateway, "phone2", "phone-secret-2", "phone_takes_transfer.xml")
    trunk = subprocess.Popen(sipp_command(gateway, "trunk_transferred.xml", "-s", "18005550166", field="+14155550146"),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=gateway["data_dir"])
    try:
        phase_is(frame, "Connected")
        # phone2 comes in after the call went to phone1, so routing did not offer it to them.
        assert signed_in(base, "phone2")("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
        frame.locator("#transfer-to").fill("phone2")
        frame.locator("#transfer-button").click()
        assert finish(trunk, first, second) == [0, 0, 0], "trunk bridged, phone1 hung up, phone2 answered with the offer: " + trunk.stdout.read()[-2000:]
    finally:
        signed_in(base, "phone2")("PUT", "/api/v1/presence", {"status": "Offline"})
    call = ended_call(gateway, "+14155550146")
    _, users = api(base, gateway["token"], "GET", "/api/v1/records/User?Username=phone2")
    assert call["Outcome"] == "Answered" and call["UserId"] == users["records"][0]["Id"] and call["DisconnectReason"] == "CustomerHangup", call


def dial_out(gateway, page, number, callee_scenario):
    """phone1 dials `number` in the softphone; its SIP phone and the customer (a SIPp UAS behind
    the outbound trunk running `callee_scenario`) go through their scenarios; returns the VoiceCall."""
    from console_support import open_console
    from test_softphone import phase_is, softphone
    open_console(page, gateway["base"], "phone1")
    frame = softphone(page)
    frame.locator("#presence").select_option("Available")
    agent_phone = phone(gateway, "phone1", "phone-secret-1", "phone_dials_out.xml")
    callee = subprocess.Popen(["sipp", "-sf", os.path.join(HERE, "sip", callee_scenario), "-i", "127.0.0.1", "-p", str(gateway["callee_port"]),
                               "-m", "1", "-nostdin", "-timeout", "30s", "-timeout_error"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=gateway["data_dir"])
    frame.locator("#number").fill(number)
    frame.locator("#call").click()
    phase_is(frame, "Connected")
    assert finish(callee, agent_phone) == [0, 0], "the customer got the phone's offer and hung up; the phone got the answer and a BYE"
    return ended_call(gateway, number, field="ToPhoneNumber")


def test_an_agent_dials_out_and_the_gateway_calls_their_phone_then_the_customer(gateway, page):
    """Click-to-dial by third-party call control: the number dialled in the softphone rings the
    agent's SIP phone first (no SDP); its offer goes to the customer through the outbound trunk;
    the customer's answer comes back in the phone's ACK. The customer hangs up; both legs end."""
    call = dial_out(gateway, page, "+14155550177", "callee_answers.xml")
    assert call["CallType"] == "Outbound" and call["CallAcceptDateTime"] and call["DisconnectReason"] == "CustomerHangup", call


def test_a_dial_out_answers_the_trunks_challenge_with_the_outbound_credentials(gateway, page):
    """The outbound trunk challenges the gateway's INVITE (401): the gateway ACKs it and sends the
    INVITE again (next CSeq, new branch) with a digest of sip.outboundUsername/Password, which
    the trunk checks before it rings and answers (a wrong one would get 403 and fail the call)."""
    call = dial_out(gateway, page, "+14155550178", "callee_challenges.xml")
    assert call["CallType"] == "Outbound" and call["CallAcceptDateTime"] and call["DisconnectReason"] == "CustomerHangup", call


def refer_from_the_phone(gateway, refer_to, trunk_scenario, caller):
    """phone1 and phone2 register and go Available (phone1 first, so the call rings phone1); the
    trunk calls; phone1's phone answers and REFERs to itself (refused) and then to `refer_to`;
    phone2's phone takes the call. Returns the VoiceCall and phone2's user id."""
    base = gateway["base"]
    first = phone(gateway, "phone1", "phone-secret-1", "phone_refers.xml", "-key", "refer_to", refer_to)
    assert signed_in(base, "phone1")("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
    second = phone(gateway, "phone2", "phone-secret-2", "phone_takes_transfer.xml")
    assert signed_in(base, "phone2")("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
    trunk = subprocess.Popen(sipp_command(gateway, trunk_scenario, "-s", "18005550166", field=caller),
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=gateway["data_dir"])
    try:
        assert finish(trunk, first, second) == [0, 0, 0], trunk.stdout.read()[-2000:]
    finally:
        signed_in(base, "phone2")("PUT", "/api/v1/presence", {"status": "Offline"})
    _, users = api(base, gateway["token"], "GET", "/api/v1/records/User?Username=phone2")
    return ended_call(gateway, caller), users["records"][0]["Id"]


def test_the_agents_phone_transfers_with_refer_to_another_agent(gateway):
    """The phone's Transfer button (REFER to sip:phone2@…): a REFER to its own agent gets 403
    with the reason in a Warning; to phone2, 202, NOTIFY "100 Trying", then — once phone2's phone
    is bridged to the trunk — NOTIFY "200 OK" (terminated), and phone1's phone hangs up itself."""
    call, phone2 = refer_from_the_phone(gateway, "phone2", "trunk_transferred.xml", "+14155550149")
    assert call["Outcome"] == "Answered" and call["UserId"] == phone2 and call["DisconnectReason"] == "CustomerHangup", call


def test_the_agents_phone_transfers_with_refer_to_a_queue(gateway):
    """REFER to sip:queue:SipCenter@…: the caller goes back to the queue — the trunk is held
    (inactive) while it waits, the phone told "200 OK" at once — and the next agent's phone (phone2)
    is bridged to the trunk when it answers; the call is phone2's."""
    call, phone2 = refer_from_the_phone(gateway, "queue:SipCenter", "trunk_requeued.xml", "+14155550150")
    assert call["Outcome"] == "Answered" and call["UserId"] == phone2 and call["DisconnectReason"] == "CustomerHangup", call


def test_the_gateways_metrics_count_what_happened(gateway):
    """After the module's calls: Prometheus shows SIP calls by direction, transactions,
    retransmissions (the lossy link's), parse failures (the malformed datagram) and registrations."""
    import re
    import urllib.request
    text = urllib.request.urlopen(gateway["base"] + "/metrics", timeout=10).read().decode()

    def value(pattern):
        found = re.search(r"^" + pattern + r"\s+([0-9.e+]+)$", text, re.M)
        assert found, pattern + " is not in /metrics"
        return float(found.group(1))
    assert value(r'switchboard_sip_calls_total\{direction="inbound"\}') >= 15
    assert value(r'switchboard_sip_calls_total\{direction="outbound"\}') >= 1
    assert value(r"switchboard_sip_calls_active") >= 0
    assert value(r'switchboard_sip_transactions_total\{[^}]*method="INVITE"[^}]*side="client"[^}]*\}|switchboard_sip_transactions_total\{[^}]*side="client"[^}]*method="INVITE"[^}]*\}') >= 15
    assert value(r"switchboard_sip_retransmissions_total") >= 3
    assert value(r"switchboard_sip_parse_failures_total") >= 1
    assert value(r"switchboard_sip_registrations_total") >= 15


def test_an_outbound_trunk_that_is_not_an_address_is_refused_at_start():
    data_dir = tempfile.mkdtemp(prefix="switchboard-sip-config-")
    try:
        env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(data_dir, "x.sqlite"), SWITCHBOARD_SIP_ENABLED="true",
                   SWITCHBOARD_SIP_OUTBOUND_TRUNK="pbx.example.com")
        result = subprocess.run([BINARY, "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    assert result.returncode != 0
    assert "sip.outboundTrunk is 'pbx.example.com'; use the trunk's IPv4 address and port" in result.stdout + result.stderr


def test_password_guessing_is_slowed_then_refused(gateway):
    """Last in this module: it blocks 127.0.0.1 for the gateway's ten minutes."""
    import time
    fake = 'Authorization: Digest username="phone1", realm="switchboard", nonce="1.00", uri="sip:127.0.0.1", response="00000000000000000000000000000000"\n'
    answers = []
    for _ in range(12):
        began = time.monotonic()
        answer = exchange(gateway["port"], request("REGISTER", extra="Contact: <sip:x@127.0.0.1:5999>\n" + fake))
        answers.append((answer[0] if answer else None, time.monotonic() - began))
    # The module's earlier tests already failed three times from this address (SIPp's wrong
    # password, the two fake answers): from here each failure waits longer, then the address is refused.
    statuses = [status for status, _ in answers]
    assert statuses[0] == "SIP/2.0 401 Unauthorized" and statuses[-1] == "SIP/2.0 403 Forbidden", statuses
    assert any(status == "SIP/2.0 401 Unauthorized" and took >= 0.9 for status, took in answers), "an answer was slowed: " + repr(answers)
    assert any(status is None for status in statuses), "later answers come after the test's 2 s wait: " + repr(statuses)
