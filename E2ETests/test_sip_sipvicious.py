"""SIPVicious (Debian's `sipvicious`), the tool attackers point at SIP servers, against a gateway
of its own (password guessing blocks the address it comes from for ten minutes): it finds the
gateway without learning its version, enumerates no user, and guesses no password — the right one
included, once the guessing has been refused."""
import os
import shutil
import socket
import subprocess
import tempfile

import pytest

from conftest import PASSWORD, run_cli, serve, wait_for_sip_and_http
from test_sip_gateway import exchange, request

USERS = ["phone1", "phone2", "operator"]


@pytest.fixture(scope="module")
def gateway():
    assert shutil.which("svwar"), "sipvicious is not installed (the test command installs it)"
    data_dir = tempfile.mkdtemp(prefix="switchboard-sipvicious-")
    for user in USERS:
        run_cli(["users", "add", "--username", user, "--email", f"{user}@example.com", "--last-name", user.title(), "--role", "agent",
                 "--password", PASSWORD], data_dir)
        run_cli(["users", "set-sip-password", user, "--password", f"{user}-secret-7"], data_dir)
    env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(data_dir, "sv.sqlite"), SWITCHBOARD_AUTH_BCRYPT_COST="4",
               SWITCHBOARD_SIP_ENABLED="true", SWITCHBOARD_SIP_PORT="0")
    process = serve(env, data_dir)
    port, _ = wait_for_sip_and_http(process)
    yield {"port": port, "data_dir": data_dir}
    process.terminate()
    assert process.wait(timeout=30) == 0
    shutil.rmtree(data_dir, ignore_errors=True)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sipvicious(gateway, tool, *args):
    result = subprocess.run([tool, *args, "-P", str(free_port()), "-p", str(gateway["port"]), "127.0.0.1"],
                            capture_output=True, text=True, timeout=180, cwd=gateway["data_dir"])
    return result.stdout + result.stderr


def dictionary(gateway, name, words):
    path = os.path.join(gateway["data_dir"], name)
    with open(path, "w") as f:
        f.write("\n".join(words) + "\n")
    return path


def test_svmap_finds_the_gateway_but_not_its_version(gateway):
    output = sipvicious(gateway, "svmap")
    assert f"127.0.0.1:{gateway['port']}" in output and "| Switchboard " in output, output
    assert not any(character.isdigit() for character in output.split("| Switchboard")[1].split("|")[0]), "no version in the User-Agent: " + output


def test_svwar_enumerates_no_user(gateway):
    """Real usernames among made-up ones, by REGISTER (forced past svwar's own warning), INVITE and
    OPTIONS: every one answered alike, so none is listed."""
    words = dictionary(gateway, "users.txt", ["admin", *USERS, "nobody", "100", "101", "sales"])
    for method in ["REGISTER", "INVITE", "OPTIONS"]:
        output = sipvicious(gateway, "svwar", "--force", "-m", method, "-d", words)
        assert "found nothing" in output, f"{method}: {output[-2000:]}"
        assert not any(f"| {user} " in output for user in USERS), f"{method} listed a user: {output[-2000:]}"


def test_svcrack_guesses_no_password_and_the_address_is_refused(gateway):
    """The right password is the 20th guess: by then the guessing address is refused (403), so
    svcrack finds nothing — and a REGISTER from that address gets 403 even with the right answer."""
    words = [f"guess{n}" for n in range(1, 20)] + ["phone1-secret-7"] + [f"guess{n}" for n in range(20, 40)]
    output = sipvicious(gateway, "svcrack", "-u", "phone1", "-d", dictionary(gateway, "passwords.txt", words))
    assert "found nothing" in output and "phone1-secret-7" not in output, output[-2000:]
    status, _ = exchange(gateway["port"], request("REGISTER", extra="Contact: <sip:phone1@127.0.0.1:5999>\n"))
    assert status == "SIP/2.0 403 Forbidden"
