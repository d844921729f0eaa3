"""Retrieval mechanics on the real documents with the fake embedder (fast)."""

from dataclasses import replace

import numpy as np

from assistant.search.evidence import lacks
from assistant.search.retrieve import RetrievalConfig, Retriever


def test_a_question_in_another_language_is_pooled_by_character_ngrams(fake_assistant):
    r = fake_assistant.retriever
    res = r.search("¿Qué plantea el plan acerca de la inspección laboral y los inspectores?", 5)
    assert res.cross_lingual and res.language == "es"
    assert any("inspect" in h.unit.text for h in res.hits[:5])
    without = Retriever(r.idx, r.embedder, replace(r.config, chars=False))
    res2 = without.search("¿Qué plantea el plan acerca de la inspección laboral y los inspectores?", 5)
    assert [h.unit.key for h in res2.hits] != [h.unit.key for h in res.hits]


def test_an_english_question_is_not_cross_lingual_and_uses_bm25(fake_assistant):
    r = fake_assistant.retriever
    res = r.search("What actions is the RIAL going to pursue?", 5)
    assert not res.cross_lingual and res.hits[0].via == "fused"
    bare = Retriever(r.idx, r.embedder, RetrievalConfig(bm25=False, sentences=False, chars=False))
    assert [h.unit.key for h in bare.search("What actions is the RIAL going to pursue?", 5).hits] \
        != [h.unit.key for h in res.hits]


def test_acronyms_spelled_out_reach_the_refusal_evidence(fake_assistant):
    res = fake_assistant.retriever.search("What does WG2 follow up on?", 5)
    assert res.evidence.missing == () and res.evidence.known == 1.0


def test_bm25_gets_the_acronym_of_a_spelled_out_name(fake_assistant):
    r = fake_assistant.retriever
    for q in ["What does the second working group follow up on?",
              "What does the Working Group 2 follow up on?"]:
        assert r.analyse(q).features.lexical == "what does the working group 2 wg2 follow up on?", q
    # across languages the lexical side is character n-grams of the question's own words,
    # its acronyms in their English form (GT2 is found only in the Quito summary's symbol)
    assert r.analyse("¿Qué temas sigue el segundo grupo de trabajo?").features.lexical.startswith("¿Qué")
    assert r.analyse("¿Qué temas sigue el GT2?").features.lexical == "¿Qué temas sigue el WG2?"
    # and its countries by their English names ("Estados Unidos" shares no n-gram with them)
    asked = r.analyse("¿Qué hizo Estados Unidos con el GT2?").features
    assert asked.lexical == "¿Qué hizo United States con el WG2?"
    off = Retriever(r.idx, r.embedder, replace(r.config, lexical_acronyms=False))
    plain = "What does Working Group 2 follow up on?"
    assert off.analyse(plain).features.lexical == plain


def test_a_unit_of_the_named_document_nearly_tied_with_the_best_goes_first(fake_assistant):
    from assistant.decide.support import prefer_named
    from assistant.types import Hit

    r = fake_assistant.retriever
    doc_a, doc_b = sorted({u.doc_id for u in r.units})[:2]
    a = next(u for u in r.units if u.doc_id == doc_a)
    b = next(u for u in r.units if u.doc_id == doc_b and "xyzzy" not in u.text)
    hits = [Hit(a, 10.0, "fused"), Hit(b, 9.4, "fused")]
    assert [h.unit for h in prefer_named(hits, [doc_b], frozenset({"xyzzy"}), 1.0)] == [b, a]
    assert prefer_named(hits, [doc_b], frozenset({"xyzzy"}), 0.5) == hits  # too far behind
    assert prefer_named(hits, [doc_a], frozenset({"xyzzy"}), 1.0) == hits  # already first
    assert prefer_named(hits, [], frozenset(), 1.0) == hits


def test_the_best_unit_naming_the_meeting_asked_about_is_noticed(fake_assistant):
    r = fake_assistant.retriever
    # the XX IACML is the Quito meeting's; the plan's paragraph 2 speaks of it too
    res = r.search("Who was the Chair Pro Tempore of the XX IACML, with Barbados as previous Chair?", 5)
    assert res.features.strong_ids == ["wg2-quito-2019"] and res.hits[0].unit.doc_id == "poa-ba-2021"
    assert not res.evidence.named_elsewhere  # the best unit itself names the meeting asked about
    assert not r.search("Who was the Chair Pro Tempore, with Barbados as previous Chair?",
                        5).features.strong_ids


def test_naming_words_leave_the_lexical_query_and_focus_the_dense_one(fake_assistant):
    r = fake_assistant.retriever
    doc = next(iter(r.idx.docs.values()))
    place = doc.place.split()[0] if doc.place else str(doc.year)
    q = r.analyse(f"What was agreed in {place} about inspection?")
    assert q.features.named and place.lower() not in q.features.lexical.lower().split()
    assert "inspection" in q.features.lexical
    assert not np.allclose(q.vec, q.search_vec)  # the focused vector differs from the question's
    plain = r.analyse("What was agreed about inspection?")
    assert np.allclose(plain.vec, plain.search_vec)


class _Counting:
    """Wraps an embedder and records each call's texts."""

    def __init__(self, inner):
        self.inner, self.name, self.dim, self.calls = inner, inner.name, inner.dim, []

    def embed(self, texts, kind="passage"):
        self.calls.append(list(texts))
        return self.inner.embed(texts, kind)


