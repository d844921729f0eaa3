"""The OAS member states' names in Spanish, Portuguese and French, read as the English
names the documents use.

A question in another language names a country its own way ("Estados Unidos",
"Équateur", "Brésil"); the evidence checks compare names with the documents' words, so
they need the English name. A one-letter cognate covers "Brasil" / Brazil but not these.
This is general knowledge about the organisation's members, not about any one document.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_DATA = Path(__file__).resolve().parent.parent / "data" / "countries.json"


@lru_cache(maxsize=1)
def _forms() -> dict[str, tuple[str, ...]]:
    """English name -> its other forms (Spanish, Portuguese, French), where they differ from
    the English one by more than accents; members named alike in all four have none."""
    members = json.loads(_DATA.read_text(encoding="utf-8"))["members"]
    return {str(k): tuple(str(f) for f in v) for k, v in members.items()}


def _fold(text: str) -> str:
    """Lower case without accents, one character for one, so that spans found in the
    folded text are spans of the original."""
    return "".join((unicodedata.normalize("NFKD", c)[:1] or c).lower() for c in text)


def _key(folded: str) -> str:
    """One spelling for the variants of a form: "ee.uu." / "eeuu", "etats-unis" / "etats unis"."""
    return re.sub(r"[\s-]+", " ", folded).replace(".", "")


@lru_cache(maxsize=1)
def _pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    forms = {_fold(f): name for name, other in _forms().items() for f in (name, *other)}
    alts = [re.escape(f).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]+").replace(r"\.", r"\.?")
            for f in sorted(forms, key=len, reverse=True)]
    pattern = re.compile(rf"(?<![\w.])(?:{'|'.join(alts)})(?![\w])")
    return pattern, {_key(f): name for f, name in forms.items()}


def english_names(text: str) -> list[str]:
    """The English names of the member states `text` names, in any of the four languages."""
    pattern, english = _pattern()
    return list(dict.fromkeys(english[_key(m.group(0))] for m in pattern.finditer(_fold(text))))


def in_english(text: str) -> str:
    """`text` with each country it names in another language named in English."""
    pattern, english = _pattern()
    folded, out, last = _fold(text), [], 0
    for m in pattern.finditer(folded):
        out += [text[last:m.start()], english[_key(m.group(0))]]
        last = m.end()
    return "".join(out + [text[last:]])
