"""The question, read once: one QueryFeatures record that search, evidence and answer use.

Everything the pipeline wants from a question's wording is worked out here, in one pass:
its language (detected once), the texts the lexical and dense searches see, the names,
numbers and references it makes, the documents it names and by which words, the kind of
answer it asks for, and the scope its wording gives (scope.py). The index contributes
only what names its documents (naming keys) and its acronyms (aliases).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.decide.support import asked_meetings, specific_terms
from assistant.query import guard, lang, scope
from assistant.query.aliases import Aliases
from assistant.query.answertype import (
    PERSON,
    asks_count_other,
    asks_who_holds_a_role,
    counted_words,
    question_type,
)
from assistant.query.countries import english_names, in_english
from assistant.query.measure import asked_measure
from assistant.query.naming import named_by
from assistant.query.refs import asks_for_title, find_refs
from assistant.search.analyze import terms
from assistant.settings import Retrieval
from assistant.textnorm import words
from assistant.types import NamedDoc, QueryFeatures

# A question worded as asking for a list ("list the ...", "what are the ...", "¿cuáles son ...?").
LISTING_Q = re.compile(
    r"^\W*(list|enumerate|name)\b|\blist (all|the|every)\b|"
    r"\b(enumerat|which (topics|actions|areas|issues|points|steps|measures|recommendations|"
    r"priorities|countries|themes)|what (topics|actions|areas|issues|points|steps|measures|"
    r"recommendations|priorities|themes)|what are (the|its|their)|what did .* discuss|follow(s|ed)? up"
    r"|main (ideas|points)|cu[aá]les son|qu[eé] temas|qu[eé] acciones|enumer|quais (s[aã]o|os|as)|"
    r"que temas|quels? (sont|th[eè]mes|sujets|actions)|quelles (sont|actions)|acompanha|sigue|suit)",
    re.I)


@dataclass(frozen=True)
class Reading:
    """What the index lends to reading a question: the words naming each document, its
    acronyms, and the languages its documents are in."""

    naming: dict[str, tuple[set[str], set[str]]]
    aliases: Aliases
    doc_languages: frozenset[str]
    config: Retrieval


def read(question: str, ctx: Reading, doc_ids: Sequence[str] | None = None) -> QueryFeatures:
    """The question's features; `doc_ids` limits the documents it can name."""
    language = lang.detect(question)
    cross = language not in ctx.doc_languages
    naming = tuple(NamedDoc(n.doc_id, n.words, n.strong, n.plural) for n in named_by(question, ctx.naming)
                   if not doc_ids or n.doc_id in doc_ids)
    spelled = ctx.aliases.expanded(question)
    lexical, dense = _search_texts(question, spelled, cross, naming, ctx)
    names, numbers = specific_terms(in_english(question) if cross else question)
    answer_type = question_type(question, language)
    cue = scope.from_wording(question, language)
    return QueryFeatures(
        text=question, language=language, scripts=frozenset(guard.letter_scripts(question)),
        cross=cross, spelled=spelled, lexical=lexical, dense=dense, terms=tuple(terms(question, language)),
        names=tuple(names), countries=tuple(english_names(question)) if cross else (),
        numbers=tuple(specific_terms(question)[1]), refs=tuple(find_refs(question)),
        asks_title=asks_for_title(question), named=naming, answer_type=answer_type,
        measure=asked_measure(question, language),
        role=answer_type == PERSON and asks_who_holds_a_role(question, language),
        counted=tuple(counted_words(question)), count_other=asks_count_other(question, language),
        meetings=tuple(asked_meetings(question)), listing=bool(LISTING_Q.search(question)),
        scope=cue.scope, parts=cue.parts, agreed=cue.agreed,
        doc_terms=tuple((lg, tuple(terms(question, language, lg))) for lg in sorted(ctx.doc_languages)))


def _search_texts(question: str, spelled: str, cross: bool, naming: tuple[NamedDoc, ...],
                  ctx: Reading) -> tuple[str, tuple[str, ...]]:
    """(what BM25 / n-grams see, what the embedder sees)."""
    c = ctx.config
    if c.expand_lexical:
        lexical = spelled
    elif c.lexical_acronyms:
        lexical = (ctx.aliases.in_english_acronyms(in_english(question)) if cross
                   else ctx.aliases.with_acronyms(question))
    else:
        lexical = question
    dense = [spelled if c.expand_dense else question]
    if naming and c.strip_naming:
        # The words that picked the document ("the Buenos Aires plan") say nothing about
        # which of its paragraphs answers; every unit of it would match them.
        named_words = naming[0].words
        lexical = " ".join(w for w in words(lexical) if w not in named_words)
        focus = " ".join(w for w in words(spelled) if w not in named_words)
        if c.focus_dense and focus:
            dense.append(focus)
    return lexical, tuple(dense)
