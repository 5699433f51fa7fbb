"""The console as a host: the softphone frame survives navigation, one tab owns the softphone,
the standby URL takes over, the exact wire protocol for Salesforce's own builds, and the framing policy."""
import urllib.request

import pytest

from console_support import admin_token, PASSWORD, call_center_with_agent, open_console, own_layout, softphone_frame, softphone_origin  # noqa: F401
from test_sign_in import shot


@pytest.fixture(scope="module")
def agents(server, softphone_origin):
    return {
        "shell": call_center_with_agent(server, "ShellTest", softphone_origin + "/lightning.html", "shell-agent"),
        "raw": call_center_with_agent(server, "RawTest", softphone_origin + "/raw.html", "raw-agent"),
        "standby": call_center_with_agent(server, "StandbyTest", softphone_origin + "/lightning.html?noinit=1", "standby-agent",
                                          standby_url=softphone_origin + "/standby.html", timeout_ms=1500),
    }


def test_navigation_never_reloads_the_softphone(server, page, agents):
    open_console(page, server["base"], agents["shell"])
    frame = softphone_frame(page)
    frame.evaluate("setCallState('on call with +14155550134')")
    frame.evaluate("window.loadedAt = performance.timeOrigin")
    loaded_at = frame.evaluate("window.loadedAt")
    tabs = ["Accounts", "Contacts", "Leads", "Cases", "Tasks", "Voice Calls", "Call list", "Accounts", "Contacts", "Leads"]
    for name in tabs:
        page.locator("nav.tabs").get_by_role("link", name=name).click()
        page.locator("#view h1").first.wait_for()
    page.go_back()
    page.locator("#search-input").fill("anything")
    page.locator("#search-input").press("Enter")
    page.locator("#search-count").wait_for()
    same = page.locator("#softphone-frame").element_handle().content_frame()
    assert same.evaluate("window.callState") == "on call with +14155550134"
    assert same.evaluate("window.loadedAt") == loaded_at
    assert page.locator("#softphone-frame").count() == 1


def test_the_console_frames_only_the_call_center_origins(server, page, agents, softphone_origin):
    open_console(page, server["base"], agents["shell"])
    response = page.goto(server["base"] + "/lightning/o/Account/home")
    policy = response.headers["content-security-policy"]
    assert f"frame-src 'self' {softphone_origin}" in policy
    assert "script-src 'self'" in policy and "frame-ancestors 'self'" in policy
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    src = page.locator("#softphone-frame").get_attribute("src")
    assert src.startswith(softphone_origin + "/lightning.html?mode=Lightning&isdtp=vw&sfdcIframeOrigin=")
    assert "sfdcIframeOrigin=" + urllib.request.quote(server["base"], safe="") in src
    assert page.locator("#softphone-frame").get_attribute("allow") == "microphone; autoplay"


def test_one_tab_runs_the_softphone_and_can_hand_it_over(server, browser, agents):
    context = browser.new_context()
    first = context.new_page()
    open_console(first, server["base"], agents["shell"])
    softphone_frame(first)
    second = context.new_page()
    second.goto(server["base"] + "/lightning/o/Contact/home")
    second.wait_for_selector("body[data-ready=true]")
    second.locator("#softphone-item").click()
    status = second.locator("#softphone-status")
    status.filter(has_text="open in another tab").wait_for()
    assert second.locator("#softphone-frame").count() == 0
    shot(second, "console-softphone-elsewhere")
    second.get_by_role("button", name="Use the softphone here").click()
    softphone_frame(second)
    first.locator("#softphone-status").filter(has_text="moved the softphone to another tab").wait_for(state="attached")
    assert first.locator("#softphone-frame").count() == 0
    second.close()  # closing the active tab hands the softphone back
    softphone_frame(first)
    context.close()


def test_the_standby_url_loads_when_the_softphone_does_not_initialize(server, page, agents, softphone_origin):
    open_console(page, server["base"], agents["standby"])
    page.wait_for_function("() => { const f = document.getElementById('softphone-frame'); return f && f.src.includes('/standby.html'); }", timeout=15000)
    assert page.locator("#softphone-frame").get_attribute("src").startswith(softphone_origin + "/standby.html?mode=Lightning")
    # The fallback sticks for this browser session: a reload goes straight to the standby page.
    page.reload()
    page.wait_for_selector("body[data-ready=true]")
    assert "/standby.html" in page.locator("#softphone-frame").get_attribute("src")


def test_a_user_without_a_call_center_is_told_why(server, page):
    open_console(page, server["base"], "admin")
    page.locator("#softphone-item").click()
    assert "not in a call center" in page.locator("#softphone-status").inner_text()
    assert page.locator("#softphone-frame").count() == 0


def _raw(page, server, agents):
    open_console(page, server["base"], agents["raw"])
    page.wait_for_selector("#softphone-frame", state="attached")
    frame = page.locator("#softphone-frame").element_handle().content_frame()
    frame.wait_for_function("() => typeof window.send === 'function'", polling=100)
    return frame


def _replies(frame, count):
    frame.wait_for_function(f"() => replies.length >= {count}", polling=100)
    return frame.evaluate("replies")


