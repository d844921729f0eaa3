"""Fit the fusion and reranking weights (settings.Retrieval) on the pooled evaluation
questions with leave-one-set-out cross-validation; objective hit@1, ties by MRR.

Cheap by construction: each question is searched once and its fusion components kept
(per candidate row: the z-scored unit cosine, best-sentence cosine and lexical score,
the named-document and answer-type flags); the cross-encoder's score of a row is
computed the first time a weight vector puts that row in the reranked top and cached.
Every candidate weight vector is then re-fused in numpy, the same arithmetic as
Retriever._fuse and rerank.rerank, and the same lifts (support.prefer_*) applied.
`verify` checks that the hand weights reproduce the live search's rankings exactly.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant import cite
from assistant.decide.support import prefer_meeting, prefer_named
from assistant.evaluation.evaluate import set_folds
from assistant.models.rerank import contested, passage, zscore
from assistant.types import Hit

if TYPE_CHECKING:
    from assistant.search.retrieve import Retriever

# The values coordinate search tries for each knob (the hand value is always the start).
GRID: dict[str, tuple[float, ...]] = {
    "w_unit": (0.0, 0.5, 1.0, 1.5, 2.0), "w_sentence": (0.0, 0.5, 1.0, 1.5, 2.0),
    "w_bm25": (0.0, 0.5, 1.0, 1.5, 2.0), "w_chars": (0.0, 0.25, 0.5, 1.0),
    "w_named": (0.0, 0.5, 1.0, 1.5, 2.0, 3.0), "w_type": (0.0, 0.5, 1.0, 1.5),
    "w_rerank": (0.0, 0.25, 0.5, 1.0, 2.0), "rerank_gap": (0.0, 0.5, 1.0, 2.0, 4.0),
    "named_gap": (0.0, 0.5, 1.0, 2.0), "rerank_top": (2, 3, 4, 6),
}
INTS = {"rerank_top"}
DEPTH = 10  # ranks scored (MRR@10), as evaluate.score_one


@dataclass
class Case:
    """One answerable question's fusion components, computed once."""

    set: str
    id: str
    query: str  # as the service passes it to the reranker
    meetings: tuple[str, ...]  # the meetings asked about, as the lift reads them
    gold: tuple[str, ...]
    cross: bool
    rows: np.ndarray
    unit: np.ndarray  # z-scored signals over the pool
    sent: np.ndarray
    lex: np.ndarray | None
    named: np.ndarray  # row's document is the first one named
    typed: np.ndarray  # row holds the kind of answer asked
    ref_rows: list[int]
    named_strongly: list[str]
    strong_words: frozenset[str]
    ce: dict[int, float] = field(default_factory=dict)  # cross-encoder score per row


def components(r: Retriever, set_name: str, qid: str, query: str, gold: Sequence[str]) -> Case:
    """The components the search fuses, from the Retriever's own pieces."""
    from assistant.textnorm import clean

    q = r.analyse(clean(query)[0])
    f = q.features
    ref_rows = r.ref_rows(r.refs_of(f), f.strong_ids or f.named_ids)
    scores, _ = r._lexical_scores(f)
    rows = r._pool(q.search_vec, scores, None)
    unit_cos = r.unit_vecs[rows] @ q.search_vec
    sent = r.best_sentences(q.search_vec, rows, unit_cos) if r.config.sentences else unit_cos
    named = np.asarray([bool(f.named_ids) and r.units[x].doc_id == f.named_ids[0] for x in rows])
    typed = np.asarray([bool(f.answer_type) and f.answer_type in r.unit_types[x] for x in rows])
    return Case(set_name, qid, query, f.meetings, tuple(gold), f.cross, rows, zscore(unit_cos),
                zscore(sent), None if scores is None else zscore(scores[rows]), named, typed, ref_rows,
                f.strong_ids, f.strong_words)


