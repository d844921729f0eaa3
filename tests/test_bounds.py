"""Bounded work per document (issue 23): limits.units_per_doc and limits.unit_chars, linear
de-duplication of repeated labels, numbers above 999, huge tokens and lines. Assertions
are on results; the times are measured and reported, never asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import settings
from assistant.ingest.corpus import ingest
from assistant.ingest.readers import read_file
from assistant.ingest.readers.markdown import blocks_from_markdown
from assistant.ingest.readers.text import blocks_from_text
from assistant.ingest.units import DocumentTooLarge, build_units
from assistant.models.embed import FakeEmbedder

FAKE = FakeEmbedder()


@pytest.fixture
def limits(monkeypatch):
    monkeypatch.setattr(settings, "_CURRENT", settings._CURRENT)  # restored after the test

    def set_(**values: int) -> None:
        settings.use(settings.load(None, [f"limits.{k}={v}" for k, v in values.items()], env={}))
    return set_


def _units(text: str, reader=blocks_from_text):
    return build_units("doc-x", reader(text), FAKE.count_tokens, FAKE.max_tokens)[0]


def test_paragraph_numbers_above_999_are_cited_as_themselves():
    text = "\n".join(f"{n}. Paragraph number {n} says something." for n in range(1, 1006))
    refs = [u.ref for u in _units(text, blocks_from_markdown)]
    assert refs[998:1005] == [f"¶{n}" for n in range(999, 1006)]
    assert not any(", para" in r for r in refs)


def test_ten_thousand_repeated_labels_get_unique_refs_in_order():
    text = "1. The list:\n\n" + "\n\n".join(f"(a) item number {k};" for k in range(10_000))
    units = _units(text)
    refs = [u.ref for u in units]
    assert len(refs) == len(set(refs)) == 10_001
    assert refs[1:4] == ["¶1(a)", "¶1(a) (2)", "¶1(a) (3)"] and refs[-1] == "¶1(a) (10000)"
    assert units[-1].text == "item number 9999;"


def test_a_document_over_units_per_doc_gets_a_named_error_for_itself_only(tmp_path: Path, limits):
    limits(units_per_doc=50)
    with pytest.raises(DocumentTooLarge, match="units_per_doc"):
        _units("\n\n".join(f"{n}. Text {n}." for n in range(1, 80)))
    (tmp_path / "big.txt").write_text("\n\n".join(f"{n}. Text {n}." for n in range(1, 80)))
    (tmp_path / "small.txt").write_text("1. The only paragraph.\n")
    res = ingest(tmp_path, FAKE.count_tokens, FAKE.max_tokens, reader=read_file)
    assert [d.source for d in res.docs] == ["small.txt"]
    assert [(s["file"], s["reason"]) for s in res.skipped] == [("big.txt", "too-many-units")]


def test_a_unit_longer_than_unit_chars_is_cut_into_parts_keeping_its_ref(limits):
    limits(unit_chars=1000)
    words = " ".join(f"w{k}" for k in range(2000))
    units = _units(f"1. {words}\n\n2. Short.")
    long = [u for u in units if u.ref == "¶1"]
    assert len(long) >= 10 and all(len(u.text) <= 1000 for u in long)
    assert [u.part for u in long] == list(range(1, len(long) + 1))
    assert " ".join(u.text for u in long).split() == words.split()
    assert units[-1].ref == "¶2" and units[-1].part == 0


def test_a_two_megabyte_token_and_ten_megabytes_on_one_line_are_bounded():
    token = "x" * 2_000_000
    units = _units(f"Intro.\n\n1. {token}\n")
    assert "".join(u.text for u in units if u.ref == "¶1") == token
    line = "word " * 2_000_000  # 10 MB, one line
    units = _units(f"1. {line}\n", blocks_from_markdown)
    assert {u.ref for u in units} == {"¶1"}
    assert sum(len(u.text.split()) for u in units) == 2_000_000
