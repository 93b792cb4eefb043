#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Corpus suite: run `anq` on every page of a corpus folder that has a
`.expected.json` and compare the record field by field.

Rules (corpus README): integers and dates compare exactly; strings after
Unicode NFC and whitespace folding (every run of whitespace, U+00A0 and
newlines included, to one space); author.name as a set of words; arrays
element-wise. `question_html`, `answer_html`, `warnings` and `_notes` are
not compared. Every mismatch is reported; the exit status is 1 on any.

Usage: compare.py ANQ FOLDER
Exit 77 (skipped, said on stdout) when FOLDER is absent or when this build
does not read the folder's format.
"""
import json
import os
import re
import subprocess
import sys
import unicodedata

SKIP = 77
IGNORED = {"_notes", "question_html", "answer_html", "warnings"}


def fold(s):
    s = unicodedata.normalize("NFC", s)
    return re.sub(r"[\s\u00a0\u202f]+", " ", s).strip()


def compare(path, exp, got, out):
    if isinstance(exp, dict):
        if not isinstance(got, dict):
            out.append(f"{path}: expected an object, got {json.dumps(got, ensure_ascii=False)[:80]}")
            return
        for k, v in exp.items():
            if k in IGNORED:
                continue
            sub = f"{path}.{k}" if path else k
            if k not in got:
                out.append(f"{sub}: missing from the output")
                continue
            compare(sub, v, got[k], out)
        return
    if isinstance(exp, list):
        if not isinstance(got, list):
            out.append(f"{path}: expected a list of {len(exp)}, got {json.dumps(got, ensure_ascii=False)[:80]}")
            return
        if len(exp) != len(got):
            out.append(f"{path}: expected {len(exp)} items, got {len(got)}: {json.dumps(got, ensure_ascii=False)[:200]}")
        for i, (e, g) in enumerate(zip(exp, got)):
            compare(f"{path}[{i}]", e, g, out)
        return
    if isinstance(exp, str) and isinstance(got, str):
        if path == "author.name":
            ok = set(fold(exp).split(" ")) == set(fold(got).split(" "))
        else:
            ok = fold(exp) == fold(got)
        if not ok:
            e, g = fold(exp), fold(got)
            i = 0
            while i < min(len(e), len(g)) and e[i] == g[i]:
                i += 1
            out.append(f"{path}: differs at char {i}:\n    expected …{e[max(0, i-40):i+80]!r}\n    got      …{g[max(0, i-40):i+80]!r}")
        return
    if type(exp) is not type(got) or exp != got:
        out.append(f"{path}: expected {json.dumps(exp, ensure_ascii=False)[:200]}, got {json.dumps(got, ensure_ascii=False)[:200]}")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    anq, folder = sys.argv[1], sys.argv[2]
    if not os.path.isdir(folder):
        print(f"SKIP: corpus folder {folder} is absent")
        return SKIP
    formats = subprocess.run([anq, "--list-formats"], capture_output=True, text=True,
                             check=True).stdout.split()
    pages = sorted(f for f in os.listdir(folder)
                   if f.endswith((".html", ".xml")) and os.path.exists(os.path.join(folder, f + ".expected.json")))
    checked = skipped = failed = 0
    for page in pages:
        with open(os.path.join(folder, page + ".expected.json"), encoding="utf-8") as f:
            exp = json.load(f)
        if exp.get("format") not in formats:
            print(f"SKIP {page}: format {exp.get('format')} is not in this build")
            skipped += 1
            continue
        checked += 1
        r = subprocess.run([anq, os.path.join(folder, page)], capture_output=True)
        if r.stderr:
            print(f"FAIL {page}: anq wrote to stderr: {r.stderr[:200]!r}")
            failed += 1
            continue
        try:
            got = json.loads(r.stdout.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as e:
            print(f"FAIL {page}: output is not one UTF-8 JSON object ({e})")
            failed += 1
            continue
        if "error" in got or r.returncode != 0:
            print(f"FAIL {page}: {got.get('error')}")
            failed += 1
            continue
        mism = []
        compare("", exp, got, mism)
        if mism:
            failed += 1
            print(f"FAIL {page}: {len(mism)} mismatch(es)")
            for m in mism:
                print("  - " + m)
        else:
            print(f"ok   {page}")
    print(f"{folder}: {checked} checked, {checked - failed} matched, {failed} failed, {skipped} skipped")
    if checked == 0:
        print("SKIP: no page of this folder is in a format this build reads")
        return SKIP
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
