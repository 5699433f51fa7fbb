"""Trunks and PBXs an admin defines over the API (`/api/v1/sip/trunks`) rather than in `sip.trunks`
(empty here): an INVITE from an address no trunk has is refused; a trunk known by its address
calls in at once; a trunk known by digest credentials is challenged and calls in once it answers,
and not with a wrong password; a removed trunk is refused again. Sources are loopback addresses
of their own (127.0.0.2, 127.0.0.3), the agent's phone is on 127.0.0.1. A defined trunk's address
with a port gets keep-alive OPTIONS like one in `sip.trunks`. Admins do the same on /admin/siptrunks."""
import os
import subprocess
import time

import pytest

from test_admin_callcenters import sign_in
from test_console_lightning import api
from test_sip_gateway import HERE, call_through, exchange, free_udp_port, request, sipp, start_gateway
from test_sip_trunk_health import wait_for_state

EDGE, CARRIER = "127.0.0.2", "127.0.0.3"


@pytest.fixture(scope="module")
def gateway():
    started = start_gateway(SWITCHBOARD_SIP_TRUNKS="", SWITCHBOARD_SIP_TRUNK_PING_SECONDS="1")
    yield next(started)
    next(started, None)


def invite_status(gateway, source):
    """The final answer (status line and headers) to an INVITE to the DNIS from `source`."""
    answer = exchange(gateway["port"], request("INVITE", user="18005550166"), source=source, final=True)
    assert answer, f"no answer to an INVITE from {source}"
    return answer


def trunks(gateway):
    status, body = api(gateway["base"], gateway["token"], "GET", "/api/v1/sip/trunks")
    assert status == 200, body
    return {t["name"]: t for t in body["trunks"]}


def test_a_trunk_known_by_its_address_calls_in_until_it_is_removed(gateway):
    assert invite_status(gateway, EDGE)[0] == "SIP/2.0 403 Forbidden", "no trunk has this address yet"
    status, saved = api(gateway["base"], gateway["token"], "PUT", "/api/v1/sip/trunks/edge", {"addresses": [EDGE]})
    assert status == 200 and saved == {"name": "edge", "addresses": [EDGE], "username": None, "passwordSet": False}
    call = call_through(gateway, "uas", "trunk_call.xml", "+14155550161", trunk_source=EDGE)
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup"
    assert api(gateway["base"], gateway["token"], "DELETE", "/api/v1/sip/trunks/edge")[0] == 204
    assert invite_status(gateway, EDGE)[0] == "SIP/2.0 403 Forbidden", "a removed trunk's INVITEs are refused at once"


def test_a_trunk_known_by_credentials_is_challenged_and_calls_in_with_them(gateway):
    status, saved = api(gateway["base"], gateway["token"], "PUT", "/api/v1/sip/trunks/carrier",
                        {"username": "carrier-1", "password": "carrier-password-1"})
    assert status == 200 and saved["passwordSet"] is True and "carrier-password-1" not in str(trunks(gateway))
    line, headers = invite_status(gateway, CARRIER)
    assert line == "SIP/2.0 401 Unauthorized" and headers["www-authenticate"][0].startswith('Digest realm="switchboard"')
    try:
        call = call_through(gateway, "uas", "trunk_call_auth.xml", "+14155550162", trunk_source=CARRIER,
                            trunk_args=("-au", "carrier-1", "-ap", "carrier-password-1"))
        assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup"
        wrong = sipp(gateway, "trunk_call_auth.xml", "-s", "18005550166", "-au", "carrier-1", "-ap", "a-wrong-guess", field="+14155550163", source=CARRIER)
        assert wrong.returncode != 0 and "401" in wrong.stdout + wrong.stderr, "a wrong password is challenged again"
        time.sleep(0.5)  # any call it had started would be recorded by now
        _, calls = api(gateway["base"], gateway["token"], "GET", "/api/v1/records/VoiceCall?FromPhoneNumber=%2B14155550163")
        assert calls["records"] == [], "a wrong password starts no call"
    finally:
        assert api(gateway["base"], gateway["token"], "DELETE", "/api/v1/sip/trunks/carrier")[0] == 204
    assert invite_status(gateway, CARRIER)[0] == "SIP/2.0 403 Forbidden", "with no trunk left to authenticate as, nothing is challenged"


