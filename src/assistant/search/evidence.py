"""The Evidence record of one search: what the refusal scorer weighs besides the ranking
(the question's own cosine, and the support checks on the best units)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from assistant.decide.support import (
    about_other_meeting,
    evidence_words,
    lacks_answer_type,
    left_blank,
    missing_terms,
    named_elsewhere,
    uncounted,
    unknown_names,
    unknown_numbers,
)
from assistant.query.answertype import QUANTITY
from assistant.types import Evidence, Hit, QueryFeatures

if TYPE_CHECKING:
    from assistant.search.retrieve import Query, Retriever


def evidence(r: Retriever, q: Query, hits: list[Hit], rows: np.ndarray, asked_refs: bool) -> Evidence:
    """The question's own cosine is used, not the focused one, whose scale the scorer was
    not calibrated on."""
    f = q.features
    if not len(rows):
        return Evidence(bool(hits), asked_refs and bool(hits), 0.0, 0.0, 1.0, 0.0, f.cross, False)
    best = evidence_words([h.unit for h in hits[:r.config.evidence_units]], r.idx.docs, r.aliases)
    fused = [h.score for h in hits if h.via == "fused"][:2]
    return Evidence(
        has_hits=bool(hits), ref_matched=asked_refs and any(h.via == "ref" for h in hits),
        dense_top=float((r.unit_vecs[rows] @ q.vec).max()),
        sentence_top=sentence_top(r, q.vec, hits), known=r.lexical.known(f.spelled, f.language),
        lead=fused[0] - fused[1] if len(fused) == 2 else 0.0, cross_lingual=f.cross,
        named_elsewhere=named_elsewhere(f, hits),
        unknown_numbers=tuple(unknown_numbers(f, r.corpus_words)), lacks=lacks(r, f, hits),
        missing=tuple(missing_terms(f, best, r.corpus_words, r.aliases)),
        unknown_names=tuple(unknown_names(f, r.corpus_words, r.aliases)))


def sentence_top(r: Retriever, qv: np.ndarray, hits: list[Hit]) -> float:
    """The best fused unit's best sentence cosine."""
    best = next((h for h in hits if h.via == "fused"), None)
    if best is None:
        return 0.0
    row = np.asarray([r.row_of[best.unit.key]])
    return float(r.best_sentences(qv, row, r.unit_vecs[row] @ qv)[0])


def lacks(r: Retriever, f: QueryFeatures, hits: list[Hit]) -> str:
    """What the best units lack that the question asks: "answer", "meeting", a kind of answer."""
    if hits and left_blank(hits[0].unit.text):
        return "answer"  # the document leaves it blank ("*** (Chair)")
    if hits and about_other_meeting(f.meetings, hits[0].unit, r.idx.docs):
        return "meeting"  # it speaks of another meeting than the one asked about
    best = hits[:r.config.type_depth]
    held = [(r.unit_types[r.row_of[h.unit.key]], h.unit.text) for h in best]
    # "how many X" is checked word for word in the best two; asked in another language,
    # X cannot be compared and any count will do, so only the best unit may give it
    counted = [h.unit.text for h in hits[:1 if f.cross else 2]]
    return lacks_answer_type(f, held) or (QUANTITY if uncounted(f, counted) else "")
