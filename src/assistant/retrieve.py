"""Retrieval: explicit references first, then dense (FAISS) and BM25 rankings fused."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from . import cite
from .embed import Embedder
from .index import LoadedIndex
from .lexical import Lexical
from .refs import doc_hints, find_refs
from .types import Hit, Unit

RRF_K = 60  # the usual reciprocal-rank constant; flat enough that both rankings count


@dataclass
class SearchResult:
    hits: list[Hit]
    query_vec: np.ndarray
    dense_top: float = 0.0  # best cosine among the dense candidates
    coverage: float = 0.0  # share of the query's content words found in the best units
    known: float = 1.0  # share of the query's content words found anywhere in the corpus
    refs: list[str] = field(default_factory=list)  # explicit references the question made
    docs_named: list[str] = field(default_factory=list)


class Retriever:
    def __init__(self, idx: LoadedIndex, embedder: Embedder, use_bm25: bool = True) -> None:
        self.idx = idx
        self.embedder = embedder
        self.units = idx.units
        self.use_bm25 = use_bm25
        self.lexical = Lexical([f"{u.text} {u.headings[-1] if u.headings else ''}"
                                for u in self.units])
        self._rows_by_group: dict[tuple[str, str], list[int]] = {}
        self.row_of: dict[str, int] = {}  # unit key -> row
        for row, u in enumerate(self.units):
            self._rows_by_group.setdefault((u.doc_id, u.group), []).append(row)
            self.row_of[u.key] = row
        # sentence rows of each unit, built once rather than scanned per question
        self.sentence_rows: dict[int, list[int]] = {}
        for srow, row in enumerate(idx.sent_unit.tolist()):
            self.sentence_rows.setdefault(row, []).append(srow)

    # -- lookups ---------------------------------------------------------------
    def group_units(self, doc_id: str, group: str) -> list[Unit]:
        """A list's lead-in and every item of it, in document order."""
        rows = set(self._rows_by_group.get((doc_id, group), []))
        rows |= {r for r, u in enumerate(self.units) if u.doc_id == doc_id and u.ref == group}
        return [self.units[r] for r in sorted(rows)]

    def ref_rows(self, refs: Sequence[str], doc_ids: Sequence[str] | None) -> list[int]:
        rows: list[int] = []
        for ref in refs:
            found = [r for r, u in enumerate(self.units)
                     if (not doc_ids or u.doc_id in doc_ids) and cite.within(u.ref, ref)]
            rows.extend(r for r in found if r not in rows)
        return rows

    # -- search ----------------------------------------------------------------
    def embed_query(self, query: str) -> np.ndarray:
        return self.embedder.embed([query], "query")[0]

    def dense(self, qv: np.ndarray, n: int) -> list[tuple[int, float]]:
        n = min(n, len(self.units))
        scores, rows = self.idx.faiss_index.search(qv.reshape(1, -1).astype(np.float32), n)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]

    def search(self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None) -> SearchResult:
        qv = self.embed_query(query)
        named = [d for d in doc_hints(query, self.idx.docs) if not doc_ids or d in doc_ids]
        refs = find_refs(query)
        ref_rows = self.ref_rows(refs, named or doc_ids)
        allowed = set(doc_ids) if doc_ids else None
        dense = [(r, s) for r, s in self.dense(qv, max(4 * k, 60))
                 if allowed is None or self.units[r].doc_id in allowed]
        fused: dict[int, float] = {}
        for rank, (r, _) in enumerate(dense):
            fused[r] = fused.get(r, 0.0) + 1.0 / (RRF_K + rank)
        if self.use_bm25:
            for rank, (r, _) in enumerate(self.lexical.top(query, max(4 * k, 60))):
                if allowed is None or self.units[r].doc_id in allowed:
                    fused[r] = fused.get(r, 0.0) + 1.0 / (RRF_K + rank)
        if named:  # a question naming a meeting, place or year prefers that document
            for r in fused:
                if self.units[r].doc_id == named[0]:
                    fused[r] *= 1.25
        ranked = sorted(fused, key=lambda r: -fused[r])
        hits = [Hit(self.units[r], 1.0, "ref") for r in ref_rows]
        hits += [Hit(self.units[r], fused[r] * RRF_K / 2, "fused") for r in ranked
                 if r not in ref_rows]
        top_rows = ranked[:3]
        return SearchResult(
            hits=hits[:max(k, len(ref_rows))], query_vec=qv,
            dense_top=dense[0][1] if dense else 0.0,
            coverage=self.lexical.coverage(query, top_rows), known=self.lexical.known(query),
            refs=refs, docs_named=named)
