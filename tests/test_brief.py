"""Briefing notes: compiling a brief, and the Markdown and DOCX exports (fake embedder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from assistant import cite  # noqa: E402
from assistant.answer.brief import Brief, Note, compile_brief, references, to_docx, to_markdown  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "ingest"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory):
    from assistant.app.service import open_assistant

    return open_assistant(CORPUS, tmp_path_factory.mktemp("brief-index"), "fake", quiet=True)


def docx_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_brief_groups_relevant_units_by_document_in_order(assistant) -> None:
    b = compile_brief(assistant, "labor inspection")
    assert b.groups, "labor inspection is discussed in both documents"
    docs = list(assistant.index.docs)
    assert [g.doc_id for g in b.groups] == [d for d in docs if d in {g.doc_id for g in b.groups}]
    order = {(u.doc_id, u.ref): u.order for u in assistant.index.units}
    from assistant import cite
    from assistant.answer import topic

    res = assistant.search("labor inspection", 40)
    relevant = {cite.format_cid(h.unit.doc_id, h.unit.ref) for h in topic.relevant(assistant.retriever, res)}
    for g in b.groups:
        meta = assistant.index.docs[g.doc_id]
        assert (g.title, g.meeting, g.date) == (meta.title, meta.meeting, meta.date)
        orders = [order[(c.doc_id, c.ref)] for c in g.citations]
        assert orders == sorted(orders)
        for c in g.citations:
            assert c.doc_id == g.doc_id and c.quote in c.text
            assert c.cid in relevant  # the topic answers' cut, not a brief's own


def test_brief_includes_the_answer_citations(assistant) -> None:
    b = compile_brief(assistant, "What does ¶8 say?")
    assert b.answer is not None and b.answer.answered
    got = {c.cid for c in b.citations}
    assert {c.cid for c in b.answer.citations} <= got
    assert "poa-ba-2021 ¶8, bullet 6" in got


def test_brief_on_an_absent_topic_is_empty_and_says_so(assistant) -> None:
    b = compile_brief(assistant, "cryptocurrency mining regulation")
    assert b.groups == ()
    assert "Nothing in these documents" in to_markdown(b)


def test_markdown_export_has_refs_quotes_and_references(assistant) -> None:
    note = Note("WG2 note")
    note.pin(assistant.ask("What does ¶8 say?"))
    note.pin(compile_brief(assistant, "labor inspection"))
    md = to_markdown(note)
    assert md.startswith("# WG2 note")
    assert "## Q: What does ¶8 say?" in md and "## Brief: labor inspection" in md
    refs = note.references()
    assert [c.n for c in refs] == list(range(1, len(refs) + 1))
    assert md.count("## References") == 1
    tail = md.split("## References", 1)[1]
    for c in refs:
        assert cite.render_reference(c) in tail  # document, meeting, ref and quote
        assert c.meeting in tail
    assert "[poa-ba-2021 ¶8, bullet 6]" in md


def test_each_reference_has_its_documents_symbol_and_date_beside_it(assistant) -> None:
    b = compile_brief(assistant, "WG2 follow up")
    symbols = {d.doc_id: d.symbol for d in assistant.index.docs.values()}
    lines = to_markdown(b, symbols).split("## References", 1)[1].strip().splitlines()
    assert lines
    for line, c in zip(lines, references([b]), strict=True):
        meta = assistant.index.docs[c.doc_id]
        want = "; ".join(p for p in (meta.symbol, f"dated {meta.date}") if p)
        assert line.endswith(f"({want})")


def test_references_are_deduplicated_and_renumbered(assistant) -> None:
    ans = assistant.ask("What does ¶8 say?")
    refs = references([ans, ans])
    assert len(refs) == len(ans.citations)
    assert [c.n for c in refs] == list(range(1, len(refs) + 1))


def test_docx_export_opens_and_contains_refs_and_quotes(assistant, tmp_path: Path) -> None:
    note = Note()
    note.pin(assistant.ask("What does ¶8 say?"))
    brief = compile_brief(assistant, "labor inspection")
    note.pin(brief)
    path = to_docx(note, tmp_path / "note.docx")
    text = docx_text(path)
    assert "¶8" in text and "References" in text
    for c in note.references():
        assert c.ref in text and c.quote in text and c.doc_title in text
    import docx

    d = docx.Document(str(path))
    table = d.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["#", "Document", "Symbol", "Date", "Meeting",
                                                     "Ref", "Quote"]
    assert len(table.rows) == len(note.references()) + 1
    assert round(d.sections[0].page_width.mm) == 210 and round(d.sections[0].page_height.mm) == 297


def test_not_found_answers_export_as_not_found(assistant, tmp_path: Path) -> None:
    ans = assistant.ask("What is the minimum wage in Argentina?")
    assert not ans.answered
    md = to_markdown(ans)
    assert "Not found" in md and "## References" not in md
    for u in ans.related:
        assert cite.mark(u.doc_id, u.ref) in md
    assert "do not answer" in docx_text(to_docx(ans, tmp_path / "nf.docx"))


def test_a_single_brief_exports_on_its_own(assistant, tmp_path: Path) -> None:
    b: Brief = compile_brief(assistant, "child labor")
    md = to_markdown(b)
    text = docx_text(to_docx(b, tmp_path / "brief.docx"))
    for c in b.citations:
        assert c.quote in md and c.quote in text
        assert cite.mark(c.doc_id, c.ref) in md
