"""What kind of answer a question wants, and which units can supply it.

"Who moderated…" wants a person, "when…" a date, "how many…" a quantity. A unit
that contains no such thing rarely answers, however close its words are, so the
retriever gives the units that do a bonus. Question words are matched in the
four OAS languages; units are read for the shapes official documents use: a
name followed by a role ("Ana Pérez, Director of …"), an honorific, a date with
a month, a number counting something.
"""

from __future__ import annotations

import re

from .textnorm import for_match

PERSON, DATE, QUANTITY = "person", "date", "quantity"

_Q_TYPES = (
    (QUANTITY, re.compile(
        r"\b(how (many|much|long|old)|(what|at what|minimum|maximum) age|qu[eé] edad|que idade|"
        r"quel [aâ]ge|(share|percentage|proportion|number|amount|rate) of|"
        r"what (share|percentage|proportion|number|amount)|cu[aá]nt[oa]s?|"
        r"quant[oa]s?|combien|quelle (part|proportion|dur[ée]e)|qu[eé] (porcentaje|proporci[oó]n)|"
        r"que (percentagem|propor[cç][aã]o)|(porcentaje|n[uú]mero|cantidad|monto|tasa|taxa|"
        r"percentagem|pourcentage|nombre|montant|taux) de)\b")),
    (DATE, re.compile(
        r"\b(when (was|were|is|are|did|does|do|will|would|must|should|can|could|has|have|had)\b|"
        r"what (date|year|day)|on what dates?|cu[aá]ndo|en qu[eé] (fecha|a[nñ]o)|quando|"
        r"em que (data|ano)|quand|en quelle ann[ée]e|[àa] quelle date)\b")),
    (PERSON, re.compile(r"^\W*(who|qui[eé]n(es)?|quem|qui)\b")),
)

_MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december|"
           "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|"
           "janeiro|fevereiro|mar[cç]o|maio|junho|julho|setembro|outubro|novembro|dezembro|"
           "janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre")
_DATE = re.compile(rf"\b(\d{{1,2}}(st|nd|rd|th)?\s*(–|-|de|of)?\s*({_MONTHS})"
                   rf"|({_MONTHS})\s+\d{{1,2}}(st|nd|rd|th)?"
                   r"|\d{1,2}/\d{1,2}/\d{2,4}|(19|20)\d\d)\b", re.I)
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
                 "forty|fifty|dozens?|hundreds?|thousands?|millions?")
# A number that counts or measures: not a year, not a list or paragraph label.
_QUANTITY = re.compile(r"(\d[\d,.]*\s*(%|percent|por ciento|por cento|pour cent)|(us)?\$\s*\d"
                       r"|(?<![-/.\w])(?!(19|20)\d\d\b)\d[\d,.]*\s+(?!(of|and|or|to|the|for|from|with)\b)[a-z]{3,}"
                       rf"|\b({_NUMBER_WORDS}|billions?|half|majority|"
                       r"dos|tres|cuatro|cinco|tr[eê]s|quatro|deux|trois|quatre|cinq)\s+[a-z]{3,})",
                       re.I)
# Numbers that name rather than count: "Working Group 2", "Convention 189", "paragraph 9".
_LABEL = re.compile(r"\b(group|panel|session|paragraph|article|convention|resolution|item|bullet|"
                    r"section|chapter|annex|grupo|grupos|painel|sesi[oó]n|p[aá]rrafo|art[ií]culo|"
                    r"convenio|groupe|s[ée]ance|paragraphe|doc|no)\.?\s+\d+", re.I)
# Role nouns after a name ("Ana Pérez, Principal Technical Advisor"); adjectives
# such as "technical" may come between, so they are not roles themselves.
_ROLE = ("advisor|adviser|asesora?|assessora?|conseill[eè]re?|director|directora|diretora?|"
         "directeur|directrice|minister|ministr[oa]|ministre|chief|jef[ea]|chefe|chef|officer|"
         "specialist|especialista|sp[ée]cialiste|commissioner|comisionad[oa]|secretary|"
         "secretari[oa]|secret[aá]ri[oa]|secr[ée]taire|undersecretary|subsecretari[oa]|"
         "coordinator|coordinadora?|coordenadora?|president|presidente|pr[ée]sident|"
         "ambassador|embajadora?|representative|representante|consultant|consultora?|"
         "manager|gerente|expert[oa]?|delegate|delegad[oa]|d[ée]l[ée]gu[ée]e?")
_HONORIFIC = r"(Mr|Mrs|Ms|Dr|Sr|Sra|Srta|Hon|Mme|M)\.\s+[A-ZÁÉÍÓÚÑ]|(Mr|Mrs|Ms|Dr|Mme)\s+[A-ZÁÉÍÓÚÑ]"
_NAME = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñç'-]+(\s+(de|del|da|dos|la)?\s*[A-ZÁÉÍÓÚÑ][a-záéíóúñç'-]+){1,3}"
_PERSON = re.compile(rf"\b({_HONORIFIC}|{_NAME},?\s+([A-Z][a-z]+\s+){{0,3}}(?i:{_ROLE})\b)")