def fuse(case: Case, w: Mapping[str, float]) -> np.ndarray:
    """Retriever._fuse over the kept components (same order of additions, same floats)."""
    fused = w["w_unit"] * case.unit
    fused += w["w_sentence"] * case.sent
    if case.lex is not None:
        fused += (w["w_chars"] if case.cross else w["w_bm25"]) * case.lex
    # a zero flag adds exactly 0.0, so adding it always gives the search's floats
    fused += w["w_named"] * case.named
    fused += w["w_type"] * case.typed
    return fused


def ranked(case: Case, w: Mapping[str, float], units: Sequence[Any], docs: Any,
           ce: Callable[[Case, list[int]], None] | None) -> list[Hit]:
    """The hits the search would return under weights `w` (best DEPTH)."""
    if not len(case.rows):
        return [Hit(units[x], 1.0, "ref") for x in case.ref_rows]
    fused = fuse(case, w)
    if ce is not None and not case.cross and contested(fused, w["rerank_gap"]):
        best = np.argsort(-fused, kind="stable")[:int(w["rerank_top"])]
        ce(case, [int(case.rows[i]) for i in best])
        out = fused - 1e3
        out[best] = zscore(fused[best]) + w["w_rerank"] * zscore(
            np.asarray([case.ce[int(case.rows[i])] for i in best], dtype=np.float64))
        fused = out
    order = np.argsort(-fused, kind="stable")[:DEPTH + len(case.ref_rows)]
    hits = [Hit(units[x], 1.0, "ref") for x in case.ref_rows]
    hits += [Hit(units[int(case.rows[i])], float(fused[i]), "fused") for i in order
             if int(case.rows[i]) not in case.ref_rows]
    hits = prefer_meeting(case.meetings, hits, docs)
    return prefer_named(hits, case.named_strongly, case.strong_words, w["named_gap"])[:DEPTH]


def rank_of(case: Case, hits: Sequence[Hit]) -> int | None:
    for i, h in enumerate(hits[:DEPTH], 1):
        for g in case.gold:
            gdoc, gref = cite.parse_cid(g)
            if gdoc == h.unit.doc_id and cite.within(h.unit.ref, gref):
                return i
    return None


class Fitter:
    """Scores weight vectors on a set of cases; the reranker's scores are cached per row."""

    def __init__(self, cases: list[Case], units: Sequence[Any], docs: Any, reranker: str) -> None:
        self.cases, self.units, self.docs, self.reranker = cases, units, docs, reranker

    def _ce(self, case: Case, rows: list[int]) -> None:
        from assistant.models.backends.rerank import get_reranker

        todo = [x for x in rows if x not in case.ce]
        if todo:
            got = get_reranker(self.reranker).score(case.query, [passage(self.units[x]) for x in todo])
            case.ce.update(zip(todo, (float(s) for s in got), strict=True))

    def ranks(self, w: Mapping[str, float], cases: Sequence[Case] | None = None) -> list[int | None]:
        ce = self._ce if self.reranker else None
        return [rank_of(c, ranked(c, w, self.units, self.docs, ce)) for c in cases or self.cases]

    def score(self, w: Mapping[str, float], cases: Sequence[Case]) -> tuple[float, float]:
        """(hit@1, MRR) over `cases`."""
        ranks = self.ranks(w, cases)
        n = max(1, len(ranks))
        return sum(r == 1 for r in ranks) / n, sum(1 / r for r in ranks if r) / n

    def coordinate(self, start: Mapping[str, float], cases: Sequence[Case],
                   passes: int = 2) -> dict[str, float]:
        """Coordinate search from `start`: a knob moves only when the objective strictly rises."""
        best, best_s = dict(start), self.score(start, cases)
        for _ in range(passes):
            moved = False
            for k, grid in GRID.items():
                for v in grid:
                    cand = {**best, k: v}
                    if v != best[k] and (s := self.score(cand, cases)) > best_s:
                        best, best_s, moved = cand, s, True
            if not moved:
                break
        return best

    def cross_validate(self, start: Mapping[str, float]) -> dict[str, Any]:
        """Leave one set out: fit on the others, score the one held out."""
        out: dict[str, Any] = {}
        for s, train, held in set_folds(self.cases):
            w = self.coordinate(start, train)
            out[s] = {"weights": w, "held": self.score(w, held), "hand": self.score(start, held),
                      "n": len(held)}
        return out


