"""Trunk keep-alives: a trunk listed with a port is sent OPTIONS every second here
(`sip.trunkPingSeconds`); while a SIPp trunk answers them /metrics shows it up, and once it stops,
down. Bad trunk addresses stop the server at start with the reason."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest

from conftest import BINARY, serve, wait_for_sip_and_http
from test_sip_sipvicious import free_port

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(scope="module")
def gateway():
    assert shutil.which("sipp"), "sipp is not installed (the test command installs sip-tester)"
    data_dir = tempfile.mkdtemp(prefix="switchboard-trunks-")
    trunk_port = free_port()
    env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(data_dir, "t.sqlite"), SWITCHBOARD_SIP_ENABLED="true", SWITCHBOARD_SIP_PORT="0",
               SWITCHBOARD_SIP_TRUNKS=f"127.0.0.1:{trunk_port}", SWITCHBOARD_SIP_TRUNK_PING_SECONDS="1")
    process = serve(env, data_dir)
    _, base = wait_for_sip_and_http(process)
    yield {"base": base, "trunk": f"127.0.0.1:{trunk_port}", "trunk_port": trunk_port, "data_dir": data_dir}
    process.terminate()
    assert process.wait(timeout=30) == 0
    shutil.rmtree(data_dir, ignore_errors=True)


def trunk_state(gateway):
    text = urllib.request.urlopen(gateway["base"] + "/metrics", timeout=10).read().decode()
    found = re.search(r'^switchboard_sip_trunk_up\{trunk="' + re.escape(gateway["trunk"]) + r'"\}\s+([0-9.]+)$', text, re.M)
    return float(found.group(1)) if found else None


def wait_for_state(gateway, wanted, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if trunk_state(gateway) == wanted:
            return True
        time.sleep(0.2)
    return False


def test_a_trunk_that_answers_options_is_up_and_one_that_stops_is_down(gateway):
    trunk = subprocess.Popen(["sipp", "-sf", os.path.join(HERE, "sip", "trunk_answers_options.xml"), "-i", "127.0.0.1", "-p", str(gateway["trunk_port"]),
                              "-m", "100", "-nostdin", "-timeout", "60s"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=gateway["data_dir"])
    try:
        assert wait_for_state(gateway, 1.0), f"up while it answers: {trunk_state(gateway)}"
    finally:
        trunk.kill()
        trunk.wait()
    assert wait_for_state(gateway, 0.0), f"down once it stopped answering: {trunk_state(gateway)}"


@pytest.mark.parametrize("setting,value,message", [
    ("SWITCHBOARD_SIP_TRUNKS", "pbx.example.com", "sip.trunks has 'pbx.example.com'; list IPv4 addresses, each with an optional port"),
    ("SWITCHBOARD_SIP_TRUNK_PING_SECONDS", "-5", "sip.trunkPingSeconds is -5; use 0 (no pings) to 3600"),
    ("SWITCHBOARD_SIP_DIGEST_ALGORITHMS", "MD5,SHA-512", "sip.digestAlgorithms has 'SHA-512'; use MD5, SHA-256 or both"),
    ("SWITCHBOARD_SIP_OUTBOUND_USERNAME", "switchboard-out", "sip.outboundUsername is set without sip.outboundPassword; give both"),
])
def test_bad_trunk_settings_stop_the_server_with_the_reason(setting, value, message):
    data_dir = tempfile.mkdtemp(prefix="switchboard-trunks-bad-")
    try:
        env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(data_dir, "x.sqlite"), SWITCHBOARD_SIP_ENABLED="true", **{setting: value})
        result = subprocess.run([BINARY, "serve", "--port", "0"], env=env, capture_output=True, text=True, timeout=60)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    assert result.returncode != 0 and message in result.stdout + result.stderr, result.stdout + result.stderr
