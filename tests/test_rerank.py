"""The reranking stage's pure parts (the reranker itself: test_backends, test_retrieve)."""

import numpy as np

from assistant.models.rerank import contested, passage, rerank, zscore


def test_the_cross_encoder_reads_a_unit_under_its_heading_without_the_lead_in(fake_assistant):
    unit = next(u for u in fake_assistant.retriever.units if u.lead and len(u.headings) > 1)
    text = passage(unit)
    assert text.startswith(unit.headings[-1]) and text.endswith(unit.text)
    assert unit.lead not in text and unit.headings[-2] not in text


def test_contested_means_the_best_two_are_within_the_gap():
    fused = np.array([1.0, 3.0, 2.5, -1.0])
    assert contested(fused, 0.5) and not contested(fused, 0.4)
    assert not contested(np.array([2.0]), 10.0)


class _Longest:
    name = "test-longest"

    def score(self, query, passages):
        return np.array([len(p) for p in passages], dtype=np.float32)


def test_rerank_reorders_only_the_best_few_and_keeps_them_on_top(fake_assistant):
    from assistant.models.backends.rerank import _RERANKERS

    _RERANKERS[_Longest.name] = _Longest
    units = fake_assistant.retriever.units[:6]
    fused = np.array([5.0, 4.9, 4.8, 1.0, 0.5, 0.0])
    out = rerank(_Longest.name, "q", units, fused, top=3, weight=10.0)
    assert set(np.argsort(-out)[:3]) == {0, 1, 2}
    assert list(np.argsort(-out)[3:]) == [3, 4, 5]  # the rest keep their order, below
    lengths = [len(passage(u)) for u in units[:3]]
    assert int(np.argmax(out)) == int(np.argmax(lengths))
    assert np.allclose(zscore(np.array([1.0, 1.0])), 0.0)
