"""Reference lookup: "paragraph 9 d", "¶13", "Panel 2", "section II of the Quito summary"
resolve to refs before any semantic search."""

from __future__ import annotations

import re

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


def naming_keys(docs: dict[str, DocMeta],
                texts: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Words that name each document: its place, kind, file slug, meeting ordinal and year.

    With the documents' texts, a word another document also uses is dropped: "WG2"
    in a slug names nothing when both documents discuss WG2."""
    keys: dict[str, set[str]] = {}
    for d in docs.values():
        k = set(words(" ".join([d.place, d.kind, d.doc_id.replace("-", " ")])))
        # the meeting's ordinal (XX vs XXI IACML) tells two meetings of one body apart
        k |= {w for w in words(d.meeting) if len(w) > 1 and set(w) <= set("ivxlc")}
        if d.year:
            k.add(str(d.year))
        keys[d.doc_id] = k - {"of", "the", "de", "and", "virtual", "meeting", "doc"}
    if texts:
        seen = {doc: set(words(t)) for doc, t in texts.items()}
        for doc, k in keys.items():
            others = set().union(*(w for o, w in seen.items() if o != doc)) if len(seen) > 1 else set()
            keys[doc] = {w for w in k if w not in others or set(w) <= set("ivxlc")}
    return keys


def doc_hints(question: str, docs: dict[str, DocMeta],
              keys: dict[str, set[str]] | None = None) -> list[str]:
    """Documents the question names (by year, place, kind or title words), best first."""
    return [doc for doc, _ in named_by(question, keys or naming_keys(docs))]


def named_by(question: str, keys: dict[str, set[str]]) -> list[tuple[str, set[str]]]:
    """The documents a question names, best first, each with the words that named it."""
    qw = set(words(question))
    scored = sorted(((len(qw & k), doc, qw & k) for doc, k in keys.items() if qw & k),
                    key=lambda t: (-t[0], t[1]))
    return [(doc, hit) for _, doc, hit in scored]
