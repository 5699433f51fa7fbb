"""The README's first command: `switchboard demo` starts on a fresh SQLite file with demo data;
signed in as agent1, the simulate command the README suggests rings agent1's softphone and pops
the caller's Contact in the console."""
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request

from conftest import BINARY, wait_until_listening
from test_softphone import phase_is, softphone
from test_sign_in import shot
from test_telephony import signed_in


def test_the_demo_starts_with_its_data_and_a_simulated_call_pops_the_caller(page):
    folder = tempfile.mkdtemp(prefix="switchboard-demo-")
    log = open(os.path.join(folder, "server.log"), "w")
    process = subprocess.Popen([BINARY, "demo", "--data-dir", folder, "--port", "0"], stdout=subprocess.PIPE, stderr=log, text=True)
    simulator = None
    try:
        base = wait_until_listening(process, r"demo is running: (http://[\d.]+:\d+)/", seconds=180)
        assert os.path.exists(os.path.join(folder, "switchboard.sqlite"))
        urllib.request.urlopen(base + "/readyz", timeout=10).read()

        supervisor = signed_in(base, "supervisor", password="switchboard-demo")
        status, report = supervisor("GET", "/api/v1/reports/calls?timeZone=UTC")
        assert status == 200 and report["summary"]["calls"] > 100, "two weeks of demo calls"
        status, board = supervisor("GET", "/api/v1/presence/agents")
        assert sorted((a["name"], a["status"]) for a in board["agents"])[0][1] == "Available", "agent1 starts Available"

        # As the README says: sign in as agent1, open the console, run the simulate command.
        page.goto(base + "/signin?next=/console")
        page.get_by_label("Username").fill("agent1")
        page.get_by_label("Password").fill("switchboard-demo")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_selector("body[data-ready=true]", timeout=15000)
        phone = softphone(page)
        env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(folder, "switchboard.sqlite"))
        simulator = subprocess.Popen([BINARY, "calls", "simulate", "--server", base, "--from", "+14155550134", "--to", "+18005550100",
                                      "--hangup-after", "10s"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        phone.locator("#incoming").wait_for(state="visible", timeout=15000)
        page.locator("#record-name").filter(has_text="Dana Whitfield").wait_for(timeout=15000)
        phone.locator("#answer").click()
        phase_is(phone, "Connected")
        shot(page, "demo-simulated-call")
        phone.locator("#hangup").click()
        phone.locator("#wrapup").wait_for(state="visible")
        out, _ = simulator.communicate(timeout=60)
        assert simulator.returncode == 0, out
        assert re.search(r"offered: .* ringing, agent 005\w{15}", out) and "answered in the softphone" in out, out
        assert "ended: the agent hung up" in out, "the simulated caller hears the agent hang up and does not hang up again: " + out
    finally:
        if simulator and simulator.poll() is None:
            simulator.terminate()
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise AssertionError("the demo did not stop within 30 s of SIGTERM; its log ends:\n" + open(log.name).read()[-3000:])
        finally:
            log.close()
            shutil.rmtree(folder, ignore_errors=True)
