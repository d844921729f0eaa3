"""Cover and front-matter lines of official documents: which short block is a cover
line ("Distr.: General", "Original: Spanish", agenda and plenary-meeting lines), an
annex heading ("Annex", "Annex II"), or a body opener ("The General Assembly,").

The cue words are data (data/layout.json), in the four languages; nothing here names
a body, a file or a symbol series.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

_COVER_MAX_WORDS = 40  # a cover line is short; a long block is content even if it holds a cue


@lru_cache(maxsize=1)
def data() -> dict[str, Any]:
    text = resources.files("assistant").joinpath("data/layout.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


@lru_cache(maxsize=1)
def _cover_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(p, re.I)) for name, p in data()["cover"].items()]


def cover_kind(text: str) -> str:
    """The kind of cover line this block is ("distribution", "plenary", ...), or ""."""
    s = text.strip()
    if not s or len(s.split()) > _COVER_MAX_WORDS:
        return ""
    for name, pat in _cover_patterns():
        if pat.search(s):
            return name
    return ""


@lru_cache(maxsize=1)
def _annex() -> re.Pattern[str]:
    return re.compile(data()["annex"], re.I)


def annex_name(text: str) -> str:
    """"Annex", "Annex II": a heading that opens an annexed text, as written."""
    s = text.strip().rstrip(".")
    return s if len(s) <= 30 and _annex().match(s) else ""


def is_opener(text: str) -> bool:
    """"The General Assembly,": a short line ending in a comma that introduces clauses."""
    s = text.strip()
    return s.endswith(",") and 2 <= len(s.split()) <= int(data()["opener_max_words"]) \
        and s[:1].isupper()


_SECTION_LABEL = re.compile(r"^([IVXLC]{1,6}|[A-Z])\.$")


def is_section_label(text: str) -> bool:
    """A block holding only a section number ("I.", "B."): its title follows."""
    return bool(_SECTION_LABEL.match(text.strip()))


def stands_alone(line: str) -> bool:
    """A line that is a block of its own even with no blank line around it: an annex
    heading or a bare section number."""
    s = line.strip()
    return bool(s) and len(s) <= 30 and (bool(annex_name(s)) or is_section_label(s))


_SECTION_LINE = re.compile(r"^([IVXLC]{1,6}|[A-Z])\.\s+[A-Z]")


def opens_section(line: str) -> bool:
    """"II. Implementation of ...": a section title starts a block of its own."""
    return bool(_SECTION_LINE.match(line.strip())) and "...." not in line  # not a contents line