def test_the_question_and_its_focus_are_embedded_in_one_call(fake_assistant):
    r = fake_assistant.retriever
    doc = next(iter(r.idx.docs.values()))
    place = doc.place.split()[0] if doc.place else str(doc.year)
    spy = _Counting(r.embedder)
    counted = Retriever(r.idx, spy, r.config)
    q = counted.analyse(f"What was agreed in {place} about inspection?")
    assert len(spy.calls) == 1 and len(spy.calls[0]) == 2
    assert np.allclose(q.vec, r.analyse(f"What was agreed in {place} about inspection?").vec)
    spy.calls.clear()
    counted.analyse("What was agreed about inspection?")
    assert [len(c) for c in spy.calls] == [1]


def test_bm25_reads_a_bullets_lead_in(fake_assistant):
    r = fake_assistant.retriever
    row = next(i for i, u in enumerate(r.units) if u.ref == "¶8, bullet 6")
    unit = r.units[row]
    # only its lead-in ("WG2 will follow up on the following topics") says "follow"
    assert "follow" not in f"{unit.text} {' '.join(unit.headings)}".lower()
    assert "follow" in unit.lead.lower()
    assert r.lexical.scores("follow up")[row] > 0


class _Reverse:
    """A reranker that prefers what the fused ranking liked least (so its effect shows)."""

    name = "test-reverse"
    calls = 0

    def score(self, query, passages):
        _Reverse.calls += 1
        return np.arange(len(passages), dtype=np.float32)


def test_the_reranker_runs_only_when_the_best_two_are_close(fake_assistant):
    from assistant.models.backends.rerank import _RERANKERS

    _RERANKERS[_Reverse.name] = _Reverse
    r = fake_assistant.retriever
    q = "What actions is the RIAL going to pursue?"
    plain = r.search(q, 5)
    gap = plain.hits[0].score - plain.hits[1].score
    assert gap > 0
    below = Retriever(r.idx, r.embedder, replace(r.config, rerank=_Reverse.name, rerank_gap=gap / 2))
    _Reverse.calls = 0
    assert [h.unit.key for h in below.search(q, 5).hits] == [h.unit.key for h in plain.hits]
    assert _Reverse.calls == 0  # a clear winner is not reranked
    above = Retriever(r.idx, r.embedder, replace(r.config, rerank=_Reverse.name, rerank_gap=gap * 2,
                                                     w_rerank=5.0))
    assert above.search(q, 5).hits[0].unit.key != plain.hits[0].unit.key and _Reverse.calls == 1
    # never across languages: the cross-encoder reads English only
    _Reverse.calls = 0
    above.search("¿Qué acciones llevará a cabo la RIAL?", 5)
    assert _Reverse.calls == 0


def test_the_service_runs_without_a_reranker_it_cannot_load():
    from assistant.app.service import usable_reranker
    from assistant.models.backends.rerank import _RERANKERS

    warnings: list[str] = []
    assert usable_reranker("no-such-reranker", warnings.append) == ""
    assert len(warnings) == 1 and "no-such-reranker" in warnings[0]
    assert usable_reranker("none", warnings.append) == "" and len(warnings) == 1
    _RERANKERS[_Reverse.name] = _Reverse
    assert usable_reranker(_Reverse.name, warnings.append) == _Reverse.name


def test_the_title_of_a_named_document_is_looked_up_like_a_reference(fake_assistant):
    r = fake_assistant.retriever
    doc = next(d for d in r.idx.docs.values()
               if any(u.doc_id == d.doc_id and u.kind == "title" for u in r.units))
    place = doc.place.split(",")[0].split("(")[0].strip() if doc.place else str(doc.year)
    res = r.search(f"What is the title of the {place} document?", 5)
    titles = [u.ref for u in r.units if u.doc_id == doc.doc_id and u.kind == "title"]
    assert [h.unit.ref for h in res.hits[:len(titles)]] == titles
    assert all(h.via == "ref" and h.unit.doc_id == doc.doc_id for h in res.hits[:len(titles)])
    # no document named: a title of something else, searched for like any question
    assert not any(h.via == "ref" for h in r.search("What was the title of the workshop?", 5).hits)


def test_a_question_about_a_numbered_meeting_prefers_that_meetings_document(fake_assistant):
    from assistant.decide.support import about_other_meeting, asked_meetings, prefer_meeting
    from assistant.types import Hit

    r = fake_assistant.retriever
    meeting_of = {d: next(w for w in m.meeting.replace(",", " ").split()
                          if len(w) > 1 and set(w) <= set("XVI"))
                  for d, m in r.idx.docs.items()}
    (doc_a, num_a), (doc_b, num_b) = list(meeting_of.items())[:2]
    assert num_a != num_b
    other = [u for u in r.units if u.doc_id == doc_a and num_b not in u.text.split()][:2]
    own = next(u for u in r.units if u.doc_id == doc_b)
    hits = [Hit(u, 1.0, "fused") for u in (*other, own)]
    q = f"What was decided at the {num_b} IACML?"
    assert [h.unit for h in prefer_meeting(asked_meetings(q), hits, r.idx.docs)] == [own, *other]
    # a meeting neither document is from: the order stays, and the best one is flagged
    assert prefer_meeting(asked_meetings("Where will the XXXV IACML be held?"), hits, r.idx.docs) == hits
    assert about_other_meeting(asked_meetings("Where will the XXXV IACML be held?"), hits[0].unit, r.idx.docs)
    # ...which the search reports as the kind of answer its best unit lacks (a refusal)
    q = r.analyse("Where will the XXXV IACML be held?")
    assert lacks(r, q.features, hits) == "meeting"
    assert lacks(r, r.analyse(f"Where was the {num_a} IACML held?").features, hits) != "meeting"
