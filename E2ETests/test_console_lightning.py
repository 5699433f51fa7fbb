"""A Lightning softphone from another origin runs in the console: every sforce.opencti method,
checked in what the console shows and what the softphone receives."""
import json
import re
import urllib.request

import pytest

from console_support import staffed_call_center, open_console, softphone_frame, softphone_origin, webhook  # noqa: F401
from test_sign_in import shot


def api(base, token, method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode() or "null")


@pytest.fixture(scope="module")
def setup(server, softphone_origin):
    token, agent = staffed_call_center(server, "LightningTest", softphone_origin + "/lightning.html", "lightning-agent")
    base = server["base"]
    _, account = api(base, token, "POST", "/api/v1/records/Account", {"Name": "Globex Test", "Phone": "(415) 555-0134"})
    _, contact = api(base, token, "POST", "/api/v1/records/Contact", {"FirstName": "Hank", "LastName": "Scorpio", "AccountId": account["Id"], "Phone": "+44 20 7946 0018", "Email": "hank@globex.example"})
    return {"token": token, "agent": agent, "account": account, "contact": contact}


def test_library_is_public_with_cache_headers(server):
    for path in ["/support/api/57.0/lightning/opencti_min.js", "//support/api/44.0/lightning/opencti.js", "/support/api/28.0/interaction.js"]:
        with urllib.request.urlopen(server["base"] + path, timeout=10) as response:
            body = response.read().decode()
            assert response.status == 200
            assert "javascript" in response.headers["Content-Type"]
            assert "max-age" in response.headers["Cache-Control"]
            assert response.headers.get("Set-Cookie") is None
            version = re.search(r"/api/(\d+)\.0/", path).group(1)
            assert f"var API_VERSION = {version};" in body


