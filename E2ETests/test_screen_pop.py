"""Screen pop from a softphone: each of the layout's three outcomes, the reasons for every match,
and the admin's "test a number" page."""
import pytest

from conftest import PASSWORD
from console_support import staffed_call_center, open_console, softphone_frame, softphone_origin  # noqa: F401
from test_console_lightning import api
from test_sign_in import shot


@pytest.fixture(scope="module")
def popping(server, softphone_origin):
    token, agent = staffed_call_center(server, "PopTest", softphone_origin + "/lightning.html", "pop-agent")
    base = server["base"]
    # Two people share a number, written two ways; one company has a number of its own.
    _, twin_a = api(base, token, "POST", "/api/v1/records/Contact", {"FirstName": "Ann", "LastName": "Twin", "Phone": "(646) 555-0150"})
    _, twin_b = api(base, token, "POST", "/api/v1/records/Lead", {"LastName": "Twin", "Company": "Twins Ltd", "MobilePhone": "+1.646.555.0150 ext 4"})
    _, solo = api(base, token, "POST", "/api/v1/records/Account", {"Name": "Solo Corp", "Phone": "+33 1 42 68 53 00"})
    return {"token": token, "agent": agent, "twin_a": twin_a, "twin_b": twin_b, "solo": solo}


def test_the_three_outcomes_pop_what_the_layout_says(server, page, popping):
    open_console(page, server["base"], popping["agent"])
    frame = softphone_frame(page)
    call = lambda args: frame.evaluate("(a) => call('searchAndScreenPop', a)", args)

    one = call({"searchParams": "011 33 1 42 68 53 00", "callType": "inbound"})  # the US international prefix, as a PBX dials it
    assert list(one["returnValue"]) == [popping["solo"]["Id"]]
    page.locator("#record-name").filter(has_text="Solo Corp").wait_for()

    several = call({"searchParams": "+16465550150", "callType": "inbound"})
    assert set(several["returnValue"]) == {popping["twin_a"]["Id"], popping["twin_b"]["Id"]}
    page.locator("#search-count").filter(has_text="2 results").wait_for()
    assert "Searched as the number +16465550150" in page.locator("#search-query").inner_text()
    reasons = page.locator(".match-reason").all_inner_texts()
    assert sorted(reasons) == ["MobilePhone: exact E.164 (+16465550150)", "Phone: exact E.164 (+16465550150)"]
    shot(page, "screen-pop-multiple-matches")

    none = call({"searchParams": "anonymous", "callType": "inbound", "defaultFieldValues": {"Description": "Withheld caller"}})
    assert none["returnValue"] == {}
    page.locator("#new-record-form").wait_for()
    assert page.locator("#field-Description").input_value() == "Withheld caller"
    page.locator("#modal-cancel").click()


def test_a_record_saved_a_moment_ago_is_found_on_the_next_call(server, page, popping):
    open_console(page, server["base"], popping["agent"])
    frame = softphone_frame(page)
    status, fresh = api(server["base"], popping["token"], "POST", "/api/v1/records/Contact", {"LastName": "Fresh", "Phone": "212-555-0111"})
    assert status == 201
    found = frame.evaluate("() => call('searchAndScreenPop', {searchParams: '+12125550111', callType: 'inbound', deferred: true})")
    assert list(found["returnValue"]) == [fresh["Id"], "SCREEN_POP_DATA"]


def test_an_admin_tests_a_number_for_a_user(server, page, popping):
    page.goto(server["base"] + "/signin?next=/admin/screenpop")
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Caller's number").fill("(646) 555-0150")
    page.get_by_label("User (username or email)").fill(popping["agent"])
    page.get_by_role("button", name="Test").click()
    page.locator("#result:not([hidden]), #status:not(:empty)").first.wait_for()
    assert page.locator("#status").inner_text() == "", page.locator("main").inner_text()
    page.locator("#matches tbody tr").nth(1).wait_for()
    assert page.locator("#query").inner_text().startswith("Read as +16465550150 (national number 6465550150)")
    assert page.locator("#pop").inner_text() == "2 matches: opens the search page for +16465550150"
    rows = page.locator("#matches tbody tr").all_inner_texts()
    assert rows[0].startswith("1\t") and "exact E.164" in rows[0]
    shot(page, "admin-test-a-number")
    page.get_by_label("Caller's number").fill("restricted")
    page.get_by_role("button", name="Test").click()
    page.locator("#pop").filter(has_text="No match: opens a new Contact").wait_for()
    assert "withheld" in page.locator("#query").inner_text()
