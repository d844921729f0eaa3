"""The index type switches at the size threshold, and the approximate indexes keep recall."""

import faiss
import numpy as np
import pytest

from assistant.evaluation.perf.search import exact_top, recall_at
from assistant.evaluation.perf.vectors import random_unit, scaled
from assistant.settings import current
from assistant.store import ann
from assistant.store.index import make_faiss


def _kind(index) -> str:
    inner = faiss.downcast_index(index)
    if isinstance(inner, faiss.IndexIVF):
        return "ivf"
    if isinstance(inner, faiss.IndexHNSW):
        return "hnsw"
    return "flat"


@pytest.fixture()
def small_threshold(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ASSISTANT_FLAT_MAX", "2000")


def test_make_faiss_switches_type_at_the_threshold(small_threshold):
    below = random_unit(1999, 32)
    at = random_unit(2000, 32)
    assert _kind(make_faiss(below)) == "flat"
    assert _kind(make_faiss(at)) == current().runtime.ann == "ivf"


def test_choose_refuses_an_unknown_kind(monkeypatch: pytest.MonkeyPatch, small_threshold):
    monkeypatch.setenv("ASSISTANT_ANN", "lsh")
    assert ann.choose(10) == "flat"
    with pytest.raises(ValueError, match="ASSISTANT_ANN"):
        ann.choose(5000)


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_approximate_recall_against_exact(kind: str):
    anchors = random_unit(300, 48, seed=1)  # clustered like real embeddings, not uniform
    vecs = scaled(anchors, 20_000, seed=2)
    queries = scaled(anchors, 50, seed=3)
    index = ann.build(vecs, kind)
    found = index.search(queries, 10)[1]
    assert recall_at(found, exact_top(vecs, queries, 10), 10) >= 0.9


def test_loaded_index_keeps_search_settings_and_reconstructs():
    vecs = scaled(random_unit(100, 16), 3000)
    built = ann.build(vecs, "ivf")
    loaded = ann.for_queries(faiss.deserialize_index(faiss.serialize_index(built)))
    info = ann.describe(loaded)
    assert info["type"] == "IndexIVFFlat" and info["nprobe"] >= ann.IVF_MIN_NPROBE
    assert info["ntotal"] == 3000
    np.testing.assert_allclose(loaded.reconstruct(7), vecs[7], atol=1e-6)  # brief.py needs this
    np.testing.assert_allclose(loaded.reconstruct_n(0, 3000), vecs, atol=1e-6)
    assert faiss.omp_get_max_threads() == current().runtime.faiss_threads


def test_hnsw_search_depth_covers_the_retriever_candidates():
    index = ann.build(scaled(random_unit(50, 16), 500), "hnsw")
    assert ann.describe(index)["efSearch"] >= 60
