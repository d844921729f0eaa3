"""Answer shapes, on the real documents with the fake embedder (fast)."""

import numpy as np

from assistant import cite
from assistant.answer import sentences
from assistant.answer.answerer import render


def test_reference_question_resolves_to_that_paragraph(fake_assistant):
    ans = fake_assistant.ask("What is in paragraph 13?")
    assert ans.answered and [c.ref for c in ans.citations] == ["¶13"]
    assert "February 2022" in ans.text and "[poa-ba-2021 ¶13]" in ans.text


def test_sub_item_reference(fake_assistant):
    ans = fake_assistant.ask("what is in paragraph 9 d?")
    assert [c.ref for c in ans.citations] == ["¶9(d)"]


def test_panel_reference_lists_the_whole_panel_in_order(fake_assistant):
    ans = fake_assistant.ask("What is in Panel 2?")
    refs = [c.ref for c in ans.citations]
    assert refs[0] == "Panel 2, para 1" and all(r.startswith("Panel 2") for r in refs)
    assert refs == sorted(refs, key=lambda r: [u.ref for u in fake_assistant.index.units].index(r))


def test_listing_returns_every_item(fake_assistant):
    ans = fake_assistant.ask("What actions is the RIAL going to pursue?")
    assert [c.ref for c in ans.citations] == ["¶15"] + [f"¶15, bullet {i}" for i in range(1, 6)]


def test_every_mark_in_an_answer_is_a_shown_citation(fake_assistant):
    for q in ["What does WG2 follow up on?", "labor inspection", "What does Panel 1 say?"]:
        ans = fake_assistant.ask(q)
        shown = {c.cid for c in ans.citations}
        assert set(cite.marks_in(ans.text)) == shown
        for c in ans.citations:
            assert c.quote in c.text  # quotes are verbatim


def test_out_of_corpus_question_is_refused_with_related_paragraphs(fake_assistant):
    ans = fake_assistant.ask("zebra quantum volcano spaghetti")
    assert not ans.answered and not ans.citations and ans.related
    assert "do not answer" in ans.text


def test_refusal_and_framing_in_the_question_language(fake_assistant):
    ans = fake_assistant.ask("¿Cuál es el precio de las cebras?")
    assert ans.language == "es" and ans.text.startswith("Estos documentos no responden")
    ans = fake_assistant.ask("Que contient le paragraphe 13 ?")
    assert ans.answered and ans.text.startswith("Selon")


def test_render_has_numbered_references(fake_assistant):
    out = render(fake_assistant.ask("What is in paragraph 13?"))
    assert "References:" in out and "[1] poa-ba-2021 ¶13 — Draft Plan of Action" in out


def test_listing_words_and_a_noun_list_are_told_apart():
    from assistant.answer.answerer import _LISTING_Q

    assert _LISTING_Q.search("List the topics WG2 follows")
    assert _LISTING_Q.search("What are the next steps of the initiative?")
    assert not _LISTING_Q.search("How often should the lists of hazardous jobs be updated?")


def test_statements_are_grouped_by_document_in_reading_order():
    from assistant.answer.sentences import in_reading_order as _in_reading_order
    from assistant.types import Unit

    a1 = Unit("a", "¶2", "First. Second.", order=2)
    a0 = Unit("a", "¶1", "Zero.", order=1)
    b = Unit("b", "¶1", "Other.", order=1)
    picked = [(a1, "Second."), (b, "Other."), (a1, "First."), (a0, "Zero.")]
    assert _in_reading_order(picked) == [(a0, "Zero."), (a1, "First."), (a1, "Second."), (b, "Other.")]


def test_a_lead_in_of_its_own_sub_list_lists_its_sub_items(fake_assistant):
    from assistant.answer.answerer import listing_group

    r = fake_assistant.retriever
    steps = next(u for u in r.units if u.ref == "Panel 1, bullet 7")
    assert r.has_items(steps) and steps.group == "Panel 1"
    key = listing_group("What are the next steps of the initiative?", steps, r)
    assert key == "Panel 1, bullet 7"
    assert [u.ref for u in r.group_units(steps.doc_id, key)][:3] == [
        "Panel 1, bullet 7", "Panel 1, bullet 7.1", "Panel 1, bullet 7.2"]


def test_a_bullet_under_a_panel_that_announces_no_list_is_answered_alone(fake_assistant):
    from assistant.answer.answerer import listing_group

    r = fake_assistant.retriever
    bullet = next(u for u in r.units if u.ref == "Panel 1, bullet 18")
    assert bullet.kind == "bullet" and not r.has_items(bullet)
    # a listing question ("which countries") on one bullet of a 20-bullet panel: that
    # bullet answers it, not the whole panel
    assert listing_group("Which countries has the US Department of Labor worked with?", bullet,
                         r, first=False) == ""
    # a list the document announces is still listed from any of its items
    topic = next(u for u in r.units if u.ref == "¶8, bullet 6")
    assert listing_group("What topics will WG2 follow up on?", topic, r, first=False) == "¶8"


def test_the_sentence_holding_the_kind_of_answer_asked_for_is_quoted_first(fake_assistant):
    from dataclasses import replace

    from assistant.answer.answerer import policy_for
    from assistant.search.retrieve import SearchResult
    from assistant.types import Hit

    r = fake_assistant.retriever
    unit = next(u for u in r.units if u.ref == "Panel 1, bullet 12.2")
    # no meaning signal at all: word overlap and the answer type decide
    q = "How many companies belong to the business network against child labor in Argentina?"
    res = SearchResult([Hit(unit, 1.0, "fused")], np.zeros(r.idx.sent_vecs.shape[1], np.float32),
                       r.analyse(q).features)
    policy = policy_for(r.embedder.name)
    typed = sentences.pick(r, policy, q, res)
    untyped = sentences.pick(r, replace(policy, type_bonus=0.0), q, res)
    assert "108 companies" in typed[0][1]
    assert "108" not in untyped[0][1]  # the opening sentence shares more of the question's words


def test_a_reference_the_documents_lack_is_said_so_not_answered_from_elsewhere(fake_assistant):
    ans = fake_assistant.ask("What is in paragraph 47 of the Buenos Aires plan?")
    assert not ans.answered and not ans.citations
    assert "has no paragraph 47 (its paragraphs are 1-16)" in ans.text
    fr = fake_assistant.ask("Que contient le paragraphe 13 du résumé de Quito ?")
    assert not fr.answered and "pas de paragraphes numérotés" in fr.text
    plain = fake_assistant.ask("What is in paragraph 13?")
    assert plain.answered and plain.citations[0].ref == "¶13"
