"""Index build and single-query search at a given corpus size, through the real code path.

Each size runs in a child process so its peak memory is its own. The index is
built by index.make_faiss (which picks flat, HNSW or IVF), serialized and loaded
back the way load_generation does, then searched one query at a time for the
retriever's 60 candidates; recall@10 is against an exact scan of the same rows.
"""

from __future__ import annotations

import resource
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

CANDIDATES = 60  # what Retriever.dense asks FAISS for (max(4k, 60) with k = 8)


def percentile(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))]


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def recall_at(found: np.ndarray, truth: np.ndarray, k: int) -> float:
    hits = [len(set(f[:k].tolist()) & set(t[:k].tolist())) for f, t in zip(found, truth, strict=True)]
    return sum(hits) / (k * len(truth))


def exact_top(vectors: np.ndarray, queries: np.ndarray, k: int, chunk: int = 65_536) -> np.ndarray:
    """Exact top-k rows by inner product, scanned in chunks so no second copy of the rows is made."""
    best_s = np.full((len(queries), k), -np.inf, dtype=np.float32)
    best_i = np.zeros((len(queries), k), dtype=np.int64)
    for start in range(0, len(vectors), chunk):
        scores = queries @ vectors[start:start + chunk].T
        s = np.concatenate([best_s, scores], axis=1)
        i = np.concatenate([best_i, np.broadcast_to(np.arange(start, start + scores.shape[1]), scores.shape)],
                           axis=1)
        top = np.argsort(-s, axis=1, kind="stable")[:, :k]
        best_s, best_i = np.take_along_axis(s, top, 1), np.take_along_axis(i, top, 1)
    return best_i


def measure(vectors: np.ndarray, queries: np.ndarray, kind: str | None = None,
            repeats: int = 1) -> dict[str, Any]:
    """Build, round-trip and search; timings in ms, build in s."""
    import faiss

    from assistant.store import ann
    from assistant.store.index import make_faiss

    n = len(vectors)
    t0 = time.perf_counter()
    built = make_faiss(vectors) if kind is None else ann.build(vectors, kind)
    build_s = time.perf_counter() - t0
    build_peak = peak_rss_mb()  # rows + index, as in a real build; the round trip below adds more
    index = ann.for_queries(faiss.deserialize_index(faiss.serialize_index(built)))
    del built
    truth = exact_top(vectors, queries, 10)
    found = np.full((len(queries), CANDIDATES), -1, dtype=np.int64)
    lat = _timed_searches(index, queries, found, repeats)
    with ann.threads(2):  # the thread setting we do not use, for comparison
        lat2 = _timed_searches(index, queries, np.empty_like(found), 1)
    return {"units": n, "index": ann.describe(index), "build_s": round(build_s, 3),
            "index_units_per_s": round(n / build_s) if build_s else None,
            "search_ms_p50": round(statistics.median(lat), 3),
            "search_ms_p95": round(percentile(lat, 95), 3),
            "search_ms_p50_2_threads": round(statistics.median(lat2), 3),
            "recall_at_10": round(recall_at(found, truth, 10), 4), "queries": len(queries),
            "build_peak_rss_mb": round(build_peak)}


def _timed_searches(index: Any, queries: np.ndarray, found: np.ndarray, repeats: int) -> list[float]:
    """One query at a time, as the retriever asks; rows go into `found`, times (ms) are returned."""
    k = min(CANDIDATES, int(index.ntotal))
    lat: list[float] = []
    for _ in range(repeats):
        for i, q in enumerate(queries):
            t = time.perf_counter()
            found[i, :k] = index.search(q.reshape(1, -1), k)[1][0]
            lat.append((time.perf_counter() - t) * 1000)
    return lat


def run_size(n: int, anchors: str | None, queries: str, kind: str | None = None,
             dim: int = 384) -> dict[str, Any]:
    """One size in this process: synthetic rows from real anchors (or random), then measure."""
    from assistant.evaluation.perf.vectors import random_unit, scaled

    q = np.load(queries, allow_pickle=False)
    t0 = time.perf_counter()
    vecs = scaled(np.load(anchors, allow_pickle=False), n) if anchors else random_unit(n, dim)
    gen_s = time.perf_counter() - t0
    out = measure(vecs, q, kind)
    out.update(vectors=f"{'real-anchored' if anchors else 'random'} synthetic", generate_s=round(gen_s, 2),
               peak_rss_mb=round(peak_rss_mb()))
    return out


def run_size_in_child(n: int, anchors: Path | None, queries: Path, kind: str | None = None,
                      dim: int = 384) -> dict[str, Any]:
    from assistant.evaluation.perf import child

    return dict(child.run("assistant.evaluation.perf.search:run_size", n=n,
                          anchors=str(anchors) if anchors else None,
                          queries=str(queries), kind=kind, dim=dim))
