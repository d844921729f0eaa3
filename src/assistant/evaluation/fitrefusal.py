"""Fit the refusal scorer on the pooled evaluation questions, with leave-one-set-out
cross-validation, and write it into models/refusal.json for one embedder.

Each question set was written at another time by another hand, so holding one set out
at a time is the honest test of how the weights do on questions nobody fitted them on.
The regularisation strength is chosen by that same cross-validation.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.decide.refusal import FEATURES, MODEL_FILE, RefusalModel, evidence_of
from assistant.evaluation.evaluate import load_questions, set_folds
from assistant.types import Evidence

STRENGTHS = (0.3, 1.0, 3.0, 10.0)  # inverse L2 strengths tried (sklearn's C)


@dataclass(frozen=True)
class Row:
    set: str
    id: str
    answerable: bool
    evidence: Evidence


def collect(search: Callable[[str], Any], files: Sequence[Path]) -> list[Row]:
    """Every question of every file searched once, with its evidence."""
    return [Row(f.stem, q.id, q.answerable, evidence_of(search(q.question.strip())))
            for f in files for q in load_questions(f)]


def _scale(rows: list[Row]) -> tuple[float, float]:
    """Centre and unit of the dense features: this embedder's own cosine band."""
    dense = [r.evidence.dense_top for r in rows]
    answered = [r.evidence.dense_top for r in rows if r.answerable] or dense
    return statistics.median(answered), max(statistics.pstdev(dense), 1e-3)


def fit(rows: list[Row], strength: float, fitted_on: str = "") -> RefusalModel:
    from sklearn.linear_model import LogisticRegression

    center, scale = _scale(rows)
    probe = RefusalModel(center, scale)
    train = [r for r in rows if r.evidence.has_hits and not r.evidence.ref_matched]
    x = [[probe.features(r.evidence)[f] for f in FEATURES] for r in train]
    y = [int(r.answerable) for r in train]
    # balanced: the unanswerable questions are few (one in six), and a wrong answer costs
    # a delegate as much as a missed one
    m = LogisticRegression(C=strength, class_weight="balanced", max_iter=5000).fit(x, y)
    weights = {f: round(float(w), 4) for f, w in zip(FEATURES, m.coef_[0], strict=True)}
    return RefusalModel(round(center, 4), round(scale, 4), weights, round(float(m.intercept_[0]), 4),
                        0.5, fitted_on)


def score(rows: list[Row], decide: Callable[[Evidence], bool]) -> dict[str, Any]:
    ans = [decide(r.evidence) for r in rows if r.answerable]
    un = [not decide(r.evidence) for r in rows if not r.answerable]
    return {"answerable": len(ans), "kept": round(sum(ans) / len(ans), 4) if ans else None,
            "unanswerable": len(un), "refused": round(sum(un) / len(un), 4) if un else None,
            "accuracy": round((sum(ans) + sum(un)) / max(1, len(ans) + len(un)), 4)}


def cross_validate(rows: list[Row], strength: float) -> dict[str, Any]:
    """Leave one set out: fit on the others, score the one held out."""
    per, pooled = {}, []
    for s, train, held in set_folds(rows):
        model = fit(train, strength)
        per[s] = score(held, model.decide)
        pooled += [(r, model.decide(r.evidence)) for r in held]
    decided = {id(r.evidence): d for r, d in pooled}
    return {"per_set": per, "pooled": score([r for r, _ in pooled], lambda ev: decided[id(ev)])}


def choose(rows: list[Row]) -> tuple[float, dict[float, dict[str, Any]]]:
    """The strength with the best pooled held-out accuracy (ties: the stronger prior)."""
    results = {c: cross_validate(rows, c) for c in STRENGTHS}
    best = max(STRENGTHS, key=lambda c: (results[c]["pooled"]["accuracy"], -c))
    return best, results


def run(rows: list[Row], files: Sequence[Path]) -> tuple[RefusalModel, list[str]]:
    """Choose the strength by held-out accuracy, fit on everything; the report's lines."""
    best, results = choose(rows)
    lines = [f"C={c:<5} held-out pooled {res['pooled']}{'  <- chosen' if c == best else ''}"
             for c, res in results.items()]
    lines += [f"  held out {name:>10}: kept {s['kept']} of {s['answerable']} answerable, "
              f"refused {s['refused']} of {s['unanswerable']} unanswerable"
              for name, s in results[best]["per_set"].items()]
    sets = ", ".join(f.stem for f in files)
    model = fit(rows, best, f"{len(rows)} questions of {sets}; C={best}")
    lines += [f"fitted on all: {score(rows, model.decide)} (in sample)",
              json.dumps(model.to_dict(), ensure_ascii=False)]
    return model, lines


def write(embedder: str, model: RefusalModel, path: Path = MODEL_FILE) -> None:
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    data[embedder] = model.to_dict()
    data.setdefault("default", embedder)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
