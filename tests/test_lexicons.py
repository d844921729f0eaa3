"""Language knowledge as data: each question cue applies in its own language only."""

import pytest

from assistant import lexicons
from assistant.query.answertype import DATE, PERSON, QUANTITY, asks_count_other, question_type
from assistant.query.measure import AGE, MONEY, asked_measure


def test_every_language_has_the_same_cue_names_and_messages():
    en = lexicons.get("en")
    for code in lexicons.languages():
        lx = lexicons.get(code)
        assert set(lx.messages) == set(en.messages), code
        assert {"question.quantity", "question.date", "question.person"} <= set(lx.cues), code
        assert lx.detect_words and lx.document.get("months"), code


def test_a_cue_of_one_language_does_not_fire_in_another():
    # Spanish "nombre" is a name; French "nombre de" is a count
    q = "¿Cuál es el nombre de la persona que dirigió la sesión?"
    assert question_type(q, "es") != QUANTITY and not asks_count_other(q, "es")
    assert question_type("Quel est le nombre de pays présents ?", "fr") == QUANTITY
    assert asks_count_other("Quel est le nombre de pays présents ?", "fr")
    # the Portuguese "quando" is not read in an English question, nor "when" in Portuguese
    assert question_type("Quando foi criada a rede?", "pt") == DATE
    assert question_type("Quando foi criada a rede?", "en") == ""


def test_question_kinds_in_four_languages():
    assert question_type("Who chaired the second panel?", "en") == PERSON
    assert question_type("¿Quién presidió el segundo panel?", "es") == PERSON
    assert question_type("Combien de ministères étaient présents ?", "fr") == QUANTITY
    assert asked_measure("A partir de que idade um jovem pode trabalhar?", "pt") == AGE
    assert asked_measure("Quel est le montant versé au fonds ?", "fr") == MONEY
    assert asked_measure("Quel est le montant versé au fonds ?", "es") == ""


def test_document_words_join_every_language():
    labels = lexicons.document_words("labels").split("|")
    assert "paragraph" in labels and "grupo" in labels and "paragraphe" in labels
    assert lexicons.document_words("labels", ("en",)).split("|")[0] == "group"


def test_one_month_table_for_every_language():
    n = lexicons.month_numbers()
    assert n["january"] == n["enero"] == n["jan"] == 1 and n["setiembre"] == n["sept"] == 9
    assert n["février"] == n["fevrier"] == 2 and n["março"] == n["marco"] == 3
    words = lexicons.month_words().split("|")
    assert "décembre" in words and "dec" not in words  # abbreviations only when asked
    assert "dec" in lexicons.month_words(abbreviations=True).split("|")


def test_a_broken_lexicon_is_a_named_error(tmp_path, monkeypatch):
    (tmp_path / "en.toml").write_text('language = "en"\norder = 0\n[detect]\nwords = "a"\n'
                                      '[messages]\n[question]\nquantity = ["(unclosed"]\n',
                                      encoding="utf-8")
    monkeypatch.setattr(lexicons, "_DIR", tmp_path)
    lexicons.all_lexicons.cache_clear()
    try:
        with pytest.raises(lexicons.LexiconError, match="question.quantity"):
            lexicons.all_lexicons()
    finally:
        monkeypatch.undo()
        lexicons.all_lexicons.cache_clear()
    assert lexicons.languages() == ("en", "es", "pt", "fr")


def test_reference_words_and_ordinals_come_from_every_language():
    from assistant import lexicons

    ords = lexicons.ordinal_numbers()
    assert ords["third"] == ords["tercera"] == ords["terceiro"] == ords["troisieme"] == 3
    panel = lexicons.reference_words("panel").split("|")
    assert {"panel", "paneles", "painel", "panneau"} <= set(panel)
    assert len(panel[0]) >= len(panel[-1])  # longest first, so "paneles" wins over "panel"
