#!/usr/bin/env bash
# Scores reader-mode extraction on saved pages with their true text.
# Usage: scripts/score-extraction.sh [DATA_DIR]   (default: ../shared/data/articles)
# PROFILE=debug uses the debug build (quicker to build, slower to run). KEEP=DIR keeps predictions.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/articles}"
if [ ! -f "$data/ground-truth.json" ]; then
  echo "no saved pages at $data (expected html/ID.html.gz and ground-truth.json)" >&2
  exit 2
fi
profile="${PROFILE:-release}"
if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/pred"
for page in "$data"/html/*.html.gz; do
  id="$(basename "$page" .html.gz)"
  gunzip -c "$page" > "$work/$id.html"
  "./target/$profile/newsdesk" extract --format json "$work/$id.html" > "$work/pred/$id.json" || true
done
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$work"/pred/*.json "$KEEP"/; fi
python3 "$data/score_extraction.py" "$data/ground-truth.json" "$work/pred" --quiet
