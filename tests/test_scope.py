from assistant.query.aliases import Aliases
from assistant.query.features import Reading, read
from assistant.query.scope import COMPARISON, FOLLOW_UP, PARTS, POINT, TOPIC, Spread, decide, split_parts
from assistant.settings import Retrieval

CTX = Reading({}, Aliases({}), frozenset({"en"}), Retrieval())


def _scope(q: str) -> str:
    return read(q, CTX).scope


def test_the_wording_gives_the_scope_in_each_language_by_its_own_cues():
    assert _scope("What does the charter say about youth employment?") == TOPIC
    assert _scope("¿Qué dicen los textos sobre el empleo juvenil?") == TOPIC
    assert _scope("O que dizem os textos sobre o emprego juvenil?") == TOPIC
    assert _scope("Que disent les textes sur l'emploi des jeunes ?") == TOPIC
    assert _scope("Compare the two charters on apprenticeships") == COMPARISON
    assert _scope("And what about the second committee?") == FOLLOW_UP
    assert _scope("Who chaired the committee?") == POINT
    # a cue applies only in its language: "parlez-moi de" is a French topic cue, not an English one
    assert _scope("Parlez-moi de l'emploi des jeunes") == TOPIC
    assert _scope("Where was the resume of the chair filed?") == POINT  # "resum" cues es/pt/fr only



def test_a_several_part_question_is_cut_before_each_joined_question_word():
    assert split_parts("What is the fund and how is it financed?", "en") == (
        "What is the fund", "and how is it financed?")
    assert split_parts("¿Qué es el fondo y cómo se financia?", "es") == (
        "¿Qué es el fondo", "y cómo se financia?")
    assert split_parts("What is salt and pepper?", "en") == ()
    assert read("What is the fund and how is it financed?", CTX).scope == PARTS


def test_retrieval_evidence_confirms_or_overrules_the_wording():
    topic = read("What does the charter say about youth employment?", CTX)
    assert decide(topic, Spread(6, 2, 3), 0) == TOPIC
    assert decide(topic, Spread(1, 1, 1), 0) == POINT  # one clear best unit answers it
    comparison = read("Compare the charters on apprenticeships", CTX)
    assert decide(comparison, Spread(4, 2, 2), 0) == COMPARISON
    assert decide(comparison, Spread(4, 1, 1), 0) == TOPIC  # nothing to set side by side
    assert decide(read("Who chaired the committee?", CTX), Spread(9, 3, 4), 0) == POINT


def test_broad_cues_of_laying_down_reach_across_a_few_words_in_each_language():
    assert _scope("Which measures on port safety does the charter set out?") == TOPIC
    assert _scope("What did the ministers commit to in the charter regarding ferries?") == TOPIC
    assert _scope("¿Qué hay en la carta sobre los puertos?") == TOPIC
    assert _scope("O que há na carta sobre os portos?") == TOPIC
    assert _scope("Qu'est-ce que la charte prévoit sur les ports ?") == TOPIC


def test_a_topic_cue_around_a_question_for_one_date_or_number_asks_for_that_one_thing():
    when = read("When did the charter commit to anything about ferries?", CTX)
    assert when.answer_type == "date"
    assert decide(when, Spread(6, 2, 3), 0) == POINT


def test_a_question_about_several_documents_at_once_is_answered_side_by_side():
    from dataclasses import replace

    from assistant.types import NamedDoc

    f = read("How do the charters deal with port fees?", CTX)
    both = replace(f, named=(NamedDoc("a", frozenset({"charters"}), False, True),
                             NamedDoc("b", frozenset({"charters"}), False, True)))
    assert decide(both, Spread(5, 2, 3), 2) == COMPARISON
    assert decide(both, Spread(5, 1, 1), 2) != COMPARISON  # one document found: nothing to set apart
    assert decide(replace(both, answer_type="date"), Spread(5, 2, 3), 2) == POINT
    # a comparison cue wins over a summary one: "resumen" is also the kind of a document
    assert read("¿En qué difieren el resumen y la carta sobre los puertos?", CTX).scope == COMPARISON
