"""Which FAISS index to build for a given number of vectors, and how to search it.

Below FLAT_MAX rows an exact inner-product scan is fast enough and has perfect
recall; above it an inverted-file index (IVF-Flat, HNSW as an option) keeps
single-query latency low as the corpus grows. Every figure here was measured
with `assistant bench` (see the README's Performance section): on real-anchored
vectors IVF reached recall@10 0.997 at 10^6 rows in ~2 ms (MiniLM, nprobe 62),
while HNSW (M=32, efConstruction=64) stayed below 0.8 even with efSearch=1024
and took longer to build.

Threads: building uses every core, but on this 2-core machine a single query
runs ~2x faster on one OpenMP thread than on two for the flat scan (thread
start-up costs more than the scan) and no faster on two for IVF, so searching
runs single-threaded and leaves the other core to a concurrent request.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

from assistant import settings

# Flat search at 10^5 x 384-d takes ~7-12 ms per query single-threaded and grows
# linearly; IVF answers in < 1 ms there at recall@10 > 0.99.
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 64
HNSW_EF_SEARCH = 128  # must stay >= the 60 candidates the retriever asks for
# nprobe = max(64, nlist / 16): e5-small vectors are more crowded than MiniLM's and
# needed it (recall@10 at 10^5: 0.955 with nprobe 32, 0.983 with 79) for < 1 ms more.
IVF_MIN_NPROBE = 64
IVF_PROBE_SHARE = 16
IVF_TRAIN_PER_LIST = 64  # k-means sample: enough for stable centroids, far faster than all rows


def choose(n: int) -> str:
    """The index type for n vectors: "flat" below runtime.flat_max, else runtime.ann (hnsw or ivf)."""
    rt = settings.current().runtime
    if n < rt.flat_max:
        return "flat"
    if rt.ann not in ("hnsw", "ivf"):
        raise ValueError(f"runtime.ann={rt.ann!r} (ASSISTANT_ANN): use hnsw or ivf")
    return rt.ann


@contextmanager
def threads(n: int) -> Iterator[None]:
    import faiss

    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(max(1, n))
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def build(vectors: np.ndarray, kind: str | None = None) -> Any:
    """An inner-product index over L2-normalised rows: of `kind` when given (benchmarks),
    else of the type chosen for their number."""
    import faiss

    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    n, dim = vectors.shape
    chosen = kind or choose(n)
    index: Any
    with threads(os.cpu_count() or 1):
        if chosen == "flat":
            index = faiss.IndexFlatIP(dim)
        elif chosen == "hnsw":
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        else:
            index = _trained_ivf(vectors)
        if n:
            index.add(vectors)
    return for_queries(index)


def ivf_lists(n: int) -> int:
    """nlist ~ 4 sqrt(N), the usual rule; a power of two is no faster in FAISS."""
    return max(1, int(4 * math.sqrt(n)))


def _trained_ivf(vectors: np.ndarray) -> Any:
    import faiss

    n, dim = vectors.shape
    nlist = ivf_lists(n)
    quantizer = faiss.IndexFlatIP(dim)
    index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    sample = vectors[np.sort(rng.choice(n, min(n, nlist * IVF_TRAIN_PER_LIST), replace=False))]
    index.cp.max_points_per_centroid = IVF_TRAIN_PER_LIST
    index.train(sample)
    return index


def for_queries(index: Any) -> Any:
    """Set the search-time knobs that serialization may not keep, and single-threaded search.

    Called after building and after loading an index from disk."""
    import faiss

    faiss.omp_set_num_threads(settings.current().runtime.faiss_threads)
    inner = faiss.downcast_index(index)
    if isinstance(inner, faiss.IndexHNSW):
        inner.hnsw.efSearch = max(inner.hnsw.efSearch, HNSW_EF_SEARCH)
    elif isinstance(inner, faiss.IndexIVF):
        inner.nprobe = max(IVF_MIN_NPROBE, inner.nlist // IVF_PROBE_SHARE)
        inner.make_direct_map()  # brief.py reconstructs unit vectors by row
    return index  # not `inner`: that wrapper does not own the C++ object


def describe(index: Any) -> dict[str, Any]:
    """The index type and its parameters, for reports."""
    import faiss

    inner = faiss.downcast_index(index)
    out: dict[str, Any] = {"type": type(inner).__name__, "ntotal": int(inner.ntotal)}
    if isinstance(inner, faiss.IndexHNSW):
        hnsw: Any = inner.hnsw  # the stubs lack nb_neighbors; level 1 holds M links
        out.update(M=int(hnsw.nb_neighbors(1)), efConstruction=int(hnsw.efConstruction),
                   efSearch=int(hnsw.efSearch))
    elif isinstance(inner, faiss.IndexIVF):
        out.update(nlist=int(inner.nlist), nprobe=int(inner.nprobe))
    return out
