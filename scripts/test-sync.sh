#!/usr/bin/env bash
# Runs the sync integration tests (tests/sync_live.rs) against a real Miniflux 2.3.5 on
# PostgreSQL, through its REST API and its Google Reader API. Arguments after the script name
# go to the test harness (a test name filter, for instance).
#
# `scripts/test-sync.sh --perf [N]` instead times an initial sync of N entries (10,000 by
# default) with the release build, through both APIs, for docs/PERFORMANCE.md.
#
# Installs PostgreSQL when missing (Debian), builds Miniflux from the Go module proxy once
# (cached in $XDG_CACHE_HOME/newsdesk-test-sync), starts PostgreSQL with a throwaway data
# folder and Miniflux's feeds on 127.0.0.1 only, and removes everything on exit.
set -euo pipefail

PERF=0
PERF_ENTRIES=10000
if [[ "${1:-}" == "--perf" ]]; then
    PERF=1
    PERF_ENTRIES="${2:-10000}"
    shift $#
fi

cd "$(dirname "$0")/.."
MINIFLUX_VERSION=2.3.5
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/newsdesk-test-sync"
MINIFLUX_BIN="$CACHE/miniflux-$MINIFLUX_VERSION"
WORK="$(mktemp -d /tmp/newsdesk-test-sync.XXXXXX)"
PIDS=()

say() { printf 'test-sync: %s\n' "$*" >&2; }

