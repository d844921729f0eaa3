"""Embedding throughput per backend, in passages per second, on real corpus text.

Each backend runs in its own child process (thread settings are process-wide),
on the same sample of corpus sentences and windows, after one warm-up batch.
Agreement with a reference backend is the mean cosine between their vectors
for the same texts (only meaningful between backends of the same model).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np

SAMPLE = 256


def sample_texts(corpus: str, n: int = SAMPLE) -> list[str]:
    from assistant.evaluation.perf.vectors import corpus_texts
    from assistant.models.embed import get_embedder

    texts = corpus_texts(Path(corpus), get_embedder("fake"))
    rng = np.random.default_rng(0)
    return [texts[i] for i in sorted(rng.choice(len(texts), min(n, len(texts)), replace=False))]


def rate(embedder: str, corpus: str, n: int = SAMPLE, save: str = "") -> dict[str, Any]:
    """Passages/s for one backend in this process; optionally save its vectors for comparison."""
    from assistant.models.embed import get_embedder

    texts = sample_texts(corpus, n)
    t0 = time.perf_counter()
    emb = get_embedder(embedder)
    load_s = time.perf_counter() - t0
    emb.embed(texts[:16], "passage")
    t1 = time.perf_counter()
    vecs = emb.embed(texts, "passage")
    secs = time.perf_counter() - t1
    if save:
        np.save(save, vecs, allow_pickle=False)
    return {"embedder": embedder, "texts": len(texts), "load_s": round(load_s, 2),
            "units_per_s": round(len(texts) / secs, 1)}


def compare(backends: list[dict[str, Any]], corpus: str, cache: Path,
            n: int = SAMPLE) -> list[dict[str, Any]]:
    """Rate each {"embedder", "env", "family"} in a child; cosine to the first of the same family."""
    from assistant.evaluation.perf import child

    cache.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    refs: dict[str, np.ndarray] = {}
    for b in backends:
        out = cache / f"embedspeed-{len(rows)}.npy"
        try:
            row = dict(child.run("assistant.evaluation.perf.embedspeed:rate",
                                 env=b.get("env"), embedder=b["embedder"],
                                 corpus=corpus, n=n, save=str(out)))
        except RuntimeError as e:
            rows.append({**b, "error": str(e)[-300:]})
            continue
        vecs = refs.setdefault(b["family"], np.load(out))
        mine = np.load(out)
        row.update(b, cosine_to_reference=round(float(np.mean(np.sum(mine * vecs, axis=1))), 4))
        rows.append(row)
    return rows
