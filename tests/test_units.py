"""Chunking invariants, on the real documents and on documents we make up."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.ingest.readers import read_file
from assistant.ingest.readers.markdown import blocks_from_markdown
from assistant.ingest.readers.text import blocks_from_text
from assistant.ingest.segment import prepare
from assistant.ingest.units import build_units, merge_continuations, split_text
from assistant.models.embed import FakeEmbedder
from assistant.types import Block

from .conftest import PLAN, QUITO

FAKE = FakeEmbedder()


def _units(path, doc_id="doc-x", max_tokens=256):
    return build_units(doc_id, read_file(path).blocks, FAKE.count_tokens, max_tokens)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _check_nothing_lost(blocks: list[Block], max_tokens: int = 256) -> None:
    """Every paragraph lands in exactly one unit, in order, and its words survive intact
    (only a list marker such as "8." or "d)" may be taken off the front)."""
    units, rep = build_units("doc-x", blocks, FAKE.count_tokens, max_tokens)
    # the pieces units are cut from: numbered paragraphs found, numbers that break no
    # sentence joined back (segment.prepare), page breaks rejoined
    merged, _ = merge_continuations(list(prepare(blocks).pieces))
    paras = [i for i, b in enumerate(merged) if b.kind in ("para", "bullet")]
    traced = [i for i, _ in rep.trace]
    assert traced == sorted(set(traced))  # once each, in document order
    assert [i for i in traced if i in paras] == paras  # no paragraph left out
    text_of: dict[str, list[str]] = {}
    for u in units:
        text_of.setdefault(u.ref, []).append(u.text)
    for i, ref in rep.trace:
        src = " ".join(merged[i].text.split())
        got = " ".join(" ".join(text_of[ref]).split())
        assert src.endswith(got), (src, got)
        assert _MARKER_ONLY.match(src[: len(src) - len(got)]), (src, got)


_MARKER_ONLY = re.compile(r"^(\(?[0-9a-z]{1,5}[.)]\s*|[-\u2022*]\s*)?$")


def test_real_documents_lose_nothing():
    for path in (PLAN, QUITO):
        _check_nothing_lost(read_file(path).blocks)
        _check_nothing_lost(read_file(path).blocks, max_tokens=60)  # with long units split


def test_plan_numbered_paragraphs_are_whole_and_in_order():
    units, _ = _units(PLAN)
    paras = [u.ref for u in units if u.kind == "paragraph"]
    assert paras == [f"¶{n}" for n in range(1, 17)]
    refs = [u.ref for u in units]
    assert len(refs) == len(set(refs))
    assert {"¶7(a)", "¶7(k)", "¶9(d)", "¶5(ii)", "¶10(i)", "¶14(iv)", "¶8, bullet 11"} <= set(refs)


def test_sub_item_reads_with_its_lead_in_but_cites_as_itself():
    units, _ = _units(PLAN)
    d = next(u for u in units if u.ref == "¶9(d)")
    assert d.text.startswith("Strengthen labor inspection")
    assert "Working Group 2" in d.lead and "efforts to:" in d.lead
    assert "WORKING GROUP 2 (WG2)" in d.embed_text() and d.group == "¶9"


def test_page_break_glued_item_and_typos_are_kept():
    units, _ = _units(PLAN)
    d = next(u for u in units if u.ref == "¶3")
    assert "Inte-American" in d.text  # the document's own typo, untouched
    assert "  " not in d.text


def test_quito_panels_sessions_and_page_break_continuations():
    units, rep = _units(QUITO)
    by_ref = {u.ref: u for u in units}
    assert "child labor" in by_ref["Panel 1, bullet 1"].text.lower()
    assert "mobility" in by_ref["Panel 2, para 1"].headings[-1].lower()
    assert "Session 1, bullet 1" in by_ref and "Session 2, bullet 1" in by_ref
    assert any("A total of 108 companies" in u.text for u in units)
    assert any(u.ref.count(".") == 1 and ", bullet" in u.ref for u in units)  # sub-bullets
    assert rep.merged_continuations >= 5
    assert [r for _, r, _ in rep.dropped] == ["short heading", "table of contents"]


def test_a_new_document_of_the_same_kind_needs_no_special_rules():
    text = "\n".join([
        "DECLARATION OF SANTIAGO", "", "A. COMMITMENTS", "",
        "1. We commit to the following:", "a) Promote decent work;", "b) Protect migrants.",
        "", "2. The RIAL will:", "- train inspectors;", "- share practices.",
    ])
    units, _ = build_units("decl-2030", blocks_from_text(text), FAKE.count_tokens, 256)
    assert [u.ref for u in units] == ["Preamble, para 1", "¶1", "¶1(a)", "¶1(b)", "¶2",
                                      "¶2, bullet 1", "¶2, bullet 2"]
    md = "## I. INTRO\n\nSome text.\n\n### Panel 3: Youth\n\n- point one\n  - detail\n- point two\n"
    units, _ = build_units("sum-x", blocks_from_markdown(md), FAKE.count_tokens, 256)
    assert [u.ref for u in units] == ["§I, para 1", "Panel 3, bullet 1", "Panel 3, bullet 1.1",
                                      "Panel 3, bullet 2"]


def test_long_units_split_into_parts_that_keep_the_ref():
    long = "1. " + " ".join(f"Sentence number {i} is about labor inspection." for i in range(80))
    units, rep = build_units("d-x", blocks_from_text(long), FAKE.count_tokens, 100)
    assert rep.split_units == 1 and len(units) > 2
    assert {u.ref for u in units} == {"¶1"} and [u.part for u in units] == list(range(1, len(units) + 1))
    assert all(FAKE.count_tokens(u.embed_text()) <= 100 for u in units)
    assert " ".join(u.text for u in units) == long[3:]


def test_split_text_never_loses_characters():
    text = "word " * 500
    parts = split_text(text.strip(), FAKE.count_tokens, 50)
    assert " ".join(parts) == text.strip()


_para = st.text(alphabet="abcdefghij klmnop.;:", min_size=1, max_size=80).map(str.strip).filter(bool)
_block = st.one_of(
    st.builds(lambda t: Block(t, "para"), _para),
    st.builds(lambda t, n: Block(f"{n}. {t}", "para"), _para, st.integers(1, 5)),
    st.builds(lambda t, c: Block(f"{c}) {t}", "para"), _para, st.sampled_from("abcd")),
    st.builds(lambda t, lv: Block(t, "bullet", lv), _para, st.integers(0, 2)),
    st.builds(lambda t: Block(t.upper(), "heading"), _para),
    st.builds(lambda n: Block(f"Panel {n}: Topic", "heading"), st.integers(1, 3)),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_block, max_size=30))
def test_property_every_paragraph_in_exactly_one_unit_in_order(blocks):
    _check_nothing_lost(blocks, max_tokens=24)
