#!/usr/bin/env bash
# Scores the title, byline, site name and date that reader mode finds on saved pages.
# Usage: scripts/score-metadata.sh [DATA_DIR]   (default: ../shared/data/articles/readability)
# PROFILE=debug uses the debug build (quicker to build, slower to run).
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/articles/readability}"
profile="${PROFILE:-release}"
if ! ls "$data"/*/expected-metadata.json >/dev/null 2>&1; then
  echo "no pages at $data (expected NAME/source.html.gz and NAME/expected-metadata.json)" >&2
  exit 2
fi
if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/pred"
for dir in "$data"/*/; do
  name="$(basename "$dir")"
  [ -f "$dir/source.html.gz" ] || continue
  gunzip -c "$dir/source.html.gz" > "$work/$name.html"
  "./target/$profile/newsdesk" extract --format json "$work/$name.html" > "$work/pred/$name.json" || true
done
python3 scripts/score-metadata.py "$data" "$work/pred"
