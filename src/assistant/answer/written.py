"""Written answers from the user's own model, every sentence checked.

The reply is split into sentences. A sentence is kept only when it carries at least one
citation id that was in the prompt, most of its content words are in the units it cites
(llm.support) without looping (llm.distinct), and every span it quotes occurs in a unit it
cites (after textnorm's match folding); ids the model invented are removed. What fails is
dropped, with the reason, into `Answer.written`. When nothing survives, or the model is
unreachable, slow or malformed, the extractive answer stands and says so.

Precision of the kept sentences' citations is 1.0 by construction: a kept sentence only
cites ids from the prompt, and its quotes are in the units it cites.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace

from assistant import cite, settings
from assistant.answer import prompt
from assistant.answer.prompt import Source
from assistant.models.llmclient import LLMError, Writer
from assistant.query import lang
from assistant.search.analyze import forms, terms
from assistant.textnorm import for_match
from assistant.types import Answer, Citation, DocMeta, Hit, SentenceCheck, Unit, Written

_BRACKET = re.compile(r"\[([^\[\]]{1,200})\]")
# several ids in one bracket: "; " always separates, ", " only before another document id
_ID_SPLIT = re.compile(r"\s*;\s*|,\s*(?=[a-z0-9][a-z0-9._]*-[a-z0-9._-]+ )")
_SENT_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-ZÀ-ÖØ-Þ0-9¿¡])|\n+")
_QUOTED = re.compile(r"[\"“]([^\"“”]{3,}?)[\"”]")
_SPACES = re.compile(r"\s{2,}")
_MARKS_AFTER_END = re.compile(r"([.!?…])[ \t]*((?:\[[^\[\]]{1,200}\][ \t]*)+)")
_WORD = re.compile(r"\w{2,}")
MIN_QUOTE_WORDS = 2  # a one-word "quote" is emphasis, not a claim about the text


def sentences(reply: str) -> list[str]:
    """The reply's sentences; a citation written after the full stop stays with its sentence
    (moved before the stop: "annual. [id]" -> "annual [id].")."""
    reply = _MARKS_AFTER_END.sub(lambda m: f" {m.group(2).strip()}{m.group(1)} ", reply)
    parts = [p.strip() for p in _SENT_END.split(reply) if p and p.strip()]
    out: list[str] = []
    for p in parts:
        if out and not _BRACKET.sub("", p).strip(" .;,-*"):
            out[-1] = f"{out[-1]} {p.lstrip('-* ')}"  # "... actions:\n- [poa-ba-2021 ¶9]"
        else:
            out.append(p)
    return out


def _ids_in(text: str) -> list[tuple[str, list[str]]]:
    """Each bracket of the text with the ids it names (a bracket may name several)."""
    return [(m.group(0), [i.strip() for i in _ID_SPLIT.split(m.group(1)) if i.strip()])
            for m in _BRACKET.finditer(text)]


def check_sentence(text: str, shown: dict[str, Source]) -> SentenceCheck:
    """Keep `text` only when it cites a shown unit and its quotes are in what it cites."""
    cites: list[str] = []
    removed: list[str] = []
    clean = text
    for bracket, ids in _ids_in(text):
        good = [i for i in ids if i in shown]
        removed += [i for i in ids if i not in shown]
        cites += [i for i in good if i not in cites]
        clean = clean.replace(bracket, " ".join(cite.mark(*cite.parse_cid(i)) for i in good), 1)
    clean = _SPACES.sub(" ", clean).strip()
    clean = re.sub(r"\s+([.,;:!?])", r"\1", clean)
    if not _WORD.search(_BRACKET.sub("", text)):
        return SentenceCheck(text, False, "no-content", (), ())  # a bare mark says nothing
    if not cites:
        why = "invented-id" if removed else "no-citation"
        return SentenceCheck(text, False, why, (), tuple(removed))
    if (why := _unsupported(text, [shown[c] for c in cites])):
        return SentenceCheck(text, False, why, tuple(cites), tuple(removed))
    cited_text = [for_match(shown[c].text) for c in cites]
    for quote in _QUOTED.findall(_BRACKET.sub("", text)):
        q = for_match(quote).strip(" .,;:…")
        if len(q.split()) >= MIN_QUOTE_WORDS and not any(q in t for t in cited_text):
            return SentenceCheck(text, False, f"misquote: {quote[:80]}", tuple(cites), tuple(removed))
    return SentenceCheck(clean, True, "", tuple(cites), tuple(removed))


def _unsupported(text: str, cited: Sequence[Source]) -> str:
    """Why the sentence's own words do not rest on what it cites ("" when they do): too few
    of its content words are in the cited units, or it repeats itself."""
    cfg = settings.current().llm
    body = _BRACKET.sub(" ", text)
    # its words as each cited document's language reads them (analyze.forms)
    words = forms(body, lang.detect(body), tuple(dict.fromkeys(s.language for s in cited)))
    if not words:
        return ""
    if len(set(words)) / len(words) < cfg.distinct:
        return "repetitive"
    held = set().union(*(terms(s.text, s.language) for s in cited))
    share = sum(bool(w & held) for w in words) / len(words)
    return "" if share >= cfg.support else f"unsupported: {share:.0%} of its words in what it cites"


def check(reply: str, shown: Sequence[Source]) -> list[SentenceCheck]:
    by_id = {s.cid: s for s in shown}
    return [check_sentence(s, by_id) for s in sentences(reply)]


def stream(ans: Answer, writer: Writer, docs: dict[str, DocMeta],
           limit: int | None = None) -> Iterator[str | Answer]:
    """The model's reply as it arrives (text pieces), then the checked Answer.

    Only an answered question is written: a refusal stays the refusal, and the model is
    not contacted for it."""
    if not ans.answered:
        yield ans
        return
    cfg = settings.current().llm
    shown = prompt.sources_of(ans, docs, limit or cfg.units)
    messages = prompt.build(ans.question, shown, ans.language, cfg.unit_chars)
    t0 = time.perf_counter()
    first: float | None = None
    pieces: list[str] = []
    try:
        for piece in writer.write(messages):
            if first is None:
                first = time.perf_counter() - t0
            pieces.append(piece)
            yield piece
    except LLMError as e:
        info = Written(False, writer.name, (), f"{type(e).__name__}: {e}", first, time.perf_counter() - t0)
        yield _fallback(ans, info)
        return
    checks = check("".join(pieces), shown)
    info = Written(False, writer.name, tuple(checks), "", first, time.perf_counter() - t0)
    yield _checked(ans, info, shown)


def write(ans: Answer, writer: Writer | None, docs: dict[str, DocMeta]) -> Answer:
    """The written answer (or the extractive one, saying why) without streaming."""
    if writer is None:
        return ans
    out = ans
    for event in stream(ans, writer, docs):
        if isinstance(event, Answer):
            out = event
    return out


def note_answer(request: str, units: Sequence[Unit], docs: dict[str, DocMeta], language: str) -> Answer:
    """A note's quoted units as an answer to `request` ("write a summary of this note"), so
    its summary goes through the same prompt, checks and fallback as a chat answer."""
    lines, cites = [], []
    for n, u in enumerate(units, 1):
        cites.append(cite.citation_for(n, u, docs.get(u.doc_id), u.text))
        lines.append(f"- “{u.text}” {cite.mark(u.doc_id, u.ref)}")
    hits = tuple(Hit(u, 1.0, "ref") for u in units)
    return Answer(request, bool(units), "\n".join(lines), tuple(cites), hits, language)


def _checked(ans: Answer, info: Written, shown: Sequence[Source]) -> Answer:
    kept = [s for s in info.sentences if s.kept]
    if not kept:
        reason = "nothing-kept" if info.sentences else "empty-reply"
        return _fallback(ans, replace(info, fallback=reason))
    by_id = {s.cid: s for s in shown}
    order = [c for s in kept for c in s.cites]
    cids = list(dict.fromkeys(order))
    cites = tuple(_citation(n, by_id[c], kept) for n, c in enumerate(cids, 1))
    text = "\n".join(s.text for s in kept)
    return replace(ans, text=text, citations=cites,
                   written=replace(info, used=True, extractive=ans.text))


def _citation(n: int, s: Source, kept: Sequence[SentenceCheck]) -> Citation:
    """The chip of a cited unit; its quote is the first kept sentence's span in the unit,
    else the whole unit (the source panel highlights it)."""
    quote = s.text
    for sent in kept:
        if s.cid in sent.cites:
            for q in _QUOTED.findall(sent.text):
                at = for_match(s.text).find(for_match(q).strip(" .,;:…"))
                if at >= 0 and len(for_match(s.text)) == len(s.text):
                    quote = s.text[at:at + len(for_match(q).strip(" .,;:…"))]
                    break
    return Citation(n=n, doc_id=s.doc_id, doc_title=s.document, meeting=s.meeting, date=s.date,
                    ref=s.ref, quote=quote, text=s.text)


def _fallback(ans: Answer, info: Written) -> Answer:
    note = lang.say("written_fallback", ans.language)
    return replace(ans, text=f"{note}\n{ans.text}", written=info)
