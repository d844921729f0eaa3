"""The question guard: what is refused before any search runs.

A question is refused, with a named reason and never a citation, when
  - it is longer than `limits.question_chars` ("too-long"): embedding and scoring grow
    with its length, and a paragraph-sized question is not a question;
  - it holds a lone surrogate ("malformed"): not text, and the tokenizer cannot take it;
  - it holds nothing to search for ("no-content"): empty, spaces, only emoji, symbols,
    punctuation or control characters;
  - most of its letters are in a script the documents are not written in ("script"):
    nothing in a Latin-script corpus can match a question in Greek or Thaana, yet the
    embedder still returns a nearest paragraph, which used to be cited.

The scripts are read from the letters' code points (data/scripts.json); the corpus's
scripts from its own words, once per index.
"""

from __future__ import annotations

import bisect
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from assistant import settings

DATA = Path(__file__).resolve().parent.parent / "data" / "scripts.json"


@dataclass(frozen=True)
class Refusal:
    reason: str  # "too-long" | "malformed" | "no-content" | "script"
    detail: str  # one sentence for the user


@lru_cache(maxsize=1)
def _ranges() -> tuple[list[int], list[tuple[int, int, str]]]:
    rows = sorted((int(a), int(b), str(s)) for a, b, s in json.loads(DATA.read_text("utf-8"))["ranges"])
    return [r[0] for r in rows], rows


def script_of(ch: str) -> str:
    """The script of one letter ("Latin", "Greek", ...; "Other" when unlisted)."""
    starts, rows = _ranges()
    cp = ord(ch)
    i = bisect.bisect_right(starts, cp) - 1
    if i >= 0 and rows[i][0] <= cp <= rows[i][1]:
        return rows[i][2]
    return "Other"


def letter_scripts(text: str) -> Counter[str]:
    """How many letters of `text` each script holds (digits and marks belong to none)."""
    return Counter(script_of(c) for c in text if c.isalpha())


def corpus_scripts(words: Iterable[str]) -> frozenset[str]:
    """The scripts that hold at least `limits.corpus_script_share` of the corpus's letters
    (a stray Greek letter in a formula does not make the corpus Greek)."""
    counts: Counter[str] = Counter()
    for w in words:
        counts.update(letter_scripts(w))
    total = sum(counts.values())
    share = settings.current().limits.corpus_script_share
    return frozenset(s for s, n in counts.items() if total and n / total >= share)


def searchable(text: str) -> bool:
    """A letter or a digit somewhere: what words and numbers are made of."""
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def too_long(question: str) -> Refusal | None:
    """The length check alone (the web shows it as a named error before anything else)."""
    limit = settings.current().limits.question_chars
    if len(question) > limit:
        return Refusal("too-long", _say("guard_too_long", question[:500], n=f"{len(question):,}",
                                        limit=f"{limit:,}"))
    return None


def _say(key: str, question: str, **kw: str) -> str:
    """The refusal in the question's language (a long one is judged by its start)."""
    from assistant.query.lang import detect, say

    return say(key, detect(question.encode("utf-8", "replace").decode("utf-8")), **kw)


def check(question: str, scripts: frozenset[str]) -> Refusal | None:
    """Why `question` is refused, or None; cheap in its length (the length check first)."""
    limits = settings.current().limits
    if (long := too_long(question)) is not None:
        return long
    if any("\ud800" <= c <= "\udfff" for c in question):
        return Refusal("malformed", _say("guard_malformed", question))
    if not searchable(question):
        return Refusal("no-content", _say("guard_no_content", question))
    counts = letter_scripts(question)
    letters = sum(counts.values())
    if scripts and letters:
        inside = sum(n for s, n in counts.items() if s in scripts)
        if inside / letters < limits.question_script_share:
            theirs = ", ".join(s for s, _ in counts.most_common(2))
            return Refusal("script", _say("guard_script", question, theirs=theirs,
                                          ours=", ".join(sorted(scripts))))
    return None
