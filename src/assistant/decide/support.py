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

import math
import re
from collections.abc import Callable, Iterable, Sequence

from assistant.query.aliases import Aliases, acronyms_in
from assistant.query.answertype import DATE, QUANTITY, announces_list, counts
from assistant.query.measure import gives_measure
from assistant.textnorm import for_match, tokens, words
from assistant.types import DocMeta, Hit, QueryFeatures, Unit

_NUMBER = re.compile(r"^\d{2,}$")
_ELIDED = re.compile(r"^(?:[ldjmnst]|qu)['’](?=\w)", re.IGNORECASE)


def specific_terms(question: str) -> tuple[list[str], list[str]]:
    """(names, numbers): capitalised words after the first word and acronyms,
    and numbers of two or more digits, as the question writes them."""
    names: list[str] = []
    numbers: list[str] = []
    for i, tok in enumerate(tokens(question)):
        tok = re.sub(r"[’']s$", "", tok).strip("’'-")  # "WG1's" is WG1
        tok = _ELIDED.sub("", tok)  # "l'OIT", "d'Haïti" are OIT and Haïti
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


def missing_terms(f: QueryFeatures, evidence: set[str], corpus: set[str], aliases: Aliases) -> list[str]:
    """The question's specific names that the corpus uses but the evidence does not.
    (Numbers are only checked against the whole corpus: a year the answer needs is
    often in a neighbouring paragraph.) In another language a country is read by its
    English name ("Estados Unidos"), and a name spelt one letter away from the documents'
    ("Belice" / Belize) counts as theirs."""
    cross = f.cross
    missing = []
    for name in f.names:
        canon = aliases.canonical(name) or name
        folded = words(canon)
        if cross:
            folded = [w if w in corpus else cognate(w, corpus) or w for w in folded]
        if not folded or not all(w in corpus for w in folded):
            continue
        if not all(_known_word(w, evidence) for w in folded):
            long = aliases.table.get(canon)
            if not long or not all(_known_word(w, evidence) for w in words(long)):
                missing.append(name)
    return missing


def cognate(w: str, corpus: set[str]) -> str:
    """The one corpus word a letter away from a name of five or more letters ("brasil" /
    "brazil", "belice" / "belize"), or "" when there is none or more than one."""
    if len(w) < 5 or not w.isalpha():
        return ""
    near = [c for c in corpus if c[:1] == w[:1] and abs(len(c) - len(w)) <= 1 and _one_edit(w, c)]
    return near[0] if len(near) == 1 else ""


def _one_edit(a: str, b: str) -> bool:
    """Are a and b one substitution, insertion or deletion apart?"""
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)):] == b[i + 1:] and a != b


def unknown_numbers(f: QueryFeatures, corpus: set[str]) -> list[str]:
    """Numbers the question cites that appear nowhere in the corpus ("Convention 189")."""
    return [n for n in f.numbers if for_match(n) not in corpus]


def unknown_names(f: QueryFeatures, corpus: set[str], aliases: Aliases) -> list[str]:
    """Names the question uses that the corpus never does ("the XXII IACML", "Brazil").
    In another language only the countries can be read so ("Bolivie" is Bolivia); its
    other capitalised words are simply not the documents' words."""
    out = []
    for name in f.countries if f.cross else f.names:
        canon = aliases.canonical(name) or name
        # in "COVID-related" the name is "COVID"
        folded = [w for part in canon.split("-") if part[:1].isupper() for w in words(part)]
        if folded and not all(_known_word(w, corpus) for w in folded):
            out.append(name)
    return out


def _known_word(w: str, corpus: set[str]) -> bool:
    """In the corpus as written, or as a variant of a corpus word (see below)."""
    if w in corpus:
        return True
    if set(w) <= set("ivxlcdm") or not w.isalpha():
        return False  # "XXIII" is not a variant of "XXII", nor "2023" of "2021"
    # a variant of the word: its plural or demonym ("Americans" / "Latin America"),
    # or a part of a hyphenated word ("COVID" / "COVID-19")
    stem = w[:max(4, len(w) - 3)]
    return any(c.startswith(stem) and abs(len(c) - len(w)) <= 3 or
               "-" in c and w in c.split("-") for c in corpus)


def lacks_answer_type(f: QueryFeatures, held: Iterable[tuple[frozenset[str], str]]) -> str:
    """A question asking for a quantity, a date or who holds a role ("how many",
    "when", "who is the Minister…") whose best paragraphs hold none: the kind of
    answer missing, else "". Other "who" questions are left alone: their answer is
    as often a country or a body as a person. `held`: each best unit's kinds of answer
    (answertype.unit_types, worked out once per index) and its text."""
    held = list(held)
    if f.measure:  # a share, a sum, a duration or an age: only a number of that kind answers
        return "" if any(gives_measure(text, f.measure) for _, text in held) else QUANTITY
    wanted = f.answer_type
    if wanted not in (QUANTITY, DATE) and not f.role:
        return ""
    for kinds, text in held:
        if wanted in kinds or wanted == QUANTITY and announces_list(text):
            return ""  # a list's lead-in answers "how many topics" with its items
    return wanted


