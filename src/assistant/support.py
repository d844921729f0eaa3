"""Does the evidence mention what the question is specifically about?

A near-miss question ("How many labor inspectors does Colombia employ?") matches
paragraphs on labor inspection closely, yet the documents say nothing about
Colombia's inspectors. Such a question names specific things (a country, a
year, a number, an acronym) and the paragraphs that would answer it must name
them too. Only terms that occur somewhere in the corpus are checked this way;
terms the corpus never uses are the `known` test's business, and capitalised
words of another language ("Grupo de Trabajo") simply are not in the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .aliases import Aliases, acronyms_in
from .textnorm import for_match, words
from .types import DocMeta, Unit

_TOKEN = re.compile(r"[\w’'-]+")
_NUMBER = re.compile(r"^\d{2,}$")


def specific_terms(question: str) -> tuple[list[str], list[str]]:
    """(names, numbers): capitalised words after the first word and acronyms,
    and numbers of two or more digits, as the question writes them."""
    names: list[str] = []
    numbers: list[str] = []
    tokens = _TOKEN.findall(question)
    for i, tok in enumerate(tokens):
        tok = re.sub(r"[’']s$", "", tok).strip("’'-")  # "WG1's" is WG1
        if _NUMBER.match(tok):
            numbers.append(tok)
        elif tok[:1].isupper() and (i > 0 or tok.isupper() and len(tok) > 1):
            names.append(tok)
    return list(dict.fromkeys(names)), list(dict.fromkeys(numbers))


def evidence_words(units: Iterable[Unit], docs: dict[str, DocMeta], aliases: Aliases) -> set[str]:
    """Every word of the units, their headings and lead-ins, their documents'
    metadata, and the long forms of the acronyms they use."""
    parts: list[str] = []
    for u in units:
        parts += [u.text, u.lead, u.ref, *u.headings]
        d = docs.get(u.doc_id)
        if d:
            parts += [d.title, d.meeting, d.place, d.symbol, d.kind, str(d.year or "")]
    text = " ".join(parts)
    found = set(words(text))
    for acr in acronyms_in(text):
        if acr in aliases.table:
            found |= set(words(aliases.table[acr]))
    return found


def missing_terms(question: str, evidence: set[str], corpus: set[str], aliases: Aliases) -> list[str]:
    """The question's specific names that the corpus uses but the evidence does not.
    (Numbers are only checked against the whole corpus: a year the answer needs is
    often in a neighbouring paragraph.)"""
    names, _ = specific_terms(question)
    missing = []
    for name in names:
        canon = aliases.canonical(name) or name
        folded = words(canon)
        if not folded or not all(w in corpus for w in folded):
            continue
        if not all(w in evidence for w in folded):
            long = aliases.table.get(canon)
            if not long or not all(w in evidence for w in words(long)):
                missing.append(name)
    return missing


def unknown_numbers(question: str, corpus: set[str]) -> list[str]:
    """Numbers the question cites that appear nowhere in the corpus ("Convention 189")."""
    return [n for n in specific_terms(question)[1] if for_match(n) not in corpus]


_HOW_MANY = re.compile(r"^\W*(how (many|much)|cu[aá]nt[oa]s?|quant[oa]s?|combien)\b", re.I)
_QUANTITY = re.compile(r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                       r"twenty|thirty|forty|fifty|hundred|thousand|million|billion|half|dozen|"
                       r"percent|majority|most)\b", re.I)


def lacks_quantity(question: str, best: Unit | None) -> bool:
    """A "how many / how much" question whose best paragraph states no quantity at all."""
    return bool(_HOW_MANY.search(question)) and best is not None and not _QUANTITY.search(best.text)
