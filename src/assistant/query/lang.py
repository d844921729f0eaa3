"""The question's language, and the few sentences the assistant itself says in it.

Quotes always stay in the document's own words; only the framing is translated.
"""

from __future__ import annotations

import re

from assistant import lexicons
from assistant.textnorm import for_match


def _index(fold: bool) -> dict[str, set[str]]:
    """Each detection word (accents folded or not) -> the languages that use it. A word two
    or more languages share ("que", "de", "plan") counts for each by a share of one, so only
    what sets a language apart decides. A written accent is evidence ("há" is Portuguese); a
    missing one is not, since delegates often type without them."""
    out: dict[str, set[str]] = {}
    for lang, lx in lexicons.all_lexicons().items():
        for w in lx.detect_words:
            out.setdefault(for_match(w) if fold else w, set()).add(lang)
    return out


_EXACT, _FOLDED = _index(fold=False), _index(fold=True)
_TOKEN = re.compile(r"[^\W\d_]+")
_SENTENCE_START = re.compile(r"(?:^|[.?!¿¡:])[\s\"'«“(]*$")


def _own_words(text: str) -> list[str]:
    """The question's words in lower case, less names and acronyms ("Costa Rica", "RIAL",
    "OIT"), which read the same in every language: a capitalized word counts only where a
    sentence starts, an all-capitals one never (unless the whole question is in capitals)."""
    shouting = not any(c.islower() for c in text)
    out = []
    for m in _TOKEN.finditer(text):
        w = m.group()
        if not shouting and (w.isupper() and len(w) > 1 or w[0].isupper()
                             and not _SENTENCE_START.search(text, 0, m.start())):
            continue
        out.append(w.lower())
    return out


def _scores(text: str) -> dict[str, float]:
    all_lx = lexicons.all_lexicons()
    scores = dict.fromkeys(all_lx, 0.0)
    own = _own_words(text)
    for w in own:
        users = _EXACT.get(w, set()) if not w.isascii() else set()
        users = users or _FOLDED.get(for_match(w), set())
        for lang in users:
            scores[lang] += 1 / len(users)
    # spelling in the question's own words (names left out), punctuation in the whole text
    joined, low = " ".join(own), text.lower()
    for lang, lx in all_lx.items():
        for rules, where in ((lx.spelling, joined), (lx.marks, low)):
            scores[lang] += sum(weight * len(pattern.findall(where)) for pattern, weight in rules)
    return scores


def detect(text: str) -> str:
    """One of the lexicons' languages, from function words, spelling and punctuation.

    English, the documents' language, when there is no evidence (empty input, only names
    and numbers) or English ties for first; a tie between the others goes to the first of
    es, pt, fr."""
    scores = _scores(text)
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] > scores["en"] else "en"


def say(key: str, lang: str, **kw: str) -> str:
    """One of the sentences the assistant says (lexicons' [messages]), in `lang`."""
    return lexicons.get(lang).messages.get(key, lexicons.get("en").messages[key]).format(**kw)