def test_every_lightning_method(server, page, setup, webhook):
    base, token = server["base"], setup["token"]
    open_console(page, base, setup["agent"])
    frame = softphone_frame(page)
    call = lambda method, args=None: frame.evaluate("([m, a]) => call(m, a)", [method, args or {}])

    settings = call("getCallCenterSettings")
    assert settings["success"] is True
    assert settings["returnValue"]["/reqGeneralInfo/reqInternalName"] == "LightningTest"
    assert settings["returnValue"]["/reqVendorSettings/reqRegion"] == "eu-west"
    layout = call("getSoftphoneLayout")["returnValue"]
    assert "Inbound" in layout and layout["Inbound"]["objects"]

    # screenPop, each type
    assert call("screenPop", {"type": "sobject", "params": {"recordId": setup["account"]["Id"]}})["success"] is True
    page.locator("#record-name").filter(has_text="Globex Test").wait_for()
    related = page.locator("[data-related=Contacts]")
    assert "Hank Scorpio" in related.inner_text()
    assert page.url.endswith(f"/lightning/r/Account/{setup['account']['Id']}/view")
    info = call("getAppViewInfo")["returnValue"]
    assert info == {"url": page.url, "recordId": setup["account"]["Id"], "recordName": "Globex Test", "objectType": "Account"}

    bad = call("screenPop", {"type": "sobject", "params": {"recordId": "003000000000000AAA"}})
    assert bad["success"] is False and bad["errors"][0]["code"] == "INVALID_PARAM"
    call("screenPop", {"type": "objecthome", "params": {"scope": "Contact"}})
    page.wait_for_url("**/lightning/o/Contact/home")
    call("screenPop", {"type": "list", "params": {"scope": "Account", "listViewId": "AllAccounts"}})
    page.wait_for_url("**/lightning/o/Account/list?filterName=AllAccounts")
    assert "Globex Test" in page.locator("table.records").inner_text()
    short = call("screenPop", {"type": "search", "params": {"searchString": "Gl"}})
    assert short["errors"][0]["code"] == "INVALID_PARAM" and "3 characters" in short["errors"][0]["description"]
    call("screenPop", {"type": "search", "params": {"searchString": "Scorpio"}})
    page.locator("#search-count").filter(has_text="1 result").wait_for()
    call("screenPop", {"type": "url", "params": {"url": "/" + setup["contact"]["Id"]}})
    page.locator("#record-name").filter(has_text="Hank Scorpio").wait_for()
    absolute = call("screenPop", {"type": "url", "params": {"url": "https://evil.example/"}})
    assert absolute["errors"][0]["code"] == "INVALID_PARAM"
    call("screenPop", {"type": "newRecord", "params": {"entityName": "Lead", "defaultFieldValues": {"LastName": "Newman", "Company": "Vandelay"}}})
    page.locator("#new-record-form").wait_for()
    assert page.locator("#field-LastName").input_value() == "Newman"
    assert "backgroundContext=" in page.url and "/lightning/o/Lead/new" in page.url
    shot(page, "console-new-record-modal")
    page.locator("#modal-cancel").click()
    page.locator("#record-name").filter(has_text="Hank Scorpio").wait_for()

    # FLOW: registered flows pop their page; unknown ones fail
    assert api(base, token, "PUT", "/api/v1/consoleactions/flow/Create_Case", {"target": "/lightning/o/Case/new"})[0] == 200
    flow = call("screenPop", {"type": "flow", "params": {"flowDevName": "Create_Case", "flowArgs": [{"name": "Subject", "type": "String", "value": "From flow"}]}})
    assert flow["success"] is True
    page.locator("#new-record-form").wait_for()
    assert page.locator("#field-Subject").input_value() == "From flow"
    page.locator("#modal-cancel").click()
    unknown = call("screenPop", {"type": "flow", "params": {"flowDevName": "Nope"}})
    assert unknown["success"] is False and unknown["errors"][0]["code"] == "INVALID_PARAM"

    # searchAndScreenPop: one match pops it; deferred pops nothing and hands back SCREEN_POP_DATA
    found = call("searchAndScreenPop", {"searchParams": "+14155550134", "callType": "inbound"})
    assert list(found["returnValue"].keys()) == [setup["account"]["Id"]]
    match = found["returnValue"][setup["account"]["Id"]]
    assert match["RecordType"] == "Account" and match["Name"] == "Globex Test"
    page.locator("#record-name").filter(has_text="Globex Test").wait_for()
    deferred = call("searchAndScreenPop", {"searchParams": "+442079460018", "callType": "inbound", "deferred": True})
    pop = deferred["returnValue"]["SCREEN_POP_DATA"]
    assert pop == {"type": "sobject", "params": {"recordId": setup["contact"]["Id"]}}
    assert page.locator("#record-name").inner_text() == "Globex Test"  # not popped
    assert call("screenPop", pop)["success"] is True
    page.locator("#record-name").filter(has_text="Hank Scorpio").wait_for()
    nobody = call("searchAndScreenPop", {"searchParams": "+1 212 555 0199", "callType": "inbound"})
    assert nobody["returnValue"] == {}
    page.locator("#new-record-form").wait_for()
    assert page.locator("#field-Phone").input_value() == "+12125550199"  # the caller's number, normalized
    page.locator("#modal-cancel").click()

    # saveLog creates, then updates; unknown and read-only fields are dropped
    saved = call("saveLog", {"value": {"entityApiName": "Task", "Subject": "Call with Hank", "WhoId": setup["contact"]["Id"], "CallType": "Inbound", "Phone": "x", "IsClosed": True}})
    assert saved["success"] is True
    task_id = saved["returnValue"]["recordId"]
    assert task_id.startswith("00T")
    updated = call("saveLog", {"value": {"Id": task_id, "callDisposition": "Resolved"}})
    assert updated["returnValue"] == {"recordId": task_id}
    assert api(base, token, "GET", f"/api/v1/records/Task/{task_id}")[1]["CallDisposition"] == "Resolved"
    wrong = call("saveLog", {"value": {"entityApiName": "Task", "CallType": "Sideways"}})
    assert wrong["success"] is False and wrong["errors"][0]["code"] == "GENERIC_ERROR"
    assert wrong["errors"][0]["details"][0]["field"] == "CallType"
    assert call("refreshView")["success"] is True
    assert "Call with Hank" in page.locator("[data-related=Activities]").inner_text()

    # runApex: a built-in, a webhook, an unknown class
    api(base, token, "PUT", "/api/v1/consoleactions/apex/CTIUtils.echo", {"target": "builtin:echo"})
    api(base, token, "PUT", "/api/v1/consoleactions/apex/CTIUtils.lookup", {"target": webhook["url"]})
    assert call("runApex", {"apexClass": "CTIUtils", "methodName": "echo", "methodParams": "a=1&b=2"})["returnValue"] == {"runApex": "a=1&b=2"}
    hooked = call("runApex", {"apexClass": "CTIUtils", "methodName": "lookup", "methodParams": "phone=%2B14155550134"})
    assert hooked["returnValue"] == {"runApex": {"echo": {"phone": "+14155550134"}, "user": setup["agent"], "action": "CTIUtils.lookup"}}
    missing = call("runApex", {"apexClass": "NoSuchClass", "methodName": "go", "methodParams": ""})
    assert missing["success"] is False and missing["errors"][0] == {"code": "SERVER_ERROR", "description": "Could not load Apex class: NoSuchClass"}

    # panel methods
    assert call("isSoftphonePanelVisible")["returnValue"] == {"visible": False}
    call("setSoftphonePanelVisibility", {"visible": True})
    assert page.locator("#softphone-panel").is_visible()
    assert call("isSoftphonePanelVisible")["returnValue"] == {"visible": True}
    call("setSoftphonePanelHeight", {"heightPX": 500})
    call("setSoftphonePanelWidth", {"widthPX": 400})
    box = page.locator("#softphone-panel").bounding_box()
    assert (round(box["width"]), round(box["height"])) == (400, 500)
    too_tall = call("setSoftphonePanelHeight", {"heightPX": 9000})
    assert too_tall["errors"][0]["code"] == "INVALID_PARAM" and "240 to 2560" in too_tall["errors"][0]["description"]
    call("setSoftphonePanelLabel", {"label": "Acme Phone"})
    call("setSoftphoneItemLabel", {"label": "On call"})
    call("setSoftphoneItemIcon", {"key": "end_call"})
    call("setSoftphonePanelIcon", {"key": "headset"})
    assert page.locator("#softphone-panel-label").inner_text() == "Acme Phone"
    assert page.locator("#softphone-item-label").inner_text() == "On call"
    assert page.locator("#softphone-item-icon").get_attribute("data-icon") == "end_call"
    assert page.locator("#softphone-panel-icon").get_attribute("data-icon") == "headset"
    shot(page, "console-softphone-panel")

    # click-to-dial: links only while enabled; a click reaches the listener
    call("screenPop", {"type": "sobject", "params": {"recordId": setup["contact"]["Id"]}})
    page.locator("#record-name").filter(has_text="Hank Scorpio").wait_for()
    assert page.locator("a.click-to-dial").count() == 0
    call("enableClickToDial")
    page.locator("a.click-to-dial").first.click()
    frame.wait_for_function("() => events.some(e => e.method === 'onClickToDial')", polling=100)
    dial = [e for e in frame.evaluate("events") if e["method"] == "onClickToDial"][0]["payload"]
    assert dial == {"number": "+44 20 7946 0018", "recordId": setup["contact"]["Id"], "recordName": "Hank Scorpio", "objectType": "Contact"}
    call("disableClickToDial")
    assert page.locator("a.click-to-dial").count() == 0

    # onNavigationChange fires with getAppViewInfo's payload
    page.get_by_role("link", name="Globex Test").click()
    page.locator("#record-name").filter(has_text="Globex Test").wait_for()
    frame.wait_for_function("() => events.filter(e => e.method === 'onNavigationChange').some(e => e.payload.objectType === 'Account')", polling=100)
    navigation = [e for e in frame.evaluate("events") if e["method"] == "onNavigationChange"][-1]["payload"]
    assert navigation == {"url": page.url, "recordId": setup["account"]["Id"], "recordName": "Globex Test", "objectType": "Account"}

    # message channels: softphone → console, console → softphone
    subscribed = frame.evaluate("""() => new Promise(resolve => sforce.opencti.subscribe({channelName: 'SoftphoneEvents__c',
        listener: m => events.push({method: 'lms', payload: m}), callback: r => resolve({success: r.success, hasSubscription: !!r.subscription})}))""")
    assert subscribed == {"success": True, "hasSubscription": True}
    assert call("publish", {"channelName": "SoftphoneEvents__c", "message": {"status": "busy"}})["success"] is True
    page.locator("#messages-item summary").click()
    page.locator("#messages-log li[data-from=softphone]").wait_for(state="attached")
    page.locator("#messages-channel").fill("SoftphoneEvents__c")
    page.locator("#messages-message").fill('{"recordId": "001x"}')
    page.get_by_role("button", name="Publish").click()
    frame.wait_for_function("() => events.some(e => e.method === 'lms' && e.payload && e.payload.recordId === '001x')", polling=100)
    unsubscribed = frame.evaluate("""() => new Promise(resolve => sforce.opencti.subscribe({channelName: 'Other__c', listener: () => {},
        callback: r => sforce.opencti.unsubscribe({subscription: r.subscription, callback: resolve})}))""")
    assert unsubscribed == {"success": True, "returnValue": None, "errors": None}

    # hvs: the call list hands work to the softphone; completeWork closes it
    api(base, token, "PATCH", f"/api/v1/records/Contact/{setup['contact']['Id']}", {"OwnerId": _user_id(base, token, setup["agent"])})
    page.get_by_role("link", name="Call list").click()
    page.locator(f"li[data-id='{setup['contact']['Id']}'] button.start-work").click()
    frame.wait_for_function("() => events.some(e => e.method === 'onWorkStart')", polling=100)
    work = [e for e in frame.evaluate("events") if e["method"] == "onWorkStart"][0]["payload"]
    assert work["completeWorkWhen"] == "TaskSaved" and work["attributes"] == {"to": "+44 20 7946 0018"}
    done = call("hvs.completeWork", {"workId": work["workId"], "attributes": {"disposition": "Left voicemail", "taskId": task_id}})
    assert done["success"] is True
    page.locator(f"li[data-id='{setup['contact']['Id']}'] .work-state").filter(has_text="Completed: Left voicemail").wait_for()
    again = call("hvs.completeWork", {"workId": "0Zw000000000000", "attributes": {}})
    assert again["errors"][0]["code"] == "INVALID_PARAM"


def _user_id(base, token, username):
    return api(base, token, "GET", f"/api/v1/records/User?Username={username}")[1]["records"][0]["Id"]
