"""An admin imports, checks, edits and staffs a call center in the browser."""
import os
import re

from conftest import PASSWORD, run_cli
from test_sign_in import shot

SAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "shared", "samples", "callcenters")


def sign_in(page, base, username):
    page.goto(base + "/signin?next=/admin/callcenters")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_admin_imports_previews_edits_and_adds_a_user(server, page):
    run_cli(["users", "add", "--username", "carol", "--email", "carol@example.com", "--first-name", "Carol",
             "--last-name", "Shaw", "--role", "agent", "--password", PASSWORD], server["data_dir"])
    sign_in(page, server["base"], "admin")
    page.wait_for_url("**/admin/callcenters")
    page.wait_for_selector("body[data-ready=true]")

    # A bad file: every problem with its line, and nothing to import.
    page.set_input_files("#definition-file", os.path.join(SAMPLES, "invalid-bad-names.xml"))
    page.get_by_role("button", name="Preview").click()
    problems = page.locator("#preview-problems li")
    problems.first.wait_for()
    text = "\n".join(problems.all_inner_texts())
    assert "Line 3, column" in text and "must start with a letter" in text and "reserved word" in text
    assert page.get_by_role("button", name="Import", exact=True).is_disabled()
    shot(page, "admin-callcenter-rejected")

    # A quirky real-world file: a preview with warnings, then the import.
    page.set_input_files("#definition-file", os.path.join(SAMPLES, "lenient-real-world.xml"))
    page.get_by_role("button", name="Preview").click()
    page.locator("#preview-warnings li").first.wait_for()
    assert page.locator("#preview-warnings li").count() >= 3
    assert "misspelling" in "\n".join(page.locator("#preview-warnings li").all_inner_texts())
    assert page.locator("#callcenters tbody").inner_text().startswith("No call centers")  # nothing stored yet
    shot(page, "admin-callcenter-preview")
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("link", name="Legacy Phone").wait_for()
    assert page.locator("#status").inner_text() == "Imported Legacy Phone."

    # Edit: a bad value is refused with the rule; a good one is saved.
    page.get_by_role("link", name="Legacy Phone").click()
    width = page.get_by_label("reqSoftphoneWidth value")
    width.fill("wide")
    page.get_by_role("button", name="Save changes").click()
    page.locator("#detail-problems li").first.wait_for()
    assert "whole number of pixels" in page.locator("#detail-problems").inner_text()
    page.get_by_label("reqSoftphoneWidth value").fill("360")
    page.get_by_label("DNIS numbers (the numbers customers dial), one per line").fill("+1 415 555 0100\n+44 20 7946 0000")
    page.get_by_label("Other trusted origins", exact=False).fill("https://crm.example.com")
    page.get_by_role("button", name="Save changes").click()
    page.locator("#status").filter(has_text="Saved.").wait_for()
    assert page.get_by_label("reqSoftphoneWidth value").input_value() == "360"
    assert page.locator("#framed-origins").inner_text() == "https://legacy.example.org, https://crm.example.com"

    # Users.
    page.get_by_label("Username or email").fill("carol@example.com")
    page.get_by_role("button", name="Add user").click()
    page.locator("#users li", has_text="Carol Shaw (carol)").wait_for()
    shot(page, "admin-callcenter-detail")

    # Searching shows who is elsewhere, and where; moving takes them from there.
    run_cli(["users", "add", "--username", "dave", "--email", "dave@example.com", "--first-name", "Dave",
             "--last-name", "Carver", "--role", "agent", "--password", PASSWORD], server["data_dir"])
    run_cli(["callcenters", "import", os.path.join(SAMPLES, "lightning-basic.xml")], server["data_dir"])
    users = os.path.join(server["data_dir"], "dave.csv")
    with open(users, "w") as f:
        f.write("username\ndave\n")
    run_cli(["callcenters", "assign", "SwitchboardDemo", users], server["data_dir"])
    page.get_by_label("Find users by name or username").fill("Da")
    page.get_by_role("button", name="Search").click()
    result = page.locator("#search-results li", has_text="Dave Carver (dave)")
    result.wait_for()
    assert "in Switchboard Demo Call Center" in result.inner_text()
    result.get_by_role("button", name="Move dave here").click()
    page.locator("#users li", has_text="Dave Carver (dave)").wait_for()


def test_the_admin_page_is_for_admins_only(server, page):
    sign_in(page, server["base"], "agent")
    page.wait_for_url("**/admin/callcenters")
    assert page.get_by_role("heading", name="Admins only").is_visible()


