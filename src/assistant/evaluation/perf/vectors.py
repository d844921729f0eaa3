"""Realistic vectors for search benchmarks when the corpus has only a few hundred units.

Real set: the model embeds overlapping word windows (24-64 words, a new window
every STRIDE words) of every unit text plus every sentence, so the vectors have
the geometry of real paragraphs. Queries are the real eval questions, embedded
as queries. Scaled sets of any size: each row is a real vector moved part of the
way towards another real vector, plus Gaussian noise, then re-normalised; this
keeps the real neighbourhood structure instead of the structureless (and for ANN
unrealistically hard) uniform sphere.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from assistant.models.embed import Embedder, normalize_rows
from assistant.textnorm import sentences

STRIDE = 6
WINDOWS = (24, 40, 64)
NOISE = 0.35  # norm of the added noise; a row keeps cosine ~0.9 to its source
MIX = 0.4  # a row moves at most this far towards a second real vector


def corpus_texts(corpus: Path, embedder: Embedder) -> list[str]:
    from assistant.ingest.corpus import ingest

    units = ingest(corpus, embedder.count_tokens, embedder.max_tokens).units
    texts: list[str] = []
    for u in units:
        texts.extend(sentences(u.text))
    words = " ".join(u.text for u in units).split()
    for size in WINDOWS:
        texts.extend(" ".join(words[i:i + size]) for i in range(0, max(1, len(words) - size), STRIDE))
    return list(dict.fromkeys(t for t in texts if t.strip()))


def _cached(path: Path, make: Callable[[], np.ndarray]) -> Path:
    """`path`, written from make() unless it is already there; the vectors go to child processes."""
    if not path.is_file():
        arr = np.asarray(make(), dtype=np.float32)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, arr, allow_pickle=False)
    return path


def _key(embedder: Embedder, texts: list[str]) -> str:
    h = hashlib.sha256(json.dumps([embedder.name, texts]).encode()).hexdigest()
    return f"{embedder.name}-{h[:12]}"


def real_passages(corpus: Path, embedder: Embedder, cache: Path) -> Path:
    """An .npy file of real passage embeddings of the corpus windows and sentences (cached per
    model and text)."""
    texts = corpus_texts(corpus, embedder)
    return _cached(cache / f"passages-{_key(embedder, texts)}.npy",
                   lambda: embedder.embed(texts, "passage"))


def real_queries(questions: list[str], embedder: Embedder, cache: Path) -> Path:
    return _cached(cache / f"queries-{_key(embedder, questions)}.npy",
                   lambda: embedder.embed(questions, "query"))


def scaled(anchors: np.ndarray, n: int, seed: int = 0, chunk: int = 100_000) -> np.ndarray:
    """n synthetic rows shaped like `anchors` (see the module docstring)."""
    rng = np.random.default_rng(seed)
    dim = anchors.shape[1]
    out = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, chunk):  # in chunks so 10^6 rows need no 3x temporaries
        m = min(chunk, n - start)
        a = anchors[rng.integers(0, len(anchors), m)]
        b = anchors[rng.integers(0, len(anchors), m)]
        w = rng.uniform(0, MIX, (m, 1)).astype(np.float32)
        noise = rng.standard_normal((m, dim), dtype=np.float32) * (NOISE / np.sqrt(dim))
        out[start:start + m] = normalize_rows(a + w * (b - a) + noise)
    return out


def random_unit(n: int, dim: int, seed: int = 0) -> np.ndarray:
    """Structureless rows on the unit sphere: the fallback when no model is at hand (tests)."""
    rng = np.random.default_rng(seed)
    return normalize_rows(rng.standard_normal((n, dim), dtype=np.float32))