# "Who is / was the Minister of …": a question about a person's identity. Only these
# must be answered by a person; "who paid / who coordinates" is as often a body.
_IDENTITY_Q = re.compile(rf"^\W*(who|qui[eé]n(es)?|quem|qui)\s+(is|was|are|were|es|era|fue|son|[eé]|foi|"
                         rf"est|[eé]tait)\b[^?]{{0,40}}\b({_ROLE}|moderat\w*|chair\w*|head|"
                         rf"l[ií]der|leader|jefe)\b", re.I)


# "What is the name of the minister…", "¿Cómo se llama el ministro…?": the same question.
# The role must be what is named: "the name of the platform of the Ministry" asks for a
# platform, so no "of" / "de" / "do" may come between, and at most three words.
_NAME_OF_ROLE_Q = re.compile(rf"\b(what(?: i|')s the name of|name of the|c[oó]mo se llama|como se chama|"
                             rf"qual (?:e|é) o nome d|comment s'appelle|quel est le nom d)"
                             rf"(?:\s*(?!(?:of|de|del|do|da|dos|das|du|des)\b)[\w'-]+){{0,3}}?\s*"
                             rf"\b({_ROLE})", re.I)


def asks_who_holds_a_role(question: str) -> bool:
    q = for_match(question)
    return bool(_IDENTITY_Q.search(q) or _NAME_OF_ROLE_Q.search(q))


def question_type(question: str) -> str:
    """The kind of answer asked for, or "" when the question does not say."""
    q = for_match(question)
    for name, pattern in _Q_TYPES:
        if pattern.search(q):
            return name
    return PERSON if _NAME_OF_ROLE_Q.search(q) else ""


def unit_types(text: str) -> frozenset[str]:
    """The kinds of answer this text contains."""
    found = set()
    if _PERSON.search(text) or re.search(r"\b(moderator|moderador[a]?|mod[ée]rat(eur|rice))\s*:", text, re.I):
        found.add(PERSON)
    if _DATE.search(text):
        found.add(DATE)
    if _QUANTITY.search(_LABEL.sub(" ", text)):
        found.add(QUANTITY)
    return frozenset(found)


def announces_list(text: str) -> bool:
    """A list's lead-in ("WG2 will follow up on the following topics:")."""
    return text.rstrip().endswith(":")


# "How many children…": what is counted, in the documents' language (an English question).
_HOW_MANY = re.compile(r"\b(?:how many|number of)\s+([a-z-]+)(?:\s+([a-z-]+))?")
_NOT_COUNTED = {"of", "the", "are", "were", "is", "was", "do", "does", "did", "have", "has", "in",
                "times", "more", "other", "different", "new", "total"}
_NUMBER = re.compile(rf"\d[\d,.]*|{_NUMBER_WORDS}")


def counted_words(question: str) -> list[str]:
    """The words after "how many" or "number of" that say what is counted ("how many
    member states" -> member, states); [] when the question is not such a count."""
    m = _HOW_MANY.search(for_match(question))
    if not m:
        return []
    return [w for w in m.groups() if w and w not in _NOT_COUNTED]


# Things a document counts by naming them one by one.
_NAMED_KINDS = {w[:5] for w in "countries states nations members delegations ministries governments "
                "organizations institutions agencies companies speakers panelists participants "
                "cities departments provinces".split()}
_ENUMERATION = re.compile(r"[A-Z][\w-]+(?: [A-Z][\w-]+)*(?:, (?:and )?[A-Z][\w-]+(?: [A-Z][\w-]+)*){2,}")
_NOT_A_COUNT = re.compile(r"%|percent|per|to|years?|months?|weeks?|days?|hours?|old")


# "¿Cuántos niños…?", "Quantos Ministérios…", "Combien de pays…": a count asked in another language.
_HOW_MANY_OTHER = re.compile(r"\b(cuant[oa]s|quant[oa]s|combien d[e']|numero de|nombre d[e'])\b")


def asks_count_other(question: str) -> bool:
    return bool(_HOW_MANY_OTHER.search(for_match(question)))


def counts(text: str, counted: list[str], window: int = 4) -> bool:
    """Does the text put a number within `window` words of one of the counted words
    (compared on their first five letters: "children" / "child", "ministries" /
    "Ministries")? "22 Departments … of Child Labor" does not count children, nor
    do a share ("75% of child labor") or an age ("children from 14 to 17 years old")."""
    stems = {w[:5] for w in counted}
    if announces_list(text):
        return True  # a list's lead-in: its items are the count ("how many topics…")
    if (not stems or stems & _NAMED_KINDS) and _ENUMERATION.search(text):
        return True  # "implemented in Argentina, Brazil, Chile…" answers "how many countries"
    toks = re.findall(r"[a-z0-9][a-z0-9,.-]*|%", for_match(text))
    near = [i for i, t in enumerate(toks) if t[:5] in stems or not stems]
    nums = [i for i, t in enumerate(toks) if _NUMBER.fullmatch(t.rstrip(".,"))
            and not re.fullmatch(r"(19|20)\d\d", t.rstrip(".,"))
            and not (i + 1 < len(toks) and _NOT_A_COUNT.fullmatch(toks[i + 1])
                     and toks[i + 1][:5] not in stems)]
    return any(abs(i - j) <= window for i in near for j in nums)
