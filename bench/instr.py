#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Instructions per byte of anq_parse, per layout, counted by callgrind.

Wall-clock MB/s (anq-bench) moves with whatever else the machine runs;
instruction counts do not: the same binary on the same pages gives the same
count every time. This runs `anq-bench --once` (one anq_parse per page)
under `valgrind --tool=callgrind --toggle-collect=anq_parse`, once per
layout, and prints instructions per byte and the ratio to the legacy layout
(the issue's target: no layout more expensive per byte than an_legacy).

usage: bench/instr.py BUILD/bench/anq-bench FILE_OR_FOLDER...
"""
import os
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    bench, paths = sys.argv[1], sys.argv[2:]
    out = subprocess.run([bench, "--list"] + paths, check=True,
                         capture_output=True, text=True).stdout
    groups = {}
    for line in out.splitlines():
        fmt, size, path = line.split("\t", 2)
        if fmt == "(rejected)":
            continue
        g = groups.setdefault(fmt, [0, []])
        g[0] += int(size)
        g[1].append(path)
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, (size, files) in sorted(groups.items()):
            cg = os.path.join(tmp, "cg." + fmt)
            # symbols bound at load time: the first call of each library
            # function would otherwise count its lazy binding (about 1 000
            # instructions) against the first page of every layout
            env = dict(os.environ, LD_BIND_NOW="1")
            r = subprocess.run(["valgrind", "--tool=callgrind", "--toggle-collect=anq_parse",
                                "--callgrind-out-file=" + cg, bench, "--once"] + files,
                               capture_output=True, text=True, env=env)
            m = re.search(r"Collected : (\d+)", r.stderr)
            if r.returncode != 0 or not m:
                print(r.stderr, file=sys.stderr)
                return 1
            rows[fmt] = (len(files), size, int(m.group(1)))
    legacy = rows.get("an_legacy")
    print("%-12s %5s %10s %13s %10s %10s" % ("format", "pages", "bytes", "instructions",
                                             "instr/B", "vs legacy"))
    worst = 0.0
    for fmt, (n, size, ir) in rows.items():
        per = ir / size
        rel = per / (legacy[2] / legacy[1]) if legacy else 0.0
        if fmt != "an_legacy":
            worst = max(worst, rel)
        print("%-12s %5d %10d %13d %10.1f %10s" % (fmt, n, size, ir, per,
                                                   "%.2f" % rel if legacy else "-"))
    if legacy:
        print("most expensive layout per byte: %.2f x an_legacy (target <= 1.00)" % worst)
    return 0


if __name__ == "__main__":
    sys.exit(main())
