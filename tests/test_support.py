import pytest

from assistant.decide.support import (
    asked_meetings,
    evidence_words,
    missing_terms,
    other_meeting,
    specific_terms,
    uncounted,
    unknown_numbers,
)
from assistant.query.aliases import Aliases
from assistant.types import DocMeta, Unit
from tests.features_helper import qf


def _unit(text: str, ref: str = "¶3") -> Unit:
    return Unit(doc_id="d", ref=ref, text=text, order=0, group=ref,
                headings=("B. LABOR INSPECTION",))


DOCS = {"d": DocMeta(doc_id="d", title="Plan of Action", source="d.txt", place="Quito", year=2019)}
ALIASES = Aliases({"WG2": "Working Group 2"})


def test_specific_terms_are_names_acronyms_and_numbers():
    q = "How many labor inspectors are employed by Colombia under WG2's plan in 2023?"
    names, numbers = specific_terms(q)
    assert names == ["Colombia", "WG2"] and numbers == ["2023"]
    assert specific_terms("What is the plan?") == ([], [])


def test_a_name_the_evidence_lacks_is_missing_only_if_the_corpus_uses_it():
    corpus = evidence_words([_unit("Inspectors need training."), _unit("Colombia attended.", "¶9")],
                            DOCS, ALIASES)
    evidence = evidence_words([_unit("Inspectors need training.")], DOCS, ALIASES)
    q = "How many labor inspectors are employed by Colombia?"
    assert missing_terms(qf(q, 1), evidence, corpus, ALIASES) == ["Colombia"]
    # a name the corpus never uses is left to the `known` test
    assert missing_terms(qf("How many inspectors does Peru employ?", 1), evidence, corpus, ALIASES) == []
    # metadata counts as evidence: the place and year of the document
    assert missing_terms(qf("What did Quito discuss on inspectors?", 1), evidence, corpus, ALIASES) == []


def test_acronyms_match_their_long_form_and_numbers_the_whole_corpus():
    corpus = evidence_words([_unit("Working Group 2 will follow up on 11 topics.")], DOCS, ALIASES)
    assert missing_terms(qf("What does WG2 follow?", 1), corpus, corpus, ALIASES) == []
    assert unknown_numbers(qf("What did ILO Convention 189 say in 2019?", 1), corpus) == ["189"]


def test_how_many_and_when_need_that_kind_of_answer_in_the_best_paragraphs():
    from assistant.decide.support import lacks_answer_type
    from assistant.query.answertype import unit_types

    def held(text: str) -> list[tuple[frozenset[str], str]]:
        return [(unit_types(text), text)]

    assert lacks_answer_type(qf("How many inspectors does Colombia employ?", 1),
                             held("Inspectors need training.")) == "quantity"
    assert lacks_answer_type(qf("How many inspectors?", 1), held("There are 1,200 inspectors.")) == ""
    assert lacks_answer_type(qf("¿Cuántos países asistieron?", 1),
                             held("Twenty-five ministries attended.")) == ""
    assert lacks_answer_type(qf("How many groups?", 1), held("Working Group 2 will meet.")) == "quantity"
    assert lacks_answer_type(qf("When was it agreed?", 1), held("It was agreed by the ministers.")) == "date"
    assert lacks_answer_type(qf("When was it agreed?", 1), held("Agreed on July 30th, 2021.")) == ""
    assert lacks_answer_type(qf("Who trains inspectors?", 1), held("Inspectors need training.")) == ""
    # a list's lead-in answers a count with its items
    assert lacks_answer_type(qf("How many topics?", 1), held("WG2 will follow up on these topics:")) == ""


def test_names_the_corpus_never_uses_are_unknown_but_variants_are_not():
    from assistant.decide.support import unknown_names

    corpus = evidence_words([_unit("Latin America and the Inter-American COVID-19 response; Brazil; "
                                   "the XXII IACML.")], DOCS, ALIASES)
    assert unknown_names(qf("Will the XXIII conference meet in Brazil?", 1), corpus, ALIASES) == ["XXIII"]
    assert unknown_names(qf("How many Latin Americans work abroad?", 1), corpus, ALIASES) == []
    assert unknown_names(qf("Is COVID-related safety a topic?", 1), corpus, ALIASES) == []
    assert unknown_names(qf("Who led the Brazilian delegation?", 1), corpus, ALIASES) == []


def test_a_count_question_needs_a_number_of_what_it_counts():
    guatemala = "In Guatemala, the 22 Departments have Departmental Committees against Child Labor."
    assert uncounted(qf("How many children in Guatemala are in child labor?", 1), [guatemala])
    assert not uncounted(qf("How many departments does Guatemala have?", 1), [guatemala])
    assert not uncounted(qf("What does Guatemala do about child labor?", 1), [guatemala])


def test_a_share_a_sum_or_an_age_needs_a_number_of_that_kind_in_any_language():
    from assistant.decide.support import lacks_answer_type
    from assistant.query.answertype import unit_types

    shares = "Child labor fell by 17% between 2008 and 2016; 20 million people work abroad."
    held = [(unit_types(shares), shares)]
    # the paragraph holds quantities, but not the kind asked for
    assert lacks_answer_type(qf("Qual percentual de cobertura o plano fixa?", 1), held) == ""
    assert lacks_answer_type(qf("¿Cuál es el presupuesto aprobado para 2022?", 1), held) == "quantity"
    assert lacks_answer_type(qf("Quel âge minimum d'admission à l'emploi ?", 1), held) == "quantity"
    assert lacks_answer_type(qf("How many people work abroad?", 1), held) == ""


