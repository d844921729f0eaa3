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

from . import lexicons
from .lang import detect
from .textnorm import for_match

SHARE, MONEY, DURATION, AGE = "share", "money", "duration", "age"

# Question cues are the lexicons' [measure] entries of the question's language, read on
# match form (lower case, no accents). Order matters: an age is asked with "how old", not
# as a duration; money before share ("what amount").
_ASKED = (AGE, DURATION, MONEY, SHARE)

_NUM = r"\d[\d,.]*"
_HELD = {
    SHARE: re.compile(rf"{_NUM}\s*(%|percent|per cent|por ciento|por cento|pour cent)|"
                      r"\b(half|third|quarter|majority|most|two-thirds|mitad|metade|moitie)\b"),
    MONEY: re.compile(rf"\$|\b(usd|us\$|dollars?|dolares|euros?|eur)\b|€|"
                      rf"{_NUM}\s*(million|billion|thousand)\s+(in|of)\s+(funding|funds|resources)"),
    DURATION: re.compile(rf"\b({_NUM}|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
                         r"[\s-]+(days?|weeks?|months?|years?|hours?)\b(?![\s-]+(old|of age))|"
                         r"\bsince (19|20)\d\d\b"),
    AGE: re.compile(rf"\b(years? old|years? of age|aged {_NUM}|ages? (of )?{_NUM}|minimum age|"
                    r"under the age|under {_NUM}|over {_NUM})\b"),
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
    return not measure or bool(_HELD[measure].search(for_match(text)))
