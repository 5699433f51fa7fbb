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
