from assistant.query.aliases import Aliases, mine

TEXT = [
    "WORKING GROUP 2 (WG2): INSTITUTIONAL STRENGTHENING OF MINISTRIES OF LABOR",
    "the Inter-American Network for Labor Administration (RIAL), established in 2005",
    "in consultation with the Trade Union Technical Advisory Council (COSATE), and",
    "the Chair Pro Tempore of the XX IACML (Argentina) and document (CIDI/doc.228/17)",
    "cooperation between the IACML and the Inter- American Committee on Education (CIE)",
]


def test_definitions_are_mined_with_matching_or_translated_acronyms():
    table = mine(TEXT)
    assert table["WG2"] == "Working Group 2"  # initials match, heading case tamed
    assert table["RIAL"] == "Inter-American Network for Labor Administration"
    assert table["COSATE"] == "Trade Union Technical Advisory Council"  # Spanish acronym
    # a line-wrap hyphen is healed and the leading acronym is not part of the name
    assert table["CIE"] == "Inter-American Committee on Education"
    assert "Argentina" not in table.values() and not any("/" in k for k in table)


def test_expansion_goes_both_ways_and_across_languages():
    a = Aliases(mine(TEXT))
    assert a.expand("What does WG2 follow up on?") == ["Working Group 2"]
    assert "RIAL" in a.expand("What will the Inter-American Network for Labor Administration do?")
    # the Spanish GT2 reaches the English WG2 and its long form
    assert a.expand("¿Qué temas sigue el GT2?") == ["WG2", "Working Group 2"]
    assert a.expanded("What about pensions?") == "What about pensions?"


def test_numbered_names_are_found_spelled_out_in_four_languages():
    a = Aliases({"WG1": "Working Group 1", "WG2": "Working Group 2"})
    for q in ["What does the second working group follow up on?", "the 2nd working group",
              "¿Qué temas sigue el segundo grupo de trabajo?", "o grupo de trabalho nº 2",
              "De quels thèmes le groupe de travail 2 assure-t-il le suivi ?",
              "le deuxième groupe de travail"]:
        assert a.expand(q)[:1] == ["WG2"], q
    assert a.expand("the first working group") == ["WG1", "Working Group 1"]
    # a count, a bigger number and a different head name nothing
    for q in ["the two working groups", "working group 12", "the second panel"]:
        assert a.expand(q) == [], q


def test_a_long_form_matches_whole_words_only():
    a = Aliases({"WG1": "Working Group 1"})
    assert a.expand("Working Group 1, please") == ["WG1"]
    assert a.expand("Working Group 12") == []


def test_spelled_out_names_get_their_acronym_for_word_matching():
    a = Aliases(mine(TEXT))
    assert a.with_acronyms("What does the second working group follow up on?") \
        == "what does the working group 2 wg2 follow up on?"
    assert a.with_acronyms("What will the Inter-American Network for Labor Administration do?") \
        == "what will the inter-american network for labor administration rial do?"
    assert a.with_acronyms("What about pensions?") == "what about pensions?"


def test_other_language_acronyms_take_their_english_form():
    a = Aliases({"WG2": "Working Group 2", "IACML": "Inter-American Conference of Ministers of Labor"})
    assert a.in_english_acronyms("¿Qué dijo la XX CIMT sobre el GT2 y la OIT?") \
        == "¿Qué dijo la XX IACML sobre el WG2 y la OIT?"  # OIT: ILO is not in this table
