"""What a question asks to cover: one point, a topic, a comparison, several parts, an
overview, or a follow-up of an earlier question.

Two steps. `from_wording` reads the cue words of the question's own language (the
lexicons' [scope] keys; a cue applies only in its language) when features.py reads the
question. `decide` then weighs that against what retrieval found: how many units score
near the best, across how many documents and sections. A topic cue with one clear best
unit is a point; a comparison needs two sides to compare.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant import lexicons, settings
from assistant.textnorm import for_match
from assistant.types import QueryFeatures, Unit

POINT, TOPIC, COMPARISON, PARTS, OVERVIEW, FOLLOW_UP = (
    "point", "topic", "comparison", "parts", "overview", "follow-up")
BROAD = (TOPIC, COMPARISON, PARTS, OVERVIEW)


@dataclass(frozen=True)
class Cue:
    scope: str
    parts: tuple[str, ...] = ()
    agreed: bool = False


def _has(lang: str, name: str, q: str, anchored: bool = False) -> bool:
    pattern = lexicons.cue(lang, f"scope.{name}", anchored)
    return pattern is not None and bool(pattern.search(q))


def split_parts(question: str, lang: str) -> tuple[str, ...]:
    """The parts of "what is X and how is it funded": cut before each joined question word.
    Cut on the original words (the match form keeps their count), so each part keeps its
    accents and capitals; a part of one or two words is no question of its own."""
    pattern = lexicons.cue(lang, "scope.parts")
    if pattern is None:
        return ()
    folded = for_match(question)
    cuts = [len(folded[:m.start()].split()) for m in pattern.finditer(folded)]
    toks = question.split()
    if len(toks) != len(folded.split()):
        return ()
    bounds = [0, *cuts, len(toks)]
    parts = tuple(" ".join(toks[a:b]) for a, b in zip(bounds, bounds[1:], strict=False) if b > a)
    return parts if len(parts) > 1 and all(len(p.split()) > 2 for p in parts) else ()


def from_wording(question: str, lang: str) -> Cue:
    """The scope the question's wording gives, before any search."""
    q = for_match(question)
    agreed = _has(lang, "agreed", q)
    if _has(lang, "follow_up", q, anchored=True):
        return Cue(FOLLOW_UP, agreed=agreed)
    # a comparison first: "resumen", "résumé" also name a kind of document ("el resumen de
    # Quito"), and "summarise how X and Y differ" is answered side by side
    if _has(lang, "comparison", q):
        return Cue(COMPARISON, agreed=agreed)
    if _has(lang, "overview", q):
        return Cue(OVERVIEW, agreed=agreed)
    parts = split_parts(question, lang)
    if parts:
        return Cue(PARTS, parts, agreed)
    return Cue(TOPIC if _has(lang, "topic", q) else POINT, agreed=agreed)


@dataclass(frozen=True)
class Spread:
    """How retrieval's near-best units spread: how many, over how many documents and sections."""

    units: int
    docs: int
    sections: int


def spread(units: Sequence[Unit], closeness: Sequence[float], near: float) -> Spread:
    """The units within `near` of the best closeness, counted."""
    if not closeness:
        return Spread(0, 0, 0)
    best = max(closeness)
    kept = [u for u, c in zip(units, closeness, strict=True) if c >= best - near]
    return Spread(len(kept), len({u.doc_id for u in kept}),
                  len({(u.doc_id, u.headings[:1]) for u in kept}))


def _one_thing(f: QueryFeatures) -> bool:
    """Does the question ask for one date, number, measure or person?"""
    return bool(f.answer_type or f.measure or f.role)


def decide(f: QueryFeatures, found: Spread, named_docs: int) -> str:
    """The scope the answer takes: the wording's, checked against the evidence.

    An explicit reference ("paragraph 9 d") or a listing question keeps its point shape
    (the list answers it); a comparison needs two documents named or found; a topic whose
    near-best units are one unit is a point. Unmarked questions become topics on evidence
    alone only when the settings say so (Broad.evidence_topic)."""
    b = settings.current().broad
    if f.refs or f.scope == FOLLOW_UP:
        return POINT if f.refs else FOLLOW_UP
    if f.scope == COMPARISON:
        return COMPARISON if max(named_docs, found.docs) > 1 or found.sections > 1 else TOPIC
    if f.scope in (PARTS, OVERVIEW):
        return f.scope
    if f.scope == TOPIC:
        # a topic cue around a question for one date, number or person ("when did they
        # agree on X") asks for that one thing
        return TOPIC if found.units > 1 and not _one_thing(f) else POINT
    if len(set(f.several_ids)) > 1 and not (_one_thing(f) or f.listing) and found.docs > 1:
        return COMPARISON  # "what do the two resolutions say on X": each side is asked about
    unmarked = not (f.answer_type or f.measure or f.listing or f.numbers or f.named)
    if b.evidence_topic and unmarked and found.units >= b.topic_units and found.docs >= b.topic_docs:
        return TOPIC
    return POINT