def test_the_wire_protocol_for_salesforce_v57_and_v43_builds(server, page, agents):
    frame = _raw(page, server, agents)
    base = server["base"]
    # v57-style: a callback call
    frame.evaluate("""send({methodName: 'getCallCenterSettings', callId: 0, apiVersion: 57, apiType: 'opencti',
                          isCallbackRegistered: true, isListenerRegistered: false, args: {}})""")
    reply = _replies(frame, 1)[0]
    assert reply["origin"] == base
    data = reply["data"]
    assert {k: data[k] for k in data if k != "response"} == {
        "apiVersion": 57, "apiType": "opencti", "methodName": "getCallCenterSettings", "callId": 0,
        "shouldExecuteCallback": True, "shouldExecuteListener": False}
    assert "eventName" not in data
    assert data["response"]["success"] is True and data["response"]["errors"] is None
    assert data["response"]["returnValue"]["/reqGeneralInfo/reqInternalName"] == "RawTest"

    # v43-style: listener registrations are never answered; the version is echoed as sent
    frame.evaluate("""send({methodName: 'onClickToDial', callId: 1, apiVersion: 43, apiType: 'opencti',
                          isCallbackRegistered: false, isListenerRegistered: true, args: {}})""")
    frame.evaluate("""send({methodName: 'enableClickToDial', callId: 2, apiVersion: 43, apiType: 'opencti',
                          isCallbackRegistered: true, isListenerRegistered: false, args: {}})""")
    replies = _replies(frame, 2)
    assert [r["data"]["methodName"] for r in replies] == ["getCallCenterSettings", "enableClickToDial"]
    assert replies[1]["data"]["apiVersion"] == 43 and replies[1]["data"]["callId"] == 2
    assert replies[1]["data"]["response"] == {"success": True, "returnValue": None, "errors": None}

    # the listener push: the registered version, a callId no callback uses, no eventName
    page.locator("nav.tabs").get_by_role("link", name="Accounts").click()
    page.get_by_role("button", name="New").click()
    page.locator("#field-Name").fill("Initech")
    page.locator("#field-Phone").fill("+1 512 555 0100")
    page.get_by_role("button", name="Save").click()
    page.locator("#record-name").filter(has_text="Initech").wait_for()
    page.locator("a.click-to-dial").first.click()
    push = _replies(frame, 3)[2]["data"]
    assert push["methodName"] == "onClickToDial" and push["apiVersion"] == 43 and push["apiType"] == "opencti"
    assert push["callId"] < 0 and push["shouldExecuteCallback"] is False and push["shouldExecuteListener"] is True
    assert "eventName" not in push
    assert push["response"]["number"] == "+1 512 555 0100" and push["response"]["objectType"] == "Account"

    # message channel pushes carry eventName = the channel
    frame.evaluate("""send({methodName: 'subscribe', callId: 3, apiVersion: 57, apiType: 'opencti',
                          isCallbackRegistered: true, isListenerRegistered: true, args: {eventName: 'Agent__c', subscription: {}}})""")
    assert _replies(frame, 4)[3]["data"]["response"]["success"] is True
    page.locator("#messages-item summary").click()
    page.locator("#messages-channel").fill("Agent__c")
    page.locator("#messages-message").fill('{"state": "ready"}')
    page.get_by_role("button", name="Publish").click()
    lms = _replies(frame, 5)[4]["data"]
    assert lms["methodName"] == "subscribe" and lms["eventName"] == "Agent__c" and lms["response"] == {"state": "ready"}
    assert lms["shouldExecuteListener"] is True and lms["shouldExecuteCallback"] is False


def test_messages_from_elsewhere_are_ignored_and_explained(server, page, agents):
    frame = _raw(page, server, agents)
    message = "{methodName: 'getAppViewInfo', callId: 9, apiVersion: 57, apiType: 'opencti', isCallbackRegistered: true, isListenerRegistered: false, args: {}}"
    frame.evaluate(f"sendFromNested({message})")      # a nested frame: wrong source
    page.evaluate(f"window.postMessage({message}, '*')")  # the console itself: wrong source and origin
    frame.evaluate("window.parent.postMessage(JSON.stringify({methodName: 'getAppViewInfo'}), hostOrigin)")  # a JSON string
    page.locator("#softphone-rejected li").nth(1).wait_for(state="attached")
    reasons = page.locator("#softphone-rejected").text_content()
    assert "did not come from the softphone frame" in reasons
    assert "not an Open CTI message object" in reasons
    assert frame.evaluate("replies.length") == 0


def test_the_demo_softphone_dials_pops_and_logs(server, page):
    """A relative adapter URL (/softphone/) is framed from this host: the reference softphone dials
    out on a click, pops the record, and logs the call from its wrap-up form."""
    agent = call_center_with_agent(server, "DemoPhone", "/softphone/", "demo-agent")
    token = admin_token(server, "demo-e2e")
    own_layout(server, token, "Demo test layout", [agent])
    request = urllib.request.Request(server["base"] + "/api/v1/records/Contact", method="POST",
                                     data=b'{"FirstName": "Elaine", "LastName": "Benes", "Phone": "+1 212 555 0177"}',
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    import json
    contact = json.loads(urllib.request.urlopen(request, timeout=10).read())
    open_console(page, server["base"], agent, f"/lightning/r/Contact/{contact['Id']}/view")
    assert page.locator("#softphone-frame").get_attribute("src").startswith(server["base"] + "/softphone/?mode=Lightning")
    frame = page.locator("#softphone-frame").element_handle().content_frame()
    frame.wait_for_function("() => document.getElementById('state').textContent.startsWith('Ready')", polling=100)
    page.locator("a.click-to-dial").first.click()  # the demo softphone enabled click-to-dial
    frame.locator("#matches li").filter(has_text="Contact: Elaine Benes").wait_for(state="attached")
    assert page.locator("#softphone-panel").is_visible()
    frame.locator("#active-phase").filter(has_text="Connected").wait_for()  # the simulated far end answers
    frame.locator("#hangup").click()
    frame.locator("#save-wrapup").click()
    page.locator("[data-related=Activities]").filter(has_text="Outbound call +1 212 555 0177").wait_for()
    shot(page, "console-demo-softphone")
