"""Follow-up questions read against the previous turn of a conversation.

Two kinds, each decided from evidence in the question, never from a list of phrasings:
- a changed slot ("and what about WG1?", "¿y en Quito?"): the question opens with a follow-up
  lead of the lexicons and the rest is too short to carry a predicate of its own; the previous
  question's frame is kept and the slot of the same kind (same preposition, or a name) replaced;
- a reference back ("who chaired it?"): a short question with an anaphor of the lexicons and no
  name of its own; it is searched with the previous question's names, in the documents the
  previous answer cited.
A question that stands alone is never rewritten. Cue words live in the lexicons
(question.followup_lead, question.followup_anaphor), the sentences said in [messages].
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant import cite, lexicons, settings
from assistant.query import lang
from assistant.textnorm import for_match
from assistant.types import Turn

_TOKEN = re.compile(r"\S+")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")


@dataclass(frozen=True)
class Resolved:
    question: str  # what is searched
    carried: str = ""  # what was taken from earlier turns, said in the question's language
    doc_ids: tuple[str, ...] | None = None  # the documents the follow-up stays with


def _bare(token: str) -> str:
    return for_match(_EDGE.sub("", token))


def _named(token: str) -> bool:
    """A name or code ("Quito", "WG1", "2019"): capitals or digits past its first letter."""
    t = _EDGE.sub("", token)
    return bool(t) and (any(c.isdigit() for c in t) or t[:1].isupper())


def _languages(question: str, history: Sequence[Turn]) -> list[str]:
    # A bare slot ("¿y en Quito?") says little about its language: the previous question helps.
    own = lang.detect(question)
    return list(dict.fromkeys([own, lang.detect(history[-1].question)]))


def _lead_words(question: str, lg: str) -> int:
    pat = lexicons.cue(lg, "question.followup_lead", anchored=True)
    m = pat.match(for_match(question)) if pat else None
    return len(m.group(0).split()) if m else 0


def _replace_slot(frame: list[str], slot: list[str]) -> tuple[list[str], int, int]:
    """The frame with the slot of the same kind replaced: from the slot's own preposition
    (its first word, found in the frame) to the frame's end, else the frame's run of names
    when the slot is a name, else the slot added at the end. Returns (tokens, start, end)."""
    head = _bare(slot[0])
    if not _named(slot[0]):
        starts = [i for i, t in enumerate(frame) if _bare(t) == head]
        if starts:
            i = starts[-1]
            j = i + 1
            # a named slot ("en Quito") replaces only the frame's name after that preposition
            # (the whole of it: "el Grupo de Trabajo 2")
            if any(_named(t) for t in slot[1:]):
                j = next((b + 1 for a, b in _name_runs(frame) if a == i + 1), j)
            j = j if j > i + 1 else len(frame)
            return frame[:i] + slot + frame[j:], i, i + len(slot)
    runs = _name_runs(frame)
    if runs and any(_named(t) for t in slot):
        named = [t for t in slot if _named(t)]
        i, j = _same_kind(runs, frame, named)
        return frame[:i] + named + frame[j + 1:], i, i + len(named)
    return frame + slot, len(frame), len(frame) + len(slot)


def _same_subject(question: str, prev: Turn, lg: str, lead: int) -> Resolved:
    """"And who were the vice-chairs?" after "Who chaired WG2 in Quito?": a question of its
    own on the previous one's subject; searched with the previous question's words it
    does not repeat (its first, the question word, left out)."""
    own = {_bare(t) for t in _TOKEN.findall(question)}
    words = [_EDGE.sub("", t) for t in _TOKEN.findall(prev.question)[1:]]
    kept = [w for w in words if len(w) > 3 or _named(w)]
    kept = [w for w in kept if _bare(w) not in own]
    if not kept:
        return Resolved(question)
    asked = " ".join(_TOKEN.findall(question)[lead:])
    return Resolved(" ".join([asked, *kept]), lang.say("carried_frame", lg, span=" ".join(kept)))


def _name_runs(frame: list[str]) -> list[tuple[int, int]]:
    """(first, last) of each run of names in the frame past its first word."""
    joiners = set(lexicons.document_words("name_joiners").split("|"))
    runs: list[tuple[int, int]] = []
    for i, t in enumerate(frame):
        if i > 0 and _named(t):
            # one short lower-case word may join a name: "Grupo de Trabajo 2", "Plan of Action"
            gap = i - runs[-1][1] if runs else 0
            joined = gap == 1 or gap == 2 and _bare(frame[i - 1]) in joiners
            runs = runs[:-1] + [(runs[-1][0], i)] if joined else runs + [(i, i)]
    return runs


def _letters(tokens: Sequence[str]) -> str:
    """A name as its letters: "WG1" -> "wg", "Working Group 2" -> "wg" (initials, numbers out)."""
    if len(tokens) == 1:
        return "".join(c for c in _bare(tokens[0]) if c.isalpha())
    return "".join(_bare(t)[0] for t in tokens if _named(t) and _bare(t)[:1].isalpha())


def _same_kind(runs: list[tuple[int, int]], frame: list[str], named: list[str]) -> tuple[int, int]:
    """The run of names a new name replaces: one of its kind ("WG1" for "Working Group 2",
    by their letters), else the last one."""
    want = _letters(named)
    alike = [r for r in runs if want and _letters(frame[r[0]:r[1] + 1]) == want]
    return (alike or runs)[-1]


def _with_slot(question: str, prev: Turn, lg: str, lead: int) -> Resolved:
    slot = _TOKEN.findall(question)[lead:]
    frame = _TOKEN.findall(prev.question)
    if slot and frame and _bare(slot[0]) == _bare(frame[0]):
        return _same_subject(question, prev, lg, lead)  # the slot is a whole question
    trail = frame[-1][-1] if frame and not frame[-1][-1].isalnum() else ""
    frame = [_EDGE.sub("", t) if i == len(frame) - 1 else t for i, t in enumerate(frame)]
    slot = [_EDGE.sub("", t) if i == len(slot) - 1 else t for i, t in enumerate(slot)]
    if frame and not frame[0].strip("¿¡"):
        frame = frame[1:]
    tokens, i, j = _replace_slot([t for t in frame if t], [t for t in slot if t])
    shown = " ".join([*tokens[:i], "…", *tokens[j:]]).strip("¿¡ ")
    return Resolved(" ".join(tokens) + trail, lang.say("carried_frame", lg, span=shown))


def _back_reference(question: str, prev: Turn, lg: str,
                    titles: Callable[[str], str]) -> Resolved:
    names = [_EDGE.sub("", t) for t in _TOKEN.findall(prev.question)[1:] if _named(t)]
    docs = tuple(dict.fromkeys(cite.parse_cid(c)[0] for c in prev.cids if " " in c.strip()))
    said = []
    if names:
        said.append(lang.say("carried_frame", lg, span=" ".join(names)))
    if docs:
        said.append(lang.say("carried_docs", lg, doc=", ".join(titles(d) for d in docs)))
    return Resolved(" ".join([question, *names]), " ".join(said), docs or None)


def resolve(question: str, history: Sequence[Turn],
            titles: Callable[[str], str] = str) -> Resolved:
    """The question to search for this turn of the conversation (unchanged when it stands
    alone). `titles` names a document id for the carried message."""
    history = list(history)[-settings.current().conversation.history_turns:]
    if not history or not question.strip():
        return Resolved(question)
    short = settings.current().conversation.followup_words
    tokens = _TOKEN.findall(question)
    # the previous turn as it was understood: "where were they chosen?" after "and WG1?"
    # after "who chaired WG2 in Quito?" reads against "who chaired WG1 in Quito?"
    prev = history[-1]
    history[-1] = Turn(resolve(prev.question, history[:-1], titles).question, prev.answer, prev.cids)
    for lg in _languages(question, history):
        lead = _lead_words(question, lg)
        if lead and 0 < len(tokens) - lead <= short:
            return _with_slot(question, history[-1], lg, lead)
    own_names = any(_named(t) for t in tokens[1:])
    for lg in _languages(question, history):
        pat = lexicons.cue(lg, "question.followup_anaphor")
        if pat and pat.search(for_match(question)) and len(tokens) <= short and not own_names:
            return _back_reference(question, history[-1], lg, titles)
    return Resolved(question)


class HistoryError(ValueError):
    """A history that is not a JSON list of turns ({"question", "answer"?, "cids"?})."""


def turns_from(data: object) -> tuple[Turn, ...]:
    """The turns of a decoded JSON history; a malformed one is a named error."""
    if not isinstance(data, list):
        raise HistoryError("a history is a JSON list of turns")
    out = []
    for i, t in enumerate(data):
        if not isinstance(t, dict) or not isinstance(t.get("question"), str):
            raise HistoryError(f"turn {i + 1} has no \"question\" string")
        cids = t.get("cids", [])
        if not isinstance(cids, list) or not all(isinstance(c, str) for c in cids):
            raise HistoryError(f"turn {i + 1}: \"cids\" is a list of citation ids")
        out.append(Turn(t["question"], str(t.get("answer", "")), tuple(cids)))
    return tuple(out)
