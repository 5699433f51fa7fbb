# Starts a throw-away PostgreSQL on 127.0.0.1 for the tests and exports its URL as
# SWITCHBOARD_TEST_POSTGRES_URL. Source it; call stop_test_postgres when done.
# Installs Debian's postgresql package when it is missing. As root, the server runs as the
# `postgres` user, because initdb and pg_ctl refuse to run as root.

start_test_postgres() {
    local pgbin
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
        echo "== installing postgresql (apt-get)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
        pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    TEST_PG_DATA=$(mktemp -d /tmp/switchboard-pg.XXXXXX)
    TEST_PG_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    local run=()
    if [ "$(id -u)" = 0 ]; then
        chown postgres "$TEST_PG_DATA"
        run=(runuser -u postgres --)
    fi
    TEST_PG_CTL=("${run[@]}" "$pgbin/pg_ctl")
    "${run[@]}" "$pgbin/initdb" -D "$TEST_PG_DATA/data" -U postgres --auth=trust -E UTF8 >"$TEST_PG_DATA/initdb.log" 2>&1 \
        || { cat "$TEST_PG_DATA/initdb.log"; return 1; }
    # fsync off: a test database that loses data on a crash is fine, and it is much faster.
    "${TEST_PG_CTL[@]}" -D "$TEST_PG_DATA/data" -l "$TEST_PG_DATA/server.log" -w -t 60 \
        -o "-p $TEST_PG_PORT -k $TEST_PG_DATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null || { cat "$TEST_PG_DATA/server.log"; return 1; }
    export SWITCHBOARD_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$TEST_PG_PORT/postgres?sslmode=disable"
    echo "== PostgreSQL $("$pgbin/postgres" --version | awk '{print $3}') on 127.0.0.1:$TEST_PG_PORT"
}

stop_test_postgres() {
    if [ -n "${TEST_PG_DATA:-}" ]; then
        "${TEST_PG_CTL[@]}" -D "$TEST_PG_DATA/data" -m fast -w stop >/dev/null 2>&1 || true
        rm -rf "$TEST_PG_DATA"
        TEST_PG_DATA=
    fi
}
