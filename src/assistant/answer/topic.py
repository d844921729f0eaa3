"""Answers that cover a question: a topic, a comparison, several parts.

Recall first. A point answer quotes the one to three sentences that best answer; a topic
answer brings every paragraph close to the question. Close is relative: a document takes
part when its best unit is within `broad.doc_margin` of the best anywhere, and then gives
each of its units within `broad.margin` of its own best (so a comparison hears both sides
even when one document says more). Each paragraph is one point, the sentence of it
closest to the question, cited; points are grouped by document in document order,
agreed texts (plans of action, declarations, resolutions) before meeting discussions when
the question asks what was agreed; a first line says what was found. Overviews are
outline.py's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant import cite, lexicons, settings
from assistant.decide import relevance
from assistant.query import lang
from assistant.search.retrieve import Retriever, SearchResult
from assistant.textnorm import for_match
from assistant.types import Answer, Citation, DocMeta, Hit, Unit

Point = tuple[Unit, str]  # a unit and the sentence of it quoted


def best_sentence(r: Retriever, unit: Unit, qv: np.ndarray) -> str:
    """The unit's sentence closest in meaning to the question (the unit when it has none)."""
    srows = r.sentence_rows.get(r.row_of.get(unit.key, -1), [])
    if not srows:
        return unit.text
    best = max(srows, key=lambda s: float(r.idx.sent_vecs[s] @ qv))
    return str(r.idx.sent_text[best])


def question_vec(res: SearchResult) -> np.ndarray:
    """The question's own embedding (the search's, focused on a named document, as a fallback)."""
    return res.question_vec if res.question_vec is not None else res.query_vec


def first_sentence(r: Retriever, unit: Unit) -> str:
    srows = r.sentence_rows.get(r.row_of.get(unit.key, -1), [])
    return str(r.idx.sent_text[srows[0]]) if srows else unit.text


def cover_like(unit: Unit) -> bool:
    """A block of capitals ("ORGANIZATION OF AMERICAN STATES ... Original: Spanish") is a
    cover or title line, not a point; the share is a knob (broad.caps_share)."""
    letters = [c for c in unit.text if c.isalpha()]
    caps = sum(c.isupper() for c in letters)
    return bool(letters) and caps / len(letters) >= settings.current().broad.caps_share


def pool(r: Retriever, res: SearchResult) -> tuple[list[Hit], list[float]]:
    """The hits a broad answer chooses from (no title or cover blocks), with each one's
    closeness to the question."""
    b = settings.current().broad
    hits = [h for h in res.hits if h.unit.kind != "title" and not cover_like(h.unit)][:b.depth]
    return hits, (r.closeness(question_vec(res), hits) if hits else [])


def margin_cut(hits: Sequence[Hit], close: Sequence[float], sides: Sequence[str] = ()) -> list[Hit]:
    """Without a fitted relevance model: per document, the hits within `broad.margin` of
    the document's best, for the documents whose best is within `broad.doc_margin` of the
    overall best (and every document named as a side of a comparison)."""
    b = settings.current().broad
    top = max(close)
    doc_best: dict[str, float] = {}
    for h, c in zip(hits, close, strict=True):
        doc_best[h.unit.doc_id] = max(doc_best.get(h.unit.doc_id, c), c)
    keep = [h for h, c in zip(hits, close, strict=True) if h.via == "ref"  # asked for by name
            or (doc_best[h.unit.doc_id] >= top - b.doc_margin or h.unit.doc_id in sides)
            and c >= doc_best[h.unit.doc_id] - b.margin]
    return keep[:b.max_points]


def relevant(r: Retriever, res: SearchResult, sides: Sequence[str] = ()) -> list[Hit]:
    """The hits that cover the question: those the embedder's fitted relevance model keeps
    (decide/relevance.py), else the closeness margins."""
    hits, close = pool(r, res)
    if not hits:
        return []
    model = relevance.model_for(r.embedder.name)
    if model is None:
        return margin_cut(hits, close, sides)
    cands = relevance.candidates(hits, close, res.features, sides, r.doc_language)
    return model.keep(cands, settings.current().broad.max_points, sides)


