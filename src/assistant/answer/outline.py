"""Overviews and summaries: an outline built from the document's own structure.

"Summarise the plan" and "summarise the panel on labour mobility" ask for different
outlines of one document. Which part is asked about comes first from a heading the
question names by its label ("Panel 2", "section E"), else from where the search's best
paragraphs of that document lie: when most of them sit in one section, and far more than
that section's share of the document, the question is about that section (a summary of
the whole document spreads its best hits over all of it). The outline then gives each
heading under the part asked about a share of the points, at least one, the rest by
size, down the heading tree; inside a heading the points are its most central
paragraphs (closest to the heading's own centre in meaning, each new one unlike those
already taken), quoted in document order under their headings.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assistant import cite, lexicons, settings
from assistant.answer.topic import _frame, best_sentence, cover_like, first_sentence, question_vec
from assistant.search.retrieve import Retriever, SearchResult
from assistant.textnorm import for_match, words
from assistant.types import Answer, Citation, Hit, QueryFeatures, Unit

HeadPath = tuple[str, ...]


def _inside(u: Unit, path: HeadPath) -> bool:
    return u.headings[:len(path)] == path


def _paths(units: Sequence[Unit]) -> list[HeadPath]:
    """Every heading path of the document, outermost first, in document order."""
    return list(dict.fromkeys(u.headings[:k] for u in units for k in range(1, len(u.headings) + 1)))


def named_section(units: Sequence[Unit], question: str) -> HeadPath | None:
    """The deepest heading whose label (its first two words, "Panel 2") the question uses."""
    q = f" {' '.join(words(question))} "
    named = [p for p in _paths(units) if f" {' '.join(words(p[-1])[:2])} " in q]
    return max(named, key=len) if named else None


def focused_section(units: Sequence[Unit], hits: Sequence[Hit]) -> HeadPath | None:
    """The section holding most of the document's best hits, when that is both a large
    share of them and well above the section's share of the document; else None."""
    b = settings.current().broad
    keys = {u.key for u in units}
    top = [h.unit for h in hits if h.unit.key in keys][:b.outline_probe]
    if len(top) < 2:
        return None
    best: tuple[float, int, HeadPath] | None = None
    for p in _paths(units):
        share = sum(_inside(u, p) for u in top) / len(top)
        size = sum(_inside(u, p) for u in units) / len(units)
        if share >= b.outline_share and share >= b.outline_lift * size:
            best = max(best or (share, len(p), p), (share, len(p), p))
    return best[2] if best else None


def about_itself(r: Retriever, f: QueryFeatures, doc_id: str) -> bool:
    """Does the question, past its summary cue, use only words that describe the document
    itself (its title, meeting, place, kind, date, or the words naming it)? Then it asks
    for the whole ("a summary of the Quito WG2 meeting of December 2019"), whatever
    section its best hits happen to crowd into."""
    from assistant.search.analyze import terms

    meta = r.idx.docs.get(doc_id)
    described = " ".join([meta.title, meta.meeting, meta.place, meta.kind, meta.symbol.replace("/", " "),
                          str(meta.year or "")] if meta else [])
    doc_lang = meta.language if meta else "en"
    own = set(terms(described, doc_lang)) | _initials(described)
    own |= set(terms(" ".join(w for n in f.named for w in n.words), f.language, doc_lang))
    cue = lexicons.cue(f.language, "scope.overview")
    rest = cue.sub(" ", for_match(f.spelled)) if cue else for_match(f.spelled)
    # the question's stopwords out, stemmed as the document is, so the two compare
    return not [t for t in terms(rest, f.language, doc_lang) if t not in own]


def _initials(text: str) -> set[str]:
    """Acronyms of two to four words in a row, numbers kept whole ("Working Group 2" -> "wg2")."""
    from assistant.query.aliases import initials

    ws = words(text)
    return {initials(ws[i:i + n]).lower() for n in (2, 3, 4) for i in range(len(ws) - n + 1)}