cleanup() {
    local status=$?
    # Miniflux is started by the tests too; they leave its pid here.
    if [[ -f "$WORK/miniflux.pid" ]]; then
        kill "$(cat "$WORK/miniflux.pid")" 2>/dev/null || true
    fi
    for pid in "${PIDS[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    if [[ -n "${PGBIN:-}" && -d "$WORK/pg" ]]; then
        as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT INT TERM

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# --- PostgreSQL ---------------------------------------------------------------------------
find_pgbin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN="$(find_pgbin)"
if [[ -z "$PGBIN" || ! -x "$PGBIN/initdb" ]]; then
    say "installing PostgreSQL"
    if [[ "$(id -u)" != 0 ]]; then
        say "PostgreSQL is missing and installing it needs root (apt-get install postgresql)"
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    PGBIN="$(find_pgbin)"
fi

# PostgreSQL refuses to run as root: use its own account (or nobody) with a folder it owns.
if [[ "$(id -u)" == 0 ]]; then
    PGUSER_OS=postgres
    id "$PGUSER_OS" >/dev/null 2>&1 || PGUSER_OS=nobody
    as_pg() { runuser -u "$PGUSER_OS" -- "$@"; }
    chmod 755 "$WORK"
    mkdir -p "$WORK/pg" "$WORK/sock"
    chown "$PGUSER_OS" "$WORK/pg" "$WORK/sock"
else
    as_pg() { "$@"; }
    mkdir -p "$WORK/pg" "$WORK/sock"
fi
PGPORT="$(free_port)"
say "starting PostgreSQL on 127.0.0.1:$PGPORT"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/sock/pg.log" \
    -o "-p $PGPORT -k $WORK/sock -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
psql_run() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PGPORT" -U postgres "$@"; }
psql_run -d postgres -c "CREATE DATABASE miniflux"
psql_run -d miniflux -c "CREATE EXTENSION pgcrypto"

# --- Miniflux -----------------------------------------------------------------------------
if [[ ! -x "$MINIFLUX_BIN" ]]; then
    command -v go >/dev/null || {
        say "Go is needed once to build Miniflux $MINIFLUX_VERSION (https://go.dev/dl/)"
        exit 1
    }
    say "building Miniflux $MINIFLUX_VERSION (once; cached in $CACHE)"
    mkdir -p "$CACHE" "$WORK/gomod"
    (
        cd "$WORK/gomod"
        go mod init newsdesk.invalid/miniflux-build >/dev/null 2>&1
        go get -tool "miniflux.app/v2@v$MINIFLUX_VERSION" >/dev/null 2>&1
        go build -trimpath -o "$MINIFLUX_BIN.tmp" miniflux.app/v2
    )
    mv "$MINIFLUX_BIN.tmp" "$MINIFLUX_BIN"
fi

# --- Feeds for Miniflux to fetch ----------------------------------------------------------
mkdir -p "$WORK/feeds"
python3 - "$WORK/feeds" "$PERF_ENTRIES" <<'PY'
import sys, os
out = sys.argv[1]
def rss(name, title, count, words):
    items = []
    for i in range(count):
        items.append(
            f"<item><title>{title} story {i}</title>"
            f"<link>http://example.invalid/{name}/{i}</link>"
            f"<guid>{name}-{i}</guid>"
            f"<pubDate>Mon, 07 Dec 2026 {i // 3600 % 24:02d}:{i // 60 % 60:02d}:{i % 60:02d} GMT</pubDate>"
            f"<description>&lt;p&gt;{words} number {i} from {title}. Maria Lopez spoke in "
            f"Madrid on Monday.&lt;/p&gt;</description></item>"
        )
    with open(os.path.join(out, name + ".xml"), "w") as f:
        f.write('<?xml version="1.0"?><rss version="2.0"><channel>'
                f"<title>{title}</title><link>http://example.invalid/{name}</link>"
                "<description>test</description>" + "".join(items) + "</channel></rss>")
rss("alpha", "Alpha News", 6, "The first item")
rss("beta", "Beta Weekly", 4, "A second feed")
rss("gamma", "Gamma Daily", 3, "A feed added later")
rss("bulk", "Bulk Wire", 2000, "Many stories")
rss("huge", "Huge Wire", int(sys.argv[2]), "A story among thousands")
PY
FEEDPORT="$(free_port)"
python3 -m http.server "$FEEDPORT" --bind 127.0.0.1 --directory "$WORK/feeds" \
    >"$WORK/feeds.log" 2>&1 &
PIDS+=("$!")

MFPORT="$(free_port)"
export NEWSDESK_MINIFLUX_BIN="$MINIFLUX_BIN"
export NEWSDESK_MINIFLUX_URL="http://127.0.0.1:$MFPORT"
export NEWSDESK_MINIFLUX_DATABASE="postgres://postgres@127.0.0.1:$PGPORT/miniflux?sslmode=disable"
export NEWSDESK_MINIFLUX_PIDFILE="$WORK/miniflux.pid"
export NEWSDESK_MINIFLUX_LOG="$WORK/miniflux.log"
export NEWSDESK_FEEDS_URL="http://127.0.0.1:$FEEDPORT"
export NEWSDESK_MINIFLUX_ADMIN=admin
export NEWSDESK_MINIFLUX_ADMIN_PASSWORD="admin-password-$RANDOM$RANDOM"
export NEWSDESK_SYNC_TEST_PASSWORD="user-password-$RANDOM$RANDOM"

start_miniflux() {
    DATABASE_URL="$NEWSDESK_MINIFLUX_DATABASE" RUN_MIGRATIONS=1 CREATE_ADMIN=1 \
        ADMIN_USERNAME="$NEWSDESK_MINIFLUX_ADMIN" ADMIN_PASSWORD="$NEWSDESK_MINIFLUX_ADMIN_PASSWORD" \
        LISTEN_ADDR="127.0.0.1:$MFPORT" FETCHER_ALLOW_PRIVATE_NETWORKS=1 \
        POLLING_FREQUENCY=1440 LOG_LEVEL=error \
        "$MINIFLUX_BIN" >>"$NEWSDESK_MINIFLUX_LOG" 2>&1 &
    echo "$!" >"$NEWSDESK_MINIFLUX_PIDFILE"
    for _ in $(seq 1 100); do
        if python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
            "$NEWSDESK_MINIFLUX_URL/healthcheck" 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    say "Miniflux did not start; its log:"
    cat "$NEWSDESK_MINIFLUX_LOG" >&2
    exit 1
}

say "starting Miniflux on $NEWSDESK_MINIFLUX_URL"
start_miniflux

# One Miniflux user per test, each with the Google Reader API turned on (Settings →
# Integrations in the web interface; here written to its table, the password bcrypt-hashed).
python3 - <<'PY'
import base64, json, os, urllib.request
url = os.environ["NEWSDESK_MINIFLUX_URL"]
auth = base64.b64encode(
    f'{os.environ["NEWSDESK_MINIFLUX_ADMIN"]}:{os.environ["NEWSDESK_MINIFLUX_ADMIN_PASSWORD"]}'.encode()
).decode()
for kind in ("mf", "gr"):
    for name in ("first", "push", "pull", "offline", "kill", "feeds", "wrong", "perf"):
        body = json.dumps({"username": f"{kind}-{name}",
                           "password": os.environ["NEWSDESK_SYNC_TEST_PASSWORD"]}).encode()
        request = urllib.request.Request(url + "/v1/users", data=body, method="POST",
                                         headers={"Authorization": "Basic " + auth,
                                                  "Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).read()
PY
psql_run -d miniflux -v pw="$NEWSDESK_SYNC_TEST_PASSWORD" <<'SQL'
UPDATE integrations i SET googlereader_enabled = true,
    googlereader_username = u.username,
    googlereader_password = crypt(:'pw', gen_salt('bf', 10))
FROM users u WHERE u.id = i.user_id;
SQL

if [[ "$PERF" == 1 ]]; then
    say "subscribing to a feed of $PERF_ENTRIES entries (Miniflux fetches it)"
    python3 - <<'PY'
import base64, json, os, urllib.request
auth = base64.b64encode(f'mf-perf:{os.environ["NEWSDESK_SYNC_TEST_PASSWORD"]}'.encode()).decode()
body = json.dumps({"feed_url": os.environ["NEWSDESK_FEEDS_URL"] + "/huge.xml"}).encode()
request = urllib.request.Request(os.environ["NEWSDESK_MINIFLUX_URL"] + "/v1/feeds", data=body,
                                 method="POST", headers={"Authorization": "Basic " + auth,
                                                         "Content-Type": "application/json"})
urllib.request.urlopen(request, timeout=600).read()
PY
    cargo build --release --locked --quiet
    for kind in miniflux greader; do
        printf '[sync]\nkind = "%s"\nurl = "%s"\nusername = "mf-perf"\npassword_env = "NEWSDESK_SYNC_TEST_PASSWORD"\n' \
            "$kind" "$NEWSDESK_MINIFLUX_URL" >"$WORK/perf-$kind.toml"
        for run in initial "nothing new"; do
            start=$(date +%s.%N)
            target/release/newsdesk --library "$WORK/perf-$kind.db" --config "$WORK/perf-$kind.toml" sync
            end=$(date +%s.%N)
            python3 -c 'import sys; print(f"{sys.argv[1]}, {sys.argv[2]} sync: {float(sys.argv[4]) - float(sys.argv[3]):.1f} s")' \
                "$kind" "$run" "$start" "$end"
        done
    done
    exit 0
fi

say "running the sync tests"
cargo test --locked --features live-sync --test sync_live -- --test-threads=1 "$@"
