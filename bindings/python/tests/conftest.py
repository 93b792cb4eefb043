# SPDX-License-Identifier: MIT
"""Where the tests find their inputs: ANQ_SOURCE_DIR (the source tree; by
default the one around this file) and ANQ_CORPUS_DIR (the shared corpus of
real pages, optional)."""
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("ANQ_SOURCE_DIR") or os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
sys.path.insert(0, os.path.dirname(HERE))


def page_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if not x.startswith(".")]
        out += [os.path.join(d, f) for f in files if f.endswith((".html", ".htm", ".xml"))]
    return sorted(out)


@pytest.fixture(scope="session")
def golden_pages():
    pages = page_files(os.path.join(SOURCE, "tests", "golden"))
    assert pages, "no fixture page under tests/golden"
    return pages


@pytest.fixture(scope="session")
def example_page():
    return os.path.join(SOURCE, "examples", "nosdeputes-question.html")


@pytest.fixture(scope="session")
def corpus_pages():
    d = os.environ.get("ANQ_CORPUS_DIR")
    if not d or not os.path.isdir(d):
        return []
    return [p for p in page_files(d) if os.path.exists(p + ".expected.json")]
