"""Text clean-up shared by readers, units, retrieval and answers.

Two views of every text: the *display* text keeps the document's own words,
quotes and typos (only whitespace is folded); the *match* form folds quotes,
dashes, accents and case so that lookups and scoring are not fooled by them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width and other invisible format characters that break word matching.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "...",
})

TERMINAL = tuple(".;:!?)\u201d\"'\u2019\u2026")


def clean(text: str) -> tuple[str, int]:
    """NFC, invisible and control characters removed; returns (text, how many removed)."""
    text = unicodedata.normalize("NFC", text)
    n = len(_INVISIBLE.findall(text)) + len(_CONTROL.findall(text))
    text = _CONTROL.sub("", _INVISIBLE.sub("", text))
    return text, n


def fold_spaces(text: str) -> str:
    """Display form: runs of spaces folded, ends trimmed; words and quotes untouched."""
    return _WS.sub(" ", text.replace("\n", " ")).strip()


def join_lines(lines: list[str]) -> str:
    """Re-flow hard-wrapped lines into one paragraph, mending words split at a hyphen."""
    out = ""
    for raw in lines:
        line = fold_spaces(raw)
        if not line:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].isalpha():
            out += line  # "Inter-" + "American" -> "Inter-American"
        else:
            out = f"{out} {line}" if out else line
    return out


@lru_cache(maxsize=4096)
def for_match(text: str) -> str:
    """Match form: quotes and dashes straightened, accents dropped, lower case. Cached: the
    checks fold the same few units for every question (~2 ms a question, uncached)."""
    t = text.translate(_QUOTES)
    if not t.isascii():  # ASCII has nothing to decompose
        t = unicodedata.normalize("NFKD", t)
        t = "".join(c for c in t if not unicodedata.combining(c))
    return _WS.sub(" ", t).strip().lower()


_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TOKEN = re.compile(r"[\w’'-]+")


def words(text: str) -> list[str]:
    return _WORD.findall(for_match(text))


def tokens(text: str) -> list[str]:
    """Words as written (case, accents, apostrophes and hyphens kept)."""
    return _TOKEN.findall(text)


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(TERMINAL)


# Abbreviations that end in a period but do not end a sentence.
_ABBREV = {"mr", "mrs", "ms", "dr", "no", "art", "para", "e.g", "i.e", "etc", "vs", "st", "doc", "ser"}
_SENT_END = re.compile(r"(?<=[.!?;])[\u201d\"')\]]*\s+(?=[\u201c\"'(\[]?[A-Z0-9\u00c0-\u00dd])")


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences (semicolons end one too: lists run on them)."""
    out: list[str] = []
    start = 0
    for m in _SENT_END.finditer(text):
        piece = text[start:m.start()].strip()
        tail = re.search(r"([A-Za-z.]+)[.]$", piece)
        if tail and (tail.group(1).lower() in _ABBREV or len(tail.group(1)) == 1):
            continue  # "Mr. Bazán", "U.S. Department"
        if piece:
            out.append(text[start:m.end()].strip())
            start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out or [text.strip()]
