"""Which sentences of the retrieved units answer a question, and in what order to show them.

Moved out of answer.py so every answer shape (point, topic, outline) picks its quoted
sentences the same way.
"""

from __future__ import annotations

from assistant import settings
from assistant.query.answertype import question_type
from assistant.search.analyze import terms
from assistant.search.retrieve import Retriever, SearchResult
from assistant.types import Unit


def whole_lead(lead: str, limit: int) -> str:
    """A lead-in is quoted whole or not at all: cut in the middle ("Camacho, … Rica, and X
    are summarized below.") it reads as a broken sentence."""
    lead = lead.strip()
    return lead if lead and len(lead) <= limit else ""


def pick(r: Retriever, policy: settings.AnswerPolicy, question: str,
         res: SearchResult) -> list[tuple[Unit, str]]:
    """The statements to quote, best first: the best unit's sentences (and those of units
    whose fused score nearly ties with it) within the policy's margin of the best."""
    idx = r.idx
    f = res.features
    wanted = f.answer_type if f else question_type(question, res.language)
    scored: list[tuple[float, int, Unit, str]] = []
    for rank, h in enumerate(res.hits[:policy.sentence_units]):
        row = r.row_of.get(h.unit.key)
        if row is None:
            continue
        # the question's terms and the sentence's, stemmed as the unit's language stems
        lang = r.language_of(h.unit.doc_id)
        q_terms = set(f.terms_for(lang)) if f else set(terms(question, res.language, lang))
        for srow in r.sentence_rows.get(row, []):
            text = idx.sent_text[srow]
            sim = float(idx.sent_vecs[srow] @ res.query_vec)
            overlap = len(q_terms & set(terms(text, lang))) / len(q_terms) if q_terms else 0.0
            typed = policy.type_bonus if wanted in r.sentence_types[srow] else 0.0
            score = sim + policy.w_overlap * overlap + policy.w_rank / (1 + rank) + typed
            scored.append((score, rank, h.unit, text))
    scored.sort(key=lambda t: -t[0])
    if not scored:
        return [(res.hits[0].unit, res.hits[0].unit.text)]
    # The fused ranking picks the paragraph better than one sentence's cosine does:
    # quote the best unit (any of its parts), and others only where the ranking
    # nearly ties with it.
    top = res.hits[0]
    close = {h.unit.key for h in res.hits[:policy.sentence_units]
             if h.via == top.via and top.score - h.score <= policy.tie}
    same = [t for t in scored if (t[2].doc_id, t[2].ref) == (top.unit.doc_id, top.unit.ref)
            or t[2].key in close]
    scored = same or scored
    best = scored[0][0]
    out: list[tuple[Unit, str]] = []
    for score, _, unit, text in scored:
        if len(out) >= policy.max_statements or score < best - policy.margin:
            break
        out.append((unit, text))
    return out


def in_reading_order(picked: list[tuple[Unit, str]]) -> list[tuple[Unit, str]]:
    """The best statement's document first, the rest grouped by document; within a
    document, in the document's own order (one framing line per document)."""
    first_doc = {u.doc_id: i for i, (u, _) in reversed(list(enumerate(picked)))}
    return sorted(picked, key=lambda p: (first_doc[p[0].doc_id], p[0].order, p[0].text.find(p[1])))


def answer_first(picked: list[tuple[Unit, str]]) -> list[tuple[Unit, str]]:
    """The best statement (the one that answers: it carries the kind of answer asked for)
    first, then the rest in reading order, grouped by document."""
    if len(picked) < 2:
        return picked
    rest = in_reading_order(picked[1:])
    same = [p for p in rest if p[0].doc_id == picked[0][0].doc_id]
    return [picked[0], *same, *[p for p in rest if p[0].doc_id != picked[0][0].doc_id]]


def by_unit(picked: list[tuple[Unit, str]]) -> list[tuple[Unit, list[str]]]:
    """The statements gathered per unit, in the order given: one citation per unit even
    when two of its sentences are quoted."""
    out: list[tuple[Unit, list[str]]] = []
    seen: dict[tuple[str, str], int] = {}
    for unit, sent in picked:
        key = (unit.doc_id, unit.ref)
        if key in seen:
            out[seen[key]][1].append(sent)
        else:
            seen[key] = len(out)
            out.append((unit, [sent]))
    return out
