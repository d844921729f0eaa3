from assistant.aliases import Aliases
from assistant.support import evidence_words, missing_terms, specific_terms, unknown_numbers
from assistant.types import DocMeta, Unit


def _unit(text: str, ref: str = "¶3") -> Unit:
    return Unit(doc_id="d", ref=ref, text=text, order=0, group=ref,
                headings=("B. LABOR INSPECTION",))


DOCS = {"d": DocMeta(doc_id="d", title="Plan of Action", source="d.txt", place="Quito", year=2019)}
ALIASES = Aliases({"WG2": "Working Group 2"})


def test_specific_terms_are_names_acronyms_and_numbers():
    q = "How many labor inspectors does Colombia employ under WG2's plan in 2023?"
    names, numbers = specific_terms(q)
    assert names == ["Colombia", "WG2"] and numbers == ["2023"]
    assert specific_terms("What is the plan?") == ([], [])


def test_a_name_the_evidence_lacks_is_missing_only_if_the_corpus_uses_it():
    corpus = evidence_words([_unit("Inspectors need training."), _unit("Colombia attended.", "¶9")],
                            DOCS, ALIASES)
    evidence = evidence_words([_unit("Inspectors need training.")], DOCS, ALIASES)
    q = "How many labor inspectors does Colombia employ?"
    assert missing_terms(q, evidence, corpus, ALIASES) == ["Colombia"]
    # a name the corpus never uses is left to the `known` test
    assert missing_terms("How many inspectors does Peru employ?", evidence, corpus, ALIASES) == []
    # metadata counts as evidence: the place and year of the document
    assert missing_terms("What did Quito discuss on inspectors?", evidence, corpus, ALIASES) == []


def test_acronyms_match_their_long_form_and_numbers_the_whole_corpus():
    corpus = evidence_words([_unit("Working Group 2 will follow up on 11 topics.")], DOCS, ALIASES)
    assert missing_terms("What does WG2 follow?", corpus, corpus, ALIASES) == []
    assert unknown_numbers("What did ILO Convention 189 say in 2019?", corpus) == ["189"]


def test_how_many_needs_a_quantity_in_the_best_paragraph():
    from assistant.support import lacks_quantity

    assert lacks_quantity("How many inspectors does Colombia employ?", _unit("Inspectors need training."))
    assert not lacks_quantity("How many inspectors?", _unit("There are 1,200 inspectors."))
    assert not lacks_quantity("¿Cuántos países asistieron?", _unit("Twenty-five ministries attended."))
    assert not lacks_quantity("Who trains inspectors?", _unit("Inspectors need training."))
