"""Recognise the shape of a paragraph: numbered paragraph, lettered or roman item,
dash bullet, section heading, panel heading.

The same rules serve every reader and every document, so nothing here names a
particular file; official declarations, plans of action and meeting summaries of
the OAS share these conventions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$", re.I)

_NUMBERED = re.compile(r"^(\d{1,3})\.\s+(?=\S)")
_LETTER = re.compile(r"^\(?([a-z])\)\s*(?=\S)")
_ROMAN_ITEM = re.compile(r"^\(?([ivx]{1,5})[.)]\s+(?=\S)")
_BULLET = re.compile(r"^[-\u2022\u2013\u25cf\u25aa*]\s+(?=\S)")
_SECTION = re.compile(r"^([IVXLC]+|[A-Z])\.\s+(?=\S)")
_LABELLED = re.compile(r"^([A-Z][a-z]+)\s+(\d{1,3}|[IVX]{1,4}|[A-Z])\s*[:.\-\u2013]\s*(?=\S)")
_KIND_PREFIX = re.compile(r"^([^:]{3,60}?):\s+\S")
_TOC_LINE = re.compile(r"\.{4,}\s*\d+")


@dataclass(frozen=True)
class Marker:
    kind: str  # "numbered" | "letter" | "roman" | "bullet" | "none"
    label: str  # "8", "d", "iv", ""
    body: str  # the text after the marker


def starts_item(line: str) -> bool:
    """Does this physical line open a new numbered paragraph, item or bullet?"""
    s = line.strip()
    return bool(_NUMBERED.match(s) or _LETTER.match(s) or _ROMAN_ITEM.match(s) or _BULLET.match(s))


def marker(text: str, prev_letter: str = "") -> Marker:
    """Read the list marker opening a paragraph, if any.

    `prev_letter` disambiguates "i)" after "h)" (a letter) from "i." opening a
    roman list.
    """
    s = text.strip()
    if m := _NUMBERED.match(s):
        return Marker("numbered", m.group(1), s[m.end():])
    roman = _ROMAN_ITEM.match(s)
    letter = _LETTER.match(s)
    if roman and not (letter and prev_letter and ord(letter.group(1)) == ord(prev_letter) + 1):
        if s[roman.end(1)] == "." or not prev_letter:
            return Marker("roman", roman.group(1).lower(), s[roman.end():])
    if letter:
        return Marker("letter", letter.group(1), s[letter.end():])
    if m := _BULLET.match(s):
        return Marker("bullet", "", s[m.end():])
    return Marker("none", "", s)


def is_heading_line(line: str) -> bool:
    """A line set in capitals (titles and section headings of PDF dumps)."""
    s = line.strip()
    letters = [c for c in s if c.isalpha()]
    if len(letters) < 8 or starts_item(s) and not _SECTION.match(s):
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper / len(letters) >= 0.85


def is_toc(text: str) -> bool:
    """A table of contents: several entries with dot leaders and page numbers."""
    return len(_TOC_LINE.findall(text)) >= 2


@dataclass(frozen=True)
class HeadingLabel:
    kind: str  # "section" (I., A.), "labelled" (Panel 2), "prefixed" (X session: ...), "plain"
    label: str  # "§II", "Panel 2", "Session", ""


def heading_label(text: str) -> HeadingLabel:
    s = text.strip()
    if m := _SECTION.match(s):
        return HeadingLabel("section", f"§{m.group(1)}")
    if m := _LABELLED.match(s):
        return HeadingLabel("labelled", f"{m.group(1)} {m.group(2)}")
    if m := _KIND_PREFIX.match(s):
        prefix = m.group(1).split()
        if len(prefix) <= 6 and prefix[-1].isalpha():
            # "Discussion and information session: ..." -> a "Session" container
            return HeadingLabel("prefixed", prefix[-1].capitalize())
    return HeadingLabel("plain", "")
