#!/usr/bin/env bash
# Imports the same generated feed into newsboat and into newsdesk and compares import time and
# start-up time (until the first screen shows the feed's stories), then prints newsdesk's import
# time stage by stage. Not part of `cargo test`.
# Usage: scripts/compare-newsboat.sh [ITEMS]   (default 10000); installs newsboat with apt if needed.
set -euo pipefail
cd "$(dirname "$0")/.."
items="${1:-10000}"
if ! command -v newsboat >/dev/null 2>&1; then
  echo "installing newsboat (Debian package)…" >&2
  if [ "$(id -u)" -eq 0 ]; then apt-get install -y -qq newsboat >/dev/null; else sudo apt-get install -y -qq newsboat >/dev/null; fi
fi
python3 -c "import pyte" 2>/dev/null || pip install -q pyte   # a terminal emulator to read screens
cargo build --release --quiet --example generate_feed
cargo build --release --quiet
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
./target/release/examples/generate_feed "$items" "$work/feed.xml" 2>/dev/null
printf '"exec:cat %s/feed.xml"\n' "$work" > "$work/urls"
: > "$work/config"

# Wall-clock seconds of a command; its standard error goes to $errors (default: nowhere).
seconds() { python3 - "${errors:-/dev/null}" "$@" <<'PY'
import subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[1], "w") as errors:
    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=errors, check=True)
print(f"{time.perf_counter() - start:.3f}")
PY
}

# Time from start until `text` is on the screen of a command run in a 120x40 pseudo-terminal.
first_screen() { python3 - "$@" <<'PY'
import fcntl, os, pty, select, signal, struct, sys, termios, time
import pyte
text = sys.argv[1]; argv = sys.argv[2:]
screen = pyte.Screen(120, 40); stream = pyte.ByteStream(screen)
start = time.perf_counter()
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execvp(argv[0], argv)
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
while not any(text in line for line in screen.display):
    ready, _, _ = select.select([fd], [], [], 30)
    if not ready:
        print("timeout"); os.kill(pid, signal.SIGKILL); sys.exit(1)
    try:
        stream.feed(os.read(fd, 65536))
    except OSError:
        break
elapsed = time.perf_counter() - start
os.kill(pid, signal.SIGTERM); os.waitpid(pid, 0)
print(f"{elapsed:.3f}")
PY
}

# NEWSDESK_STAGES makes newsdesk print where its import time went.
nd_import=$(NEWSDESK_STAGES=1 errors="$work/stages" seconds ./target/release/newsdesk --library "$work/newsdesk.db" add "$work/feed.xml")
nb_import=$(seconds newsboat -u "$work/urls" -c "$work/cache.db" -C "$work/config" -x reload)
nd_start=$(first_screen "$items stories" ./target/release/newsdesk --library "$work/newsdesk.db")
nb_start=$(first_screen "Generated News" newsboat -u "$work/urls" -c "$work/cache.db" -C "$work/config")

ratio() { python3 -c "print(f'{$1 / $2:.2f}')"; }
echo "feed of $items generated items ($(du -h "$work/feed.xml" | cut -f1))"
printf '%-28s %10s %10s %14s\n' "" newsdesk newsboat "newsdesk/newsboat"
printf '%-28s %9ss %9ss %14s\n' "import (with entity analysis)" "$nd_import" "$nb_import" "$(ratio "$nd_import" "$nb_import")"
printf '%-28s %9ss %9ss %14s\n' "start-up to first screen" "$nd_start" "$nb_start" "$(ratio "$nd_start" "$nb_start")"
echo
echo "newsdesk's import by stage (wall-clock seconds; recognition is summed over its threads and"
echo "overlaps the writing, so the stages add up to more than the import):"
grep '^stage ' "$work/stages" | sed 's/^stage /  /'