def test_a_bad_trunk_definition_is_refused_with_every_reason_and_changes_nothing(gateway):
    status, body = api(gateway["base"], gateway["token"], "PUT", "/api/v1/sip/trunks/bad%20name",
                       {"addresses": ["pbx.example.com"], "username": "pbx"})
    assert status == 400
    fields = sorted(issue["field"] for issue in body["error"]["issues"])
    assert fields == ["addresses", "name", "password"], body
    assert "is not an IPv4 address with an optional port" in str(body)
    assert "bad name" not in trunks(gateway)


def test_a_defined_trunks_address_with_a_port_is_pinged_and_shown_up(gateway):
    port = free_udp_port()
    trunk = subprocess.Popen(["sipp", "-sf", os.path.join(HERE, "sip", "trunk_answers_options.xml"), "-i", EDGE, "-p", str(port),
                              "-m", "100", "-nostdin", "-timeout", "60s"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=gateway["data_dir"])
    try:
        assert api(gateway["base"], gateway["token"], "PUT", "/api/v1/sip/trunks/pinged", {"addresses": [f"{EDGE}:{port}"]})[0] == 200
        assert wait_for_state({"base": gateway["base"], "trunk": f"{EDGE}:{port}"}, 1.0), "up while it answers OPTIONS"
    finally:
        trunk.kill()
        trunk.wait()
        api(gateway["base"], gateway["token"], "DELETE", "/api/v1/sip/trunks/pinged")


def test_an_admin_adds_edits_and_removes_a_trunk_on_its_page(gateway, page):
    sign_in(page, gateway["base"], "sipadmin")
    page.goto(gateway["base"] + "/admin/siptrunks")
    page.locator("#trunks tbody").filter(has_text="No trunks yet").wait_for()
    # Every problem at once, and nothing saved.
    page.get_by_label("Trunk name").fill("pbx west")
    page.get_by_label("IPv4 addresses").fill("pbx.example.com")
    page.get_by_label("Digest username").fill("west")
    page.get_by_role("button", name="Save trunk").click()
    page.locator("#problems li").first.wait_for()
    problems = page.locator("#problems").inner_text()
    assert "name:" in problems and "'pbx.example.com' is not an IPv4 address" in problems and "password: is required with a username" in problems
    assert "pbx west" not in trunks(gateway)
    page.get_by_label("Trunk name").fill("pbx-west")
    page.get_by_label("IPv4 addresses").fill("127.0.0.5:5070\n127.0.0.6\n")
    page.get_by_label("Password, 12 characters").fill("west-password-1")
    page.get_by_role("button", name="Save trunk").click()
    page.locator("#status").filter(has_text="Saved pbx-west.").wait_for()
    row = page.locator("#trunks tbody tr").filter(has_text="pbx-west")
    assert row.locator("td").all_inner_texts()[:4] == ["pbx-west", "127.0.0.5:5070, 127.0.0.6", "west", "set"]
    assert trunks(gateway)["pbx-west"] == {"name": "pbx-west", "addresses": ["127.0.0.5:5070", "127.0.0.6"], "username": "west", "passwordSet": True}
    # Edit fills the form; saving without credentials leaves the trunk known by address only.
    page.get_by_role("button", name="Edit pbx-west").click()
    assert page.get_by_label("IPv4 addresses").input_value() == "127.0.0.5:5070\n127.0.0.6"
    page.get_by_label("Digest username").fill("")
    page.get_by_role("button", name="Save trunk").click()
    page.locator("#status").filter(has_text="Saved pbx-west.").wait_for()
    assert trunks(gateway)["pbx-west"]["username"] is None and trunks(gateway)["pbx-west"]["passwordSet"] is False
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove pbx-west").click()
    page.locator("#status").filter(has_text="Removed pbx-west.").wait_for()
    page.locator("#trunks tbody").filter(has_text="No trunks yet").wait_for()
    assert trunks(gateway) == {}
