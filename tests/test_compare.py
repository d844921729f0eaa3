from assistant.evaluation.compare import Outcome, Peer, score
from assistant.evaluation.evaluate import Question
from assistant.models.embed import get_embedder

from .conftest import CORPUS


def test_peer_chunks_are_mapped_to_the_paragraphs_they_contain(fake_assistant):
    units = fake_assistant.index.units
    peer = Peer(CORPUS, units, get_embedder("fake"))
    assert all(len(c) <= 1000 for c in peer.chunks)
    covered = {pair for cov in peer.covers for pair in cov}
    # the hard-wrapped PDF dump and the Markdown both match by opening words
    share = len(covered) / len({(u.doc_id, u.ref) for u in units})
    assert share > 0.9, share
    assert ("poa-ba-2021", "¶8, bullet 6") in covered
    out = peer.ask("What does WG2 follow up on?")
    assert out.answered and len(out.cited) == 4 and len(out.ranking) == 10


def test_scores_rank_precision_and_refusals_per_language():
    qs = [Question("a", "q1", "en", "fact", ("d ¶8",), ()),
          Question("b", "q2", "es", "fact", ("d ¶9",), ()),
          Question("c", "q3", "en", "unanswerable", (), ())]
    answers = {"q1": Outcome([[("d", "¶2")], [("d", "¶8, bullet 1")]], [[("d", "¶8")], [("d", "¶2")]],
                             True, 5.0),
               "q2": Outcome([[("d", "¶9(a)")]], [[("d", "¶9(a)")]], True, 7.0),
               "q3": Outcome([[("d", "¶1")]], [], False, 3.0)}
    res = score(qs, lambda q: answers[q])
    assert res["en"]["hit@1"] == 0.0 and res["en"]["hit@5"] == 1.0 and res["en"]["mrr"] == 0.5
    assert res["en"]["cite_p"] == 0.5 and res["en"]["refusal"] == 1.0
    assert res["es"]["hit@1"] == 1.0 and res["all"]["false_refusals"] == 0


def test_ablation_steps_each_add_a_part_and_end_at_the_default():
    from assistant.evaluation.compare import ablation_steps
    from assistant.search.retrieve import RetrievalConfig

    steps = ablation_steps(rerank_available=False)
    assert steps[-1][2] == RetrievalConfig()
    with_rr = ablation_steps(rerank_available=True)
    # the reranker is carried forward into the default, then taken out again
    assert with_rr[-2][2] == RetrievalConfig(rerank=with_rr[2][2].rerank) and with_rr[2][2].rerank
    assert with_rr[-1][2] == RetrievalConfig()
    configs = [(name, config) for _, name, config in steps]
    assert all(a != b for a, b in zip(configs, configs[1:], strict=False))
    assert steps[0][2].bm25 is False and steps[0][2].w_type == 0.0


def test_peer_shows_its_top_chunks_on_broad_questions_judged_by_span_containment(fake_assistant):
    from assistant import settings
    from assistant.evaluation.evalbroad import BroadQuestion, GoldPara
    from assistant.evaluation.evaluate import holds

    peer = Peer(CORPUS, fake_assistant.index.units, get_embedder("fake"))
    assert set(peer.files) == {"plan-of-action-buenos-aires-2021.txt", "wg2-summary-quito-2019.md"}
    assert len(peer.files) == len(peer.chunks)
    gold = (GoldPara("plan-of-action-buenos-aires-2021.txt", "prevention and eradication of child labor"),
            GoldPara("wg2-summary-quito-2019.md", "Child labor continues to represent a complex challenge"))
    q = BroadQuestion("x", "en", "comparison", "What is said about child labor?", gold, ())
    out = peer.broad(q)
    assert out.answered and len(out.shown) == settings.current().evaluation.peer_sources_broad == 5
    top = peer.top(q.question, 5)
    for r, shown in zip(top, out.shown, strict=True):
        assert shown.file == peer.files[r]
        assert shown.covers == {i for i, g in enumerate(gold) if holds(peer.chunks[r], g.span)}
    # every gold is held by some chunk of its own file, so the rule can credit the peer at all
    for g in gold:
        assert any(holds(c, g.span) and f == g.file for c, f in zip(peer.chunks, peer.files, strict=True))
