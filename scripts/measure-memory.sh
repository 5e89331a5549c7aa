#!/usr/bin/env bash
# Peak memory of reading large inputs: pages of small elements and of long text, a feed of dense
# HTML, Pocket CSV exports and a text for `entities`, most about 60 MB (under the 64 MiB input
# limit). Prints input size, peak resident memory and wall time per case.
# Usage: scripts/measure-memory.sh [NEWSDESK_BINARY]   (default: a release build of this tree)
# Needs GNU time (/usr/bin/time). Inputs are generated once in target/bench/memory/.
set -eu  # no pipefail: `yes | head` ends `yes` with SIGPIPE
cd "$(dirname "$0")/.."
bin="${1:-}"
if [[ -z "$bin" ]]; then
    cargo build --release --quiet
    bin=target/release/newsdesk
fi
dir=target/bench/memory
mkdir -p "$dir"
size=60000000

make_input() { # name, generator command
    [[ -s "$dir/$1" ]] || eval "$2" > "$dir/$1"
}
make_input small-elements.html "{ echo '<html><head><title>Small elements</title></head><body><article>'; yes '<p><b>x</b> <i>y</i> <span>z</span></p>' | head -c $size; echo '</article></body></html>'; }"
make_input empty-elements.html "{ echo '<html><head><title>Empty elements</title></head><body><article><p>One line of text.</p>'; yes '<p><b></b><i></i></p>' | head -c $size; echo '</article></body></html>'; }"
make_input long-text.html "{ echo '<html><head><title>Long text</title></head><body><article>'; yes '<p>The council met on Monday and voted, after a long debate, to rebuild the harbour wall before winter.</p>' | head -c $size; echo '</article></body></html>'; }"
make_input dense.xml "{ echo '<rss version=\"2.0\"><channel><title>Dense</title>'; for i in \$(seq 1 1000); do echo \"<item><guid>\$i</guid><title>Item \$i</title><description><![CDATA[\"; yes '<p><b>x</b> <i>y</i></p>' | head -c 60000; echo ']]></description></item>'; done; echo '</channel></rss>'; }"
make_input pocket.csv "{ echo 'title,url,time_added,tags,status'; seq 1 620000 | sed 's|.*|Story &,https://example.org/story/&,1729500000,news\|later,unread|'; }"
make_input pocket-100k.csv "head -n 100001 $dir/pocket.csv"
make_input entities.txt "yes 'Gustavo Petro met Donald Trump in Washington on Monday, and the two presidents agreed to talk again in March about tariffs worth 2 billion dollars.' | head -c $size"
make_input entities.jsonl "{ printf '{\"id\":1,\"text\":\"'; head -c 20000000 $dir/entities.txt | tr '\n' ' '; printf '\"}\n'; }"

run() { # label, input (also standard input), args...
    local label="$1" input="$2"
    shift 2
    local work
    work=$(mktemp -d)
    /usr/bin/time -v -o "$work/time" "$bin" --library "$work/library.db" "$@" \
        < "$input" > /dev/null 2> "$work/errors" || true
    local peak wall outcome
    peak=$(awk -F': ' '/Maximum resident/ {print $2}' "$work/time")
    wall=$(awk -F': ' '/Elapsed/ {print $2}' "$work/time")
    # The first message but the notice that a new library is being created.
    outcome=$(grep -v 'no library at' "$work/errors" | grep -m1 -o 'newsdesk: .*' | cut -c1-70 || true)
    printf '%-28s %4d MB input  %6d MB peak  %8s  %s\n' "$label" \
        $(( $(stat -c %s "$input") / 1000000 )) $(( ${peak:-0} / 1000 )) "${wall:-?}" \
        "${outcome:-ok}"
    rm -rf "$work"
}

echo "binary: $bin"
run "add page, small elements" "$dir/small-elements.html" add "$dir/small-elements.html"
run "add page, empty elements" "$dir/empty-elements.html" add "$dir/empty-elements.html"
run "add page, long text" "$dir/long-text.html" add "$dir/long-text.html"
run "add feed, dense HTML" "$dir/dense.xml" add "$dir/dense.xml"
run "import Pocket CSV" "$dir/pocket.csv" import "$dir/pocket.csv"
run "import Pocket CSV, 100k rows" "$dir/pocket-100k.csv" import "$dir/pocket-100k.csv"
run "entities FILE" "$dir/entities.txt" entities "$dir/entities.txt"
run "entities --jsonl, one line" "$dir/entities.jsonl" entities --jsonl
