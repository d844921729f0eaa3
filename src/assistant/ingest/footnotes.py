"""Footnotes: their texts ("[^4]: Ibid., vol. 1577") and the calls to them in the
text ("Rights, 1 the", "Child[^4]", "Women,5", "2014–20243").

A call is taken off the quoted text and the note is kept with the paragraph that
calls it. Bare numbers are read as calls only when the document has notes and the
number is the next one in the order of calls, so a number in a sentence ("Goal 5")
stays unless it is exactly where the next call is due.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DEF = re.compile(r"^\[\^([^\]\s]{1,12})\]:\s*(.*)$", re.S)
_MARKED = re.compile(r"\s?\[\^([^\]\s]{1,12})\]")
# A bare call: 1-3 digits after a word, a closing quote or a comma/period, with at
# most one space, not followed by more digits, a period and a capital (a paragraph
# number) or a unit word.
_BARE = re.compile(r"(?<=[^\W\d_]|[,.;:)\]\u201d\u2019\"'])(,?)(\s?)(\d{1,3})(?=\s|[,.;:)]|$)")
_YEAR_GLUED = re.compile(r"(?<=\b(?:1[89]|20)\d\d)(\d{1,2})(?=[\s,.;:)]|$)")
_PARA_AFTER = re.compile(r"\.\s+[A-Z\u201c\"(]")


def sentinel(label: str) -> str:
    """Where a call stood (boundaries.CALL reads it back)."""
    return f"\ue000{label}\ue001"


def definition(text: str) -> tuple[str, str] | None:
    """'[^4]: Ibid.' -> ('4', 'Ibid.')."""
    m = _DEF.match(text.strip())
    return (m.group(1), " ".join(m.group(2).split())) if m else None


def collect(defs: list[tuple[str, str]]) -> dict[str, str]:
    """Note texts by label. A numeric label out of the notes' order ("[^1994]:" after
    note 10) is the previous note's next line that the extraction mistook for a label."""
    notes: dict[str, str] = {}
    last = 0
    prev = ""
    for label, text in defs:
        if label.isdigit() and prev and last and int(label) != last + 1 and int(label) > last + 3:
            notes[prev] = f"{notes[prev]} {label} {text}".strip()
            continue
        notes[label] = text
        prev = label
        last = int(label) if label.isdigit() else last
    return notes


@dataclass
class CallReader:
    """Strips calls from the texts of one document, in reading order."""

    labels: set[str]
    next_no: int = 1
    found: list[str] = field(default_factory=list)

    def strip(self, text: str) -> tuple[str, tuple[str, ...]]:
        """The text with each call replaced by a sentinel, and the labels called, in one
        left-to-right pass ("[^4]" always; a bare number only when it is the next due)."""
        calls: list[str] = []
        out: list[str] = []
        pos = 0
        for start, end, label, keep in _candidates(text, bool(self.labels)):
            if start < pos:
                continue
            if keep is not None:  # a bare number
                if not label.isdigit() or int(label) != self.next_no or label not in self.labels \
                        or _PARA_AFTER.match(text, end):  # "... 12. We": a paragraph number
                    continue
            out.append(text[pos:start] + (keep or "") + sentinel(label))
            pos = end
            calls.append(label)
            if label.isdigit():
                self.next_no = max(self.next_no, int(label) + 1)
        out.append(text[pos:])
        self.found.extend(calls)
        return "".join(out), tuple(calls)


def _candidates(text: str, bare: bool) -> list[tuple[int, int, str, str | None]]:
    """(start, end, label, what a bare call leaves in its place; None when marked)."""
    found: list[tuple[int, int, str, str | None]] = [
        (m.start(), m.end(), m.group(1), None) for m in _MARKED.finditer(text)]
    if bare:
        found += [(m.start(), m.end(), m.group(3), m.group(1)) for m in _BARE.finditer(text)]
        found += [(m.start(), m.end(), m.group(1), "") for m in _YEAR_GLUED.finditer(text)]
    return sorted(found)
