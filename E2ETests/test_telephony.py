"""The telephony events API from the outside: the simulator command posts a call through it to the
running server, and the VoiceCall follows; repeats change nothing, impossible events are refused
with the reason."""
import re

import pytest

from conftest import run_cli
from console_support import call_center_with_agent, admin_token, softphone_origin  # noqa: F401
from test_console_lightning import api


@pytest.fixture(scope="module")
def telephony(server, softphone_origin):
    token = admin_token(server, "telephony-e2e")
    agent = call_center_with_agent(server, "SimTest", softphone_origin + "/lightning.html", "sim-agent")
    _, users = api(server["base"], token, "GET", "/api/v1/records/User?Username=sim-agent")
    return {"token": token, "agent": agent, "agent_id": users["records"][0]["Id"]}


def simulate(server, token, *args):
    result = run_cli(["calls", "simulate", "--server", server["base"], "--token", token, "--from", "+14155550199",
                      "--to", "+18005550100", *args], server["data_dir"])
    ids = set(re.findall(r"VoiceCall (0LQ\w{15})", result.stdout))
    assert len(ids) == 1, result.stdout
    return result.stdout, ids.pop()


def test_a_simulated_call_is_answered_by_the_agent(server, telephony):
    out, call_id = simulate(server, telephony["token"], "--agent", "sim-agent", "--queue", "Sales", "--answer-after", "0.2s", "--hangup-after", "0.5s")
    assert [line.split(":")[0] for line in out.strip().splitlines()] == ["offered", "ringing", "answered", "ended"]
    _, call = api(server["base"], telephony["token"], "GET", f"/api/v1/records/VoiceCall/{call_id}")
    assert call["Outcome"] == "Answered" and call["UserId"] == telephony["agent_id"] and call["QueueName"] == "Sales"
    assert call["FromPhoneNumber"] == "+14155550199" and call["VendorCallKey"].startswith("sim-")
    assert 0 <= call["CallDurationInSeconds"] <= 5 and call["CallEndDateTime"] is not None


def test_nobody_answers_and_the_caller_hangs_up(server, telephony):
    _, call_id = simulate(server, telephony["token"], "--hangup-after", "0.1s")
    _, call = api(server["base"], telephony["token"], "GET", f"/api/v1/records/VoiceCall/{call_id}")
    assert call["Outcome"] == "Abandoned" and call["DisconnectReason"] == "CallerHangup" and call["UserId"] is None


def test_repeats_change_nothing_and_impossible_events_are_refused(server, telephony):
    base, token = server["base"], telephony["token"]
    event = {"id": "e1", "callKey": "e2e-tel-1", "type": "offered", "at": "2026-11-20T09:00:00Z", "from": "+33142685300"}
    status, first = api(base, token, "POST", "/api/v1/telephony/events", event)
    assert status == 200 and first["applied"] is True and first["phase"] == "offered"
    status, again = api(base, token, "POST", "/api/v1/telephony/events", event)
    assert status == 200 and again["applied"] is False and again["voiceCallId"] == first["voiceCallId"]
    status, refused = api(base, token, "POST", "/api/v1/telephony/events", {"id": "e2", "callKey": "e2e-tel-1", "type": "resumed", "at": "2026-11-20T09:00:05Z"})
    assert status == 409 and "the call is offered; resumed follows held" in refused["error"]["message"]
    status, bad = api(base, token, "POST", "/api/v1/telephony/events", {"callKey": "e2e-tel-1", "type": "exploded"})
    assert status == 400 and bad["error"]["issues"][0]["field"] == "type"


