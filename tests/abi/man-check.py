#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Every function the header declares has its section in the generated
anq(3), every option that `anq --help` lists is described in anq(1), and
both pages render without a warning when man(1) is there.

  man-check.py HEADER ANQ3 ANQ1 ANQ_EXE
"""
import re
import shutil
import subprocess
import sys

header, anq3, anq1, anq_exe = sys.argv[1:5]
status = 0
with open(header, encoding="utf-8") as f:
    declared = re.findall(r"^ANQ_API\b[^;(]*?\b(anq_\w+)\s*\(", f.read(), re.M | re.S)
with open(anq3, encoding="utf-8") as f:
    page3 = f.read()
sections = set(re.findall(r"^\.SS (anq_\w+)$", page3, re.M))
if not declared:
    print("no ANQ_API declaration found in", header)
    status = 1
for name in declared:
    if name not in sections:
        print(f"anq(3) has no section for {name}")
        status = 1
    elif not re.search(r"^\.SS " + name + r"\n(?:.*\n){2,}?Since: 0\.1\.0", page3, re.M):
        print(f"anq(3): {name} has no 'Since:' line")
        status = 1

with open(anq1, encoding="utf-8") as f:
    page1 = f.read().replace("\\-", "-")
helptext = subprocess.run([anq_exe, "--help"], capture_output=True, text=True).stdout
options = sorted(set(re.findall(r"^\s+(?:-\w, )?(--[a-z-]+)", helptext, re.M)))
if len(options) < 5:
    print("anq --help lists too few options:", options)
    status = 1
for opt in options:
    if opt not in page1:
        print(f"anq(1) does not describe {opt}")
        status = 1
if "EXIT STATUS" not in page1:
    print("anq(1) has no EXIT STATUS section")
    status = 1

man = shutil.which("man")
if man:
    for page in (anq1, anq3):
        r = subprocess.run([man, "--warnings", "-l", page], capture_output=True, text=True,
                           env={"MANWIDTH": "80", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
        warnings = [l for l in r.stderr.splitlines() if "cannot adjust" not in l]
        if r.returncode != 0 or warnings or len(r.stdout) < 500:
            print(f"{page}: man says {r.returncode}: {warnings[:5]}")
            status = 1
else:
    print("man(1) is not installed: the pages were not rendered")

if status == 0:
    print(f"ok: {len(declared)} functions in anq(3), {len(options)} options in anq(1)")
sys.exit(status)
