#!/usr/bin/env python3
"""Benchmark: from a call offered to the caller's record shown in the agent's console, in Chromium.

Starts the built `switchboard` on a fresh SQLite file, signs an agent in to the console with the
reference softphone, then offers N calls (each from another known Contact) through the telephony
events API and times, on the machine's clock, from just before the POST to the moment the
console shows that Contact's name (a MutationObserver in the page notes it). Each call is then
ended by the caller while it rings. Target: p95 under 300 ms.

    swift build -c release && SWITCHBOARD_BINARY=.build/release/switchboard python3 scripts/bench_browser_pop.py --calls 50
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import time
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "E2ETests"))
import conftest  # noqa: E402
from console_support import admin_token, call_center_with_agent, open_console, own_layout  # noqa: E402
from test_console_lightning import api  # noqa: E402
from test_softphone import softphone  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=50)
    parser.add_argument("--output", default="bench-results")
    args = parser.parse_args()
    import subprocess
    import tempfile
    data_dir = tempfile.mkdtemp(prefix="switchboard-bench-pop-")
    env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(data_dir, "e2e.sqlite"), SWITCHBOARD_AUTH_BCRYPT_COST="4")
    process = subprocess.Popen([conftest.BINARY, "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    base = conftest.wait_until_listening(process, r"listening on (http://[\d.]+:\d+)/", seconds=60)
    server = {"base": base, "data_dir": data_dir}
    token = admin_token(server, "bench")
    call_center_with_agent(server, "Pop", "/softphone/", "pop-agent", height=560)
    own_layout(server, token, "Pop layout", ["pop-agent"])
    assert api(base, token, "PATCH", "/api/v1/callcenters/Pop", {"changes": [], "dnisNumbers": ["+18005550199"]})[0] == 200
    people = []
    for i in range(args.calls):
        number = f"+1 312 555 {1000 + i:04d}"
        status, contact = api(base, token, "POST", "/api/v1/records/Contact", {"FirstName": "Pop", "LastName": f"Caller{i:03d}", "Phone": number})
        assert status == 201
        people.append((number, f"Pop Caller{i:03d}"))

    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        page = browser.new_context().new_page()
        open_console(page, base, "pop-agent")
        phone = softphone(page)
        phone.locator("#presence").select_option("Available")
        phone.locator("#state").filter(has_text="Status: Available").wait_for()
        # Note when the console's record name changes, on the page's wall clock.
        page.evaluate("""() => { window.popTimes = {};
            new MutationObserver(() => { const el = document.getElementById('record-name'); if (el) window.popTimes[el.textContent.trim()] ??= Date.now(); })
              .observe(document.body, { subtree: true, childList: true, characterData: true }); }""")
        latencies = []
        for i, (number, name) in enumerate(people):
            key = f"pop-{i}"
            began = time.time() * 1000
            status, _ = api(base, token, "POST", "/api/v1/telephony/events", {"id": key + "-1", "callKey": key, "type": "offered", "from": number, "to": "+18005550199"})
            assert status == 200
            page.wait_for_function("(name) => window.popTimes[name] !== undefined", arg=name, timeout=10000)
            latencies.append(page.evaluate("(name) => window.popTimes[name]", name) - began)
            api(base, token, "POST", "/api/v1/telephony/events", {"id": key + "-2", "callKey": key, "type": "ended", "reason": "CallerHangup"})
            phone.locator("#incoming").wait_for(state="hidden")
        browser.close()
    process.terminate()
    process.wait(timeout=30)
    shutil.rmtree(data_dir, ignore_errors=True)

    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
    result = {"calls": len(latencies), "p50ms": p(0.50), "p95ms": p(0.95), "maxms": latencies[-1], "meanms": statistics.mean(latencies), "targetP95ms": 300}
    print(f"offer → record shown in the console, {len(latencies)} calls: ms p50 {result['p50ms']:.0f}  p95 {result['p95ms']:.0f}  max {result['maxms']:.0f}")
    os.makedirs(args.output, exist_ok=True)
    with open(os.path.join(args.output, "browser-pop.json"), "w") as f:
        json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