def signed_in(base, username, password=None):
    """An HTTP session for a user: a cookie jar opener and the CSRF token for writes."""
    import http.cookiejar
    import json
    import urllib.parse
    import urllib.request
    from conftest import PASSWORD
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    opener.open(base + "/signin", data=urllib.parse.urlencode({"username": username, "password": password or PASSWORD, "next": "/home"}).encode(), timeout=10)
    csrf = json.loads(opener.open(base + "/api/v1/session", timeout=10).read())["csrfToken"]

    def call(method, path, body=None):
        request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
        try:
            with opener.open(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")
    return call


def test_a_call_to_the_dnis_rings_the_available_agent_and_presence_follows_it(server, telephony):
    base, token = server["base"], telephony["token"]
    status, _ = api(base, token, "PATCH", "/api/v1/callcenters/SimTest", {"changes": [], "dnisNumbers": ["+1 800 555 0142"]})
    assert status == 200
    status, _ = api(base, token, "PUT", "/api/v1/callcenters/SimTest/dispositions", {"dispositions": [], "afterCallWorkSeconds": 0})
    assert status == 200
    agent = signed_in(base, "sim-agent")
    assert agent("PUT", "/api/v1/presence", {"status": "Busy"})[0] == 409
    status, presence = agent("PUT", "/api/v1/presence", {"status": "Available"})
    assert status == 200 and presence["status"] == "Available"

    result = run_cli(["calls", "simulate", "--server", base, "--token", token, "--from", "+14155550111", "--to", "+18005550142",
                      "--answer-after", "0.3s", "--hangup-after", "0.3s"], server["data_dir"])
    lines = result.stdout.strip().splitlines()
    assert "ringing" in lines[0] and "agent " + telephony["agent_id"] in lines[0], result.stdout
    call_id = re.search(r"VoiceCall (0LQ\w{15})", lines[0]).group(1)
    _, call = api(base, token, "GET", f"/api/v1/records/VoiceCall/{call_id}")
    assert call["Outcome"] == "Answered" and call["UserId"] == telephony["agent_id"]
    # After-call work is 0 s in this call center, so the agent is Available again.
    _, board = api(base, token, "GET", "/api/v1/presence/agents")
    mine = next(a for a in board["agents"] if a["userId"] == telephony["agent_id"])
    assert mine["status"] == "Available" and mine["name"] == "Test Sim-Agent"


def test_supervisors_see_presence_change_on_the_agents_board(server, page, telephony):
    from console_support import open_console
    base, token = server["base"], telephony["token"]
    assert api(base, token, "PUT", "/api/v1/presence/reasons", {"reasons": ["Lunch", "Coaching"]})[0] == 200
    agent = signed_in(base, "sim-agent")
    status, refused = agent("PUT", "/api/v1/presence", {"status": "Away", "reason": "Nap"})
    assert status == 409 and "Lunch, Coaching" in refused["error"]["message"]
    assert agent("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
    open_console(page, base, "admin")
    page.goto(base + "/admin/agents")
    row = page.locator(f"tr[data-user-id='{telephony['agent_id']}']")
    row.wait_for()
    assert row.get_attribute("data-status") == "Available"
    assert agent("PUT", "/api/v1/presence", {"status": "Away", "reason": "coaching"})[0] == 200
    page.locator(f"tr[data-user-id='{telephony['agent_id']}'][data-status='Away']").wait_for(timeout=10000)
    assert "Coaching" in row.inner_text()
    # With the only agent away, a call to the DNIS waits in the queue, and the board shows it.
    assert api(base, token, "PATCH", "/api/v1/callcenters/SimTest", {"changes": [], "dnisNumbers": ["+1 800 555 0142"]})[0] == 200
    status, queued = api(base, token, "POST", "/api/v1/telephony/events", {"id": "q1", "callKey": "e2e-queued-1", "type": "offered", "from": "+14155550177", "to": "+18005550142"})
    assert status == 200 and queued["phase"] == "queued"
    waiting = page.locator("tr[data-call-key='e2e-queued-1'][data-phase='queued']")
    waiting.wait_for(timeout=10000)
    assert waiting.inner_text().split("\t")[:3] == ["1", "+14155550177", "In queue"]
    assert api(base, token, "POST", "/api/v1/telephony/events", {"id": "q2", "callKey": "e2e-queued-1", "type": "ended", "reason": "CallerHangup"})[0] == 200
    assert agent("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
