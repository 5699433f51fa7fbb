"""Fixtures that run the real `switchboard` binary on a fresh SQLite file and drive it with
Debian's Chromium through Playwright (Playwright's own browser download is not used)."""
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Absolute: the CLI runs in each test's data directory (a relative SWITCHBOARD_BINARY would not be found there).
BINARY = os.path.abspath(os.environ.get("SWITCHBOARD_BINARY", os.path.join(ROOT, ".build", "debug", "switchboard")))
PASSWORD = "e2e-password-1"


def serve(env, data_dir):
    """Starts `switchboard serve` on a free port; its log goes to server.log in `data_dir`, whose
    last lines are shown with any test that fails while using a fixture with that `data_dir`."""
    with open(os.path.join(data_dir, "server.log"), "w") as log:
        return subprocess.Popen([BINARY, "serve", "--port", "0"], env=env, stdout=subprocess.PIPE, stderr=log, text=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    report = (yield).get_result()
    if report.when == "teardown" or not report.failed:
        return
    for name, value in getattr(item, "funcargs", {}).items():
        path = os.path.join(value["data_dir"], "server.log") if isinstance(value, dict) and "data_dir" in value else None
        if path and os.path.exists(path):
            with open(path, errors="replace") as f:
                tail = [line[:300] for line in f.readlines()[-40:]]
            report.sections.append((f"server log of '{name}' (last {len(tail)} lines)", "".join(tail)))


def run_cli(args, data_dir, check=True, stdin=None):
    """Runs a switchboard command on the test database and returns the completed process."""
    env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(data_dir, "e2e.sqlite"), SWITCHBOARD_AUTH_BCRYPT_COST="4")
    result = subprocess.run([BINARY, *args], env=env, capture_output=True, text=True, input=stdin, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"switchboard {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def wait_for_sip_and_http(process, seconds=60):
    """Reads a server's output until it said where SIP and HTTP listen (in either order);
    returns (SIP port, HTTP base URL)."""
    sip_port, base = None, None
    deadline = time.monotonic() + seconds
    while sip_port is None or base is None:
        assert time.monotonic() < deadline, "the server did not say where it listens"
        line = process.stdout.readline()
        assert line, "the server exited before it listened"
        if match := re.search(r"SIP is listening on udp:127\.0\.0\.1:(\d+)", line):
            sip_port = int(match.group(1))
        if match := re.search(r"listening on (http://[\d.]+:\d+)/", line):
            base = match.group(1)
    return sip_port, base


def wait_until_listening(process, pattern, seconds):
    """Reads the process's output until a line matches `pattern`; returns its first group (the base URL)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(pattern, line or "")
        if match:
            return match.group(1)
        if process.poll() is not None:
            raise AssertionError(f"{process.args[1]} exited before it listened")
    raise AssertionError(f"{process.args[1]} did not say where it listens within {seconds} s")


@pytest.fixture(scope="session")
def server():
    """A server with an admin and an agent, on a free port; yields its base URL and data folder."""
    data_dir = tempfile.mkdtemp(prefix="switchboard-e2e-")
    run_cli(["users", "add", "--username", "admin", "--email", "admin@example.com", "--last-name", "Admin",
             "--role", "admin", "--password", PASSWORD], data_dir)
    run_cli(["users", "add", "--username", "agent", "--email", "agent@example.com", "--first-name", "Alex",
             "--last-name", "Rivera", "--role", "agent", "--password", PASSWORD], data_dir)
    # The token cache is off so that a token revoked by the CLI (another process) stops at once.
    env = dict(os.environ, SWITCHBOARD_DB_URL=os.path.join(data_dir, "e2e.sqlite"), SWITCHBOARD_AUTH_BCRYPT_COST="4",
               SWITCHBOARD_AUTH_TOKEN_CACHE_SECONDS="0")
    process = serve(env, data_dir)
    base = wait_until_listening(process, r"listening on (http://[\d.]+:\d+)/", seconds=60)
    urllib.request.urlopen(base + "/readyz", timeout=10).read()
    yield {"base": base, "data_dir": data_dir}
    process.terminate()  # SIGTERM: graceful shutdown
    assert process.wait(timeout=30) == 0, "the server did not shut down cleanly on SIGTERM"
    shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is not installed (the test command installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
