# SPDX-License-Identifier: MIT
"""anq.parse(), anq.parse_many(), anq.walk(), errors and the typed record."""
import datetime
import inspect
import json
import os
import pathlib

import pytest

import anq


def expected(page):
    with open(page + ".expected.json", encoding="utf-8") as f:
        return json.load(f)


def test_library_and_version():
    if os.environ.get("ANQ_LIBRARY"):
        assert anq.library_path == os.environ["ANQ_LIBRARY"]
    if os.environ.get("ANQ_VERSION"):
        assert anq.version() == os.environ["ANQ_VERSION"]
    assert "nosdeputes" in anq.formats()
    assert anq.ID_KINDS == ("uid", "legacy", "xml_view", "dyn", "nosdeputes")


def test_golden_pages_as_dicts(golden_pages):
    for page in golden_pages:
        want = expected(page)
        if "error" in want:
            with pytest.raises(anq.AnqError) as e:
                anq.parse(page)
            assert e.value.code == want["error"]["code"]
            continue
        got = anq.parse(page)
        assert got == want, page
        # same keys in the same order as the JSON record
        assert list(got) == list(want)


def test_corpus_pages(corpus_pages):
    if not corpus_pages:
        pytest.skip("no corpus (ANQ_CORPUS_DIR)")
    checked = 0
    for page in corpus_pages:
        want = expected(page)
        if want.get("format") not in anq.formats():
            continue
        got = anq.parse(page)
        for key in ("uid", "legislature", "type", "number", "status"):
            assert got[key] == want[key], (page, key)
        checked += 1
    if not checked:
        pytest.skip("this build reads none of the corpus layouts")


def test_the_example_page(example_page):
    rec = anq.parse(example_page)
    # what the page states: NosDéputés question 9876 of Camille Durand,
    # submitted 4 July 2023, answered 1 October 2023
    assert rec["format"] == "nosdeputes"
    assert rec["uid"] == "QANR5L16QE9876"
    assert (rec["legislature"], rec["type"], rec["number"]) == (16, "QE", 9876)
    assert rec["author"]["name"] == "Camille Durand"
    assert rec["submitted"]["date"] == "2023-07-04"
    assert rec["answered"]["date"] == "2023-10-01"
    assert rec["status"] == "answered"
    assert "vétérinaires ruraux" in rec["question"]


def test_sources(example_page):
    with open(example_page, "rb") as f:
        data = f.read()
    from_path = anq.parse(example_page)
    assert anq.parse(data) == from_path
    assert anq.parse(bytearray(data)) == from_path
    assert anq.parse(memoryview(data)) == from_path
    assert anq.parse(pathlib.Path(example_page)) == from_path
    with pytest.raises(TypeError):
        anq.parse(42)


def test_options(example_page):
    full = anq.parse(example_page)
    assert full["question_html"] is not None and full["answer_html"] is not None
    lean = anq.parse(example_page, html=False)
    assert lean["question_html"] is None and lean["answer_html"] is None
    assert lean["question"] == full["question"]
    assert anq.parse(example_page, format="nosdeputes") == full
    assert anq.parse(example_page, format="auto") == full
    with pytest.raises(ValueError):
        anq.parse(example_page, format="no_such_layout")
    # a layout that is not the page's: refused, whether or not this build reads it
    for other in ("an_fiche", "an_dyn", "an_xml_view"):
        with pytest.raises(anq.AnqError) as e:
            anq.parse(example_page, format=other)
        if other in anq.formats():
            assert e.value.code == "format_mismatch"
        else:
            assert e.value.code == "invalid_arg"
        assert e.value.field == "format"


def test_errors(tmp_path):
    with pytest.raises(anq.AnqError) as e:
        anq.parse(b"")
    assert (e.value.code, e.value.field, e.value.path) == ("empty", None, None)
    assert e.value.message == "empty input"
    assert e.value.status == 5
    with pytest.raises(anq.AnqError) as e:
        anq.parse(b"<html><body><p>Bonjour</p></body></html>")
    assert e.value.code == "not_a_question"
    assert "not_a_question" in str(e.value)
    missing = tmp_path / "missing.html"
    with pytest.raises(anq.AnqError) as e:
        anq.parse(missing)
    assert e.value.code == "io"
    assert e.value.path == missing
    assert isinstance(e.value.__cause__, FileNotFoundError)
    assert str(missing) in str(e.value)


def test_typed(golden_pages):
    done = 0
    for page in golden_pages:
        want = expected(page)
        if "error" in want:
            continue
        q = anq.parse(page, typed=True)
        assert isinstance(q, anq.Question)
        assert (q.uid, q.number, q.status) == (want["uid"], want["number"], want["status"])
        assert q.author.name == want["author"]["name"]
        if want["submitted"] and want["submitted"]["date"]:
            assert q.submitted.date == datetime.date.fromisoformat(want["submitted"]["date"])
        if want["answered"]:
            assert isinstance(q.answered.date, datetime.date)
            assert q.answered.date.isoformat() == want["answered"]["date"]
        else:
            assert q.answered is None
        assert [a.ministry for a in q.attributions] == [a["ministry"] for a in want["attributions"]]
        assert [e.kind for e in q.events] == [e["kind"] for e in want["events"]]
        assert q.warnings == want["warnings"]
        done += 1
    assert done > 0


def test_parse_many(golden_pages, tmp_path):
    bad = tmp_path / "listing.html"
    bad.write_bytes(b"<html><body><ul><li>Questions</li></ul></body></html>")
    missing = tmp_path / "nope.html"
    paths = [golden_pages[0], bad] + golden_pages + [missing] + golden_pages
    gen = anq.parse_many(paths)
    assert inspect.isgenerator(gen)
    results = list(gen)
    assert [r.path for r in results] == paths
    for r in results:
        assert (r.record is None) != (r.error is None)
    assert results[1].error.code == "not_a_question"
    assert results[1].error.path == bad
    assert results[2 + len(golden_pages)].error.code == "io"
    for r in results:
        if r.path in golden_pages:
            want = expected(r.path)
            if "error" in want:
                assert r.error.code == want["error"]["code"]
            else:
                assert r.record == want
    threaded = list(anq.parse_many(paths, jobs=3))
    assert [(r.path, r.record, r.error and r.error.code) for r in threaded] == \
        [(r.path, r.record, r.error and r.error.code) for r in results]
    typed = next(anq.parse_many([golden_pages[0]], typed=True, html=False))
    if typed.record is not None:
        assert isinstance(typed.record, anq.Question)
        assert typed.record.question_html is None


def test_parse_many_is_lazy(golden_pages):
    seen = []

    def paths():
        for p in golden_pages:
            seen.append(p)
            yield p

    gen = anq.parse_many(paths())
    first = next(gen)
    assert first.path == golden_pages[0]
    assert seen == golden_pages[:1]
    gen.close()


def test_walk(tmp_path, golden_pages):
    src = golden_pages[0]
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ("b/c/z.html", "b/a.HTM", "a.xml", ".hidden/x.html", ".dot.html", "notes.txt"):
        (tmp_path / rel).write_bytes(open(src, "rb").read())
    assert anq.walk(tmp_path) == [str(tmp_path / x) for x in ("a.xml", "b/a.HTM", "b/c/z.html")]
