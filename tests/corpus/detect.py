#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Detection never mistakes one layout for another: every page (corpus pages
with a .expected.json, and the golden fixtures) is detected as its own
layout, and with --format forced to any other layout this build reads, anq
gives a clean format_mismatch error (one JSON line, exit 1, nothing on stderr).

Usage: detect.py ANQ CORPUS_DIR GOLDEN_DIR
"""
import json
import os
import subprocess
import sys


def pages(corpus, golden):
    if os.path.isdir(corpus):
        for d, _, fs in sorted(os.walk(corpus)):
            for f in sorted(fs):
                p = os.path.join(d, f)
                if f.endswith((".html", ".xml")) and os.path.exists(p + ".expected.json"):
                    with open(p + ".expected.json", encoding="utf-8") as e:
                        yield p, json.load(e).get("format")
    for d, _, fs in sorted(os.walk(golden)):
        for f in sorted(fs):
            p = os.path.join(d, f)
            if f.endswith((".html", ".xml")) and os.path.exists(p + ".expected.json"):
                with open(p + ".expected.json", encoding="utf-8") as e:
                    yield p, json.load(e).get("format")


def main():
    anq, corpus, golden = sys.argv[1:4]
    formats = subprocess.run([anq, "--list-formats"], capture_output=True, text=True,
                             check=True).stdout.split()
    failures = checked = 0
    for page, fmt in pages(corpus, golden):
        if fmt not in formats:
            continue  # an error fixture, or a layout this build does not read
        checked += 1
        for other in formats:
            r = subprocess.run([anq, "--format=" + other, page], capture_output=True)
            out = json.loads(r.stdout.decode("utf-8"))
            if other == fmt:
                ok = r.returncode == 0 and out.get("format") == fmt
            else:
                ok = (r.returncode == 1 and not r.stderr and
                      out.get("error", {}).get("code") == "format_mismatch")
            if not ok:
                failures += 1
                print(f"FAIL {page} (a {fmt} page) with --format={other}: {r.stdout[:200]!r}")
        r = subprocess.run([anq, page], capture_output=True)
        got = json.loads(r.stdout.decode("utf-8")).get("format")
        if got != fmt:
            failures += 1
            print(f"FAIL {page}: detected as {got}, expected {fmt}")
    print(f"{checked} pages checked against {len(formats)} layouts, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
