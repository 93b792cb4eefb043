#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Golden tests: each fixture page under tests/golden/<layout>/ has beside it
`<page>.expected.json`, the complete record (or error object) that `anq`
must print for it, pretty-printed.

  golden.py check ANQ FILE     compare anq's output on FILE with FILE.expected.json
  golden.py update ANQ DIR     rewrite every *.expected.json under DIR from anq's
                               output, for review with `git diff` (never run by CI)
"""
import json
import os
import subprocess
import sys

PAGES = (".html", ".htm", ".xml")


def run(anq, page):
    # ANQ_TEST_WRAPPER (the valgrindanq test setup) runs anq under a tool;
    # the tool's reports land on stderr, which fails the check below.
    wrapper = os.environ.get("ANQ_TEST_WRAPPER", "").split()
    r = subprocess.run(wrapper + [anq, page], capture_output=True)
    if r.stderr:
        raise SystemExit(f"{page}: anq wrote to stderr: {r.stderr[:300]!r}")
    return json.loads(r.stdout.decode("utf-8"))


def diff(path, exp, got, out):
    if isinstance(exp, dict) and isinstance(got, dict):
        for k in list(exp) + [k for k in got if k not in exp]:
            if k not in got:
                out.append(f"{path}.{k}: missing from the output")
            elif k not in exp:
                out.append(f"{path}.{k}: not expected, got {json.dumps(got[k], ensure_ascii=False)[:160]}")
            else:
                diff(f"{path}.{k}", exp[k], got[k], out)
    elif isinstance(exp, list) and isinstance(got, list) and len(exp) == len(got):
        for i, (e, g) in enumerate(zip(exp, got)):
            diff(f"{path}[{i}]", e, g, out)
    elif exp != got or type(exp) is not type(got):
        out.append(f"{path}:\n    expected {json.dumps(exp, ensure_ascii=False)[:300]}\n    got      {json.dumps(got, ensure_ascii=False)[:300]}")


def check(anq, page):
    with open(page + ".expected.json", encoding="utf-8") as f:
        exp = json.load(f)
    got = run(anq, page)
    out = []
    diff("", exp, got, out)
    if out:
        print(f"FAIL {page}")
        for m in out:
            print("  " + m)
        return 1
    print(f"ok {page}")
    return 0


def update(anq, root):
    n = 0
    for d, _, files in os.walk(root):
        for f in sorted(files):
            if f.endswith(PAGES):
                page = os.path.join(d, f)
                got = run(anq, page)
                with open(page + ".expected.json", "w", encoding="utf-8") as out:
                    json.dump(got, out, ensure_ascii=False, indent=2)
                    out.write("\n")
                n += 1
    print(f"rewrote {n} expected files under {root}; review them with git diff")
    return 0


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("check", "update"):
        print(__doc__)
        return 2
    if sys.argv[1] == "check":
        return check(sys.argv[2], sys.argv[3])
    return update(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    sys.exit(main())