def test_a_count_asked_in_another_language_needs_a_count_in_the_best_paragraph():
    shares = "ILO estimates from 2017: 75% of child labor is hazardous, children from 14 to 17 years old."
    files = "26 files were prepared, one per province."
    q = "¿Cuántos niños y niñas trabajan en total?"
    assert uncounted(qf(q), [shares])  # a share, a year and an age count nothing
    assert not uncounted(qf(q), [files])
    assert not uncounted(qf("¿Qué dice el plan sobre el trabajo infantil?"), [shares])
    # in English the counted word is compared, as before
    assert not uncounted(qf("How many files were prepared?", 1), [files])


def test_a_name_spelt_a_letter_away_in_another_language_is_the_documents_name():
    from assistant.decide.support import cognate

    corpus = evidence_words([_unit("Argentina, Brazil and Belize shared practices."),
                             _unit("Colombia attended.", "¶9")], DOCS, ALIASES)
    evidence = evidence_words([_unit("Colombia attended.", "¶9")], DOCS, ALIASES)
    assert cognate("brasil", corpus) == "brazil" and cognate("belice", corpus) == "belize"
    assert cognate("bras", corpus) == "" and cognate("chile", corpus) == ""  # too short / none
    q = "Quanto o Brasil já contribuiu?"  # read as Brazil (countries.py)
    assert missing_terms(qf(q), evidence, corpus, ALIASES) == ["Brazil"]
    assert missing_terms(qf("¿Qué dijo Belice?"), evidence, corpus, ALIASES) == ["Belize"]
    assert missing_terms(qf(q), corpus, corpus, ALIASES) == []
    # an English question's "Brasil" is a name the corpus never uses: left to that check
    assert missing_terms(qf(q, 1), evidence, corpus, ALIASES) == []


def test_a_template_line_leaves_its_answer_blank():
    from assistant.decide.support import left_blank

    assert left_blank("Working Group 1: Ministers of Labor of *** (Chair), *** (Vice Chair).")
    assert left_blank("The meeting will be chaired by [name].")
    assert not left_blank("Ministers of Labor of Argentina (Chair), Canada (Vice-Chair).")


@pytest.mark.parametrize("question,asked", [
    ("In which city will the XXII IACML take place?", ["XXII"]),
    ("¿Cuándo se celebró la XXI CIMT?", []),  # the paragraph's document is the XXI's
    ("Dans quelle ville la XXe CIMT a-t-elle eu lieu ?", ["XX"]),
    ("What does Section II of the plan say?", []),  # a section, not a meeting
    ("What came of the V International Technical Meeting?", []),  # one letter: not read
    ("What did the XX IACML start that the XXI IACML continued?", []),  # one of two is enough
    ("What links the XXII IACML to the XXIII IACML?", ["XXII", "XXIII"]),
])
def test_a_paragraph_about_another_numbered_meeting_is_noticed(question, asked):
    text = "The meeting of Working Group 2 of the XIX IACML was held in Quito."
    assert other_meeting(asked_meetings(question), text, "XXI IACML, held virtually") == asked


def test_a_country_named_in_another_language_is_checked_by_its_english_name():
    from assistant.decide.support import unknown_names

    corpus = evidence_words([_unit("The United States Department of Labor worked with Ecuador."),
                             _unit("Colombia attended.", "¶9")], DOCS, ALIASES)
    evidence = evidence_words([_unit("Colombia attended.", "¶9")], DOCS, ALIASES)
    # the documents name both, the best paragraphs neither
    fr = qf("Qu'ont fait les États-Unis et l'Équateur ?")
    assert missing_terms(fr, evidence, corpus, ALIASES) == ["United", "States", "Ecuador"]
    assert missing_terms(qf("¿Qué hizo Colombia?"), evidence, corpus, ALIASES) == []
    # a member state the documents never name is unknown, in any language...
    assert unknown_names(qf("¿Qué dijo Bolivia?"), corpus, ALIASES) == ["Bolivia"]
    assert unknown_names(qf("Quanto a Nicarágua contribuiu?"), corpus, ALIASES) == ["Nicaragua"]
    assert unknown_names(qf("Qu'a dit la Bolivie ?"), corpus, ALIASES) == ["Bolivia"]
    # ...but other capitalised words of another language are not names to look up
    assert unknown_names(qf("¿Qué acordó el Grupo de Trabajo?"), corpus, ALIASES) == []
    assert unknown_names(qf("O que os Estados Unidos fizeram?"), corpus, ALIASES) == []


def test_a_strongly_named_document_elsewhere_than_the_best_unit_is_evidence_against():
    from assistant.decide.support import named_elsewhere
    from assistant.types import Hit, NamedDoc, QueryFeatures

    f = qf("What did the Lima meeting agree?", 1)
    lima = QueryFeatures(**{**f.__dict__, "named": (NamedDoc("lima", frozenset({"lima"}), True),)})
    other = Hit(Unit("plan", "¶1", "Inspectors need training.", 0), 2.0, "fused")
    naming = Hit(Unit("plan", "¶2", "As agreed in Lima, inspectors ...", 1), 2.0, "fused")
    own = Hit(Unit("lima", "¶1", "Inspectors need training.", 0), 2.0, "fused")
    assert named_elsewhere(lima, [other])
    assert not named_elsewhere(lima, [naming])  # the best unit itself names it
    assert not named_elsewhere(lima, [own]) and not named_elsewhere(f, [other])
