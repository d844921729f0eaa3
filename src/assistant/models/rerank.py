"""Second stage: a cross-encoder re-scores the best few units of a contested English question.

Fusion and reranking both put scores on one scale (z-scores) before adding them.
"""

from __future__ import annotations

import numpy as np

from assistant.types import Unit


def zscore(x: np.ndarray) -> np.ndarray:
    sd = float(x.std())
    return (x - x.mean()) / sd if sd > 1e-9 else np.zeros_like(x)


def passage(unit: Unit) -> str:
    """What the cross-encoder reads: the unit under its nearest heading. The lead-in and
    upper heading the embedder also sees doubled the tokens (~0.2 ms each) for no gain."""
    return " \n".join([h for h in unit.headings[-1:] if h] + [unit.text])


def contested(fused: np.ndarray, gap: float) -> bool:
    """Are the best two scores within `gap` of each other?"""
    if len(fused) < 2:
        return False
    best, second = -np.partition(-fused, 1)[:2]
    return float(best - second) <= gap


def rerank(name: str, query: str, units: list[Unit], fused: np.ndarray, top: int,
           weight: float) -> np.ndarray:
    """`fused` with its best `top` units re-scored by the reranker `name` (blended at
    `weight`) and kept above all the others, whose order does not change."""
    from assistant.models.backends.rerank import get_reranker

    best = np.argsort(-fused, kind="stable")[:top]
    ce = get_reranker(name).score(query, [passage(units[i]) for i in best])
    out = fused - 1e3
    out[best] = zscore(fused[best]) + weight * zscore(np.asarray(ce, dtype=np.float64))
    return out
