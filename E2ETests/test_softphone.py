"""The reference softphone through a whole shift, in Chromium: two agents sign in to the console,
go Available; a simulated call from a known number pops the caller's Contact; the agent answers,
holds, resumes and transfers it to the second agent, whose page is refreshed mid-call and keeps
the call, and who wraps it up; a call from an unknown number opens the new-Contact form with the
number; a click on a phone field dials out. The Task and the VoiceCall are checked afterwards."""
import os
import re
import subprocess
from urllib.parse import quote

import pytest

from conftest import BINARY, PASSWORD, run_cli
from console_support import admin_token, call_center_with_agent, open_console, own_layout
from test_console_lightning import api
from test_sign_in import shot

DNIS = "+18005550177"
KNOWN = "+1 212 555 0190"
UNKNOWN = "+1 212 555 0193"


def softphone(page):
    """The reference softphone's frame, connected to the call control API, with its panel open."""
    page.wait_for_selector("#softphone-frame", state="attached")
    frame = page.locator("#softphone-frame").element_handle().content_frame()
    # The frame may still hold the page before the softphone's (about:blank) when first polled.
    # Polled on a timer, not on animation frames: the closed panel's frame may get none (in CI it
    # said Connected while a frame-polled wait timed out), so every frame wait here polls.
    try:
        frame.wait_for_function("() => document.getElementById('connection')?.textContent === 'Connected'", timeout=15000, polling=100)
    except Exception as error:
        shown = frame.evaluate("() => ({url: location.href, connection: document.getElementById('connection')?.textContent, state: document.getElementById('state')?.textContent})")
        raise AssertionError(f"the softphone did not connect to the call control API: {error}\nit shows {shown}") from error
    if page.locator("#softphone-item").get_attribute("aria-expanded") != "true":
        page.locator("#softphone-item").click()
    return frame