def _split(total: int, sizes: Sequence[int]) -> list[int]:
    """`total` points over groups of these sizes: one each (largest first while they last),
    the rest in proportion to size (Sainte-Lague: the group with most paragraphs per point
    taken, counted as 2n+1, gets the next), never more than a group holds."""
    n = [0] * len(sizes)
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i])[:total]:
        n[i] = 1
    left = total - sum(n)
    while left > 0 and any(n[i] < sizes[i] for i in range(len(sizes))):
        free = [i for i in range(len(sizes)) if n[i] < sizes[i]]
        i = max(free, key=lambda i: (sizes[i] / (2 * n[i] + 1), -i))
        n[i] += 1
        left -= 1
    return n


def central(r: Retriever, units: Sequence[Unit], k: int) -> list[Unit]:
    """The k paragraphs nearest the group's centre in meaning, each new one penalised for
    resembling those taken (so one point is not said twice); with `broad.outline_lead`, the
    group's opening paragraph first (a heading's first paragraph says what it is about)."""
    rows = [r.row_of[u.key] for u in units if u.key in r.row_of]
    if k >= len(rows) or not rows:
        return list(units)[:k]
    vecs = r.unit_vecs[np.asarray(rows)]
    centre = vecs.mean(axis=0)
    to_centre = vecs @ centre / max(1e-9, float(np.linalg.norm(centre)))
    taken: list[int] = [0] if settings.current().broad.outline_lead else []
    while len(taken) < k:
        near = (vecs @ vecs[taken].T).max(axis=1) if taken else np.zeros(len(rows))
        score = to_centre - settings.current().broad.outline_diversity * near
        score[taken] = -np.inf
        taken.append(int(np.argmax(score)))
    return [units[i] for i in sorted(taken)]


def pick(r: Retriever, units: Sequence[Unit], depth: int, budget: int) -> list[Unit]:
    """`budget` points under one heading, shared out over the headings below it."""
    groups: dict[str, list[Unit]] = {}
    for u in units:
        groups.setdefault(u.headings[depth] if len(u.headings) > depth else "", []).append(u)
    if len(groups) == 1 and "" in groups:
        return central(r, units, budget)
    out: list[Unit] = []
    for (head, members), n in zip(groups.items(), _split(budget, [len(m) for m in groups.values()]),
                                  strict=True):
        if n:
            out += central(r, members, n) if head == "" else pick(r, members, depth + 1, n)
    return out


def outline_answer(r: Retriever, question: str, res: SearchResult, lg: str,
                   hits: tuple[Hit, ...]) -> Answer:
    """The outline of the document asked about (the named one, else the best hit's), or of
    the section of it the question is about."""
    f = res.features
    doc_id = (f.named_ids[0] if f and f.named_ids else hits[0].unit.doc_id) if hits else ""
    units = [u for u in sorted(r.idx.units, key=lambda u: u.order)
             if u.doc_id == doc_id and u.kind != "title" and not cover_like(u)]
    b = settings.current().broad
    section = named_section(units, question) or (
        None if f is None or about_itself(r, f, doc_id) else focused_section(units, res.hits))
    scope = [u for u in units if _inside(u, section)] if section else units
    chosen = pick(r, scope, len(section or ()), b.outline_points if section else b.outline_doc_points)
    docs = r.idx.docs
    cites: list[Citation] = []
    lines = [_frame(docs.get(doc_id), doc_id, lg, False)]
    shown: HeadPath = ()
    for u in sorted(chosen, key=lambda u: u.order):
        if u.headings != shown:
            lines += [h for i, h in enumerate(u.headings) if shown[i:i + 1] != (h,)]
            shown = u.headings
        quote = best_sentence(r, u, question_vec(res)) if section else first_sentence(r, u)
        cites.append(cite.citation_for(len(cites) + 1, u, docs.get(doc_id), quote))
        lines.append(f"- “{quote}” {cite.mark(u.doc_id, u.ref)}")
    return Answer(question, bool(cites), "\n".join(lines), tuple(cites), hits, lg)
