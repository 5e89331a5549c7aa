#!/usr/bin/env python3
"""Scores `newsdesk entities --jsonl` on hand-annotated modern news paragraphs.

Usage: scripts/score-modern.py [ANNOTATED] [BINARY]
  ANNOTATED  default tests/fixtures/modern-news/annotated.txt: paragraphs separated by blank
             lines, each led by "# SOURCE-URL", names marked "[surface|LABEL]".
  BINARY     default target/release/newsdesk (build it first: cargo build --release).
Prints precision, recall and F1 per label (exact spans) and micro-averaged over PERSON, ORG,
PLACE, then the misses and false finds.
"""
import json
import re
import subprocess
import sys

MARK = re.compile(r"\[([^\[\]|]+)\|(PERSON|ORG|PLACE|MISC)\]")


def parse(path):
    stories = []
    for block in open(path, encoding="utf-8").read().split("\n\n"):
        lines = [l for l in block.split("\n") if l and not l.startswith("#")]
        if not lines:
            continue
        marked = "\n".join(lines)
        text, gold, at = "", [], 0
        for m in MARK.finditer(marked):
            text += marked[at:m.start()]
            start = len(text.encode("utf-8"))
            text += m.group(1)
            gold.append((start, len(text.encode("utf-8")), m.group(2)))
            at = m.end()
        text += marked[at:]
        stories.append((text, gold))
    return stories


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/modern-news/annotated.txt"
    binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/newsdesk"
    stories = parse(path)
    lines = "".join(json.dumps({"id": i, "text": t}) + "\n" for i, (t, _) in enumerate(stories))
    out = subprocess.run([binary, "entities", "--jsonl"], input=lines.encode(), capture_output=True, check=True)
    labels = ["PERSON", "ORG", "PLACE", "MISC"]
    tp = {l: 0 for l in labels}
    fp = dict(tp)
    fn = dict(tp)
    report = []
    for line, (text, gold) in zip(out.stdout.decode().splitlines(), stories):
        got = {(e["start"], e["end"], e["label"]) for e in json.loads(line)["entities"] if e["label"] in labels}
        want = set(gold)
        raw = text.encode("utf-8")
        for s, e, l in got & want:
            tp[l] += 1
        for s, e, l in got - want:
            fp[l] += 1
            report.append(f"  wrong  {l:6} {raw[s:e].decode()!r}")
        for s, e, l in want - got:
            fn[l] += 1
            report.append(f"  missed {l:6} {raw[s:e].decode()!r}")

    def prf(t, p, n):
        pr = t / (t + p) if t + p else 0.0
        rc = t / (t + n) if t + n else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    print(f"{'label':8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5}")
    for l in labels:
        pr, rc, f = prf(tp[l], fp[l], fn[l])
        print(f"{l:8} {pr:6.3f} {rc:6.3f} {f:6.3f} {tp[l] + fn[l]:5}")
    main3 = ["PERSON", "ORG", "PLACE"]
    pr, rc, f = prf(*(sum(d[l] for l in main3) for d in (tp, fp, fn)))
    print(f"{'micro':8} {pr:6.3f} {rc:6.3f} {f:6.3f}  (PERSON/ORG/PLACE)")
    print("\n".join(sorted(report)))


if __name__ == "__main__":
    main()
