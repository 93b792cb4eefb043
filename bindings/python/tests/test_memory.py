# SPDX-License-Identifier: MIT
"""Parsing the same pages over and over through the binding does not make
the process grow: the fixture pages (and the corpus pages when
ANQ_CORPUS_DIR is given) are parsed ANQ_MEMORY_ROUNDS times (1 000 by
default), and the resident set size is compared between the end of a
warm-up and the end of the run.

Skipped under AddressSanitizer (ANQ_SANITIZED set by meson): its quarantine
holds freed memory on purpose, and it finds leaks by itself."""
import gc
import os

import pytest

import anq

ROUNDS = int(os.environ.get("ANQ_MEMORY_ROUNDS", "1000"))
WARMUP = max(ROUNDS // 10, 1)
# Allowed growth from the end of the warm-up to the end: a leak of one
# small string per parse would already pass it over a run of 1 000 rounds.
BOUND = 1 << 20


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(bool(os.environ.get("ANQ_SANITIZED")), reason="RSS is meaningless under ASan")
@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc")
def test_rss_does_not_grow(golden_pages, example_page, corpus_pages):
    pages = []
    for p in golden_pages + [example_page] + corpus_pages:
        with open(p, "rb") as f:
            pages.append(f.read())

    def one_round():
        ok = 0
        for data in pages:
            try:
                rec = anq.parse(data)
                ok += rec["number"] > 0
            except anq.AnqError:
                pass
            for kind in anq.ID_KINDS[:4]:
                anq.format_id("QANR5L16QOSD350", kind)
        return ok

    parsed = 0
    for _ in range(WARMUP):
        parsed += one_round()
    gc.collect()
    start = rss()
    samples = []
    for i in range(WARMUP, ROUNDS):
        parsed += one_round()
        if (i + 1) % max(ROUNDS // 10, 1) == 0:
            gc.collect()
            samples.append(rss())
    gc.collect()
    end = rss()
    print(f"\n{len(pages)} pages x {ROUNDS} rounds = {len(pages) * ROUNDS} parses "
          f"({parsed} records); RSS after warm-up {start / 1024:.0f} KiB, at the end "
          f"{end / 1024:.0f} KiB, growth {(end - start) / 1024:+.0f} KiB (bound "
          f"{BOUND // 1024} KiB); samples KiB: {[s // 1024 for s in samples]}")
    assert parsed >= ROUNDS, "hardly any page parsed: the test would measure nothing"
    assert end - start < BOUND
