"""Language knowledge as data: one TOML file per language (en.toml, es.toml, ...).

Each file holds the words the assistant detects the language with, the sentences it
says, the question cues (what kind of answer is asked for, what is measured), the
document-side words (months, number words, roles, label nouns), and how BM25 reads the
language (its Snowball stemmer and stopword list, [lexical]). A question cue applies
only to a question in its own language; document words are read in every language,
since a corpus may hold documents in any of them. Adding a language is adding a file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

_DIR = Path(__file__).resolve().parent
CUE_GROUPS = ("question", "measure", "scope")


class LexiconError(ValueError):
    """A lexicon file that is missing, malformed, or holds a bad regular expression."""


@dataclass(frozen=True)
class Lexicon:
    language: str
    detect_words: tuple[str, ...]
    spelling: tuple[tuple[re.Pattern[str], float], ...]
    marks: tuple[tuple[re.Pattern[str], float], ...]
    messages: dict[str, str]
    cues: dict[str, tuple[str, ...]]  # "question.quantity" -> regex alternatives
    document: dict[str, tuple[str, ...]]  # "months" -> words (regex alternatives)
    stemmer: str = ""  # Snowball algorithm (PyStemmer's name), "light", or "" for none
    stopwords: str = ""  # bm25s stopword list ("en_plus" is STOPWORDS_EN_PLUS), "" for none
    extra_stopwords: tuple[str, ...] = ()  # question and domain words BM25 skips too
    references: dict[str, tuple[str, ...]] = field(default_factory=dict)  # "panel" -> words


def _compile(lang: str, rows: list[Any], what: str) -> tuple[tuple[re.Pattern[str], float], ...]:
    try:
        return tuple((re.compile(p), float(w)) for p, w in rows)
    except (re.error, TypeError, ValueError) as e:
        raise LexiconError(f"{lang}.toml [{what}]: {e}") from e


def _read(path: Path) -> tuple[int, Lexicon]:
    try:
        d = tomllib.loads(path.read_text(encoding="utf-8"))
        lang, det = d["language"], d["detect"]
        cues = {f"{g}.{k}": tuple(v) for g in CUE_GROUPS for k, v in d.get(g, {}).items()}
        for name, alts in cues.items():
            try:
                re.compile("|".join(alts))
            except re.error as e:
                raise LexiconError(f"{path.name} {name}: {e}") from e
        lex = d.get("lexical", {})
        return int(d["order"]), Lexicon(
            lang, tuple(det["words"].split()), _compile(lang, det.get("spelling", []), "spelling"),
            _compile(lang, det.get("marks", []), "marks"), dict(d["messages"]), cues,
            {k: tuple(v) for k, v in d.get("document", {}).items()}, str(lex.get("stemmer", "")),
            str(lex.get("stopwords", "")), tuple(lex.get("extra_stopwords", "").split()),
            {k: tuple(v) for k, v in d.get("references", {}).items()})
    except (OSError, KeyError, TypeError, AttributeError, re.error, tomllib.TOMLDecodeError) as e:
        raise LexiconError(f"{path.name}: {e}") from e


@lru_cache(maxsize=1)
def all_lexicons() -> dict[str, Lexicon]:
    """Every shipped language in its `order`: English (the documents' language) first."""
    found = sorted(((order, lx) for order, lx in (_read(p) for p in _DIR.glob("*.toml"))),
                   key=lambda x: x[0])
    if not found or found[0][1].language != "en":
        raise LexiconError("en.toml must be there and come first (order = 0)")
    return {lx.language: lx for _, lx in found}


def languages() -> tuple[str, ...]:
    return tuple(all_lexicons())


def get(lang: str) -> Lexicon:
    lexicons = all_lexicons()
    return lexicons.get(lang, lexicons["en"])


@lru_cache(maxsize=256)
def cue(lang: str, name: str, anchored: bool = False) -> re.Pattern[str] | None:
    """The question cue `name` ("question.date") of one language as one pattern: found
    anywhere between word boundaries, or, `anchored`, as the question's first word.
    None when that language has no such cue."""
    alts = get(lang).cues.get(name, ())
    if not alts:
        return None
    body = "|".join(alts)
    return re.compile(rf"^\W*(?:{body})\b" if anchored else rf"\b(?:{body})\b")


def document_words(name: str, langs: tuple[str, ...] | None = None) -> str:
    """The document-side words `name` ("months") of the given (default: all) languages,
    as one regex alternation."""
    lexicons = all_lexicons()
    return "|".join(w for lg in (langs or tuple(lexicons)) for w in lexicons[lg].document.get(name, ()))


@lru_cache(maxsize=1)
def month_numbers() -> dict[str, int]:
    """Every spelling and abbreviation of a month, in every language -> its number (1-12).
    The one month table: cover-page dates (firstpage) and answer types read it."""
    out: dict[str, int] = {}
    for key in ("months", "month_abbreviations"):
        for lx in all_lexicons().values():
            entries = lx.document.get(key, ())
            if entries and len(entries) != 12:
                raise LexiconError(f"{lx.language}.toml {key}: 12 entries, one per month, not {len(entries)}")
        out.update(_numbered(lambda lx, key=key: lx.document.get(key, ())))
    return out


@lru_cache(maxsize=1)
def cardinal_numbers() -> dict[str, int]:
    """The numbers one to twenty in words, in every language -> their value."""
    return _numbered(lambda lx: lx.document.get("cardinals", ()))


@lru_cache(maxsize=1)
def ordinal_numbers() -> dict[str, int]:
    """"first", "tercera", "quatrième" (match form), in every language -> their value."""
    return _numbered(lambda lx: lx.references.get("ordinals", ()))


def _numbered(entries: Any) -> dict[str, int]:
    """Each spelling of the entries (`entries(lexicon)`, in order, an entry may list several)
    -> its place, from 1, in every language."""
    out: dict[str, int] = {}
    for lx in all_lexicons().values():
        for no, entry in enumerate(entries(lx), 1):
            out.update(dict.fromkeys(entry.lower().split(), no))
    return out


@cache
def reference_words(name: str) -> str:
    """The words of one kind of reference ("panel", "paragraph") in every language, as one
    regex alternation, longest first (the lexicons' [references])."""
    words = {w for lx in all_lexicons().values() for w in lx.references.get(name, ())}
    if not words:
        raise LexiconError(f"no language lists [references] {name}")
    return _longest_first(words)


def _longest_first(words: set[str]) -> str:
    """One regex alternation, longest first, so a longer word wins over its prefix."""
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


@cache
def document_pairs(name: str) -> tuple[tuple[str, str], ...]:
    """The document-side "a>b" entries `name` of every language, as (a, b) pairs in order
    (a plural ending and its singular's, a kind word and the English one)."""
    rules = (r.partition(">") for r in document_words(name).split("|") if ">" in r)
    return tuple((a, b) for a, _, b in rules)


def month_words(abbreviations: bool = False) -> str:
    """The months' spellings (and, asked, abbreviations) as one alternation, longest first."""
    names = {w for lx in all_lexicons().values() for entry in lx.document.get("months", ())
             for w in entry.lower().split()}
    if abbreviations:
        names = set(month_numbers())
    return _longest_first(names)
