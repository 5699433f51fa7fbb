"""A Classic softphone (sforce.interaction) runs in the console: positional arguments, {result, error}
answers with JSON strings where Salesforce gives them."""
import json

import pytest

from console_support import staffed_call_center, open_console, softphone_frame, softphone_origin  # noqa: F401
from test_console_lightning import api


@pytest.fixture(scope="module")
def classic(server, softphone_origin):
    token, agent = staffed_call_center(server, "ClassicTest", softphone_origin + "/classic.html", "classic-agent", mode="Classic")
    _, lead = api(server["base"], token, "POST", "/api/v1/records/Lead", {"LastName": "Kramer", "Company": "Kramerica", "Phone": "+1 (917) 555-0142"})
    api(server["base"], token, "PUT", "/api/v1/consoleactions/apex/ClassicUtils.echo", {"target": "builtin:echo"})
    return {"token": token, "agent": agent, "lead": lead}


def test_every_classic_method(server, page, classic, softphone_origin):
    open_console(page, server["base"], classic["agent"])
    src = page.locator("#softphone-frame").get_attribute("src")
    assert src.startswith(softphone_origin + "/classic.html?sfdcIFrameOrigin=")
    frame = softphone_frame(page)
    call = lambda method, args=None: frame.evaluate("([m, a]) => call(m, a)", [method, args or []])
    lead = classic["lead"]

    settings = call("cti.getCallCenterSettings")
    assert isinstance(settings["result"], str)
    assert json.loads(settings["result"])["/reqGeneralInfo/reqInternalName"] == "ClassicTest"
    assert "Inbound" in json.loads(call("cti.getSoftphoneLayout")["result"])

    assert call("screenPop", ["/" + lead["Id"], True])["result"] is True
    page.locator("#record-name").filter(has_text="Kramer").wait_for()
    info = json.loads(call("getPageInfo")["result"])
    assert info == {"url": page.url, "objectId": lead["Id"], "objectName": "Kramer", "object": "Lead", "displayName": "Leads"}
    assert call("screenPop", ["https://elsewhere.example/", True])["result"] is False

    page.locator("nav.tabs").get_by_role("link", name="Cases").click()
    found = call("searchAndScreenPop", ["9175550142", "con10=9175550142&name_firstcon2=Cosmo", "inbound"])
    matches = json.loads(found["result"])
    assert list(matches) == [lead["Id"]]
    assert matches[lead["Id"]]["object"] == "Lead" and matches[lead["Id"]]["Name"] == "Kramer"
    page.locator("#record-name").filter(has_text="Kramer").wait_for()
    assert page.url.endswith(f"/lightning/r/Lead/{lead['Id']}/view?con10=9175550142&name_firstcon2=Cosmo")

    url = json.loads(call("searchAndGetScreenPopUrl", ["Kramer", "", "inbound"])["result"])
    assert url["screenPopUrl"] == "/" + lead["Id"]
    outbound = call("searchAndScreenPop", ["+19175550142", "", "outbound"])
    assert lead["Id"] in json.loads(outbound["result"])

    saved = call("saveLog", ["Task", f"Subject=Called%20Kramer&WhoId={lead['Id']}&Activitydate=2026-11-21&IsClosed=true"])
    assert saved["result"] is True and saved["id"].startswith("00T")
    task = api(server["base"], classic["token"], "GET", f"/api/v1/records/Task/{saved['id']}")[1]
    assert task["Subject"] == "Called Kramer" and task["ActivityDate"] == "2026-11-21"
    # A call log saved twice (same CallObject) is one Task, linked to one VoiceCall.
    log = f"Subject=Call%20with%20Kramer&CallType=Inbound&CallObject=classic-77&whoId={lead['Id']}&CallDurationInSeconds=60"
    first = call("saveLog", ["Task", log])
    second = call("saveLog", ["Task", log + "&Description=Wants%20a%20quote"])
    assert first["result"] is True and first["id"] == second["id"]
    voice_calls = api(server["base"], classic["token"], "GET", "/api/v1/records/VoiceCall?VendorCallKey=classic-77")[1]
    assert voice_calls["totalSize"] == 1
    assert voice_calls["records"][0]["ActivityId"] == first["id"] and voice_calls["records"][0]["RelatedRecordId"] == lead["Id"]
    refused = call("saveLog", ["Task", "CallType=Sideways"])
    assert refused["result"] is False and "CallType" in refused["error"]

    assert call("runApex", ["ClassicUtils", "echo", "x=1"])["result"] == "x=1"
    assert call("isInConsole")["result"] is True
    assert call("isVisible")["result"] is False
    assert call("setVisible", [True])["result"] is True
    assert call("isVisible")["result"] is True
    assert call("cti.setSoftphoneHeight", [520])["result"] is True
    assert round(page.locator("#softphone-panel").bounding_box()["height"]) == 520
    assert call("cti.setSoftphoneWidth", [-1])["result"] is False
    assert call("refreshPage")["result"] is True
    assert call("refreshRelatedList", ["Activity"])["result"] is True
    assert call("entityFeed.refreshObject", [lead["Id"], True, True, True])["result"] is True
    frame.evaluate("sforce.interaction.entityFeed.reloadFrame()")

    # the agent edits the record on screen: entityFeed.onObjectUpdate hears of it
    page.locator("nav.tabs").get_by_role("link", name="Leads").click()
    page.get_by_role("link", name="Kramer").first.click()
    page.get_by_role("button", name="Edit").click()
    page.locator("#field-Email").fill("not an email")
    # The open softphone panel (520 px, over the lower left) never hides the end of the page:
    # scrolled to the bottom, the form's Save button is above the panel.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    save, panel = page.get_by_role("button", name="Save").bounding_box(), page.locator("#softphone-panel").bounding_box()
    assert save["y"] + save["height"] <= panel["y"], f"the Save button {save} is under the softphone panel {panel}"
    page.get_by_role("button", name="Save").click()
    page.locator("#field-Email-error").filter(has_text="email").wait_for()
    page.locator("#field-Email").fill("cosmo@kramerica.example")
    page.get_by_role("button", name="Save").click()
    page.locator("dd[data-field=Email]").filter(has_text="cosmo@kramerica.example").wait_for()
    frame.wait_for_function("() => events.some(e => e.method === 'onObjectUpdate')", polling=100)
    update = [e for e in frame.evaluate("events") if e["method"] == "onObjectUpdate"][0]["payload"]
    assert update == {"fieldsUpdated": True, "relatedListsUpdated": False, "feedUpdated": False}

    directory = json.loads(call("cti.getDirectoryNumbers", [True, "ClassicTest"])["result"])
    assert directory["hasNext"] is False and isinstance(directory["directoryNumbers"], list)

    assert call("cti.enableClickToDial")["result"] is True
    page.locator("a.click-to-dial").first.click()
    frame.wait_for_function("() => events.some(e => e.method === 'onClickToDial')", polling=100)
    dial = json.loads([e for e in frame.evaluate("events") if e["method"] == "onClickToDial"][0]["payload"]["result"])
    assert dial == {"number": "+1 (917) 555-0142", "objectId": lead["Id"], "objectName": "Kramer", "object": "Lead", "displayName": "Leads"}
    assert call("cti.disableClickToDial")["result"] is True
    assert page.locator("a.click-to-dial").count() == 0

    page.locator("nav.tabs").get_by_role("link", name="Leads").click()
    frame.wait_for_function("() => events.some(e => e.method === 'onFocus' && JSON.parse(e.payload.result).url.includes('/lightning/o/Lead/home'))", polling=100)
