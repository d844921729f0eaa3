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
from functools import lru_cache

from assistant import lexicons
from assistant.query.lang import detect
from assistant.textnorm import for_match

PERSON, DATE, QUANTITY = "person", "date", "quantity"

_Q_TYPES = ((QUANTITY, "question.quantity"), (DATE, "question.date"))

_MONTHS = lexicons.month_words()
_DATE = re.compile(rf"\b(\d{{1,2}}(st|nd|rd|th)?\s*(–|-|de|of)?\s*({_MONTHS})"
                   rf"|({_MONTHS})\s+\d{{1,2}}(st|nd|rd|th)?"
                   r"|\d{1,2}/\d{1,2}/\d{2,4}|(19|20)\d\d)\b", re.I)
_NUMBER_WORDS = lexicons.document_words("number_words")
_QUANTITY_WORDS = "|".join([_NUMBER_WORDS, lexicons.document_words("quantity_words")])
_PERCENT = lexicons.document_words("percent")
_AFTER = lexicons.document_words("not_counted_after")
# A number that counts or measures: not a year, not a list or paragraph label.
_QUANTITY = re.compile(rf"(\d[\d,.]*\s*(%|{_PERCENT})|(us)?\$\s*\d"
                       rf"|(?<![-/.\w])(?!(19|20)\d\d\b)\d[\d,.]*\s+(?!({_AFTER})\b)[a-z]{{3,}}"
                       rf"|\b({_QUANTITY_WORDS})\s+[a-z]{{3,}})", re.I)
# Numbers that name rather than count: "Working Group 2", "Convention 189", "paragraph 9".
_LABEL = re.compile(rf"\b({lexicons.document_words('labels')})\.?\s+\d+", re.I)
# Role nouns after a name ("Ana Pérez, Principal Technical Advisor"); adjectives
# such as "technical" may come between, so they are not roles themselves.
_ROLE = lexicons.document_words("roles")
_HONORIFIC = r"(Mr|Mrs|Ms|Dr|Sr|Sra|Srta|Hon|Mme|M)\.\s+[A-ZÁÉÍÓÚÑ]|(Mr|Mrs|Ms|Dr|Mme)\s+[A-ZÁÉÍÓÚÑ]"
_NAME = r"[A-ZÁÉÍÓÚÑ][a-záéíóúñç'-]+(\s+(de|del|da|dos|la)?\s*[A-ZÁÉÍÓÚÑ][a-záéíóúñç'-]+){1,3}"
_PERSON = re.compile(rf"\b({_HONORIFIC}|{_NAME},?\s+([A-Z][a-z]+\s+){{0,3}}(?i:{_ROLE})\b)")
_MODERATOR = re.compile(rf"\b({lexicons.document_words('moderator')})\s*:", re.I)


@lru_cache(maxsize=16)
def _role_questions(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(identity, name-of-role) question patterns of one language, roles in that language.

    "Who is / was the Minister of …" asks a person's identity; only these must be answered
    by a person ("who paid / who coordinates" is as often a body). "What is the name of the
    minister…" asks the same; the role must be what is named ("the name of the platform of
    the Ministry" asks for a platform), so no "of" / "de" may come between, at most 3 words."""
    lx = lexicons.get(lang)
    roles = "|".join(lx.document.get("roles", ()) + lx.cues.get("question.identity_roles", ()))
    who, name_of = lx.cues.get("question.identity", ()), lx.cues.get("question.name_of", ())
    if not roles:
        return None, None
    identity = re.compile(rf"^\W*(?:{'|'.join(who)})\b[^?]{{0,40}}\b({roles})\b") if who else None
    named = re.compile(rf"\b(?:{'|'.join(name_of)})(?:\s*(?!(?:of|de|del|do|da|dos|das|du|des)\b)"
                       rf"[\w'-]+){{0,3}}?\s*\b({roles})") if name_of else None
    return identity, named


def asks_who_holds_a_role(question: str, language: str | None = None) -> bool:
    q, lang = for_match(question), language or detect(question)
    return any(p is not None and p.search(q) for p in _role_questions(lang))


def question_type(question: str, language: str | None = None) -> str:
    """The kind of answer asked for, or "" when the question does not say; read with the
    cues of the question's language only."""
    q, lang = for_match(question), language or detect(question)
    for name, cue_name in _Q_TYPES:
        if (pattern := lexicons.cue(lang, cue_name)) is not None and pattern.search(q):
            return name
    if (who := lexicons.cue(lang, "question.person", anchored=True)) is not None and who.search(q):
        return PERSON
    named = _role_questions(lang)[1]
    return PERSON if named is not None and named.search(q) else ""


def unit_types(text: str) -> frozenset[str]:
    """The kinds of answer this text contains."""
    found = set()
    if _PERSON.search(text) or _MODERATOR.search(text):
        found.add(PERSON)
    if _DATE.search(text):
        found.add(DATE)
    if _QUANTITY.search(_LABEL.sub(" ", text)):
        found.add(QUANTITY)
    return frozenset(found)


def announces_list(text: str) -> bool:
    """A list's lead-in ("WG2 will follow up on the following topics:")."""
    return text.rstrip().endswith(":")


# "How many children…": what is counted, in the documents' language (an English question;
# counts below are read with English number words, as the documents are English).
_EN = lexicons.get("en")
_HOW_MANY = re.compile(rf"\b(?:{'|'.join(_EN.cues['question.count'])})\s+([a-z-]+)(?:\s+([a-z-]+))?")
_NOT_COUNTED = frozenset(_EN.cues["question.count_skip"])
_NUMBER = re.compile(rf"\d[\d,.]*|{lexicons.document_words('number_words', ('en',))}")


def counted_words(question: str) -> list[str]:
    """The words after "how many" or "number of" that say what is counted ("how many
    member states" -> member, states); [] when the question is not such a count."""
    m = _HOW_MANY.search(for_match(question))
    if not m:
        return []
    return [w for w in m.groups() if w and w not in _NOT_COUNTED]


# Things a document counts by naming them one by one.
_NAMED_KINDS = {w[:5] for w in _EN.document["named_kinds"]}
_ENUMERATION = re.compile(r"[A-Z][\w-]+(?: [A-Z][\w-]+)*(?:, (?:and )?[A-Z][\w-]+(?: [A-Z][\w-]+)*){2,}")
_NOT_A_COUNT = re.compile("|".join(_EN.document["not_a_count"]))


def asks_count_other(question: str, language: str | None = None) -> bool:
    """"¿Cuántos niños…?", "Quantos Ministérios…", "Combien de pays…": a count asked in
    another language than the documents', by that language's own cue only."""
    pattern = lexicons.cue(language or detect(question), "question.count")
    return pattern is not None and bool(pattern.search(for_match(question)))


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