def uncounted(f: QueryFeatures, texts: Iterable[str]) -> bool:
    """A "how many X" question whose best paragraphs give no number next to X: the
    quantities they hold count something else. In another language X cannot be
    compared, so any count will do, but a share, a year or an age is none."""
    texts = list(texts)
    if f.cross:
        return bool(texts) and f.count_other and not any(counts(t, []) for t in texts)
    counted = list(f.counted)
    return bool(counted and texts) and not any(counts(t, counted) for t in texts)


# A numbered meeting: "the XXII IACML", "la XXI CIMT", "a XX Conferência", "la XXe CIMT".
_MEETING_NUMBER = re.compile(r"\b((?=[XVI]{2})X{0,3}(?:IX|IV|V?I{0,3}))(?:e|ème|ª|º)?\s+(?=[A-Z])")
_NUMERALS = re.compile(r"\b[XVI]{2,}\b")


def asked_meetings(question: str) -> list[str]:
    """The numbers of the meetings a question asks about ("the XXII IACML" -> XXII)."""
    return sorted({m.group(1) for m in _MEETING_NUMBER.finditer(question)})


def other_meeting(asked_numbers: Iterable[str], text: str, meeting: str) -> list[str]:
    """The meeting numbers the question asks about, when the paragraph mentions none of
    them and its document's meeting is none of them: "Where will the XXII IACML be held?"
    answered from a paragraph on the XX IACML in Quito is about another meeting."""
    asked = set(asked_numbers)
    held = set(_NUMERALS.findall(f"{text} {meeting}"))
    return [] if asked & held else sorted(asked)


def about_other_meeting(asked: Iterable[str], unit: Unit, docs: dict[str, DocMeta],
                        own_text: bool = True) -> bool:
    """Is `unit` about another meeting than the numbered one the question asks about? Read
    from the unit's text and its document's meeting, or from the meeting only."""
    return bool(other_meeting(asked, unit.text if own_text else "", docs[unit.doc_id].meeting))


def names_all(text: str, named_words: frozenset[str]) -> bool:
    """Does the text itself use every word that named a document ("XX", "IACML")?"""
    return bool(named_words) and named_words <= set(words(text))


def named_elsewhere(f: QueryFeatures, hits: list[Hit]) -> bool:
    """A document named strongly is not where the best evidence is, and the best paragraph
    does not name it either (a paragraph of the plan that speaks of the Quito meeting)."""
    strong = f.strong_ids
    return bool(strong and hits and hits[0].unit.doc_id not in strong
                and not names_all(hits[0].unit.text, f.strong_words))


def prefer_meeting(asked: Sequence[str], hits: list[Hit], docs: dict[str, DocMeta],
                   depth: int = 5) -> list[Hit]:
    """A question about a numbered meeting ("the XXI IACML") whose best paragraph speaks
    of another: the best of the next few from that meeting's own document goes first.
    One that only mentions it does not ("before the XXII IACML" says not where it is)."""
    first = _first_searched(hits)
    if first is None or not about_other_meeting(asked, hits[first].unit, docs):
        return hits
    return _lift(hits, first, depth,
                 lambda h: not about_other_meeting(asked, h.unit, docs, own_text=False))


def prefer_named(hits: list[Hit], named: list[str], named_words: frozenset[str],
                 gap: float, depth: int = 5) -> list[Hit]:
    """A question naming a document strongly ("in the Buenos Aires plan") whose best
    paragraph comes from another one that does not name it either: a paragraph of the
    named document that nearly ties with it (within `gap` on the fused score) goes
    first. Farther behind, the question is refused instead (answer.decide)."""
    first = _first_searched(hits)
    if first is None or not named:
        return hits
    top = hits[first].unit
    if top.doc_id in named or names_all(top.text, named_words):
        return hits
    return _lift(hits, first, depth, lambda h: h.unit.doc_id in named, gap)


def _first_searched(hits: list[Hit]) -> int | None:
    """Where the searched hits start, after any the question referred to by number."""
    return next((i for i, h in enumerate(hits) if h.via != "ref"), None)


def _lift(hits: list[Hit], first: int, depth: int, fits: Callable[[Hit], bool],
          within: float = math.inf) -> list[Hit]:
    """The first of the `depth - 1` hits after `first` that fits (and scores within
    `within` of it) moved to `first`'s place; the hits unchanged when none does."""
    for i in range(first + 1, min(len(hits), first + depth)):
        if hits[first].score - hits[i].score > within:
            break
        if fits(hits[i]):
            return hits[:first] + [hits[i]] + hits[first:i] + hits[i + 1:]
    return hits


# A template's blanks: "Ministers of Labor of *** (Chair)", "[name]", "____".
_PLACEHOLDER = re.compile(r"\*{3,}|_{4,}|\[\s*(name|country|date|tbd|\.\.\.)?\s*\]|\bTBD\b", re.I)


def left_blank(text: str) -> bool:
    """Does this paragraph leave its answer blank? A draft's template line is where a
    question about its blank lands ("Which country chairs WG1?"), and it says nothing."""
    return bool(_PLACEHOLDER.search(text))
