"""One place decides whether the documents answer: a logistic scorer over the evidence.

The search reports its evidence (how close the best paragraph's meaning is, how far
it leads, whether the question's names, numbers and kind of answer are in the best
paragraphs, whether a document it names is the one answering). `evidence_of` turns
that into one Evidence record; `RefusalModel.decide` weighs it with weights fitted on
the pooled evaluation questions (`assistant fit-refusal`, leave-one-set-out
cross-validation in eval/README.md), one threshold, no cascade of floors. An explicit
reference that resolved ("paragraph 9 d") is answered: the question says where.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.textnorm import for_match
from assistant.types import Evidence, QueryFeatures

MODEL_FILE = Path(__file__).resolve().parent.parent / "models" / "refusal.json"
# What the weights multiply, in order. Cosines are centred and scaled per embedder
# (its cosines sit in its own band); the lead is the fused-score gap, capped.
FEATURES = ("dense", "sentence", "known", "known_low", "lead", "cross", "dense_cross",
            "named_elsewhere", "unknown_numbers", "lacks", "missing", "unknown_names")


class RefusalModelError(ValueError):
    """The refusal model file is missing or malformed."""


def evidence_of(res: Any) -> Evidence:
    """The search result's evidence record (`res`: retrieve.SearchResult); a question the
    guard refused has none, and nothing to answer from."""
    ev = getattr(res, "evidence", None)
    return ev if ev is not None else Evidence(False, False, 0.0, 0.0, 0.0, 0.0, False, False)


def for_broad(ev: Evidence, f: QueryFeatures | None) -> Evidence:
    """The evidence as a topic, comparison or outline answer is judged: the words that name
    a document ("the Buenos Aires Plan of Action") are not names the best paragraphs must
    mention, and the best evidence lying in another document than the one named is what
    a broad answer expects (it gathers from every document and weighs the named one up)."""
    if f is None:
        return ev
    naming = set(for_match(" ".join(w for n in f.named for w in n.words)).split())
    missing = tuple(w for w in ev.missing if for_match(w) not in naming)
    return replace(ev, missing=missing, named_elsewhere=False)


@dataclass(frozen=True)
class RefusalModel:
    center: float  # a typical cosine of this embedder between a question and its answer
    scale: float  # how much of this embedder's cosine is one unit of the dense features
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0
    threshold: float = 0.5
    fitted_on: str = ""  # what the weights were fitted on, for the record

    def features(self, ev: Evidence) -> dict[str, float]:
        dense = (ev.dense_top - self.center) / self.scale
        return {"dense": dense, "sentence": (ev.sentence_top - self.center) / self.scale,
                # fewer than half of its words in the corpus at all ("the minimum wage in ..."):
                # kept because leave-one-set-out accuracy rose with it (0.959 -> 0.962)
                "known": ev.known, "known_low": float(ev.known < 0.5),
                "lead": min(max(ev.lead, 0.0), 8.0) / 4,
                "cross": float(ev.cross_lingual), "dense_cross": dense * ev.cross_lingual,
                "named_elsewhere": float(ev.named_elsewhere),
                "unknown_numbers": float(bool(ev.unknown_numbers)), "lacks": float(bool(ev.lacks)),
                "missing": float(bool(ev.missing)), "unknown_names": float(bool(ev.unknown_names))}

    def p_answer(self, ev: Evidence) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in self.features(ev).items())
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    def decide(self, ev: Evidence) -> bool:
        if not ev.has_hits:
            return False
        return ev.ref_matched or self.p_answer(ev) >= self.threshold

    def to_dict(self) -> dict[str, Any]:
        return {"center": self.center, "scale": self.scale, "weights": self.weights,
                "bias": self.bias, "threshold": self.threshold, "fitted_on": self.fitted_on}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RefusalModel:
        try:
            weights = {str(k): float(v) for k, v in d["weights"].items()}
            unknown = set(weights) - set(FEATURES)
            if unknown or float(d["scale"]) <= 0:
                raise ValueError(f"unknown features {sorted(unknown)}" if unknown else "scale <= 0")
            return cls(float(d["center"]), float(d["scale"]), weights, float(d.get("bias", 0.0)),
                       float(d.get("threshold", 0.5)), str(d.get("fitted_on", "")))
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise RefusalModelError(f"bad refusal model: {e}") from e


@lru_cache(maxsize=4)
def _models(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise RefusalModelError(f"refusal model file {path}: {e}") from e
    if not isinstance(data, dict) or "default" not in data:
        raise RefusalModelError(f"refusal model file {path}: needs a 'default' entry")
    return data


def model_for(embedder: str, path: Path = MODEL_FILE) -> RefusalModel:
    """The model fitted for this embedder (an alias entry names another embedder's);
    an embedder never fitted gets the 'default' entry."""
    data = _models(path)
    entry = data.get(embedder, data["default"])
    if isinstance(entry, str):
        entry = data.get(entry, data["default"])
    return RefusalModel.from_dict(entry)