def simulate(server, token, caller):
    """Starts a simulated caller (the CLI, through the events API); returns the process and the call key."""
    env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(server["data_dir"], "e2e.sqlite"))
    process = subprocess.Popen([BINARY, "calls", "simulate", "--server", server["base"], "--token", token, "--from", caller,
                                "--to", DNIS, "--hangup-after", "120s"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    first = process.stdout.readline()
    match = re.search(r"call (sim-\w+), VoiceCall (0LQ\w{15})", first)
    assert match, first
    return process, match.group(1), match.group(2)


def available(page, base, username):
    """Signs the agent in to the console and makes them Available in the softphone; returns the softphone's frame."""
    open_console(page, base, username)
    phone = softphone(page)
    phone.locator("#presence").select_option("Available")
    phone.locator("#state").filter(has_text="Status: Available").wait_for()
    return phone


def phase_is(frame, text):
    frame.locator("#active-phase").filter(has_text=re.compile("^" + re.escape(text) + "$")).wait_for(timeout=15000)


@pytest.fixture(scope="module")
def shift(server):
    token = admin_token(server, "shift-e2e")
    call_center_with_agent(server, "Shift", "/softphone/", "shift-ada", height=560)
    run_cli(["users", "add", "--username", "shift-bob", "--email", "shift-bob@example.com", "--first-name", "Bob",
             "--last-name", "Shift", "--role", "agent", "--password", PASSWORD], server["data_dir"])
    folder = os.path.join(server["data_dir"], "shift-users.csv")
    with open(folder, "w") as f:
        f.write("username\nshift-bob\n")
    run_cli(["callcenters", "assign", "Shift", folder], server["data_dir"])
    own_layout(server, token, "Shift layout", ["shift-ada", "shift-bob"])
    assert api(server["base"], token, "PATCH", "/api/v1/callcenters/Shift", {"changes": [], "dnisNumbers": [DNIS]})[0] == 200
    # The same reasons as test_telephony's, so the order the tests run in does not matter.
    assert api(server["base"], token, "PUT", "/api/v1/presence/reasons", {"reasons": ["Lunch", "Coaching"]})[0] == 200
    assert api(server["base"], token, "PUT", "/api/v1/callcenters/Shift/dispositions", {"dispositions": ["Resolved", "Call back"], "afterCallWorkSeconds": 2})[0] == 200
    status, contact = api(server["base"], token, "POST", "/api/v1/records/Contact", {"FirstName": "Jerry", "LastName": "Shiftwell", "Phone": KNOWN})
    assert status == 201
    _, users = api(server["base"], token, "GET", "/api/v1/records/User?Username=shift-bob")
    return {"token": token, "contact": contact, "bob_id": users["records"][0]["Id"]}


def test_a_whole_shift(server, browser, shift):
    base, token = server["base"], shift["token"]
    ada_context, bob_context = browser.new_context(), browser.new_context()
    ada, bob = ada_context.new_page(), bob_context.new_page()
    simulators = []
    try:
        # Both sign in and go Available, ada first: she has been idle longest.
        ada_phone = available(ada, base, "shift-ada")
        bob_phone = available(bob, base, "shift-bob")

        # A call from a known number rings ada and pops the caller's Contact in her console.
        process, key, call_id = simulate(server, token, KNOWN)
        simulators.append((process, key))
        ada_phone.locator("#incoming").wait_for(state="visible", timeout=15000)
        assert ada_phone.locator("#incoming-number").inner_text() == KNOWN
        ada.locator("#record-name").filter(has_text="Jerry Shiftwell").wait_for(timeout=15000)
        ada_phone.locator("#incoming-record").filter(has_text="Contact: Jerry Shiftwell").wait_for()
        shot(ada, "softphone-incoming-call")

        ada_phone.locator("#answer").click()
        phase_is(ada_phone, "Connected")
        ada_phone.locator("#hold").click()
        phase_is(ada_phone, "On hold")
        assert ada_phone.locator("#hold").get_attribute("aria-pressed") == "true"
        ada_phone.locator("#hold").click()
        phase_is(ada_phone, "Connected")
        shot(ada, "softphone-connected")

        # Transferred to bob: ada's softphone lets it go, bob's has it.
        ada_phone.locator("#transfer-to").fill("shift-bob")
        ada_phone.locator("#transfer-button").click()
        ada_phone.locator("#active").wait_for(state="hidden")
        phase_is(bob_phone, "Connected")
        assert bob_phone.locator("#active-number").inner_text() == KNOWN

        # A refresh mid-call keeps the call.
        bob.reload()
        bob.wait_for_selector("body[data-ready=true]", timeout=15000)
        bob_phone = softphone(bob)
        phase_is(bob_phone, "Connected")

        # Bob hangs up and wraps up: the Task is logged with saveLog and linked to the call.
        bob_phone.locator("#hangup").click()
        bob_phone.locator("#wrapup").wait_for(state="visible")
        bob_phone.locator("#disposition").select_option("Resolved")
        bob_phone.locator("#notes").fill("Billing question, transferred from Ada")
        shot(bob, "softphone-wrap-up")
        bob_phone.locator("#save-wrapup").click()
        bob_phone.locator("#state").filter(has_text="Call logged").wait_for()

        _, call = api(base, token, "GET", f"/api/v1/records/VoiceCall/{call_id}")
        assert call["Outcome"] == "Answered" and call["UserId"] == shift["bob_id"] and call["NumberOfHolds"] == 1
        assert call["CallDisposition"] == "Resolved" and call["DisconnectReason"] == "AgentHangup" and call["VendorCallKey"] == key
        _, task = api(base, token, "GET", f"/api/v1/records/Task/{call['ActivityId']}")
        assert task["WhoId"] == shift["contact"]["Id"] and task["CallObject"] == key and task["CallDisposition"] == "Resolved"
        assert task["Description"] == "Billing question, transferred from Ada" and task["Subject"] == "Inbound call " + KNOWN
        _, tasks = api(base, token, "GET", f"/api/v1/records/Task?CallObject={key}")
        assert len(tasks["records"]) == 1, "one Task for the call"

        # Bob steps away; a call from an unknown number rings ada and opens a new Contact with the number.
        bob_phone.locator("#presence").select_option(label="Away — Lunch")
        bob_phone.locator("#state").filter(has_text="Status: Away — Lunch").wait_for()
        process, key, call_id = simulate(server, token, UNKNOWN)
        simulators.append((process, key))
        ada_phone.locator("#incoming").wait_for(state="visible", timeout=15000)
        ada.locator("#new-record-form").wait_for(timeout=15000)
        assert ada.locator("#field-Phone").input_value() == "+12125550193"
        ada_phone.locator("#incoming-record").filter(has_text="New caller").wait_for()
        shot(ada, "softphone-unknown-caller")
        ada.locator("#modal-cancel").click()
        ada_phone.locator("#decline").click()
        ada_phone.locator("#incoming").wait_for(state="hidden")
        ada_phone.locator("#presence").filter(has_text="Away — Declined call").wait_for()  # no more calls until she is back

        # A click on a phone field dials out; the far end answers; ada logs it.
        ada.goto(base + f"/lightning/r/Contact/{shift['contact']['Id']}/view")
        ada.wait_for_selector("body[data-ready=true]", timeout=15000)
        ada_phone = softphone(ada)
        ada.locator("a.click-to-dial").first.click()
        ada_phone.locator("#active").wait_for(state="visible")
        assert ada_phone.locator("#active-direction").inner_text() == "Calling"
        phase_is(ada_phone, "Connected")  # the simulated far end answers after 2 s
        ada_phone.locator("#hangup").click()
        ada_phone.locator("#save-wrapup").click()
        ada_phone.locator("#state").filter(has_text="Call logged").wait_for()
        _, outbound = api(base, token, "GET", "/api/v1/records/Task?Subject=" + quote("Outbound call " + KNOWN))
        assert len(outbound["records"]) == 1 and outbound["records"][0]["WhoId"] == shift["contact"]["Id"]
        task = outbound["records"][0]
        _, calls = api(base, token, "GET", "/api/v1/records/VoiceCall?VendorCallKey=" + quote(task["CallObject"]))
        dialled = calls["records"][0]
        assert dialled["CallType"] == "Outbound" and dialled["Outcome"] == "Answered" and dialled["ActivityId"] == task["Id"]
    finally:
        stop(server, token, simulators)
        ada_context.close()
        bob_context.close()


def stop(server, token, simulators):
    """Stops simulated callers, hanging up what they left ringing or queued."""
    for process, key in simulators:
        process.terminate()
        process.wait(timeout=10)
        api(server["base"], token, "POST", "/api/v1/telephony/events", {"id": key + "-test-end", "callKey": key, "type": "ended", "reason": "CallerHangup"})


def test_a_consult_then_a_conference(server, browser, shift):
    """Ada consults Bob about a caller (who waits on hold), brings him in, leaves; Bob finishes."""
    base, token = server["base"], shift["token"]
    ada_context, bob_context = browser.new_context(), browser.new_context()
    ada, bob = ada_context.new_page(), bob_context.new_page()
    simulators = []
    try:
        ada_phone = available(ada, base, "shift-ada")
        open_console(bob, base, "shift-bob")  # Available only once ada has the call, so it rings her
        bob_phone = softphone(bob)
        process, key, call_id = simulate(server, token, KNOWN)
        simulators.append((process, key))
        ada_phone.locator("#answer").click()
        phase_is(ada_phone, "Connected")
        bob_phone.locator("#presence").select_option("Available")
        bob_phone.locator("#state").filter(has_text="Status: Available").wait_for()

        ada_phone.locator("#transfer-to").fill("shift-bob")
        ada_phone.locator("#consult-button").click()
        phase_is(ada_phone, "On hold")
        ada_phone.locator("#consult-phase").filter(has_text="ringing").wait_for()
        bob_phone.locator("#incoming-title").filter(has_text="A colleague consults you about " + KNOWN).wait_for(timeout=15000)
        bob.locator("#record-name").filter(has_text="Jerry Shiftwell").wait_for(timeout=15000)  # Bob's console pops the caller too
        bob_phone.locator("#answer").click()
        ada_phone.locator("#consult-phase").filter(has_text="talking").wait_for()
        shot(ada, "softphone-consulting")

        ada_phone.locator("#conference").click()
        ada_phone.locator("#active-direction").filter(has_text="Conference with").wait_for()
        phase_is(ada_phone, "Connected")
        bob_phone.locator("#active-direction").filter(has_text="Conference with").wait_for()
        ada_phone.locator("#hangup").click()  # Ada leaves; Bob stays with the caller
        ada_phone.locator("#active").wait_for(state="hidden")
        bob_phone.locator("#active-direction").filter(has_text="Call with").wait_for()
        phase_is(bob_phone, "Connected")
        bob_phone.locator("#hangup").click()
        bob_phone.locator("#save-wrapup").click()
        bob_phone.locator("#state").filter(has_text="Call logged").wait_for()

        _, call = api(base, token, "GET", f"/api/v1/records/VoiceCall/{call_id}")
        assert call["UserId"] == shift["bob_id"] and call["NumberOfHolds"] == 1 and call["Outcome"] == "Answered"
        _, consults = api(base, token, "GET", "/api/v1/records/VoiceCall?CallType=Consult&DisconnectReason=Conferenced")
        assert any(c["FromPhoneNumber"] == KNOWN for c in consults["records"])
    finally:
        stop(server, token, simulators)
        ada_context.close()
        bob_context.close()
