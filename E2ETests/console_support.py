"""What the console tests share: a second origin serving test softphones, a webhook, call centers
and agents made through the CLI, and signing in."""
import http.server
import json
import os
import tempfile
import threading

import pytest

from conftest import PASSWORD, run_cli

SOFTPHONES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "softphone")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=SOFTPHONES, **kwargs)

    def log_message(self, *args):
        pass


class _Webhook(http.server.BaseHTTPRequestHandler):
    """An apex webhook: answers {"result": {"echo": <params>, "user": <username>}}."""
    received = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Webhook.received.append(body)
        answer = json.dumps({"result": {"echo": body["params"], "user": body["user"]["username"], "action": body["action"]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def _serve(handler):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="session")
def softphone_origin():
    """Test softphones on another origin than the console (another port)."""
    httpd = _serve(_Quiet)
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def webhook():
    httpd = _serve(_Webhook)
    yield {"url": f"http://127.0.0.1:{httpd.server_address[1]}/apex", "received": _Webhook.received}
    httpd.shutdown()


def definition(internal_name, adapter_url, mode="Lightning", standby_url=None, timeout_ms=None, width=320, height=460):
    extra = ""
    order = 7
    if standby_url:
        extra += f'<item sortOrder="{order}" name="reqStandbyUrl" label="Standby URL">{standby_url}</item>'
        order += 1
    if timeout_ms:
        extra += f'<item sortOrder="{order}" name="reqTimeout" label="Timeout">{timeout_ms}</item>'
    return f"""<callCenter>
  <section sortOrder="0" name="reqGeneralInfo" label="General Information">
    <item sortOrder="0" name="reqInternalName" label="InternalName">{internal_name}</item>
    <item sortOrder="1" name="reqDisplayName" label="Display Name">{internal_name} Center</item>
    <item sortOrder="2" name="reqAdapterUrl" label="CTI Adapter URL">{adapter_url.replace('&', '&amp;')}</item>
    <item sortOrder="3" name="reqUseApi" label="Use CTI API">true</item>
    <item sortOrder="4" name="reqSoftphoneHeight" label="Softphone Height">{height}</item>
    <item sortOrder="5" name="reqSoftphoneWidth" label="Softphone Width">{width}</item>
    <item sortOrder="6" name="reqSalesforceCompatibilityMode" label="Salesforce Compatibility Mode">{mode}</item>
    {extra}
  </section>
  <section sortOrder="1" name="reqVendorSettings" label="Vendor">
    <item sortOrder="0" name="reqRegion" label="Region">eu-west</item>
  </section>
</callCenter>"""


def call_center_with_agent(server, internal_name, adapter_url, username, **options):
    """Imports a call center and puts a new agent in it."""
    data_dir = server["data_dir"]
    folder = tempfile.mkdtemp(prefix="cc-")
    path = os.path.join(folder, f"{internal_name}.xml")
    with open(path, "w") as f:
        f.write(definition(internal_name, adapter_url, **options))
    run_cli(["callcenters", "import", path], data_dir)
    run_cli(["users", "add", "--username", username, "--email", f"{username}@example.com", "--first-name", "Test",
             "--last-name", username.title(), "--role", "agent", "--password", PASSWORD], data_dir)
    csv = os.path.join(folder, "users.csv")
    with open(csv, "w") as f:
        f.write(f"username\n{username}\n")
    run_cli(["callcenters", "assign", internal_name, csv], data_dir)
    return username


def open_console(page, base, username, path="/console"):
    messages = []
    page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: messages.append(f"page error: {e}"))
    page.goto(base + "/signin?next=" + path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    try:
        page.wait_for_selector("body[data-ready=true]", timeout=15000)
    except Exception as error:
        raise AssertionError(f"the console did not start: {error}\nbrowser console:\n" + "\n".join(messages) + "\nview: " + page.locator("#view").inner_text())


def softphone_frame(page):
    """The softphone's frame once its page says it is ready."""
    page.wait_for_selector("#softphone-frame", state="attached")
    handle = page.locator("#softphone-frame").element_handle()
    frame = handle.content_frame()
    frame.wait_for_function("() => document.getElementById('status') && document.getElementById('status').textContent === 'ready'", polling=100)
    return frame


def admin_token(server, name):
    """A new admin API token, made with the CLI."""
    return run_cli(["tokens", "create", "--name", name, "--role", "admin"], server["data_dir"]).stdout.strip().splitlines()[0]


def own_layout(server, token, name, usernames):
    """Gives the agents a softphone layout of their own, so another test's change to the default
    layout cannot change what their searches find."""
    import urllib.request
    people = [{"object": "Account", "fields": [{"apiName": "Name", "displayName": "Account Name"}, {"apiName": "Phone", "displayName": "Phone"}]},
              {"object": "Contact", "fields": [{"apiName": "Name", "displayName": "Name"}, {"apiName": "Phone", "displayName": "Phone"}]},
              {"object": "Lead", "fields": [{"apiName": "Name", "displayName": "Name"}, {"apiName": "Company", "displayName": "Company"}]}]
    layout = {"name": name, "users": usernames, "isDefault": False, "callTypes": {
        "Inbound": {"callRelatedFields": ["ANI"], "objects": people,
                    "NoMatch": {"screenPopType": "PopToEntity", "screenPopData": "Contact"},
                    "SingleMatch": {"screenPopType": "PopToEntity"}, "MultipleMatches": {"screenPopType": "PopToSearch"}},
        "Outbound": {"callRelatedFields": ["DNIS"], "objects": people},
        "Internal": {"callRelatedFields": ["ANI"], "objects": []}}}
    request = urllib.request.Request(server["base"] + "/api/v1/softphonelayouts", method="POST", data=json.dumps(layout).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201


def staffed_call_center(server, internal_name, adapter_url, username, **options):
    """A call center with a new agent who has a softphone layout of their own, and an admin token
    for setting up data: (token, username)."""
    token = admin_token(server, internal_name.lower() + "-e2e")
    agent = call_center_with_agent(server, internal_name, adapter_url, username, **options)
    own_layout(server, token, f"{internal_name} layout", [agent])
    return token, agent
