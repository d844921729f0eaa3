"""Retrieval: explicit references first, then a pool of candidates scored on
several signals and fused.

The pool is the union of the best units by meaning (FAISS), by words (BM25) and,
for a question in another language than the documents, by shared character
n-grams (cognates). Every candidate is then scored on each signal: the unit's
cosine, its best sentence's cosine, BM25, n-grams. Each signal is put on one scale
(z-scores over the pool) and summed with weights. Weighted z-scores beat
reciprocal-rank fusion on the evaluation set (see the ablation in eval/README.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.decide.support import evidence_words, prefer_meeting, prefer_named
from assistant.models.embed import Embedder
from assistant.models.rerank import contested, rerank, zscore
from assistant.query import guard
from assistant.query.aliases import Aliases
from assistant.query.answertype import unit_types
from assistant.query.features import Reading, read
from assistant.query.naming import naming_keys
from assistant.search.evidence import evidence as search_evidence
from assistant.search.lexical import CharGrams, Lexical
from assistant.search.unittable import UnitTable
from assistant.settings import Retrieval
from assistant.store.index import LoadedIndex
from assistant.textnorm import clean
from assistant.types import Evidence, Hit, QueryFeatures

# The knobs live in the one settings object (settings.Retrieval, with ranges and reasons).
RetrievalConfig = Retrieval


@dataclass
class SearchResult:
    """The hits, the question's features and the Evidence record the refusal scorer weighs."""

    hits: list[Hit]
    query_vec: np.ndarray  # the embedding the search used (focused when a document is named)
    features: QueryFeatures | None = None  # None only when the guard refused the question
    evidence: Evidence | None = None
    question_vec: np.ndarray | None = None  # the question's own embedding
    unmet_refs: list[str] = field(default_factory=list)  # references no document in scope has
    ref_scope: list[str] = field(default_factory=list)  # the documents those were looked for in
    refused: guard.Refusal | None = None  # the question guard's reason; nothing was searched

    @property
    def language(self) -> str:
        return self.features.language if self.features else "en"

    @property
    def cross_lingual(self) -> bool:
        return bool(self.features and self.features.cross)


@dataclass(frozen=True)
class Query:
    """A question as the search reads it: its features and its two embeddings."""

    features: QueryFeatures
    vec: np.ndarray  # the question's embedding
    search_vec: np.ndarray  # the embedding the search uses (focused when a document is named)


