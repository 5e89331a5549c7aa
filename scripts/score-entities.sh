#!/usr/bin/env bash
# Scores the entity recogniser on a development set with gold entities.
# Usage: scripts/score-entities.sh [DATA_DIR]   (default: ../shared/data/ner-dev)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${1:-../shared/data/ner-dev}"
if [ ! -f "$data/dev.text.jsonl" ]; then
  echo "no development set at $data (expected dev.text.jsonl, dev.gold.jsonl, score.py)" >&2
  exit 2
fi
cargo build --release --quiet
predictions="$(mktemp)"
trap 'rm -f "$predictions"' EXIT
./target/release/newsdesk entities --jsonl < "$data/dev.text.jsonl" > "$predictions"
python3 "$data/score.py" "$data/dev.gold.jsonl" "$predictions"
echo
python3 "$data/score.py" "$data/dev.gold.jsonl" "$predictions" --labels PERSON,ORG,PLACE,MISC | tail -3
