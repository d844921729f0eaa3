from assistant.textnorm import clean, ends_sentence, for_match, join_lines, sentences


def test_join_lines_reflows_and_mends_hyphenated_words():
    assert join_lines(["the Inter-", "American  Committee ", " on Education"]) == \
        "the Inter-American Committee on Education"
    assert join_lines(["non-", "discrimination"]) == "non-discrimination"


def test_for_match_folds_quotes_dashes_accents_and_case():
    assert for_match("the IACML’s “work” – Inspección") == "the iacml's \"work\" - inspeccion"


def test_clean_removes_and_counts_invisible_characters():
    text, n = clean("la\u200bbor\u00ad in\x07spection\ufeff")
    assert text == "labor inspection" and n == 4


def test_sentences_keep_abbreviations_together():
    s = sentences("Mr. Bazán closed the meeting. The U.S. delegate agreed. Then it ended")
    assert s == ["Mr. Bazán closed the meeting.", "The U.S. delegate agreed.", "Then it ended"]


def test_ends_sentence():
    assert ends_sentence("the effects of the pandemic;") and not ends_sentence("A total")
