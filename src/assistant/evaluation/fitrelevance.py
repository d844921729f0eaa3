"""Fit the topic-answer relevance scorer (decide/relevance.py) on the pooled broad question
sets, with leave-one-set-out cross-validation, and write it into models/relevance.json.

Every candidate paragraph of every topic, comparison and several-part question is one row
(label: it holds a gold paragraph). A several-part question gives one search per part,
as the answer does, each labelled with its part's gold. The regularisation strength and
the threshold are chosen on the training sets by the mean per-question F-beta (beta > 1:
recall first, as issue 20 asks); the held-out set is scored with them, against the
closeness margins on the same candidates.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant import settings
from assistant.answer import topic
from assistant.decide.relevance import FEATURES, MODEL_FILE, Candidate, RelevanceModel, candidates
from assistant.evaluation.evalbroad import BroadQuestion, load_broad, resolve
from assistant.evaluation.evaluate import _matches, set_folds

STRENGTHS = (0.1, 0.3, 1.0, 3.0)  # inverse L2 strengths tried
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 13))  # 0.10 .. 0.60


@dataclass(frozen=True)
class Case:
    """One search a broad answer makes: its candidates, what each covers, the gold count."""

    set: str
    id: str
    cands: tuple[Candidate, ...]
    covers: tuple[frozenset[int], ...]
    gold: int


def _searches(q: BroadQuestion, f: Any) -> list[tuple[str, list[int]]]:
    """(text searched, indexes of its gold): one per part when the parts line up."""
    parts = f.parts if f is not None else ()
    numbered = {g.part for g in q.gold}
    if q.scope == "parts" and parts and numbered == set(range(1, len(parts) + 1)):
        return [(p, [i for i, g in enumerate(q.gold) if g.part == n]) for n, p in enumerate(parts, 1)]
    return [(q.question, list(range(len(q.gold))))]


def collect(r: Any, files: Sequence[Path]) -> list[Case]:
    depth = settings.current().broad.depth
    out = []
    for path in files:
        qs, _ = resolve(load_broad(path), r.idx.units, r.idx.docs)
        for q in qs:
            if not q.answerable or q.scope == "overview":
                continue  # overviews are outlines of a document, not a relevance cut
            f = r.search(q.question, depth, None).features
            for text, golds in _searches(q, f):
                res = r.search(text, depth, None)
                hits, close = topic.pool(r, res)
                if not hits:
                    continue
                sides = res.features.named_ids if res.features and q.scope == "comparison" else ()
                cands = candidates(hits, close, res.features, sides, r.doc_language)
                cov = tuple(frozenset(i for i in golds if _matches(c.hit.unit.doc_id, c.hit.unit.ref,
                                                                    q.gold[i].cids)) for c in cands)
                out.append(Case(path.stem, q.id, tuple(cands), cov, len(golds)))
    return out


def _rp(case: Case, kept: set[int]) -> tuple[float, float]:
    got = set().union(*(case.covers[i] for i in kept)) if kept else set()
    return len(got) / max(1, case.gold), sum(bool(case.covers[i]) for i in kept) / max(1, len(kept))


def score(cases: Sequence[Case], keep: Callable[[Case], set[int]], beta: float) -> dict[str, float]:
    rs, ps, fs = [], [], []
    for c in cases:
        rec, prec = _rp(c, keep(c))
        rs.append(rec)
        ps.append(prec)
        fs.append((1 + beta ** 2) * rec * prec / (beta ** 2 * prec + rec) if rec + prec else 0.0)
    n = max(1, len(cases))
    return {"recall": round(sum(rs) / n, 4), "precision": round(sum(ps) / n, 4), "f": round(sum(fs) / n, 4)}


def keeper(model: RelevanceModel) -> Callable[[Case], set[int]]:
    limit = settings.current().broad.max_points

    def keep(case: Case) -> set[int]:
        kept = {id(h) for h in model.keep(case.cands, limit)}
        return {i for i, c in enumerate(case.cands) if id(c.hit) in kept}
    return keep


def margins(case: Case) -> set[int]:
    hits = [c.hit for c in case.cands]
    kept = {id(h) for h in topic.margin_cut(hits, [c.closeness for c in case.cands],
                                            [c.hit.unit.doc_id for c in case.cands if c.features["side"]])}
    return {i for i, h in enumerate(hits) if id(h) in kept}


def fit(cases: Sequence[Case], strength: float, beta: float, fitted_on: str = "") -> RelevanceModel:
    from sklearn.linear_model import LogisticRegression

    x = [[c.features[f] for f in FEATURES] for case in cases for c in case.cands]
    y = [int(bool(cov)) for case in cases for cov in case.covers]
    m = LogisticRegression(C=strength, max_iter=5000).fit(x, y)
    base = RelevanceModel({f: round(float(w), 4) for f, w in zip(FEATURES, m.coef_[0], strict=True)},
                          round(float(m.intercept_[0]), 4), 0.5, fitted_on)
    best = max(THRESHOLDS, key=lambda t: score(cases, keeper(_at(base, t)), beta)["f"])
    return _at(base, best)


def _at(m: RelevanceModel, threshold: float) -> RelevanceModel:
    return RelevanceModel(m.weights, m.bias, threshold, m.fitted_on)


def cross_validate(cases: Sequence[Case], beta: float) -> tuple[float, list[str], float]:
    """The strength with the best pooled held-out F, its per-set lines and that F."""
    best: tuple[float, list[str], float] = (STRENGTHS[0], [], -1.0)
    folds = set_folds(cases)
    for strength in STRENGTHS:
        lines: list[str] = []
        pooled: Pooled = []
        for s, train, held in folds:
            model = fit(train, strength, beta)
            got, base = score(held, keeper(model), beta), score(held, margins, beta)
            pooled += [(got["f"] - base["f"], len(held), got, base)]
            lines.append(f"| {s} ({len(held)}) | {base['recall']} | {base['precision']} | {base['f']} | "
                         f"{got['recall']} | {got['precision']} | {got['f']} | {model.threshold} |")
        n = sum(p[1] for p in pooled)
        f_held = sum(p[2]["f"] * p[1] for p in pooled) / n
        lines.append(_pooled_line(pooled, n))
        if f_held > best[2]:
            best = (strength, lines, f_held)
    return best


Pooled = list[tuple[float, int, dict[str, float], dict[str, float]]]  # (F gain, n, model, margins)


def _pooled_line(pooled: Pooled, n: int) -> str:
    def w(key: str, model: bool) -> float:
        return round(sum((p[2] if model else p[3])[key] * p[1] for p in pooled) / n, 4)
    spread = statistics.pstdev([p[0] for p in pooled]) if len(pooled) > 1 else 0.0
    return (f"| **pooled ({n})** | {w('recall', False)} | {w('precision', False)} | {w('f', False)} | "
            f"{w('recall', True)} | {w('precision', True)} | {w('f', True)} | F gain sd {spread:.3f} |")


def run(cases: Sequence[Case], files: Sequence[Path]) -> tuple[RelevanceModel, list[str], bool]:
    """Cross-validate, then fit on everything; `helps`: held out, the model beats the margins."""
    beta = settings.current().evaluation.relevance_beta
    strength, lines, f_held = cross_validate(cases, beta)
    base = score(cases, margins, beta)
    model = fit(cases, strength, beta, f"{len(cases)} searches of {len(files)} broad sets, LOSO CV, "
                f"C={strength}, F{beta}")
    head = ["| held-out set (searches) | margins recall | precision | F | model recall | precision | F "
            "| threshold |", "|---|---|---|---|---|---|---|---|"]
    return model, [f"strength chosen by held-out F{beta}: C={strength}", *head, *lines,
                   f"fitted on all (in sample): {score(cases, keeper(model), beta)}",
                   json.dumps(model.to_dict(), ensure_ascii=False)], f_held > base["f"]


def write(embedder: str, model: RelevanceModel, path: Path = MODEL_FILE) -> None:
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data[embedder] = model.to_dict()
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

