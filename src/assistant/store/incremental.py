"""Incremental builds: vectors of unchanged documents come from the previous generation.

A document is unchanged when its file has the same sha256, the embedder is the
same, and it still yields the same units and sentences (the unit rules or the
metadata file may have changed since); only the others are embedded again, so
the result equals a full rebuild.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant import settings
from assistant.models.embed import Embedder
from assistant.textnorm import sentences
from assistant.types import Unit

Tick = Callable[[str, int, int], None]  # stage, done, total: progress, and the build's clock
BATCH = 64  # texts per embedder call between two ticks and time checks (the embedders pack inside it)


@dataclass(frozen=True)
class DocVectors:
    """One document's texts and vectors as a previous generation stored them."""

    embed_texts: tuple[str, ...]  # per unit
    unit_vecs: np.ndarray
    sent_texts: tuple[tuple[str, ...], ...]  # per unit
    sent_vecs: tuple[np.ndarray, ...]  # per unit


@dataclass(frozen=True)
class Embedded:
    unit_vecs: np.ndarray
    sent_unit: list[int]  # sentence row -> unit row
    sent_text: list[str]
    sent_vecs: np.ndarray
    embedded_docs: tuple[str, ...]  # doc ids whose texts went to the embedder
    reused_docs: tuple[str, ...]


def previous_vectors(units: Sequence[Unit], unit_vecs: np.ndarray, sent_unit: np.ndarray,
                     sent_text: Sequence[str], sent_vecs: np.ndarray,
                     doc_files: dict[str, str]) -> dict[str, DocVectors]:
    """A previous generation's vectors grouped by document, keyed by file sha256."""
    rows_of: dict[str, list[int]] = {}
    for row, u in enumerate(units):
        rows_of.setdefault(u.doc_id, []).append(row)
    sents_of: dict[int, list[int]] = {}
    for srow, urow in enumerate(sent_unit.tolist()):
        sents_of.setdefault(int(urow), []).append(srow)
    out: dict[str, DocVectors] = {}
    for doc_id, rows in rows_of.items():
        sha = doc_files.get(doc_id)
        if not sha:
            continue
        per_unit = [sents_of.get(r, []) for r in rows]
        out[sha] = DocVectors(
            tuple(units[r].embed_text() for r in rows), unit_vecs[rows],
            tuple(tuple(sent_text[s] for s in ss) for ss in per_unit),
            tuple(sent_vecs[ss] for ss in per_unit))
    return out


def _reusable(prev: DocVectors | None, us: list[Unit], sents: list[list[str]]) -> bool:
    return (prev is not None and prev.embed_texts == tuple(u.embed_text() for u in us)
            and prev.sent_texts == tuple(tuple(s) for s in sents))


def _embed(embedder: Embedder, texts: list[str], tick: Tick, done: int, total: int) -> list[Any]:
    """Vectors for `texts` in batches, so a long build shows progress and can stop in time.
    Each text is cut to limits.embed_chars first: the embedder reads only its first window
    of tokens anyway, but its tokenizer took 53 s on one 200,000-letter word (quadratic)."""
    cut = settings.current().limits.embed_chars
    out: list[Any] = []
    for i in range(0, len(texts), BATCH):
        out.extend(embedder.embed([t[:cut] for t in texts[i:i + BATCH]], "passage"))
        tick("embedding", done + len(out), total)
    return out


def embed_units(units: list[Unit], doc_sha: dict[str, str], previous: dict[str, DocVectors],
                embedder: Embedder, tick: Tick | None = None) -> Embedded:
    """Unit and sentence vectors for `units`, embedding only what `previous` lacks."""
    sents = [sentences(u.text) for u in units]
    docs: dict[str, list[int]] = {}
    for row, u in enumerate(units):
        docs.setdefault(u.doc_id, []).append(row)
    unit_vecs: list[Any] = [None] * len(units)
    sent_vecs: list[list[Any]] = [[None] * len(s) for s in sents]
    todo: list[int] = []
    reused: list[str] = []
    for doc_id, rows in docs.items():
        prev = previous.get(doc_sha.get(doc_id, ""))
        if prev is not None and _reusable(prev, [units[r] for r in rows], [sents[r] for r in rows]):
            reused.append(doc_id)
            for i, r in enumerate(rows):
                unit_vecs[r] = prev.unit_vecs[i]
                sent_vecs[r] = list(prev.sent_vecs[i])
        else:
            todo.extend(rows)
    if todo:
        tick = tick or (lambda stage, done, total: None)
        flat = [(r, j) for r in todo for j in range(len(sents[r]))]
        total = len(todo) + len(flat)
        for r, v in zip(todo, _embed(embedder, [units[r].embed_text() for r in todo], tick, 0, total),
                        strict=True):
            unit_vecs[r] = v
        if flat:
            new = _embed(embedder, [sents[r][j] for r, j in flat], tick, len(todo), total)
            for (r, j), v in zip(flat, new, strict=True):
                sent_vecs[r][j] = v
    dim = embedder.dim
    sent_unit = [r for r, ss in enumerate(sents) for _ in ss]
    return Embedded(
        _stack(unit_vecs, dim), sent_unit, [s for ss in sents for s in ss],
        _stack([v for vs in sent_vecs for v in vs], dim),
        tuple(dict.fromkeys(units[r].doc_id for r in todo)), tuple(reused))


def _stack(rows: list[Any], dim: int) -> np.ndarray:
    if not rows:
        return np.zeros((0, dim), dtype=np.float32)
    return np.ascontiguousarray(np.stack(rows).astype(np.float32, copy=False))
