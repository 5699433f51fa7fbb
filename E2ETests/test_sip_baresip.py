"""A real SIP user agent as the agent's phone: baresip (Debian's `baresip-core`, headless, as in
sip.md §2.4) registers as phone1 with its password (digest MD5, the default), and auto-answers the
call a SIPp trunk makes to the DNIS; the trunk gets 180 and 200 with baresip's SDP, and its BYE
ends both legs."""
import math
import os
import re
import shutil
import struct
import subprocess
import time
import urllib.request
import wave

import pytest

from test_sip_gateway import ended_call, free_udp_port, sipp, start_gateway
from test_telephony import signed_in


@pytest.fixture(scope="module")
def gateway():
    """The default digest setting (MD5 alone): baresip's SIP stack (libre) refuses a challenge
    set with an algorithm it lacks, so with SHA-256 offered too it would not register."""
    yield from start_gateway()


def registrations(base):
    text = urllib.request.urlopen(base + "/metrics", timeout=10).read().decode()
    found = re.search(r"^switchboard_sip_registrations_total\s+([0-9.]+)$", text, re.M)
    return float(found.group(1)) if found else 0.0


def baresip_config(directory, listen_port, gateway_port):
    os.makedirs(directory, exist_ok=True)
    # baresip plays a file as its microphone: one second of a 440 Hz tone, 8 kHz mono (sip.md §2.4).
    with wave.open(os.path.join(directory, "tone.wav"), "wb") as tone:
        tone.setnchannels(1)
        tone.setsampwidth(2)
        tone.setframerate(8000)
        tone.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / 8000))) for n in range(8000)))
    with open(os.path.join(directory, "config"), "w") as f:
        f.write(f"""poll_method epoll
sip_listen 127.0.0.1:{listen_port}
sip_transports udp
audio_source aufile,{directory}/tone.wav
audio_player aufile,{directory}/heard.wav
rtp_ports 20000-20100
module_path /usr/lib/baresip/modules
module g711.so
module aufile.so
module_app account.so
module_app menu.so
""")
    with open(os.path.join(directory, "accounts"), "w") as f:
        f.write(f"<sip:phone1@127.0.0.1:{gateway_port}>;auth_pass=phone-secret-1;regint=600;answermode=auto\n")


def test_baresip_registers_with_digest_and_answers_a_trunk_call(gateway):
    assert shutil.which("baresip"), "baresip is not installed (the test command installs baresip-core)"
    base = gateway["base"]
    directory = os.path.join(gateway["data_dir"], "baresip")
    baresip_config(directory, free_udp_port(), gateway["port"])
    before = registrations(base)
    phone = subprocess.Popen(["baresip", "-f", directory], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    try:
        deadline = time.monotonic() + 20
        while registrations(base) <= before:
            assert time.monotonic() < deadline and phone.poll() is None, "baresip registered with its password"
            time.sleep(0.2)
        assert signed_in(base, "phone1")("PUT", "/api/v1/presence", {"status": "Available"})[0] == 200
        trunk = sipp(gateway, "trunk_call.xml", "-s", "18005550166", field="+14155550153")
        assert trunk.returncode == 0, trunk.stdout[-3000:]
    finally:
        phone.kill()
        output = phone.communicate(timeout=10)[0]
    call = ended_call(gateway, "+14155550153")
    assert call["Outcome"] == "Answered" and call["DisconnectReason"] == "CustomerHangup", output[-3000:]
