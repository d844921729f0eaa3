"""The desk without a browser: conversations, the note's edits and exports, the source
picker and the whole-document view (fake embedder, the repository's documents)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import noteexport
from assistant.app import desk as D
from assistant.app import deskhtml
from assistant.types import Answer, Citation, DocMeta

CORPUS = Path(__file__).resolve().parent.parent / "ingest"


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory):
    from assistant.app.service import open_assistant

    return open_assistant(CORPUS, tmp_path_factory.mktemp("desk-index"), "fake", quiet=True)


def _answer(question: str, lines: list[tuple[str, str]]) -> Answer:
    cits = tuple(Citation(i, "doc-a", "Doc A", "Meeting M", "2020-01-27", ref, q, q)
                 for i, (ref, q) in enumerate(lines, 1))
    text = "According to Doc A:\n" + "\n".join(f"- {q} [doc-a {ref}]" for ref, q in lines)
    return Answer(question, True, text, cits)


DOCS = {"doc-a": DocMeta("doc-a", "Doc A", "a.txt", symbol="SYM/1", date="2020-01-27", meeting="Meeting M")}


def _desk_with_two_answers() -> D.Desk:
    desk = D.new_desk()
    for q, lines in (("first?", [("¶1", "Alpha is first.")]), ("second?", [("¶2", "Beta follows.")])):
        ans = _answer(q, lines)
        desk = D.add_turn(desk, q, "<div>html</div>", D.answer_record(ans, DOCS), q)
    return desk


def test_conversations_are_kept_listed_and_started_anew() -> None:
    desk = _desk_with_two_answers()
    first = desk["current"]
    assert [m["role"] for m in D.history(desk)] == ["user", "assistant"] * 2
    desk = D.start_conversation(desk)
    assert desk["current"] != first and D.history(desk) == []
    assert D.start_conversation(desk)["convs"] == desk["convs"]  # no second empty conversation
    assert [c[1] for c in D.conversation_choices(desk)][1] == first
    assert len(D.history(D.switch(desk, first))) == 4
    with pytest.raises(D.DeskError):
        D.switch(desk, "c-guess")


def test_ids_are_unguessable_and_a_broken_store_gives_a_fresh_desk() -> None:
    ids = {D.new_desk()["current"] for _ in range(50)}
    assert len(ids) == 50 and all(len(i) >= 18 for i in ids)
    for junk in (None, "x", {"convs": []}, {"convs": "no"}, 5):
        assert D.history(D.valid(junk)) == []


def test_note_from_two_answers_and_a_citation_edited_reordered_removed() -> None:
    desk = D.pin_answer(_desk_with_two_answers(), 0)
    desk = D.pin_answer(desk, 1)
    desk = D.pin_quote(desk, D.quote_record("doc-a", "¶3", "Gamma closes.", DOCS))
    items = desk["note"]["items"]
    assert [i["kind"] for i in items] == ["answer", "answer", "citation"]
    assert items[0]["text"] == "According to Doc A:"  # the frame is the user's to edit...
    assert items[0]["quotes"][0]["line"] == "Alpha is first. [doc-a ¶1]"  # ...the quote is not
    desk = D.edit_text(desk, items[0]["id"], "My own view.")
    desk = D.move(desk, items[2]["id"], -2)
    desk = D.remove(desk, items[1]["id"])
    desk = D.rename(desk, "  Notes   for   Quito ")
    note = desk["note"]
    assert [i["kind"] for i in note["items"]] == ["citation", "answer"]
    assert note["items"][1]["text"] == "My own view." and note["title"] == "Notes for Quito"
    with pytest.raises(D.DeskError):
        D.pin_answer(desk, 7)


def test_exports_give_symbol_and_date_beside_each_reference_on_a4(tmp_path: Path) -> None:
    import docx
    from docx.shared import Mm

    desk = D.pin_answer(_desk_with_two_answers(), 0)
    desk = D.pin_quote(desk, D.quote_record("doc-a", "¶3", "Gamma closes.", DOCS))
    desk = D.edit_text(desk, desk["note"]["items"][0]["id"], "Context I wrote.")
    md = noteexport.note_markdown(desk["note"])
    assert "Context I wrote." in md and "- Alpha is first. [doc-a ¶1]" in md
    assert "1. doc-a ¶1 — Doc A (SYM/1; dated 2020-01-27)" in md
    d = docx.Document(str(noteexport.note_docx(desk["note"], tmp_path / "n.docx")))
    sec = d.sections[0]
    assert abs(sec.page_width - Mm(210)) < Mm(1) and abs(sec.page_height - Mm(297)) < Mm(1)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "[2] doc-a ¶3 — Doc A (SYM/1; dated 2020-01-27)" in text and "Context I wrote." in text


def test_the_note_view_renders_document_markup_as_text() -> None:
    hostile = '<img src="http://example.org/x.png"><script>alert(1)</script>'
    desk = D.pin_quote(D.new_desk(), D.quote_record("doc-a", "¶1", hostile, DOCS))
    desk = D.edit_text(desk, desk["note"]["items"][0]["id"], "<b>mine</b>")
    html = deskhtml.note_html(desk["note"])
    assert "<img" not in html and "<script" not in html and "<b>mine" not in html
    assert "&lt;img" in html


def test_sources_are_grouped_by_meeting_and_the_scope_is_named(assistant) -> None:
    docs = list(assistant.index.docs.values())
    html = deskhtml.sources_html(docs, [docs[0].doc_id])
    assert html.count("<fieldset>") == len({d.meeting for d in docs})
    assert html.count(" checked") == 1
    line = deskhtml.scope_line(assistant.index.docs, [docs[0].doc_id])
    assert f"1 of {len(docs)} documents" in line and docs[0].title in line
    assert "all" in deskhtml.scope_line(assistant.index.docs, None)


def test_document_view_labels_every_unit_and_finds_a_paragraph(assistant) -> None:
    units = [u for u in assistant.index.units if u.doc_id == "poa-ba-2021"]
    html = deskhtml.document_html(assistant, "poa-ba-2021", "¶8, bullet 6")
    assert html.count('class="doc-unit') == len(units)
    assert 'class="doc-unit focus"' in html and 'data-ref="¶8, bullet 6"' in html
    assert assistant.index.docs["poa-ba-2021"].meeting in html
    assert deskhtml.find_ref(units, "8") == "¶8"
    assert deskhtml.find_ref(units, "¶8, bullet 6") == "¶8, bullet 6"
    assert deskhtml.find_ref(units, "9999") == ""
    from html import escape

    heads = {h for u in units for h in u.headings}
    assert heads and all(f'">{escape(h)}</div>' in html for h in heads)  # every heading shown once
    assert all(html.count(f'">{escape(h)}</div>') == 1 for h in heads)


def test_desks_outlive_a_restart_in_private_files_named_by_a_hash(tmp_path: Path) -> None:
    from assistant.app.deskstore import DeskStore

    store = DeskStore(tmp_path / "desks")
    key = store.key(None)
    store.update(key, lambda d: D.add_turn(d, "q", "<p>a</p>", {"question": "q"}, "q"))
    again = DeskStore(tmp_path / "desks")  # the server restarted
    assert again.secret() == store.secret() and len(store.secret()) == 32
    assert [t["qhtml"] for t in again.get(key)["convs"][0]["turns"]] == ["q"]
    files = [p for p in (tmp_path / "desks").iterdir() if p.suffix == ".json"]
    assert len(files) == 1 and key not in files[0].name and files[0].stat().st_mode & 0o077 == 0
    assert again.get(again.key("someone-elses-guess"))["convs"][0]["turns"] == []
    assert DeskStore().get(key)["convs"][0]["turns"] == []  # memory only: nothing shared


def test_desk_files_are_bounded(tmp_path: Path, monkeypatch) -> None:
    from assistant import settings
    from assistant.app.deskstore import DeskStore

    monkeypatch.setattr(settings, "_CURRENT", settings.current().with_values({"desk.desks_on_disk": 3}))
    store = DeskStore(tmp_path / "desks")
    keys = [store.key(None) for _ in range(5)]
    for key in keys:
        store.update(key, D.start_conversation)
    assert len(list((tmp_path / "desks").glob("*.json"))) == 3


def test_footnotes_show_under_the_paragraph_that_calls_them(tmp_path: Path) -> None:
    from assistant.app.service import open_assistant
    from assistant.app.webhtml import source_html

    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "decl-x.md").write_text(
        "# Declaration on rivers\n\n1. We recall the Charter of the Rivers,1 and commit to it.\n\n"
        "2. We welcome the fund for clean water.\n\n[^1]: Treaty Series, vol. 9, No. 77.\n",
        encoding="utf-8")
    a = open_assistant(corpus, tmp_path / "i", "fake", quiet=True)
    unit = next(u for u in a.index.units if u.ref == "¶1")
    assert unit.notes and "Treaty Series" in unit.notes[0] and "Treaty" not in unit.text
    view = deskhtml.document_html(a, unit.doc_id)
    assert view.count('class="doc-note"') == 1 and "Treaty Series, vol. 9" in view
    assert "Treaty Series" in source_html(a, f"{unit.doc_id} ¶1")
    assert "Treaty Series" not in source_html(a, f"{unit.doc_id} ¶2")


def test_the_conversation_so_far_is_read_back_as_turns_for_follow_ups() -> None:
    desk = D.new_desk()
    rec = {"question": "Who hosts the ferry talks?", "answered": True, "text": "Lisbon [a ¶2]",
           "citations": [{"doc_id": "a", "ref": "¶2", "quote": "Lisbon hosts."}]}
    desk = D.add_turn(desk, "q", "<p>a</p>", rec, "Who hosts the ferry talks?")
    desk = D.add_turn(desk, "q2", "<p>b</p>", None, "broken")
    turns = D.turns(desk)
    assert [(t.question, t.cids) for t in turns] == [("Who hosts the ferry talks?", ("a ¶2",))]
