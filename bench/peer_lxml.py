#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The peer a user would write today: a Python lxml scraper of the fields of
an Assemblée 2015-2024 question page (the `question_*` layout), timed per page.

Usage: peer_lxml.py ROUNDS FILE...  — prints one line: "median_us N" (over
pages of the best-of-ROUNDS time per page). Needs Debian's python3-lxml.
"""
import re
import statistics
import sys
import time

import lxml.html


def text(nodes):
    return " ".join(" ".join(n.text_content().split()) for n in nodes).strip() or None


def scrape(data):
    doc = lxml.html.fromstring(data)
    r = {}
    r["legislature"] = text(doc.xpath('//header[@class="question_legislature"]'))
    cols = doc.xpath('//div[@id="question_col10"]')
    r["number"] = text(cols[:1])
    r["type"] = text(cols[1:2])
    r["author"] = text(doc.xpath('//div[@id="question_col80"]//a'))
    head = text(doc.xpath('//div[@id="question_col80"]'))
    m = re.search(r"\((.*) - ", head or "")
    r["group"] = m.group(1) if m else None
    r["department"] = text(doc.xpath('//div[@id="question_col80"]/span[last()]'))
    mins = doc.xpath('//div[@class="ministere"]/div')
    r["ministries"] = [" ".join(m.xpath("text()")).strip() for m in mins]
    r["analyse"] = [" ".join(p.xpath("text()")).strip() for p in doc.xpath('//div[@class="analyse_header"]//p')]
    dates = []
    for d in doc.xpath('//div[@class="question_publish_date"]/div'):
        dates.append([" ".join(s.text_content().split()) for s in d.xpath('.//span')])
    r["dates"] = dates
    r["question"] = text(doc.xpath('//div[@class="question"]/p'))
    r["answer"] = text(doc.xpath('//div[@class="reponse_contenu"]'))
    return r


def main():
    rounds = int(sys.argv[1])
    times = []
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            data = f.read()
        best = None
        for _ in range(rounds):
            t0 = time.perf_counter()
            scrape(data)
            dt = time.perf_counter() - t0
            best = dt if best is None or dt < best else best
        times.append(best * 1e6)
    print(f"median_us {statistics.median(times):.1f}" if times else "median_us 0")


if __name__ == "__main__":
    main()
