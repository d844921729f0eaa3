"""Official documents of layouts the assistant was not built on (UN General Assembly
resolutions as Markdown extracted from PDFs), and the IACML documents: every expected
paragraph is one unit with its ref; nothing from the cover, the front matter or the
footnotes is a unit; the metadata comes from the document itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import cite
from assistant.ingest.metadata import infer_meta
from assistant.ingest.readers import read_file
from assistant.ingest.unitview import render, units_of

from .conftest import PLAN, QUITO
from .layout_score import EXTRA, score

RES3, RES10 = EXTRA / "A_RES_80_3.md", EXTRA / "A_RES_80_10.md"
needs_extra = pytest.mark.skipif(not RES3.is_file(), reason="../shared/corpus-extra not present")


@needs_extra
@pytest.mark.parametrize("path", [RES3, RES10])
def test_extra_documents_paragraphs_are_one_unit_each_with_the_right_ref(path: Path):
    right, total, wrong = score(path)
    assert right / total >= 0.98, wrong


@pytest.mark.parametrize("path", [PLAN, QUITO])
def test_iacml_documents_paragraphs_are_one_unit_each(path: Path):
    right, total, wrong = score(path)
    assert right == total, wrong


@needs_extra
@pytest.mark.parametrize("path", [RES3, RES10])
def test_no_cover_front_matter_or_footnote_text_is_a_unit(path: Path):
    units, rep = units_of(path)
    for u in units:
        assert "Distr.:" not in u.text and "record_id" not in u.text and "[^" not in u.text, u.ref
        assert "plenary meeting" not in u.text and u.text != "United Nations", u.ref
        assert not u.text.startswith(("Ibid", "Resolution 70/1", "See resolution")), u.ref
        assert u.ref != "Preamble, para 1" or u.text.startswith(("Recalling", "Reaffirming")), u.text
    assert any("front" in t or "symbol" in t for t in [rep.front])
    cover = " ".join(rep.cover)
    assert "Distr.: General" in cover and "plenary meeting" in cover


@needs_extra
def test_footnote_calls_leave_the_text_and_their_notes_stay_with_the_paragraph():
    units, _ = units_of(RES10)
    clause = next(u for u in units if u.ref == "Preamble, para 2")
    assert "Rights, the International Covenant on Economic" in clause.text
    assert "Women," == clause.text.split()[-1] and "Child and" in clause.text
    assert [n.split(".")[0] for n in clause.notes] == ["1", "2", "3", "4", "5"]
    assert sum(len(u.notes) for u in units) == 13
    # the note cut in two by the extraction ("[^1994]:") is one note again
    ten = next(n for u in units for n in u.notes if n.startswith("10."))
    assert "September 1994 (United Nations publication" in ten
    assert "CEDAW/C/GC/39." in units[0].embed_text() or any("CEDAW" in u.embed_text() for u in units)


@needs_extra
def test_numbers_glued_mid_line_restart_and_lost_numbers():
    units, rep = units_of(RES3)
    refs = [u.ref for u in units]
    assert refs.count("¶1") == 1 and "Annex ¶1" in refs and "Annex ¶25" in refs
    nine = next(u for u in units if u.ref == "Annex ¶9")  # "... the Pact for the Future. 16 9. We note"
    assert nine.text.startswith("We note the interest")
    eight = next(u for u in units if u.ref == "Annex ¶8")
    assert eight.text.endswith("Pact for the Future.") and len(eight.notes) == 5
    thirteen = next(u for u in units if u.ref == "Annex ¶13")
    assert thirteen.headings[-1].startswith("II. Implementation of the Awaza Programme")
    assert dict(rep.inferred).keys() == {"¶2", "Annex ¶2"}  # reported, not silent
    text = render(RES3)
    assert "[number inferred]" in text and "after a heading" in text and "inside a sentence" in text


@needs_extra
def test_refs_of_annexed_paragraphs_parse_and_nest():
    units, _ = units_of(RES3)
    for u in units:
        assert cite.parse_cid(cite.format_cid("a-res-80-3", u.ref)) == ("a-res-80-3", u.ref)
    assert cite.container_of("Annex ¶13(b)") == "Annex ¶13"
    assert cite.within("Annex ¶13(b)", "Annex ¶13") and not cite.within("¶13(b)", "Annex ¶13")
    assert cite.marks_in("as agreed [a-res-80-3 Annex ¶13(b)].") == ["a-res-80-3 Annex ¶13(b)"]


def _meta(path: Path):
    return infer_meta(path.name, read_file(path).blocks)


@needs_extra
def test_resolution_metadata_from_its_own_pages():
    m = _meta(RES3)
    assert (m.title, m.symbol, m.date, m.issued) == (
        "Awaza Political Declaration", "A/RES/80/3", "2025-10-14", "2025-10-15")
    assert (m.kind, m.body, m.place) == ("resolution", "General Assembly", "Awaza, Turkmenistan")
    assert "18th plenary meeting" in m.meeting and m.year == 2025
    assert "adopted by the General Assembly on 14 October 2025" in m.evidence["adopted"]
    m = _meta(RES10)
    assert (m.title, m.symbol, m.date) == (
        "International Day of the World’s Indigenous Women and Girls", "A/RES/80/10", "2025-11-26")
    assert (m.kind, m.body, m.place) == ("resolution", "General Assembly", "")
    assert "51st plenary meeting" in m.meeting


def test_iacml_metadata_without_the_metadata_file():
    m = _meta(PLAN)
    assert m.title.lower() == "draft plan of action of buenos aires 2021"
    assert (m.date, m.year, m.kind, m.place) == ("2021-07-30", 2021, "plan of action",
                                                 "Buenos Aires (virtual)")
    assert "XXI IACML" in m.meeting and "virtual" in m.meeting
    m = _meta(QUITO)
    assert m.symbol == "CIMT-20/GT1-GT2/doc.10/19 (OEA/Ser.L/XIX.VI.1)"
    assert (m.date, m.issued, m.year) == ("2020-01-27", "2020-01-27", 2019)  # met December 2019
    assert (m.kind, m.place) == ("meeting summary", "Quito, Ecuador")
    assert "XX IACML" in m.meeting and m.evidence["place"].startswith("held in Quito")


def test_units_verb_prints_refs_and_boundary_reasons(tmp_path: Path, capsys):
    from assistant.cli import main

    doc = tmp_path / "res.md"
    doc.write_text("+++\nsymbol = \"X/RES/9/1\"\ntitle = \"A made-up resolution\"\n+++\n\n"
                   "United Nations\n\nThe Council,\n\nRecalling its work,\n\nNoting the report,\n\n"
                   "1. Decides to act;\n2. Requests a report:\n\nfirst thing;\n\nsecond thing;\n\n"
                   "third thing.\n")
    assert main(["units", str(doc)]) == 0
    out = capsys.readouterr().out
    assert "Preamble, para 1\tRecalling its work," in out and "Preamble, para 2\tNoting" in out
    assert "¶2\tRequests a report:" in out and "block start; continues 1" in out
    assert "3 items after 2 have no letters" in out  # reported, not invented
    assert "(cover line): United Nations" in out and "(body opener): The Council," in out
    meta = infer_meta(doc.name, read_file(doc).blocks)
    assert (meta.symbol, meta.title) == ("X/RES/9/1", "A made-up resolution")


def test_text_file_front_matter_is_metadata_not_a_unit():
    from assistant.ingest.readers.text import blocks_from_text
    from assistant.ingest.units import walk

    blocks = blocks_from_text("---\nsymbol: CIDI/TRABAJO/DEC.1/15\n---\n\n"
                              "LIMA DECLARATION OF MINISTERS\n\n1. We agree.\n")
    units, _ = walk("doc-x", blocks)
    assert [u.ref for u in units] == ["Preamble, para 1", "¶1"]
    assert infer_meta("lima.txt", blocks).symbol == "CIDI/TRABAJO/DEC.1/15"


def test_iacml_units_are_those_of_the_units_dump():
    """The IACML documents' units (refs and texts) are unchanged by the layout work."""
    from assistant.ingest.units import build_units

    dump = (Path(__file__).resolve().parent.parent / "eval" / "units-dump.txt").read_text(encoding="utf-8")
    got = []
    for path, doc_id in ((PLAN, "poa-ba-2021"), (QUITO, "wg2-quito-2019")):
        units, _ = build_units(doc_id, read_file(path).blocks, lambda s: 0, 10**9)
        got += [f"{doc_id} {u.ref}\t{u.text}" for u in units]
    assert got == dump.splitlines()
