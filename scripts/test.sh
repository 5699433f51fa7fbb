#!/usr/bin/env bash
# Runs every test: Swift unit, contract (SQLite and a throw-away PostgreSQL), HTTP and app tests,
# then the browser and CLI end-to-end tests against the real binary. Installs what it needs
# (postgresql, chromium, python3-phonenumbers, sip-tester, sipvicious, baresip-core, Playwright) when missing. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh

passed=0
failed=0
log_dir=$(mktemp -d /tmp/switchboard-test.XXXXXX)

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# libphonenumber in Python: the test-time oracle for the phone normalizer (never a runtime dependency).
[ -d /usr/lib/python3/dist-packages/phonenumbers ] || need_apt+=(python3-phonenumbers)
# SIPp: a real SIP peer for the gateway's tests.
command -v sipp >/dev/null 2>&1 || need_apt+=(sip-tester)
command -v svwar >/dev/null 2>&1 || need_apt+=(sipvicious)
command -v baresip >/dev/null 2>&1 || need_apt+=(baresip-core)
if [ ${#need_apt[@]} -gt 0 ]; then
    echo "== installing ${need_apt[*]} (apt-get)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! python3 -c "import playwright, pytest, openapi_spec_validator" 2>/dev/null; then
    echo "== installing playwright, pytest, openapi-spec-validator (pip)"
    python3 -m pip install -q playwright pytest openapi-spec-validator 2>&1 | grep -v "Running pip as the 'root' user" || true
fi

echo "== building"
if ! swift build --build-tests >"$log_dir/build.log" 2>&1; then
    grep -E "error" -A3 "$log_dir/build.log" | head -n 60
    echo "0 passed, 1 failed"
    exit 1
fi

start_test_postgres || { echo "0 passed, 1 failed"; exit 1; }
trap stop_test_postgres EXIT

echo "== swift test (SQLite and PostgreSQL)"
swift test 2>&1 | tee "$log_dir/swift.log" | grep -E "^(✘|✔ Suite|✔ Test run)|recorded an issue" || true
total=$(grep -oE "Test run with [0-9]+ tests?" "$log_dir/swift.log" | tail -1 | grep -oE "[0-9]+" || echo 0)
swift_failed=$(grep -cE '^✘ Test "[^"]*"( with [0-9]+ test cases?)? failed' "$log_dir/swift.log" || true)
if ! grep -q "Test run with" "$log_dir/swift.log"; then swift_failed=1; fi
passed=$((passed + total - swift_failed))
failed=$((failed + swift_failed))

if ls JSTests/*.test.mjs >/dev/null 2>&1; then
    echo "== node --test"
    node --test JSTests/ 2>&1 | tee "$log_dir/node.log" | tail -n 12
    passed=$((passed + $(grep -oE "^# pass [0-9]+" "$log_dir/node.log" | grep -oE "[0-9]+" || echo 0)))
    failed=$((failed + $(grep -oE "^# fail [0-9]+" "$log_dir/node.log" | grep -oE "[0-9]+" || echo 0)))
fi

echo "== end-to-end (real binary, Chromium)"
python3 -m pytest E2ETests -q -p no:cacheprovider 2>&1 | tee "$log_dir/e2e.log" | tail -n 25
summary=$(grep -E " in [0-9.]+s" "$log_dir/e2e.log" | tail -1)
e2e_passed=0
e2e_failed=0
for n in $(grep -oE "[0-9]+ passed" <<<"$summary" | grep -oE "^[0-9]+"); do e2e_passed=$((e2e_passed + n)); done
for n in $(grep -oE "[0-9]+ (failed|errors?)" <<<"$summary" | grep -oE "^[0-9]+"); do e2e_failed=$((e2e_failed + n)); done
if [ "$e2e_passed" = 0 ] && [ "$e2e_failed" = 0 ]; then e2e_failed=1; fi  # nothing ran: count it as a failure
if [ "$e2e_failed" != 0 ]; then
    # The tail above may hold only the summary: show each failure whole, with its server's log.
    echo "== end-to-end failures"
    sed -n '/^=* FAILURES =*$/,/^=* short test summary info =*$/p' "$log_dir/e2e.log" | head -n 300
fi
passed=$((passed + e2e_passed))
failed=$((failed + e2e_failed))

echo "logs: $log_dir"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
