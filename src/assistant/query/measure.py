"""What a quantity question measures, and whether a paragraph gives that measure.

"What share…", "how much money…", "how many days…" and "at what age…" each want a
number of one kind: a paragraph whose only numbers are of another kind does not
answer ("What percentage of social protection coverage does the plan set?" is not
answered by "20 million people"). The units' side is read in their own words, the
question's in the four OAS languages, so this check also works across languages,
where the word-level "how many X" check cannot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant import lexicons
from assistant.query.lang import detect
from assistant.textnorm import for_match

SHARE, MONEY, DURATION, AGE = "share", "money", "duration", "age"

# Question cues are the lexicons' [measure] entries of the question's language, read on
# match form (lower case, no accents). Order matters: an age is asked with "how old", not
# as a duration; money before share ("what amount").
_ASKED = (AGE, DURATION, MONEY, SHARE)

_NUM = r"\d[\d,.]*"


def _alts(name: str) -> str:
    return lexicons.document_words(name).replace("{n}", _NUM)


@lru_cache(maxsize=1)
def _held() -> dict[str, re.Pattern[str]]:
    """What each measure looks like in a paragraph, from every lexicon's document words
    (a corpus may hold documents in any language)."""
    percent = "|".join(x for x in (_alts("percent"), _alts("percent_other")) if x)
    return {
        SHARE: re.compile(rf"{_NUM}\s*(%|{percent})|\b({_alts('share_words')})\b"),
        MONEY: re.compile(rf"\$|\b({_alts('currency')})\b|€|"
                          rf"{_NUM}\s*({_alts('scale_words')})\s+({_alts('funding')})"),
        DURATION: re.compile(rf"\b({_NUM}|{_alts('duration_numbers')})[\s-]+({_alts('time_units')})\b"
                             rf"(?![\s-]+({_alts('not_a_duration_after')}))|"
                             rf"\b({_alts('since')}) (19|20)\d\d\b"),
        AGE: re.compile(rf"\b({_alts('age_phrases')})\b"),
    }


def asked_measure(question: str, language: str | None = None) -> str:
    """The kind of number a quantity question asks for, or "" (a plain count, or none)."""
    q, lang = for_match(question), language or detect(question)
    for name in _ASKED:
        pattern = lexicons.cue(lang, f"measure.{name}")
        if pattern is not None and pattern.search(q):
            return name
    return ""


def gives_measure(text: str, measure: str) -> bool:
    """Does the text give a number of that kind? ("" asks for none in particular.)"""
    return not measure or bool(_held()[measure].search(for_match(text)))
