"""The command line and the REST API as an admin or integrator uses them."""
import json
import os
import urllib.error
import urllib.request

from openapi_spec_validator import validate

from conftest import run_cli


def request(base, path, token=None, method="GET", body=None, content_type="application/json"):
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = "Bearer " + token
    req = urllib.request.Request(base + path, data=body.encode() if body is not None else None, headers=headers, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_openapi_document_is_valid_openapi(server):
    status, body = request(server["base"], "/api/v1/openapi.json")
    assert status == 200
    validate(json.loads(body))


def test_a_token_from_the_cli_works_until_revoked(server):
    created = run_cli(["tokens", "create", "--name", "e2e", "--role", "admin"], server["data_dir"])
    token = created.stdout.strip()
    assert token.startswith("sbt_")
    status, body = request(server["base"], "/api/v1/records/Account", token, "POST", json.dumps({"Name": "Acme", "Phone": "+44 20 7946 0958"}))
    assert status == 201, body
    token_id = next(line.split()[0] for line in run_cli(["tokens", "list"], server["data_dir"]).stdout.splitlines()[1:] if line.endswith(" e2e"))
    run_cli(["tokens", "revoke", token_id], server["data_dir"])
    status, body = request(server["base"], "/api/v1/records/Account", token)
    assert status == 401 and "revoked" in body


def test_cli_import_commits_good_rows_and_reports_bad_ones(server, tmp_path):
    csv = tmp_path / "contacts.csv"
    csv.write_text("FirstName,LastName,Email,Phone\nAda,Lovelace,ada@example.com,+44 20 7946 0000\nNo,,x@example.com,\nBad,Email,not-an-email,\n")
    result = run_cli(["records", "import", "Contact", str(csv)], server["data_dir"], check=False)
    assert result.returncode == 2  # some rows failed
    assert "line 3, LastName: is required; give a value" in result.stdout
    assert "line 4, Email: 'not-an-email' is not an email address" in result.stdout
    assert "3 rows read, 1 imported, 2 failed" in result.stdout
    exported = run_cli(["records", "export", "Contact"], server["data_dir"]).stdout
    assert "Lovelace" in exported and "not-an-email" not in exported


def test_cli_refuses_a_bad_header_and_imports_nothing(server, tmp_path):
    csv = tmp_path / "leads.csv"
    csv.write_text("LastName,Compnay\nX,Y\n")
    before = run_cli(["records", "export", "Lead"], server["data_dir"]).stdout  # other tests on this server may have added some
    result = run_cli(["records", "import", "Lead", str(csv)], server["data_dir"], check=False)
    assert result.returncode != 0
    assert "Lead has no field 'Compnay'" in result.stderr
    assert run_cli(["records", "export", "Lead"], server["data_dir"]).stdout == before


def test_users_commands(server):
    run_cli(["users", "add", "--username", "sup", "--email", "sup@example.com", "--last-name", "Visor", "--password-stdin"], server["data_dir"], stdin="a long password\n")
    run_cli(["users", "set-role", "sup", "supervisor"], server["data_dir"])
    listing = run_cli(["users", "list"], server["data_dir"]).stdout
    assert any(line.split()[1:3] == ["sup", "supervisor"] for line in listing.splitlines()[1:])
    missing = run_cli(["users", "set-role", "nobody", "admin"], server["data_dir"], check=False)
    assert missing.returncode != 0 and "no user 'nobody'" in missing.stderr
    short = run_cli(["users", "set-password", "sup", "--password", "short"], server["data_dir"], check=False)
    assert short.returncode != 0 and "at least 8 characters" in short.stderr


SAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "shared", "samples", "callcenters")


def test_callcenters_import_preview_assign_export_delete(server, tmp_path):
    data = server["data_dir"]
    quirky = tmp_path / "quirky.xml"
    quirky.write_text(open(os.path.join(SAMPLES, "lenient-real-world.xml")).read().replace(">LegacyPhone<", ">PreviewOnly<"))
    preview = run_cli(["callcenters", "import", str(quirky), "--preview"], data)
    assert "warning:" in preview.stdout and "Nothing was stored." in preview.stdout
    assert "PreviewOnly" not in run_cli(["callcenters", "list"], data).stdout

    rejected = run_cli(["callcenters", "import", os.path.join(SAMPLES, "invalid-bad-names.xml")], data, check=False)
    assert rejected.returncode != 0 and "line 3, column" in rejected.stderr and "reserved word" in rejected.stderr

    run_cli(["callcenters", "import", os.path.join(SAMPLES, "standby-and-vendor-settings.xml")], data)
    users = tmp_path / "users.csv"
    users.write_text("email\nagent@example.com\nnobody@example.com\n")
    assigned = run_cli(["callcenters", "assign", "AcmeVoiceEU", str(users)], data, check=False)
    assert assigned.returncode == 2
    assert "line 2, agent: added to Acme Voice — Équipe Europe" in assigned.stdout
    assert "line 3, nobody@example.com: no user" in assigned.stdout

    exported = tmp_path / "AcmeVoiceEU.callCenter"
    run_cli(["callcenters", "export", "AcmeVoiceEU", "--format", "metadata", str(exported)], data)
    assert "<customSettings>" in exported.read_text()
    still_used = run_cli(["callcenters", "delete", "AcmeVoiceEU"], data, check=False)
    assert still_used.returncode != 0 and "still has 1 user" in still_used.stderr
