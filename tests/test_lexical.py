import numpy as np

from assistant.lexical import CharGrams, grams


def test_cognates_share_character_ngrams_across_languages():
    docs = ["Strengthening labor inspection and its training.",
            "Prevention and eradication of child labor.",
            "Migration and the protection of migrant workers."]
    cg = CharGrams(docs)
    assert int(np.argmax(cg.scores("inspección laboral"))) == 0
    assert int(np.argmax(cg.scores("migración de trabajadores migrantes"))) == 2
    assert not cg.scores("zzz qqq").any()
    assert " in" in grams("inspection") and not grams("of the")
