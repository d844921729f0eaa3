"""Words as BM25 and the word-overlap checks count them, each text in its own language.

A language's lexicon names its Snowball stemmer and its bm25s stopword list ([lexical] in
lexicons/<lang>.toml), so adding a language is data. A document's text is read in its
language. A question in the same language as a document is read in that language too (a
Spanish question and a Spanish paragraph in Spanish stems); against a document in another
language it is read as that document's language reads it: only its names, numbers and
acronyms can match there, and "Quito" stays "quito" in English instead of Spanish "quit".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from assistant import lexicons
from assistant.textnorm import for_match

# Words as written, accents kept: Snowball's rules read "informações", not "informacoes".
_RAW = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_QUOTES = str.maketrans("’‘", "''")


class AnalyzerError(ValueError):
    """A lexicon names a stemmer or a stopword list that is not there."""


def light_stem(w: str) -> str:
    """The hand-written English stemmer: plurals and a few suffixes, nothing else."""
    for suf, rep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(w) > len(suf) + 3 and w.endswith(suf) and not w.endswith("ss"):
            return w[: -len(suf)] + rep
    return w


@dataclass(frozen=True)
class Analyzer:
    language: str
    stop: frozenset[str]  # in match form (accents dropped), as the words are checked
    stem: Callable[[str], str]


def _stemmer(name: str) -> Callable[[str], str]:
    if not name:
        return lambda w: w
    if name == "light":
        return lambda w: light_stem(for_match(w))
    import Stemmer  # PyStemmer: the Snowball algorithms in C

    if name not in Stemmer.algorithms():
        raise AnalyzerError(f"no Snowball stemmer called {name!r}")
    return Stemmer.Stemmer(name).stemWord


def _stopwords(name: str) -> frozenset[str]:
    if not name:
        return frozenset()
    import bm25s.stopwords

    found = getattr(bm25s.stopwords, f"STOPWORDS_{name.upper()}", None)
    if found is None:
        raise AnalyzerError(f"bm25s has no stopword list called {name!r}")
    return frozenset(for_match(w) for w in found)


@lru_cache(maxsize=16)
def analyzer(lang: str) -> Analyzer:
    """The language's analyzer; a language without a lexicon reads as English does."""
    lx = lexicons.get(lang)
    stop = _stopwords(lx.stopwords) | {for_match(w) for w in lx.extra_stopwords}
    return Analyzer(lx.language, stop, _stemmer(lx.stemmer))


def _parts(text: str) -> list[str]:
    """The words of `text`, lower case, accents kept; a hyphenated word without digits is
    its parts ("decent-work" is two words, "covid-19" one)."""
    out: list[str] = []
    for w in _RAW.findall(text.translate(_QUOTES).lower()):
        out += w.split("-") if "-" in w and not any(c.isdigit() for c in w) else [w]
    return out


def _reader(lang: str, stem_as: str) -> tuple[frozenset[str], Callable[[str], str]]:
    """(stopwords, stemmer) of a text in `lang` compared with one in `stem_as`. Across
    languages the other text's reading is used whole: of a Spanish question only names,
    numbers and cognates can match an English paragraph, and dropping the question's own
    stopwords there cost key phrases on the sets (eval/README.md, "Stemmers")."""
    reader = analyzer(stem_as)
    return (analyzer(lang).stop if lang == stem_as else reader.stop), reader.stem


@lru_cache(maxsize=16384)
def _terms(text: str, lang: str, stem_as: str) -> tuple[str, ...]:
    stop, stem = _reader(lang, stem_as)
    out = []
    for part in _parts(text):
        folded = for_match(part)
        if folded not in stop and len(folded) > 1:
            out.append(for_match(stem(part)))
    return tuple(out)


def terms(text: str, lang: str = "en", stem_as: str = "") -> list[str]:
    """The content terms of `text`, written in `lang`, as they are compared with a text in
    `stem_as` (default: `lang` itself): stopwords out, stemmed, in match form. Cached: the
    overlap checks read the same few paragraphs for every question."""
    return list(_terms(text, lang, stem_as or lang))


@lru_cache(maxsize=4096)
def forms(text: str, lang: str, stem_langs: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """Each content word of `text` (in `lang`) as each language in `stem_langs` (the
    corpus's) reads it, one set per word: what it can match there. The question's own
    stems are not added when no document is in its language: they would only match by
    accident (a Spanish "quit" from "Quito" and an English "quit" from "quite")."""
    readers = [_reader(lang, s) for s in dict.fromkeys(stem_langs or (lang,))]
    out = []
    for part in _parts(text):
        folded = for_match(part)
        if len(folded) > 1 and (word := frozenset(
                for_match(stem(part)) for stop, stem in readers if folded not in stop)):
            out.append(word)
    return tuple(out)
