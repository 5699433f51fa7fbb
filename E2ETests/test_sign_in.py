"""What a person sees when signing in and out, in a real browser."""
import os

from conftest import PASSWORD

SHOTS = os.environ.get("SWITCHBOARD_SCREENSHOTS", "/tmp/switchboard-screenshots")


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SHOTS, name + ".png"), full_page=True)


def test_a_wrong_password_says_so_and_keeps_the_username(server, page):
    page.goto(server["base"] + "/signin")
    page.get_by_label("Username").fill("agent")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    assert alert.inner_text() == "The username or password is wrong."
    assert page.get_by_label("Username").input_value() == "agent"
    assert page.context.cookies() == []
    shot(page, "signin-wrong-password")


def test_signing_in_shows_who_you_are_and_signing_out_ends_the_session(server, page):
    page.goto(server["base"] + "/home")
    assert page.url.endswith("/signin?next=/home")
    page.get_by_label("Username").fill("agent")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/home")
    assert "Alex Rivera" in page.locator("#who").inner_text()
    assert page.locator("#role").inner_text() == "agent"
    cookie = next(c for c in page.context.cookies() if c["name"] == "sb_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert page.evaluate("document.cookie") == ""  # scripts cannot read the session
    shot(page, "home")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/signin")
    page.goto(server["base"] + "/home")
    assert "/signin" in page.url


def test_the_form_works_from_the_keyboard_alone(server, page):
    page.goto(server["base"] + "/signin")
    page.wait_for_selector("#username:focus", timeout=5000)  # focus starts in the form (autofocus)
    page.keyboard.type("agent")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/home")
    assert page.locator("#role").inner_text() == "agent"
