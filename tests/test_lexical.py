import numpy as np

from assistant.search.lexical import CharGrams, Lexical, grams


def test_cognates_share_character_ngrams_across_languages():
    docs = ["Strengthening labor inspection and its training.",
            "Prevention and eradication of child labor.",
            "Migration and the protection of migrant workers."]
    cg = CharGrams(docs)
    assert int(np.argmax(cg.scores("inspección laboral"))) == 0
    assert int(np.argmax(cg.scores("migración de trabajadores migrantes"))) == 2
    assert not cg.scores("zzz qqq").any()
    assert " in" in grams("inspection") and not grams("of the")


def test_a_word_the_corpus_lacks_matches_the_longer_corpus_words_it_begins():
    docs = ["Moderator: Ana Blanco, Vice Chair of Working Group 2.",
            "Presentations by Roberto Cancel and Miryam Hazan on labor mobility.",
            "The financial situation of the network was reported."]
    lx = Lexical(docs)
    # "moderated" stems to "moderat", which only "moderator" begins
    assert lx.variants("moderat") == ["moderator"]
    assert int(np.argmax(lx.scores("Who moderated the panel?"))) == 0
    assert int(np.argmax(lx.scores("its finances"))) == 2
    # a corpus word is used as it is; no shorter forms, no numbers, no short stems
    assert lx.variants("financial") == ["financial"]
    assert lx.variants("moderators") == []
    assert lx.variants("pres") == [] and lx.variants("2019x") == []
    assert lx.known("moderated finances") == 1.0
    assert lx.known("budget finances") == 0.5
