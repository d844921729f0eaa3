"""Where numbered paragraphs start: candidate boundaries scored, not one rule per layout.

A candidate is "N." (or "N)") at the start of a block or inside one. Each gets a
score from what surrounds it (a block start, a sentence end or a heading before
it, a capital after it) and from the numbering (the next number of the running
sequence, a restart at 1, a small gap); it is a boundary when the score reaches
`structure.boundary_accept` (settings). Every decision is kept with its reasons (`assistant units FILE`).

One pass, left to right: each candidate is scored once against the running state,
so the work is linear in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from assistant import settings
from assistant.textnorm import TERMINAL
from assistant.types import Block

# Where a footnote call was taken out of the text: kept as a sentinel until the
# paragraph that holds it is known, then turned into that paragraph's note.
CALL = re.compile("\ue000([^\ue001]{1,12})\ue001")
_CAND = re.compile(r"(?:^|(?<=\s))(\d{1,5})([.)])\s+(?=\S)")
_FIRST_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class Piece(Block):
    """A block as the unit builder reads it: a numbered paragraph knows its number
    (`label`, possibly inferred) and numbering (`seq`, "" or "Annex"), and the
    footnotes it calls."""

    label: str = ""
    seq: str = ""
    why: str = ""
    notes: tuple[str, ...] = ()


@dataclass
class Decision:
    line: int
    label: str
    score: float
    accepted: bool
    reasons: list[str]
    context: str


@dataclass
class _State:
    seq: str = ""
    last: int = 0
    count: int = 0
    seqs: int = 0
    openers: Counter[str] = field(default_factory=Counter)
    pending_name: str = ""  # an annex heading seen since the sequence's last paragraph


def first_word(text: str) -> str:
    m = _FIRST_WORD.search(text[:80])
    return m.group(0) if m else ""


def _opener(st: _State) -> str:
    """The word most paragraphs of the running sequence open with, if most do."""
    if st.count < 3 or not st.openers:
        return ""
    word, n = st.openers.most_common(1)[0]
    return word if n >= 0.6 * st.count else ""


_LOOKBACK = 400  # characters read before a candidate: enough for a sentence end or a title


def _where(text: str, seg_start: int, start: int, head_ok: bool) -> tuple[float, str]:
    if start == 0:
        return 2.0, "block start"
    before = CALL.sub("", text[max(seg_start, start - _LOOKBACK):start]).rstrip()
    if before.endswith(TERMINAL):
        return 1.5, "after a sentence end"
    if head_ok and seg_start == 0 and start < _LOOKBACK and _title_like(before):
        return 1.5, "after a heading"
    return -0.5, "inside a sentence"


_SECTION_PREFIX = re.compile(r"^([IVXLC]{1,6}|[A-Z])\.\s+")


def _title_like(text: str) -> bool:
    """A short run with no sentence punctuation (a leading "II." allowed), capitalised."""
    rest = _SECTION_PREFIX.sub("", text, count=1)
    return bool(rest) and rest[:1].isupper() \
        and len(rest.split()) <= settings.current().structure.title_max_words \
        and not any(t in rest for t in ".;:!?")


def score(text: str, m: re.Match[str], st: _State, seg_start: int = 0,
          head_ok: bool = True) -> tuple[float, list[str], bool]:
    """(score, reasons, restart) for one candidate."""
    n = int(m.group(1))
    where, why = _where(text, seg_start, m.start(), head_ok)
    reasons = [why]
    total = where
    restart = False
    edge = why in ("block start", "after a heading")
    if m.group(2) == ")" and m.start() != 0:
        return -9.0, reasons + ["'N)' inside a block"], False
    if st.count and n == st.last + 1:
        total += 2.0
        reasons.append(f"continues {st.last}")
    elif n == 1 and edge:
        total += 1.0
        restart = st.count > 0
        reasons.append("restarts at 1" if restart else "first paragraph")
    elif not st.count and n <= 3 and why == "block start":
        total += 1.0
        reasons.append("first paragraph")
    elif st.count and st.last < n <= st.last + 3 and why != "inside a sentence":
        total += 1.0 if n == st.last + 2 else 0.5  # one number lost is the common case
        reasons.append(f"gap after {st.last}")
    else:
        return -9.0, reasons + [f"out of sequence (last {st.last})"], False
    nxt = text[m.end():m.end() + 1]
    if nxt.isupper() or nxt in "\u201c\"'(\u2018[":
        total += 0.5
        reasons.append("capital after")
    elif nxt.islower() and why != "block start":  # inside a text, "3. the" is rarely a paragraph
        total -= 1.5
        reasons.append("lower case after")
    op = _opener(st)
    if op and first_word(text[m.end():]) == op:
        total += 1.0
        reasons.append(f"opens with '{op}' like its siblings")
    return total, reasons, restart


def _accept(st: _State, n: int, restart: bool, body: str) -> str:
    if restart:
        st.seqs += 1
        st.seq = st.pending_name or f"Part {st.seqs + 1}"  # no heading named it: its place
        st.count, st.openers = 0, Counter()
    st.last, st.count = n, st.count + 1
    st.openers[first_word(body)] += 1
    st.pending_name = ""
    return st.seq


def split_numbered(pieces: list[Piece], decisions: list[Decision]) -> list[Piece]:
    """Cut pieces at accepted numbered-paragraph starts; a title glued before one
    becomes a heading; a rejected number at a block start that continues a sentence
    is joined back to the paragraph it came from."""
    from assistant.ingest.layout import annex_name

    st = _State()
    out: list[Piece] = []
    for p in pieces:
        if p.kind == "heading" and (name := annex_name(p.text)):
            st.pending_name = name
        if p.kind != "para":
            out.append(p)
            continue
        if annex_name(p.text):
            st.pending_name = annex_name(p.text)
            out.append(replace(p, kind="heading", why="annex heading"))
            continue
        if _SECTION_PREFIX.match(p.text) and _title_like(p.text) and not _CAND.search(p.text):
            out.append(replace(p, kind="heading", why="section title"))
            continue
        head_ok = not p.text[:1].islower() and (not out or out[-1].kind != "para"
                                                  or out[-1].text.rstrip().endswith(TERMINAL))
        out.extend(_cut(p, st, decisions, head_ok, out))
    return out


def _cut(p: Piece, st: _State, decisions: list[Decision], head_ok: bool,
         out: list[Piece]) -> list[Piece]:
    text = p.text
    cuts: list[tuple[int, str, str, str]] = []  # (start, label, seq, why)
    seg = 0
    accept = settings.current().structure.boundary_accept
    for m in _CAND.finditer(text):
        total, reasons, restart = score(text, m, st, seg, head_ok)
        ok = total >= accept
        decisions.append(Decision(p.line, m.group(1), total, ok, reasons,
                                  text[max(0, m.start() - 30):m.start() + 40]))
        if ok:
            seq = _accept(st, int(m.group(1)), restart, text[m.end():])
            cuts.append((m.start(), m.group(1), seq, "; ".join(reasons)))
            seg = m.start()
    if not cuts:
        if _CAND.match(text) and out and out[-1].kind == "para" \
                and not out[-1].text.rstrip().endswith(TERMINAL):
            out[-1] = replace(out[-1], text=f"{out[-1].text} {text}", notes=out[-1].notes + p.notes)
            return []
        return [p]
    res: list[Piece] = []
    if cuts[0][0] > 0:
        head = text[:cuts[0][0]].strip()
        kind = "heading" if head_ok and _title_like(head) else "para"
        res.append(replace(p, text=head, kind=kind, why="title before a paragraph number"
                           if kind == "heading" else ""))
    for k, (start, label, seq, why) in enumerate(cuts):
        end = cuts[k + 1][0] if k + 1 < len(cuts) else len(text)
        res.append(replace(p, text=text[start:end].strip(), label=label, seq=seq, why=why))
    return res