class Retriever(UnitTable):
    """Search over one loaded index: the lookups of UnitTable, the signals, their fusion."""

    def __init__(self, idx: LoadedIndex, embedder: Embedder,
                 config: RetrievalConfig | None = None) -> None:
        super().__init__(idx.units, idx.sent_unit)
        self.idx = idx
        self.embedder = embedder
        self.config = config or RetrievalConfig()
        texts = [f"{u.text} {u.headings[-1] if u.headings else ''}" for u in self.units]
        # For BM25 a bullet's words include its lead-in's ("WG2 will follow up on:"), as its
        # embedding does; cognate n-grams do better without (eval/README.md).
        # ...and its footnotes' words: a note is found through the paragraph that calls it
        # each unit's words are stemmed and stopped in its document's language
        self.doc_language = {d: m.language for d, m in idx.docs.items()}
        langs = [self.language_of(u.doc_id) for u in self.units]
        self.lexical = Lexical([" ".join((t, u.lead, *u.notes))
                                for t, u in zip(texts, self.units, strict=True)], langs)
        self.chars = CharGrams(texts, langs) if self.config.chars else None
        self.aliases = Aliases(idx.aliases if self.config.aliases else {})
        self.doc_languages = set(self.doc_language.values()) or {"en"}
        self.corpus_words = evidence_words(self.units, idx.docs, self.aliases)
        self.scripts = guard.corpus_scripts(self.corpus_words)
        # each document's text joined once (appending to a string was quadratic)
        naming = naming_keys(idx.docs, {d: " " + " ".join(self.units[r].text for r in rows)
                                        for d, rows in self._rows_of.items()})
        self.reading = Reading(naming, self.aliases, frozenset(self.doc_languages), self.config)
        self.unit_vecs = self._unit_vectors(idx)
        # the kinds of answer each unit and each sentence holds, read once per index
        self.unit_types = [unit_types(u.text) for u in self.units]
        self.sentence_types = [unit_types(t) for t in idx.sent_text]

    def language_of(self, doc_id: str) -> str:
        """A document's language (docs.json); English, DocMeta's default, when unknown."""
        return self.doc_language.get(doc_id, "en")

    @staticmethod
    def _unit_vectors(idx: LoadedIndex) -> np.ndarray:
        """Exact unit vectors for scoring the pool: the generation's vectors.npy (checked
        with the manifest, memory-mapped), else read back from a flat FAISS index."""
        path = idx.path / "vectors.npy"
        if path.is_file():
            vecs = np.load(path, mmap_mode="r", allow_pickle=False)
            if vecs.shape == (len(idx.units), idx.faiss_index.d):
                return vecs
        return idx.faiss_index.reconstruct_n(0, idx.faiss_index.ntotal)

    # -- signals ---------------------------------------------------------------
    def dense(self, qv: np.ndarray, n: int) -> list[tuple[int, float]]:
        n = min(n, len(self.units))
        scores, rows = self.idx.faiss_index.search(qv.reshape(1, -1).astype(np.float32), n)
        return [(int(r), float(s)) for r, s in zip(rows[0], scores[0], strict=True) if r >= 0]

    def best_sentences(self, qv: np.ndarray, rows: np.ndarray, unit_cos: np.ndarray) -> np.ndarray:
        """Each unit's best sentence cosine (its own cosine when it has no sentences)."""
        out = unit_cos.copy()
        srows = [self.sentence_rows.get(int(r), []) for r in rows]
        flat = [s for group in srows for s in group]
        if not flat:
            return out
        sims = self.idx.sent_vecs[flat] @ qv
        pos = 0
        for i, group in enumerate(srows):
            if group:
                out[i] = float(sims[pos:pos + len(group)].max())
                pos += len(group)
        return out

    def _lexical_scores(self, f: QueryFeatures) -> tuple[np.ndarray | None, float]:
        """Word (BM25) scores when the question shares the documents' language, character
        n-gram scores when it does not; computed once per question for pool and fusion."""
        if not f.cross and self.config.bm25:
            return self.lexical.scores(f.lexical, f.language), self.config.w_bm25
        if f.cross and self.chars is not None:
            return self.chars.scores(f.lexical), self.config.w_chars
        return None, 0.0

    def _pool(self, qv: np.ndarray, lexical: np.ndarray | None, allowed: set[str] | None) -> np.ndarray:
        n = self.config.pool
        rows = [r for r, _ in self.dense(qv, n)]
        if lexical is not None:
            rows += [int(r) for r in np.argsort(-lexical)[:n] if lexical[r] > 0]
        uniq = list(dict.fromkeys(rows))
        if allowed is not None:
            uniq = [r for r in uniq if self.units[r].doc_id in allowed]
        return np.asarray(uniq, dtype=np.int64)

    def _fuse(self, qv: np.ndarray, rows: np.ndarray, lexical: tuple[np.ndarray | None, float],
              named: list[str], qtype: str = "") -> np.ndarray:
        c = self.config
        unit_cos = self.unit_vecs[rows] @ qv
        fused = c.w_unit * zscore(unit_cos)
        sent = self.best_sentences(qv, rows, unit_cos) if c.sentences else unit_cos
        if c.sentences:
            fused += c.w_sentence * zscore(sent)
        scores, weight = lexical
        if scores is not None:
            fused += weight * zscore(scores[rows])
        if named:
            fused += c.w_named * np.asarray([self.units[r].doc_id == named[0] for r in rows])
        if qtype and c.w_type:
            fused += c.w_type * np.asarray([qtype in self.unit_types[r] for r in rows])
        return fused

    # -- search ----------------------------------------------------------------
    def analyse(self, query: str, doc_ids: Sequence[str] | None = None) -> Query:
        """The question read once (features.py) and embedded: one call for both texts, as a
        batch of two runs on both cores in the time of one query."""
        f = read(query, self.reading, doc_ids)
        vecs = self.embedder.embed(list(f.dense), "query")
        qv = search_vec = vecs[0]
        if len(vecs) > 1:
            mixed = vecs[0] + vecs[1]
            search_vec = mixed / max(float(np.linalg.norm(mixed)), 1e-9)
        return Query(f, qv, search_vec)

    def refs_of(self, f: QueryFeatures) -> list[str]:
        """The question's explicit references, and the title block a document opens with when
        it asks for the title of the one it names (units.py keeps it as Preamble titles)."""
        refs = list(f.refs)
        if f.named and f.asks_title:
            refs += [u.ref for u in self.units if u.doc_id == f.named[0].doc_id and u.kind == "title"]
        return refs

    def search(self, query: str, k: int = 10, doc_ids: Sequence[str] | None = None) -> SearchResult:
        # The one way in for every question (ask, search, eval, web): refused ones cost nothing.
        refusal = guard.check(query, self.scripts)
        if refusal is not None:
            return SearchResult([], np.zeros(self.embedder.dim, dtype=np.float32), refused=refusal)
        q = self.analyse(clean(query)[0], doc_ids)
        f = q.features
        scope = f.strong_ids or f.named_ids or doc_ids  # "resolution 80/3" over "the resolution"
        refs = self.refs_of(f)
        ref_rows = self.ref_rows(refs, scope)
        unmet = self.unmet_refs(refs, scope) if refs and not ref_rows else []
        lexical = self._lexical_scores(f)
        rows = self._pool(q.search_vec, lexical[0], set(doc_ids) if doc_ids else None)
        hits = [Hit(self.units[r], 1.0, "ref") for r in ref_rows]
        if len(rows):
            hits += self._ranked(query, q, rows, lexical, ref_rows)
        evidence = search_evidence(self, q, hits[:max(k, len(ref_rows))], rows, bool(refs))
        return SearchResult(hits[:max(k, len(ref_rows))], q.search_vec if len(rows) else q.vec, f,
                            evidence, q.vec, unmet, list(scope or ()))

    def _ranked(self, query: str, q: Query, rows: np.ndarray, lexical: tuple[np.ndarray | None, float],
                ref_rows: list[int]) -> list[Hit]:
        """The pool's units by fused score (reranked when contested), the named document's
        and the asked meeting's near ties lifted first."""
        f, c = q.features, self.config
        fused = self._fuse(q.search_vec, rows, lexical, f.named_ids, f.answer_type)
        if c.rerank and not f.cross and contested(fused, c.rerank_gap):
            fused = rerank(c.rerank, query, [self.units[r] for r in rows], fused, c.rerank_top,
                           c.w_rerank)
        order = rows[np.argsort(-fused, kind="stable")]
        score = dict(zip(rows.tolist(), fused.tolist(), strict=True))
        hits = [Hit(self.units[r], score[r], "fused") for r in order.tolist() if r not in ref_rows]
        hits = prefer_meeting(f.meetings, hits, self.idx.docs, c.prefer_depth)
        return prefer_named(hits, f.strong_ids, f.strong_words, c.named_gap, c.prefer_depth)

    def closeness(self, qv: np.ndarray, hits: Sequence[Hit]) -> list[float]:
        """Each hit's closeness in meaning to the question: its own or its best sentence's
        cosine, whichever is higher (a topic is often one sentence of a long unit)."""
        rows = np.asarray([self.row_of[h.unit.key] for h in hits], dtype=np.int64)
        if not len(rows):
            return []
        unit_cos = self.unit_vecs[rows] @ qv
        return [float(x) for x in np.maximum(unit_cos, self.best_sentences(qv, rows, unit_cos))]
