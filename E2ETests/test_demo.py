"""The README's first command: `switchboard demo` starts on a fresh SQLite file with demo data, and
the simulate command it suggests rings one of the demo's agents."""
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request

from conftest import BINARY, wait_until_listening
from test_telephony import signed_in


def test_the_demo_starts_with_its_data_and_a_simulated_call_rings_an_agent():
    folder = tempfile.mkdtemp(prefix="switchboard-demo-")
    process = subprocess.Popen([BINARY, "demo", "--data-dir", folder, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = wait_until_listening(process, r"demo is running: (http://[\d.]+:\d+)/", seconds=180)
        assert os.path.exists(os.path.join(folder, "switchboard.sqlite"))
        urllib.request.urlopen(base + "/readyz", timeout=10).read()

        supervisor = signed_in(base, "supervisor", password="switchboard-demo")
        status, report = supervisor("GET", "/api/v1/reports/calls?timeZone=UTC")
        assert status == 200 and report["summary"]["calls"] > 100, "two weeks of demo calls"
        status, board = supervisor("GET", "/api/v1/presence/agents")
        assert sorted(a["status"] for a in board["agents"]) == ["Available"] * 3

        env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(folder, "switchboard.sqlite"))
        result = subprocess.run([BINARY, "calls", "simulate", "--server", base, "--from", "+14155550134", "--to", "+18005550100",
                                 "--answer-after", "0.2s", "--hangup-after", "0.2s"], env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        assert re.search(r"offered: .* ringing, agent 005\w{15}", result.stdout), result.stdout
        agents = {a["userId"]: a["name"] for a in board["agents"]}
        ringing = re.search(r"agent (005\w{15})", result.stdout).group(1)
        assert ringing in agents
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
