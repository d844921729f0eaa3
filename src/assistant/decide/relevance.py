"""Which of the paragraphs found belong in a topic answer: a logistic scorer per paragraph.

A topic, comparison or several-part answer brings every paragraph that answers, and only
those. How close a paragraph must be depends on the question: one asks about a theme the
plan states in twelve items, another about two paragraphs of the Quito summary. So each
candidate (the broad search's first `broad.depth` units) gets a few features relative to
the question's best (how far below the best it is, overall and in its own document, its
rank, how many of the question's words it uses, whether it is in the document named), and
one logistic model, fitted on the pooled broad question sets with leave-one-set-out
cross-validation (`assistant fit-relevance`, eval/README.md), weighs them. Candidates at or
above the model's threshold are kept; the best one always is. Embedders never fitted keep
the closeness margins of `settings.Broad` (topic.margin_cut).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.types import Hit, QueryFeatures

MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "relevance.json"
FEATURES = ("level", "gap", "doc_gap", "in_doc_gap", "rank", "overlap", "overlap_cross", "named",
            "other_named", "side", "length", "same_section")


class RelevanceModelError(ValueError):
    """The relevance model file is malformed."""


@dataclass(frozen=True)
class Candidate:
    """One paragraph a broad answer may quote, with what the scorer weighs."""

    hit: Hit
    closeness: float
    features: dict[str, float]


def _overlap(f: QueryFeatures | None, text: str, lang: str) -> float:
    """Share of the question's terms in the text, both stemmed as the text's language stems."""
    from assistant.search.analyze import terms

    asked = set(f.terms_for(lang)) if f else set()
    return len(asked & set(terms(text, lang))) / len(asked) if asked else 0.0


def candidates(hits: Sequence[Hit], close: Sequence[float], f: QueryFeatures | None,
               sides: Sequence[str] = (), languages: Mapping[str, str] | None = None) -> list[Candidate]:
    """Each hit's features, relative to the best closeness overall and in its document;
    `languages`: each document's language (default English)."""
    if not hits:
        return []
    top = max(close)
    doc_best: dict[str, float] = {}
    for h, c in zip(hits, close, strict=True):
        doc_best[h.unit.doc_id] = max(doc_best.get(h.unit.doc_id, c), c)
    named = set(f.named_ids) if f else set()
    best = hits[max(range(len(close)), key=close.__getitem__)].unit
    cross = float(bool(f and f.cross))
    out = []
    for i, (h, c) in enumerate(zip(hits, close, strict=True)):
        u = h.unit
        ov = _overlap(f, u.text, (languages or {}).get(u.doc_id, "en"))
        out.append(Candidate(h, c, {
            # in hundredths of cosine, so one L2 penalty treats them like the other features
            "gap": 100 * (top - c), "doc_gap": 100 * (top - doc_best[u.doc_id]),
            "in_doc_gap": 100 * (doc_best[u.doc_id] - c),
            "level": 10 * c,  # how close at all: the model is fitted per embedder
            "rank": math.log1p(i), "overlap": ov * (1 - cross), "overlap_cross": ov * cross,
            "named": float(u.doc_id in named), "side": float(u.doc_id in sides),
            "other_named": float(bool(named) and u.doc_id not in named and u.doc_id not in sides),
            "length": math.log(max(20, len(u.text))),
            "same_section": float(u.doc_id == best.doc_id and u.headings[:1] == best.headings[:1])}))
    return out


@dataclass(frozen=True)
class RelevanceModel:
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5
    fitted_on: str = ""

    def p(self, c: Candidate) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in c.features.items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def keep(self, cands: Sequence[Candidate], limit: int, sides: Sequence[str] = ()) -> list[Hit]:
        """The candidates the model keeps, in retrieval order; the best one always, and the
        best of each side of a comparison (a side is heard even when it says less); a unit
        asked for by its reference always."""
        if not cands:
            return []
        ps = [self.p(c) for c in cands]
        best = {max(range(len(cands)), key=ps.__getitem__)}
        for side in sides:
            own = [i for i, c in enumerate(cands) if c.hit.unit.doc_id == side]
            best |= {max(own, key=ps.__getitem__)} if own else set()
        kept = [c.hit for i, (c, p) in enumerate(zip(cands, ps, strict=True))
                if p >= self.threshold or i in best or c.hit.via == "ref"]
        return kept[:limit]

    def to_dict(self) -> dict[str, Any]:
        return {"weights": self.weights, "bias": self.bias, "threshold": self.threshold,
                "fitted_on": self.fitted_on}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RelevanceModel:
        try:
            weights = {str(k): float(v) for k, v in d["weights"].items()}
            if set(weights) - set(FEATURES):
                raise RelevanceModelError(f"unknown features {sorted(set(weights) - set(FEATURES))}")
            return cls(weights, float(d["bias"]), float(d["threshold"]), str(d.get("fitted_on", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            if isinstance(e, RelevanceModelError):
                raise
            raise RelevanceModelError(f"malformed relevance model: {e}") from e


@lru_cache(maxsize=4)
def _models(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise RelevanceModelError(f"{path}: {e}") from e
    if not isinstance(data, dict):
        raise RelevanceModelError(f"{path}: not an object of embedder -> model")
    return data


def model_for(embedder: str, path: Path = MODEL_FILE) -> RelevanceModel | None:
    """The model fitted for this embedder (an alias entry names another's), or None: the
    embedder was never fitted and the closeness margins decide."""
    entry = _models(path).get(embedder)
    if isinstance(entry, str):
        entry = _models(path).get(entry)
    return RelevanceModel.from_dict(entry) if isinstance(entry, dict) else None
