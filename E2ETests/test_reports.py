"""Calls end to end: known calls posted through the API show up on the supervisor's report page
(charts, numbers, CSV) in the chosen time zone; a wrapped-up call shows on the contact's timeline;
admins edit dispositions on their page."""
import csv
import io
import json

import pytest

from conftest import PASSWORD, run_cli
from console_support import call_center_with_agent, admin_token, open_console, softphone_origin  # noqa: F401
from test_console_lightning import api
from test_sign_in import shot

# UTC times; in Europe/Paris (UTC+1 in early March) they fall at 09, 09, 09, 14 and 10 local,
# and the last one at 00:30 on the 12th — outside a report that ends with the 11th.
CALLS = [
    ("2025-03-10T08:05:00Z", "Inbound", "answered"),
    ("2025-03-10T08:40:00Z", "Inbound", "answered"),
    ("2025-03-10T08:50:00Z", "Inbound", "abandoned"),
    ("2025-03-10T13:10:00Z", "Inbound", "missed"),
    ("2025-03-11T09:15:00Z", "Outbound", "answered"),
    ("2025-03-11T23:30:00Z", "Inbound", "answered"),
]


def at(iso, seconds):
    from datetime import datetime, timedelta
    return (datetime.fromisoformat(iso.replace("Z", "+00:00")) + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture(scope="module")
def reporting(server, softphone_origin):
    token = admin_token(server, "reports-e2e")
    agent = call_center_with_agent(server, "ReportTest", softphone_origin + "/lightning.html", "report-agent")
    run_cli(["users", "add", "--username", "report-sup", "--email", "report-sup@example.com", "--last-name", "Supervisor",
             "--role", "supervisor", "--password", PASSWORD], server["data_dir"])
    base = server["base"]
    _, centers = api(base, token, "GET", "/api/v1/callcenters")
    center = next(c for c in centers["callCenters"] if c["internalName"] == "ReportTest")
    _, users = api(base, token, "GET", "/api/v1/records/User?Username=report-agent")
    agent_id = users["records"][0]["Id"]
    for i, (start, kind, outcome) in enumerate(CALLS):
        call = {"CallType": kind, "CallCenterId": center["id"], "QueueName": "Sales", "VendorCallKey": f"report-e2e-{i}",
                "CallQueuedDateTime": start, "CallEndDateTime": at(start, 300)}
        if outcome == "answered":
            call.update(CallConnectDateTime=at(start, 20), UserId=agent_id)
        else:
            call["DisconnectReason"] = "CallerHangup" if outcome == "abandoned" else "NoAgentAnswered"
        status, body = api(base, token, "POST", "/api/v1/calls", call)
        assert status == 201, body
    return {"token": token, "agent": agent, "agent_id": agent_id, "center": center}


def test_the_report_page_draws_the_calls_it_was_given(server, page, reporting):
    open_console(page, server["base"], "report-sup")
    query = f"from=2025-03-10&to=2025-03-11&timeZone=Europe/Paris&callCenter={reporting['center']['id']}"
    page.goto(server["base"] + "/admin/reports?" + query)
    page.wait_for_selector("body[data-loaded=true]")
    assert page.locator("#sum-calls").inner_text() == "5"
    assert page.locator("#sum-answer-rate").inner_text() == "50.0%"  # 2 of the 4 inbound calls that ended
    assert page.locator("#sum-abandon-rate").inner_text() == "25.0%"
    assert page.locator("#sum-missed").inner_text() == "1"
    assert page.locator("#sum-aht").inner_text() == "4:40"  # 280 s of talk each

    hour = page.locator("section[data-breakdown=hour]")
    bar = lambda key, series: hour.locator(f"rect.bar[data-key='{key}'][data-series='{series}']")
    assert bar("09", "answered").get_attribute("data-value") == "2"
    assert bar("09", "abandoned").get_attribute("data-value") == "1"
    assert bar("14", "missed").get_attribute("data-value") == "1"
    assert bar("10", "answered").get_attribute("data-value") == "1"
    assert hour.locator("rect.bar[data-key='08']").count() == 0, "local hours, not UTC"
    # Bars are drawn to scale: two answered calls stand twice as tall as one.
    assert abs(float(bar("09", "answered").get_attribute("height")) - 2 * float(bar("10", "answered").get_attribute("height"))) < 0.2
    assert hour.locator("tr[data-key='09'] td").first.inner_text() == "3"

    day = page.locator("section[data-breakdown=day]")
    assert day.locator("tbody tr").all_inner_texts()[0].split("\t")[:2] == ["2025-03-10", "4"]
    assert [r.split("\t")[0] for r in day.locator("tbody tr").all_inner_texts()] == ["2025-03-10", "2025-03-11"]
    agent_rows = [r.split("\t")[:3] for r in page.locator("section[data-breakdown=agent] tbody tr").all_inner_texts()]
    assert agent_rows == [["Test Report-Agent", "3", "3"], ["(no agent)", "2", "0"]]
    shot(page, "call-reports")

    # Every breakdown downloads as CSV with the same numbers, and so do the calls behind it.
    href = day.locator("a.csv").get_attribute("href")
    rows = list(csv.reader(io.StringIO(page.request.get(server["base"] + href).text())))
    assert rows[0][:4] == ["key", "label", "calls", "answered"] and rows[1][:4] == ["2025-03-10", "2025-03-10", "4", "2"]
    calls = list(csv.DictReader(io.StringIO(page.request.get(server["base"] + page.locator("#export-calls").get_attribute("href")).text())))
    assert sorted(c["VendorCallKey"] for c in calls) == [f"report-e2e-{i}" for i in range(5)]

    # Filters narrow it and stay in the URL.
    page.select_option("#callType", "Outbound")
    page.evaluate("document.body.dataset.loaded = 'false'")
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector("body[data-loaded=true]")
    assert page.locator("#sum-calls").inner_text() == "1" and "callType=Outbound" in page.url


def test_agents_cannot_open_reports(server, page, reporting):
    open_console(page, server["base"], reporting["agent"])
    response = page.goto(server["base"] + "/admin/reports")
    assert response.status == 403 and "Supervisors only" in page.content()


def test_bad_filters_are_explained(server, page, reporting):
    open_console(page, server["base"], "report-sup")
    page.goto(server["base"] + "/admin/reports?timeZone=Mars/Olympus")
    page.locator("#status.error").wait_for()
    assert "'Mars/Olympus' is not a time zone" in page.locator("#status").inner_text()


def test_a_wrapped_up_call_shows_on_the_contacts_timeline(server, page, reporting):
    base, token = server["base"], reporting["token"]
    _, contact = api(base, token, "POST", "/api/v1/records/Contact", {"FirstName": "Tim", "LastName": "Eline", "Phone": "+1 415 555 0177"})
    status, call = api(base, token, "POST", "/api/v1/calls", {
        "CallType": "Inbound", "FromPhoneNumber": "+14155550177", "RelatedRecordId": contact["Id"], "UserId": reporting["agent_id"],
        "CallCenterId": reporting["center"]["id"], "CallConnectDateTime": "2026-11-20T10:00:00Z", "CallEndDateTime": "2026-11-20T10:04:05Z"})
    assert status == 201
    status, wrapped = api(base, token, "POST", f"/api/v1/calls/{call['Id']}/wrapup", {"notes": "Asked for the new price list"})
    assert status == 200, wrapped
    open_console(page, base, reporting["agent"], f"/lightning/r/Contact/{contact['Id']}/view")
    entry = page.locator(f".timeline-call[data-id='{call['Id']}']")
    entry.wait_for()
    text = entry.inner_text()
    assert "Inbound · Answered · 4:05" in text and "Asked for the new price list" in text
    assert page.locator(".timeline-task").count() == 0, "the call's Task is shown with the call, not twice"
    entry.get_by_role("link", name="Inbound call from +14155550177").click()
    page.locator("#record-name").filter(has_text="Inbound call from +14155550177").wait_for()


def test_admins_edit_dispositions_on_their_page(server, page, reporting):
    open_console(page, server["base"], "admin")
    page.goto(server["base"] + "/admin/dispositions")
    page.select_option("#callcenter", reporting["center"]["id"])
    page.fill("#labels", "Resolved\nCall back\nresolved")
    page.get_by_role("button", name="Save").click()
    page.locator("#problems li").first.wait_for()
    assert "'resolved' is listed twice" in page.locator("#problems").inner_text()
    page.fill("#labels", "Resolved\n\nCall back\n")
    page.get_by_role("button", name="Save").click()
    page.locator("#status").filter(has_text="Saved 2 dispositions.").wait_for()
    _, listed = api(server["base"], reporting["token"], "GET", f"/api/v1/callcenters/{reporting['center']['id']}/dispositions")
    assert listed["dispositions"] == ["Resolved", "Call back"]
