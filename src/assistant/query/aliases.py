"""Acronyms and aliases mined from the corpus, used to expand questions both ways.

A definition is a capitalised phrase followed by an acronym in brackets, as
documents introduce them: "Working Group 2 (WG2)", "Inter-American Network for
Labor Administration (RIAL)", "Trade Union Technical Advisory Council (COSATE)".
The acronym need not match the phrase's initials (COSATE is Spanish), but then
the phrase must be a run of capitalised words, so "(Argentina)" or a document
symbol never counts.

Besides mined definitions, a few language equivalents of acronym *prefixes*
(the Spanish GT for WG, CIMT for IACML) let a question in another language reach
the English acronym. They are facts about the OAS system's languages, not about
any one document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.query.refs import ORDINALS
from assistant.textnorm import for_match

_ACRONYM = r"[A-Z][A-Za-z]{0,2}[A-Z0-9](?:[A-Z0-9-]{0,8}[A-Z0-9])?"
_DEF = re.compile(r"([A-Z][\w’'-]*(?:[ \t]+(?:[A-Z0-9][\w’'-]*|of|for|on|and|the|in|de|del|la|"
                  r"to|at|with)){0,12})[ \t]*\((" + _ACRONYM + r")\)")
_CONNECTORS = {"of", "for", "on", "and", "the", "in", "de", "del", "la", "to", "at", "with"}

# Other-language forms of acronyms the OAS labor documents use, by prefix.
LANGUAGE_EQUIVALENTS = {
    "GT": "WG",  # grupo de trabajo / grupo de trabalho / groupe de travail
    "CIMT": "IACML",  # Conferencia Interamericana de Ministros de Trabajo
    "OEA": "OAS",
    "OIT": "ILO",
    "CIT": "ILC",
}

# Other-language forms of the generic head of a numbered name ("Working Group 2"), so
# "grupo de trabajo 2" or "le deuxième groupe de travail" reach WG2 as "GT2" does.
NAME_EQUIVALENTS = {
    "working group": ("grupo de trabajo", "grupo de trabalho", "groupe de travail"),
}


_ACRONYM_TOKEN = re.compile(r"\b[A-Z][A-Za-z0-9-]*[A-Z0-9]\b")


def acronyms_in(text: str) -> list[str]:
    """Tokens shaped like acronyms (WG2, RIAL, CIMT-20), in order."""
    return _ACRONYM_TOKEN.findall(text)


def initials(words: list[str]) -> str:
    """The acronym of these words: their first letters, numbers whole, connectors out
    ("Working Group 2" -> "WG2")."""
    out = []
    for w in words:
        for part in w.split("-"):
            if part.isdigit():
                out.append(part)
            elif part and part.lower() not in _CONNECTORS:
                out.append(part[0].upper())
    return "".join(out)


def _long_form(phrase: str, acronym: str) -> str:
    """The phrase's tail the acronym stands for: the shortest tail whose initials
    equal it, else the whole run of capitalised words (a translated acronym)."""
    words = phrase.split()
    while words and words[0].lower() in _CONNECTORS:
        words = words[1:]
    for start in range(len(words) - 1, -1, -1):
        if initials(words[start:]) == acronym.replace("-", ""):
            return " ".join(words[start:])
    tail = words[-8:]
    # "IACML and the Inter-American Committee on Education (CIE)": a leading
    # acronym or connector belongs to the sentence, not to the name.
    while tail and (tail[0].lower() in _CONNECTORS or tail[0].isupper() and len(tail[0]) > 1):
        tail = tail[1:]
    caps = [w for w in tail if w.lower() not in _CONNECTORS]
    if len(caps) < 2 or any(not w[0].isupper() for w in caps):
        return ""
    return " ".join(tail)


def mine(texts: Iterable[str]) -> dict[str, str]:
    """acronym -> long form, from every definition in the texts (first one wins)."""
    found: dict[str, str] = {}
    for text in texts:
        text = re.sub(r"(?<=[a-z])- (?=[A-Z])", "-", text)  # "Inter- American" from line wraps
        for m in _DEF.finditer(text):
            phrase, acronym = m.group(1), m.group(2)
            if acronym.isdigit() or acronym in found or phrase.isupper() and len(phrase) > 60:
                continue
            long = _long_form(phrase, acronym)
            if long and long.upper() != acronym:
                found[acronym] = _titled(long)
    return found


def _titled(phrase: str) -> str:
    """Headings shout ("WORKING GROUP 2"); keep one readable form."""
    if phrase.isupper():
        return " ".join(w if w.lower() in _CONNECTORS else w.capitalize() for w in phrase.lower().split())
    return phrase


def _name_pattern(long: str) -> re.Pattern[str] | None:
    """A long form as a whole-word pattern on the match form. A numbered one ("Working
    Group 2") is also found in the other three languages, its number a digit ("grupo de
    trabajo nº 2") or an ordinal before the head ("the second working group", "2nd
    working group", "deuxième groupe de travail")."""
    folded = for_match(long)
    if not folded:
        return None
    m = re.fullmatch(r"(.*[a-z])\s+(\d{1,2})", folded)
    if not m:
        return re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")
    head, n = m.group(1), int(m.group(2))
    heads = "|".join(re.escape(h) for h in (head, *NAME_EQUIVALENTS.get(head, ())))
    ords = "|".join([w for w, v in ORDINALS.items() if v == n]
                    + [rf"{n}(?:st|nd|rd|th|er|ere|re|eme|e|o|a)"])
    return re.compile(rf"\b(?:(?:{heads})\s+(?:no\.?\s*|n[o.]?\s|number\s|numero\s)?{n}\b"
                      rf"|(?:{ords})\s+(?:{heads})\b)")


class Aliases:
    def __init__(self, table: dict[str, str]) -> None:
        self.table = dict(table)
        self._names = [(p, k) for k, v in self.table.items() if (p := _name_pattern(v))]
        # what word matching reads for each name: its long form, then its acronym
        self._spelled = {k: f" {for_match(v)} {k.lower()} " for k, v in self.table.items()}

    def canonical(self, token: str) -> str | None:
        if token in self.table:
            return token
        for prefix, eng in LANGUAGE_EQUIVALENTS.items():
            if token.startswith(prefix) and (cand := eng + token[len(prefix):]) in self.table:
                return cand
        return None

    def expand(self, question: str) -> list[str]:
        """Phrases to add to the question: the long form of every acronym it uses
        (in any language's spelling) and the acronym of every long form it spells out."""
        out: list[str] = []
        for token in acronyms_in(question):
            canon = self.canonical(token)
            if canon:
                out += [canon, self.table[canon]] if canon != token else [self.table[canon]]
        folded = for_match(question)
        for pattern, acr in self._names:
            if pattern.search(folded):
                out += [acr, self.table[acr]]
        return [p for p in dict.fromkeys(out) if p not in question]

    def with_acronyms(self, question: str) -> str:
        """The question in match form, each name it spells out written as the documents'
        long form followed by the acronym: word matching then finds the paragraphs that
        spell the name and those that abbreviate it, from "the second working group" too."""
        folded = for_match(question)
        for pattern, acr in self._names:
            folded = pattern.sub(self._spelled[acr], folded)
        return " ".join(folded.split())

    def in_english_acronyms(self, question: str) -> str:
        """The question with each other-language acronym in its English form ("GT2" ->
        "WG2", "CIMT" -> "IACML"): the other forms appear in the documents only inside
        symbols and titles ("CIMT-20/GT1-GT2/doc.10/19"), which would match every question."""
        def swap(m: re.Match[str]) -> str:
            canon = self.canonical(m.group(0))
            return canon if canon else m.group(0)

        return _ACRONYM_TOKEN.sub(swap, question)

    def expanded(self, question: str) -> str:
        extra = self.expand(question)
        return f"{question} ({'; '.join(extra)})" if extra else question
