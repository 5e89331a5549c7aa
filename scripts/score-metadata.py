#!/usr/bin/env python3
"""Scores title, byline, site and date found by `newsdesk extract` against expected metadata.

Usage: scripts/score-metadata.py DATA_DIR PRED_DIR
DATA_DIR holds NAME/expected-metadata.json (Readability.js test pages); PRED_DIR holds NAME.json,
the output of `newsdesk extract --format json`. A field counts on the pages where the expected
value is present; a value found where none is expected is counted as an extra.

Matching is lenient about presentation only: case, spacing, quotes and a leading "By" are ignored;
a title matches when it equals the expected one or the expected one with its " | Site" or
" - Author - Site" suffix cut off (or the other way round); a byline matches when one name list contains the other; a date
matches on its calendar day as written.
"""
import json
import os
import re
import sys
import unicodedata


def norm(text):
    text = unicodedata.normalize("NFKC", text or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.lower().split())


def cut_suffix(title):
    for sep in (" | ", " - ", " \u2013 ", " \u2014 "):
        at = title.find(sep)
        if at > 0:
            return title[:at]
    return title


def title_match(found, expected):
    f, e = norm(found), norm(expected)
    return bool(f) and (f == e or f == norm(cut_suffix(expected)) or norm(cut_suffix(found)) == e)


def byline_match(found, expected):
    f = re.sub(r"^by\s+", "", norm(found))
    e = re.sub(r"^by\s+", "", norm(expected))
    return bool(f) and (f == e or f in e or e in f)


def site_match(found, expected):
    return bool(norm(found)) and norm(found) == norm(expected)


def date_match(found, expected):
    return bool(found) and found.strip()[:10] == expected.strip()[:10]


FIELDS = [
    ("title", "title", title_match),
    ("byline", "author", byline_match),
    ("siteName", "site", site_match),
    ("publishedTime", "published", date_match),
]


def main():
    data, pred = sys.argv[1], sys.argv[2]
    totals = {name: [0, 0, 0] for name, _, _ in FIELDS}  # found right, expected, extra
    for page in sorted(os.listdir(data)):
        meta_path = os.path.join(data, page, "expected-metadata.json")
        if not os.path.isfile(meta_path):
            continue
        with open(meta_path, encoding="utf-8") as f:
            expected = json.load(f)
        try:
            with open(os.path.join(pred, page + ".json"), encoding="utf-8") as f:
                found = json.load(f)
        except (OSError, ValueError):
            found = {}
        marks = []
        for name, key, match in FIELDS:
            want, got = expected.get(name), found.get(key)
            if want:
                totals[name][1] += 1
                ok = match(got or "", want)
                totals[name][0] += ok
                if not ok:
                    marks.append(f"{key}: got {got!r}, expected {want!r}")
            elif got:
                totals[name][2] += 1
        print(f"{page:24} {'ok' if not marks else '; '.join(marks)}")
    print()
    for name, (right, expected, extra) in totals.items():
        share = right / expected if expected else 0.0
        print(f"{name:14} {right}/{expected} = {share:.3f}   (found where none expected: {extra})")


if __name__ == "__main__":
    main()
