"""Reference lookup: "paragraph 9 d", "¶13", "the third bullet of paragraph 8", "o item 9.2 do
Painel 2", "la séance 2", "section II of the Quito summary" resolve to refs before any semantic
search.

A question is read as *containers* (a paragraph, panel, session, section, annex or the
preamble) and *items* (a bullet, point, dash or lettered sub-item). An item counts only when
it is tied to a container: right after it ("Panel 1, bullet 15") or before it through a
preposition ("the fifth point of Panel 2", "inciso d del párrafo 9"). A bare "point 3", "the
first working group" or "three points" names nothing: a reference found here is trusted
without any semantic check, so a false one costs more than a missed one.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from assistant import lexicons
from assistant.query import lang
from assistant.textnorm import for_match

# All patterns run on the match form (lower case, accents dropped): "séance" is "seance".
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX",
          10: "X"}
# The words of each kind of reference, in every language, are data (lexicons [references]).
ORDINALS = lexicons.ordinal_numbers()
# "3rd", "2nd", "4th", "1er", "1ère", "2e", "2ème"; "4º" and "2ª" fold to "4o" and "2a"
_ORD = (r"(?:" + "|".join(sorted(ORDINALS, key=len, reverse=True))
        + r"|\d{1,2}(?:st|nd|rd|th|er|ere|re|eme|e|o|a))")
_LABELS = {w: name for name, key in (("Panel", "panel"), ("Session", "session"), ("Annex", "annex"))
           for w in lexicons.reference_words(key).split("|")}
_LABEL = r"(?:" + "|".join(sorted(_LABELS, key=len, reverse=True)) + r")"
_SECTION_WORD = r"(?:" + lexicons.reference_words("section") + r")"
_NUMERAL = r"(?:\d{1,2}|[ivx]{1,4})"  # labels and sections are numbered either way
# Item words. With a number they name a bullet ("tiret 4", "item 9.2"), with a letter or a
# roman numeral a lettered sub-item ("inciso d", "alínea b)", "le point c").
_ITEM_WORD = r"(?:" + lexicons.reference_words("item") + r")(?:s|es)?"
# Words that only ever name lettered sub-items: "el tercer inciso" is (c), not a bullet.
_LETTER_WORD = r"(?:" + lexicons.reference_words("letter_item") + r")s?"
_SUB = r"(?:[a-z]|[ivx]{1,4})"

_PARA_WORD = r"(?:" + lexicons.reference_words("paragraph") + r")(?:s|es)?"
# "para" alone is English shorthand, or a container's paragraph ("Panel 1, para 2"); in a
# Spanish or Portuguese question it is the preposition "for" ("para 3 países").
_PARA_HEAD = re.compile(r"¶¶?|§§?(?=\s*\d)|\b" + _PARA_WORD + r"\b|\bparas?\.|(?<=, )paras?\b")
_PARA_ABBR = re.compile(r"\bparas?\b(?!\.)")
_NUM = re.compile(r"\s*(\d{1,3})(?!\d)")
# the sub-item right after a paragraph number: "9(d)", "9 (d)", "9 d)", "9.d", "9, inciso d",
# "14 iii", "9 d"
_TAIL = re.compile(r"\s*\(\s*(?P<sub>" + _SUB + r")\s*\)|\s*,?\s*(?P<word>(?:" + _LETTER_WORD
                   + r"|items?)\s+|\.)?(?P<bare>" + _SUB + r")(?P<close>\))?(?![a-z])")
# "a", "e", "o", "y", "i" are words too: "parágrafo 9 a respeito de", "parágrafo 7 e 8",
# "párrafos 7 a 9", "In paragraph 9 I read". Bare, they are a sub-item only where the
# reference visibly ends: "paragraph 5 i", "parágrafo 9 e?", "párrafo 9 a del plan".
_WORDLIKE = set("aeiouy")
_REF_ENDS = re.compile(r"\s*(?:$|[?!.,;:]|(?:of|in|from|del|de|en|do|da|du|dans|no|na)\b)")
# more numbers after a plural head: "paragraphs 7, 8 and 9", "párrafos 7 a 9", "Panels 1-2"
_NEXT = re.compile(r"(?:\s*,\s*(?:(?:and|or|y|o|e|ou|et)\s+)?|\s+(?:and|or|y|o|e|ou|et|&)\s+"
                   r"|\s*(?P<to>-|\s(?:to|through|a|al|au)\s)\s*)(?P<n>\d{1,3})(?!\d|\s*\()")
_BARE_ITEM = re.compile(r"(?<![\w(])(\d{1,2})\s*\((" + _SUB + r")\)")  # "item 7(g)", "9 (d)"
_LABEL_NUM = re.compile(r"\b(" + _LABEL + r")\s+(" + _NUMERAL + r")\b")
_ORD_LABEL = re.compile(r"\b(" + _ORD + r")\s+(?:discussion\s+)?(" + _LABEL + r")\b")
_LABEL_ORD = re.compile(r"\b(" + _LABEL + r")\s+(" + _ORD + r")\b")
_SECTION = re.compile(r"\b" + _SECTION_WORD + r"s?\s+(" + _NUMERAL + r")\b|§\s*([ivx]{1,4})\b")
_ORD_SECTION = re.compile(r"\b(" + _ORD + r")\s+" + _SECTION_WORD + r"\b")
_PREAMBLE = re.compile(r"\b(?:" + lexicons.reference_words("preamble") + r")\b")
# "the annex", "l'annexe", "del anexo" with no number of its own: the paragraphs numbered
# inside it are cited "Annex ¶3"
_ANNEX_BARE = re.compile(r"\b(?:" + lexicons.reference_words("annex") + r")\b(?!\s+(?:\d|[ivx]{1,4}\b))")
_ITEM_NUM = re.compile(r"\b" + _ITEM_WORD + r"\s+(\d{1,2}(?:\.\d{1,2})?)(?!\d|\s*\()")
_ITEM_SUB = re.compile(r"\b" + _ITEM_WORD + r"\s+\(?(" + _SUB + r")\)?(?![a-z])")
_ORD_ITEM = re.compile(r"\b(" + _ORD + r")\s+(" + _ITEM_WORD + r")\b")
# "the second paragraph of the preamble"; alone, "the third paragraph" is too loose to trust
_ORD_PARA = re.compile(r"\b(" + _ORD + r")\s+" + _PARA_WORD + r"\b")
# ... unless said to be numbered: "the fourth numbered paragraph", "el cuarto párrafo numerado"
_ORD_NUMBERED = re.compile(r"\b(" + _ORD + r")\s+(?:numbered\s+" + _PARA_WORD + r"|" + _PARA_WORD
                           + r"\s+(?:numerad[oa]s?|numerote?s?))\b")
_HEAD_WORD = re.compile(r"\b(" + _PARA_WORD + "|" + _ITEM_WORD + "|" + _LABEL + "|" + _SECTION_WORD
                        + r"s?)\s+([a-z][a-z-]*)\b")


def _digits_for_words(q: str) -> str:
    """"paragraph nine", "bullet three", "el apartado catorce" -> the number in digits:
    a number word counts only right after the word of what it numbers."""
    from assistant.lexicons import cardinal_numbers

    numbers = cardinal_numbers()
    return _HEAD_WORD.sub(lambda m: f"{m.group(1)} {numbers[m.group(2)]}" if m.group(2) in numbers
                          else m.group(0), q)
# What may stand between a container and the item after it ("Panel 1, bullet 15",
# "paragraph 8, the third bullet"), and between an item and the container after it
# ("bullet 3 of paragraph 8", "del párrafo", "do Painel", "du paragraphe", "de l'annexe").
_ADJACENT = re.compile(r"\s*[,:;-]?\s*(?:(?:the|el|la|o|a|le)\s+)?")
_CONNECTOR = re.compile(r"\s*,?\s*(?:of|in|from|under|del|de|en|do|da|dos|das|no|na|du|des|dans|au)"
                        r"\s+(?:(?:the|el|la|los|las|o|a|os|as|le|les)\s+|l')?")


class _Mention(NamedTuple):
    start: int
    end: int
    refs: tuple[str, ...]  # what it names on its own; () for an item, which needs a container
    inner: str = ""  # how it reads inside a container: ", bullet 4", "(d)", ", para 2"


def _ordinal(word: str) -> int:
    return ORDINALS.get(word) or int(re.sub(r"\D", "", word))


def _numeral(v: str) -> int:
    return int(v) if v.isdigit() else next((k for k, r in _ROMAN.items() if r == v.upper()), 0)


def _plural(head: str) -> bool:
    return head.rstrip(".").endswith(("s", "x", "§§", "¶¶"))


def _listed(q: str, pos: int, prev: int, name: str) -> list[_Mention]:
    """The rest of a list after a plural head: "paragraphs 7, 8 and 9", "párrafos 7 a 9"."""
    out = []
    while m := _NEXT.match(q, pos):
        n = int(m.group("n"))
        nums = range(prev + 1, n + 1) if m.group("to") and prev < n <= prev + 10 else [n]
        out.append(_Mention(m.start("n"), m.end(), tuple(f"{name}{k}" for k in nums)))
        pos, prev = m.end(), n
    return out


def _tail(q: str, pos: int) -> tuple[str, int] | None:
    """The sub-item right after a paragraph number, and where it ends."""
    m = _TAIL.match(q, pos)
    if not m:
        return None
    alone = not (m["sub"] or m["word"] or m["close"])
    if alone and m["bare"] in _WORDLIKE and not _REF_ENDS.match(q, m.end()):
        return None
    return m["sub"] or m["bare"], m.end()


def _paragraphs(q: str, abbreviated: bool) -> list[_Mention]:
    heads = list(_PARA_HEAD.finditer(q)) + (list(_PARA_ABBR.finditer(q)) if abbreviated else [])
    out = [_Mention(m.start(), m.end(), (f"¶{m.group(1)}({m.group(2)})",))
           for m in _BARE_ITEM.finditer(q)]
    for h in heads:
        num = _NUM.match(q, h.end())
        if not num:
            continue
        n, tail = num.group(1), _tail(q, num.end())
        if tail:
            out.append(_Mention(h.start(), tail[1], (f"¶{n}({tail[0]})",)))
        else:  # a plain paragraph may be a panel's or section's own: "Panel 1, para 2"
            out.append(_Mention(h.start(), num.end(), (f"¶{n}",), f", para {n}"))
        if _plural(h.group()):
            out += _listed(q, tail[1] if tail else num.end(), int(n), "¶")
    return out


def _containers(q: str) -> list[_Mention]:
    """Panels, sessions, annexes, sections and the preamble."""
    out = []
    for m in _LABEL_NUM.finditer(q):
        name, n = _LABELS[m.group(1)], _numeral(m.group(2))
        out.append(_Mention(m.start(), m.end(), (f"{name} {n}",)))
        if _plural(m.group(1)) and m.group(2).isdigit():
            out += _listed(q, m.end(), n, f"{name} ")
    out += [_Mention(m.start(), m.end(), (f"{_LABELS[m.group(2)]} {_ordinal(m.group(1))}",))
            for m in _ORD_LABEL.finditer(q)]
    out += [_Mention(m.start(), m.end(), (f"{_LABELS[m.group(1)]} {_ordinal(m.group(2))}",))
            for m in _LABEL_ORD.finditer(q)]
    sections = [(m, _numeral(m.group(1) or m.group(2))) for m in _SECTION.finditer(q)]
    sections += [(m, _ordinal(m.group(1))) for m in _ORD_SECTION.finditer(q)]
    out += [_Mention(m.start(), m.end(), (f"§{_ROMAN[n]}",)) for m, n in sections if n in _ROMAN]
    out += [_Mention(m.start(), m.end(), (f"¶{_ordinal(m.group(1))}",)) for m in _ORD_NUMBERED.finditer(q)]
    out += [_Mention(m.start(), m.end(), ("Preamble",)) for m in _PREAMBLE.finditer(q)]
    return out


def _items(q: str) -> list[_Mention]:
    """Bullets and sub-items, which name something only inside a container."""
    out = [_Mention(m.start(), m.end(), (), f", bullet {m.group(1)}") for m in _ITEM_NUM.finditer(q)]
    out += [_Mention(m.start(), m.end(), (), f"({m.group(1)})") for m in _ITEM_SUB.finditer(q)]
    for m in _ORD_ITEM.finditer(q):
        n = _ordinal(m.group(1))
        lettered = re.fullmatch(_LETTER_WORD, m.group(2)) and n <= 26
        out.append(_Mention(m.start(), m.end(), (), f"({chr(96 + n)})" if lettered else f", bullet {n}"))
    out += [_Mention(m.start(), m.end(), (), f", para {_ordinal(m.group(1))}") for m in _ORD_PARA.finditer(q)]
    return out


def _in_reading_order(mentions: list[_Mention]) -> list[_Mention]:
    """Left to right; a mention inside a longer one ("inciso d" in "párrafo 9, inciso d") goes."""
    out: list[_Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def _attach(host: _Mention, item: _Mention) -> str | None:
    """The host's ref with the item inside it, when such an item can sit there: lettered
    sub-items only in paragraphs, numbered paragraphs only in panels, sessions, sections."""
    if len(host.refs) != 1 or not item.inner or any(c in host.refs[0] for c in "(,"):
        return None
    paragraph = host.refs[0].startswith("¶")
    if item.inner.startswith("(") and not paragraph or item.inner.startswith(", para") and paragraph:
        return None
    return host.refs[0] + item.inner


def _host(q: str, ms: list[_Mention], i: int) -> tuple[int, str] | None:
    """The container item i sits in: the one just before it, else one after it via "of"."""
    m = ms[i]
    if i > 0 and _ADJACENT.fullmatch(q, ms[i - 1].end, m.start) and (ref := _attach(ms[i - 1], m)):
        return i - 1, ref
    if (i + 1 < len(ms) and _CONNECTOR.fullmatch(q, m.end, ms[i + 1].start)
            and (ref := _attach(ms[i + 1], m))):
        return i + 1, ref
    return None


# "the title of the 2021 plan", "el título del resumen", "o subtítulo", "le titre du plan"
_TITLE = re.compile(r"\b(?:" + lexicons.reference_words("title_prefix") + r")?(?:"
                    + lexicons.reference_words("title") + r")\b")


def asks_for_title(question: str) -> bool:
    """Does the question ask about a title? Whose title is for the caller to settle: only
    a document the question names has its title looked up (a workshop's title is not)."""
    return bool(_TITLE.search(for_match(question)))


def _annexed(q: str, ms: list[_Mention]) -> list[_Mention]:
    """"paragraph 13(b) of the annex", "Annex ¶3", "anexo, párrafo 2": the paragraph
    numbered inside the annex; the bare annex word itself names nothing more."""
    annex = [m for m in ms if m.refs == ("Annex",)]
    if not annex:
        return ms
    out = []
    for m in ms:
        if m.refs and m.refs[0].startswith("¶") and any(
                _ADJACENT.fullmatch(q, a.end, m.start) or _CONNECTOR.fullmatch(q, m.end, a.start)
                for a in annex):
            m = m._replace(refs=tuple(f"Annex {r}" for r in m.refs), inner="")
        out.append(m)
    return [m for m in out if m.refs != ("Annex",)]


def find_refs(question: str) -> list[str]:
    """Every explicit reference in the question, as refs ("¶9(d)", "Panel 2, bullet 9.2", "§II")."""
    q = _digits_for_words(for_match(question))
    abbreviated = lang.detect(question) not in ("es", "pt")
    annex = [_Mention(m.start(), m.end(), ("Annex",)) for m in _ANNEX_BARE.finditer(q)]
    ms = _annexed(q, _in_reading_order(_paragraphs(q, abbreviated) + _containers(q) + _items(q)
                                       + annex))
    inside: dict[int, list[str]] = {}  # container -> its refs with items
    used: set[int] = set()  # items (and paragraphs read as a container's para) placed
    for i in range(len(ms)):
        if ms[i].inner and (found := _host(q, ms, i)):
            inside.setdefault(found[0], []).append(found[1])
            used.add(i)
    out: list[str] = []
    for i, m in enumerate(ms):
        if i not in used:
            out += inside.get(i) or m.refs
    return list(dict.fromkeys(out))