def _agreed(meta: DocMeta | None) -> bool:
    kinds = lexicons.document_words("agreed_kinds")
    return bool(meta and kinds and any(k in for_match(meta.kind) for k in kinds.split("|")))


def _doc_order(points: list[Point], docs: dict[str, DocMeta], agreed_first: bool) -> list[str]:
    first_seen = list(dict.fromkeys(u.doc_id for u, _ in points))
    if not agreed_first:
        return first_seen
    return sorted(first_seen, key=lambda d: (not _agreed(docs.get(d)), first_seen.index(d)))


def found_line(points: list[Point], order: list[str], docs: dict[str, DocMeta], lg: str) -> str:
    """"Found 4 paragraphs of <the plan> and 1 of <the Quito summary>." in the question's language."""
    parts = []
    for i, d in enumerate(order):
        n = len({u.ref for u, _ in points if u.doc_id == d})
        title = docs[d].title if d in docs else d
        key = ("found_one" if n == 1 else "found_many") if i == 0 else \
            ("found_more_one" if n == 1 else "found_more_many")
        parts.append(lang.say(key, lg, n=str(n), doc=title))
    joined = parts[0] if len(parts) == 1 else \
        ", ".join(parts[:-1]) + " " + lang.say("and_word", lg) + " " + parts[-1]
    return lang.say("found", lg, what=joined)


def _frame(meta: DocMeta | None, doc_id: str, lg: str, agreed_first: bool) -> str:
    name = f"{meta.title} ({meta.meeting})" if meta and meta.meeting else (meta.title if meta else doc_id)
    if agreed_first:
        return lang.say("agreed_text" if _agreed(meta) else "discussion", lg, doc=name)
    return lang.say("according", lg, doc=name)


def render(points: list[Point], docs: dict[str, DocMeta], lg: str, agreed_first: bool,
           cites: list[Citation], heading: str = "") -> list[str]:
    """Lines of one block: the points grouped by document, in document order, each cited."""
    order = _doc_order(points, docs, agreed_first)
    lines = [heading] if heading else []
    for d in order:
        lines.append(_frame(docs.get(d), d, lg, agreed_first))
        seen: set[str] = set()
        for unit, quote in sorted((p for p in points if p[0].doc_id == d), key=lambda p: p[0].order):
            if unit.ref in seen:
                continue  # parts of one unit are one point
            seen.add(unit.ref)
            cites.append(cite.citation_for(len(cites) + 1, unit, docs.get(d), quote))
            lines.append(f"- “{quote}” {cite.mark(unit.doc_id, unit.ref)}")
    return lines


def points_of(r: Retriever, res: SearchResult, sides: Sequence[str] = ()) -> list[Point]:
    return [(h.unit, best_sentence(r, h.unit, question_vec(res))) for h in relevant(r, res, sides)]


def topic_answer(r: Retriever, question: str, res: SearchResult, lg: str, hits: tuple[Hit, ...],
                 sides: Sequence[str] = ()) -> Answer:
    docs = r.idx.docs
    points = points_of(r, res, sides)
    agreed = bool(res.features and res.features.agreed)
    cites: list[Citation] = []
    order = _doc_order(points, docs, agreed)
    lines = [found_line(points, order, docs, lg), *render(points, docs, lg, agreed, cites)]
    return Answer(question, True, "\n".join(lines), tuple(cites), hits, lg)


def parts_answer(r: Retriever, question: str, parts: Sequence[str], lg: str, hits: tuple[Hit, ...],
                 doc_ids: Sequence[str] | None) -> Answer:
    """One block per part of "what is X and how is it funded", each searched on its own."""
    docs = r.idx.docs
    cites: list[Citation] = []
    lines: list[str] = []
    for i, part in enumerate(parts, 1):
        res = r.search(part, settings.current().broad.depth, doc_ids)
        points = points_of(r, res) if res.hits else []
        lines.append(f"{i}. {part.strip()}")
        lines += render(points, docs, lg, False, cites) if points else [lang.say("not_found", lg)]
    return Answer(question, bool(cites), "\n".join(lines), tuple(cites), hits, lg)
