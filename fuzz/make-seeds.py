#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Rebuild the seed corpus fuzz/corpus/<target>/ from the project's own
fixtures: every page under tests/golden/<layout>/ and examples/*.html.

fuzz_parse seeds are the page behind one flag byte (see fuzz_parse.c):
  00            detect the layout
  <fmt>|08|10   force the page's own layout, no HTML, pretty JSON
  <other fmt>   force another layout (the mismatch path)
  20 NN         detect, with anq's allocations failing from the NNth on
fuzz_input seeds are the pages as they are, plus the date shapes that
lib/date.h documents. fuzz_tree seeds are the pages behind 00 (XML pages:
anq's XML parser) or 01 (HTML pages: the HTML fragment path).

Run from anywhere: python3 fuzz/make-seeds.py. Existing seeds of the same
name are overwritten; others (minimised finds) are left alone."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
FORMATS = ["unknown", "nosdeputes", "an_fiche", "an_table", "an_legacy",
           "an_xml_view", "an_dyn", "an_opendata"]
DATES = [
    "20/02/2024", "2/3/2024", "2024-02-20", "2024-02-20T10:00:00+01:00",
    "20 f\u00e9vrier 2024", "1er mars 2024", "mardi 12 d\u00e9cembre 2023",
    "20 fevrier 2024", "15 aout 2023", "20\u00a0f\u00e9vrier\u00a02024",
    "parue dans le journal officiel le 26 octobre 2022",
]


def fixtures():
    pages = []
    golden = os.path.join(TOP, "tests", "golden")
    for layout in sorted(os.listdir(golden)):
        d = os.path.join(golden, layout)
        if not os.path.isdir(d):
            continue
        for f in sorted(os.listdir(d)):
            if f.endswith((".html", ".htm", ".xml")):
                pages.append((layout, os.path.join(d, f)))
    ex = os.path.join(TOP, "examples")
    for f in sorted(os.listdir(ex)):
        if f.endswith((".html", ".htm", ".xml")):
            layout = next((n for n in FORMATS[1:] if f.startswith(n.replace("_", "-"))
                           or f.startswith(n)), "unknown")
            pages.append((layout, os.path.join(ex, f)))
    return pages


def write(target, name, data):
    d = os.path.join(HERE, "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as fh:
        fh.write(data)


def main():
    n = 0
    for layout, path in fixtures():
        with open(path, "rb") as fh:
            page = fh.read()
        base = "%s-%s" % (os.path.basename(os.path.dirname(path)),
                          os.path.splitext(os.path.basename(path))[0])
        own = FORMATS.index(layout) if layout in FORMATS else 0
        other = 5 if own != 5 else 2
        flags = [0x00]
        if own:
            flags += [own | 0x08 | 0x10, other]
        for fl in flags:
            write("fuzz_parse", "seed-%s-%02x" % (base, fl), bytes([fl]) + page)
            n += 1
        write("fuzz_parse", "seed-%s-20" % base, bytes([0x20, 10]) + page)
        n += 1
        write("fuzz_input", "seed-%s" % base, page)
        n += 1
        xml = path.endswith(".xml")
        write("fuzz_tree", "seed-%s" % base, bytes([0x00 if xml else 0x01]) + page)
        n += 1
    for i, d in enumerate(DATES):
        write("fuzz_input", "seed-date-%02d" % i, d.encode("utf-8"))
        n += 1
    print("wrote %d seeds" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
