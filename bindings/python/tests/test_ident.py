# SPDX-License-Identifier: MIT
"""anq.parse_id(), anq.format_id() and anq.Id, on identifiers written here."""
import pytest

import anq

FORMS = {
    "uid": "QANR5L16QE15463",
    "legacy": "https://questions.assemblee-nationale.fr/q16/16-15463QE.htm",
    "xml_view": "https://questions.assemblee-nationale.fr/q16/16-15463QE.htm/vue/xml",
    "dyn": "https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE15463",
    "nosdeputes": "https://www.nosdeputes.fr/16/question/QE/15463",
}


def test_every_form_reads_and_writes():
    want = anq.Id(16, "QE", 15463)
    for kind, text in FORMS.items():
        assert anq.parse_id(text) == want
        assert anq.format_id(want, kind) == text
        assert want.format(kind) == text
        # any form converts to any other
        for other, other_text in FORMS.items():
            assert anq.format_id(text, other) == other_text
    assert want.uid == "QANR5L16QE15463"
    assert anq.Id.parse(b"QANR5L16QE15463") == want


def test_other_types_and_hosts():
    assert anq.parse_id("QANR5L14QOSD450") == (14, "QOSD", 450)
    assert anq.parse_id("https://www.assemblee-nationale.fr/dyn/16/questions/QANR5L16QG200") == (16, "QG", 200)
    assert anq.parse_id("http://2007-2012.nosdeputes.fr/question/QE/77033") == (13, "QE", 77033)
    assert anq.format_id((14, "QE", 47351), "nosdeputes") == "https://2012-2017.nosdeputes.fr/14/question/QE/47351"
    assert anq.format_id((15, "QE", 45012), "nosdeputes", http=True) == "http://2017-2022.nosdeputes.fr/15/question/QE/45012"
    assert anq.format_id((16, "QE", 1), "dyn", questions_host=True) == \
        "https://questions.assemblee-nationale.fr/dyn/16/questions/QANR5L16QE1"


def test_rejected():
    for text, field in (("QANR5L16QM123", "type"), ("QANR5L16QE0", "number"),
                        ("https://example.org/q16/16-1QE.htm", "host"),
                        ("https://www.nosdeputes.fr/16/question/QG/1", "type"),
                        ("QANR5L16QE15463 trailing", "path")):
        with pytest.raises(anq.AnqError) as e:
            anq.parse_id(text)
        assert e.value.code == "bad_id", text
        assert e.value.field == field, text
        assert e.value.message
    with pytest.raises(anq.AnqError) as e:
        anq.parse_id("   ")
    assert e.value.code == "empty"
    with pytest.raises(anq.AnqError) as e:
        anq.format_id(anq.Id(16, "QG", 200), "nosdeputes")
    assert (e.value.code, e.value.field) == ("bad_id", "type")
    with pytest.raises(anq.AnqError) as e:
        anq.format_id(anq.Id(12, "QE", 1), "nosdeputes")
    assert (e.value.code, e.value.field) == ("bad_id", "legislature")
    with pytest.raises(anq.AnqError) as e:
        anq.format_id(anq.Id(16, "QE", 2**32 + 5), "uid")
    assert (e.value.code, e.value.field) == ("bad_id", "number")
    with pytest.raises(anq.AnqError) as e:
        anq.format_id(anq.Id(16, "QX", 5), "uid")
    assert e.value.field == "type"
    with pytest.raises(ValueError):
        anq.format_id(anq.Id(16, "QE", 5), "pdf")
