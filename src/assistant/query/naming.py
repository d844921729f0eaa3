"""Which document a question names: "the Quito meeting", "the 2021 plan", "the plan".

The words that name a document choose the document, not the paragraph; retrieve.py
uses them to prefer that document and keeps them out of the paragraph scoring.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache

from assistant.textnorm import for_match, tokens, words
from assistant.types import DocMeta


@dataclass(frozen=True)
class Naming:
    """A document a question names, and how: by its place, year or meeting (strong,
    "the Quito meeting", "the 2021 plan") or only by its kind (weak, "the plan")."""

    doc_id: str
    words: frozenset[str]
    strong: bool
    plural: bool = False  # named with the others of its kind by a plural ("the resolutions")


def naming_keys(docs: dict[str, DocMeta],
                texts: dict[str, str] | None = None) -> dict[str, tuple[set[str], set[str]]]:
    """(strong, weak) words that name each document. Strong: its place, year and meeting
    ordinal, when the document uses the word more than twice as often as any other
    document does ("XXI" is weak when both documents speak of the XXI IACML). Weak: its
    kind ("plan", "summary")."""
    counts = {doc: Counter(words(t)) for doc, t in (texts or {}).items()}
    keys: dict[str, tuple[set[str], set[str]]] = {}
    for d in docs.values():
        strong = set(words(d.place))
        strong |= {w for w in words(d.meeting) if len(w) > 1 and set(w) <= set("ivxlc")}
        if d.year:
            strong.add(str(d.year))
        strong -= _NOT_NAMES
        # its kind, and the kind its title gives ("the Awaza declaration" for a resolution
        # whose title is "Awaza Political Declaration")
        weak = (set(words(d.kind)) | set(words(d.title)) & _KIND_WORDS) - _NOT_NAMES
        if counts:
            own = counts.get(d.doc_id, Counter())
            rivals = [c for doc, c in counts.items() if doc != d.doc_id]
            dominant = {w for w in strong if own[w] + 1 > 2 * max((c[w] for c in rivals), default=0)}
            dominant |= _own_title_words(d.title, own, rivals)
            weak |= strong - dominant
            strong = dominant
        strong |= _symbol_codes(d.symbol)  # a symbol names one document, however many there are
        keys[d.doc_id] = (strong, weak - strong)
    return keys


_NOT_NAMES = {"of", "the", "de", "and", "virtual", "meeting", "doc"}
_TITLE_WORD_MIN = 6  # letters: "Indigenous", "Awaza" is its place; short words name nothing


def _own_title_words(title: str, own: Counter[str], rivals: list[Counter[str]]) -> set[str]:
    """Words of a title this document uses far more than any other ("Indigenous" for the
    resolution on the International Day of the World's Indigenous Women and Girls): they
    name it as a place does, whatever the number of documents."""
    from assistant.settings import current

    s = current().structure
    return {w for w in words(title) if len(w) >= _TITLE_WORD_MIN and w.isalpha()
            and w not in _KIND_WORDS | _NOT_NAMES and own[w] >= s.title_word_uses
            and own[w] > s.title_word_lead * max((c[w] for c in rivals), default=0)}


_NUMBER_PAIR = re.compile(r"(\d+)/(\d+)")


def _symbol_codes(symbol: str) -> set[str]:
    """"A/RES/80/3" -> {"80-3"}: the number pairs of a document symbol, which is how
    delegates cite it ("resolution 80/3"); as one word, the form named_by reads it in."""
    return {f"{a}-{b}" for a, b in _NUMBER_PAIR.findall(symbol or "")}


def named_by(question: str, keys: dict[str, tuple[set[str], set[str]]]) -> list[Naming]:
    """The documents a question names, best first (strong namings before weak ones)."""
    qw = set(words(_NUMBER_PAIR.sub(r"\1-\2", question)))
    forms = {f: (w, p) for w in qw for f, p in _kind_forms(w).items() if f not in qw}
    found = []
    for doc, (strong, weak) in keys.items():
        hit_weak = {w for w in qw & weak if not _qualified_elsewhere(question, w, strong | weak)}
        # "la resolución" names it by its kind in another language; "the two resolutions",
        # "as resoluções" name every document of that kind
        by_form = [forms[f] for f in forms.keys() & weak]
        hit_weak |= {w for w, _ in by_form}
        if qw & strong or hit_weak:
            found.append(Naming(doc, frozenset(qw & strong | hit_weak), bool(qw & strong),
                                any(p for _, p in by_form)))
    return sorted(found, key=lambda n: (not n.strong, -len(n.words), n.doc_id))


def _kind_forms(word: str) -> dict[str, bool]:
    """The kind words a question word may be, each with whether it was a plural:
    "resoluciones" -> {"resolucion": True, "resolution": True}; "resolución" ->
    {"resolution": False} (by the lexicons' plural endings and kind words of every language)."""
    kinds = _kinds()
    # a plural counts only for a kind of document: "actions" is no plural of "plan of action"
    forms = {word: False, **{s: True for s in _singulars(word) if s != word and s in kinds}}
    return {**forms, **{kinds[f]: p for f, p in forms.items() if f in kinds and kinds[f] not in forms}}


@cache
def _kinds() -> dict[str, str]:
    """A kind word of any language -> the English kind word (the lexicons' `kinds`)."""
    from assistant import lexicons

    return dict(lexicons.document_pairs("kinds"))


def _singulars(word: str) -> list[str]:
    """The singulars a plural word may have, by the lexicons' plural endings of every language."""
    from assistant import lexicons

    return [word[:-len(suffix)] + singular for suffix, singular in lexicons.document_pairs("plural")
            if suffix and word.endswith(suffix) and len(word) > len(suffix) + 2]


def _qualified_elsewhere(question: str, kind: str, own: set[str]) -> bool:
    """"The Bridgetown plan" / "the Plan of Action of Bridgetown": a kind word next to a
    proper name that is not this document's names another document of that kind."""
    toks = tokens(question)
    low = [for_match(t) for t in toks]
    for i, w in enumerate(low):
        if w != kind:
            continue
        near = [i - 1] + [j + 1 for j in range(i + 1, min(i + 4, len(toks) - 1))
                          if low[j] in ("of", "de", "del", "do", "da", "du")]
        for j in near:
            if 0 < j < len(toks) and toks[j][:1].isupper() and low[j] not in own | _KIND_WORDS:
                return True
    return False


_KIND_WORDS = {"plan", "action", "accion", "acao", "summary", "resumen", "resumo", "declaration",
               "declaracion", "declaracao", "resolution", "resolucion", "resolucao", "report", "informe"}
