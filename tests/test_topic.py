"""Broad answers (topic.py): grouping, order, the found line, cover blocks, outlines."""

from __future__ import annotations

from assistant import cite, settings
from assistant.answer import topic
from assistant.types import Citation, DocMeta, Unit

DOCS = {
    "talks": DocMeta("talks", "Notes of the harbour talks", "talks.md", kind="meeting summary",
                     meeting="Harbour talks"),
    "accord": DocMeta("accord", "Harbour Accord", "accord.txt", kind="declaration"),
}


def _u(doc: str, ref: str, order: int, text: str, heads: tuple[str, ...] = ()) -> Unit:
    return Unit(doc, ref, text, order, headings=heads)


def test_points_are_grouped_by_document_in_document_order_each_cited_once() -> None:
    points = [(_u("talks", "¶4", 4, "Ferries were discussed."), "Ferries were discussed."),
              (_u("accord", "¶2", 2, "Tolls are abolished."), "Tolls are abolished."),
              (_u("talks", "¶1", 1, "Tolls came up first."), "Tolls came up first."),
              (_u("talks", "¶1", 1, "Tolls came up first."), "Tolls came up first.")]
    cites: list[Citation] = []
    lines = topic.render(points, DOCS, "en", False, cites)
    assert [c.cid for c in cites] == ["talks ¶1", "talks ¶4", "accord ¶2"]
    assert lines[0].startswith("According to Notes of the harbour talks")
    assert lines[1].endswith(cite.mark("talks", "¶1")) and lines[2].endswith(cite.mark("talks", "¶4"))


def test_asked_what_was_agreed_the_agreed_text_comes_first_and_is_said_to_be_one() -> None:
    points = [(_u("talks", "¶1", 1, "Tolls came up."), "Tolls came up."),
              (_u("accord", "¶2", 2, "Tolls are abolished."), "Tolls are abolished.")]
    cites: list[Citation] = []
    lines = topic.render(points, DOCS, "es", True, cites)
    assert lines[0].startswith("Texto acordado, Harbour Accord")
    assert any(line.startswith("Debate de la reunión, Notes of the harbour talks") for line in lines)
    assert cites[0].doc_id == "accord"


def test_the_found_line_counts_paragraphs_per_document_in_the_questions_language() -> None:
    points = [(_u("talks", "¶1", 1, "a"), "a"), (_u("talks", "¶2", 2, "b"), "b"),
              (_u("accord", "¶3", 3, "c"), "c")]
    assert topic.found_line(points, ["talks", "accord"], DOCS, "en") == \
        "Found 2 paragraphs of Notes of the harbour talks and 1 of Harbour Accord."
    assert topic.found_line(points[:1], ["talks"], DOCS, "fr") == \
        "Trouvé : 1 paragraphe de Notes of the harbour talks."


def test_a_block_of_capitals_is_a_cover_line_not_a_point() -> None:
    assert topic.cover_like(_u("talks", "Preamble, para 1", 0, "ORGANIZATION OF HARBOURS Original: Spanish"))
    assert not topic.cover_like(_u("talks", "¶1", 1, "The IACML and the RIAL agreed on tolls."))


def test_a_topic_question_gets_a_found_line_and_citations_from_the_search(fake_assistant) -> None:
    # the fake embedder's cosines are noise: widen "near the best" so the spread counts several
    settings.use(settings.load(assignments=["broad.near=0.5", "broad.margin=0.5", "broad.doc_margin=0.5",
                                                "broad.max_points=5"]))
    ans = fake_assistant.ask("What does the plan of action say about labour inspection?")
    assert ans.answered and ans.text.splitlines()[0].startswith("Found ")
    assert 2 <= len(ans.citations) <= 5 and len({c.cid for c in ans.citations}) == len(ans.citations)
    point = fake_assistant.ask("When is the planning meeting due?")
    assert not point.text.startswith("Found ")