def hand_weights(config: Any) -> dict[str, float]:
    return {k: getattr(config, k) for k in GRID}


NEUTRAL = {"w_unit": 0.0, "w_sentence": 0.0, "w_bm25": 0.0, "w_chars": 0.0, "w_named": 0.0,
           "w_type": 0.0, "w_rerank": 0.0, "named_gap": 0.0}  # the knob's signal or lift off


def ablation(fitter: Fitter, start: Mapping[str, float]) -> list[str]:
    """Pooled hit@1 with one knob at its neutral value, the others as `start`."""
    base = fitter.score(start, fitter.cases)[0]
    return [f"  {k} = {v}: hit@1 {fitter.score({**start, k: v}, fitter.cases)[0]:.4f} "
            f"(current {base:.4f})" for k, v in NEUTRAL.items()]


def report(fitter: Fitter, start: Mapping[str, float]) -> tuple[dict[str, float], list[str], bool]:
    """Cross-validate, then fit on all; the report's lines, and whether the fitted weights
    beat `start` on the held-out sets (pooled hit@1)."""
    cv = fitter.cross_validate(start)
    final = fitter.coordinate(start, fitter.cases)
    lines = ["set          n   hand hit@1   fitted in-sample   fitted held-out   (MRR)"]
    for s, res in cv.items():
        held = [c for c in fitter.cases if c.set == s]
        ins = fitter.score(final, held)
        lines.append(f"{s:<10} {res['n']:>3}   {res['hand'][0]:.3f}        {ins[0]:.3f}"
                     f"              {res['held'][0]:.3f} ({res['held'][1]:.3f})")
    pooled = sum(r["held"][0] * r["n"] for r in cv.values()) / max(1, len(fitter.cases))
    folds = [r["held"][0] - r["hand"][0] for r in cv.values()]
    lines += [f"pooled: hand {fitter.score(start, fitter.cases)[0]:.4f}, fitted in-sample "
              f"{fitter.score(final, fitter.cases)[0]:.4f}, held-out {pooled:.4f}; held-out minus hand "
              f"per fold mean {statistics.mean(folds):+.4f} sd {statistics.pstdev(folds):.4f}"]
    for k in GRID:
        vals = [r["weights"][k] for r in cv.values()]
        lines.append(f"  {k:<11} hand {start[k]:<5} fitted {final[k]:<5} per fold {vals}")
    hand = fitter.score(start, fitter.cases)[0]
    return final, lines + ["one knob neutral (in sample):"] + ablation(fitter, start), pooled > hand


def write(path: Path, weights: Mapping[str, float], note: str) -> None:
    """The fitted values as the [retrieval] table of the embedder's preset (settings read it
    whenever that embedder is in use); the preset's other values are kept."""
    from assistant.settings import write_preset

    fitted = {k: int(v) if k in INTS else float(v) for k, v in weights.items()}
    write_preset(path, {"retrieval": fitted}, f"Written by `assistant fit-fusion --write`: {note}")


def collect(r: Any, files: Sequence[Path]) -> list[Case]:
    """Every answerable question of every file, its components computed once."""
    from assistant.evaluation.evaluate import load_questions, resolve_spans
    from assistant.query import guard

    cases = []
    for f in files:
        questions, _ = resolve_spans(load_questions(f), r.units, r.idx.docs)
        for q in questions:
            text = q.question.strip()
            if q.answerable and guard.check(text, r.scripts) is None:
                cases.append(components(r, f.stem, q.id, text, q.gold))
    return cases


def verify(r: Any, fitter: Fitter, start: Mapping[str, float]) -> list[str]:
    """Ids whose re-fused ranking under `start` differs from the live search's."""
    bad = []
    for c, hits in zip(fitter.cases, (ranked(c, start, fitter.units, fitter.docs,
                                             fitter._ce if fitter.reranker else None)
                                      for c in fitter.cases), strict=True):
        live = [h.unit.key for h in r.search(c.query, DEPTH).hits[:DEPTH]]
        if live != [h.unit.key for h in hits]:
            bad.append(c.id)
    return bad
