"""Reference lookup: "paragraph 9 d", "¶13", "Panel 2", "section II of the Quito summary"
resolve to refs before any semantic search."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .textnorm import for_match, words
from .types import DocMeta

_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX",
          10: "X"}
_ORDINAL = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
    "primer": 1, "primero": 1, "primera": 1, "segundo": 2, "segunda": 2, "tercer": 3,
    "tercero": 3, "tercera": 3, "primeiro": 1, "primeira": 1, "terceiro": 3, "terceira": 3,
    "premier": 1, "premiere": 1, "deuxieme": 2, "troisieme": 3,
}
_PARA_WORDS = r"(?:¶|§§?|paragraphs?|paras?\.?|parrafos?|paragrafos?|paragraphes?|numerals?|numeral)"
_PARA = re.compile(_PARA_WORDS + r"\s*(\d{1,3})(?:\s*[,.]?\s*(?:\(?\s*([a-z]|[ivx]{1,4})\s*\)"
                   r"|(?:item|sub-?item|letter|letra|lettre|inciso|literal)?\s*\(?([a-z]|[ivx]{1,4})\)?(?![a-z])))?")
_BARE_ITEM = re.compile(r"(?<![\w(])(\d{1,2})\s*\(([a-z]|[ivx]{1,4})\)")
_LABELLED = re.compile(r"\b(panel|session|sesion|sessao|annex|anexo|annexe)\s+(\d{1,2}|[ivx]{1,4})\b")
_ORD_LABEL = re.compile(r"\b(" + "|".join(_ORDINAL) + r")\s+(panel|session|sesion|sessao)\b")
_LABEL_ORD = re.compile(r"\b(panel|sesion|sessao|session)\s+(" + "|".join(_ORDINAL) + r")\b")
_SECTION = re.compile(r"\b(?:section|seccion|secao|chapter|capitulo|chapitre)\s+([ivx]{1,4}|\d{1,2})\b")
_SECTION_SIGN = re.compile(r"§\s*([IVX]{1,4})\b")
_BULLET = re.compile(r"\b(?:bullet|point|punto|ponto|vineta|puce)\s+(\d{1,2})\b")
_LABEL_NAME = {"sesion": "Session", "sessao": "Session", "anexo": "Annex", "annexe": "Annex"}


def _label(word: str, num: str) -> str:
    name = _LABEL_NAME.get(word, word.capitalize())
    n = int(num) if num.isdigit() else _roman_value(num)
    return f"{name} {n}"


def _roman_value(s: str) -> int:
    return next((k for k, v in _ROMAN.items() if v == s.upper()), 0)


def find_refs(question: str) -> list[str]:
    """Every explicit reference in the question, as refs ("¶9(d)", "Panel 2", "§II")."""
    q = for_match(question)
    out: list[str] = []
    for m in _PARA.finditer(q):
        sub = m.group(2) or m.group(3)
        out.append(f"¶{m.group(1)}" + (f"({sub})" if sub else ""))
    for m in _BARE_ITEM.finditer(q):
        out.append(f"¶{m.group(1)}({m.group(2)})")
    containers = [_label(m.group(1), m.group(2)) for m in _LABELLED.finditer(q)]
    containers += [_label(m.group(2), str(_ORDINAL[m.group(1)])) for m in _ORD_LABEL.finditer(q)]
    containers += [_label(m.group(1), str(_ORDINAL[m.group(2)])) for m in _LABEL_ORD.finditer(q)]
    for m in list(_SECTION.finditer(q)) + list(_SECTION_SIGN.finditer(question)):
        v = m.group(1)
        out.append("§" + (_ROMAN.get(int(v), v) if v.isdigit() else v.upper()))
    bullet = _BULLET.search(q)
    for c in containers:
        out.append(f"{c}, bullet {bullet.group(1)}" if bullet else c)
    return list(dict.fromkeys(out))


@dataclass(frozen=True)
class Naming:
    """A document a question names, and how: by its place, year or meeting (strong,
    "the Quito meeting", "the 2021 plan") or only by its kind (weak, "the plan")."""

    doc_id: str
    words: frozenset[str]
    strong: bool


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
        weak = set(words(d.kind)) - _NOT_NAMES
        if counts:
            own = counts.get(d.doc_id, Counter())
            rivals = [c for doc, c in counts.items() if doc != d.doc_id]
            dominant = {w for w in strong if own[w] + 1 > 2 * max((c[w] for c in rivals), default=0)}
            weak |= strong - dominant
            strong = dominant
        keys[d.doc_id] = (strong, weak - strong)
    return keys


_NOT_NAMES = {"of", "the", "de", "and", "virtual", "meeting", "doc"}


def doc_hints(question: str, docs: dict[str, DocMeta],
              keys: dict[str, tuple[set[str], set[str]]] | None = None) -> list[str]:
    """Documents the question names (by place, year, meeting or kind), best first."""
    return [n.doc_id for n in named_by(question, keys or naming_keys(docs))]


def named_by(question: str, keys: dict[str, tuple[set[str], set[str]]]) -> list[Naming]:
    """The documents a question names, best first (strong namings before weak ones)."""
    qw = set(words(question))
    found = [Naming(doc, frozenset(qw & (strong | weak)), bool(qw & strong))
             for doc, (strong, weak) in keys.items() if qw & (strong | weak)]
    return sorted(found, key=lambda n: (not n.strong, -len(n.words), n.doc_id))