def test_admin_makes_a_layout_for_agents_that_their_softphone_gets(server, page):
    sign_in(page, server["base"], "admin")
    page.goto(server["base"] + "/admin/softphonelayouts")
    page.wait_for_selector("body[data-ready=true]")
    assert page.get_by_role("link", name="Default").is_visible()  # there is always a default

    page.get_by_role("button", name="New layout").click()
    page.get_by_label("Name", exact=True).fill("Sales floor")
    page.get_by_label("agent", exact=True).check()
    page.get_by_label("Objects to search, one per line", exact=False).first.fill("Lead: Name, Company (Account)\nContact: Name, Phone")
    page.locator("#Inbound-NoMatch").select_option(label="Open a new-record form of…")
    page.get_by_label("Inbound No match: object, URL or flow").fill("Lead")
    page.locator("#Inbound-SingleMatch").select_option(label="Open the matched record")
    page.locator("#Inbound-MultipleMatches").select_option(label="Open a flow…")  # without a flow name: refused
    page.get_by_role("button", name="Save layout").click()
    page.locator("#problems li").first.wait_for()
    assert "PopToFlow needs the flow's name" in page.locator("#problems").inner_text()
    page.locator("#Inbound-MultipleMatches").select_option(label="Open the search page")
    page.get_by_role("button", name="Save layout").click()
    page.get_by_role("link", name="Sales floor").wait_for()
    shot(page, "admin-softphone-layouts")

    # What an agent's softphone will get from getSoftphoneLayout.
    layout = page.evaluate("fetch('/api/v1/softphonelayouts/effective?user=agent').then(r => r.json())")
    inbound = layout["Inbound"]
    assert list(inbound["objects"].keys()) == ["Lead", "Contact"]
    assert inbound["objects"]["Lead"][1] == {"displayName": "Account", "apiName": "Company"}

    # Saving the default layout from the page keeps its labels ("Account Name" stays).
    page.get_by_role("link", name="Default").click()
    page.get_by_role("button", name="Save layout").click()
    page.locator("#status").filter(has_text="Saved Default.").wait_for()
    default = page.evaluate("fetch('/api/v1/softphonelayouts/effective?user=admin').then(r => r.json())")
    assert default["Inbound"]["objects"]["Account"][0] == {"displayName": "Account Name", "apiName": "Name"}
    assert inbound["screenPopSettings"]["NoMatch"] == {"screenPopType": "PopToEntity", "screenPopData": "Lead"}
    assert inbound["screenPopSettings"]["SingleMatch"] == {"screenPopType": "PopToEntity"}
    assert inbound["screenPopSettings"]["MultipleMatches"] == {"screenPopType": "PopToSearch"}


OUTCOMES = {
    "lightning-basic.xml": None, "standby-and-vendor-settings.xml": None, "metadata-format.callCenter": None,
    "lenient-real-world.xml": "misspelling", "invalid-missing-internal-name.xml": "reqInternalName is missing",
    "invalid-bad-names.xml": "reserved word", "invalid-external-entity.xml": "document type declaration",
    "invalid-entity-expansion.xml": "document type declaration", "invalid-truncated.xml": "never closed",
}


def test_every_sample_previews_on_the_page_with_its_documented_outcome(server, page):
    sign_in(page, server["base"], "admin")
    page.wait_for_selector("body[data-ready=true]")
    for name, expected in OUTCOMES.items():
        page.set_input_files("#definition-file", os.path.join(SAMPLES, name))
        page.get_by_role("button", name="Preview").click()
        page.locator("#preview-title", has_text=name).wait_for()
        page.locator("#status").filter(has_text=re.compile("Ready to import|cannot be imported")).wait_for()
        refused = page.get_by_role("button", name="Import", exact=True).is_disabled()
        assert refused == name.startswith("invalid-"), name
        if expected:
            listed = page.locator("#preview-problems" if refused else "#preview-warnings").inner_text()
            assert expected in listed, f"{name}: {listed}"


def test_every_sample_through_the_cli(server):
    for name, expected in OUTCOMES.items():
        result = run_cli(["callcenters", "import", os.path.join(SAMPLES, name), "--preview"], server["data_dir"], check=False)
        if name.startswith("invalid-"):
            assert result.returncode != 0 and expected in result.stderr and "line " in result.stderr, name
        else:
            assert result.returncode == 0 and "Nothing was stored." in result.stdout, name
            if expected:
                assert expected in result.stdout, name
