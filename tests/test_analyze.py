"""Each text is stopped and stemmed in its own language (search/analyze.py, lexicons' [lexical])."""

import numpy as np
import pytest

from assistant import lexicons
from assistant.search import analyze
from assistant.search.analyze import analyzer, forms, terms
from assistant.search.lexical import Lexical

# A small ministry bulletin in three languages, and one in English; the questions below ask
# with other inflections of the same words than the bulletin uses.
BULLETIN = [
    ("es", "El ministerio apoyará la contratación de guardaparques en las provincias del sur."),
    ("fr", "Les syndicats ont ouvert des négociations sur les horaires des boulangeries."),
    ("pt", "O sindicato pediu negociações salariais para os estivadores do porto."),
    ("en", "The harbour authority of Quito published its ferry timetable."),
]


def _index() -> Lexical:
    return Lexical([t for _, t in BULLETIN], [lg for lg, _ in BULLETIN])


@pytest.mark.parametrize("lang, question, row", [
    ("es", "¿Quién va a contratar guardaparques?", 0),
    ("fr", "Qui va négocier les horaires ?", 1),
    ("pt", "Quem quer negociar os salários?", 2),
])
def test_an_inflected_form_matches_only_with_its_languages_stemmer(lang, question, row):
    lx = _index()
    scores = lx.scores(question, lang)
    assert int(np.argmax(scores)) == row and scores[row] > 0
    # the verb and the noun share a stem in their language only ("contrat" for both
    # "contratar" and "contratación"); in English stems they stay apart
    verb = {"es": "contratar", "fr": "négocier", "pt": "negociar"}[lang]
    noun = {"es": "contratación", "fr": "négociations", "pt": "negociações"}[lang]
    assert terms(verb, lang) == terms(noun, lang)
    assert terms(verb, "en") != terms(noun, "en")
    english = Lexical([BULLETIN[row][1]])  # the same text read as if it were English
    assert english.scores(verb, "en")[0] == 0


def test_a_question_is_stemmed_as_the_document_it_is_compared_with():
    # Spanish would cut "Quito" to "quit"; the English document keeps "quito"
    assert terms("Quito", "es") == ["quit"] and terms("Quito", "en") == ["quito"]
    assert terms("¿Qué horario publicó Quito?", "es", "en")[-1] == "quito"
    lx = _index()
    assert int(np.argmax(lx.scores("¿Qué horario publicó Quito?", "es"))) == 3
    # one set of forms per word, as each corpus language stems it
    assert forms("contrataciones Quito", "es", ("en", "es")) == (
        frozenset({"contratacion", "contrat"}), frozenset({"quito", "quit"}))
    # no document in the question's language: only the documents' stems
    assert forms("Quito", "es", ("en",)) == (frozenset({"quito"}),)
    # against a document in another language the question is read as that language
    # reads it: its stopwords too (Spanish "son" is kept, English "the" dropped)
    assert terms("son the Quito", "es", "en") == ["son", "quito"]
    assert forms("son the", "es", ("en", "es")) == (frozenset({"son"}), frozenset({"the"}))


def test_a_stopword_of_one_language_is_not_dropped_in_another():
    # "son" is a function word in Spanish and French ("they are", "his"), a noun in English
    assert "son" in analyzer("es").stop and "son" in analyzer("fr").stop
    assert "son" not in analyzer("en").stop
    assert terms("The son of the delegate", "en") == ["son", "delegate"]
    assert terms("Son delegados", "es") == ["deleg"]
    # and the other way: English "will" is dropped in English only
    assert "will" not in terms("The will of the delegate", "en")
    assert terms("will", "fr") == ["will"]
    # an English and a Spanish paragraph: "son" counts in the English one only
    lx = Lexical(["The son of the delegate spoke.", "Son delegados del sindicato."], ["en", "es"])
    scores = lx.scores("son", "en")
    assert scores[0] > 0 and scores[1] == 0
    assert lx.known("son", "en") == 1.0


def test_every_shipped_language_names_a_stemmer_and_stopword_list_that_exist():
    for lang in lexicons.languages():
        a = analyzer(lang)
        assert a.stop and a.stem("delegates") and lexicons.get(lang).stemmer
    # the domain words each lexicon adds are stopwords of that language only
    assert "plan" in analyzer("en").stop and "plano" in analyzer("pt").stop
    assert "plano" not in analyzer("en").stop


def test_a_lexicon_naming_a_missing_stemmer_or_list_is_an_error():
    with pytest.raises(analyze.AnalyzerError):
        analyze._stemmer("klingon")
    with pytest.raises(analyze.AnalyzerError):
        analyze._stopwords("klingon")
    assert analyze._stemmer("")("Delegates") == "Delegates"
    assert analyze._stemmer("light")("delegates") == "delegat"


def test_hyphens_and_accents():
    # a hyphenated word without digits is two words, with digits one; accents are
    # dropped after stemming, so an accented and a plain spelling of a stem agree
    assert terms("decent-work covid-19", "en") == ["decent", "work", "covid-19"]
    assert terms("sécurité", "fr") == terms("sécurités", "fr") == ["secur"]


def test_the_overlap_of_a_question_and_a_paragraph_is_read_in_the_paragraphs_language():
    from assistant.decide.relevance import _overlap
    from tests.features_helper import qf

    f = qf("¿Quién va a contratar guardaparques en Quito?", same=True)
    assert f.language == "es" and f.terms == tuple(terms(f.text, "es"))
    spanish = "Se aprobó la contratación de guardaparques."
    # in Spanish stems "contratar" is "contratación"; in English ones it is not
    assert _overlap(f, spanish, "es") > _overlap(f, spanish, "en")
    assert f.terms_for("en")[-1] == "quito" and f.terms_for("es")[-1] == "quit"
